"""Embedded implementations of the registry queries, over the networkx graph: one twin per query.

Each twin answers the query of the same name in ``cypher/queries/`` with the same rows, in the
same order, as Neo4j does: the unit tests compare every twin with Neo4j's answers recorded in
``tests/golden/``, and the integration tests compare both stores directly. Parameters arrive
already resolved (ids, normalised search text), exactly as they are passed to Neo4j.

A twin is a :class:`~.base.Listing` read from a :class:`~.base.View` (the graph on one date):
``(page key, item)`` entries and a row maker; the store sorts the entries once, keeps the order in
the view and makes the rows of the page asked only (the whole answer: the first page with no
limit). Queries answering one row per relationship around a node are lines of
:data:`~.around.AROUND`. Constants shared with the Cypher (path types, hop limit, owned labels, the
evidence encoding) come from :mod:`alliance_graph.model` and :mod:`alliance_graph.rows`.

To add a query: its ``.cypher`` file, its twin in the module of its family here (a line of
``AROUND`` or a listing), and its golden file (written by the integration suite's ``--update-golden``).
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from ...dates import AsOf

from . import around, camps, names, path, sources, timeline
from .base import Listing, Order, View

__all__ = ["TWINS", "Listing", "Order", "View", "answer", "page"]

#: Every query's twin, by query name.
TWINS: dict[str, Listing] = {**around.LISTINGS, **camps.LISTINGS, **names.LISTINGS, **path.LISTINGS,
                             **sources.LISTINGS, **timeline.LISTINGS}


def page(view: View, name: str, params: dict, after: Sequence | None = None, limit: int | None = None,
         desc: Sequence[bool] = ()) -> list[dict]:
    """The rows of query ``name`` on ``view`` after the page key ``after`` (None: from the first),
    at most ``limit`` (None: every row), each with its ``page_key``; ``desc``: which values of the
    page key sort descending."""
    listing = TWINS[name]
    order = view.order(name, params, listing, desc)
    return order.page(after, limit, lambda item, key: listing.row(view, item, key))


def answer(graph: nx.MultiDiGraph, name: str, **params: object) -> list[dict]:
    """The whole answer of query ``name`` on a networkx graph shaped like the embedded store's,
    as of today (for tests and scripts; the store keeps its views).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", id="a", labels=("Organisation",), name="A")
    >>> [r["name"] for r in answer(g, "names")]
    ['A']
    """
    return page(View(graph, AsOf.parse(None)), name, params)
