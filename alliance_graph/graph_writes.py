"""The writing side of :class:`~alliance_graph.api.AllianceGraph`: check files against the graph,
load them, retract sources, under the database's write lock.

>>> from alliance_graph import AllianceGraph
>>> from alliance_graph.dataset import dataset_paths
>>> with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
...     checked = g.check_files(dataset_paths(["frontier-model-forum"]))
...     summary = g.load(checked)
...     len(g.members("Frontier Model Forum", as_of="2023-12-31"))
4
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import QueryError
from .model import DEFAULT_BATCH_SIZE, Dataset
from .profile import phase
from .store.base import LoadPlan, LoadSummary, Store


@dataclass(frozen=True)
class CheckedFiles:
    """Dataset files checked against a graph by :meth:`AllianceGraph.check_files`, for
    :meth:`AllianceGraph.load`: the dataset, the graph read to check them (networkx; None when
    checked on their own or against the embedded graph) and the write lock held then."""

    dataset: Dataset
    graph: Any = None
    lock_token: str | None = None


class GraphWrites:
    """Loading and retracting, for :class:`~alliance_graph.api.AllianceGraph` (which has the ``store``)."""

    store: Store
    to_networkx: Callable[..., Any]  # AllianceGraph's

    def plan_load(self, dataset: Dataset, *, wipe: bool = False, bulk: bool | None = None,
                  batch_size: int | None = None) -> LoadPlan:
        """How :meth:`load` would write ``dataset``: one transaction or batches, and why."""
        return self.store.plan_load(dataset.row_count(), wipe=wipe, bulk=bulk, batch_size=batch_size or DEFAULT_BATCH_SIZE)

    @phase("load")
    def load(self, dataset: Dataset | CheckedFiles, *, wipe: bool = False, bulk: bool | None = None,
             batch_size: int | None = None, progress=None, plan: LoadPlan | None = None,
             command: str | None = None) -> LoadSummary:
        """Load a validated dataset, or files from :meth:`check_files`, into the graph (Neo4j, or the
        in-process graph).

        What the dataset's sources said before is replaced; what other sources said stays
        (see :mod:`alliance_graph.merge`); only the difference is written. Small loads are one transaction; large ones (or ``bulk=True``, or a wipe of a
        large graph) are batched under a load marker: :meth:`plan_load` decides, and
        a ``plan`` from it may be passed in. One writer at a time: the load holds the
        database's write lock (:meth:`writing`) from its read of the graph to its last
        write. See :mod:`alliance_graph.store.neo4j_store` for the guarantees.
        """
        checked = dataset if isinstance(dataset, CheckedFiles) else CheckedFiles(dataset)
        plan = plan or self.plan_load(checked.dataset, wipe=wipe, bulk=bulk, batch_size=batch_size)
        if checked.graph is not None and not plan.wipe:
            # checked against this graph under the lock held then: the store reads it again unless it is still held
            return self.store.load(checked.dataset, plan, progress=progress, current=checked.graph,
                                   current_token=checked.lock_token, command=command)
        return self.store.load(checked.dataset, plan, progress=progress, command=command)

    @phase("validate")
    def check_files(self, paths: Iterable[str | Path], *, wipe: bool = False) -> CheckedFiles:
        """Read and check dataset files for loading into this graph: their references, kinds and
        names are checked against what the graph holds (unless ``wipe``), every problem at once.

        Inside :meth:`writing`, the graph read here serves the :meth:`load` of the answer (it
        cannot change before then); outside, the load reads the graph again under its lock.

        Raises
        ------
        DatasetError
            With every problem of every file.
        """
        from .dataset import read_dataset_files
        from .rows import dataset_from_graph

        current = None if wipe else self.to_networkx()
        dataset = read_dataset_files(paths, base=None if current is None else dataset_from_graph(current))
        if current is None or self.store.backend != "neo4j":  # the embedded graph is read again at no cost
            return CheckedFiles(dataset)
        return CheckedFiles(dataset, current, self.store.lock_token())

    def read_files(self, paths: Iterable[str | Path], *, wipe: bool = False) -> Dataset:
        """The dataset of :meth:`check_files` (to inspect or change before loading)."""
        return self.check_files(paths, wipe=wipe).dataset

    def writing(self, command: str, *, wait: float | None = None):
        """Hold the database's write lock while the ``with`` block runs: no other writer (another
        process, another person) changes the graph meanwhile. :meth:`load` and :meth:`retract`
        take it themselves; hold it around :meth:`check_files` and :meth:`load` so that the files
        are checked against the graph the load changes. ``command`` names the work for other
        writers' messages; ``wait``: seconds to wait for another holder (default
        ``AGRAPH_LOCK_WAIT`` or 600), then :class:`~alliance_graph.errors.WriteLockBusy`.
        """
        return self.store.writing(command, wait=wait)

    @phase("retract")
    def retract(self, source_ids: Iterable[str], *, dry_run: bool = False, bulk: bool | None = None,
                batch_size: int | None = None, progress=None, command: str | None = None):
        """Remove sources and everything only they supported; what several sources support loses
        only these sources' statements and quotes. Returns the
        :class:`~alliance_graph.store.changes.Change` (``removed`` lists what goes, ``summary``
        the counts); with ``dry_run`` nothing is written.

        Raises
        ------
        QueryError
            A source is not in the graph, or removing it would leave another source's
            relationship pointing to a node nobody describes any more; nothing is written.
        """
        ids = list(dict.fromkeys(source_ids))
        if not ids:
            raise QueryError("name at least one source to retract (`agraph sources` lists them)")
        options = {"bulk": bulk, "batch_size": batch_size or DEFAULT_BATCH_SIZE}
        return self.store.retract(ids, options, dry_run=dry_run, progress=progress, command=command)

    def warnings(self) -> list[str]:
        """Things a reader should know about the graph, e.g. an unfinished bulk load."""
        return self.store.warnings()
