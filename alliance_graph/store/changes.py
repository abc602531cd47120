"""What a load or a retract changes, worked out the same way for both stores.

A store holds the rows of one multi-source dataset (:func:`alliance_graph.rows.graph_rows`).
A load reads that dataset back from the store (:func:`alliance_graph.rows.dataset_from_graph`),
merges the incoming files into it (:func:`alliance_graph.merge.merge`: what the files' own
sources said before is replaced), and a retract removes sources from it
(:func:`alliance_graph.merge.retract`). Either way the result is compared with what the store
holds, and only the difference is written: nodes and relationships created or changed, and
those left with no source deleted. So the graph after any sequence of loads and retracts is
the graph built in one go from the files that remain.

The stores write a :class:`Change` as their load guarantee says (one transaction, or batches
under the load marker): see :meth:`Neo4jStore.apply <alliance_graph.store.neo4j_store.Neo4jStore.apply>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import QueryError, UnknownSourceError
from ..merge import dangling, merge, retract
from ..model import LABELS, Dataset, main_label
from ..rows import NodeRow, RelRow, dataset_from_graph, graph_rows
from ..text import close_ids
from .base import LoadSummary

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Change", "load_change", "retract_change"]


@dataclass
class Change:
    """Rows to write and rows to delete, and the dataset the store holds afterwards."""

    dataset: Dataset
    nodes: list[NodeRow] = field(default_factory=list)  # created or changed
    rels: list[RelRow] = field(default_factory=list)
    delete_nodes: list[tuple[str, str]] = field(default_factory=list)  # (label, id)
    delete_rels: list[tuple[str, str]] = field(default_factory=list)  # (type, id)
    removed: list[dict] = field(default_factory=list)  # what goes, for people: {what, id, label, name}
    summary: LoadSummary = field(default_factory=LoadSummary)
    # every row is new: worked out against an empty store (or a wipe), so the store may write
    # without comparing each row with what it held (the lean bulk statements)
    fresh: bool = False

    def labels(self) -> dict[str, str]:
        """Node id -> main label, for every node of the graph after the change."""
        return {node_id: label for section, label in LABELS.items() for node_id in getattr(self.dataset, section)}

    @property
    def writes(self) -> int:
        return len(self.nodes) + len(self.rels) + len(self.delete_nodes) + len(self.delete_rels)


def _labels(row: NodeRow) -> tuple[str, ...]:
    return tuple(sorted((row.label, *row.extra_labels)))


def diff(current: nx.MultiDiGraph | None, after: Dataset) -> Change:
    """The change from the networkx graph ``current`` (None: an empty store) to the rows of ``after``."""
    nodes, rels = graph_rows(after)
    change = Change(after, fresh=current is None)
    s = change.summary
    old_nodes = dict(current.nodes(data=True)) if current is not None else {}
    old_rels = {d.get("id"): (a, b, d) for a, b, d in current.edges(data=True)} if current is not None else {}
    for row in nodes:
        old = old_nodes.get(row.id)
        if old is None:
            s.nodes_created += 1
            change.nodes.append(row)
        elif tuple(old.get("labels", ())) != _labels(row) or {k: v for k, v in old.items() if k != "labels"} != row.props:
            s.nodes_updated += 1
            change.nodes.append(row)
        else:
            s.nodes_unchanged += 1
    for rel in rels:
        old = old_rels.get(rel.id)
        if old is None:
            s.relationships_created += 1
            change.rels.append(rel)
        elif (old[0], old[1], old[2].get("type")) != (rel.start, rel.end, rel.type) or \
                {k: v for k, v in old[2].items() if k != "type"} != rel.props:
            s.relationships_updated += 1
            change.rels.append(rel)
        else:
            s.relationships_unchanged += 1
    kept_nodes = {row.id for row in nodes}
    kept_rels = {row.id for row in rels}
    for node_id, d in old_nodes.items():
        label = main_label(d.get("labels", ()))
        if node_id not in kept_nodes and label is not None:
            change.delete_nodes.append((label, node_id))
            change.removed.append({"what": "node", "id": node_id, "label": label,
                                   "name": d.get("name") or d.get("title") or d.get("metric") or ""})
    for rel_id, (a, b, d) in old_rels.items():
        if rel_id not in kept_rels:
            change.delete_rels.append((d.get("type"), rel_id))
            change.removed.append({"what": "relationship", "id": rel_id, "label": d.get("type"), "name": f"{a} -> {b}"})
    s.nodes_deleted = len(change.delete_nodes)
    s.relationships_deleted = len(change.delete_rels)
    return change


def load_change(current: nx.MultiDiGraph | None, incoming: Dataset, wipe: bool = False) -> Change:
    """Loading ``incoming`` into a store holding the graph ``current`` (networkx; None when empty)."""
    if wipe or current is None or current.number_of_nodes() == 0:
        return diff(None, incoming)  # nothing to merge with: the files' own dataset, already resolved
    return diff(current, merge(dataset_from_graph(current), incoming))


def retract_change(current: nx.MultiDiGraph, source_ids: list[str]) -> Change:
    """Removing the sources ``source_ids`` and what only they supported from the graph ``current``.

    Raises
    ------
    UnknownSourceError
        When a source is not in the graph (with close ids).
    QueryError
        When removing it would leave another source's relationship pointing to a node no
        remaining source describes.
    """
    base = dataset_from_graph(current) if current is not None else Dataset()
    unknown = [s for s in source_ids if s not in base.sources]
    if unknown:  # the error `agraph source ID` gives too
        raise UnknownSourceError(unknown[0], close_ids(unknown[0], base.sources))
    after = retract(base, source_ids)
    problems = dangling(after)
    if problems:
        shown = "\n  ".join(problems[:20]) + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else "")
        error = QueryError(f"retracting {', '.join(source_ids)} would leave references to nothing; nothing was retracted:\n  {shown}")
        error.hint = "retract those sources too, or load a file whose sources describe what they refer to"
        raise error
    return diff(current, after)
