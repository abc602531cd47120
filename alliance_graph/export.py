"""Writing the whole graph to files: JSON (node-link), GraphML, CSV (nodes and relationships),
or a dataset file that loads back into the same graph.

List properties (aliases, evidence) are kept as lists in JSON and written as
JSON text in GraphML and CSV, which have no list type. Internal properties
(:data:`INTERNAL_PROPERTIES`: the folded look-up key ``search_text``) are left
out of every export; the graph given is not changed.

>>> from alliance_graph import AllianceGraph
>>> data = to_json(AllianceGraph.embedded().to_networkx())
>>> any("search_text" in n for n in data["nodes"])
False
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from typing import TYPE_CHECKING

from .output import csv_cell
from .profile import phase

if TYPE_CHECKING:  # networkx is imported when a graph is written, not for the CLI's --help
    import networkx as nx

EXPORT_FORMATS = ("json", "graphml", "csv", "dataset")
STREAM_FORMATS = ("json", "graphml", "dataset")  # one file, so they can go to standard output
INTERNAL_PROPERTIES = frozenset({"search_text"})


def _flat(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | tuple) else value


# Characters XML 1.0 does not allow in a document at all (C0 controls but tab, line feed and
# carriage return; U+FFFE, U+FFFF; lone surrogates): GraphML written with one is not XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value):
    r"""``value`` with the characters XML cannot hold written as escapes (``\x1b``), so GraphML
    from any data is well-formed; other values unchanged.

    >>> _xml_safe("a\x1bb"), _xml_safe(3)
    ('a\\x1bb', 3)
    """
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                            value)
    return value


def _public(props: dict) -> dict:
    return {k: v for k, v in props.items() if k not in INTERNAL_PROPERTIES}


def to_json(g: nx.MultiDiGraph) -> dict:
    """The graph as ``{"nodes": [...], "relationships": [...]}`` with every public property."""
    return {
        "nodes": [{k: list(v) if isinstance(v, tuple) else v for k, v in _public(d).items()}
                  for _, d in sorted(g.nodes(data=True), key=lambda nd: nd[0])],
        "relationships": [{"start": u, "end": v, **_public(d)}
                          for u, v, _, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2])],
    }


@phase("export")
def export_text(g: nx.MultiDiGraph, fmt: str, name: str = "agraph-export") -> str:
    """The graph as the text of one file in ``fmt`` (json, graphml or dataset); ``name`` names a dataset."""
    if fmt == "json":
        return json.dumps(to_json(g), ensure_ascii=False, indent=2) + "\n"
    if fmt == "graphml":
        import networkx as nx

        flat = nx.MultiDiGraph()
        for n, d in g.nodes(data=True):
            flat.add_node(_xml_safe(n), **{k: _xml_safe(_flat(v)) for k, v in _public(d).items()})
        for u, v, k, d in g.edges(keys=True, data=True):
            flat.add_edge(_xml_safe(u), _xml_safe(v), key=_xml_safe(k), **{a: _xml_safe(_flat(b)) for a, b in _public(d).items()})
        buf = io.BytesIO()
        nx.write_graphml(flat, buf)
        return buf.getvalue().decode("utf-8")
    if fmt == "dataset":
        from .dataset_writer import dataset_yaml

        return dataset_yaml(g, name)
    raise ValueError(f"{fmt!r} is not a one-file export format; use one of {', '.join(STREAM_FORMATS)}")


@phase("export")
def write_export(g: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``g`` as ``fmt`` to ``out`` (for csv, ``out`` is a folder); return the files written."""
    out = Path(out)
    if fmt in STREAM_FORMATS:
        out.write_text(export_text(g, fmt, out.stem or "agraph-export"), encoding="utf-8")
        return [out]
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        data = to_json(g)
        written = []
        for name, rows, first in (("nodes.csv", data["nodes"], ["id", "labels"]),
                                  ("relationships.csv", data["relationships"], ["id", "type", "start", "end"])):
            keys = first + sorted({k for r in rows for k in r} - set(first))
            path = out / name
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(keys)
                for r in rows:
                    writer.writerow([csv_cell(_flat(r.get(k))) for k in keys])  # (no cell a spreadsheet runs)
            written.append(path)
        return written
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
