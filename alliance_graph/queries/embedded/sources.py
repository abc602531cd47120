"""Twins of the source queries: ``sources``, ``source``, ``conflicts``; and the source helpers of ``why``."""

from __future__ import annotations

from collections.abc import Collection, Iterator

import networkx as nx

from ...merge import value_text
from ...rows import evidence_items, statement_items
from .base import Listing, View, display, has, label_of

_FACT_LABELS = ("Organisation", "Product", "Claim")
#: A node or relationship a source can support: (what, id, label or type, name, properties).
Fact = tuple[str, str, str | None, str | None, dict]
#: What one source says about one fact: (source id, what, id, label or type, name, properties).
_Said = tuple[str, str, str, str | None, str | None, dict]


def source_node(g: nx.MultiDiGraph, sid: str) -> dict:
    """The Source node called ``sid``, or an empty dict (like an OPTIONAL MATCH that finds nothing)."""
    return g.nodes[sid] if has(g, sid, "Source") else {}


def source_order(g: nx.MultiDiGraph, ids: Collection[str]) -> list[str]:
    """Source ids newest first, like ``ORDER BY s.published IS NULL, s.published DESC, id``
    (``published`` of the Source node; a missing node counts as undated)."""
    published = {sid: source_node(g, sid).get("published") for sid in ids}
    dated = sorted(sorted(sid for sid in ids if published[sid] is not None), key=lambda sid: published[sid] or "", reverse=True)
    return dated + sorted(sid for sid in ids if published[sid] is None)


def says(props: dict, sid: str) -> list[str]:
    """What source ``sid`` says about a node or relationship, as ``field=value`` texts, in stored order."""
    return [f"{st['field']}={st['value']}" for st in statement_items(props) if st["source"] == sid]


def quotes(props: dict, sid: str, prefix: str = "evidence") -> list[str]:
    """The quotes of source ``sid`` in the evidence stored under ``prefix``."""
    return [e["quote"] for e in evidence_items(props, prefix) if e["source"] == sid]


def by_source(g: nx.MultiDiGraph, props: dict) -> list[dict]:
    """The ``by_source`` column of ``why``: one map per supporting source, newest first."""
    out = []
    for sid in source_order(g, props.get("sources") or []):
        s = source_node(g, sid)
        out.append({"source": sid, "title": s.get("title"), "publisher": s.get("publisher"),
                    "published": s.get("published"), "quotes": quotes(props, sid), "says": says(props, sid)})
    return out


def evidence_by_source(g: nx.MultiDiGraph, props: dict) -> list[dict]:
    """The evidence of a relationship grouped by source, newest source first, stored order within a source."""
    items = evidence_items(props)
    return [e for sid in source_order(g, props.get("sources") or []) for e in items if e["source"] == sid]


def facts(g: nx.MultiDiGraph) -> Iterator[Fact]:
    """Every node and relationship a source can support, as in ``source`` and ``conflicts``:
    (what, id, label or type, name, properties); nodes first."""
    for n, d in g.nodes(data=True):
        if any(label in d["labels"] for label in _FACT_LABELS):
            name = d.get("name") if d.get("name") is not None else d.get("metric")
            yield "node", d["id"], label_of(g, n), name, d
    for a, b, attrs in g.edges(data=True):
        yield "relationship", attrs["id"], attrs["type"], f"{display(g.nodes[a])} -> {display(g.nodes[b])}", attrs


def facts_by_source(g: nx.MultiDiGraph) -> dict[str, list[Fact]]:
    """Each source id to the facts it supports (:func:`facts`), in one pass (kept in the view:
    :attr:`View.facts_by_source`)."""
    index: dict[str, list[Fact]] = {}
    for fact in facts(g):
        for sid in dict.fromkeys(fact[4].get("sources") or []):
            index.setdefault(sid, []).append(fact)
    return index


def _sources(view: View, params: dict) -> Iterator[tuple[list, tuple[str, int, int]]]:
    g = view.graph
    supported = [s for *_, d in facts(g) if (s := d.get("sources")) is not None]
    counts: dict[str, list[int]] = {}
    for s in supported:
        only = len(s) == 1
        for sid in set(s):
            c = counts.setdefault(sid, [0, 0])
            c[0] += 1
            c[1] += only and s[0] == sid
    for n, d in g.nodes(data=True):
        if "Source" in d["labels"]:
            facts_, only_ = counts.get(d["id"], (0, 0))
            yield [d.get("published"), d["id"]], (n, facts_, only_)


def _source_row(view: View, item: tuple[str, int, int], key: list) -> dict:
    n, facts_, only_ = item
    d = view.graph.nodes[n]
    return {"id": d["id"], "title": d.get("title"), "publisher": d.get("publisher"), "published": d.get("published"),
            "retrieved": d.get("retrieved"), "url": d.get("url"), "facts": facts_, "only": only_, "page_key": key}


def _source(view: View, params: dict) -> list[tuple[list, _Said]]:
    sid = params["id"]
    return [([what, label, name, fid], (sid, what, fid, label, name, d))
            for what, fid, label, name, d in view.facts_by_source.get(sid, ())]


def _fact_row(view: View, item: _Said, key: list) -> dict:
    sid, what, fid, label, name, d = item
    return {"what": what, "id": fid, "label": label, "name": name, "says": says(d, sid),
            "quotes": quotes(d, sid) + quotes(d, sid, "camp_evidence"), "alone": list(d["sources"]) == [sid],
            "page_key": key}


def _conflicts(view: View, params: dict) -> Iterator[tuple[list, dict]]:
    for what, fid, label, name, d in facts(view.graph):
        disputed = d.get("disputed")
        if disputed is None:
            continue
        groups: dict[tuple[str, str], list[str]] = {}
        for st in statement_items(d):
            if st["field"] in disputed:
                groups.setdefault((st["field"], st["value"]), []).append(st["source"])
        for (field, value), ids in groups.items():
            shown = d.get(field) is not None and value_text(d[field]) == value
            yield [what, fid, field, shown, value], {"what": what, "id": fid, "label": label, "name": name,
                                                     "field": field, "value": value, "sources": ids, "shown": shown}


LISTINGS = {
    "sources": Listing(_sources, _source_row, kept=0),
    "source": Listing(_source, _fact_row, kept=200),
    "conflicts": Listing(_conflicts, lambda view, item, key: {**item, "sources": list(item["sources"]), "page_key": key},
                         kept=0),
}
