"""One output path for every command: rows as a table, JSON, CSV or NDJSON.

JSON, NDJSON and CSV always carry every value whole. A table fits a width (the
terminal's, see :func:`terminal_width`): when the natural table is wider, long
text columns (quotes, explanations) are shortened to one line each, ids, names
and other short columns stay whole, and a last line says so; ``full=True`` wraps
those cells onto several lines instead, so nothing is lost. When even that
cannot fit (many short columns in a narrow terminal), each row is shown as a
record of ``column: value`` lines.

>>> print(render([{"name": "IBM", "camp": "open"}], ["name", "camp"], "table"))
name  camp
----  ----
IBM   open
>>> print(render([{"name": "IBM", "camp": "open"}], ["name", "camp"], "csv"), end="")
name,camp
IBM,open
>>> rows = [{"id": "ibm", "evidence": "IBM says open innovation is crucial for researchers"}]
>>> print(render(rows, ["id", "evidence"], width=30, layout="columns"))
id   evidence
---  -------------------------
ibm  IBM says open innovation…
(long cells shortened to fit
30 columns; --full for
everything, --format json for
every field)
>>> print(render(rows, ["id", "evidence"], width=30, full=True, layout="columns"))
id   evidence
---  -------------------------
ibm  IBM says open innovation
     is crucial for
     researchers
>>> print(render(rows, ["id", "evidence"], width=30, full=True))  # one long answer: a record
id:       ibm
evidence: IBM says open
          innovation is
          crucial for
          researchers
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import unicodedata

from .profile import phase
from .text import neutralise

FORMATS = ("table", "json", "csv", "ndjson")
LAYOUTS = ("auto", "columns", "record")
DEFAULT_WIDTH = 100  # when COLUMNS is not set and neither stdout nor stderr is a terminal
MIN_WIDTH = 20  # narrower widths are treated as this
MIN_CELL = 20  # a shortened column keeps at least this many columns, else each row becomes a record
SHORT = 16  # columns at most this wide are never shortened
GAP = 2  # spaces between columns


def terminal_width() -> int:
    """The width tables fit: ``COLUMNS`` if set, else the terminal's, else :data:`DEFAULT_WIDTH`.

    The terminal is standard output's or, when that is piped (``| less``, ``| head``),
    standard error's. When neither is a terminal (a file, a script, a test runner) and
    ``COLUMNS`` is not set, tables are fitted to :data:`DEFAULT_WIDTH` columns.

    >>> import os; os.environ["COLUMNS"] = "72"; terminal_width()
    72
    >>> del os.environ["COLUMNS"]
    """
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.isatty():
                return max(os.get_terminal_size(stream.fileno()).columns, MIN_WIDTH)
        except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
            continue
    return DEFAULT_WIDTH


def cell(value, summary: bool = False) -> str:
    """One value as one line of table text, whole: evidence as quotes with their source
    (tables fit their width themselves; see :func:`render`), a map as ``key: value`` pairs
    (never JSON). ``summary``: the bases of a camp in a few words each (a one-row-per-answer table).

    >>> cell([{"quote": "open source", "source": "article", "via": "wsj"}])
    '“open source” [article, via wsj]'
    >>> cell([{"camp": "open", "kind": "inferred", "strength": "weak", "explanation": "member of X"}])
    'open (inferred, weak): member of X'
    >>> cell([{"camp": "open", "kind": "inferred", "strength": "weak", "explanation": "member of X"}], summary=True)
    'open (inferred, weak)'
    >>> cell([{"source": "wsj", "published": "2023-12", "publisher": None, "says": ["role=founder"]}])
    'source: wsj; published: 2023-12; says: role=founder'
    >>> cell(True), cell(False)
    ('yes', 'no')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "quote" in v for v in value):
            text = " | ".join(_evidence_text(v) for v in value)
        elif value and all(isinstance(v, dict) and "strength" in v and "explanation" in v for v in value):
            if summary:  # the bases of a camp, each in a few words: "closed (inferred, moderate)"
                text = "; ".join(f"{v.get('camp')} ({v.get('kind')}, {v.get('strength')})" for v in value)
            else:
                text = " | ".join(f"{v.get('camp')} ({v.get('kind')}, {v.get('strength')}): {v.get('explanation')}"
                                  for v in value)  # the bases of a camp
        elif value and all(isinstance(v, dict) for v in value):
            text = " | ".join(cell(v) for v in value)
        else:
            text = ", ".join(cell(v) for v in value)
    elif isinstance(value, dict):  # "key: value; ...", empty values left out: never JSON in a table
        text = "; ".join(f"{k}: {cell(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return neutralise(" ".join(text.split()))


# A text cell a spreadsheet would take for a formula: it starts with = + - @, a tab or a carriage
# return (OWASP's "CSV injection" list), and is not a plain number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value):
    """A value for a CSV cell that no spreadsheet runs as a formula: text starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (as OWASP advises), so
    the spreadsheet shows it as text. Numbers stay numbers: a Python int or float is written as
    it is, and so is text that is a plain number (``-3``, ``+1.5e3``), which a spreadsheet reads
    as that number and never as a formula. None is the empty cell.

    >>> [csv_cell(v) for v in ("=HYPERLINK(1)", "+cmd", "@SUM(A1)", "-3", -3, "IBM", None)]
    ["'=HYPERLINK(1)", "'+cmd", "'@SUM(A1)", '-3', -3, 'IBM', '']
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _evidence_text(ev: dict) -> str:
    via = f", via {ev['via']}" if ev.get("via") else ""
    return f"“{ev['quote']}” [{ev['source']}{via}]"


# --------------------------------------------------------------------------- text measured in columns


def text_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters count 2, combining marks 0.

    >>> text_width("IBM"), text_width("東京"), text_width("e\\u0301")
    (3, 4, 1)
    """
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending with ``…`` when cut.

    >>> shorten("open innovation", 8)
    'open in…'
    """
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces (inside words only when a word is longer).

    >>> wrap("the AI Alliance promotes open source", 12)
    ['the AI', 'Alliance', 'promotes', 'open source']
    >>> wrap("rule investment-partner-of-closed", 16)
    ['rule', 'investment-', 'partner-of-', 'closed']
    """
    width = max(width, 1)
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        w = text_width(word)
        if line and used + 1 + w <= width:
            line, used = f"{line} {word}", used + 1 + w
            continue
        if line:
            lines.append(line)
        line, used = "", 0
        while w > width:  # a word longer than the line: break it
            piece, pw = "", 0
            for ch in word:
                cw = _char_width(ch)
                if pw + cw > width:
                    break
                piece, pw = piece + ch, pw + cw
            if "-" in piece[1:-1]:  # break after a hyphen rather than inside a word part
                piece = piece[: piece.rindex("-", 1, len(piece) - 1) + 1]
            lines.append(piece)
            word = word[len(piece):]
            w = text_width(word)
        line, used = word, w
    if line or not lines:
        lines.append(line)
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


# --------------------------------------------------------------------------- rendering


@phase("render")
def render(rows: list[dict], columns: list[str] | tuple[str, ...], fmt: str = "table", full: bool = False,
           width: int | None = None, layout: str = "auto", brief: list[str] | tuple[str, ...] | None = None) -> str:
    """Render rows in one of :data:`FORMATS`.

    Parameters
    ----------
    rows, columns : the rows (dicts) and the columns to show, in order.
    fmt : ``table``, ``json``, ``csv`` or ``ndjson``. Only the table is fitted to a width;
        the other formats carry every value whole.
    full : in a table, wrap long cells onto several lines instead of shortening them.
    width : the table's width; default :func:`terminal_width`.
    layout : ``auto`` (columns when they fit, else one record per row), ``columns`` or ``record``.
    brief : the columns of the answer's one-row-per-answer table (the others, such as evidence grouped
        by source, only with ``full`` and in the other formats). Without ``full`` a table of such an
        answer is one row per answer, even a single answer, its long cells shortened and the bases
        of a camp summarised; with ``full`` it shows every column, as a card per answer when the
        columns do not fit.

    In a table without ``full``, when the columns do not fit even shortened, the columns empty in
    every row are left out first; only when that is not enough is each row shown as a record.
    """
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
    if fmt == "ndjson":
        return "".join(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        # (with "\n" as line end the csv module leaves a carriage return unquoted: such a row is quoted whole)
        quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for row in ([csv_cell(c) for c in columns],
                    *([csv_cell(json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                       for v in (r.get(c) for c in columns)] for r in rows)):
            (quoted if any(isinstance(v, str) and "\r" in v for v in row) else writer).writerow(row)
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    width = max(width or terminal_width(), MIN_WIDTH)
    one_row = brief is not None and not full  # one row per answer, long values summarised
    hidden: list[str] = []  # columns with values that the one-row table leaves to --full
    if brief is not None and not full:
        hidden = [c for c in columns if c not in brief and any(r.get(c) not in (None, "", [], {}) for r in rows)]
        columns = [c for c in brief if c in columns]
    header = [cell(c) for c in columns]  # (raw Cypher names its columns as it likes)
    cells = [[cell(r.get(c), summary=one_row) for c in columns] for r in rows]
    if layout == "auto" and not one_row and len(cells) == 1 and any(text_width(c) > 40 for c in cells[0]):
        layout = "record"  # one answer with long values (a profile, a camp and its bases) reads best as a record
    widths = _fit(header, cells, width) if layout != "record" else None
    if widths is None and layout == "auto" and not full and cells:
        filled = [i for i in range(len(header)) if any(row[i] for row in cells)]  # empty columns left out
        if len(filled) < len(header):
            narrower = _fit([header[i] for i in filled], [[row[i] for i in filled] for row in cells], width)
            if narrower is not None:
                header, cells, widths = [header[i] for i in filled], [[row[i] for i in filled] for row in cells], narrower
    if widths is None and layout == "columns":
        widths = [max([text_width(c)] + [text_width(row[i]) for row in cells]) for i, c in enumerate(header)]
    if widths is None:
        lines, shortened = _records(header, cells, width, full)
    else:
        lines, shortened = _columns(header, cells, widths, full)
    if shortened or hidden:
        said = [f"long cells shortened to fit {width} columns"] if shortened else []
        said += [f"not shown: {', '.join(hidden)}"] if hidden else []
        lines += wrap(f"({'; '.join(said)}; --full for everything, --format json for every field)", width)
    return "\n".join(lines)


def _keep_whole(column: str, values: list[str]) -> bool:
    """Ids, names, identifier-like values (no spaces: slugs, rule names, types) and short columns stay whole."""
    return (column in ("id", "name") or column.endswith(("_id", "_name"))
            or all(text_width(v) <= SHORT or " " not in v for v in values))


def _fit(columns: list[str], cells: list[list[str]], width: int) -> list[int] | None:
    """Column widths that fit ``width``, shortening only long text columns; None if impossible."""
    natural = [max([text_width(c)] + [text_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    gaps = GAP * (len(columns) - 1)
    if sum(natural) + gaps <= width:
        return natural
    shrink = [i for i, c in enumerate(columns) if not _keep_whole(c, [row[i] for row in cells])]
    budget = width - gaps - sum(w for i, w in enumerate(natural) if i not in shrink)
    if not shrink or budget < sum(max(min(natural[i], MIN_CELL), text_width(columns[i])) for i in shrink):
        return None
    widths = list(natural)
    left = len(shrink)
    for i in sorted(shrink, key=lambda i: natural[i]):  # narrow columns first, the rest share what is left
        widths[i] = min(natural[i], budget // left)
        budget -= widths[i]
        left -= 1
    return widths


def _columns(columns, cells, widths, full) -> tuple[list[str], bool]:
    lines = ["  ".join(_pad(shorten(c, w), w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    shortened = False
    wrapped = full and any(text_width(v) > w for row in cells for v, w in zip(row, widths, strict=True))
    for n, row in enumerate(cells):
        if wrapped and n:
            lines.append("")  # rows of several lines are told apart by a blank line
        if full:
            parts = [wrap(v, w) if text_width(v) > w else [v] for v, w in zip(row, widths, strict=True)]
            for k in range(max(len(p) for p in parts)):
                lines.append("  ".join(_pad(p[k] if k < len(p) else "", w) for p, w in zip(parts, widths, strict=True)).rstrip())
        else:
            short = [shorten(v, w) for v, w in zip(row, widths, strict=True)]
            shortened = shortened or short != row
            lines.append("  ".join(_pad(v, w) for v, w in zip(short, widths, strict=True)).rstrip())
    return lines, shortened


def _records(columns, cells, width, full) -> tuple[list[str], bool]:
    """One block of ``column: value`` lines per row (empty values left out), blocks separated by a blank line."""
    key_width = max(text_width(c) for c in columns) + 2
    if width - key_width < MIN_CELL // 2:  # too narrow for keys and values side by side: values go below
        key_width = 2
    value_width = width - key_width
    lines: list[str] = []
    shortened = False
    for n, row in enumerate(cells):
        if n:
            lines.append("")
        for column, value in zip(columns, row, strict=True):
            if value == "":
                continue
            if full or _keep_whole(column, [value]):
                parts = wrap(value, value_width)
            else:
                parts = [shorten(value, value_width)]
                shortened = shortened or parts[0] != value
            if key_width == 2:
                lines.append(column + ":")
                lines += ["  " + p for p in parts]
            else:
                lines.append(_pad(column + ":", key_width) + parts[0])
                lines += [" " * key_width + p for p in parts[1:]]
    return lines, shortened
