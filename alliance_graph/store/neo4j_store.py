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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx_exc

from .. import _resources
from ..dates import holds
from ..errors import ConnectionFailed, LoadFailed, QueryError, ReadOnlyError
from ..model import ALLIANCE_LABEL, CAMP_LABELS, DEFAULT_BATCH_SIZE
from .base import LoadPlan, LoadSummary, plan_load
from ..profile import phase
from .connection import Settings, strip_secrets, uri_problem
from .placeholders import fill_placeholders
from .read_only import DEFAULT_TIMEOUT, check_plan, check_statement, failure_message, syntax_error_message
from ..rows import NodeRow, RelRow



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


class Neo4jStore:
    """A connection to one Neo4j database: the :class:`~alliance_graph.store.base.Store` that can be written."""

    backend = "neo4j"

    def __init__(self, settings: Settings, driver: neo4j.Driver | None = None):
        self.settings = settings
        self._own_driver = driver is None
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

    def run(self, query, params: dict) -> list[dict]:
        """Rows of a registry query (already filled in by the registry), in a read transaction."""
        return self.read(query.cypher, params)

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
        return g

    def warnings(self) -> list[str]:
        marker = self.unfinished_load()
        if marker is None:
            return []
        files = ", ".join(marker.get("files") or []) or "unknown files"
        return [f"a bulk load started {marker['started']} ({files}) did not finish, so the graph may be partial; "
                "run the same `agraph load` again to complete it"]

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

    def ensure_schema(self) -> int:
        """Create the named constraints and indexes that are missing; return how many statements ran.

        One look-up first: a database that already has every one of them gets no
        schema statement at all (a uniqueness constraint's index bears its name).
        The statements come from the allow-lists (:mod:`.schema`): every label and
        relationship type has its named uniqueness constraint on ``id``.
        """
        from .schema import schema_statements

        statements = schema_statements()
        with self._errors("create the schema on"):
            with self.driver.session(database=self.settings.database) as s:
                existing = set(s.run(_resources.read_cypher("schema/existing.cypher")).single(strict=True)["names"])
                missing = [st for name, st in statements if name not in existing]
                for statement in missing:
                    s.run(statement).consume()
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
        return batches

    def plan_load(self, rows: int, *, wipe: bool = False, bulk: bool | None = None,
                  batch_size: int = DEFAULT_BATCH_SIZE) -> LoadPlan:
        """How a load of ``rows`` rows will write here (counts the database only when a wipe makes it matter)."""
        return plan_load(rows, wipe=wipe, bulk=bulk, batch_size=batch_size, count_existing=lambda: sum(self.counts()))

    def load(self, dataset, plan: LoadPlan, progress=None, current=None) -> LoadSummary:
        """Load a validated dataset into what the database holds (see :mod:`.changes`), writing
        only the difference, as ``plan`` says (see the module docstring for the guarantees)."""
        from .changes import load_change

        if plan.wipe:
            current = None
        elif current is None:
            current = self.to_networkx()
        change = load_change(current, dataset, wipe=plan.wipe)
        return self.apply(change, plan, progress=progress, files=dataset.files)

    def apply(self, change, plan: LoadPlan, progress=None, files: list[str] | None = None) -> LoadSummary:
        """Write a :class:`~alliance_graph.store.changes.Change` as ``plan`` says."""
        summary = self.load_rows(change.nodes, change.rels, wipe=plan.wipe, bulk=plan.bulk, batch_size=plan.batch_size,
                                 progress=progress, files=files, delete_nodes=change.delete_nodes,
                                 delete_rels=change.delete_rels, labels=change.labels(), lean=change.fresh)
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
                  labels: dict[str, str] | None = None, lean: bool = False) -> LoadSummary:
        """Write rows into Neo4j (and delete the ids given); see the module docstring for what a
        failure leaves behind.

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
        """
        total = len(nodes) + len(rels) + len(delete_nodes) + len(delete_rels)
        if bulk is None:
            bulk = self.plan_load(total, wipe=wipe, batch_size=batch_size).bulk
        batches = self.plan(nodes, rels, batch_size, delete_nodes, delete_rels, labels, lean=lean)
        self.ensure_schema()
        with self._errors("bulk load into" if bulk else "load into"):
            with self.driver.session(database=self.settings.database) as s:
                if not bulk:
                    def everything(tx) -> LoadSummary:
                        summary = LoadSummary()
                        if wipe:
                            counters = tx.run(_resources.read_cypher("load/wipe.cypher")).consume().counters
                            summary.nodes_deleted = counters.nodes_deleted
                            summary.relationships_deleted = counters.relationships_deleted
                        for batch in batches:
                            summary.add(batch.apply(tx))
                        return summary

                    summary = s.execute_write(everything)
                    if progress:
                        progress(total)
                    return summary
                run = uuid.uuid4().hex
                s.run(_resources.read_cypher("load/marker_begin.cypher"), run=run, files=files or [],
                      rows=total).consume()
                summary = LoadSummary(bulk=True)
                if wipe:
                    counters = s.run(_resources.read_cypher("load/wipe_batched.cypher"), batch=batch_size).consume().counters
                    summary.nodes_deleted = counters.nodes_deleted
                    summary.relationships_deleted = counters.relationships_deleted
                for batch in batches:
                    summary.add(s.execute_write(batch.apply))
                    if progress:
                        progress(len(batch.rows))
                s.run(_resources.read_cypher("load/marker_end.cypher"), run=run).consume()
                return summary

    def retract(self, source_ids: list[str], plan_options: dict | None = None, dry_run: bool = False, progress=None):
        """Remove sources and what only they supported (see :func:`.changes.retract_change`);
        returns the change, written unless ``dry_run``."""
        from .changes import retract_change

        change = retract_change(self.to_networkx(), list(source_ids))
        if not dry_run and change.writes:
            plan = self.plan_load(change.writes, **(plan_options or {}))
            self.apply(change, plan, progress=progress, files=[f"retract {', '.join(source_ids)}"])
        return change

    def unfinished_load(self) -> dict | None:
        """The marker of a bulk load that started and did not finish, if any."""
        rows = self.read(_resources.read_cypher("load/marker_check.cypher"))
        return rows[0] if rows else None


@dataclass(frozen=True)
class Batch:
    """One UNWIND statement and its rows; applying it is idempotent, so a retry is safe."""

    kind: str  # "nodes", "relationships", "delete-nodes" or "delete-relationships"
    cypher: str
    rows: list
    lean: bool = False  # a bulk_*.cypher statement: created is known, updated or unchanged is not

    def apply(self, tx) -> LoadSummary:
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
