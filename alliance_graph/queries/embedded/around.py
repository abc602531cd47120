"""Twins of the queries answering one row per relationship around one node: lines of :data:`AROUND`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import networkx as nx

from ...model import OWNED_LABELS
from ...rows import evidence_items
from .base import Listing, View, any_label, camp_at, incident, label_of, support
from .sources import by_source, evidence_by_source

#: A centre with at least this many relationships keeps its order in the view.
AROUND_KEPT = 200


@dataclass(frozen=True, slots=True)
class Hop:
    """One relationship seen from the node a query is about (the centre)."""

    view: View
    centre: str
    other: str
    key: str  # the relationship id
    rel: dict  # its type and properties
    outgoing: bool  # does it start at the centre?

    @property
    def g(self) -> nx.MultiDiGraph:
        return self.view.graph

    @property
    def start(self) -> dict:
        return self.g.nodes[self.centre if self.outgoing else self.other]

    @property
    def end(self) -> dict:
        return self.g.nodes[self.other if self.outgoing else self.centre]


@dataclass(frozen=True)
class Around:
    """A query answering one row per relationship around one node: a line of :data:`AROUND`."""

    centre: str  # the parameter naming the node
    centre_labels: tuple[str, ...]  # the node must have one of these labels
    types: frozenset[str] | None  # the relationship types; None: any
    direction: str  # seen from the centre: "in", "out" or "both"
    other_labels: tuple[str, ...]  # the other end must have one of these labels,
    columns: dict[str, Callable[[Hop], object]]  # each column from the hop
    order: tuple[str | Callable[[dict], object], ...]  # ORDER BY: columns (or functions of a row), then the relationship id
    other: str | None = None  # and be the node of this parameter, when given

    def hops(self, view: View, params: dict) -> Iterator[Hop]:
        """The hops this line admits around its centre node (none when the centre has none of its labels)."""
        g, centre = view.graph, params[self.centre]
        if not any_label(g, centre, self.centre_labels):
            return
        target = params[self.other] if self.other else None
        for other, key, attrs, outgoing in incident(g, centre, self.types):
            if (self.direction == "in" and outgoing) or (self.direction == "out" and not outgoing):
                continue
            if (target is not None and other != target) or not any_label(g, other, self.other_labels):
                continue
            yield Hop(view, centre, other, key, attrs, outgoing)

    def listing(self) -> Listing:
        """The twin: the hops keyed by the ORDER BY values and the relationship id, the columns of a hop
        made for the page only; the order kept for a centre of many relationships."""

        def entries(view: View, params: dict) -> Iterator[tuple[list, Hop]]:
            for hop in self.hops(view, params):
                row = _LazyRow(hop, self.columns)
                yield [o(row) if callable(o) else row[o] for o in self.order] + [hop.key], hop

        def row(view: View, hop: Hop, key: list) -> dict:
            return {**{c: f(hop) for c, f in self.columns.items()}, "page_key": key}

        return Listing(entries, row, kept=AROUND_KEPT)


class _LazyRow(dict):
    """The columns of a hop, each computed when first read (a page key needs only its own)."""

    def __init__(self, hop: Hop, columns: dict[str, Callable[[Hop], object]]):
        super().__init__()
        self.hop, self.columns = hop, columns

    def __missing__(self, column: str) -> object:
        value = self[column] = self.columns[column](self.hop)
        return value


def _other(*props: str) -> Callable[[Hop], object]:
    """A property of the other end (the first of ``props`` that is set, like ``coalesce``)."""
    return lambda h: next((v for v in map(h.g.nodes[h.other].get, props) if v is not None), None)


def _rel(prop: str) -> Callable[[Hop], object]:
    """A property of the relationship."""
    return lambda h: h.rel.get(prop)


_ORG, _NODE = ("Organisation",), ("Organisation", "Product")
_TYPE = {"type": lambda h: h.rel["type"]}
_EVIDENCE = {"sources": lambda h: support(h.rel), "evidence": lambda h: evidence_items(h.rel)}
_DISPUTED = {"disputed": lambda h: list(h.rel.get("disputed") or [])}
_ORG_COLUMNS = {**{c: _other(c) for c in ("id", "name", "kind")}, "camp": lambda h: camp_at(h.view, h.g.nodes[h.other])}
_DETAILS = {"role": _rel("role"), "partnership": _rel("kind"), "since": _rel("since"), "until": _rel("until")}

AROUND: dict[str, Around] = {
    "members": Around(
        centre="alliance", centre_labels=_ORG, types=frozenset({"MEMBER_OF"}), direction="in", other_labels=_ORG,
        columns={**_ORG_COLUMNS, "role": _rel("role"), **_EVIDENCE},
        order=(lambda row: 0 if row["role"] == "founder" else 1, "name", "id")),
    "competitors": Around(
        centre="org", centre_labels=_ORG, types=frozenset({"COMPETES_WITH"}), direction="both", other_labels=_ORG,
        columns={**_ORG_COLUMNS, **_EVIDENCE}, order=("name", "id")),
    "partners": Around(
        centre="org", centre_labels=_ORG, types=frozenset({"PARTNERS_WITH"}), direction="both", other_labels=_ORG,
        columns={**_ORG_COLUMNS, "partnership": _rel("kind"), **_EVIDENCE}, order=("name", "id")),
    "why": Around(
        centre="a", centre_labels=_NODE, types=None, direction="both", other_labels=_NODE, other="b",
        columns={**_TYPE, "from_id": lambda h: h.start["id"], "to_id": lambda h: h.end["id"], **_DETAILS,
                 "sources": lambda h: support(h.rel), **_DISPUTED,
                 "evidence": lambda h: evidence_by_source(h.g, h.rel), "by_source": lambda h: by_source(h.g, h.rel)},
        order=("type", "from_id", "to_id")),
    "relationships": Around(
        centre="node", centre_labels=_NODE, types=None, direction="both", other_labels=OWNED_LABELS,
        columns={**_TYPE, "direction": lambda h: "out" if h.outgoing else "in", "other_id": _other("id"),
                 "other_label": lambda h: label_of(h.g, h.other), "other_name": _other("name", "title", "metric"),
                 **_DETAILS, "sources": lambda h: support(h.rel), **_DISPUTED, "evidence": lambda h: evidence_items(h.rel)},
        order=("type", "direction", "other_name", "other_id")),
}

LISTINGS = {name: spec.listing() for name, spec in AROUND.items()}
