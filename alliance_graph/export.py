"""Writing the whole graph to files: JSON (node-link), GraphML, or CSV (nodes and relationships).

List properties (aliases, evidence) are kept as lists in JSON and written as
JSON text in GraphML and CSV, which have no list type.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

EXPORT_FORMATS = ("json", "graphml", "csv")


def _flat(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | tuple) else value


def to_json(g: nx.MultiDiGraph) -> dict:
    """The graph as ``{"nodes": [...], "relationships": [...]}`` with every property."""
    return {
        "nodes": [{k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}
                  for _, d in sorted(g.nodes(data=True), key=lambda nd: nd[0])],
        "relationships": [{"start": u, "end": v, **d} for u, v, _, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2])],
    }


def write_export(g: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``g`` as ``fmt`` to ``out`` (for csv, ``out`` is a folder); return the files written."""
    out = Path(out)
    if fmt == "json":
        out.write_text(json.dumps(to_json(g), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [out]
    if fmt == "graphml":
        flat = nx.MultiDiGraph()
        for n, d in g.nodes(data=True):
            flat.add_node(n, **{k: _flat(v) for k, v in d.items()})
        for u, v, k, d in g.edges(keys=True, data=True):
            flat.add_edge(u, v, key=k, **{a: _flat(b) for a, b in d.items()})
        nx.write_graphml(flat, out)
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
                    writer.writerow(["" if r.get(k) is None else _flat(r.get(k)) for k in keys])
            written.append(path)
        return written
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
