"""Exceptions raised by alliance-graph.

Every error the library raises on purpose derives from :class:`AllianceGraphError`,
so callers can catch one class. The CLI turns these into a one-line message and a
non-zero exit code; nothing below prints a traceback to a user.

::

    AllianceGraphError
    +-- DatasetError             a dataset file is unreadable or invalid (carries .problems)
    +-- UnknownDatasetError      a name matches no bundled dataset (carries .known, .suggestions)
    +-- MissingExtraError        an optional library is not installed (carries .module, .extra)
    +-- FileRefused              a file named by a dataset or command may not be read (carries .path, .reason)
    +-- QueryError               a registry query is unknown, or its parameters are wrong
    |   +-- UnknownEntityError   a name/alias/id matches no organisation (carries .suggestions)
    |   +-- UnknownSourceError   a source id matches no source (carries .suggestions)
    |   +-- ReadOnlyError        a raw query would write; it was refused and nothing ran
    +-- BackendError             the store cannot answer
        +-- ConnectionFailed     Neo4j unreachable or credentials refused
        +-- LoadFailed           a load to Neo4j stopped; its transaction was rolled back
        |   +-- LockLost         another writer took this writer's lock over; it wrote no more
        +-- WriteLockBusy        another writer held the database's write lock too long
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AllianceGraphError",
    "Problem",
    "DatasetError",
    "UnknownDatasetError",
    "MissingExtraError",
    "FileRefused",
    "QueryError",
    "UnknownEntityError",
    "UnknownSourceError",
    "ReadOnlyError",
    "BackendError",
    "ConnectionFailed",
    "LoadFailed",
    "LockLost",
    "WriteLockBusy",
]


class AllianceGraphError(Exception):
    """Base class of every error alliance-graph raises on purpose."""

    hint: str | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a dataset file: where it is and what to do about it."""

    file: str
    record: str
    message: str
    line: int | None = None

    def __str__(self) -> str:  # control characters in a name or a file name are shown, never sent raw
        from .text import neutralise

        where = self.file if self.line is None else f"{self.file}:{self.line}"
        rec = f" [{self.record}]" if self.record else ""
        return neutralise(f"{where}{rec}: {self.message}")


class DatasetError(AllianceGraphError):
    """One or more dataset files are invalid; nothing was written.

    ``problems`` lists every problem found, file by file, in file order (by line within
    a file). The message shows the first :attr:`SHOWN` of them and counts the rest.
    """

    SHOWN = 50

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in dataset; nothing was written"
        lines = [head, *(f"  {p}" for p in self.problems[: self.SHOWN])]
        rest = n - self.SHOWN
        if rest > 0:
            lines.append(f"  ... and {rest} more problem{'s' if rest != 1 else ''} not shown here; fix these and run "
                         f"again to see the rest (in Python, DatasetError.problems lists all {n})")
        super().__init__("\n".join(lines))
        self.hint = "fix the records named above and run the command again"


class UnknownDatasetError(AllianceGraphError):
    """A name matches none of the datasets shipped with the package."""

    def __init__(self, name: str, known: list[str], suggestions: list[str] | None = None):
        self.name = name
        self.known = list(known)
        self.suggestions = list(suggestions or [])
        msg = f"no bundled dataset called {name!r}"
        if self.suggestions:
            msg += " (did you mean " + " or ".join(self.suggestions) + "?)"
        super().__init__(msg + "; the bundled datasets are: " + ", ".join(self.known))
        self.hint = "`agraph datasets` lists them with what each holds"


class MissingExtraError(AllianceGraphError):
    """A feature needs a library that comes in an optional extra, and it is not installed.

    The message names the command that installs the extra for this copy of the package (from a
    clone: ``python3 -m pip install '.[analysis]'`` in its folder; see :mod:`alliance_graph._install`).

    >>> print(MissingExtraError("pandas", "analysis", "DataFrames"))  # doctest: +ELLIPSIS
    DataFrames need pandas, which is not installed: ... -m pip install '...[analysis]' (the analysis extra)
    """

    def __init__(self, module: str, extra: str, feature: str):
        self.module = module
        self.extra = extra
        from ._install import extra_install_command

        super().__init__(f"{feature} need {module}, which is not installed: "
                         f"{extra_install_command(extra)} (the {extra} extra)")


class FileRefused(AllianceGraphError):
    """A file a dataset or a command names may not be read: outside the dataset's folder, not a
    regular file (a device, a FIFO, a directory), too large, or unreadable (see SECURITY.md).

    >>> print(FileRefused("/dev/zero", "is a character device, not a regular file"))
    /dev/zero is a character device, not a regular file
    """

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path} {reason}")


class QueryError(AllianceGraphError):
    """A registry query is unknown or was given wrong parameters."""

    server_message: str | None = None  # Neo4j's own message, when the server rejected the query


class UnknownEntityError(QueryError):
    """A name, alias or id matches no organisation or product."""

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"no organisation or product called {name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)
        self.hint = "`agraph search TEXT` lists names and aliases that match"


class UnknownSourceError(QueryError):
    """A source id matches no source in the graph."""

    def __init__(self, source_id: str, suggestions: list[str] | None = None):
        self.source_id = source_id
        self.suggestions = list(suggestions or [])
        msg = f"no source with id {source_id!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)
        self.hint = "`agraph sources` lists every source id"


class ReadOnlyError(QueryError):
    """A raw Cypher query would change the database; it was refused."""


class BackendError(AllianceGraphError):
    """The store (Neo4j or embedded) cannot answer."""


class ConnectionFailed(BackendError):
    """Neo4j cannot be reached, or refused the credentials."""


class LoadFailed(BackendError):
    """A load into Neo4j stopped part way; its transaction was rolled back."""


class LockLost(LoadFailed):
    """A writer found, at the start of a write transaction, that it no longer holds the
    database's write lock (its lease ran out, or `agraph unlock` cleared it); that
    transaction wrote nothing, and the writer stopped."""

    def __init__(self, command: str):
        super().__init__(f"`{command}` lost the database's write lock (its lease ran out with no heartbeat, or "
                         "`agraph unlock` cleared it) and stopped before its next write; batches committed before "
                         "stay, flagged by its unfinished-load marker: run the same command again to complete it")


class WriteLockBusy(BackendError):
    """Another writer held the database's write lock for longer than this one would wait."""

    def __init__(self, holder: str, waited: float):
        self.holder = holder
        super().__init__(f"another writer holds the database's write lock: {holder}; waited {waited:g} s and "
                         "wrote nothing")
        self.hint = ("run the command again when that one ends (--wait SECONDS waits longer); if it is dead, "
                     "`agraph unlock` frees the lock (a lock also frees itself a minute after its last heartbeat)")
