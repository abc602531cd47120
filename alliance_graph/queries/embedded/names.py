"""Twins of the queries about names and counts: ``names``, ``search``, ``resolve``, ``profile``, ``stats``."""

from __future__ import annotations

from ...model import OPENNESS_COMPONENTS
from .base import Listing, Order, Ranked, View, camp_at, label_of, node_of, one, orgs_and_products, sorted_order


def _names(view: View, params: dict) -> list[tuple[list, str]]:
    g = view.graph
    return [([label_of(g, n), g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in orgs_and_products(g)]


def _by_name(view: View) -> Order:
    """Organisations and products by name, then id (kept in the view: every search reads it)."""
    order = view.orders.get("by-name")
    if order is None:
        g = view.graph
        order = view.orders["by-name"] = sorted_order(
            ([g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in orgs_and_products(g))
    return order


def _search(view: View, params: dict) -> Ranked:
    """Exact matches (rank 0: the text is a whole search key, found in the name index), then the nodes
    whose search keys contain it (rank 1), read in the kept name order: a page stops after its rows."""
    g, text = view.graph, params["text"]
    if text and "|" not in text:
        exact = set(view.name_index.get(text, ()))
    else:
        exact = {n for n in orgs_and_products(g) if f"|{text}|" in (g.nodes[n].get("search_text") or "")}
    first = sorted_order(([g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in exact)
    rest = (lambda n: n not in exact and text in (g.nodes[n].get("search_text") or ""))
    return Ranked(((0, first, None), (1, _by_name(view), rest)))


def _search_row(view: View, n: str, key: list) -> dict:
    d = view.graph.nodes[n]
    return {"id": d["id"], "label": label_of(view.graph, n), "name": d.get("name"), "kind": d.get("kind"),
            "camp": camp_at(view, d), "page_key": key}


def _resolve(view: View, params: dict) -> list[tuple[list, str]]:
    g = view.graph
    return [([label_of(g, n), g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in view.name_index.get(params["text"], [])]


def _profile(view: View, params: dict) -> dict | None:
    g, node = view.graph, params["node"]
    d = node_of(g, node)
    if d is None:
        return None
    return {"id": d["id"], "label": label_of(g, node), "name": d.get("name"), "kind": d.get("kind"),
            "aliases": list(d.get("aliases") or []), "country": d.get("country"), "description": d.get("description"),
            "camp": camp_at(view, d), "basis": camp_at(view, d, "camp_bases"),
            "explanation": camp_at(view, d, "camp_explanations"), "released": d.get("launched"),
            "grade": d.get("openness_grade"), "components": None if d.get("openness_grade") is None else
            {c.name: d.get(c.prop) for c in OPENNESS_COMPONENTS.values()},
            "disputed": list(d.get("disputed") or [])}


def _stats(view: View, params: dict) -> list[tuple[list, int]]:
    g = view.graph
    counts: dict[tuple[str, str | None], int] = {}

    def add(category: str, value: str | None) -> None:
        counts[(category, value)] = counts.get((category, value), 0) + 1

    for n, d in g.nodes(data=True):
        label = label_of(g, n)
        if label is None:
            continue
        add("label", label)
        if label == "Organisation":
            add("organisation-kind", d.get("kind"))
            add("camp", camp_at(view, d))
    for u, v, rtype in g.edges(data="type"):
        if label_of(g, u) and label_of(g, v):
            add("relationship-type", rtype)
    return [([category, value], count) for (category, value), count in counts.items()]


LISTINGS = {
    "names": Listing(_names, lambda view, n, key: {"id": key[2], "label": key[0], "name": key[1], "page_key": key},
                     kept=0),
    "search": Listing(_search, _search_row),
    "resolve": Listing(_resolve, lambda view, n, key: {"id": key[2], "label": key[0], "name": key[1]}),
    "profile": one(_profile),
    "stats": Listing(_stats, lambda view, count, key: {"category": key[0], "value": key[1], "count": count}, kept=0),
}
