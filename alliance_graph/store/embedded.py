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

from contextlib import AbstractContextManager, nullcontext

import copy
import datetime as _dt
import weakref
from collections.abc import Sequence

import networkx as nx

from ..dates import as_of_date, holds
from ..errors import QueryError
from ..model import Dataset
from ..paging import comes_after
from ..queries.embedded import DATE_OF, IMPLEMENTATIONS, KEPT_WHOLE, PAGED, kept_rows
from ..rows import NodeRow, RelRow, graph_rows
from ..model import DEFAULT_BATCH_SIZE
from .._gc import without_gc_passes
from ..profile import phase
from .base import LoadPlan, LoadSummary, plan_load


_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph -> {date: view}
_DATED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph -> (relationships with dates, camps change?)


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

    def __init__(self, graph: nx.MultiDiGraph, files: Sequence[str] = (), notes: Sequence[str] = ()):
        self.graph = graph
        self.files = [str(f) for f in files]
        self.notes = list(notes)  # what its files' validation warned about (near-duplicate names)
        self.on_close: list = []  # called by close() (the kept graph is written then: store/graph_cache.py)

    @classmethod
    def from_dataset(cls, ds: Dataset, consume: bool = False) -> EmbeddedStore:
        """The store of ``ds``'s graph; ``consume``: ``ds`` is not used afterwards, and its relationships
        are taken out of it as the graph is built (see :func:`build_graph`)."""
        return cls(build_graph(ds, consume), ds.files, [str(p) for p in ds.warnings])

    @property
    def location(self) -> str:
        return "the embedded graph" + (f" of {', '.join(self.files)}" if self.files else "")

    @phase("query")
    def run(self, query, params: dict) -> list[dict]:
        columns = query.columns
        params = dict(params)
        as_of = params.pop("asOf", None)
        limit, after = params.pop("limit", None), params.pop("after", None)
        # A query whose Cypher ignores $asOf (a timeline) sees the whole graph, like Neo4j does.
        g = self.as_of(as_of_date(as_of)) if "$asOf" in query.cypher else self.graph
        def paged_rows(rows):  # the columns, and the key the Cypher returns beside them
            return [{**{c: row.get(c) for c in columns}, "page_key": row["page_key"]} for row in rows]

        if query.page and query.name in PAGED:  # the page from an order kept beside the graph
            try:
                rows = PAGED[query.name](g, after, limit, **params)
            except TypeError:  # a cursor whose values are of other types than the key's: the general rule below
                rows = None
            if rows is not None:
                return paged_rows(rows)
        if query.name in KEPT_WHOLE:  # kept beside the graph: copies, so that no caller changes the kept rows
            rows = copy.deepcopy(kept_rows(g, query.name, params))
        else:
            rows = IMPLEMENTATIONS[query.name](g, **params)
        if not query.page:
            return [{c: row.get(c) for c in columns} for row in rows]
        # A page, as the Cypher's {{after}} and LIMIT {{limit}} make it: the rows after the cursor's key, in order.
        if after is not None:
            desc = [d for _, d in query.page]
            rows = [row for row in rows if comes_after(row["page_key"], after, desc)]
        if limit is not None:
            rows = rows[:limit]
        return paged_rows(rows)

    def as_of(self, date: str | None) -> nx.MultiDiGraph:
        """The graph as it stood on ``date`` (None: all time): a read-only view without the
        relationships that did not hold then, by :func:`alliance_graph.dates.holds` (the twin of the
        registry macro ``{{valid r}}``), whose camps are read on that date (today for all time).
        Views are kept per date, so the twins' indexes are too."""
        g = self.graph
        info = _DATED.get(g)
        if info is None:
            dated = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if "valid_from" in d or "valid_to" in d]
            history = any(len(d.get("camp_from") or ()) > 1 for _, d in g.nodes(data=True))
            info = _DATED[g] = (dated, history)
        dated, history = info
        cache = _VIEWS.setdefault(g, {})
        key = date or "all-time"
        if key not in cache:  # the left-out relationships are found once per date, not once per query
            excluded = [] if date is None else [(u, v, k) for u, v, k, d in dated if not holds(d, date)]
            if len(cache) >= 8:
                cache.pop(next(iter(cache)))
            if not excluded and not history:
                cache[key] = None  # the same answer on every date: the graph itself
            else:
                view = nx.restricted_view(g, [], excluded)
                DATE_OF[view] = date or _dt.date.today().isoformat()
                cache[key] = view
        view = cache[key]
        return g if view is None else view

    def read_only(self, cypher: str, params: dict | None = None, **options) -> list[dict]:
        raise QueryError("raw Cypher needs Neo4j (set NEO4J_URI); the embedded graph answers the canned queries only")

    @phase("networkx")
    def to_networkx(self, as_of: str | None = None) -> nx.MultiDiGraph:
        from ..rows import graph_as_of

        return graph_as_of(self.as_of(as_of).copy(), as_of or _dt.date.today().isoformat())

    def warnings(self) -> list[str]:
        return list(self.notes)

    def plan_load(self, rows: int, *, wipe: bool = False, bulk: bool | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> LoadPlan:
        return plan_load(rows, wipe=wipe, bulk=False if bulk is None else bulk, batch_size=batch_size)

    def writing(self, command: str, wait: float | None = None) -> AbstractContextManager:
        """An in-process graph has one writer: nothing to lock."""
        return nullcontext()

    def lock_token(self) -> str | None:
        return None

    def load(self, dataset: Dataset, plan: LoadPlan, progress=None, current=None, *, command: str | None = None,
             current_token: str | None = None) -> LoadSummary:
        """Load a validated dataset into this in-process graph, as the Neo4j store would (see
        :mod:`.changes`); the graph is replaced by a new one, so earlier query caches do not apply."""
        from .changes import load_change

        change = load_change(None if plan.wipe else self.graph, dataset, wipe=plan.wipe)
        return self.apply(change, plan, progress)

    def apply(self, change, plan: LoadPlan | None = None, progress=None) -> LoadSummary:
        self.graph = build_graph(change.dataset)
        for f in change.dataset.files:
            if f not in self.files:
                self.files.append(f)
        if progress:
            progress(change.writes)
        return change.summary

    def retract(self, source_ids: list[str], plan_options: dict | None = None, dry_run: bool = False, progress=None,
                command: str | None = None):
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
