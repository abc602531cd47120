"""Embedded implementations of the registry queries, over the networkx graph.

Each function answers the query of the same name in ``cypher/queries/`` with
the same rows, in the same order, as Neo4j does: a test runs every query on
both stores and compares. Parameters arrive already resolved (ids, normalised
search text), exactly as they are passed to Neo4j.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import networkx as nx

IMPLEMENTATIONS: dict[str, Callable[..., list[dict]]] = {}
# Indexes built once per graph, kept beside it (never inside it, so the graph stays plain data).
_PATH_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_NAME_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
MAIN_LABELS = ("Organisation", "Product", "Claim", "Source")
PATH_TYPES = {"MEMBER_OF", "PARTNERS_WITH", "COMPETES_WITH", "DEVELOPS"}


def implements(name: str):
    def register(fn):
        IMPLEMENTATIONS[name] = fn
        return fn

    return register


# --------------------------------------------------------------------------- helpers


def _evidence(props: dict, prefix: str = "evidence") -> list[dict]:
    quotes = props.get(f"{prefix}_quotes") or []
    sources = props.get(f"{prefix}_sources") or []
    via = props.get(f"{prefix}_via") or []
    return [{"source": sources[i], "quote": quotes[i], "via": via[i]} for i in range(len(quotes))]


def _key(*values):
    """A sort key ordering like Cypher's ORDER BY: nulls after every value."""
    return tuple((v is None, v if v is not None else 0) for v in values)


def _main_label(g: nx.MultiDiGraph, node: str) -> str | None:
    labels = g.nodes[node]["labels"]
    return next((label for label in MAIN_LABELS if label in labels), None)


def _has(g: nx.MultiDiGraph, node: str, label: str) -> bool:
    return node in g and label in g.nodes[node]["labels"]


def _incident(g: nx.MultiDiGraph, node: str, types: set[str] | None = None):
    """Every relationship touching ``node``: (other node, edge key, attrs, outgoing?). Self-loops appear twice."""
    for _, other, key, attrs in g.out_edges(node, keys=True, data=True):
        if types is None or attrs["type"] in types:
            yield other, key, attrs, True
    for other, _, key, attrs in g.in_edges(node, keys=True, data=True):
        if types is None or attrs["type"] in types:
            yield other, key, attrs, False


def _orgs(g: nx.MultiDiGraph):
    return (n for n, d in g.nodes(data=True) if "Organisation" in d["labels"])


def _orgs_and_products(g: nx.MultiDiGraph):
    return (n for n, d in g.nodes(data=True) if "Organisation" in d["labels"] or "Product" in d["labels"])


# --------------------------------------------------------------------------- queries


@implements("members")
def members(g, alliance):
    if not _has(g, alliance, "Organisation"):
        return []
    rows = []
    for m, _, attrs in g.in_edges(alliance, data=True):
        if attrs["type"] == "MEMBER_OF" and _has(g, m, "Organisation"):
            d = g.nodes[m]
            rows.append({"id": d["id"], "name": d.get("name"), "kind": d.get("kind"), "role": attrs.get("role"),
                         "camp": d.get("camp"), "evidence": _evidence(attrs)})
    rows.sort(key=lambda r: _key(0 if r["role"] == "founder" else 1, r["name"], r["id"]))
    return rows


def _camp_row(d: dict) -> dict:
    return {"id": d["id"], "name": d.get("name"), "kind": d.get("kind"), "camp": d.get("camp"),
            "basis": d.get("camp_basis"), "rule": d.get("camp_rule"), "via": d.get("camp_via"),
            "explanation": d.get("camp_explanation"), "evidence": _evidence(d, "camp_evidence")}


@implements("camp")
def camp(g, camp):
    rows = [_camp_row(g.nodes[n]) for n in _orgs(g) if g.nodes[n].get("camp") == camp]
    rows.sort(key=lambda r: _key(r["name"], r["id"]))
    return rows


@implements("camp-of")
def camp_of(g, org):
    return [_camp_row(g.nodes[org])] if _has(g, org, "Organisation") else []


def _neighbours(g, org, rel_type):
    if not _has(g, org, "Organisation"):
        return []
    return [(other, key, attrs) for other, key, attrs, _ in _incident(g, org, {rel_type})
            if _has(g, other, "Organisation")]


def _neighbour_rows(g, org, rel_type, partnership: bool) -> list[dict]:
    """Organisations linked to ``org`` by ``rel_type`` in either direction, one row per relationship."""
    rows = []
    for other, key, attrs in _neighbours(g, org, rel_type):
        d = g.nodes[other]
        row = {"id": d["id"], "name": d.get("name"), "kind": d.get("kind"), "camp": d.get("camp"),
               "evidence": _evidence(attrs)}
        if partnership:
            row["partnership"] = attrs.get("kind")
        rows.append((row, key))
    rows.sort(key=lambda rk: _key(rk[0]["name"], rk[0]["id"], rk[1]))
    return [r for r, _ in rows]


@implements("competitors")
def competitors(g, org):
    return _neighbour_rows(g, org, "COMPETES_WITH", partnership=False)


@implements("partners")
def partners(g, org):
    return _neighbour_rows(g, org, "PARTNERS_WITH", partnership=True)


@implements("rivalries")
def rivalries(g):
    rows = []
    for a, b, key, attrs in g.edges(keys=True, data=True):
        if attrs["type"] != "COMPETES_WITH":
            continue
        for x, y in ((a, b), (b, a)):
            if "OpenCamp" in g.nodes[x]["labels"] and "ClosedCamp" in g.nodes[y]["labels"]:
                dx, dy = g.nodes[x], g.nodes[y]
                rows.append(({"open_id": dx["id"], "open_name": dx.get("name"), "open_kind": dx.get("kind"),
                              "closed_id": dy["id"], "closed_name": dy.get("name"), "closed_kind": dy.get("kind"),
                              "evidence": _evidence(attrs)}, key))
    rows.sort(key=lambda rk: _key(rk[0]["open_name"], rk[0]["closed_name"], rk[0]["open_id"], rk[0]["closed_id"], rk[1]))
    return [r for r, _ in rows]


def _path_index(g: nx.MultiDiGraph):
    """The undirected graph of the path relationship types and, per node pair, its relationships
    sorted by id; built once per graph (the embedded graph is not changed after it is built)."""
    cached = _PATH_INDEX.get(g)
    if cached is None:
        view = nx.Graph()
        hops: dict[frozenset, list[tuple[str, str, dict]]] = {}
        for u, v, key, attrs in g.edges(keys=True, data=True):
            if attrs["type"] in PATH_TYPES and u != v:
                view.add_edge(u, v)
                hops.setdefault(frozenset((u, v)), []).append((key, u, attrs))
        for options in hops.values():
            options.sort(key=lambda h: h[0])
        cached = _PATH_INDEX[g] = (view, hops)
    return cached


@implements("path")
def path(g, **params):
    a, b = params["from"], params["to"]
    if _node_of(g, a) is None or _node_of(g, b) is None or a == b:
        return []
    view, hops = _path_index(g)
    if a not in view or b not in view:
        return []
    try:
        node_paths = list(nx.all_shortest_paths(view, a, b))
    except nx.NetworkXNoPath:
        return []
    if len(node_paths[0]) - 1 > 12:
        return []
    # Like ORDER BY [node ids], [relationship ids] LIMIT 1: for a given node sequence the
    # smallest relationship ids are the first of each hop's sorted options.
    best = None
    for nodes in node_paths:
        choice = [hops[frozenset((nodes[i], nodes[i + 1]))][0] for i in range(len(nodes) - 1)]
        candidate = ([g.nodes[n]["id"] for n in nodes], [h[0] for h in choice], nodes, choice)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    _, _, nodes, choice = best
    rows = []
    for i, (key, start, attrs) in enumerate(choice):
        x, y = g.nodes[nodes[i]], g.nodes[nodes[i + 1]]
        rows.append({"step": i + 1, "from_id": x["id"], "from_name": x.get("name"), "type": attrs["type"],
                     "direction": "->" if start == nodes[i] else "<-", "to_id": y["id"], "to_name": y.get("name"),
                     "evidence": _evidence(attrs)})
    return rows


@implements("why")
def why(g, a, b):
    if _node_of(g, a) is None or _node_of(g, b) is None:
        return []
    rows = []
    for other, key, attrs, outgoing in _incident(g, a):
        if other != b:
            continue
        start, end = (a, b) if outgoing else (b, a)
        rows.append(({"type": attrs["type"], "from_id": g.nodes[start]["id"], "to_id": g.nodes[end]["id"],
                      "role": attrs.get("role"), "partnership": attrs.get("kind"), "since": attrs.get("since"),
                      "until": attrs.get("until"), "evidence": _evidence(attrs)}, key))
    rows.sort(key=lambda rk: _key(rk[0]["type"], rk[0]["from_id"], rk[0]["to_id"], rk[1]))
    return [r for r, _ in rows]


def _node_of(g, node):
    if _has(g, node, "Organisation") or _has(g, node, "Product"):
        return g.nodes[node]
    return None


@implements("profile")
def profile(g, node):
    d = _node_of(g, node)
    if d is None:
        return []
    return [{"id": d["id"], "label": _main_label(g, node), "name": d.get("name"), "kind": d.get("kind"),
             "aliases": list(d.get("aliases") or []), "country": d.get("country"), "description": d.get("description"),
             "camp": d.get("camp"), "basis": d.get("camp_basis"), "explanation": d.get("camp_explanation")}]


@implements("relationships")
def relationships(g, node):
    if _node_of(g, node) is None:
        return []
    rows = []
    for other, key, attrs, outgoing in _incident(g, node):
        label = _main_label(g, other)
        if label is None:
            continue
        m = g.nodes[other]
        name = next((m[k] for k in ("name", "title", "metric") if m.get(k) is not None), None)
        rows.append(({"type": attrs["type"], "direction": "out" if outgoing else "in", "other_id": m["id"],
                      "other_label": label, "other_name": name, "role": attrs.get("role"),
                      "partnership": attrs.get("kind"), "since": attrs.get("since"), "until": attrs.get("until"),
                      "evidence": _evidence(attrs)}, key))
    rows.sort(key=lambda rk: _key(rk[0]["type"], rk[0]["direction"], rk[0]["other_name"], rk[0]["other_id"], rk[1]))
    return [r for r, _ in rows]


@implements("search")
def search(g, text):
    rows = []
    for n in _orgs_and_products(g):
        d = g.nodes[n]
        keys = d.get("search_text") or ""
        if text in keys:
            rows.append(({"id": d["id"], "label": _main_label(g, n), "name": d.get("name"), "kind": d.get("kind"),
                          "camp": d.get("camp")}, 0 if f"|{text}|" in keys else 1))
    rows.sort(key=lambda rk: _key(rk[1], rk[0]["name"], rk[0]["id"]))
    return [r for r, _ in rows]


def _name_index(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each search key (id, name, alias, folded) to the nodes it names; built once per graph."""
    cached = _NAME_INDEX.get(g)
    if cached is None:
        cached = {}
        for n in _orgs_and_products(g):
            for key in (g.nodes[n].get("search_text") or "").strip("|").split("|"):
                if key:
                    cached.setdefault(key, []).append(n)
        _NAME_INDEX[g] = cached
    return cached


@implements("resolve")
def resolve(g, text):
    rows = [{"id": g.nodes[n]["id"], "label": _main_label(g, n), "name": g.nodes[n].get("name")}
            for n in _name_index(g).get(text, [])]
    rows.sort(key=lambda r: _key(r["label"], r["name"], r["id"]))
    return rows


@implements("names")
def names(g):
    rows = [{"id": g.nodes[n]["id"], "label": _main_label(g, n), "name": g.nodes[n].get("name")}
            for n in _orgs_and_products(g)]
    rows.sort(key=lambda r: _key(r["label"], r["name"], r["id"]))
    return rows


@implements("stats")
def stats(g):
    counts: dict[tuple[str, str], int] = {}

    def add(category, value):
        counts[(category, value)] = counts.get((category, value), 0) + 1

    for n, d in g.nodes(data=True):
        label = _main_label(g, n)
        if label is None:
            continue
        add("label", label)
        if label == "Organisation":
            add("organisation-kind", d.get("kind"))
            add("camp", d.get("camp"))
    for u, v, attrs in g.edges(data=True):
        if _main_label(g, u) and _main_label(g, v):
            add("relationship-type", attrs["type"])
    rows = [{"category": c, "value": v, "count": n} for (c, v), n in counts.items()]
    rows.sort(key=lambda r: _key(r["category"], r["value"]))
    return rows
