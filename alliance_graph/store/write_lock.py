"""One writer at a time per Neo4j database: the write lock every load and retract holds.

Why
---
A load reads what the database holds, works out the difference with its files, and writes
it. Two writers at once would each compute their difference from a graph the other is
changing: one deletes what it does not recognise of the other's half-written load, or
overwrites the statements the other just added (a lost update). So every writing command
holds the database's write lock from before it reads the graph back until its last write.

How
---
The lock is one ``(:WriteLock {id: 'writers'})`` node (a uniqueness constraint keeps it one;
it is never deleted, only emptied, so no writer can claim a node another is deleting) whose
properties name the holder: a random ``token``, owner (user), host, process id, the
command, when it started, and a lease (``expires``). Every change of it runs in a transaction
that first takes the server's exclusive lock on the node (``cypher/lock/claim.cypher``), so
two writers can never both find it free.

* **Fenced writes.** Every write transaction of the holder renews its lease first, in the same
  transaction (:meth:`WriteLock.fence`): a writer whose lock was taken over (its lease ran out,
  or `agraph unlock` cleared it) fails before it writes anything, instead of interleaving.
* **Heartbeat.** A thread renews the lease every third of it while the command works
  (reading the graph back, working out the change), so a live writer never looks stale.
* **Stale locks.** A lock whose lease ran out is free. A lock held by a process of this host
  that no longer runs (killed, crashed) is free at once. `agraph unlock` clears a lock the
  user knows to be dead (it refuses a live one unless ``--force``).
* **Waiting.** A writer that finds the lock held waits (saying once, on the ``notify``
  callback, who holds it) up to ``wait`` seconds, then raises :class:`~alliance_graph.errors.WriteLockBusy`.

Environment: ``AGRAPH_LOCK_LEASE`` (seconds, default 60), ``AGRAPH_LOCK_WAIT`` (seconds a
writer waits, default 600).
"""

from __future__ import annotations

import getpass
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import neo4j

from .. import _resources
from ..errors import LockLost, WriteLockBusy

LEASE_SECONDS = 60.0
WAIT_SECONDS = 600.0
_LIVE_TOKENS: set[str] = set()  # tokens held by this process right now (a dead holder in-process is stale)
_LIVE_GUARD = threading.Lock()


def lease_seconds() -> float:
    return float(os.environ.get("AGRAPH_LOCK_LEASE") or LEASE_SECONDS)


def wait_seconds() -> float:
    return float(os.environ.get("AGRAPH_LOCK_WAIT") or WAIT_SECONDS)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name (a container without passwd entry)
        return f"uid {os.getuid()}"


def owner() -> str:
    """Who runs this process, for markers and messages: ``user@host``."""
    return f"{_user()}@{socket.gethostname()}"


@dataclass(frozen=True)
class Holder:
    """Who holds the write lock, as its node says."""

    token: str | None
    owner: str | None = None
    host: str | None = None
    pid: int | None = None
    command: str | None = None
    started: str | None = None
    expires: str | None = None
    expired: bool = True

    @property
    def free(self) -> bool:
        return self.token is None

    def stale_why(self) -> str | None:
        """Why the lock may be taken although it is held (None: its holder may be alive)."""
        if self.free:
            return None
        if self.expired:
            return f"its lease ran out at {self.expires} with no heartbeat"
        if self.host == socket.gethostname() and self.pid is not None:
            if self.pid == os.getpid():
                with _LIVE_GUARD:
                    if self.token not in _LIVE_TOKENS:
                        return "its holder in this process is gone"
            elif not _process_runs(self.pid):
                return f"process {self.pid} on this host no longer runs"
        return None

    def describe(self) -> str:
        return (f"`{self.command or 'a write'}` by {self.owner or '?'} on {self.host or '?'} "
                f"(process {self.pid}) since {self.started}")


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _claim(tx: neo4j.ManagedTransaction) -> Holder:
    tx.run(_resources.read_cypher("lock/claim.cypher")).consume()
    row = tx.run(_resources.read_cypher("lock/holder.cypher")).single()
    return Holder(**dict(row)) if row else Holder(None)


class WriteLock:
    """The write lock of one database, held by one command (see the module docstring)."""

    def __init__(self, driver: neo4j.Driver, database: str | None, command: str, *,
                 lease: float | None = None, wait: float | None = None,
                 notify: Callable[[str], None] | None = None):
        self.driver, self.database, self.command = driver, database, command
        self.lease = lease_seconds() if lease is None else lease
        self.wait = wait_seconds() if wait is None else wait
        self.notify = notify or (lambda message: None)
        self.token = uuid.uuid4().hex
        self.held = False
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    # ------------------------------------------------------------------ taking and giving back

    def acquire(self) -> None:
        """Take the lock, waiting up to ``wait`` seconds for its holder (raises WriteLockBusy)."""
        deadline = time.monotonic() + self.wait
        told = False
        params = {"token": self.token, "owner": _user(), "host": socket.gethostname(), "pid": os.getpid(),
                  "command": self.command, "lease": self.lease}

        def attempt(tx: neo4j.ManagedTransaction) -> tuple[bool, Holder]:
            holder = _claim(tx)
            if holder.free or holder.stale_why() is not None:
                taken = tx.run(_resources.read_cypher("lock/take.cypher"), params).single(strict=True)["taken"]
                return bool(taken), holder  # 0: the node went (a test wiped the database): try again
            return False, holder

        with _LIVE_GUARD:
            _LIVE_TOKENS.add(self.token)
        try:
            while True:
                with self.driver.session(database=self.database) as s:
                    taken, holder = s.execute_write(attempt)
                if taken:
                    why = holder.stale_why() if not holder.free else None
                    if why:
                        self.notify(f"took over the write lock of {holder.describe()}: {why}")
                    break
                if time.monotonic() >= deadline:
                    raise WriteLockBusy(holder.describe(), self.wait)
                if not told:
                    self.notify(f"waiting for the write lock: another writer runs, {holder.describe()}; "
                                f"waiting up to {self.wait:g} s (`agraph unlock` clears a dead one)")
                    told = True
                time.sleep(min(0.2 + random.random() * 0.3, max(0.0, deadline - time.monotonic())))
        except BaseException:
            with _LIVE_GUARD:
                _LIVE_TOKENS.discard(self.token)
            raise
        self.held = True
        self._stop.clear()
        self._heartbeat = threading.Thread(target=self._beat, name="agraph-write-lock", daemon=True)
        self._heartbeat.start()

    def release(self) -> None:
        """Give the lock back (best effort: a stopped server cannot be told; the lease frees it)."""
        if not self.held:
            return
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=5)
        self.held = False

        def give_back(tx: neo4j.ManagedTransaction) -> None:
            tx.run(_resources.read_cypher("lock/claim.cypher")).consume()  # then the token test cannot go stale
            tx.run(_resources.read_cypher("lock/release.cypher"), token=self.token).consume()

        try:
            with self.driver.session(database=self.database) as s:
                s.execute_write(give_back)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
            pass  # the lease runs out on its own
        finally:
            with _LIVE_GUARD:
                _LIVE_TOKENS.discard(self.token)

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # ------------------------------------------------------------------ while held

    def fence(self, tx: neo4j.ManagedTransaction) -> None:
        """Run first in every write transaction of the holder: renews the lease, and raises
        LockLost (so the transaction writes nothing) if another writer took the lock over."""
        tx.run(_resources.read_cypher("lock/claim.cypher")).consume()
        row = tx.run(_resources.read_cypher("lock/renew.cypher"), token=self.token, lease=self.lease).single()
        if not row or not row["held"]:
            raise LockLost(self.command)

    def _beat(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                with self.driver.session(database=self.database) as s:
                    s.execute_write(self.fence)
            except LockLost:
                return  # the next write's fence says so
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
                continue  # a server that does not answer now may answer at the next beat


def read_holder(driver: neo4j.Driver, database: str | None) -> Holder:
    """Who holds the write lock now (a read: no lock taken)."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
        row = s.run(_resources.read_cypher("lock/holder.cypher")).single()
    return Holder(**dict(row)) if row else Holder(None)


def clear(driver: neo4j.Driver, database: str | None, *, force: bool = False) -> tuple[Holder, bool]:
    """`agraph unlock`: free the lock if its holder looks dead (or ``force``); returns the holder
    found and whether it was cleared."""
    def work(tx: neo4j.ManagedTransaction) -> tuple[Holder, bool]:
        holder = _claim(tx)
        if holder.free:
            return holder, False
        if not force and holder.stale_why() is None:
            return holder, False
        tx.run(_resources.read_cypher("lock/clear.cypher")).consume()
        return holder, True

    with driver.session(database=database) as s:
        return s.execute_write(work)
