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
from .model import OWNED_LABELS, REL_TYPES, main_label

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
        s = ds.sources[sid]
        sections["sources"].append({k: v for k, v in (
            ("id", s.id), ("title", s.title), ("language", s.language), ("publisher", s.publisher),
            ("published", s.published), ("retrieved", s.retrieved), ("url", s.url), ("description", s.description)) if v})
    stated_by = {r.target: r for r in ds.relationships.values() if r.type == "states"}
    about = {r.source: r for r in ds.relationships.values() if r.type == "about"}
    for section, fields in (("organisations", ("kind", "country", "description")), ("products", ("kind", "launched"))):
        for node_id in sorted(getattr(ds, section)):
            entity = getattr(ds, section)[node_id]
            for source in supporting_sources(entity):
                said = _said(entity, source)
                names = said.get("name", []) + said.get("alias", [])
                rec = {"id": node_id, "name": names[0] if names else entity.name}
                rec.update({k: said[k][0] for k in fields[:1] if k in said})
                if names[1:]:
                    rec["aliases"] = names[1:]
                rec.update({k: said[k][0] for k in fields[1:] if k in said})
                camp_items = _items(entity.camp.evidence, source) if getattr(entity, "camp", None) else []
                if "camp" in said and camp_items:
                    rec["camp"] = {"value": said["camp"][0], "evidence": camp_items}
                items = _items(entity.evidence, source)
                if items:
                    rec["evidence"] = items
                elif not camp_items:
                    rec["source"] = source
                sections[section].append(rec)
    for claim_id in sorted(ds.claims):
        claim = ds.claims[claim_id]
        for source in supporting_sources(claim):
            said = _said(claim, source)
            rec = {"id": claim_id}
            for key in ("kind", "metric", "value", "unit", "year", "qualifier"):
                if key in said:
                    rec[key] = _number(said[key][0]) if key == "value" else said[key][0]
            for key, rels, end in (("stated_by", stated_by, "source"), ("about", about, "target")):
                rel = rels.get(claim_id)
                if rel is not None and source in supporting_sources(rel):
                    rec[key] = getattr(rel, end)
            rec["evidence"] = _items(claim.evidence, source)
            sections["claims"].append(rec)
    for rel_id in sorted(ds.relationships):
        rel = ds.relationships[rel_id]
        if rel.type in ("states", "about"):
            continue
        for source in supporting_sources(rel):
            said = _said(rel, source)
            rec = {"type": rel.type, "from": rel.source, "to": rel.target,
                   **{k: said[k][0] for k in ("role", "kind", "since", "until") if k in said}}
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
