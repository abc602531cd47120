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

import datetime
import re
import shlex
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx_exc

from .. import _resources
from ..dates import AsOf, holds
from ..errors import ConnectionFailed, LoadFailed, QueryError, ReadOnlyError
from ..model import ALLIANCE_LABEL, CAMP_LABELS, DEFAULT_BATCH_SIZE
from .base import LoadPlan, LoadSummary, plan_load
from ..profile import phase
from .connection import Settings, strip_secrets, uri_problem
from .placeholders import fill_placeholders
from .read_only import DEFAULT_TIMEOUT, check_plan, check_statement, failure_message, syntax_error_message
from .write_lock import WriteLock, clear as clear_lock, owner, read_holder
from ..rows import NodeRow, RelRow, graph_as_of



def _node_batches(nodes: Iterable[NodeRow]):
    groups: dict[str, list[dict]] = defaultdict(list)
    for n in nodes:
        groups[n.label].append({"props": n.props, "open": CAMP_LABELS["open"] in n.extra_labels,
                                "closed": CAMP_LABELS["closed"] in n.extra_labels,
                                "alliance": ALLIANCE_LABEL in n.extra_labels})
    return groups


def _rel_batches(rels: Iterable[RelRow], label_of, lean: bool = False):
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for r in rels:  # the lean statement takes lists: less for the driver to pack than maps
        groups[(r.type, label_of(r.start), label_of(r.end))].append(
            [r.start, r.end, r.props] if lean else {"start": r.start, "end": r.end, "props": r.props})
    return groups


def _chunks(rows: list, size: int):
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


def _guarded(lock: WriteLock, work: Callable):
    """``work`` as a transaction function that first checks the write lock is still held (the fence)
    and turns the server's lack of memory into _TooBig (not retried as it is: a smaller write may pass)."""
    def run(tx):
        lock.fence(tx)
        try:
            return work(tx)
        except nx_exc.Neo4jError as exc:
            if _out_of_memory(exc):
                raise _TooBig(exc.message or str(exc)) from None
            raise

    return run


class _TooBig(Exception):
    """A batch the server had no memory for (raised inside the transaction function, so the
    driver does not retry the same batch again and again)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Neo4jStore:
    """A connection to one Neo4j database: the :class:`~alliance_graph.store.base.Store` that can be written."""

    backend = "neo4j"

    def __init__(self, settings: Settings, driver: neo4j.Driver | None = None):
        self.settings = settings
        self._own_driver = driver is None
        self._lock: WriteLock | None = None
        self._caps: dict[str, int] = {}  # batch kind -> the most rows the server had memory for, in this load
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
        except (ValueError, nx_exc.ConfigurationError) as exc:
            raise ConnectionFailed(f"bad Neo4j URI {settings.safe_uri!r}: {_strip_secret(str(exc), settings)}") from None

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

    def _errors(self, action: str = "connect to"):
        return _ErrorTranslator(self.settings, action)

    # ----------------------------------------------------------------------- reading

    def run(self, query, params: dict, as_of: AsOf = AsOf.ALL_TIME) -> list[dict]:
        """Rows of a registry query (already filled in by the registry), in a read transaction."""
        return self.read(query.cypher, {**params, "asOf": as_of.cypher_param})

    @phase("networkx")
    def to_networkx(self, as_of: str | None = None):
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
        return graph_as_of(g, as_of or datetime.date.today().isoformat())

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
        def work(tx):
            return [_plain(dict(record)) for record in tx.run(cypher, params or {})]

        with self._errors("query"):
            with self.driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(work)

    @phase("query")
    def explain(self, cypher: str, params: dict | None = None):
        """The server's plan of a statement, without running it: (query type, plan dict).

        The query type is the server's own classification: 'r', 'rw', 'w' or 's'.
        A statement the server cannot parse raises QueryError quoting the user's text.
        """
        prefix = "EXPLAIN\n"
        try:
            with self._errors("query"):
                with self.driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
                    summary = s.run(prefix + cypher, params or {}).consume()
        except QueryError as exc:
            if exc.server_message is None:
                raise
            raise QueryError("Neo4j rejected the query: " + syntax_error_message(
                exc.server_message, cypher, prefix.count("\n"), len(prefix))) from None
        return summary.query_type, summary.plan or {}

    def read_only(self, cypher: str, params: dict | None = None, *, timeout: float | None = DEFAULT_TIMEOUT,
                  max_rows: int | None = None, on_row=None):
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
    def _read_raw(self, cypher: str, params, timeout, max_rows, on_row):
        """One explicit READ transaction with a timeout, read as a stream and never retried (an
        error that cannot succeed, a timeout or the memory limit, is said once)."""
        from ..results import Rows

        rows = Rows()
        with self._errors("query"):
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
            except nx_exc.Neo4jError as exc:
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
        with self._errors("take the write lock of"):
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

    def lock_holder(self):
        """Who holds the write lock (a :class:`.write_lock.Holder`; ``free`` when nobody)."""
        with self._errors("query"):
            return read_holder(self.driver, self.settings.database)

    def unlock(self, force: bool = False):
        """Free a write lock whose holder looks dead (or any, with ``force``): (holder, cleared)."""
        with self._errors("unlock"):
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
        with self._errors("create the schema on"):
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

    def plan_load(self, rows: int, *, wipe: bool = False, bulk: bool | None = None,
                  batch_size: int = DEFAULT_BATCH_SIZE) -> LoadPlan:
        """How a load of ``rows`` rows will write here (counts the database only when a wipe makes it matter)."""
        return plan_load(rows, wipe=wipe, bulk=bulk, batch_size=batch_size, count_existing=lambda: sum(self.counts()))

    def load(self, dataset, plan: LoadPlan, progress=None, current=None, *, command: str | None = None,
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

    def apply(self, change, plan: LoadPlan, progress=None, files: list[str] | None = None, *,
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
                  batch_size: int = DEFAULT_BATCH_SIZE, bulk: bool | None = None, progress=None,
                  files: list[str] | None = None, delete_nodes=(), delete_rels=(),
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
        end_marks = {"sources": sources, "everything": wipe}
        self._caps = {}
        with self.writing(command) as lock:
            with self._errors("bulk load into" if bulk else "load into"):
                # retries are ours (_execute): a batch the server has no memory for is split, not retried
                with self.driver.session(database=self.settings.database, max_transaction_retry_time=0) as s:
                    if not bulk:
                        def everything(tx) -> LoadSummary:
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
                            summary = self._execute(s, _guarded(lock, everything))
                        except _TooBig as exc:
                            raise LoadFailed(
                                f"the server has not the memory for this load as one transaction ({exc.message}); "
                                "nothing was written. Run it with --bulk: batches of --batch-size rows "
                                f"(now {batch_size:,}), each halved when the server runs short") from None
                        if progress:
                            progress(total)
                        return summary
                    run = uuid.uuid4().hex
                    self._fenced(s, lock, _resources.read_cypher("load/marker_begin.cypher"), run=run,
                                 operation=operation, command=command, files=files or [], sources=sources,
                                 owner=owner(), rows=total, lock=lock.token)
                    summary = LoadSummary(bulk=True)
                    if wipe:
                        wipe_batch = Batch("wipe", _resources.read_cypher("load/wipe_batch.cypher"), [], size=batch_size)
                        while True:
                            part = self._write_batch(s, lock, wipe_batch, None)
                            summary.nodes_deleted += part.nodes_deleted
                            summary.relationships_deleted += part.relationships_deleted
                            if not part.nodes_deleted:
                                break
                    for batch in batches:
                        summary.add(self._write_batch(s, lock, batch, progress))
                    self._fenced(s, lock, _resources.read_cypher("load/marker_end.cypher"), run=run, **end_marks)
                    return summary

    def _execute(self, session, work):
        """``session.execute_write(work)`` with the driver's retries off and ours on: an error the
        server may not give again is retried for up to ``retry_seconds``, except a lack of memory,
        raised as _TooBig (a smaller write may pass; the same one will not), wherever it comes
        (running the statements or committing them)."""
        deadline, delay = None, 0.2
        while True:
            try:
                return session.execute_write(work)
            except (nx_exc.Neo4jError, nx_exc.DriverError) as exc:
                if _out_of_memory(exc):
                    raise _TooBig(getattr(exc, "message", None) or str(exc)) from None
                if not exc.is_retryable():
                    raise
                deadline = deadline or time.monotonic() + self.settings.retry_seconds
                if time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _fenced(self, session, writer: WriteLock, cypher: str, **params) -> None:
        def work(tx) -> None:
            writer.fence(tx)
            tx.run(cypher, params).consume()

        self._execute(session, work)

    def _write_batch(self, session, lock: WriteLock, batch: Batch, progress) -> LoadSummary:
        """Write one batch in its own fenced transaction. A batch the server has no memory for is
        written as halves, down to one row, and later batches of its kind start at the size that
        passed (``_caps``, for this load)."""
        cap = self._caps.get(batch.kind)
        if cap and batch.size > cap:
            return self._write_pieces(session, lock, batch.pieces(cap), progress)

        try:
            summary = self._execute(session, _guarded(lock, batch.apply))
        except _TooBig as exc:
            if batch.size <= 1:
                raise LoadFailed(f"the server has not the transaction memory for even one row of {batch.what} "
                                 f"({exc.message}); the batches committed so far stay, flagged by the "
                                 "unfinished-load marker. Give the server more memory (db.memory.transaction.max, "
                                 "the heap), then run the same command again (--batch-size sets rows per batch)") from None
            half = batch.size // 2
            self._caps[batch.kind] = half
            if self.notify:
                self.notify(f"the server ran short of transaction memory for {batch.size:,} {batch.what} in one "
                            f"transaction; writing them {half:,} at a time (--batch-size {half} starts there)")
            summary = self._write_pieces(session, lock, batch.pieces(half), progress)
            summary.smallest_batch = min(x for x in (summary.smallest_batch, half) if x)
            return summary
        if progress:
            progress(len(batch.rows))
        return summary

    def _write_pieces(self, session, lock: WriteLock, pieces: list[Batch], progress) -> LoadSummary:
        summary = LoadSummary()
        for piece in pieces:
            part = self._write_batch(session, lock, piece, progress)
            summary.add(part)
            summary.nodes_deleted += part.nodes_deleted
            summary.relationships_deleted += part.relationships_deleted
        return summary

    def retract(self, source_ids: list[str], plan_options: dict | None = None, dry_run: bool = False, progress=None,
                command: str | None = None):
        """Remove sources and what only they supported (see :func:`.changes.retract_change`);
        returns the change, written unless ``dry_run``.

        A source already gone because an earlier batched retract of it stopped after removing
        it (its marker names it) is not an error: that retract is complete, and its marker goes.
        """
        from .changes import Change, retract_change
        from ..model import Dataset

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
                    lock = self._lock
                    assert lock is not None
                    self._fenced(s, lock, _resources.read_cypher("load/marker_end.cypher"), run="",
                                 sources=list(source_ids), everything=False)
        return change

    def unfinished_runs(self) -> list[dict]:
        """The markers of batched loads and retracts that started and did not finish, oldest first."""
        return self.read(_resources.read_cypher("load/marker_check.cypher"))


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

    def apply(self, tx) -> LoadSummary:
        if self.kind == "wipe":
            result = tx.run(self.cypher, batch=self.size)
            deleted = result.single()["deleted"]
            counters = result.consume().counters
            return LoadSummary(nodes_deleted=deleted, relationships_deleted=counters.relationships_deleted, batches=1)
        result = tx.run(self.cypher, rows=self.rows)
        record = result.single()
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


_LOAD_OUTCOME = {
    "load into": "the transaction was rolled back and the database is as it was before",
    "bulk load into": "the batches committed so far stay, flagged by the unfinished-load marker; "
                      "run the same load again to complete it",
}


class _ErrorTranslator:
    """Turns driver exceptions into one-line alliance-graph errors without secrets."""

    def __init__(self, settings: Settings, action: str):
        self.settings, self.action = settings, action

    def __enter__(self):
        return self

    def __exit__(self, etype, exc, tb):
        if exc is None or not isinstance(exc, nx_exc.Neo4jError | nx_exc.DriverError):
            return False
        where = self.settings.safe_uri
        message = _strip_secret(getattr(exc, "message", None) or str(exc), self.settings)
        if self.action in _LOAD_OUTCOME and not isinstance(exc, nx_exc.AuthError):
            raise LoadFailed(f"load into Neo4j at {where} failed ({type(exc).__name__}: {message}); "
                             + _LOAD_OUTCOME[self.action]) from None
        if isinstance(exc, nx_exc.AuthError):
            raise ConnectionFailed(f"Neo4j at {where} refused the credentials of user {self.settings.username!r}; "
                                   "check NEO4J_USERNAME and NEO4J_PASSWORD") from None
        if isinstance(exc, nx_exc.ServiceUnavailable | nx_exc.SessionExpired):
            raise ConnectionFailed(f"cannot {self.action} Neo4j at {where}: the server does not answer; "
                                   "is it running? (`python3 scripts/neo4j_local.py start` starts a local one)") from None
        if isinstance(exc, nx_exc.ClientError) and "DatabaseNotFound" in (exc.code or ""):
            raise ConnectionFailed(f"Neo4j at {where} has no database {self.settings.database!r}; check NEO4J_DATABASE") from None
        if isinstance(exc, nx_exc.ClientError) and self.action == "query":
            if "AccessMode" in (exc.code or "") or "ForbiddenOnReadOnly" in (exc.code or ""):
                raise ReadOnlyError(f"refused by the server: the query tried to write in a read-only transaction ({message})") from None
            error = QueryError(f"Neo4j rejected the query: {message}")
            error.server_message = message
            raise error from None
        raise ConnectionFailed(f"cannot {self.action} Neo4j at {where}: {message}") from None


def _strip_secret(text: str, settings: Settings) -> str:
    return strip_secrets(text, settings)


def _plain(value):
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
