"""Writing to Neo4j in batches: the batches of a load, and the writer that commits them one
transaction at a time under the write lock, halving a batch the server has no memory for."""

from __future__ import annotations

import shlex
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from neo4j import ManagedTransaction, Session
from neo4j import exceptions as neo4j_exc

from .. import _resources
from ..errors import LoadFailed
from ..model import ALLIANCE_LABEL, CAMP_LABELS, DEFAULT_BATCH_SIZE
from ..rows import NodeRow, RelRow
from .base import LoadSummary
from .placeholders import fill_placeholders
from .write_lock import WriteLock

T = TypeVar("T")


def _node_batches(nodes: Iterable[NodeRow]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for n in nodes:
        groups[n.label].append({"props": n.props, "open": CAMP_LABELS["open"] in n.extra_labels,
                                "closed": CAMP_LABELS["closed"] in n.extra_labels,
                                "alliance": ALLIANCE_LABEL in n.extra_labels})
    return groups


def _rel_batches(rels: Iterable[RelRow], label_of: Callable[[str], str],
                 lean: bool = False) -> dict[tuple[str, str, str], list]:
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for r in rels:  # the lean statement takes lists: less for the driver to pack than maps
        groups[(r.type, label_of(r.start), label_of(r.end))].append(
            [r.start, r.end, r.props] if lean else {"start": r.start, "end": r.end, "props": r.props})
    return groups


def _chunks(rows: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def command_line(operation: str, items: Iterable[str], wipe: bool = False) -> str:
    """The command a person runs to do (or complete) a load or retract.

    >>> command_line("load", ["a b.yaml", "c.yaml"], wipe=True)
    "agraph load --wipe 'a b.yaml' c.yaml"
    """
    return " ".join(["agraph", operation, *(["--wipe"] if wipe else []), *map(shlex.quote, items)])


def _out_of_memory(exc: BaseException) -> bool:
    """Whether the server refused a transaction for lack of memory (a smaller one may pass)."""
    code = getattr(exc, "code", None) or ""
    return "Memory" in code or "OutOfMemory" in code


def guarded(lock: WriteLock, work: Callable[[ManagedTransaction], T]) -> Callable[[ManagedTransaction], T]:
    """``work`` as a transaction function that first checks the write lock is still held (the fence)
    and turns the server's lack of memory into TooBig (not retried as it is: a smaller write may pass)."""
    def run(tx: ManagedTransaction) -> T:
        lock.fence(tx)
        try:
            return work(tx)
        except neo4j_exc.Neo4jError as exc:
            if _out_of_memory(exc):
                raise TooBig(exc.message or str(exc)) from None
            raise

    return run


class TooBig(Exception):
    """A batch the server had no memory for (raised inside the transaction function, so the
    driver does not retry the same batch again and again)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Batch:
    """One UNWIND statement and its rows; applying it is idempotent, so a retry is safe."""

    kind: str  # "nodes", "relationships", "delete-nodes", "delete-relationships" or "wipe"
    cypher: str
    rows: list
    lean: bool = False  # a bulk_*.cypher statement: created is known, updated or unchanged is not
    size: int = 0  # for "wipe": how many nodes one transaction deletes (it has no rows)

    def __post_init__(self) -> None:
        if self.kind != "wipe":
            object.__setattr__(self, "size", len(self.rows))

    @property
    def what(self) -> str:
        return {"wipe": "nodes to wipe", "delete-nodes": "nodes to delete",
                "delete-relationships": "relationships to delete"}.get(self.kind, self.kind)

    def pieces(self, size: int) -> list[Batch]:
        """The batch as batches of at most ``size`` rows (a wipe: one of that size; its loop does the rest)."""
        if self.kind == "wipe":
            return [replace(self, size=size)]
        return [replace(self, rows=chunk) for chunk in _chunks(self.rows, size)]

    def apply(self, tx: ManagedTransaction) -> LoadSummary:
        if self.kind == "wipe":
            result = tx.run(self.cypher, batch=self.size)
            deleted = result.single(strict=True)["deleted"]
            counters = result.consume().counters
            return LoadSummary(nodes_deleted=deleted, relationships_deleted=counters.relationships_deleted, batches=1)
        result = tx.run(self.cypher, rows=self.rows)
        record = result.single(strict=True)
        counters = result.consume().counters
        n = len(self.rows)
        if self.kind == "delete-nodes":
            return LoadSummary(batches=1)
        if self.kind == "delete-relationships":
            return LoadSummary(batches=1)
        if self.lean and self.kind == "nodes":
            return LoadSummary(nodes_created=counters.nodes_created, nodes_written=n - counters.nodes_created, batches=1)
        if self.lean:
            if record["matched"] != n:
                raise LoadFailed(f"{n - record['matched']} relationship(s) name nodes that are not in the database; "
                                 "the load was stopped")
            created = counters.relationships_created
            return LoadSummary(relationships_created=created, relationships_written=n - created, batches=1)
        if self.kind == "nodes":
            created = counters.nodes_created
            return LoadSummary(nodes_created=created, nodes_updated=record["changed"] - created,
                               nodes_unchanged=n - record["changed"], batches=1)
        if record["matched"] != n:
            raise LoadFailed(f"{n - record['matched']} relationship(s) name nodes that are not in the database; "
                             "the load was stopped")
        created = counters.relationships_created
        return LoadSummary(relationships_created=created, relationships_updated=record["changed"] - created,
                           relationships_unchanged=n - record["changed"], batches=1)


def plan_batches(nodes: list[NodeRow], rels: list[RelRow], batch_size: int = DEFAULT_BATCH_SIZE,
         delete_nodes: Iterable[tuple[str, str]] = (), delete_rels: Iterable[tuple[str, str]] = (),
         labels: dict[str, str] | None = None, lean: bool = False) -> list[Batch]:
    """The write as batches: deletions first (relationships, then nodes), then node batches by
    label, then relationship batches by type and end labels (``labels``: node id -> label, for
    ends not among ``nodes``). ``lean``: the statements that do not compare with what was
    there before (see the module docstring)."""
    labels = {**(labels or {}), **{n.id: n.label for n in nodes}}
    batches = []
    delete_nodes = list(delete_nodes)
    # sources go last: a retract killed part way still finds its sources, and completes when run again
    sources_gone = [(label, i) for label, i in delete_nodes if label == "Source"]
    delete_nodes = [(label, i) for label, i in delete_nodes if label != "Source"]
    for kind, query, items in (("delete-relationships", "load/delete_relationships.cypher", delete_rels),
                               ("delete-nodes", "load/delete_nodes.cypher", delete_nodes)):
        groups: dict[str, list[str]] = defaultdict(list)
        for name, item_id in items:
            groups[name].append(item_id)
        for name, ids in groups.items():
            key = "type" if kind == "delete-relationships" else "label"
            cypher = fill_placeholders(_resources.read_cypher(query), **{key: name})
            batches += [Batch(kind, cypher, chunk) for chunk in _chunks(ids, batch_size)]
    node_q = _resources.read_cypher("load/bulk_nodes.cypher" if lean else "load/merge_nodes.cypher")
    rel_q = _resources.read_cypher("load/bulk_relationships.cypher" if lean else "load/merge_relationships.cypher")
    for label, rows in _node_batches(nodes).items():
        cypher = fill_placeholders(node_q, label=label)
        batches += [Batch("nodes", cypher, chunk, lean) for chunk in _chunks(rows, batch_size)]
    for (rtype, start, end), rows in _rel_batches(rels, labels.__getitem__, lean).items():
        cypher = fill_placeholders(rel_q, type=rtype, start=start, end=end)
        batches += [Batch("relationships", cypher, chunk, lean) for chunk in _chunks(rows, batch_size)]
    if sources_gone:
        cypher = fill_placeholders(_resources.read_cypher("load/delete_nodes.cypher"), label="Source")
        batches += [Batch("delete-nodes", cypher, [i for _, i in chunk]) for chunk in _chunks(sources_gone, batch_size)]
    return batches


class BatchWriter:
    """Writes batches in one session, each in its own transaction fenced by the write lock.

    The sizes the server had memory for (``caps``: batch kind -> rows) last as long as the writer:
    one load.
    """

    def __init__(self, session: Session, lock: WriteLock, retry_seconds: float,
                 notify: Callable[[str], None] | None = None):
        self.session, self.lock, self.retry_seconds, self.notify = session, lock, retry_seconds, notify
        self.caps: dict[str, int] = {}

    def execute(self, work: Callable[[ManagedTransaction], T]) -> T:
        """``self.session.execute_write(work)`` with the driver's retries off and ours on: an error the
        server may not give again is retried for up to ``retry_seconds``, except a lack of memory,
        raised as TooBig (a smaller write may pass; the same one will not), wherever it comes
        (running the statements or committing them)."""
        deadline, delay = None, 0.2
        while True:
            try:
                return self.session.execute_write(work)
            except (neo4j_exc.Neo4jError, neo4j_exc.DriverError) as exc:
                if _out_of_memory(exc):
                    raise TooBig(getattr(exc, "message", None) or str(exc)) from None
                if not exc.is_retryable():
                    raise
                deadline = deadline or time.monotonic() + self.retry_seconds
                if time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    def fenced(self, cypher: str, **params: Any) -> None:
        def work(tx: ManagedTransaction) -> None:
            self.lock.fence(tx)
            tx.run(cypher, params).consume()

        self.execute(work)

    def write(self, batch: Batch, progress: Callable[[int], object] | None = None) -> LoadSummary:
        """Write one batch in its own fenced transaction. A batch the server has no memory for is
        written as halves, down to one row, and later batches of its kind start at the size that
        passed (``caps``, for this writer's load)."""
        cap = self.caps.get(batch.kind)
        if cap and batch.size > cap:
            return self._write_pieces(batch.pieces(cap), progress)

        try:
            summary = self.execute(guarded(self.lock, batch.apply))
        except TooBig as exc:
            if batch.size <= 1:
                raise LoadFailed(f"the server has not the transaction memory for even one row of {batch.what} "
                                 f"({exc.message}); the batches committed so far stay, flagged by the "
                                 "unfinished-load marker. Give the server more memory (db.memory.transaction.max, "
                                 "the heap), then run the same command again (--batch-size sets rows per batch)") from None
            half = batch.size // 2
            self.caps[batch.kind] = half
            if self.notify:
                self.notify(f"the server ran short of transaction memory for {batch.size:,} {batch.what} in one "
                            f"transaction; writing them {half:,} at a time (--batch-size {half} starts there)")
            summary = self._write_pieces(batch.pieces(half), progress)
            summary.smallest_batch = min(x for x in (summary.smallest_batch, half) if x)
            return summary
        if progress:
            progress(len(batch.rows))
        return summary

    def _write_pieces(self, pieces: list[Batch], progress: Callable[[int], object] | None) -> LoadSummary:
        summary = LoadSummary()
        for piece in pieces:
            part = self.write(piece, progress)
            summary.add(part)
            summary.nodes_deleted += part.nodes_deleted
            summary.relationships_deleted += part.relationships_deleted
        return summary
