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
>>> doc = graph_to_dataset(AllianceGraph.embedded().to_networkx())
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
from .rows import evidence_items

__all__ = ["ExportError", "graph_to_dataset", "dataset_yaml"]

_BY_NEO4J_TYPE = {t.neo4j_type: t.name for t in REL_TYPES.values()}
HEADER = ("# Exported by `agraph export --as dataset`. Format: docs/dataset-format.md\n"
          "# Camps inferred by the rules are not written (they are inferred again on load), nor look-up keys\n"
          "# and camp labels. Sources have no text_file: their quotes were checked when first loaded.\n")


class ExportError(AllianceGraphError):
    """The graph holds something the dataset format cannot say."""


def _evidence(props: dict, prefix: str = "evidence") -> list[dict]:
    """The stored evidence as dataset items: the fields a source gave (an empty ``via`` is not written)."""
    return [{k: v for k, v in item.items() if v not in (None, "")} for item in evidence_items(props, prefix)]


def _pick(props: dict, keys) -> dict:
    out = {}
    for key in keys:
        value = props.get(key)
        if value is None or value == [] or value == ():
            continue
        out[key] = list(value) if isinstance(value, tuple | list) else value
    return out


def _number(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def graph_to_dataset(g: nx.MultiDiGraph, name: str = "agraph-export") -> dict:
    """The graph as a dataset document (a dict ready for YAML), every section sorted by id.

    Raises
    ------
    ExportError
        When a node or relationship is of a kind the dataset format has no place for.
    """
    sections: dict[str, list] = {"sources": [], "organisations": [], "products": [], "claims": [], "relationships": []}
    stated_by: dict[str, str] = {}
    about: dict[str, str] = {}
    for start, end, _key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        rtype = d.get("type")
        if rtype == "STATES":
            stated_by[end] = start
            continue
        if rtype == "ABOUT":
            about[start] = end
            continue
        if rtype not in _BY_NEO4J_TYPE:
            raise ExportError(f"relationship {d.get('id')!r} has type {rtype!r}, which the dataset format does not have")
        rec = {"type": _BY_NEO4J_TYPE[rtype], "from": start, "to": end, **_pick(d, ("role", "kind", "since", "until"))}
        if d.get("id") != f"{rec['type']}:{start}:{end}":
            rec["id"] = d["id"]
        rec["evidence"] = _evidence(d)
        sections["relationships"].append(rec)
    for node_id, d in sorted(g.nodes(data=True), key=lambda nd: nd[0]):
        label = main_label(d.get("labels", ()))
        if label == "Source":
            sections["sources"].append(_pick(d, ("id", "title", "language", "publisher", "published", "url", "description")))
        elif label == "Organisation":
            rec = _pick(d, ("id", "name", "kind", "aliases", "country", "description"))
            if d.get("camp_basis") == "stated":
                rec["camp"] = {"value": d["camp"], "evidence": _evidence(d, "camp_evidence")}
            sections["organisations"].append(_with_evidence(rec, d))
        elif label == "Product":
            sections["products"].append(_with_evidence(_pick(d, ("id", "name", "kind", "aliases", "launched")), d))
        elif label == "Claim":
            rec = _pick(d, ("id", "kind", "metric", "value", "unit", "year", "qualifier"))
            rec["value"] = _number(rec.get("value"))
            for key, ends in (("stated_by", stated_by), ("about", about)):
                if node_id in ends:
                    rec[key] = ends[node_id]
            sections["claims"].append(_with_evidence(rec, d))
        else:
            raise ExportError(f"node {node_id!r} has labels {list(d.get('labels', ()))}, none of {', '.join(OWNED_LABELS)}")
    return {"dataset": name, **{k: v for k, v in sections.items() if v}}


def _with_evidence(rec: dict, props: dict) -> dict:
    evidence = _evidence(props)
    return {**rec, "evidence": evidence} if evidence else rec


def dataset_yaml(g: nx.MultiDiGraph, name: str = "agraph-export") -> str:
    """The graph as the text of one YAML dataset file (see :func:`graph_to_dataset`)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(graph_to_dataset(g, name), Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body
