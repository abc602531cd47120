"""What the API returns, for analysis code and notebooks: rows that turn into DataFrames and
show themselves as HTML tables, single answers shown as cards, and pictures shown inline.

:class:`Rows` is a ``list`` (of the query's named tuples, or of dicts for :meth:`AllianceGraph.rows
<alliance_graph.api.AllianceGraph.rows>` and ``diff``): code that uses results as lists keeps
working. It adds :meth:`Rows.to_df` and ``_repr_html_`` (Jupyter shows it as a table, each
evidence quote with its source). A single answer (``profile``, ``camp_of``) is the query's named
tuple with the same fields, shown as a card. :class:`Picture` is what ``AllianceGraph.draw``
returns: Jupyter shows the SVG (or the interactive page) inline.

>>> from alliance_graph import AllianceGraph
>>> g = AllianceGraph.embedded(datasets=["ai-alliance-article"])
>>> members = g.members("AI Alliance")
>>> isinstance(members, list), members.columns[:4], members[0].name
(True, ('id', 'name', 'kind', 'role'), 'IBM')
>>> "<table" in members._repr_html_() and "&lt;" not in members._repr_html_()
True

DataFrames need pandas, from the ``analysis`` extra (from a clone: ``pip install '.[analysis]'``).
Column types in :meth:`Rows.to_df`:

* dates (:data:`DATE_COLUMNS`) are pandas datetimes. A partial date (``2023``, ``2023-12``) is
  read by the project's date rule (:mod:`alliance_graph.dates`): a start (``since``, ``published``,
  ...) at the first day of its period, an end (``until``, ``valid_to``) at the last day, so that
  ``since <= day <= until`` in pandas says what ``as_of=day`` says. The text as the sources wrote
  it stays next to it in ``<column>_text`` (the precision, and ``until: unknown``, which is a
  missing date ``NaT`` in the datetime column);
* counts (:data:`COUNT_COLUMNS`, and any column of whole numbers) are integers (``Int64``, which
  allows a missing value); yes/no columns are ``boolean``;
* ``evidence`` is a list column of ``{source, quote, via}`` dicts; with ``explode_evidence=True``
  there is one row per evidence item, in columns ``evidence_source``, ``evidence_quote`` and
  ``evidence_via`` (a row without evidence stays, with missing values), and the index repeats
  the position of the answer's row, as :meth:`pandas.DataFrame.explode` does.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import _DATE, period_end, period_start
from .errors import MissingExtraError, QueryError
from .model import RECORDS, REL_TYPES
from .record_fields import specs
from .rows import EVIDENCE_FIELDS

if TYPE_CHECKING:  # pandas is optional (the `analysis` extra)
    import pandas as pd

__all__ = ["COUNT_COLUMNS", "DATE_COLUMNS", "END_DATE_COLUMNS", "MAX_HTML_ROWS", "Picture", "Rows",
           "record", "require_pandas"]

#: Columns holding dates (``YYYY[-MM[-DD]]`` text in the rows), datetimes in a DataFrame: the dates
#: relationships and sources declare (model.py), a relationship's validity, an event's date.
DATE_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys([
    *(p.name for t in REL_TYPES.values() for p in t.props if p.is_date),
    *(s.prop or n for n, s in specs(RECORDS["sources"]) if s.kind == "date"), "valid_from", "valid_to", "date"]))
#: Date columns that end a period: a partial date there means the last day of its period.
END_DATE_COLUMNS = ("until", "valid_to")
#: Columns holding counts, integers in a DataFrame even when there are no rows (a column of whole
#: numbers is integers whatever its name).
COUNT_COLUMNS = ("sources", "facts", "only", "count", "step", "members")
_NOT_COUNTS = {"conflicts": ("sources",)}  # there: the list of the sources saying a value
#: Rows shown in a notebook table; :meth:`Rows.to_df` has them all.
MAX_HTML_ROWS = 100
#: Evidence items shown open in a notebook cell; the rest fold under "more".
SHOWN_EVIDENCE = 3

_EVIDENCE_KEYS = tuple(key for key, _ in EVIDENCE_FIELDS)  # source, quote, via
_CELL = "text-align:left;vertical-align:top"


def require_pandas():
    """The pandas module, or a :class:`~alliance_graph.errors.MissingExtraError` naming the extra."""
    try:
        import pandas
    except ImportError:
        raise MissingExtraError("pandas", "analysis", "DataFrames") from None
    return pandas


# --------------------------------------------------------------------------- rows


class Rows(list):
    """The rows of one answer: a ``list`` (of named tuples, or of dicts), with :meth:`to_df`
    and an HTML table for notebooks.

    ``columns``: the answer's columns, in order; ``query``: the registry query's name (or
    ``"diff"``); ``next_cursor``: for one page of a paged query, the cursor of the next page
    (pass it as ``after=``), None when no rows follow (see :mod:`alliance_graph.paging`);
    ``truncated``: for raw Cypher read with ``max_rows``, True when more rows followed and were
    not read. Slicing or adding gives a plain list.
    """

    def __init__(self, rows: Iterable = (), columns: Sequence[str] = (), query: str | None = None,
                 next_cursor: str | None = None, truncated: bool = False):
        super().__init__(rows)
        self.columns = tuple(columns)
        self.query = query
        self.next_cursor = next_cursor
        self.truncated = truncated

    def records(self) -> list[dict]:
        """Every row as a dict of :attr:`columns`."""
        return [_as_dict(row, self.columns) for row in self]

    def to_df(self, explode_evidence: bool = False) -> pd.DataFrame:
        """The rows as a pandas DataFrame with typed columns (see :mod:`alliance_graph.results`).

        Raises
        ------
        MissingExtraError
            pandas is not installed (the ``analysis`` extra; the message says how to install it).
        QueryError
            ``explode_evidence`` for an answer without an ``evidence`` column.
        """
        return to_frame(self.records(), self.columns, explode_evidence=explode_evidence, query=self.query)

    def _repr_html_(self) -> str:
        return html_table(self.records(), self.columns, self.query)


def _as_dict(row, columns: Sequence[str]) -> dict:
    if isinstance(row, dict):
        return {c: row.get(c) for c in columns}
    if hasattr(row, "_asdict"):
        return dict(row._asdict())
    return dict(zip(columns, row, strict=True))


def to_frame(records: list[dict], columns: Sequence[str], *, explode_evidence: bool = False,
             query: str | None = None) -> pd.DataFrame:
    """A DataFrame of ``records`` (dicts) with ``columns``, typed as the module docstring says."""
    pd = require_pandas()
    columns = list(columns)
    index = list(range(len(records)))
    if explode_evidence:
        if "evidence" not in columns:
            raise QueryError(f"{'the answer of ' + repr(query) if query else 'this answer'} has no evidence column "
                             f"to explode; its columns: {', '.join(columns)}")
        at = columns.index("evidence")
        new = [f"evidence_{key}" for key in _EVIDENCE_KEYS]
        columns[at:at + 1] = new
        exploded, index = [], []
        for i, rec in enumerate(records):
            items = rec.get("evidence") or [{}]
            for item in items:
                row = {k: v for k, v in rec.items() if k != "evidence"}
                row.update({f"evidence_{key}": item.get(key) for key in _EVIDENCE_KEYS})
                exploded.append(row)
                index.append(i)
        records = exploded
    data: dict[str, Any] = {}
    for name in columns:
        values = [rec.get(name) for rec in records]
        if name in DATE_COLUMNS and all(v is None or isinstance(v, str) for v in values):
            data[name] = pd.Series(pd.to_datetime([_day(v, name in END_DATE_COLUMNS) for v in values],
                                                  format="%Y-%m-%d"), dtype="datetime64[ns]")
            data[f"{name}_text"] = pd.Series(values, dtype=object)
        else:
            data[name] = _series(pd, name in COUNT_COLUMNS and name not in _NOT_COUNTS.get(query or "", ()), values)
    frame = pd.DataFrame(data) if data else pd.DataFrame(index=range(len(records)))
    frame.index = pd.Index(index, dtype="int64")
    return frame


def _day(value: str | None, end: bool) -> str | None:
    """A date text as a full ``YYYY-MM-DD`` by the date rule, or None (missing, ``unknown``, not a date)."""
    if not value or not _DATE.match(value):
        return None
    import datetime

    day = period_end(value) if end else period_start(value)
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return None
    return day


def _series(pd, count: bool, values: list):
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    if (present or count) and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="Int64")
    if any(isinstance(v, (list, dict, tuple)) for v in present) or not present:
        return pd.Series(values, dtype=object)
    return pd.Series(values)


# --------------------------------------------------------------------------- single answers


_RECORD_TYPES: dict[type, type] = {}


def record(row, query: str | None = None):
    """``row`` (a query's named tuple) as an instance of a subclass that Jupyter shows as a
    card; fields, equality, ``repr`` and ``_asdict`` stay those of the named tuple."""
    base = type(row)
    cls = _RECORD_TYPES.get(base)
    if cls is None:
        cls = type(base.__name__, (base,), {
            "__slots__": (),
            "__module__": base.__module__,
            "__doc__": f"One answer of the {query or 'registry'} query, shown as a card in Jupyter.",
            "_repr_html_": lambda self: html_card(self._asdict()),
            "to_df": lambda self, explode_evidence=False: to_frame([self._asdict()], self._fields,
                                                                  explode_evidence=explode_evidence, query=query),
        })
        _RECORD_TYPES[base] = cls
    return cls(*row)


# --------------------------------------------------------------------------- HTML


def _esc(value) -> str:
    return html.escape(str(value), quote=True)


def _evidence_html(item: dict) -> str:
    source = _esc(item.get("source") or "")
    via = f", via {_esc(item['via'])}" if item.get("via") else ""
    return (f'<div style="margin:0 0 .3em 0">“{_esc(item.get("quote") or "")}” '
            f'<span style="color:#52606d;font-size:.9em">— {source}{via}</span></div>')


def cell_html(value) -> str:
    """One value as escaped HTML: evidence as quotes with their source (after the first
    :data:`SHOWN_EVIDENCE`, folded), other lists comma-separated, missing values empty."""
    from .output import cell

    if isinstance(value, list) and value and all(isinstance(v, dict) and "quote" in v for v in value):
        shown = "".join(_evidence_html(v) for v in value[:SHOWN_EVIDENCE])
        rest = value[SHOWN_EVIDENCE:]
        if rest:
            shown += (f"<details><summary>{len(rest)} more</summary>"
                      + "".join(_evidence_html(v) for v in rest) + "</details>")
        return shown
    return _esc(cell(value))


def html_table(records: list[dict], columns: Sequence[str], query: str | None = None) -> str:
    """The rows as an escaped HTML table (the first :data:`MAX_HTML_ROWS`), with a caption."""
    n = len(records)
    what = f"{_esc(query)}: " if query else ""
    caption = f"{what}{n} row{'s' if n != 1 else ''}"
    if n > MAX_HTML_ROWS:
        caption += f" (the first {MAX_HTML_ROWS} shown; .to_df() has them all)"
    head = "".join(f'<th style="{_CELL}">{_esc(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{cell_html(rec.get(c))}</td>' for c in columns) + "</tr>"
                   for rec in records[:MAX_HTML_ROWS])
    return (f'<table class="alliance-graph-rows"><caption style="text-align:left">{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def html_card(fields: dict) -> str:
    """One answer as an escaped HTML card: its name as the heading, label, kind, id and camp
    under it, then every other field that has a value."""
    from .draw.style import CAMP_FILL

    title = fields.get("name") or fields.get("id") or ""
    under = [str(fields[k]) for k in ("label", "kind") if fields.get(k)]
    if fields.get("id"):
        under.append(f"id {fields['id']}")
    camp = fields.get("camp")
    badge = ""
    if camp:
        colour = CAMP_FILL.get(camp, CAMP_FILL["none"])
        badge = (f' <span style="background:{colour};color:#fff;border-radius:.8em;padding:0 .6em;'
                 f'font-size:.8em;vertical-align:middle">{_esc(camp)}</span>')
    rows = "".join(f'<tr><th style="{_CELL};padding-right:1em">{_esc(k)}</th><td style="{_CELL}">{cell_html(v)}</td></tr>'
                   for k, v in fields.items()
                   if k not in ("name", "id", "label", "kind", "camp") and v not in (None, "", [], {}))
    return ('<div class="alliance-graph-card" style="border:1px solid #d6dadf;border-radius:6px;padding:.6em 1em;'
            'max-width:46em">'
            f'<div style="font-size:1.25em;font-weight:bold">{_esc(title)}{badge}</div>'
            f'<div style="color:#52606d">{_esc(" · ".join(under))}</div>'
            f'<table style="margin-top:.5em">{rows}</table></div>')


# --------------------------------------------------------------------------- pictures


@dataclass(frozen=True, repr=False)
class Picture:
    """A drawing of the graph (what ``AllianceGraph.draw`` returns), shown inline by Jupyter.

    ``data``: the SVG or HTML text (PNG bytes for ``png``); ``path``: the file written, or None
    when none was asked for; ``node_count`` / ``edge_count``: what the picture shows.
    """

    format: str
    data: str | bytes
    node_count: int
    edge_count: int
    path: Path | None = None
    height: int = 640  # pixels of the frame an interactive page is shown in

    def __repr__(self) -> str:  # short: a notebook keeps the plain text next to the picture
        where = f", {str(self.path)!r}" if self.path is not None else ""
        return f"<Picture {self.format}: {self.node_count} nodes, {self.edge_count} relationships{where}>"

    def _repr_svg_(self) -> str | None:
        if self.format != "svg":
            return None
        text = str(self.data)
        return text[text.find("<svg"):]  # the <svg> element alone, without the XML declaration of the file

    def _repr_png_(self) -> bytes | None:
        return self.data if self.format == "png" and isinstance(self.data, bytes) else None

    def _repr_html_(self) -> str | None:
        if self.format != "html":
            return None
        # The page is a whole document with its own script and styles: a frame keeps them from the notebook's.
        return (f'<iframe srcdoc="{_esc(self.data)}" style="width:100%;height:{int(self.height)}px;'
                f'border:1px solid #d6dadf" sandbox="allow-scripts"></iframe>')

    def save(self, path: str | Path) -> Path:
        """Write the picture to ``path``; returns it."""
        path = Path(path)
        if isinstance(self.data, bytes):
            path.write_bytes(self.data)
        else:
            path.write_text(self.data, encoding="utf-8", newline="\n")
        return path
