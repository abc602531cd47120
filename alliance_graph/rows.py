"""A validated dataset as graph rows: the one shape both stores are built from.

Each node row is ``(labels, properties)`` and each relationship row is
``(type, start id, end id, properties)``, with Neo4j types (upper case) and
only values Neo4j can store: texts, numbers and lists of texts. Properties that
would be empty are left out, in both stores alike, so that the embedded graph
and Neo4j hold exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .camps import infer_camps
from .model import ALLIANCE_LABEL, CAMP_LABELS, REL_TYPES, Dataset, Evidence
from .text import search_text


@dataclass(frozen=True, slots=True)
class NodeRow:
    label: str  # the main label: Organisation, Product, Claim or Source
    extra_labels: tuple[str, ...]  # from CAMP_LABELS and ALLIANCE_LABEL only
    props: dict

    @property
    def id(self) -> str:
        return self.props["id"]


@dataclass(frozen=True, slots=True)
class RelRow:
    type: str  # a Neo4j type of the allow-list
    start: str
    end: str
    props: dict

    @property
    def id(self) -> str:
        return self.props["id"]


# How evidence is stored: Neo4j properties cannot hold maps, so a list of evidence items becomes one
# list property per field, ``<prefix>_<suffix>``, item i of each list belonging to item i of the evidence
# (``""`` stands for a missing value, lists cannot hold nulls). This table is the one definition: the
# encoding below, the decoding in Python (:func:`evidence_items`) and in Cypher (the registry macro
# ``{{evidence r}}``) are generated from it. The first field is present in every item.
EVIDENCE_FIELDS: tuple[tuple[str, str], ...] = (  # (field of model.Evidence, property suffix)
    ("source", "sources"),
    ("quote", "quotes"),
    ("via", "via"),
)


def evidence_props(evidence: tuple[Evidence, ...], prefix: str = "evidence") -> dict:
    """Parallel lists, since Neo4j properties cannot hold maps.

    >>> evidence_props((Evidence("s1", "a quote", "wsj"),))
    {'evidence_sources': ['s1'], 'evidence_quotes': ['a quote'], 'evidence_via': ['wsj']}
    """
    if not evidence:
        return {}
    return {f"{prefix}_{suffix}": [_stored(getattr(e, field)) for e in evidence] for field, suffix in EVIDENCE_FIELDS}


def _stored(value):
    return "" if value is None else value


def evidence_items(props: dict, prefix: str = "evidence") -> list[dict]:
    """The evidence stored by :func:`evidence_props`, as the queries return it: one map per item.

    >>> evidence_items(evidence_props((Evidence("s1", "a quote"),)))
    [{'source': 's1', 'quote': 'a quote', 'via': ''}]
    """
    lists = [(field, props.get(f"{prefix}_{suffix}") or []) for field, suffix in EVIDENCE_FIELDS]
    count = len(lists[0][1])
    return [{field: values[i] if i < len(values) else None for field, values in lists} for i in range(count)]


def _clean(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ()}


def graph_rows(ds: Dataset) -> tuple[list[NodeRow], list[RelRow]]:
    """Turn ``ds`` into node and relationship rows, in a stable order."""
    camps = infer_camps(ds)
    nodes: list[NodeRow] = []
    for s in ds.sources.values():
        nodes.append(NodeRow("Source", (), _clean({
            "id": s.id, "title": s.title, "language": s.language, "publisher": s.publisher,
            "published": s.published, "url": s.url, "description": s.description})))
    for o in ds.organisations.values():
        c = camps[o.id]
        extra = ((CAMP_LABELS[c.camp],) if c.camp in CAMP_LABELS else ()) + ((ALLIANCE_LABEL,) if o.kind == "alliance" else ())
        nodes.append(NodeRow("Organisation", extra, _clean({
            "id": o.id, "name": o.name, "kind": o.kind, "aliases": list(o.aliases), "country": o.country,
            "description": o.description, "camp": c.camp, "camp_basis": c.basis, "camp_rule": c.rule,
            "camp_via": c.via, "camp_explanation": c.explanation,
            **evidence_props(c.evidence, "camp_evidence"), **evidence_props(o.evidence),
            "search_text": search_text(o.id, o.name, o.aliases)})))
    for p in ds.products.values():
        nodes.append(NodeRow("Product", (), _clean({
            "id": p.id, "name": p.name, "kind": p.kind, "aliases": list(p.aliases), "launched": p.launched,
            **evidence_props(p.evidence), "search_text": search_text(p.id, p.name, p.aliases)})))
    for c in ds.claims.values():
        nodes.append(NodeRow("Claim", (), _clean({
            "id": c.id, "kind": c.kind, "metric": c.metric, "value": c.value, "unit": c.unit, "year": c.year,
            "qualifier": c.qualifier, **evidence_props(c.evidence)})))
    rels = [
        RelRow(REL_TYPES[r.type].neo4j_type, r.source, r.target, _clean({
            "id": r.id, "role": r.role, "kind": r.kind, "since": r.since, "until": r.until,
            **evidence_props(r.evidence)}))
        for r in ds.relationships.values()
    ]
    return nodes, rels
