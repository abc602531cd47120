"""A validated dataset as graph rows: the one shape both stores are built from.

Each node row is ``(labels, properties)`` and each relationship row is
``(type, start id, end id, properties)``, with Neo4j types (upper case) and
only values Neo4j can store: texts, numbers and lists of texts. Properties that
would be empty are left out, in both stores alike, so that the embedded graph
and Neo4j hold exactly the same thing.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

from dataclasses import dataclass, replace

import datetime as _dt

from .camps import CampAssignment, camp_on, camp_periods
from .dates import relationship_validity
from .merge import supporting_sources, value_from_text, value_text
from .model import ALLIANCE_LABEL, CAMP_LABELS, RECORDS, REL_TYPES, Dataset, Evidence, Statement
from .record_fields import from_props, to_props
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


# How statements are stored: three parallel lists, item i of each belonging to statement i;
# values as text (merge.value_text), read back by merge.value_from_text. Like EVIDENCE_FIELDS,
# this table is the one definition: the decoding in Python (:func:`statement_items`) and in
# Cypher (the registry macro ``{{statements x}}``) are generated from it.
STATEMENT_FIELDS: tuple[tuple[str, str], ...] = (  # (field of model.Statement, stored property)
    ("field", "statement_fields"),
    ("value", "statement_values"),
    ("source", "statement_sources"),
)
STATEMENT_PROPS = tuple(prop for _, prop in STATEMENT_FIELDS)


def statement_items(props: dict) -> list[dict]:
    """The statements stored by :func:`provenance_props`, as the queries return them: one map
    ``{field, value, source}`` per statement, values as stored (text), in stored order.

    >>> from alliance_graph.model import Product
    >>> statement_items(provenance_props(Product("x", "X", "model", statements=(Statement("name", "X", "s1"),))))
    [{'field': 'name', 'value': 'X', 'source': 's1'}]
    """
    lists = [(key, props.get(prop) or []) for key, prop in STATEMENT_FIELDS]
    return [{key: values[i] for key, values in lists} for i in range(len(lists[0][1]))]


def openness_props(product) -> dict:
    """A product's openness as stored: one ``openness_<component>`` property per component shown,
    its grade (alliance_graph/openness.py), and the quotes behind the components as parallel lists
    (``openness_evidence_*``, ``openness_evidence_components`` naming each one's component).

    >>> from alliance_graph.model import Product
    >>> p = Product("m", "M", "model", openness=(("weights", "downloadable"), ("licence", "MIT")),
    ...             openness_evidence=(("licence", Evidence("s", "MIT licence")),))
    >>> openness_props(p)["openness_grade"], openness_props(p)["openness_evidence_components"]
    ('open-model', ['licence'])
    """
    from .model import OPENNESS_COMPONENTS
    from .openness import grade

    if not product.openness and not product.openness_evidence:
        return {}
    shown = dict(product.openness)
    out: dict = {OPENNESS_COMPONENTS[c].prop: v for c, v in product.openness}
    out["openness_grade"] = grade(shown)
    out["openness_evidence_components"] = [c for c, _e in product.openness_evidence]
    out.update(evidence_props(tuple(e for _c, e in product.openness_evidence), "openness_evidence"))
    return out


def provenance_props(entity) -> dict:
    """What every source says about ``entity`` (its statements), who supports it (``sources``,
    sorted) and the fields they disagree on (``disputed``).

    >>> from alliance_graph.model import Product
    >>> provenance_props(Product("x", "X", "model", statements=(Statement("name", "X", "s1"),)))
    {'statement_fields': ['name'], 'statement_values': ['X'], 'statement_sources': ['s1'], 'sources': ['s1'], 'disputed': []}
    """
    st = entity.statements
    return {"statement_fields": [s.field for s in st], "statement_values": [value_text(s.value) for s in st],
            "statement_sources": [s.source for s in st], "sources": list(supporting_sources(entity)),
            "disputed": list(entity.disputed)}


def statements_of(props: dict) -> tuple[Statement, ...]:
    """The statements stored by :func:`provenance_props`."""
    fields, values, sources = (props.get(k) or [] for k in STATEMENT_PROPS)
    return tuple(Statement(f, value_from_text(f, v), s) for f, v, s in zip(fields, values, sources, strict=True))


#: Per period of an organisation's camp history (``camp_from[i]`` its first day, "" as far back as
#: the sources go): these lists; per basis of any period, the ``camp_basis_*`` lists, ``period``
#: giving the index of its period. Read as of a date by the registry macros {{camp_at o}} / {{bases_at o}}.
CAMP_PERIOD_PROPS = ("camp_from", "camp_values", "camp_bases", "camp_explanations")
BASIS_FIELDS = (("period", "camp_basis_period"), ("camp", "camp_basis_camp"), ("kind", "camp_basis_kind"),
                ("strength", "camp_basis_strength"), ("rule", "camp_basis_rule"), ("via", "camp_basis_via"),
                ("relationship", "camp_basis_relationship"), ("source", "camp_basis_source"),
                ("product", "camp_basis_product"), ("explanation", "camp_basis_explanation"))


def camp_as_of(props: dict, day: str) -> dict:
    """An organisation's camp fields on ``day`` read from its stored history: the twin of the
    registry macro ``{{camp_at o}}``, for every reader outside the queries (networkx graphs,
    drawings, exports, analysis), so that they all give the camp the questions give.

    >>> camp_as_of({"camp": "open", "camp_from": ["", "2024-01-01"], "camp_values": ["none", "open"],
    ...             "camp_bases": ["none", "stated"], "camp_explanations": ["-", "stated by s"]}, "2023-06-30")
    {'camp': 'none', 'camp_basis': 'none', 'camp_explanation': '-'}
    """
    starts = props.get("camp_from")
    if not starts:
        return {"camp": props.get("camp"), "camp_basis": props.get("camp_basis"),
                "camp_explanation": props.get("camp_explanation")}
    i = bisect.bisect_right(starts, day) - 1
    pick = (lambda key: props[key][i] if i >= 0 and i < len(props.get(key) or ()) else None)
    return {"camp": pick("camp_values") or "none", "camp_basis": pick("camp_bases") or "none",
            "camp_explanation": pick("camp_explanations")}


def graph_as_of(g, day: str):
    """``g`` (a networkx graph as ``Store.to_networkx`` gives it, changed in place) with every
    organisation's camp fields and camp label as on ``day``; returns ``g``."""
    camp_labels = set(CAMP_LABELS.values())
    for _node, d in g.nodes(data=True):
        if "Organisation" not in (d.get("labels") or ()) or not d.get("camp_from"):
            continue
        d.update(camp_as_of(d, day))
        label = CAMP_LABELS.get(d["camp"])
        d["labels"] = tuple(sorted({*(x for x in d["labels"] if x not in camp_labels), *([label] if label else [])}))
    return g


def _camp_history(org_id: str, periods) -> dict:
    """An organisation's camp over time, its periods merged where nothing changes for it."""
    mine: list[tuple[str, CampAssignment]] = []
    for start, camps in periods:
        c = camps.get(org_id)
        if c is not None and (not mine or (mine[-1][1] is not c and mine[-1][1] != c)):  # (mostly the same object)
            mine.append((start, c))
    out: dict[str, list | bool] = dict(zip(CAMP_PERIOD_PROPS, (
        [s for s, _ in mine], [c.camp for _, c in mine], [c.basis for _, c in mine], [c.explanation for _, c in mine]),
        strict=True))
    if len({c.camp for _, c in mine}) > 1:  # its camp changes over time: stats reads it as of the date
        out["camp_changes"] = True
    bases = [(i, b) for i, (_, c) in enumerate(mine) for b in c.bases]
    for field, prop in BASIS_FIELDS:
        out[prop] = [i if field == "period" else (getattr(b, field) or "") for i, b in bases]
    return out


def _clean(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ()}


def graph_rows(ds: Dataset, relationships: bool = True) -> tuple[list[NodeRow], list[RelRow]]:
    """Turn ``ds`` into node and relationship rows, in a stable order (no relationship rows with
    ``relationships=False``: see :func:`edge_dicts`)."""
    periods = camp_periods(ds)
    camps = camp_on(periods, _dt.date.today().isoformat())
    nodes: list[NodeRow] = []
    for s in ds.sources.values():
        nodes.append(NodeRow("Source", (), to_props(s)))
    for o in ds.organisations.values():
        c = camps[o.id]
        extra = ((CAMP_LABELS[c.camp],) if c.camp in CAMP_LABELS else ()) + ((ALLIANCE_LABEL,) if o.kind == "alliance" else ())
        nodes.append(NodeRow("Organisation", extra, _clean({
            **to_props(o), "camp": c.camp, "camp_basis": c.basis, "camp_rule": c.rule,
            "camp_via": c.via, "camp_explanation": c.explanation, **_camp_history(o.id, periods),
            **evidence_props(o.camp.evidence if o.camp else (), "camp_evidence"), **evidence_props(o.evidence),
            "search_text": search_text(o.id, o.name, o.aliases), **provenance_props(o)})))
    for p in ds.products.values():
        nodes.append(NodeRow("Product", (), _clean({
            **to_props(p), **evidence_props(p.evidence), "search_text": search_text(p.id, p.name, p.aliases),
            **openness_props(p), **provenance_props(p)})))
    for c in ds.claims.values():
        nodes.append(NodeRow("Claim", (), _clean({**to_props(c), **evidence_props(c.evidence), **provenance_props(c)})))
    rels = [RelRow(REL_TYPES[r.type].neo4j_type, r.source, r.target, _rel_props(r, ds.sources))
            for r in ds.relationships.values()] if relationships else []
    return nodes, rels


def _rel_props(r, sources, props: dict | None = None) -> dict:
    """The stored properties of relationship ``r``, added to ``props`` (default: a new dict)."""
    out = {} if props is None else props
    for key, value in (("id", r.id), *r.props.items(),
                       *relationship_validity(r, sources).items(), *evidence_props(r.evidence).items(),
                       *provenance_props(r).items()):
        if value is not None and value != [] and value != ():
            out[key] = value
    return out


def edge_dicts(ds: Dataset, consume: bool = False):
    """The relationships of :func:`graph_rows` as the embedded graph stores them, one at a time:
    ``(start, end, id, {"type": ..., **properties})``, lists that repeat (sources, fields, ...)
    shared between relationships rather than copied (the embedded graph never changes them).
    ``consume``: each relationship is taken out of ``ds`` as it is made (the memory it held serves
    what follows; ``ds`` is left without relationships)."""
    shared: dict[tuple, list] = {}
    # Relationships of one piece of evidence whose type, properties, evidence source and via and
    # statements are the same objects (a bulk file's are) differ only by id and quote: the first one's
    # dict is the template of the others (same keys, same order, its lists shared but the quotes).
    templates: dict[tuple, tuple[dict, tuple, Mapping]] = {}  # (its props and statements kept alive: their ids are
    # in the key)
    rels = ds.relationships
    for r in (rels.pop(k) for k in list(rels)) if consume else rels.values():
        template = None
        if len(r.evidence) == 1 and not r.disputed:
            e = r.evidence[0]
            key = (r.type, id(r.props), e.source, e.via, *map(id, r.statements))
            template = templates.get(key)
            if template is not None:
                d = template[0].copy()
                d["id"] = r.id
                d["evidence_quotes"] = [e.quote]
                yield r.source, r.target, r.id, d
                continue
        d = _rel_props(r, ds.sources, {"type": REL_TYPES[r.type].neo4j_type})
        for name, value in d.items():
            if type(value) is list and name not in _UNSHARED:
                d[name] = shared.setdefault(tuple(value), value)
        if len(r.evidence) == 1 and not r.disputed:
            templates[key] = (d, r.statements, r.props)
        yield r.source, r.target, r.id, d
    if consume:
        rels.clear()  # (a dict keeps its table when emptied item by item)


_UNSHARED = frozenset({"evidence_quotes"})  # quotes rarely repeat: sharing them would cost more than it saves


def dataset_from_graph(g) -> Dataset:
    """The multi-source dataset a graph was built from, read back from its properties: the
    inverse of :func:`graph_rows` (what is derived, camps inferred by rules and look-up keys,
    is derived again). ``g`` is a networkx graph as ``Store.to_networkx`` gives it; nodes and
    relationships that alliance-graph does not own are left out.

    >>> from alliance_graph.dataset import load_dataset
    >>> from alliance_graph.store.embedded import build_graph
    >>> ds = load_dataset()
    >>> back = dataset_from_graph(build_graph(ds))
    >>> [sorted(rows, key=lambda r: r.id) for rows in graph_rows(back)] == [
    ...     sorted(rows, key=lambda r: r.id) for rows in graph_rows(ds)]
    True
    """
    from .merge import resolve_all
    from .model import CampStatement, Relationship, main_label

    def evidence(props, prefix="evidence"):
        return tuple(Evidence(i["source"], i["quote"], i["via"] or None) for i in evidence_items(props, prefix))

    ds = Dataset()
    for node_id, d in g.nodes(data=True):
        label = main_label(d.get("labels", ()))
        if label == "Source":
            ds.sources[node_id] = from_props(RECORDS["sources"], d, id=node_id)
        elif label == "Organisation":
            camp = None
            stated = [st.value for st in statements_of(d) if st.field == "camp"]
            if stated or d.get("camp_evidence_sources"):  # a source states its camp (the value shown: resolve_all)
                camp = CampStatement(str(stated[0]) if stated else d.get("camp"), evidence(d, "camp_evidence"))
            ds.organisations[node_id] = from_props(RECORDS["organisations"], d, id=node_id, camp=camp,
                                                   evidence=evidence(d), statements=statements_of(d))
        elif label == "Product":
            components = d.get("openness_evidence_components") or []
            ds.products[node_id] = from_props(RECORDS["products"], d, id=node_id, evidence=evidence(d),
                                              statements=statements_of(d), openness_evidence=tuple(
                                                  zip(components, evidence(d, "openness_evidence"), strict=True)))
        elif label == "Claim":
            ds.claims[node_id] = from_props(RECORDS["claims"], d, id=node_id, evidence=evidence(d),
                                            statements=statements_of(d))
    by_type = {t.neo4j_type: t.name for t in REL_TYPES.values()}
    nodes = {**ds.sources, **ds.organisations, **ds.products, **ds.claims}
    for start, end, _key, d in g.edges(keys=True, data=True):
        rtype = by_type.get(d.get("type"))
        if rtype is None or start not in nodes or end not in nodes:
            continue
        ds.relationships[d["id"]] = Relationship(d["id"], rtype, start, end, evidence(d), statements=statements_of(d))
        if rtype == "states" and end in ds.claims:
            ds.claims[end] = replace(ds.claims[end], stated_by=start)
        elif rtype == "about" and start in ds.claims:
            ds.claims[start] = replace(ds.claims[start], about=end)
    return resolve_all(ds)
