"""Twins of the camp queries: ``camp``, ``camp-of``, ``rivalries``, ``openness``."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import OPENNESS_COMPONENTS
from ...rows import evidence_items
from .base import Listing, View, bases_at, camp_at, has, incident, one, orgs, released, support


#: A rivalry: the open end's properties, the closed end's, the competes-with relationship's.
_Rivalry = tuple[dict, dict, dict]


def camp_row(view: View, node: str) -> dict:
    """Like the camp and camp-of queries: the camp on the view's day, every basis, and the evidence
    (a stated camp's quotes, else those of the relationships the rules used, by relationship id)."""
    d = view.graph.nodes[node]
    basis, bases = camp_at(view, d, "camp_bases"), bases_at(view, d)
    inferred = [b for b in bases if b["kind"] == "inferred"]
    if basis == "stated":
        evidence = evidence_items(d, "camp_evidence")
    else:
        wanted = {b["relationship"] for b in inferred}
        # the Cypher matches these relationships whatever the date: read them on the whole graph
        rels = sorted(((key, attrs) for _other_end, key, attrs, _out in incident(view.whole, node) if key in wanted),
                      key=lambda ka: ka[0])
        evidence = [item for _key, attrs in rels for item in evidence_items(attrs)]
    return {"id": d["id"], "name": d.get("name"), "kind": d.get("kind"), "camp": camp_at(view, d),
            "basis": basis, "rule": inferred[0]["rule"] if basis == "inferred" and inferred else None,
            "via": inferred[0]["via"] if basis == "inferred" and inferred else None,
            "explanation": camp_at(view, d, "camp_explanations"), "bases": bases, "evidence": evidence}


def _camp(view: View, params: dict) -> list[tuple[list, str]]:
    """(page key, node) of the organisations of the camp asked, on the view's day."""
    g, camp = view.graph, params["camp"]
    return [([g.nodes[n].get("name"), g.nodes[n]["id"]], n) for n in orgs(g) if camp_at(view, g.nodes[n]) == camp]


def _rivalries(view: View, params: dict) -> Iterator[tuple[list, _Rivalry]]:
    """(page key, (open end, closed end, competes-with)) of every cross-camp rivalry on the view's day."""
    g = view.graph
    for a, b, key, attrs in g.edges(keys=True, data=True):
        if attrs["type"] != "COMPETES_WITH":
            continue
        for x, y in ((a, b), (b, a)):
            dx, dy = g.nodes[x], g.nodes[y]
            if camp_at(view, dx) == "open" and camp_at(view, dy) == "closed":
                yield [dx.get("name"), dy.get("name"), dx["id"], dy["id"], key], (dx, dy, attrs)


def _rivalry_row(view: View, item: _Rivalry, key: list) -> dict:
    dx, dy, attrs = item
    return {"open_id": dx["id"], "open_name": dx.get("name"), "open_kind": dx.get("kind"),
            "closed_id": dy["id"], "closed_name": dy.get("name"), "closed_kind": dy.get("kind"),
            "sources": support(attrs), "evidence": evidence_items(attrs), "page_key": key}


def _openness(view: View, params: dict) -> Iterator[tuple[list, tuple[dict, dict]]]:
    """(page key, (organisation, model)) of the graded models developed (by ``org``), released on the view's day."""
    g, org = view.graph, params.get("org")
    for o, p, rtype in g.edges(data="type"):
        if rtype != "DEVELOPS" or (org is not None and o != org):
            continue
        od, pd = g.nodes[o], g.nodes[p]
        if "Organisation" not in od["labels"] or "Product" not in pd["labels"] or pd.get("openness_grade") is None:
            continue
        if released(view, pd):
            yield [od.get("name"), o, pd.get("launched"), pd.get("name"), p], (od, pd)


def _openness_row(view: View, item: tuple[dict, dict], key: list) -> dict:
    od, pd = item
    items = evidence_items(pd, "openness_evidence")
    components = pd.get("openness_evidence_components") or []
    return {"org_id": od["id"], "org_name": od.get("name"), "id": pd["id"], "name": pd.get("name"),
            "released": pd.get("launched"), "grade": pd.get("openness_grade"),
            "weights": pd.get("weights"), "licence": pd.get("licence"),
            "components": {c.name: pd.get(c.prop) for c in OPENNESS_COMPONENTS.values()},
            "disputed": list(pd.get("disputed") or []),
            "evidence": [{"component": c, **item} for c, item in zip(components, items, strict=True)]}


LISTINGS = {
    "camp": Listing(_camp, lambda view, n, key: {**camp_row(view, n), "page_key": key}, kept=0),
    "camp-of": one(lambda view, params: camp_row(view, params["org"]) if has(view.graph, params["org"], "Organisation")
                   else None),
    "rivalries": Listing(_rivalries, _rivalry_row, kept=0),
    "openness": Listing(_openness, _openness_row),
}
