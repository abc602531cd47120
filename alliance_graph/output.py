"""One output path for every command: rows as a table, JSON, CSV or NDJSON.

>>> print(render([{"name": "IBM", "camp": "open"}], ["name", "camp"], "table"))
name  camp
----  ----
IBM   open
>>> print(render([{"name": "IBM", "camp": "open"}], ["name", "camp"], "csv"), end="")
name,camp
IBM,open
"""

from __future__ import annotations

import csv
import io
import json

FORMATS = ("table", "json", "csv", "ndjson")
CELL_WIDTH = 70


def cell(value, full: bool = False) -> str:
    """One value as table text: evidence as quotes with their source, long text shortened unless ``full``."""
    if value is None:
        return ""
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "quote" in v for v in value):
            text = " | ".join(_evidence_text(v) for v in value)
        else:
            text = ", ".join(cell(v, True) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = " ".join(text.split())
    if not full and len(text) > CELL_WIDTH:
        text = text[: CELL_WIDTH - 1] + "…"
    return text


def _evidence_text(ev: dict) -> str:
    via = f", via {ev['via']}" if ev.get("via") else ""
    return f"“{ev['quote']}” [{ev['source']}{via}]"


def render(rows: list[dict], columns: list[str] | tuple[str, ...], fmt: str = "table", full: bool = False) -> str:
    """Render rows in one of :data:`FORMATS`; the table truncates long cells unless ``full``."""
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
    if fmt == "ndjson":
        return "".join(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else ("" if v is None else v)
                             for v in (r.get(c) for c in columns)])
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    cells = [[cell(r.get(c), full) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)
