"""Where a command or a piece of Python spends its time: named phases, timed only while profiling is on.

The library marks each phase once, in the narrowest function doing it, with :class:`phase`
(a decorator or a ``with`` block): ``cache`` (the kept embedded graph read or written), ``read`` (files parsed), ``validate`` (records checked and
combined), ``merge``, ``build`` (the embedded graph), ``connect``, ``query``, ``networkx`` (the
whole graph as networkx), ``load`` (what changes), ``write`` (to Neo4j), ``retract``,
``export``, ``draw``, ``render`` (the rows printed). ``lazy-import`` is the Python modules
imported while profiling; ``import``, for ``agraph --profile``, the start-up from the process
start to the command running. Time is counted in the innermost phase only, so phases never overlap;
``other`` is what no phase covers, and the phases and ``other`` add up to the total.

When profiling is off a phase costs one check of a module variable: nothing is recorded.
From the command line: ``agraph --profile COMMAND ...`` or ``AGRAPH_PROFILE=1 agraph COMMAND ...``.
From Python, :func:`profiling`:

>>> from alliance_graph import AllianceGraph
>>> with profiling() as p:
...     with AllianceGraph.embedded() as g:
...         _ = g.rivalries()
>>> {"read", "validate", "build", "query"} <= set(p.timings())
True
>>> abs(sum(p.timings().values()) - p.total) < 1e-9  # "other" included: the phases add up to the total
True

Only the thread that started profiling is timed (work it waits for in other threads falls in
its own phase). This module imports nothing beyond what Python has loaded at start-up.
"""

from __future__ import annotations

import _thread
import builtins
import functools
import os
import sys
import time
from collections.abc import Iterator

__all__ = ["PHASES", "phase", "profiling", "start", "stop", "current", "Profile", "process_age"]

#: The phases the library marks, in the order a report lists them (others follow, as first entered).
PHASES = ("import", "lazy-import", "cache", "read", "validate", "merge", "build", "connect", "query", "networkx", "load",
          "write", "retract", "export", "draw", "render")

_active: Profile | None = None  # the profile being recorded, if any: the one thing a phase checks
_original_import = builtins.__import__


class phase:
    """A named phase: ``with phase("read"): ...`` or ``@phase("read")`` on a function (a generator
    function is timed while it computes each item, not while its consumer works on it).
    Does nothing unless a profile is being recorded; an exception still records the time spent."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __enter__(self) -> phase:
        profile = _active
        if profile is not None:
            profile.enter(self.name)
        return self

    def __exit__(self, *exc) -> None:
        profile = _active
        if profile is not None:
            profile.exit(self.name)

    def __call__(self, fn):
        name = self.name
        code = getattr(fn, "__code__", None)
        if code is not None and code.co_flags & 0x20:  # CO_GENERATOR

            @functools.wraps(fn)
            def generator(*args, **kwargs):
                items = fn(*args, **kwargs)
                return items if _active is None else _timed_items(items, name)

            return generator

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            profile = _active
            if profile is None:
                return fn(*args, **kwargs)
            profile.enter(name)
            try:
                return fn(*args, **kwargs)
            finally:
                profile.exit(name)

        return timed


def _timed_items(items: Iterator, name: str):
    first = True  # one call per generator, however many items
    while True:
        profile = _active
        if profile is not None:
            profile.enter(name, count=first)
            first = False
        try:
            item = next(items)
        except StopIteration:
            return
        finally:
            if profile is not None:
                profile.exit(name)
        yield item


class Profile:
    """The phases of one profiled run: seconds spent in each (innermost phase only) and how often it was entered.

    ``origin``: the :func:`time.perf_counter` value the total counts from (default: now); time
    before now is counted as ``import`` (the start-up of a process that began at ``origin``).
    """

    def __init__(self, origin: float | None = None, origin_note: str = ""):
        self.started = time.perf_counter()
        self.origin = self.started if origin is None else min(origin, self.started)
        self.origin_note = origin_note
        self.ended: float | None = None
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[str] = []
        self._mark = self.started
        self._thread = _thread.get_ident()
        self._imports = 0  # depth of the imports being timed
        if self.started > self.origin:
            self.seconds["import"] = self.started - self.origin
            self.calls["import"] = len(sys.modules)

    # --------------------------------------------------------------------- recording

    def enter(self, name: str, count: bool = True) -> None:
        if _thread.get_ident() != self._thread or self.ended is not None:
            return
        now = time.perf_counter()
        if self._stack:
            self._charge(self._stack[-1], now)
        if count and name not in self._stack:  # a phase within itself is one call
            self.calls[name] = self.calls.get(name, 0) + 1
        self._stack.append(name)
        self._mark = now

    def exit(self, name: str) -> None:
        if _thread.get_ident() != self._thread or name not in self._stack:
            return
        now = time.perf_counter()
        self._charge(self._stack[-1], now)
        while self._stack.pop() != name:  # a phase left without its inner ones closing: close them too
            pass
        self._mark = now

    def _charge(self, name: str, now: float) -> None:
        if self.ended is None:
            self.seconds[name] = self.seconds.get(name, 0.0) + (now - self._mark)

    def finish(self) -> Profile:
        """Stop recording (the phases still open are charged up to now); the total stops here."""
        if self.ended is None:
            now = time.perf_counter()
            if self._stack:
                self._charge(self._stack[-1], now)
            self._stack.clear()
            self.ended = now
        return self

    # --------------------------------------------------------------------- reading

    @property
    def total(self) -> float:
        """Seconds from the origin to the end (or to now while recording)."""
        return (self.ended if self.ended is not None else time.perf_counter()) - self.origin

    def timings(self) -> dict[str, float]:
        """Seconds per phase (in the order of :data:`PHASES`, then others as first entered), then
        ``other``: they add up to :attr:`total`."""
        rank = {name: i for i, name in enumerate(PHASES)}
        out = {name: self.seconds[name] for name in sorted(self.seconds, key=lambda n: rank.get(n, len(rank)))}
        out["other"] = max(self.total - sum(out.values()), 0.0)
        return out

    def rows(self) -> list[dict]:
        """One dict per phase (``phase``, ``ms``, ``share`` of the total, ``calls``), then the total."""
        total = self.total
        rows = [{"phase": name, "ms": round(seconds * 1000, 1), "share": seconds / total if total else 0.0,
                 "calls": self.calls.get(name)} for name, seconds in self.timings().items()]
        rows.append({"phase": "total", "ms": round(total * 1000, 1), "share": 1.0, "calls": None})
        return rows

    def report(self, title: str = "profile") -> str:
        """The phases as a small text table, for a bug report."""
        from . import __version__

        head = (f"{title}: {self.total * 1000:.1f} ms"
                + (f" from process start ({self.origin_note})" if self.started > self.origin else "")
                + f"; alliance-graph {__version__}, Python {sys.version.split()[0]}, {sys.platform}")
        lines = [head, f"{'phase':<10} {'ms':>10} {'share':>7} {'calls':>6}"]
        for row in self.rows():
            calls = "" if row["calls"] is None else str(row["calls"])
            lines.append(f"{row['phase']:<10} {row['ms']:>10.1f} {row['share']:>7.1%} {calls:>6}")
        lines.append("(each ms is counted in its innermost phase only; other: in no phase; import: process start to "
                     "the command running;")
        lines.append(" lazy-import: modules the command imported; calls of an import: modules loaded)")
        return "\n".join(lines)


# ------------------------------------------------------------------------- turning it on and off


def current() -> Profile | None:
    """The profile being recorded, or None."""
    return _active


def start(*, since_process_start: bool = False, imports: bool = True) -> Profile:
    """Start recording a new profile (replacing any other) and return it; :func:`stop` ends it.

    ``since_process_start``: the total counts from the start of this process and the time up
    to now is ``import`` (:func:`process_age`); when the process start cannot be read the
    profile starts now. ``imports``: time the modules imported while recording as ``lazy-import``.
    """
    global _active
    origin, note = None, ""
    if since_process_start:
        age, note = process_age()
        if age is not None:
            origin = time.perf_counter() - age
    profile = _active = Profile(origin, note)
    if imports:
        builtins.__import__ = _timed_import
    return profile


def stop(profile: Profile | None = None) -> Profile | None:
    """Stop recording ``profile`` (default: the current one) and return it, finished."""
    global _active
    profile = profile or _active
    if profile is not None and profile is _active:
        _active = None
        if builtins.__import__ is _timed_import:
            builtins.__import__ = _original_import
    return profile.finish() if profile is not None else None


class profiling:
    """``with profiling() as p:`` records the phases of the block into ``p`` (a :class:`Profile`);
    a profile recording before is set aside meanwhile and goes on after."""

    def __init__(self, *, imports: bool = True):
        self.imports = imports
        self._before: Profile | None = None

    def __enter__(self) -> Profile:
        global _active
        self._before = _active
        self._profile = start(imports=self.imports)
        return self._profile

    def __exit__(self, *exc) -> None:
        global _active
        stop(self._profile)
        if self._before is not None:
            _active = self._before
            builtins.__import__ = _timed_import


def _timed_import(name, globals=None, locals=None, fromlist=(), level=0):
    """``__import__`` while profiling: the time of a module not imported yet goes to ``lazy-import``."""
    profile = _active
    if profile is None or (level == 0 and not fromlist and name in sys.modules):
        return _original_import(name, globals, locals, fromlist, level)
    outermost = profile._imports == 0
    before = len(sys.modules)
    profile._imports += 1
    profile.enter("lazy-import", count=False)
    try:
        return _original_import(name, globals, locals, fromlist, level)
    finally:
        profile.exit("lazy-import")
        profile._imports -= 1
        loaded = len(sys.modules) - before
        if outermost and loaded > 0 and _thread.get_ident() == profile._thread:
            profile.calls["lazy-import"] = profile.calls.get("lazy-import", 0) + loaded


# ------------------------------------------------------------------------- the process start


def process_age() -> tuple[float | None, str]:
    """Seconds since this process started, and how that was read.

    Linux: the start time in ``/proc/self/stat`` (clock ticks since boot, so to 1/100 s)
    against the boot-time clock. Elsewhere: the CPU time the process has used, a lower bound
    that is close during a start-up which mostly computes (importing modules).
    """
    try:
        with open("/proc/self/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
        fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
        ticks = os.sysconf("SC_CLK_TCK")
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / ticks  # field 22: starttime
        if 0 <= age < 24 * 3600:
            return age, f"start read from /proc/self/stat, to 1/{ticks} s"
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        return time.process_time(), "start estimated from the CPU time used, a lower bound"
    except OSError:  # pragma: no cover - every supported platform has a process clock
        return None, ""
