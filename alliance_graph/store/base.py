"""What every store offers, and what a load looks like: free of networkx and the Neo4j driver.

:class:`Store` is the whole interface :class:`~alliance_graph.AllianceGraph` uses:
answer a registry query, hand over the graph as networkx, say what a reader should
know, say where the graph lives, and close. Both stores implement every method;
a store that cannot do something (raw Cypher, for the embedded graph)
says so with a :class:`~alliance_graph.errors.QueryError`, so callers never
branch on the backend.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..model import SINGLE_TRANSACTION_LIMIT

if TYPE_CHECKING:
    import networkx as nx

    from ..dates import AsOf
    from ..model import Dataset
    from ..queries.registry import Query
    from .changes import Change

__all__ = ["Store", "LoadPlan", "LoadSummary", "Progress", "plan_load"]

#: Called with the rows written so far during a load (a progress bar), or None.
Progress = Callable[[int], object] | None


@runtime_checkable
class Store(Protocol):
    """The interface of both stores."""

    #: ``"embedded"`` or ``"neo4j"``
    backend: str

    @property
    def location(self) -> str:
        """Where the graph lives, for messages (a URI without credentials, or the dataset files)."""

    def run(self, query: Query, params: dict, as_of: AsOf = ...) -> list[dict]:
        """Rows of a registry query, each a dict of exactly the query's columns (and ``page_key`` for a
        query that pages); ``params`` already resolved (with ``limit`` and ``after`` for a query that
        pages); ``as_of``: the date a dated query is about (all time when not given)."""

    def read_only(self, cypher: str, params: dict | None = None, *, timeout: float | None = None,
                  max_rows: int | None = None, on_row: Callable[[dict], object] | None = None) -> list[dict]:
        """Raw Cypher, refused unless it only reads the graph (see :mod:`.read_only`)."""

    def to_networkx(self, as_of: str | None = None) -> nx.MultiDiGraph:
        """The whole graph, every property, as a new networkx graph (same shape from both stores);
        with ``as_of`` (a full date) without the relationships that did not hold then."""

    def warnings(self) -> list[str]:
        """What a reader should know, e.g. that a bulk load did not finish."""

    def plan_load(self, rows: int, *, wipe: bool = False, bulk: bool | None = None, batch_size: int = ...) -> LoadPlan:
        """How a load of ``rows`` rows would write here (see :func:`plan_load`)."""

    def load(self, dataset: Dataset, plan: LoadPlan, progress: Progress = None, current: nx.MultiDiGraph | None = None,
             *, command: str | None = None, current_token: str | None = None) -> LoadSummary:
        """Load a validated dataset into what the store holds (its sources' earlier statements
        replaced, see :mod:`.changes`), writing as ``plan`` says; ``current``: what the store holds
        as networkx when the caller has just read it under the write lock ``current_token``
        (not read again then); ``command``: the command line that completes the load."""

    def retract(self, source_ids: list[str], plan_options: dict | None = None, dry_run: bool = False,
                progress: Progress = None, command: str | None = None) -> Change:
        """Remove sources and what only they supported; returns the :class:`.changes.Change`."""

    def writing(self, command: str, wait: float | None = None) -> AbstractContextManager:
        """Hold the store's write lock while the block runs (one writer at a time; re-entrant)."""

    def lock_token(self) -> str | None:
        """The token of the write lock held now by this store object, or None."""

    def close(self) -> None:
        """Release connections; the store is unusable afterwards."""


@dataclass(frozen=True)
class LoadPlan:
    """How a load will write: decided once, by :func:`plan_load`, shown by the CLI, followed by the store."""

    rows: int  # nodes plus relationships to write
    bulk: bool  # batches under a load marker (True) or one transaction (False)
    wipe: bool
    reason: str  # why bulk or not, in words
    batch_size: int

    def describe(self) -> str:
        """The plan in words, for the CLI."""
        how = "in batches under a load marker" if self.bulk else "in one transaction"
        return f"{self.rows:,} rows {how}{' after a wipe' if self.wipe else ''} ({self.reason})"


def plan_load(rows: int, *, wipe: bool, bulk: bool | None, batch_size: int,
              count_existing: Callable[[], int] | None = None) -> LoadPlan:
    """Decide between one transaction and the bulk path.

    ``bulk=None`` decides by size: bulk above ``SINGLE_TRANSACTION_LIMIT`` rows, and
    also when a wipe must delete more than that, since deleting a large graph does not
    fit in one transaction either: ``count_existing`` (the rows the store holds) is
    called only when that is the question left.

    >>> plan_load(10, wipe=True, bulk=None, batch_size=5000, count_existing=lambda: 2_000_000).bulk
    True
    >>> plan_load(10, wipe=False, bulk=None, batch_size=5000).reason
    'at most 50,000 rows'
    """
    limit = SINGLE_TRANSACTION_LIMIT
    if bulk is not None:
        reason = "--bulk asked for" if bulk else "--single-transaction asked for"
    elif rows > limit:
        bulk, reason = True, f"over {limit:,} rows"
    elif wipe and count_existing is not None and (existing := count_existing()) > limit:
        bulk, reason = True, f"the wipe deletes {existing:,} rows, over {limit:,}"
    else:
        bulk, reason = False, f"at most {limit:,} rows"
    return LoadPlan(rows, bulk, wipe, reason, batch_size)


@dataclass
class LoadSummary:
    """What a load changed."""

    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_unchanged: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_unchanged: int = 0
    # written onto a node or relationship that was already there, by a lean write that does not
    # compare (see neo4j_store): updated or unchanged, it does not know which
    nodes_written: int = 0
    relationships_written: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    batches: int = 0
    bulk: bool = False
    # the smallest batch written after the server ran short of memory (None: no batch was split)
    smallest_batch: int | None = None

    def add(self, other: LoadSummary) -> None:
        """Count ``other`` (a batch's summary) in this one."""
        if other.smallest_batch:
            self.smallest_batch = min(x for x in (self.smallest_batch, other.smallest_batch) if x)
        for name in ("nodes_created", "nodes_updated", "nodes_unchanged", "relationships_created",
                     "relationships_updated", "relationships_unchanged", "nodes_written", "relationships_written",
                     "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def unknown(self) -> bool:
        """Whether some rows were written without knowing if they changed (``written``)."""
        return bool(self.nodes_written or self.relationships_written)

    def columns(self) -> list[str]:
        """The columns of :meth:`as_rows` worth showing: ``written`` only when some rows are."""
        return ["what", "created", "updated", "unchanged", *(["written"] if self.unknown else []), "deleted"]

    def as_rows(self) -> list[dict]:
        """The counts as a table: one row for nodes, one for relationships."""
        return [
            {"what": "nodes", "created": self.nodes_created, "updated": self.nodes_updated,
             "unchanged": self.nodes_unchanged, "written": self.nodes_written, "deleted": self.nodes_deleted},
            {"what": "relationships", "created": self.relationships_created, "updated": self.relationships_updated,
             "unchanged": self.relationships_unchanged, "written": self.relationships_written,
             "deleted": self.relationships_deleted},
        ]
