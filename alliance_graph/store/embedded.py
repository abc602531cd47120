"""The embedded store: the dataset as an in-process networkx ``MultiDiGraph``.

Nodes are keyed by id and carry ``labels`` (a sorted tuple, as Neo4j would
report them) plus exactly the properties Neo4j holds. Edges are keyed by the
relationship id and carry ``type`` plus the relationship's properties.

>>> from alliance_graph.dataset import load_dataset
>>> g = build_graph(load_dataset())
>>> g.nodes["ibm"]["labels"]
('OpenCamp', 'Organisation')
>>> g.edges["meta", "ai-alliance", "member-of:meta:ai-alliance"]["type"]
'MEMBER_OF'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

import networkx as nx

from ..dates import AsOf
from ..errors import QueryError
from ..model import Dataset
from ..queries.embedded import View, page
from ..rows import NodeRow, RelRow, graph_rows
from ..model import DEFAULT_BATCH_SIZE
from .._gc import without_gc_passes
from ..profile import phase
from .base import LoadPlan, LoadSummary, Progress, plan_load

if TYPE_CHECKING:
    from ..queries.registry import Query
    from .changes import Change

#: A relationship of the graph: (start, end, id, properties).
Edge = tuple[str, str, str, dict]

#: As-of views a store keeps (the newest; each with the indexes and orders its queries made).
KEEP_VIEWS = 8


@phase("build")
@without_gc_passes
def build_graph(ds: Dataset, consume: bool = False) -> nx.MultiDiGraph:
    """Build the embedded graph of a validated dataset; with ``consume``, its relationships are
    taken out of ``ds`` as they go into the graph (for a caller done with ``ds``: at no time are
    both whole)."""
    from ..rows import edge_dicts

    nodes, _ = graph_rows(ds, relationships=False)
    g = graph_from_rows(nodes, [])
    del nodes
    # Each relationship's dict goes into the graph as it is made: no row list, no copy per edge
    # (networkx's add_edge would copy it); its ends are nodes already (the dataset is validated).
    succ, pred = g._succ, g._pred
    for u, v, key, attrs in edge_dicts(ds, consume):
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[key] = attrs
    return g


def graph_from_rows(nodes: list[NodeRow], rels: list[RelRow]) -> nx.MultiDiGraph:
    """The embedded graph of node and relationship rows (:func:`alliance_graph.rows.graph_rows`)."""
    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(n.id, labels=tuple(sorted((n.label, *n.extra_labels))), **n.props)
    for r in rels:
        g.add_edge(r.start, r.end, key=r.id, type=r.type, **r.props)
    return g


class EmbeddedStore:
    """A store over an in-process networkx graph, answering the registry through the embedded twins.

    A load or retract replaces ``graph`` with a new graph; a graph itself must not change once
    queries ran on it (the twins cache indexes of it).
    """

    backend = "embedded"

    def __init__(self, graph: nx.MultiDiGraph, files: Sequence[str] = (), notes: Sequence[str] = (),
                 views: dict[str, View] | None = None):
        self.graph = graph
        self.files = [str(f) for f in files]
        self.notes = list(notes)  # what its files' validation warned about (near-duplicate names)
        # called by close() (the kept graph is written then: store/graph_cache.py)
        self.on_close: list[Callable[[], object]] = []
        if views:
            self.views.update(views)

    @property
    def graph(self) -> nx.MultiDiGraph:
        return self._graph

    @graph.setter
    def graph(self, graph: nx.MultiDiGraph) -> None:
        """A new graph (a load, a retract): the views of the old one do not apply."""
        self._graph = graph
        self.views: dict[str, View] = {}  # date (or all time) -> its view
        self._dated: list[Edge] | None = None  # the relationships with dates, found once

    @classmethod
    def from_dataset(cls, ds: Dataset, consume: bool = False) -> EmbeddedStore:
        """The store of ``ds``'s graph; ``consume``: ``ds`` is not used afterwards, and its relationships
        are taken out of it as the graph is built (see :func:`build_graph`)."""
        return cls(build_graph(ds, consume), ds.files, [str(p) for p in ds.warnings])

    @property
    def location(self) -> str:
        return "the embedded graph" + (f" of {', '.join(self.files)}" if self.files else "")

    @phase("query")
    def run(self, query: Query, params: dict, as_of: AsOf = AsOf.ALL_TIME) -> list[dict]:
        """Rows of a registry query from its twin (:mod:`alliance_graph.queries.embedded`): the columns,
        and for a query that pages its ``page_key``, the page after ``$after``, at most ``$limit`` rows.
        A query that is not dated (a timeline) sees the whole graph, as on Neo4j."""
        params = dict(params)
        limit, after = params.pop("limit", None), params.pop("after", None)
        view = self.view(as_of if query.dated else AsOf.ALL_TIME)
        rows = page(view, query.name, params, after, limit, query.page.desc)
        extra = ("page_key",) if query.page else ()
        return [{c: row.get(c) for c in (*query.columns, *extra)} for row in rows]

    def view(self, as_of: AsOf) -> View:
        """The graph as it stood on ``as_of`` as the twins read it: without the relationships that did
        not hold then (:meth:`~alliance_graph.dates.AsOf.holds`, the twin of the registry macro
        ``{{valid r}}``), camps read on that date (today for all time). Views are kept per date (the
        newest :data:`KEEP_VIEWS`), so the indexes and orders they make are too."""
        key = as_of.cypher_param
        view = self.views.get(key)
        if view is None:
            excluded = [] if as_of.day is None else [(u, v, k) for u, v, k, d in self._dated_relationships()
                                                     if not as_of.holds(d)]
            if len(self.views) >= KEEP_VIEWS:
                self.views.pop(next(iter(self.views)))
            view = self.views[key] = View(self.graph, as_of, excluded)
        return view

    @without_gc_passes
    def _dated_relationships(self) -> list[Edge]:
        """The relationships with dates (found once per graph)."""
        if self._dated is None:
            self._dated = [(u, v, k, d) for u, v, k, d in self.graph.edges(keys=True, data=True)
                           if "valid_from" in d or "valid_to" in d]
        return self._dated

    def read_only(self, cypher: str, params: dict | None = None, *, timeout: float | None = None,
                  max_rows: int | None = None, on_row: Callable[[dict], object] | None = None) -> list[dict]:
        raise QueryError("raw Cypher needs Neo4j (set NEO4J_URI); the embedded graph answers the canned queries only")

    @phase("networkx")
    def to_networkx(self, as_of: str | None = None) -> nx.MultiDiGraph:
        from ..rows import graph_as_of

        when = AsOf.parse(as_of) if as_of else AsOf.ALL_TIME
        return graph_as_of(self.view(when).graph.copy(), when.camp_day)

    def warnings(self) -> list[str]:
        return list(self.notes)

    def plan_load(self, rows: int, *, wipe: bool = False, bulk: bool | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> LoadPlan:
        return plan_load(rows, wipe=wipe, bulk=False if bulk is None else bulk, batch_size=batch_size)

    def writing(self, command: str, wait: float | None = None) -> AbstractContextManager:
        """An in-process graph has one writer: nothing to lock."""
        return nullcontext()

    def lock_token(self) -> str | None:
        return None

    def load(self, dataset: Dataset, plan: LoadPlan, progress: Progress = None, current: nx.MultiDiGraph | None = None,
             *, command: str | None = None, current_token: str | None = None) -> LoadSummary:
        """Load a validated dataset into this in-process graph, as the Neo4j store would (see
        :mod:`.changes`); the graph is replaced by a new one, so earlier query caches do not apply."""
        from .changes import load_change

        change = load_change(None if plan.wipe else self.graph, dataset, wipe=plan.wipe)
        return self.apply(change, plan, progress)

    def apply(self, change: Change, plan: LoadPlan | None = None, progress: Progress = None) -> LoadSummary:
        """Hold the graph after ``change`` (a new graph); returns what it changed."""
        self.graph = build_graph(change.dataset)
        for f in change.dataset.files:
            if f not in self.files:
                self.files.append(f)
        if progress:
            progress(change.writes)
        return change.summary

    def retract(self, source_ids: list[str], plan_options: dict | None = None, dry_run: bool = False,
                progress: Progress = None, command: str | None = None) -> Change:
        """Remove sources and what only they supported (see :func:`.changes.retract_change`)."""
        from .changes import retract_change

        change = retract_change(self.graph, list(source_ids))
        if not dry_run:
            self.apply(change)
        return change

    def close(self) -> None:
        calls, self.on_close = self.on_close, []
        for call in calls:
            call()
