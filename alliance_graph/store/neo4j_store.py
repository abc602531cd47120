"""The Neo4j store: connection settings, the loader, and read-only query execution.

Connection settings follow Neo4j's conventions: ``NEO4J_URI``,
``NEO4J_USERNAME`` (default ``neo4j``), ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (default: the server's default database). Errors never show
the password or the user part of a URI.

Load guarantee
--------------
A load of up to ``SINGLE_TRANSACTION_LIMIT`` rows (nodes plus relationships)
runs as one write transaction: schema first (idempotent, auto-commit), then
the optional wipe and every ``MERGE`` in a single transaction, so a failure
leaves the graph exactly as it was.

A larger load (the bulk path; also a ``wipe`` of a database holding more
than that) commits one transaction per batch of
``UNWIND $rows ... MERGE``. Before the first batch it writes a
``(:LoadMarker)`` node and removes it after the last one; while the marker is
there, every reader (library and CLI) is warned that the graph is partial.
Every batch is idempotent, so running the same load again completes it and
creates nothing twice.

One writer at a time
--------------------
Every load and retract holds the database's write lock (:mod:`.write_lock`) from before it
reads the graph back until its last write, and every write transaction checks first that it
still holds it: two people loading at once wait for each other instead of computing their
changes from a graph the other is half-way through writing. Each batched run has a marker of
its own (``(:LoadMarker {id: run})``, with the command that completes it), so one run finishing
never hides another's unfinished work; a run that completes removes the markers of the runs it
supersedes (same sources, or a wipe).

Batch sizes adapt: a batch the server refuses for lack of transaction memory is split in two
and written again, down to single rows; the summary says which size was used.

Lean writes
-----------
When every row is new (a load into an empty database, or after a wipe: the
:class:`~alliance_graph.store.changes.Change` is ``fresh``) the batches use the
lean twins of the ``MERGE`` statements (``load/bulk_*.cypher``): still ``MERGE``
by id, so a batch run again creates nothing twice, but without comparing each
node and relationship with what it was before. The summary then counts what the
server created (its counters) and, for any row that was already there (another
loader got there first), says ``written`` rather than guessing updated or
unchanged.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_exc

from .. import _resources
from ..dates import AsOf, holds
from ..errors import ConnectionFailed, LoadFailed, QueryError, ReadOnlyError
from ..model import DEFAULT_BATCH_SIZE
from ..profile import phase
from ..rows import NodeRow, RelRow, graph_as_of
from .base import LoadPlan, LoadSummary, Progress, plan_load
from .connection import Settings, strip_secrets, uri_problem
from .neo4j_batches import Batch, BatchWriter, TooBig, command_line, guarded, plan_batches
from .neo4j_errors import Action, ErrorTranslator
from .read_only import DEFAULT_TIMEOUT, check_plan, check_statement, failure_message, syntax_error_message
from .write_lock import WriteLock, clear as clear_lock, owner, read_holder

if TYPE_CHECKING:
    import networkx as nx

    from ..model import Dataset
    from ..queries.registry import Query
    from ..results import Rows
    from .changes import Change
    from .write_lock import Holder


__all__ = ["Neo4jStore", "command_line"]


class Neo4jStore:
    """A connection to one Neo4j database: the :class:`~alliance_graph.store.base.Store` that can be written."""

    backend = "neo4j"

    def __init__(self, settings: Settings, driver: neo4j.Driver | None = None):
        self.settings = settings
        self._own_driver = driver is None
        self._lock: WriteLock | None = None
        self._schema_done = False  # ensure_schema ran on this connection
        #: called with a line for the user: waiting for the write lock, a batch size halved
        self.notify: Callable[[str], None] | None = None
        bad = uri_problem(settings.uri) if driver is None else None
        if bad:
            raise ConnectionFailed(f"bad Neo4j URI {settings.safe_uri!r}: {bad}; check NEO4J_URI or --uri")
        try:
            self.driver = driver or GraphDatabase.driver(
                settings.uri, auth=(settings.username, settings.password) if settings.password is not None else None,
                connection_timeout=10, max_transaction_retry_time=settings.retry_seconds,
                notifications_min_severity="OFF")
        except (ValueError, neo4j_exc.ConfigurationError) as exc:
            raise ConnectionFailed(f"bad Neo4j URI {settings.safe_uri!r}: {strip_secrets(str(exc), settings)}") from None

    # ----------------------------------------------------------------------- lifecycle

    def close(self) -> None:
        if self._own_driver:
            self.driver.close()

    @phase("connect")
    def verify(self) -> None:
        """Check that the server answers and accepts the credentials (raises ConnectionFailed)."""
        with self._errors():
            self.driver.verify_connectivity()
            with self.driver.session(database=self.settings.database) as session:
                session.run("RETURN 1").consume()

    @property
    def location(self) -> str:
        return self.settings.safe_uri + (f" (database {self.settings.database})" if self.settings.database else "")

    def _errors(self, action: Action = Action.CONNECT) -> ErrorTranslator:
        return ErrorTranslator(self.settings, action)

    # ----------------------------------------------------------------------- reading

    def run(self, query: Query, params: dict, as_of: AsOf = AsOf.ALL_TIME) -> list[dict]:
        """Rows of a registry query (already filled in by the registry), in a read transaction."""
        return self.read(query.cypher, {**params, "asOf": as_of.cypher_param})

    @phase("networkx")
    def to_networkx(self, as_of: str | None = None) -> nx.MultiDiGraph:
        """The whole graph (the alliance-graph labels), every property, as a networkx MultiDiGraph;
        with ``as_of`` (a full date) without the relationships that did not hold then."""
        import networkx as nx

        nodes = self.read(_resources.read_cypher("export/nodes.cypher"))
        rels = self.read(_resources.read_cypher("export/relationships.cypher"))
        g = nx.MultiDiGraph()
        for n in nodes:
            g.add_node(n["id"], labels=tuple(sorted(n["labels"])), **n["props"])
        for r in rels:
            if holds(r["props"], as_of):
                g.add_edge(r["start"], r["end"], key=r["props"]["id"], type=r["type"], **r["props"])
        return graph_as_of(g, AsOf.parse(as_of).camp_day)  # (camps of today for all time, as the embedded store)

    def warnings(self) -> list[str]:
        """One line per batched load or retract that is running (its writer holds the lock) or
        did not finish, with the command that completes it."""
        runs = self.unfinished_runs()
        if not runs:
            return []
        holder = self.lock_holder()
        out = []
        for m in runs:
            what = "bulk load" if m["operation"] == "load" else "batched retract"
            command = m.get("command") or command_line(m["operation"], m.get("files") or m.get("sources") or [])
            who = f" by {m['owner']}" if m.get("owner") else ""
            if m.get("lock") and m["lock"] == holder.token and holder.stale_why() is None:
                out.append(f"a {what}{who} is running (`{command}`, started {m['started']}): the graph is "
                           "partial until it ends")
            else:
                out.append(f"a {what} started {m['started']}{who} did not finish, so the graph may be partial; "
                           f"run `{command}` again to complete it")
        return out

    @phase("query")
    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        """Run one statement in a read transaction and return plain dict rows."""
        def work(tx: neo4j.ManagedTransaction) -> list[dict]:
            return [_plain(dict(record)) for record in tx.run(cypher, params or {})]

        with self._errors(Action.QUERY):
            with self.driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(work)

    @phase("query")
    def explain(self, cypher: str, params: dict | None = None) -> tuple[str | None, dict]:
        """The server's plan of a statement, without running it: (query type, plan dict).

        The query type is the server's own classification: 'r', 'rw', 'w' or 's'.
        A statement the server cannot parse raises QueryError quoting the user's text.
        """
        prefix = "EXPLAIN\n"
        try:
            with self._errors(Action.QUERY):
                with self.driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
                    summary = s.run(prefix + cypher, params or {}).consume()
        except QueryError as exc:
            if exc.server_message is None:
                raise
            raise QueryError("Neo4j rejected the query: " + syntax_error_message(
                exc.server_message, cypher, prefix.count("\n"), len(prefix))) from None
        return summary.query_type, summary.plan or {}

    def read_only(self, cypher: str, params: dict | None = None, *, timeout: float | None = DEFAULT_TIMEOUT,
                  max_rows: int | None = None, on_row: Callable[[dict], object] | None = None) -> Rows:
        """Run arbitrary Cypher only if its kind is allowed and its plan reads the graph and nothing
        else; refuse anything else. The answer is a :class:`~alliance_graph.results.Rows` of dicts.

        See :mod:`alliance_graph.store.read_only` for the rules (allowed statement kinds, no writes,
        no schema changes, no LOAD CSV, only allow-listed procedures). ``timeout``: seconds the
        server lets it run (None or 0: the server's own limit). ``max_rows``: stop reading after
        that many rows (the answer's ``truncated`` says so; None: every row). ``on_row``: called
        with each row as it arrives instead of keeping it (the answer then holds no rows).
        """
        stripped = cypher.strip().rstrip(";")
        if re.match(r"(?is)^\s*(explain|profile)\b", stripped):
            raise QueryError("EXPLAIN and PROFILE are not supported here; run the query itself")
        why = check_statement(stripped)
        if why:
            raise ReadOnlyError(f"refused: this query {why}; nothing was run")
        qtype, plan = self.explain(stripped, params)
        why = check_plan(qtype, plan)
        if why:
            suffix = "" if "`agraph cypher` runs" in why else "; `agraph cypher` runs read-only queries on the graph only"
            raise ReadOnlyError(f"refused: this query {why}{suffix}, and nothing was run")
        return self._read_raw(stripped, params, timeout, max_rows, on_row)

    @phase("query")
    def _read_raw(self, cypher: str, params: dict | None, timeout: float | None, max_rows: int | None,
                  on_row: Callable[[dict], object] | None) -> Rows:
        """One explicit READ transaction with a timeout, read as a stream and never retried (an
        error that cannot succeed, a timeout or the memory limit, is said once)."""
        from ..results import Rows

        rows = Rows()
        with self._errors(Action.QUERY):
            try:
                with self.driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
                    tx = s.begin_transaction(timeout=timeout or None)
                    try:
                        result = tx.run(cypher, params or {})
                        rows.columns = tuple(result.keys())
                        count = 0
                        for record in result:
                            if max_rows is not None and count >= max_rows:
                                rows.truncated = True
                                break
                            count += 1
                            row = _plain(dict(record))
                            if on_row is None:
                                rows.append(row)
                            else:
                                on_row(row)
                    finally:
                        tx.close()  # a rollback: nothing was written, and rows left unread are dropped
            except neo4j_exc.Neo4jError as exc:
                message = failure_message(exc.code, timeout)
                if message is None:
                    raise
                raise QueryError(message) from None
        return rows

    def counts(self) -> tuple[int, int]:
        row = self.read(_resources.read_cypher("load/counts.cypher"))[0]
        return row["nodes"], row["relationships"]

    # ----------------------------------------------------------------------- writing

    @contextmanager
    def writing(self, command: str, wait: float | None = None) -> Iterator[WriteLock]:
        """Hold the database's write lock for ``command`` (re-entrant: an inner call shares it)."""
        if self._lock is not None:
            yield self._lock
            return
        self.ensure_schema()  # the lock node's uniqueness constraint
        lock = WriteLock(self.driver, self.settings.database, command, wait=wait, notify=self.notify)
        with self._errors(Action.LOCK):
            lock.acquire()
        self._lock = lock
        try:
            yield lock
        finally:
            self._lock = None
            lock.release()

    def lock_token(self) -> str | None:
        """The token of the write lock this store holds now, if any."""
        return self._lock.token if self._lock is not None else None

    def lock_holder(self) -> Holder:
        """Who holds the write lock (a :class:`.write_lock.Holder`; ``free`` when nobody)."""
        with self._errors(Action.QUERY):
            return read_holder(self.driver, self.settings.database)

    def unlock(self, force: bool = False) -> tuple[Holder, bool]:
        """Free a write lock whose holder looks dead (or any, with ``force``): (holder, cleared)."""
        with self._errors(Action.UNLOCK):
            return clear_lock(self.driver, self.settings.database, force=force)

    def ensure_schema(self) -> int:
        """Create the named constraints and indexes that are missing; return how many statements ran.

        One look-up first: a database that already has every one of them gets no
        schema statement at all (a uniqueness constraint's index bears its name).
        The statements come from the allow-lists (:mod:`.schema`): every label and
        relationship type has its named uniqueness constraint on ``id``.
        """
        from .schema import schema_statements

        statements = schema_statements()
        if self._schema_done:
            return 0
        with self._errors(Action.SCHEMA):
            with self.driver.session(database=self.settings.database) as s:
                existing = set(s.run(_resources.read_cypher("schema/existing.cypher")).single(strict=True)["names"])
                missing = [st for name, st in statements if name not in existing]
                for statement in missing:
                    s.run(statement).consume()
        self._schema_done = True
        return len(missing)

    def plan(self, nodes: list[NodeRow], rels: list[RelRow], batch_size: int = DEFAULT_BATCH_SIZE,
             delete_nodes: Iterable[tuple[str, str]] = (), delete_rels: Iterable[tuple[str, str]] = (),
             labels: dict[str, str] | None = None, lean: bool = False) -> list[Batch]:
        """The write as batches (see :func:`.neo4j_batches.plan_batches`)."""
        return plan_batches(nodes, rels, batch_size, delete_nodes, delete_rels, labels, lean)

    def plan_load(self, rows: int, *, wipe: bool = False, bulk: bool | None = None,
                  batch_size: int = DEFAULT_BATCH_SIZE) -> LoadPlan:
        """How a load of ``rows`` rows will write here (counts the database only when a wipe makes it matter)."""
        return plan_load(rows, wipe=wipe, bulk=bulk, batch_size=batch_size, count_existing=lambda: sum(self.counts()))

    def load(self, dataset: Dataset, plan: LoadPlan, progress: Progress = None, current: nx.MultiDiGraph | None = None,
             *, command: str | None = None,
             current_token: str | None = None) -> LoadSummary:
        """Load a validated dataset into what the database holds (see :mod:`.changes`), writing
        only the difference, as ``plan`` says (see the module docstring for the guarantees).

        The write lock is held from the read of the graph to the last write. ``current`` (the
        graph the files were checked against) is used only if it was read under the lock held
        now (``current_token``); otherwise the graph is read again under the lock.
        """
        from .changes import load_change

        command = command or command_line("load", dataset.files, plan.wipe)
        with self.writing(command):
            if plan.wipe:
                current = None
            elif current is None or current_token is None or current_token != self.lock_token():
                current = self.to_networkx()
            change = load_change(current, dataset, wipe=plan.wipe)
            return self.apply(change, plan, progress=progress, files=dataset.files, command=command,
                              sources=sorted(dataset.sources))

    def apply(self, change: Change, plan: LoadPlan, progress: Progress = None, files: list[str] | None = None, *,
              command: str | None = None, sources: list[str] | None = None, operation: str = "load") -> LoadSummary:
        """Write a :class:`~alliance_graph.store.changes.Change` as ``plan`` says."""
        summary = self.load_rows(change.nodes, change.rels, wipe=plan.wipe, bulk=plan.bulk, batch_size=plan.batch_size,
                                 progress=progress, files=files, delete_nodes=change.delete_nodes,
                                 delete_rels=change.delete_rels, labels=change.labels(), lean=change.fresh,
                                 command=command, sources=sources, operation=operation)
        summary.nodes_unchanged += change.summary.nodes_unchanged
        summary.relationships_unchanged += change.summary.relationships_unchanged
        if not plan.wipe:
            summary.nodes_deleted = change.summary.nodes_deleted
            summary.relationships_deleted = change.summary.relationships_deleted
        return summary

    @phase("write")
    def load_rows(self, nodes: list[NodeRow], rels: list[RelRow], wipe: bool = False,
                  batch_size: int = DEFAULT_BATCH_SIZE, bulk: bool | None = None, progress: Progress = None,
                  files: list[str] | None = None, delete_nodes: Sequence[tuple[str, str]] = (),
                  delete_rels: Sequence[tuple[str, str]] = (),
                  labels: dict[str, str] | None = None, lean: bool = False, *, command: str | None = None,
                  sources: list[str] | None = None, operation: str = "load") -> LoadSummary:
        """Write rows into Neo4j (and delete the ids given), holding the write lock; see the
        module docstring for what a failure leaves behind.

        Parameters
        ----------
        bulk : bool or None
            One transaction per batch under a load marker (True), one transaction for
            everything (False), or decide by size (None: bulk above SINGLE_TRANSACTION_LIMIT rows).
        progress : callable or None
            Called with the number of rows each committed batch wrote.
        lean : bool
            The rows are all new (an empty database, or a wipe first): write them without
            comparing with what was there; rows found already there count as ``written``.
        command, sources, operation : the command that completes this run if it stops part way,
            the sources it writes (or retracts), and ``load`` or ``retract``: recorded on its
            marker; a run that completes removes the markers of earlier runs of those sources.
        """
        total = len(nodes) + len(rels) + len(delete_nodes) + len(delete_rels)
        if bulk is None:
            bulk = self.plan_load(total, wipe=wipe, batch_size=batch_size).bulk
        batches = self.plan(nodes, rels, batch_size, delete_nodes, delete_rels, labels, lean=lean)
        command = command or command_line(operation, files or [], wipe)
        sources = list(sources or [])
        end_marks: dict[str, Any] = {"sources": sources, "everything": wipe}
        with self.writing(command) as lock:
            with self._errors(Action.BULK_LOAD if bulk else Action.LOAD):
                # retries are ours (BatchWriter.execute): a batch the server has no memory for is split, not retried
                with self.driver.session(database=self.settings.database, max_transaction_retry_time=0) as s:
                    writer = BatchWriter(s, lock, self.settings.retry_seconds, self.notify)
                    if not bulk:
                        def everything(tx: neo4j.ManagedTransaction) -> LoadSummary:
                            summary = LoadSummary()
                            if wipe:
                                counters = tx.run(_resources.read_cypher("load/wipe.cypher")).consume().counters
                                summary.nodes_deleted = counters.nodes_deleted
                                summary.relationships_deleted = counters.relationships_deleted
                            for batch in batches:
                                summary.add(batch.apply(tx))
                            tx.run(_resources.read_cypher("load/marker_end.cypher"), run="", **end_marks).consume()
                            return summary

                        try:
                            summary = writer.execute(guarded(lock, everything))
                        except TooBig as exc:
                            raise LoadFailed(
                                f"the server has not the memory for this load as one transaction ({exc.message}); "
                                "nothing was written. Run it with --bulk: batches of --batch-size rows "
                                f"(now {batch_size:,}), each halved when the server runs short") from None
                        if progress:
                            progress(total)
                        return summary
                    run = uuid.uuid4().hex
                    writer.fenced(_resources.read_cypher("load/marker_begin.cypher"), run=run,
                                 operation=operation, command=command, files=files or [], sources=sources,
                                 owner=owner(), rows=total, lock=lock.token)
                    summary = LoadSummary(bulk=True)
                    if wipe:
                        wipe_batch = Batch("wipe", _resources.read_cypher("load/wipe_batch.cypher"), [], size=batch_size)
                        while True:
                            part = writer.write(wipe_batch)
                            summary.nodes_deleted += part.nodes_deleted
                            summary.relationships_deleted += part.relationships_deleted
                            if not part.nodes_deleted:
                                break
                    for batch in batches:
                        summary.add(writer.write(batch, progress))
                    writer.fenced(_resources.read_cypher("load/marker_end.cypher"), run=run, **end_marks)
                    return summary

    def retract(self, source_ids: list[str], plan_options: dict | None = None, dry_run: bool = False,
                progress: Progress = None, command: str | None = None) -> Change:
        """Remove sources and what only they supported (see :func:`.changes.retract_change`);
        returns the change, written unless ``dry_run``.

        A source already gone because an earlier batched retract of it stopped after removing
        it (its marker names it) is not an error: that retract is complete, and its marker goes.
        """
        from ..model import Dataset
        from .changes import Change, retract_change

        command = command or command_line("retract", source_ids)
        with (self.writing(command) if not dry_run else nullcontext()):
            current = self.to_networkx()
            present = {n for n, d in current.nodes(data=True) if "Source" in (d.get("labels") or ())}
            pending = {s for m in self.unfinished_runs() if m["operation"] == "retract" for s in m["sources"]}
            done = [s for s in source_ids if s not in present and s in pending]
            ids = [s for s in source_ids if s not in done]
            if not ids:
                change = Change(Dataset())
            else:
                change = retract_change(current, ids)
            if not dry_run and change.writes:
                plan = self.plan_load(change.writes, **(plan_options or {}))
                self.apply(change, plan, progress=progress, files=list(source_ids), command=command,
                           sources=list(source_ids), operation="retract")
            elif not dry_run and done:
                with self.driver.session(database=self.settings.database) as s:
                    assert self._lock is not None
                    BatchWriter(s, self._lock, self.settings.retry_seconds).fenced(
                        _resources.read_cypher("load/marker_end.cypher"), run="", sources=list(source_ids),
                        everything=False)
        return change

    def unfinished_runs(self) -> list[dict]:
        """The markers of batched loads and retracts that started and did not finish, oldest first."""
        return self.read(_resources.read_cypher("load/marker_check.cypher"))


def _plain(value: Any) -> Any:
    """Driver values as plain Python: graph objects become dicts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), "properties": _plain(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, "start": value.start_node.get("id") if value.start_node else None,
                "end": value.end_node.get("id") if value.end_node else None, "properties": _plain(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
