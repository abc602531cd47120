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

import networkx as nx

from ..model import Dataset
from ..rows import NodeRow, RelRow, graph_rows


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
