"""A networkx graph back into a validated dataset: the inverse of ``AllianceGraph.to_networkx()``.

Analysis code may change the graph it got from :meth:`AllianceGraph.to_networkx
<alliance_graph.api.AllianceGraph.to_networkx>`: add an organisation, a product, a claim
or a relationship, change a property. :func:`read_networkx` turns the graph into a
dataset document (:func:`alliance_graph.dataset_writer.graph_to_dataset`), reads it with
the very checks a dataset file gets (:func:`alliance_graph.dataset.read_dataset_files`)
and returns the validated :class:`~alliance_graph.model.Dataset`, ready for
:meth:`AllianceGraph.load <alliance_graph.api.AllianceGraph.load>` (Neo4j or embedded);
:meth:`AllianceGraph.from_networkx <alliance_graph.api.AllianceGraph.from_networkx>` makes
an embedded graph of it. A bad change raises :class:`~alliance_graph.errors.DatasetError`
listing every problem, as for a file.

How changes are read (the graph keeps what each source says, see :mod:`alliance_graph.merge`):

- A node needs ``labels`` (one of Organisation, Product, Claim, Source) and the properties
  a dataset record has (``name``, ``kind``, ...). A relationship needs ``type`` (``MEMBER_OF``,
  ...; ``id`` defaults to ``type:from:to``). A node networkx made up for the end of a new
  edge (no properties) is not a node: the edge's end is reported unknown.
- Who says a new node or relationship: the sources its evidence cites
  (``evidence_sources`` / ``evidence_quotes`` / ``evidence_via``, parallel lists, as stored),
  or its ``statement_*`` lists. With neither, it is refused: no source says it.
- A changed property (a declared field: ``name``, ``kind``, ``aliases``, ``country``, ``description``,
  ``launched``, a claim's fields, a relationship's properties such as ``role``, ``since``, ``until``): the sources that gave the
  value shown now say the new one; a property no source gave before is said by every source
  supporting the node or relationship. Set to None, it is said by no source any more.
- What is derived is derived again and edits to it are not read: camps (but a camp a source
  states, ``camp_evidence_*`` with a ``camp`` statement, stays), ``sources``, ``disputed``,
  ``valid_from``/``valid_to``, ``search_text``, camp labels.

>>> from alliance_graph import AllianceGraph
>>> graph = AllianceGraph.embedded().to_networkx()
>>> graph.nodes["cohere"]["country"] = "CA"
>>> read_networkx(graph).organisations["cohere"].country
'CA'
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from .errors import DatasetError, Problem
from .merge import value_text
from .model import OWNED_LABELS, RECORDS, REL_TYPES, Dataset, Statement, main_label, rel_prop_names
from .record_fields import specs

__all__ = ["read_networkx", "WHERE"]

#: How problems name the graph (there is no file, hence no line).
WHERE = "networkx graph"

_BY_NEO4J_TYPE = {t.neo4j_type: t.name for t in REL_TYPES.values()}
_SECTIONS = {"Organisation": "organisations", "Product": "products", "Claim": "claims", "Source": "sources"}


def _editable(kind: str) -> tuple[str, ...]:
    """The properties analysis code may change on a node of label ``kind`` (or a ``relationship``):
    the declared statement fields stored under their own name (aliases and camps are read apart)."""
    if kind == "relationship":
        return tuple(rel_prop_names())
    cls = RECORDS[_SECTIONS[kind]]
    return tuple(n for n, s in specs(cls) if s.said and s.said != "alias" and s.prop == n)

_STATEMENT_PROPS = ("statement_fields", "statement_values", "statement_sources")


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return value_text(a) == value_text(b)


def _supporters(props: dict, statements: list[Statement]) -> list[str]:
    ids = {s.source for s in statements}
    for key in ("evidence_sources", "camp_evidence_sources"):
        ids |= {s for s in props.get(key) or [] if s}
    return sorted(ids)


def _statements(props: dict) -> list[Statement]:
    fields, values, sources = (list(props.get(k) or []) for k in _STATEMENT_PROPS)
    return [Statement(f, v, s) for f, v, s in zip(fields, values, sources, strict=True)]


def _edit(props: dict, entity: Any, kind: str) -> list[Statement]:
    """The statements of one element with the changes to its shown properties made statements."""
    st = _statements(props)
    supporters = _supporters(props, st)
    for prop in _editable(kind):
        new, old = props.get(prop), getattr(entity, prop, None) if entity is not None else None
        if _same(new, old):
            continue
        givers = [s for s in st if s.field == prop and old is not None and _same(s.value, old)]
        if givers:  # the sources of the value shown now say the new one (or nothing)
            st = [s for s in st if s not in givers]
            if new is not None:
                st += [Statement(prop, new, s.source) for s in givers]
        elif new is not None:
            st += [Statement(prop, new, source) for source in supporters if source not in
                   {s.source for s in st if s.field == prop}]
    if kind in ("Organisation", "Product"):
        new_aliases = [a for a in props.get("aliases") or [] if a]
        old_aliases = list(getattr(entity, "aliases", ()) or ()) if entity is not None else []
        gone = set(old_aliases) - set(new_aliases)
        st = [s for s in st if not (s.field == "alias" and s.value in gone)]
        namers = sorted({s.source for s in st if s.field == "name"}) or supporters
        st += [Statement("alias", a, source) for a in new_aliases if a not in old_aliases for source in namers]
    return st


def _stored(props: dict, statements: list[Statement]) -> dict:
    return {**props, "statement_fields": [s.field for s in statements],
            "statement_values": [value_text(s.value) for s in statements],
            "statement_sources": [s.source for s in statements]}


def _loose_record(start: str, end: str, props: dict) -> dict:
    """A relationship the dataset model cannot hold (unknown type or end) as a record, for the checks to judge."""
    rtype = props.get("type")
    rec: dict[str, Any] = {"type": _BY_NEO4J_TYPE.get(rtype, rtype) if isinstance(rtype, str) else rtype,
                           "from": start, "to": end}
    if props["id"] != f"{rec['type']}:{start}:{end}":  # an id of the graph's own, not the default
        rec = {"id": props["id"], **rec}
    rec.update({k: props[k] for k in _editable("relationship") if props.get(k) is not None})
    sources, quotes, via = (list(props.get(f"evidence_{k}") or []) for k in ("sources", "quotes", "via"))
    rec["evidence"] = [{k: v for k, v in (("source", s), ("quote", q), ("via", v)) if v}
                       for s, q, v in zip(sources, quotes + [""] * len(sources), via + [""] * len(sources), strict=False)]
    return rec


def _relabel(p: Problem) -> Problem:
    return Problem(WHERE, p.record, p.message)


def read_networkx(graph: nx.MultiDiGraph, *, base: Dataset | None = None, name: str = "networkx") -> Dataset:
    """The validated dataset of ``graph`` (a graph in the shape ``AllianceGraph.to_networkx()`` gives).

    ``base``: the graph the result will be loaded into, checked against as for
    :meth:`AllianceGraph.read_files <alliance_graph.api.AllianceGraph.read_files>`. ``name``
    names the dataset. The result lists ``networkx graph`` as its file.

    Raises
    ------
    DatasetError
        With every problem: those of a dataset file (unknown ids, kinds not allowed, evidence
        without a quote, ...), and nodes or relationships that no source says.
    """
    from .dataset import read_dataset_files
    from .dataset_writer import graph_to_dataset
    from .rows import dataset_from_graph

    problems: list[Problem] = []
    owned = nx.MultiDiGraph()
    for node_id, props in graph.nodes(data=True):
        if not props:  # made by networkx for the end of an edge: the checks report the edge's unknown end
            continue
        label = main_label(props.get("labels", ()))
        if label is None:
            problems.append(Problem(WHERE, f"node {node_id!r}", f"has labels {list(props.get('labels', ()))}: give it "
                                    f"one of {', '.join(OWNED_LABELS)} in its 'labels' property"))
            continue
        owned.add_node(node_id, **{**props, "id": node_id})
    loose = []
    for start, end, props in graph.edges(data=True):
        props = dict(props)
        rtype = props.get("type")
        props.setdefault("id", f"{_BY_NEO4J_TYPE.get(rtype, rtype) if isinstance(rtype, str) else rtype}:{start}:{end}")
        if rtype in _BY_NEO4J_TYPE and start in owned and end in owned:
            owned.add_edge(start, end, key=props["id"], **props)
        else:
            loose.append(_loose_record(start, end, props))
    shown = dataset_from_graph(owned)  # what the statements show, to tell changed properties
    for node_id, props in owned.nodes(data=True):
        label = main_label(props["labels"])
        if label is None or label == "Source":  # (every node kept has a label)
            continue
        entity = getattr(shown, _SECTIONS[label]).get(node_id)
        statements = _edit(props, entity, label)
        if not _supporters(props, statements):
            problems.append(Problem(WHERE, f"{label.lower()} {node_id!r}", "no source says this: give it evidence "
                                    "(evidence_sources and evidence_quotes) or statements (statement_fields, "
                                    "statement_values, statement_sources) naming a source of the graph"))
        owned.nodes[node_id].update(_stored(props, statements))
    for start, end, key, props in owned.edges(keys=True, data=True):
        statements = _edit(props, shown.relationships.get(props["id"]), "relationship")
        if not _supporters(props, statements):
            problems.append(Problem(WHERE, f"relationship {props['id']!r}", "no source says this: give it evidence "
                                    "(evidence_sources and evidence_quotes) naming a source of the graph"))
        owned.edges[start, end, key].update(_stored(props, statements))
    doc = graph_to_dataset(owned, name)
    if loose:
        doc.setdefault("relationships", []).extend(loose)
    with tempfile.TemporaryDirectory(prefix="agraph-networkx-") as tmp:
        path = Path(tmp) / f"{name}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            dataset = read_dataset_files([path], base=base)
        except DatasetError as exc:
            problems += [_relabel(p) for p in exc.problems]
            dataset = None
    if problems:
        raise DatasetError(list(dict.fromkeys(problems)))
    assert dataset is not None
    dataset.files = [WHERE]
    dataset.warnings = [_relabel(p) for p in dataset.warnings]
    return dataset
