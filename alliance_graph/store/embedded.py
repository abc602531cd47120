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

from collections.abc import Sequence

import networkx as nx

from ..errors import QueryError
from ..model import Dataset
from ..queries.embedded import IMPLEMENTATIONS
from ..rows import NodeRow, RelRow, graph_rows
from .base import LoadPlan, LoadSummary


def build_graph(ds: Dataset) -> nx.MultiDiGraph:
    """Build the embedded graph of a validated dataset."""
    nodes, rels = graph_rows(ds)
    return graph_from_rows(nodes, rels)


def graph_from_rows(nodes: list[NodeRow], rels: list[RelRow]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(n.id, labels=tuple(sorted((n.label, *n.extra_labels))), **n.props)
    for r in rels:
        g.add_edge(r.start, r.end, key=r.id, type=r.type, **r.props)
    return g


class EmbeddedStore:
    """A read-only store over a networkx graph, answering the registry through the embedded twins.

    The graph must not change after the store is made (the twins cache indexes of it).
    """

    backend = "embedded"

    def __init__(self, graph: nx.MultiDiGraph, files: Sequence[str] = ()):
        self.graph = graph
        self.files = [str(f) for f in files]

    @classmethod
    def from_dataset(cls, ds: Dataset) -> EmbeddedStore:
        return cls(build_graph(ds), ds.files)

    @property
    def location(self) -> str:
        return "the embedded graph" + (f" of {', '.join(self.files)}" if self.files else "")

    def run(self, query, params: dict) -> list[dict]:
        columns = query.columns
        return [{c: row.get(c) for c in columns} for row in IMPLEMENTATIONS[query.name](self.graph, **params)]

    def read_only(self, cypher: str, params: dict | None = None) -> list[dict]:
        raise QueryError("raw Cypher needs Neo4j (set NEO4J_URI); the embedded graph answers the canned queries only")

    def to_networkx(self) -> nx.MultiDiGraph:
        return self.graph.copy()

    def warnings(self) -> list[str]:
        return []

    def plan_load(self, rows: int, **options) -> LoadPlan:
        return self.load(None, None)

    def load(self, dataset: Dataset, plan: LoadPlan, progress=None) -> LoadSummary:
        raise QueryError("loading writes to Neo4j; the embedded graph is built from dataset files (--data) instead")

    def close(self) -> None:
        pass
