"""Driver exceptions as one-line alliance-graph errors, without secrets."""

from __future__ import annotations

import enum
from types import TracebackType
from typing import Literal

from neo4j import exceptions as neo4j_exc

from ..errors import ConnectionFailed, LoadFailed, QueryError, ReadOnlyError
from .connection import Settings, strip_secrets


class Action(enum.Enum):
    """What the store was doing when the driver failed: the verb of the message, and for a load
    what a failure leaves behind."""

    CONNECT = "connect to"
    QUERY = "query"
    LOCK = "take the write lock of"
    UNLOCK = "unlock"
    SCHEMA = "create the schema on"
    LOAD = "load into"
    BULK_LOAD = "bulk load into"

    @property
    def outcome(self) -> str | None:
        """What a failed load leaves in the database (None: not a load)."""
        if self is Action.LOAD:
            return "the transaction was rolled back and the database is as it was before"
        if self is Action.BULK_LOAD:
            return ("the batches committed so far stay, flagged by the unfinished-load marker; "
                    "run the same load again to complete it")
        return None


class ErrorTranslator:
    """A context manager that turns driver exceptions raised while doing ``action`` into
    :class:`~alliance_graph.errors.ConnectionFailed`, :class:`~alliance_graph.errors.LoadFailed`,
    :class:`~alliance_graph.errors.QueryError` or :class:`~alliance_graph.errors.ReadOnlyError`."""

    def __init__(self, settings: Settings, action: Action):
        self.settings, self.action = settings, action

    def __enter__(self) -> ErrorTranslator:
        return self

    def __exit__(self, etype: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
        if exc is None or not isinstance(exc, neo4j_exc.Neo4jError | neo4j_exc.DriverError):
            return False
        where = self.settings.safe_uri
        message = strip_secrets(getattr(exc, "message", None) or str(exc), self.settings)
        verb = self.action.value
        if self.action.outcome and not isinstance(exc, neo4j_exc.AuthError):
            raise LoadFailed(f"load into Neo4j at {where} failed ({type(exc).__name__}: {message}); "
                             + self.action.outcome) from None
        if isinstance(exc, neo4j_exc.AuthError):
            raise ConnectionFailed(f"Neo4j at {where} refused the credentials of user {self.settings.username!r}; "
                                   "check NEO4J_USERNAME and NEO4J_PASSWORD") from None
        if isinstance(exc, neo4j_exc.ServiceUnavailable | neo4j_exc.SessionExpired):
            raise ConnectionFailed(f"cannot {verb} Neo4j at {where}: the server does not answer; "
                                   "is it running? (`python3 scripts/neo4j_local.py start` starts a local one)") from None
        if isinstance(exc, neo4j_exc.ClientError) and "DatabaseNotFound" in (exc.code or ""):
            raise ConnectionFailed(f"Neo4j at {where} has no database {self.settings.database!r}; check NEO4J_DATABASE") from None
        if isinstance(exc, neo4j_exc.ClientError) and self.action is Action.QUERY:
            if "AccessMode" in (exc.code or "") or "ForbiddenOnReadOnly" in (exc.code or ""):
                raise ReadOnlyError(f"refused by the server: the query tried to write in a read-only transaction ({message})") from None
            error = QueryError(f"Neo4j rejected the query: {message}")
            error.server_message = message
            raise error from None
        raise ConnectionFailed(f"cannot {verb} Neo4j at {where}: {message}") from None
