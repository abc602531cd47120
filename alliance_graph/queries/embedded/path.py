"""Twin of ``path``: the shortest connection, ties broken by the smallest ids."""

from __future__ import annotations

import networkx as nx

from ...model import MAX_PATH_HOPS, PATH_NEO4J_TYPES
from ...rows import evidence_items
from .base import Listing, View, node_of, support

PATH_TYPES = frozenset(PATH_NEO4J_TYPES)
#: A hop of the answer: (from node, to node, (relationship id, its start node, its properties)).
_PathHop = tuple[str, str, tuple[str, str, dict]]


def path_adjacency(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """The adjacency `path` travels: each node to its neighbours along the path relationship types,
    either direction, each once (kept in the view: :attr:`View.path_index`). The relationships of
    a hop are read from the graph itself."""
    sets: dict[str, set[str]] = {}
    for u, v, rtype in g.edges(data="type"):
        if rtype in PATH_TYPES and u != v:
            sets.setdefault(u, set()).add(v)
            sets.setdefault(v, set()).add(u)
    return {n: list(ns) for n, ns in sets.items()}


def _hop_options(g: nx.MultiDiGraph, x: str, y: str) -> list[tuple[str, str, dict]]:
    """The path relationships between ``x`` and ``y`` either way, as (id, start node, attrs), by id."""
    found = [(key, x, attrs) for key, attrs in g.adj[x].get(y, {}).items() if attrs["type"] in PATH_TYPES]
    found += [(key, y, attrs) for key, attrs in g.adj[y].get(x, {}).items() if attrs["type"] in PATH_TYPES]
    return sorted(found, key=lambda h: h[0])


def shortest_nodes(adj: dict[str, list[str]], a: str, b: str, limit: int) -> list[str] | None:
    """The shortest node sequence from ``a`` to ``b`` (at most ``limit`` hops) whose ids come first in
    order, like ``ORDER BY [n IN nodes(p) | n.id] LIMIT 1`` over ``allShortestPaths``; None if none.

    A bidirectional breadth-first search (the smaller frontier grows a whole level at a time) gives the
    length; then the nodes of the a-side levels that lie on a shortest path are marked back from where
    the searches met, and the path is walked from ``a`` taking the smallest id that stays on one."""
    da, db = {a: 0}, {b: 0}
    fa, fb = [a], [b]
    ka = kb = 0
    length = None
    while fa and fb and ka + kb < limit:
        grow_a = len(fa) <= len(fb)
        frontier, dist, other = (fa, da, db) if grow_a else (fb, db, da)
        depth = (ka if grow_a else kb) + 1
        nxt = []
        for u in frontier:
            for v in adj.get(u, ()):
                if v not in dist:
                    dist[v] = depth
                    nxt.append(v)
        if grow_a:
            fa, ka = nxt, depth
        else:
            fb, kb = nxt, depth
        meet = [v for v in nxt if v in other]
        if meet:
            length = min(dist[v] + other[v] for v in meet)
            break
    if length is None or length > limit:
        return None
    # Nodes at a-side depth d (d <= ka) on a shortest path: from the depth-ka nodes b reaches in time, back.
    on_path = {v for v, d in da.items() if d == ka and db.get(v) == length - ka}
    level = on_path
    for d in range(ka - 1, 0, -1):
        level = {u for v in level for u in adj[v] if da.get(u) == d}
        on_path |= level

    def stays(v: str, step: int) -> bool:  # can the path go on through v as its node number ``step``?
        return v in on_path and da[v] == step if step <= ka else db.get(v) == length - step

    nodes = [a]
    for step in range(1, length + 1):
        nodes.append(min(v for v in adj[nodes[-1]] if stays(v, step)))
    return nodes


def _path(view: View, params: dict) -> list[tuple[list, _PathHop]]:
    g, a, b = view.graph, params["from"], params["to"]
    if node_of(g, a) is None or node_of(g, b) is None or a == b:
        return []
    adj = view.path_index
    if a not in adj or b not in adj:
        return []
    nodes = shortest_nodes(adj, a, b, MAX_PATH_HOPS)
    if nodes is None:
        return []
    # Like ORDER BY [node ids], [relationship ids] LIMIT 1: for the chosen node sequence the
    # smallest relationship ids are the first of each hop's sorted options.
    return [([i + 1], (nodes[i], nodes[i + 1], _hop_options(g, nodes[i], nodes[i + 1])[0])) for i in range(len(nodes) - 1)]


def _path_row(view: View, item: _PathHop, key: list) -> dict:
    x_id, y_id, (rel_id, start, attrs) = item
    x, y = view.graph.nodes[x_id], view.graph.nodes[y_id]
    return {"step": key[0], "from_id": x["id"], "from_name": x.get("name"), "type": attrs["type"],
            "direction": "->" if start == x_id else "<-", "to_id": y["id"], "to_name": y.get("name"),
            "sources": support(attrs), "evidence": evidence_items(attrs)}


LISTINGS = {"path": Listing(_path, _path_row)}
