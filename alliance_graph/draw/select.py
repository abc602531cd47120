"""Which part of the graph to draw (a focus and radius, a camp) and the words about it."""

from __future__ import annotations

from collections import deque

import networkx as nx

from ..errors import QueryError
from ..model import CAMP_ANSWERS, OWNED_LABELS
from ..model import main_label as _owned_label
from ..text import suggest
from .measure import clean_text
from .style import CAMP_TEXT

def main_label(data: dict) -> str:
    """``Organisation``, ``Product``, ``Claim``, ``Source`` or ``""`` for a node's data."""
    return _owned_label(data.get("labels") or ()) or ""


def camp_of(data: dict) -> str:
    """The camp a node is drawn in: open, closed, mixed (its own colour, in the middle) or none."""
    camp = data.get("camp")
    return camp if camp in CAMP_ANSWERS else "none"


def camp_answer(data: dict) -> str:
    """The node's camp as the questions give it: open, closed, mixed or none."""
    camp = data.get("camp")
    return camp if camp in CAMP_ANSWERS else "none"


def neighbours(g: nx.MultiDiGraph, v) -> set:
    """The nodes linked to ``v`` either way."""
    return set(g.successors(v)) | set(g.predecessors(v))


def select(graph: nx.MultiDiGraph, *, focus: str | None, radius: int, camp: str | None,
           include_claims: bool) -> nx.MultiDiGraph:
    """The part of ``graph`` to draw, with node ids as text."""
    kinds = {"Organisation", "Product"} | ({"Claim"} if include_claims else set())
    drawable = {v for v, d in graph.nodes(data=True) if main_label(d) in kinds}
    keep = set(drawable)
    if camp is not None:
        if camp not in CAMP_ANSWERS:
            raise QueryError(f"camp must be one of {', '.join(CAMP_ANSWERS)}, not {camp!r}")
        orgs = {v for v in keep if main_label(graph.nodes[v]) == "Organisation" and camp_answer(graph.nodes[v]) == camp}
        attached = {w for v in orgs for w in neighbours(graph, v)
                    if w in keep and main_label(graph.nodes[w]) != "Organisation"}
        claims = {w for v in attached for w in neighbours(graph, v)
                  if w in keep and main_label(graph.nodes[w]) == "Claim"}
        keep = orgs | attached | claims
    if focus is not None:
        keep = _around(graph, focus, radius, keep, drawable, camp)
    sub = graph.subgraph(keep).copy()
    if any(not isinstance(v, str) for v in sub):
        sub = nx.relabel_nodes(sub, str)
    return sub


def _around(graph: nx.MultiDiGraph, focus, radius: int, keep: set, drawable: set, camp: str | None) -> set:
    """The nodes of ``keep`` within ``radius`` hops of ``focus`` (directions ignored)."""
    if not isinstance(radius, int) or isinstance(radius, bool) or radius < 0:
        raise QueryError(f"radius must be a whole number of hops, 0 or more, not {radius!r}")
    if focus not in graph:
        close = suggest(str(focus), sorted(map(str, graph.nodes)), n=3)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise QueryError(f"cannot focus on {focus!r}: no node has that id{hint}")
    if focus not in keep:
        if focus in drawable:  # left out by the camp
            raise QueryError(f"cannot focus on {focus!r}: it is not in the {camp!r} camp being drawn")
        keep = keep | {focus}  # a claim or source: drawn when it is the focus
    seen = {focus: 0}
    queue = deque([focus])
    while queue:
        v = queue.popleft()
        if seen[v] == radius:
            continue
        for w in sorted(neighbours(graph, v), key=str):
            if w in keep and w not in seen:
                seen[w] = seen[v] + 1
                queue.append(w)
    return set(seen)


def caption(v, data: dict) -> str:
    """What a node is called in the picture: its name, title or metric, else its id."""
    return str(data.get("name") or data.get("title") or data.get("metric") or v)


def support(data: dict) -> tuple[int, tuple[str, ...]]:
    """How many sources support a node or relationship, and the fields they disagree on.

    >>> support({"sources": ["a", "b", "c"], "disputed": ["value", "qualifier"]})
    (3, ('value', 'qualifier'))
    >>> support({})
    (0, ())
    """
    return len(data.get("sources") or ()), tuple(str(f) for f in data.get("disputed") or ())


def support_text(sources: int, disputed: tuple[str, ...]) -> str:
    """``3 sources · disputed: value, qualifier``; empty when nothing is known of the sources.

    >>> support_text(1, ()), support_text(3, ("value", "qualifier")), support_text(0, ())
    ('1 source', '3 sources · disputed: value, qualifier', '')
    """
    parts = [f"{sources} source{'' if sources == 1 else 's'}"] if sources else []
    if disputed:
        parts.append("disputed: " + ", ".join(disputed))
    return " · ".join(parts)


def amount(data: dict) -> str:
    """A claim's figure in a few words.

    >>> amount({"value": 16e9, "unit": "USD", "qualifier": "approximately", "year": 2023})
    'about 16 bn USD (2023)'
    """
    value = data.get("value")
    try:
        v = float(value if value is not None else "")
    except ValueError:
        return clean_text(str(value))
    for size, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if abs(v) >= size:
            number = f"{v / size:.3g}{word}"
            break
    else:
        number = f"{v:.6g}"
    qualifier = {"approximately": "about ", "more-than": "over ", "less-than": "under ",
                 "at-least": "at least "}.get(str(data.get("qualifier") or ""), "")
    unit = f" {data['unit']}" if data.get("unit") else ""
    year = f" ({data['year']})" if data.get("year") else ""
    return clean_text(f"{qualifier}{number}{unit}{year}")


def subtitle(graph: nx.MultiDiGraph, sub: nx.MultiDiGraph, focus, radius: int, camp: str | None) -> str:
    """What is drawn, e.g. ``13 organisations · 1 product · 12 relationships``."""
    if not sub.number_of_nodes():
        return "nothing to draw"
    counts: dict[str, int] = {}
    for _, d in sub.nodes(data=True):
        label = main_label(d) or "Other"
        counts[label] = counts.get(label, 0) + 1
    words = {"Organisation": "organisation", "Product": "product", "Claim": "claim", "Source": "source",
             "Other": "other node"}
    parts = [f"{counts[k]} {words[k]}{'' if counts[k] == 1 else 's'}" for k in (*OWNED_LABELS, "Other")
             if counts.get(k)]
    m = sub.number_of_edges()
    parts.append(f"{m} relationship{'' if m == 1 else 's'}")
    if camp is not None:
        parts.append(f"{CAMP_TEXT[camp]} only")
    if focus is not None:
        parts.append(f"within {radius} hop{'' if radius == 1 else 's'} of {caption(focus, graph.nodes[focus])}")
    return clean_text(" · ".join(parts))
