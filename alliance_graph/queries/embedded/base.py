"""What every twin stands on: the :class:`View` it reads, the :class:`Listing` it is, and the
:class:`Order` a store pages.

A twin answers one registry query from a :class:`View` (the graph on one date) in one shape: a
:class:`Listing`, whose ``entries`` are ``(page key, item)`` pairs and whose ``row`` makes the
row of one item. The store sorts the entries by their key once (:func:`sorted_order`), keeps
the order in the view, and makes rows only for the page asked; the whole answer is the first
page with no limit.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence, Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..._gc import without_gc_passes
from ...dates import AsOf
from ...model import main_label
from ...paging import sort_key
from ...rows import BASIS_FIELDS, camp_as_of

if TYPE_CHECKING:
    from .sources import Fact

__all__ = ["Listing", "Order", "View", "sort_key", "sorted_order"]

#: Makes the row of one item from the item and its page key (the store's ``take``).
Take = Callable[[Any, list], dict]


# --------------------------------------------------------------------------- sort keys and orders


@dataclass(frozen=True, slots=True)
class Order:
    """Items sorted by their page key: ``keys[i]`` the :func:`sort_key` of ``page_keys[i]``, the key of ``items[i]``."""

    keys: list
    page_keys: list
    items: list
    desc: tuple[bool, ...] = ()

    def start(self, after: Sequence | None) -> int:
        """Where the items after the key ``after`` (a page key, or a prefix of one) begin."""
        return 0 if after is None else bisect.bisect_right(self.keys, sort_key(after, self.desc))

    def page(self, after: Sequence | None, limit: int | None, take: Take,
             keep: Callable[[Any], bool] | None = None) -> list[dict]:
        """``take(item, page_key)`` of the items after ``after`` that ``keep`` admits, at most ``limit``."""
        rows: list[dict] = []
        for i in range(self.start(after), len(self.items)):
            if limit is not None and len(rows) >= limit:
                break
            item = self.items[i]
            if keep is None or keep(item):
                rows.append(take(item, self.page_keys[i]))
        return rows


def sorted_order(entries: Iterable[tuple[list, Any]], desc: Sequence[bool] = ()) -> Order:
    """An :class:`Order` of ``(page key, item)`` pairs."""
    desc = tuple(desc)
    made = sorted(((sort_key(k, desc), k, item) for k, item in entries), key=lambda e: e[0])
    return Order([e[0] for e in made], [e[1] for e in made], [e[2] for e in made], desc)


@dataclass(frozen=True)
class Ranked:
    """An order made of segments, each a rank (the first value of the page key) and an order of the
    rest, whose items ``keep`` admits: exact search matches (rank 0), then the rest (rank 1)."""

    segments: tuple[tuple[int, Order, Callable[[Any], bool] | None], ...]

    def page(self, after: Sequence | None, limit: int | None, take: Take) -> list[dict]:
        """``take(item, page_key)`` of the items after ``after``, segment by segment, at most ``limit``."""
        rows: list[dict] = []
        for rank, order, keep in self.segments:
            if after is None or sort_key([after[0]]) < sort_key([rank]):
                start = None
            elif after[0] == rank:
                start = after[1:]
            else:
                continue
            left = None if limit is None else limit - len(rows)
            if left is not None and left <= 0:
                break
            rows += order.page(start, left, _ranked(take, rank), keep)
        return rows


def _ranked(take: Take, rank: int) -> Take:
    return lambda item, key: take(item, [rank, *key])


# --------------------------------------------------------------------------- the view and the listing


class View:
    """The graph on one date, as the twins read it, with the indexes and orders made from it.

    ``graph``: the graph on that date (a read-only view without the relationships that did not hold
    then; the whole graph when none is left out); ``whole``: the whole graph; ``as_of``: the date
    (:class:`~alliance_graph.dates.AsOf`). The indexes are made when first read and kept with the
    view, so they go with it (the kept graph, :mod:`alliance_graph.store.graph_cache`, pickles the
    views)."""

    def __init__(self, whole: nx.MultiDiGraph, as_of: AsOf, excluded: Sequence[tuple[str, str, str]] = ()):
        self.whole = whole
        self.graph = nx.restricted_view(whole, [], list(excluded)) if excluded else whole
        self.as_of = as_of
        self.camp_day = as_of.camp_day  # the day camps and releases are read on (today for all time)
        self.orders: dict[Hashable, Order] = {}  # (query, parameters) -> its kept order

    def order(self, name: str, params: dict, listing: Listing, desc: Sequence[bool]) -> Order | Ranked:
        """The order of ``listing`` for ``params``, kept when the listing says so."""
        what = (name, tuple(sorted(params.items())))
        order = self.orders.get(what)
        if order is None:
            order = _made(self, params, listing, desc)
            if listing.kept is not None and isinstance(order, Order) and len(order.items) >= listing.kept:
                self.orders[what] = order
        return order

    def size(self) -> int:
        """How much the view keeps: its indexes and kept orders (a view with neither is not worth writing the entry again)."""
        return len(self.orders) + sum(1 for k in vars(self) if k not in ("whole", "graph", "as_of", "camp_day", "orders"))

    @cached_property
    def path_index(self) -> dict[str, list[str]]:
        """Each node to its neighbours along the relationship types ``path`` travels."""
        from .path import path_adjacency

        return path_adjacency(self.graph)

    @cached_property
    def facts_by_source(self) -> dict[str, list[Fact]]:
        """Each source id to the nodes and relationships it supports."""
        from .sources import facts_by_source

        return facts_by_source(self.graph)

    @cached_property
    def name_index(self) -> dict[str, list[str]]:
        """Each search key (id, name, alias, folded) to the nodes it names."""
        out: dict[str, list[str]] = {}
        for n in orgs_and_products(self.graph):
            for key in (self.graph.nodes[n].get("search_text") or "").strip("|").split("|"):
                if key:
                    out.setdefault(key, []).append(n)
        return out


@without_gc_passes  # (many small objects beside a large graph: no collector pass walks the graph meanwhile)
def _made(view: View, params: dict, listing: Listing, desc: Sequence[bool]) -> Order | Ranked:
    made = listing.entries(view, params)
    return made if isinstance(made, (Order, Ranked)) else sorted_order(made, desc)


@dataclass(frozen=True)
class Listing:
    """A twin: ``entries(view, params)`` gives ``(page key, item)`` pairs (or an order already made),
    ``row(view, item, page_key)`` the row of one item. ``kept``: keep the order made in the view
    when it has at least this many items (0: always; None: never)."""

    entries: Callable[[View, dict], Any]
    row: Callable[[View, Any, list], dict]
    kept: int | None = None


# --------------------------------------------------------------------------- helpers


def label_of(g: nx.MultiDiGraph, node: str) -> str | None:
    """Like the macro {{owned_label n}}: the label alliance-graph owns, if any."""
    return main_label(g.nodes[node]["labels"])


def has(g: nx.MultiDiGraph, node: str, label: str) -> bool:
    return node in g and label in g.nodes[node]["labels"]


def any_label(g: nx.MultiDiGraph, node: str, labels: tuple[str, ...]) -> bool:
    return node in g and any(label in g.nodes[node]["labels"] for label in labels)


def node_of(g: nx.MultiDiGraph, node: str) -> dict | None:
    """The organisation or product ``node``, or None."""
    return g.nodes[node] if any_label(g, node, ("Organisation", "Product")) else None


def incident(g: nx.MultiDiGraph, node: str,
             types: AbstractSet[str] | None = None) -> Iterator[tuple[str, str, dict, bool]]:
    """Every relationship touching ``node``: (other node, edge key, attrs, outgoing?). Self-loops appear twice."""
    for _, other, key, attrs in g.out_edges(node, keys=True, data=True):
        if types is None or attrs["type"] in types:
            yield other, key, attrs, True
    for other, _, key, attrs in g.in_edges(node, keys=True, data=True):
        if types is None or attrs["type"] in types:
            yield other, key, attrs, False


def orgs(g: nx.MultiDiGraph) -> Iterator[str]:
    """The organisations of ``g``."""
    return (n for n, d in g.nodes(data=True) if "Organisation" in d["labels"])


def orgs_and_products(g: nx.MultiDiGraph) -> Iterator[str]:
    """The organisations and products of ``g``."""
    return (n for n, d in g.nodes(data=True) if "Organisation" in d["labels"] or "Product" in d["labels"])


def support(props: dict) -> int:
    """Like ``size(coalesce(r.sources, []))``: how many sources support a node or relationship."""
    return len(props.get("sources") or [])


def display(d: dict) -> str:
    """Like ``coalesce(n.name, n.title, n.metric, n.id)``."""
    return next(v for v in (d.get("name"), d.get("title"), d.get("metric"), d.get("id")) if v is not None)


def one(entry: Callable[[View, dict], Any]) -> Listing:
    """A listing of at most one row, never kept: ``entry(view, params)`` is its item or None."""

    def entries(view: View, params: dict) -> list[tuple[list, Any]]:
        item = entry(view, params)
        return [] if item is None else [([], item)]

    return Listing(entries, lambda view, item, key: item)


_CAMP_FIELD = {"camp_values": "camp", "camp_bases": "camp_basis", "camp_explanations": "camp_explanation"}


def camp_at(view: View, d: dict, prop: str = "camp_values") -> str | None:
    """Like ``{{camp_at o}}``: an organisation's camp (basis, explanation) on the view's camp day,
    read by :func:`alliance_graph.rows.camp_as_of` (the reader every other part uses)."""
    return camp_as_of(d, view.camp_day)[_CAMP_FIELD[prop]]


def bases_at(view: View, d: dict) -> list[dict]:
    """Like ``{{bases_at o}}``: every basis of the camp in that period."""
    i = view.as_of.period(d.get("camp_from"))
    lists = {key: d.get(prop) or [] for key, prop in BASIS_FIELDS}
    return [{key: lists[key][j] for key, _ in BASIS_FIELDS if key != "period"}
            for j, period in enumerate(lists["period"]) if period == i]


def released(view: View, d: dict) -> bool:
    """Like ``{{released p}}``: product ``d`` released by the view's camp day."""
    launched = d.get("launched")
    return launched is None or launched <= view.camp_day
