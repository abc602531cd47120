"""Embedded implementations of the registry queries, over the networkx graph.

Each function answers the query of the same name in ``cypher/queries/`` with
the same rows, in the same order, as Neo4j does: the unit tests compare every
twin with Neo4j's answers recorded in ``tests/golden/``, and the integration
tests compare both stores directly. Parameters arrive already resolved (ids,
normalised search text), exactly as they are passed to Neo4j.

Constants shared with the Cypher (path types, hop limit, owned labels, the
evidence encoding) come from :mod:`alliance_graph.model` and
:mod:`alliance_graph.rows`, which the registry's macros fill into the Cypher.
Queries answering one row per relationship around a node are lines of the
table :data:`AROUND`; the others are functions registered with ``@implements``.
To add a query: its ``.cypher`` file, its twin here (a line of ``AROUND`` or a
function), and its golden file (written by the integration suite's
``--update-golden``).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import weakref
from collections.abc import Callable, Set as AbstractSet
from dataclasses import dataclass
from functools import partial
from typing import Any

import networkx as nx

from ..dates import UNKNOWN_END, day_after, holds
from ..model import MAX_PATH_HOPS, OPENNESS_COMPONENTS, OWNED_LABELS, PATH_NEO4J_TYPES, main_label
from ..merge import value_text
from ..rows import BASIS_FIELDS, evidence_items, statement_items

IMPLEMENTATIONS: dict[str, Callable[..., list[dict]]] = {}
# Indexes built once per graph, kept beside it (never inside it, so the graph stays plain data).
_PATH_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_NAME_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_ORDERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph or as-of view -> {what: sorted order}
PATH_TYPES = frozenset(PATH_NEO4J_TYPES)


#: Paged twins: name -> fn(g, after, limit, **params), the rows (each with its ``page_key``) whose key
#: comes after ``after`` (None: from the start), in order, at most ``limit`` (None: every one), read
#: from an order cached per graph (or as-of view) instead of computing and sorting every row. A
#: function may return None (a case it does not cover): the store then filters the full twin's rows.
PAGED: dict[str, Callable[..., list[dict] | None]] = {}


def implements(name: str):
    def register(fn):
        IMPLEMENTATIONS[name] = fn
        return fn

    return register


# --------------------------------------------------------------------------- helpers


def _key(*values):
    """A sort key ordering like Cypher's ORDER BY: nulls after every value."""
    return tuple((v is None, v if v is not None else 0) for v in values)


def _main_label(g: nx.MultiDiGraph, node: str) -> str | None:
    """Like the macro {{owned_label n}}: the label alliance-graph owns, if any."""
    return main_label(g.nodes[node]["labels"])


def _has(g: nx.MultiDiGraph, node: str, label: str) -> bool:
    return node in g and label in g.nodes[node]["labels"]


def _incident(g: nx.MultiDiGraph, node: str, types: AbstractSet[str] | None = None):
    """Every relationship touching ``node``: (other node, edge key, attrs, outgoing?). Self-loops appear twice."""
    for _, other, key, attrs in g.out_edges(node, keys=True, data=True):
        if types is None or attrs["type"] in types:
            yield other, key, attrs, True
    for other, _, key, attrs in g.in_edges(node, keys=True, data=True):
        if types is None or attrs["type"] in types:
            yield other, key, attrs, False


#: The date each as-of view answers about (see EmbeddedStore.as_of); a graph not here: today.
DATE_OF: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CAMP_FALLBACK = {"camp_values": "camp", "camp_bases": "camp_basis", "camp_explanations": "camp_explanation"}


def _camp_index(g: nx.MultiDiGraph, d: dict) -> int:
    """Like the macro's index: the period of ``d``'s camp history holding the date of ``g``."""
    day = DATE_OF.get(g) or _dt.date.today().isoformat()
    return bisect.bisect_right(d.get("camp_from") or [""], day) - 1


def camp_at(g: nx.MultiDiGraph, d: dict, prop: str = "camp_values"):
    """Like ``{{camp_at o}}``: an organisation's camp (basis, explanation) on the date of ``g``."""
    values = d.get(prop)
    i = _camp_index(g, d)
    if values is not None and 0 <= i < len(values):
        return values[i]
    return d.get(_CAMP_FALLBACK[prop])


def bases_at(g: nx.MultiDiGraph, d: dict) -> list[dict]:
    """Like ``{{bases_at o}}``: every basis of the camp in that period."""
    i = _camp_index(g, d)
    lists = {key: d.get(prop) or [] for key, prop in BASIS_FIELDS}
    return [{key: lists[key][j] for key, _ in BASIS_FIELDS if key != "period"}
            for j, period in enumerate(lists["period"]) if period == i]


def _orgs(g: nx.MultiDiGraph):
    return (n for n, d in g.nodes(data=True) if "Organisation" in d["labels"])


def _orgs_and_products(g: nx.MultiDiGraph):
    return (n for n, d in g.nodes(data=True) if "Organisation" in d["labels"] or "Product" in d["labels"])


# --------------------------------------------------------------------------- pages from cached orders


@dataclass(frozen=True, slots=True)
class Order:
    """Items sorted by their page key: ``keys[i]`` the sort key (:func:`_key`) of ``items[i]``'s."""

    keys: list
    page_keys: list
    items: list

    def start(self, after) -> int:
        """Where the items after the key ``after`` (a page key, or a prefix of one) begin."""
        return 0 if after is None else bisect.bisect_right(self.keys, _key(*after))

    def page(self, after, limit, take, keep=None) -> list[dict]:
        """``take(item, page_key)`` of the items after ``after`` that ``keep`` admits, at most ``limit``."""
        rows: list[dict] = []
        for i in range(self.start(after), len(self.items)):
            if limit is not None and len(rows) >= limit:
                break
            item = self.items[i]
            if keep is None or keep(item):
                rows.append(take(item, self.page_keys[i]))
        return rows


def _sorted(entries) -> Order:
    """An :class:`Order` of ``(page key, item)`` pairs."""
    entries = sorted(((_key(*k), k, item) for k, item in entries), key=lambda e: e[0])
    return Order([e[0] for e in entries], [e[1] for e in entries], [e[2] for e in entries])


def cached_order(g: nx.MultiDiGraph, what, build: Callable[[], list]) -> Order:
    """The order ``what`` of graph (or view) ``g``: ``build()``'s (page key, item) pairs sorted,
    built once and kept beside the graph (like the other indexes, so it goes with the graph)."""
    cache = _ORDERS.get(g)
    if cache is None:
        cache = _ORDERS[g] = {}
    order = cache.get(what)
    if order is None:
        order = cache[what] = _sorted(build())
    return order


#: Twins whose whole answer is small however big the graph (a few sources, the rare disputed facts) but
#: costs a pass over every node and relationship (stats: a few rows of counts): the answer is kept beside
#: the graph (or as-of view), per parameters.
KEPT_WHOLE = frozenset({"sources", "conflicts", "stats"})


def kept_rows(g: nx.MultiDiGraph, name: str, params: dict) -> list[dict]:
    """The whole answer of twin ``name`` (one of :data:`KEPT_WHOLE`), computed once per graph and parameters."""
    cache = _ORDERS.get(g)
    if cache is None:
        cache = _ORDERS[g] = {}
    what = ("whole", name, tuple(sorted(params.items())))
    rows = cache.get(what)
    if rows is None:
        rows = cache[what] = IMPLEMENTATIONS[name](g, **params)
    return rows


def paged(name: str):
    def register(fn):
        PAGED[name] = fn
        return fn

    return register


# --------------------------------------------------------------------------- relationships around a node


@dataclass(frozen=True, slots=True)
class Hop:
    """One relationship seen from the node a query is about (the centre)."""

    g: nx.MultiDiGraph
    centre: str
    other: str
    key: str  # the relationship id
    rel: dict  # its type and properties
    outgoing: bool  # does it start at the centre?

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


def _other(*props: str):
    """A property of the other end (the first of ``props`` that is set, like ``coalesce``)."""
    return lambda h: next((v for v in map(h.g.nodes[h.other].get, props) if v is not None), None)


def _rel(prop: str):
    return lambda h: h.rel.get(prop)


def _support(props: dict) -> int:
    """Like ``size(coalesce(r.sources, []))``: how many sources support a node or relationship."""
    return len(props.get("sources") or [])


def _source_order(g: nx.MultiDiGraph, ids) -> list[str]:
    """Source ids newest first, like ``ORDER BY s.published IS NULL, s.published DESC, id``
    (``published`` of the Source node; a missing node counts as undated)."""
    published = {sid: _source(g, sid).get("published") for sid in ids}
    dated = sorted(sorted(sid for sid in ids if published[sid] is not None), key=lambda sid: published[sid] or "", reverse=True)
    return dated + sorted(sid for sid in ids if published[sid] is None)


def _source(g: nx.MultiDiGraph, sid: str) -> dict:
    """The Source node called ``sid``, or an empty dict (like an OPTIONAL MATCH that finds nothing)."""
    return g.nodes[sid] if _has(g, sid, "Source") else {}


def _says(props: dict, sid: str) -> list[str]:
    """What source ``sid`` says about a node or relationship, as ``field=value`` texts, in stored order."""
    return [f"{st['field']}={st['value']}" for st in statement_items(props) if st["source"] == sid]


def _quotes(props: dict, sid: str, prefix: str = "evidence") -> list[str]:
    return [e["quote"] for e in evidence_items(props, prefix) if e["source"] == sid]


def _by_source(g: nx.MultiDiGraph, props: dict) -> list[dict]:
    """The ``by_source`` column of ``why``: one map per supporting source, newest first."""
    out = []
    for sid in _source_order(g, props.get("sources") or []):
        s = _source(g, sid)
        out.append({"source": sid, "title": s.get("title"), "publisher": s.get("publisher"),
                    "published": s.get("published"), "quotes": _quotes(props, sid), "says": _says(props, sid)})
    return out


def _evidence_by_source(g: nx.MultiDiGraph, props: dict) -> list[dict]:
    """The evidence of a relationship grouped by source, newest source first, stored order within a source."""
    items = evidence_items(props)
    return [e for sid in _source_order(g, props.get("sources") or []) for e in items if e["source"] == sid]


_ORG, _NODE = ("Organisation",), ("Organisation", "Product")
_TYPE = {"type": lambda h: h.rel["type"]}
_EVIDENCE = {"sources": lambda h: _support(h.rel), "evidence": lambda h: evidence_items(h.rel)}
_DISPUTED = {"disputed": lambda h: list(h.rel.get("disputed") or [])}
_ORG_COLUMNS = {**{c: _other(c) for c in ("id", "name", "kind")}, "camp": lambda h: camp_at(h.g, h.g.nodes[h.other])}
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
                 "sources": lambda h: _support(h.rel), **_DISPUTED,
                 "evidence": lambda h: _evidence_by_source(h.g, h.rel), "by_source": lambda h: _by_source(h.g, h.rel)},
        order=("type", "from_id", "to_id")),
    "relationships": Around(
        centre="node", centre_labels=_NODE, types=None, direction="both", other_labels=OWNED_LABELS,
        columns={**_TYPE, "direction": lambda h: "out" if h.outgoing else "in", "other_id": _other("id"),
                 "other_label": lambda h: _main_label(h.g, h.other), "other_name": _other("name", "title", "metric"),
                 **_DETAILS, "sources": lambda h: _support(h.rel), **_DISPUTED, "evidence": lambda h: evidence_items(h.rel)},
        order=("type", "direction", "other_name", "other_id")),
}


def _any_label(g: nx.MultiDiGraph, node: str, labels: tuple[str, ...]) -> bool:
    return node in g and any(label in g.nodes[node]["labels"] for label in labels)


def _hops(spec: Around, g: nx.MultiDiGraph, params: dict):
    """The hops ``spec`` admits around its centre node (none when the centre has none of its labels)."""
    centre = params[spec.centre]
    if not _any_label(g, centre, spec.centre_labels):
        return
    target = params[spec.other] if spec.other else None
    for other, key, attrs, outgoing in _incident(g, centre, spec.types):
        if (spec.direction == "in" and outgoing) or (spec.direction == "out" and not outgoing):
            continue
        if (target is not None and other != target) or not _any_label(g, other, spec.other_labels):
            continue
        yield Hop(g, centre, other, key, attrs, outgoing)


def around(spec: Around, g: nx.MultiDiGraph, **params) -> list[dict]:
    """The rows of ``spec``: one per relationship of the centre node that the spec admits, sorted."""
    rows: list[tuple[dict[str, Any], str]] = []
    for hop in _hops(spec, g, params):
        rows.append(({column: value(hop) for column, value in spec.columns.items()}, hop.key))
    for row, key in rows:  # the page key of the Cypher: the ORDER BY values, then the relationship id
        row["page_key"] = [o(row) if callable(o) else row[o] for o in spec.order] + [key]
    rows.sort(key=lambda rk: _key(*rk[0]["page_key"]))
    return [row for row, _ in rows]


class _LazyRow(dict):
    """The columns of a hop, each computed when first read (a page key needs only its own)."""

    def __init__(self, hop: Hop, columns: dict):
        super().__init__()
        self.hop, self.columns = hop, columns

    def __missing__(self, column):
        value = self[column] = self.columns[column](self.hop)
        return value


#: A centre with at least this many relationships keeps its order beside the graph.
AROUND_CACHED = 200


def around_page(name: str, spec: Around, g: nx.MultiDiGraph, after, limit, **params) -> list[dict]:
    """A page of ``spec``'s rows: the hops sorted by their page key alone (cached for a big centre),
    then the full rows of those on the page only."""
    centre = params[spec.centre]
    if not _any_label(g, centre, spec.centre_labels):
        return []
    target = params[spec.other] if spec.other else None

    def entries():
        out = []
        for hop in _hops(spec, g, params):
            row = _LazyRow(hop, spec.columns)
            out.append(([o(row) if callable(o) else row[o] for o in spec.order] + [hop.key], hop))
        return out

    cache = _ORDERS.get(g)
    if cache is None:
        cache = _ORDERS[g] = {}
    what = ("around", name, centre, target)
    order = cache.get(what)
    if order is None:
        order = _sorted(entries())
        if len(order.items) >= AROUND_CACHED:  # (the degree of a node of an as-of view costs a pass too)
            cache[what] = order
    return order.page(after, limit, lambda hop, key: {**{c: f(hop) for c, f in spec.columns.items()}, "page_key": key})


for _name, _spec in AROUND.items():
    IMPLEMENTATIONS[_name] = partial(around, _spec)
    PAGED[_name] = partial(around_page, _name, _spec)


# --------------------------------------------------------------------------- other queries


def _camp_row(g: nx.MultiDiGraph, node: str) -> dict:
    """Like the camp and camp-of queries: the camp on the date of ``g``, every basis, and the evidence
    (a stated camp's quotes, else those of the relationships the rules used, by relationship id)."""
    d = g.nodes[node]
    basis, bases = camp_at(g, d, "camp_bases"), bases_at(g, d)
    inferred = [b for b in bases if b["kind"] == "inferred"]
    if basis == "stated":
        evidence = evidence_items(d, "camp_evidence")
    else:
        wanted = {b["relationship"] for b in inferred}
        # the Cypher matches these relationships whatever the date: read them on the graph under an as-of
        # view (whose filtered adjacency also costs a test per relationship)
        base = getattr(g, "_graph", g)
        rels = sorted(((key, attrs) for _other_end, key, attrs, _out in _incident(base, node) if key in wanted),
                      key=lambda ka: ka[0])
        evidence = [item for _key_, attrs in rels for item in evidence_items(attrs)]
    return {"id": d["id"], "name": d.get("name"), "kind": d.get("kind"), "camp": camp_at(g, d),
            "basis": basis, "rule": inferred[0]["rule"] if basis == "inferred" and inferred else None,
            "via": inferred[0]["via"] if basis == "inferred" and inferred else None,
            "explanation": camp_at(g, d, "camp_explanations"), "bases": bases, "evidence": evidence}


@implements("camp")
def camp(g, camp):
    return _sorted(_camp_entries(g, camp)).page(None, None, lambda n, key: {**_camp_row(g, n), "page_key": key})


def _camp_entries(g: nx.MultiDiGraph, camp: str) -> list:
    """(page key, node) of the organisations of ``camp`` on ``g``'s date."""
    return [([g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in _orgs(g) if camp_at(g, g.nodes[n]) == camp]


@paged("camp")
def camp_page(g, after, limit, camp):
    order = cached_order(g, ("camp", camp), lambda: _camp_entries(g, camp))
    return order.page(after, limit, lambda n, key: {**_camp_row(g, n), "page_key": key})


@implements("camp-of")
def camp_of(g, org):
    return [_camp_row(g, org)] if _has(g, org, "Organisation") else []


@implements("rivalries")
def rivalries(g):
    return _sorted(_rivalry_entries(g)).page(None, None, _rivalry_row)


def _rivalry_entries(g: nx.MultiDiGraph) -> list:
    """(page key, (open end, closed end, competes-with)) of every cross-camp rivalry on ``g``'s date."""
    out = []
    for a, b, key, attrs in g.edges(keys=True, data=True):
        if attrs["type"] != "COMPETES_WITH":
            continue
        for x, y in ((a, b), (b, a)):
            dx, dy = g.nodes[x], g.nodes[y]
            if camp_at(g, dx) == "open" and camp_at(g, dy) == "closed":
                out.append(([dx.get("name"), dy.get("name"), dx["id"], dy["id"], key], (dx, dy, attrs)))
    return out


def _rivalry_row(item, key) -> dict:
    dx, dy, attrs = item
    return {"open_id": dx["id"], "open_name": dx.get("name"), "open_kind": dx.get("kind"),
            "closed_id": dy["id"], "closed_name": dy.get("name"), "closed_kind": dy.get("kind"),
            "sources": _support(attrs), "evidence": evidence_items(attrs), "page_key": key}


@paged("rivalries")
def rivalries_page(g, after, limit):
    return cached_order(g, "rivalries", lambda: _rivalry_entries(g)).page(after, limit, _rivalry_row)


def _path_index(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """The adjacency `path` travels: each node to its neighbours along the path relationship types,
    either direction, each once; built once per graph (the embedded graph is not changed after it
    is built). The relationships of a hop are read from the graph itself."""
    cached = _PATH_INDEX.get(g)
    if cached is None:
        sets: dict[str, set[str]] = {}
        for u, v, attrs in g.edges(data=True):
            if attrs["type"] in PATH_TYPES and u != v:
                sets.setdefault(u, set()).add(v)
                sets.setdefault(v, set()).add(u)
        cached = _PATH_INDEX[g] = {n: list(ns) for n, ns in sets.items()}
    return cached


def _hop_options(g: nx.MultiDiGraph, x: str, y: str) -> list[tuple[str, str, dict]]:
    """The path relationships between ``x`` and ``y`` either way, as (id, start node, attrs), by id."""
    found = [(key, x, attrs) for key, attrs in g.adj[x].get(y, {}).items() if attrs["type"] in PATH_TYPES]
    found += [(key, y, attrs) for key, attrs in g.adj[y].get(x, {}).items() if attrs["type"] in PATH_TYPES]
    return sorted(found, key=lambda h: h[0])


def _shortest_nodes(adj: dict[str, list[str]], a: str, b: str, limit: int) -> list[str] | None:
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


@implements("path")
def path(g, **params):
    a, b = params["from"], params["to"]
    if _node_of(g, a) is None or _node_of(g, b) is None or a == b:
        return []
    adj = _path_index(g)
    if a not in adj or b not in adj:
        return []
    nodes = _shortest_nodes(adj, a, b, MAX_PATH_HOPS)
    if nodes is None:
        return []
    # Like ORDER BY [node ids], [relationship ids] LIMIT 1: for the chosen node sequence the
    # smallest relationship ids are the first of each hop's sorted options.
    rows = []
    for i in range(len(nodes) - 1):
        key, start, attrs = _hop_options(g, nodes[i], nodes[i + 1])[0]
        x, y = g.nodes[nodes[i]], g.nodes[nodes[i + 1]]
        rows.append({"step": i + 1, "from_id": x["id"], "from_name": x.get("name"), "type": attrs["type"],
                     "direction": "->" if start == nodes[i] else "<-", "to_id": y["id"], "to_name": y.get("name"),
                     "sources": _support(attrs), "evidence": evidence_items(attrs)})
    return rows


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
             "camp": camp_at(g, d), "basis": camp_at(g, d, "camp_bases"),
             "explanation": camp_at(g, d, "camp_explanations"), "released": d.get("launched"),
             "grade": d.get("openness_grade"), "components": None if d.get("openness_grade") is None else
             {c.name: d.get(c.prop) for c in OPENNESS_COMPONENTS.values()},
             "disputed": list(d.get("disputed") or [])}]


@implements("search")
def search(g, text):
    rows = []
    for n in _orgs_and_products(g):
        d = g.nodes[n]
        keys = d.get("search_text") or ""
        if text in keys:
            rank = 0 if f"|{text}|" in keys else 1
            rows.append(({"id": d["id"], "label": _main_label(g, n), "name": d.get("name"), "kind": d.get("kind"),
                          "camp": camp_at(g, d), "page_key": [rank, d.get("name"), d["id"]]}, rank))
    rows.sort(key=lambda rk: _key(*rk[0]["page_key"]))
    return [r for r, _ in rows]


@paged("search")
def search_page(g, after, limit, text):
    """Exact matches from the name index, then the others in the cached name order (no full sort)."""
    if "|" in text or not text:
        return None
    take = lambda n, key: {"id": g.nodes[n]["id"], "label": _main_label(g, n), "name": g.nodes[n].get("name"),
                           "kind": g.nodes[n].get("kind"), "camp": camp_at(g, g.nodes[n]), "page_key": key}
    exact = set(_name_index(g).get(text, ()))
    rows = _sorted(([0, g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in exact).page(after, limit, take)
    if limit is not None and len(rows) >= limit:
        return rows
    by_name = cached_order(g, "by-name", lambda: [([g.nodes[n].get("name"), g.nodes[n]["id"]], n)
                                                  for n in _orgs_and_products(g)])
    if after is None or _key(after[0]) < _key(1):
        start = None
    elif after[0] == 1 and not isinstance(after[0], bool):
        start = after[1:]
    else:
        return rows
    more = by_name.page(start, None if limit is None else limit - len(rows),
                        lambda n, key: take(n, [1, *key]),
                        lambda n: n not in exact and text in (g.nodes[n].get("search_text") or ""))
    return rows + more


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
    return _sorted(_name_entries(g)).page(None, None, _name_row)


def _name_entries(g: nx.MultiDiGraph) -> list:
    return [([_main_label(g, n), g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in _orgs_and_products(g)]


def _name_row(n, key) -> dict:
    return {"id": key[2], "label": key[0], "name": key[1], "page_key": key}


@paged("names")
def names_page(g, after, limit):
    return cached_order(g, "names", lambda: _name_entries(g)).page(after, limit, _name_row)


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
            add("camp", camp_at(g, d))
    for u, v, attrs in g.edges(data=True):
        if _main_label(g, u) and _main_label(g, v):
            add("relationship-type", attrs["type"])
    rows = [{"category": c, "value": v, "count": n} for (c, v), n in counts.items()]
    rows.sort(key=lambda r: _key(r["category"], r["value"]))
    return rows


# --------------------------------------------------------------------------- sources and their disagreements

_FACT_LABELS = ("Organisation", "Product", "Claim")


def _facts(g: nx.MultiDiGraph):
    """Every node and relationship a source can support, as in ``source`` and ``conflicts``:
    (what, id, label or type, name, properties); nodes first."""
    for n, d in g.nodes(data=True):
        if any(label in d["labels"] for label in _FACT_LABELS):
            name = d.get("name") if d.get("name") is not None else d.get("metric")
            yield "node", d["id"], _main_label(g, n), name, d
    for a, b, attrs in g.edges(data=True):
        yield "relationship", attrs["id"], attrs["type"], f"{_display(g.nodes[a])} -> {_display(g.nodes[b])}", attrs


def _display(d: dict):
    """Like ``coalesce(n.name, n.title, n.metric, n.id)``."""
    return next(v for v in (d.get("name"), d.get("title"), d.get("metric"), d.get("id")) if v is not None)


@implements("sources")
def sources(g):
    supported = [d.get("sources") for what, *_, d in _facts(g) if d.get("sources") is not None]
    ids = [d["id"] for n, d in g.nodes(data=True) if "Source" in d["labels"]]
    rows = []
    for sid in _source_order(g, ids):
        d = _source(g, sid)
        rows.append({"id": sid, "title": d.get("title"), "publisher": d.get("publisher"), "published": d.get("published"),
                     "retrieved": d.get("retrieved"), "url": d.get("url"),
                     "facts": sum(1 for s in supported if sid in s), "only": sum(1 for s in supported if list(s) == [sid]),
                     "page_key": [d.get("published"), sid]})
    return rows


@implements("source")
def source(g, id):  # noqa: A002 (the query's parameter name)
    rows = []
    for what, fid, label, name, d in _facts(g):
        if id in (d.get("sources") or []):
            rows.append({"what": what, "id": fid, "label": label, "name": name, "says": _says(d, id),
                         "quotes": _quotes(d, id) + _quotes(d, id, "camp_evidence"), "alone": list(d["sources"]) == [id],
                         "page_key": [what, label, name, fid]})
    rows.sort(key=lambda r: _key(*r["page_key"]))
    return rows


@implements("conflicts")
def conflicts(g):
    rows = []
    for what, fid, label, name, d in _facts(g):
        disputed = d.get("disputed")
        if disputed is None:
            continue
        groups: dict[tuple[str, str], list[str]] = {}
        for st in statement_items(d):
            if st["field"] in disputed:
                groups.setdefault((st["field"], st["value"]), []).append(st["source"])
        for (field, value), ids in groups.items():
            shown = d.get(field) is not None and value_text(d[field]) == value
            rows.append({"what": what, "id": fid, "label": label, "name": name, "field": field, "value": value,
                         "sources": ids, "shown": shown, "page_key": [what, fid, field, shown, value]})
    rows.sort(key=lambda r: _key(r["what"], r["id"], r["field"], not r["shown"], r["value"]))
    return rows


# --------------------------------------------------------------------------- what changed: the timeline

#: Relationship types with dated events: (event when it began, event when it ended).
_SPANS = {"MEMBER_OF": ("joined", "left"), "PARTNERS_WITH": ("partnership began", "partnership ended"),
          "COMPETES_WITH": ("competition began", "competition ended")}
#: Events of one date, in this order (as the CASE of the ORDER BY in timeline.cypher).
_EVENT_ORDER = ("founded", "joined", "partnership began", "competition began", "launched", "figure", "forecast",
                "left", "partnership ended")


def _said(props: dict, field: str, value: str) -> list[str]:
    """The sources stating ``field`` = ``value`` (text) of a node or relationship, in stored order."""
    return [st["source"] for st in statement_items(props) if st["field"] == field and st["value"] == value]


def _member_count(g: nx.MultiDiGraph, alliance: str, day: str) -> int:
    """How many memberships of ``alliance`` hold on ``day`` (the macro ``{{holds m day}}``)."""
    return sum(1 for o, _, d in g.in_edges(alliance, data=True)
               if d["type"] == "MEMBER_OF" and _has(g, o, "Organisation") and holds(d, day))


def _span_events(g: nx.MultiDiGraph):
    for a, b, d in g.edges(data=True):
        if d["type"] not in _SPANS or not (_has(g, a, "Organisation") and _has(g, b, "Organisation")):
            continue
        for i, field in enumerate(("since", "until")):
            value = d.get(field)
            if value is None:
                continue
            unknown = value == UNKNOWN_END
            day = None
            if d["type"] == "MEMBER_OF" and not unknown:
                day = d["valid_from"] if field == "since" else day_after(d["valid_to"])
            detail = d.get("role") if d.get("role") is not None else d.get("kind")
            if unknown:
                detail = ("" if detail is None else detail + "; ") + "ended, date unknown"
            x, y = g.nodes[a], g.nodes[b]
            yield {"date": None if unknown else value, "event": _SPANS[d["type"]][i],
                   "subject_id": x["id"], "subject": x.get("name"), "object_id": y["id"], "object": y.get("name"),
                   "detail": detail, "members": None if day is None else _member_count(g, b, day),
                   "said": _said(d, field, value), "ev": evidence_items(d), "supporting": d.get("sources"),
                   "involved": [x["id"], y["id"]]}


def _founded_events(g: nx.MultiDiGraph):
    founders: dict[str, list[tuple[str, dict]]] = {}
    for o, al, d in g.edges(data=True):
        if (d["type"] == "MEMBER_OF" and d.get("role") == "founder" and d.get("since") is not None
                and _has(g, o, "Organisation") and _has(g, al, "Organisation")):
            founders.setdefault(al, []).append((o, d))
    for al, rels in founders.items():
        first = min(d["valid_from"] for _, d in rels)
        firsts = sorted(((o, d) for o, d in rels if d["valid_from"] == first),
                        key=lambda od: _key(g.nodes[od[0]].get("name"), g.nodes[od[0]]["id"]))
        ev: list[dict] = []
        for _, d in firsts:
            ev += [e for e in evidence_items(d) if e not in ev]
        supporting: list[str] = []
        for _, d in firsts:
            supporting += [s for s in d.get("sources") or [] if s not in supporting]
        a = g.nodes[al]
        yield {"date": firsts[0][1]["since"], "event": "founded", "subject_id": a["id"], "subject": a.get("name"),
               "object_id": None, "object": None,
               "detail": "founders: " + ", ".join(g.nodes[o].get("name") for o, _ in firsts),
               "members": _member_count(g, al, first),
               "said": [s for _, d in firsts for s in _said(d, "since", d["since"])], "ev": ev,
               "supporting": supporting, "involved": [a["id"], *(g.nodes[o]["id"] for o, _ in firsts)]}


def _launch_events(g: nx.MultiDiGraph):
    for n, p in g.nodes(data=True):
        if "Product" not in p["labels"] or p.get("launched") is None:
            continue
        devs = sorted({g.nodes[o]["id"] for o, _, d in g.in_edges(n, data=True)
                       if d["type"] == "DEVELOPS" and _has(g, o, "Organisation")})
        yield {"date": p["launched"], "event": "launched", "subject_id": p["id"], "subject": p.get("name"),
               "object_id": devs[0] if devs else None, "object": g.nodes[devs[0]].get("name") if devs else None,
               "detail": p.get("kind"), "members": None, "said": _said(p, "launched", p["launched"]),
               "ev": evidence_items(p), "supporting": p.get("sources"), "involved": [p["id"], *devs]}


def _figure_events(g: nx.MultiDiGraph):
    for n, c in g.nodes(data=True):
        if "Claim" not in c["labels"] or c.get("year") is None:
            continue
        abouts = sorted((g.nodes[t] for _, t, d in g.out_edges(n, data=True) if d["type"] == "ABOUT"),
                        key=lambda t: t["id"])
        bys = sorted((g.nodes[s] for s, _, d in g.in_edges(n, data=True) if d["type"] == "STATES"),
                     key=lambda s: s["id"])
        about, by = (abouts[0] if abouts else None), (bys[0] if bys else None)
        qualifier = "" if c["qualifier"] == "exact" else c["qualifier"].replace("-", " ") + " "
        stated = "" if by is None else ", stated by " + next(v for v in (by.get("name"), by.get("title"), by["id"])
                                                               if v is not None)
        year = value_text(c["year"])
        yield {"date": year, "event": c.get("kind"), "subject_id": c["id"], "subject": c.get("metric"),
               "object_id": about["id"] if about else None, "object": about.get("name") if about else None,
               "detail": f"{qualifier}{value_text(c['value'])} {c['unit']}{stated}", "members": None,
               "said": _said(c, "year", year), "ev": evidence_items(c), "supporting": c.get("sources"),
               "involved": [t["id"] for t in (about, by) if t is not None]}


def _timeline(g: nx.MultiDiGraph, node: str | None = None) -> list[dict]:
    rows = []
    for event in (*_span_events(g), *_founded_events(g), *_launch_events(g), *_figure_events(g)):
        if node is not None and node not in event["involved"]:
            continue
        said = list(dict.fromkeys(event["said"]))
        dated = [e for e in event["ev"] if e["source"] in said]
        rows.append({**{k: event[k] for k in ("date", "event", "subject_id", "subject", "object_id", "object",
                                              "detail", "members")},
                     "sources": len(said) if said else len(event["supporting"] or []),
                     "evidence": dated or event["ev"]})
    rank = {e: i for i, e in enumerate(_EVENT_ORDER)}
    for r in rows:
        r["page_key"] = [r["date"], rank.get(r["event"], len(rank)), r["subject"], r["subject_id"], r["object"],
                         r["object_id"]]
    rows.sort(key=lambda r: _key(*r["page_key"]))
    return rows


@implements("timeline")
def timeline(g):
    return _timeline(g)


@implements("timeline-of")
def timeline_of(g, node):
    return _timeline(g, node) if _node_of(g, node) is not None else []


# --------------------------------------------------------------------------- openness


def released(g: nx.MultiDiGraph, d: dict) -> bool:
    """Like ``{{released p}}``: product ``d`` released by the date of ``g`` (today for all time)."""
    launched = d.get("launched")
    return launched is None or launched <= (DATE_OF.get(g) or _dt.date.today().isoformat())


@implements("openness")
def openness(g, org=None):
    rows = []
    for o, p, attrs in g.edges(data="type"):
        if attrs != "DEVELOPS" or (org is not None and o != org):
            continue
        od, pd = g.nodes[o], g.nodes[p]
        if "Organisation" not in od["labels"] or "Product" not in pd["labels"] or pd.get("openness_grade") is None:
            continue
        if not released(g, pd):
            continue
        items = evidence_items(pd, "openness_evidence")
        components = pd.get("openness_evidence_components") or []
        rows.append({"org_id": o, "org_name": od.get("name"), "id": p, "name": pd.get("name"),
                     "released": pd.get("launched"), "grade": pd.get("openness_grade"),
                     "weights": pd.get("weights"), "licence": pd.get("licence"),
                     "components": {c.name: pd.get(c.prop) for c in OPENNESS_COMPONENTS.values()},
                     "disputed": list(pd.get("disputed") or []),
                     "evidence": [{"component": c, **item} for c, item in zip(components, items)]})
    rows.sort(key=lambda r: _key(r["org_name"], r["org_id"], r["released"], r["name"], r["id"]))
    return rows
