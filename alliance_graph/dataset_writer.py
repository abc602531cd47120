"""The whole graph written back as a dataset file (docs/dataset-format.md), from its networkx form.

It works from :meth:`AllianceGraph.to_networkx`, so from either backend, and
inverts :func:`alliance_graph.rows.graph_rows`: reading the file again gives
the same graph. What is derived at load time is not written: inferred camps
(the rules infer them again from the same relationships; only camps a source
states go back, with their evidence), ``search_text``, camp labels, and the
``STATES`` / ``ABOUT`` relationships (written as the claim's ``stated_by`` and
``about``). Source texts are not part of the graph, so ``text_file`` cannot be
written: quotes were checked against the texts when the data was first loaded.

>>> from alliance_graph import AllianceGraph
>>> doc = graph_to_dataset(AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx())
>>> [o for o in doc["organisations"] if o["id"] == "ibm"][0]["camp"]["value"]
'open'
>>> "camp" in [o for o in doc["organisations"] if o["id"] == "meta"][0]  # inferred: not written
False
"""

from __future__ import annotations

import networkx as nx
import yaml

from .errors import AllianceGraphError
from .model import OWNED_LABELS, RECORDS, REL_TYPES, main_label, rel_prop_names
from .record_fields import specs, to_yaml

__all__ = ["ExportError", "graph_to_dataset", "dataset_yaml"]

_BY_NEO4J_TYPE = {t.neo4j_type: t.name for t in REL_TYPES.values()}
HEADER = ("# Exported by `agraph export --as dataset`. Format: docs/dataset-format.md\n"
          "# Camps inferred by the rules are not written (they are inferred again on load), nor look-up keys\n"
          "# and camp labels. Sources have no text_file: their quotes were checked when first loaded.\n")


class ExportError(AllianceGraphError):
    """The graph holds something the dataset format cannot say."""


def _items(evidence, source: str) -> list[dict]:
    """One source's evidence items as dataset items (an empty ``via`` is not written)."""
    return [{k: v for k, v in (("source", e.source), ("quote", e.quote), ("via", e.via)) if v}
            for e in evidence if e.source == source]


def _said(entity, source: str) -> dict[str, list]:
    """What ``source`` says about ``entity``: field -> its values, in order."""
    out: dict[str, list] = {}
    for st in entity.statements:
        if st.source == source:
            out.setdefault(st.field, []).append(st.value)
    return out


def _number(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _record(entity, source: str, stated_by: dict, about: dict) -> dict:
    """What ``source`` says about node ``entity`` as a dataset record, its declared fields in order:
    the first name it gives as the name, the others as aliases; its quotes; for a claim, the
    ``stated_by`` and ``about`` relationships it supports."""
    from .merge import section_of, supporting_sources

    said = _said(entity, source)
    names = said.get("name", []) + said.get("alias", [])
    values: dict = {}
    evidence_items = _items(entity.evidence, source)
    camp_items: list = []
    for name, spec in specs(RECORDS[section_of(entity)]):
        if name == "id":
            values[name] = entity.id
        elif spec.said == "name":
            values[name] = names[0] if names else getattr(entity, name)
        elif spec.said == "alias":
            values[name] = names[1:]
        elif spec.kind == "camp":
            camp_items = _items(entity.camp.evidence, source) if entity.camp else []
            if name in said and camp_items:
                values[name] = {"value": said[name][0], "evidence": camp_items}
        elif spec.kind == "evidence":
            values[name] = evidence_items
        elif spec.said and name in said:
            values[name] = _number(said[name][0]) if spec.kind == "number" else said[name][0]
        elif name in ("stated_by", "about"):
            rel = (stated_by if name == "stated_by" else about).get(entity.id)
            if rel is not None and source in supporting_sources(rel):
                values[name] = rel.source if name == "stated_by" else rel.target
    rec = to_yaml(entity, values)  # (an empty list is left out)
    if not evidence_items and not camp_items and "name" in rec:  # a node whose source gives no quote
        rec["source"] = source
    return rec


def graph_to_dataset(g: nx.MultiDiGraph, name: str = "agraph-export") -> dict:
    """The graph as a dataset document (a dict ready for YAML), every section sorted by id.

    A node or relationship that several sources describe is written as one record per
    source, each with that source's values and quotes, so that reading the file back
    gives the same statements (see :mod:`alliance_graph.merge`).

    Raises
    ------
    ExportError
        When a node or relationship is of a kind the dataset format has no place for.
    """
    from .merge import supporting_sources
    from .rows import dataset_from_graph

    for node_id, d in g.nodes(data=True):
        if main_label(d.get("labels", ())) is None:
            raise ExportError(f"node {node_id!r} has labels {list(d.get('labels', ()))}, none of {', '.join(OWNED_LABELS)}")
    for _s, _e, d in g.edges(data=True):
        if d.get("type") not in _BY_NEO4J_TYPE:
            raise ExportError(f"relationship {d.get('id')!r} has type {d.get('type')!r}, which the dataset format does not have")
    ds = dataset_from_graph(g)
    sections: dict[str, list] = {"sources": [], "organisations": [], "products": [], "claims": [], "relationships": []}
    for sid in sorted(ds.sources):
        sections["sources"].append(to_yaml(ds.sources[sid]))
    stated_by = {r.target: r for r in ds.relationships.values() if r.type == "states"}
    about = {r.source: r for r in ds.relationships.values() if r.type == "about"}
    for section in ("organisations", "products", "claims"):
        for node_id in sorted(getattr(ds, section)):
            entity = getattr(ds, section)[node_id]
            for source in supporting_sources(entity):
                sections[section].append(_record(entity, source, stated_by, about))
    for rel_id in sorted(ds.relationships):
        rel = ds.relationships[rel_id]
        if rel.type in ("states", "about"):
            continue
        for source in supporting_sources(rel):
            said = _said(rel, source)
            rec = {"type": rel.type, "from": rel.source, "to": rel.target,
                   **{k: said[k][0] for k in rel_prop_names() if k in said}}
            if rel.id != f"{rel.type}:{rel.source}:{rel.target}":
                rec = {"id": rel.id, **rec}
            rec["evidence"] = _items(rel.evidence, source)
            sections["relationships"].append(rec)
    return {"dataset": name, **{k: v for k, v in sections.items() if v}}


def dataset_yaml(g: nx.MultiDiGraph, name: str = "agraph-export") -> str:
    """The graph as the text of one YAML dataset file (see :func:`graph_to_dataset`)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(graph_to_dataset(g, name), Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body
