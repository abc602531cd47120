"""The embedded graph kept between processes: built once, reopened while its inputs are unchanged.

Building the embedded graph reads, validates and builds every dataset file (about 10 s at 200,000
relationships); reopening a kept one is a read, a check and an unpickling (about 0.3 s). An entry is the
built graph plus the store's as-of views (each with the indexes and orders its queries made: a
new index is kept with no change here), its files and its validation warnings.

**Key.** An entry is named by a hash of: the cache format (:data:`FORMAT`), the package version
and the content of the package's own ``*.py`` files (a developer's change of code invalidates
every entry), Python's and networkx's versions, today's date (the build reads each organisation's
camp *today*: rows.py, camps.py), and each step of the build (the shipped datasets, then the
``--data`` files) with its paths as given and the content of every file they name (a folder: its
YAML files and bulk CSV files). Files a dataset names in turn (a source's ``text_file``) are noted
while building (:mod:`alliance_graph.safe_files`) and their hashes checked when the entry is reopened.
Every input is hashed by its content on every reopening (13 MB at 200,000 relationships: about 10 ms
of the second command), never trusted by its size and modification time: a file rewritten at the
same size within the clock's resolution, or copied back with its old time (``cp -p``, ``rsync -t``),
would give a stale answer, worse than a slower one.

**Where.** ``AGRAPH_CACHE_DIR``, else the platform's user cache folder: ``$XDG_CACHE_HOME`` or
``~/.cache`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows, then
``alliance-graph``. ``agraph --no-cache`` (or ``AGRAPH_NO_CACHE=1``) neither reads nor writes it.

**Format and safety.** An entry is a pickle, for speed: unpickling the 200k graph takes a quarter
of a second, where JSON or msgpack would need a rebuild of every dict and tuple in Python. Since
unpickling a hostile file runs code, nothing is unpickled before these checks pass:

1. the folder is owned by this user and writable by no one else (made 0700);
2. the entry is a regular file (no symbolic link followed), owned by this user, writable by no one
   else (written 0600);
3. its HMAC-SHA256, keyed by a random per-user key kept in the folder (``key``, 0600, checked the
   same way) over the entry's name, header and payload, is right: a file this user's agraph did not
   write for this very key (copied from elsewhere, truncated, tampered with) is refused.

**Reopening fast.** The entry is read into one buffer, checked and unpickled from it (no copy);
unpickling runs with the cyclic collector paused and the graph's objects then go to its permanent
generation (``gc.freeze``) until the store closes: re-enabled over them, the collector's next passes
walked every one of them (over a second at 200k). ``agraph`` ends without freeing them one by one
(:func:`alliance_graph.cli.main`). What remains at 200k is the unpickling itself (about 1.5 million
objects: two thirds of the second command) and ``import networkx``: see docs/benchmarks.md.

A refused or corrupt entry is named in one line on stderr and the graph is rebuilt (and kept
anew). Entries are written to a temporary file in the folder and moved into place with
``os.replace``, so two processes building at once each write a whole entry and the last one stays;
a reader never sees half a file. Entries of other days and all but the newest :data:`KEEP` are removed.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import importlib
import json
import os
import pickle
import time
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache_files import (FORMAT, KEY_FILE, Refused, cache_dir, disabled_by_env, entry_key, file_digest,
                          read_owned, ready_dir, say, secret, step_files, write_new)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KeptGraph", "Refused", "cache_dir", "clear", "disabled_by_env", "entries", "read_header", "ready_dir"]

MAGIC = b"alliance-graph kept graph\n"
SUFFIX = ".graph"
KEEP = 8  # entries kept (the newest); older ones are removed when one is written
_MAC_BYTES = 32


# --------------------------------------------------------------------------- what is kept beside the graph


def beside(store: Any) -> dict:
    """What ``store`` keeps beside its graph: its as-of views, each with the indexes and orders its
    queries made (:class:`alliance_graph.queries.embedded.View`)."""
    return dict(store.views)


def beside_size(store: Any) -> int:
    """How much is kept beside the store's graph: grows when a query adds an index, an order or a view."""
    return sum(view.size() for view in store.views.values())


_FROZEN = 0  # kept graphs open and frozen out of the collector's passes (gc.freeze is process-wide)


def _freeze() -> None:
    """Freeze the heap for a reopened graph (the first open one freezes, later ones count)."""
    global _FROZEN
    import gc

    if _FROZEN == 0:
        gc.freeze()
    _FROZEN += 1


def _unfreeze() -> None:
    """A reopened graph closed: the collector walks the heap again once the last one is closed."""
    global _FROZEN
    import gc

    _FROZEN -= 1
    if _FROZEN == 0:
        gc.unfreeze()


class _Pickler(pickle.Pickler):
    """A pickler for graph views too: networkx's views hold closures (its filters, ``reverse_edge``),
    pickled here as their maker's module and name, the code's name and line, and the cell contents."""

    def reducer_override(self, obj: object) -> Any:
        if type(obj) is types.FunctionType and obj.__closure__ and (obj.__module__ or "").startswith("networkx."):
            code = obj.__code__
            return _closure, (obj.__module__, obj.__qualname__.split(".<locals>")[0], code.co_name, code.co_firstlineno,
                              tuple(c.cell_contents for c in obj.__closure__))
        return NotImplemented


def _closure(module: str, maker: str, name: str, line: int, cells: tuple) -> types.FunctionType:
    if not module.startswith("networkx."):
        raise pickle.UnpicklingError(f"not a networkx closure: {module}")
    outer = importlib.import_module(module)
    for part in maker.split("."):
        outer = getattr(outer, part)
    found = [c for c in outer.__code__.co_consts
             if isinstance(c, types.CodeType) and c.co_name == name and c.co_firstlineno == line]
    if len(found) != 1 or len(found[0].co_freevars) != len(cells):
        raise pickle.UnpicklingError(f"networkx's {maker} changed")
    return types.FunctionType(found[0], outer.__globals__, name, None, tuple(types.CellType(c) for c in cells))


def _dumps(obj: object) -> bytes:
    import io

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


# --------------------------------------------------------------------------- entries


def _today() -> str:
    return _dt.date.today().isoformat()


def _mac(key: bytes, name: str, header: bytes, payload: bytes | memoryview) -> bytes:
    m = hmac.new(key, name.encode() + b"\0", hashlib.sha256)
    m.update(len(header).to_bytes(8, "big"))
    m.update(header)
    m.update(payload)
    return m.digest()


def parse_entry(data: bytes | bytearray) -> tuple[bytes, bytes, memoryview]:
    """(mac, header, payload) of an entry's bytes, the payload a view of ``data`` (not a copy of tens
    of megabytes); :class:`Refused` when it is not shaped like one."""
    start = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < start + _MAC_BYTES + 8:
        raise Refused("is not a kept graph of this version (or is truncated)")
    mac = data[start:start + _MAC_BYTES]
    size = int.from_bytes(data[start + _MAC_BYTES:start + _MAC_BYTES + 8], "big")
    head_at = start + _MAC_BYTES + 8
    if size > len(data) - head_at:
        raise Refused("is truncated")
    return bytes(mac), bytes(data[head_at:head_at + size]), memoryview(data)[head_at + size:]


def read_header(path: Path) -> dict:
    """The header of an entry (for ``agraph cache info``), without checking its signature."""
    _, header, _ = parse_entry(read_owned(path))
    return json.loads(header)


class KeptGraph:
    """The cache entry of one build: :meth:`load` it, or :meth:`keep` the store built instead."""

    def __init__(self, steps: Sequence[Sequence[str | Path]]):
        self.steps = [list(step) for step in steps]
        self.day = _today()
        self.name = entry_key(self.steps, self.day)
        self.noted: list[str] = []
        self.status = "miss"  # "hit" when the store came from the entry
        self._graph = None
        self._store = None
        self._size = 0
        self._frozen = False  # the collector was told to leave the reopened graph alone (gc.freeze)

    @classmethod
    def of(cls, steps: Sequence[Sequence[str | Path]]) -> KeptGraph | None:
        """The entry of a build of ``steps``, or None when an input cannot be hashed (the build says why)."""
        try:
            return cls(steps)
        except OSError:
            return None

    @property
    def path(self) -> Path:
        return cache_dir() / (self.name + SUFFIX)

    @contextmanager
    def noting(self) -> Iterator[None]:
        """Note the files the build opens (a source's ``text_file`` too)."""
        from .. import safe_files

        noted: list[str] = []
        safe_files._NOTING.append(noted)
        try:
            yield
        finally:
            safe_files._NOTING.remove(noted)
            self.noted = list(dict.fromkeys(noted))

    def load(self) -> Any:
        """The kept :class:`~.embedded.EmbeddedStore`, or None (no entry, inputs changed, or refused:
        one line on stderr)."""
        from ..profile import phase

        with phase("cache"):
            try:
                folder = ready_dir(create=False)
                data = read_owned(folder / (self.name + SUFFIX))
            except FileNotFoundError:
                return None
            except Refused as exc:
                say(f"not using the kept graph: {exc}; building it")
                return None
            except OSError as exc:
                say(f"cannot read the kept graph {self.path} ({exc.strerror or exc}); building it")
                return None
            try:
                mac, header, payload = parse_entry(data)
                try:
                    key = secret(folder, create=False)
                except FileNotFoundError:
                    raise Refused("has no key to check it against") from None
                if not hmac.compare_digest(mac, _mac(key, self.name, header, payload)):
                    raise Refused("does not carry this user's signature (corrupt, or written by someone else)")
                head = json.loads(header)
                if head.get("format") != FORMAT:
                    raise Refused("is of another cache format")
            except (Refused, ValueError) as exc:
                say(f"ignoring the kept graph {self.path}: it {exc}; building it")
                return None
            for file, digest in head.get("read", {}).items():  # files named by the dataset files
                try:
                    if file_digest(Path(file)) != digest:
                        return None
                except OSError:
                    return None
            return self._unpickle(payload)

    def _unpickle(self, payload: memoryview) -> Any:
        import gc

        from .embedded import EmbeddedStore

        enabled = gc.isenabled()
        gc.disable()  # millions of objects that all stay alive: no collector passes over them
        try:
            try:
                kept = pickle.loads(payload)  # noqa: S301 - our own file, signed with this user's key: see the module
            except Exception as exc:  # (a signed entry that still fails: a library changed under it)
                say(f"ignoring the kept graph {self.path}: it cannot be read back ({type(exc).__name__}); building it")
                return None
            store = EmbeddedStore(kept["graph"], kept["files"], kept["notes"], views=kept["views"])
            if kept.get("freshness") is not None:
                from ..freshness import remember_freshness

                remember_freshness(kept["graph"], kept["freshness"])
            # The graph's objects go to the collector's permanent generation: re-enabled as they are, the
            # collector's next passes would walk every one of them (a second and more at 200k relationships),
            # for nothing (they stay alive); they return to it when the store closes (:meth:`closed`).
            self.status = "hit"
            self._watch(store, kept["graph"])
            _freeze()
            self._frozen = True
        finally:
            if enabled:
                gc.enable()
        return store

    def keep(self, store: Any) -> None:
        """Keep ``store``'s graph when it closes (with what its queries built beside it)."""
        self._watch(store, store.graph)
        self._size = -1  # a new build: written whatever was built beside it

    def _watch(self, store: Any, graph: nx.MultiDiGraph) -> None:
        self._graph, self._store = graph, store
        self._files, self._notes = list(store.files), list(store.notes)
        self._size = beside_size(store)
        store.on_close.append(self.closed)

    def closed(self) -> None:
        """Write the entry if it is new, or if queries built more beside the graph than it held; the
        collector walks the reopened graph's objects again (a program may open many graphs)."""
        if self._frozen:
            self._frozen = False
            _unfreeze()
        graph, store, self._graph, self._store = self._graph, self._store, None, None
        if graph is None:
            return
        views = beside(store) if store.graph is graph else {}  # (a load replaced the graph: its views are of another)
        if self._size >= 0 and (not views or beside_size(store) <= self._size):
            return
        try:
            self.save(graph, views)
        except (OSError, Refused) as exc:
            say(f"could not keep the built graph in {cache_dir()}: {getattr(exc, 'strerror', None) or exc}")

    def save(self, graph: nx.MultiDiGraph, views: dict | None = None) -> Path:
        import gc

        from ..profile import phase

        with phase("cache"):
            read = {}
            own = {str(p) for step in self.steps for p in step_files(step)}
            for file in self.noted:
                if file not in own:
                    read[file] = file_digest(Path(file))
            head = json.dumps({"format": FORMAT, "day": self.day, "made": time.time(),
                               "inputs": [[str(p) for p in step] for step in self.steps], "read": read,
                               "nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges()}).encode()
            enabled = gc.isenabled()
            gc.disable()
            try:
                from ..freshness import freshness_of_graph, known_freshness

                content = {"graph": graph, "files": self._files, "notes": self._notes,
                           "freshness": known_freshness(graph) or freshness_of_graph(graph)}
                try:
                    payload = _dumps({**content, "views": views or {}})
                except Exception:  # (something kept beside the graph that pickle cannot write: the graph alone)
                    payload = _dumps({**content, "views": {}})
            finally:
                if enabled:
                    gc.enable()
            folder = ready_dir(create=True)
            key = secret(folder, create=True)
            data = MAGIC + _mac(key, self.name, head, payload) + len(head).to_bytes(8, "big") + head + payload
            tmp = write_new(folder, data, ".entry-")
            try:
                os.replace(tmp, folder / (self.name + SUFFIX))
            except BaseException:
                os.unlink(tmp)
                raise
            prune(folder, keep=self.name)
            return folder / (self.name + SUFFIX)


def entries(folder: Path | None = None) -> list[Path]:
    folder = folder or cache_dir()
    try:
        return sorted(folder.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return []


def prune(folder: Path, keep: str) -> None:
    """Remove the entries of other days, all but the newest :data:`KEEP`, and temporary files left
    by killed writers (over an hour old)."""
    today = _today()
    now = time.time()
    for i, path in enumerate(entries(folder)):
        if path.stem == keep:
            continue
        try:
            made = _dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
            if i >= KEEP or made != today:
                path.unlink()
        except OSError:
            pass
    for tmp in folder.glob(".*.tmp"):
        try:
            if now - tmp.stat().st_mtime > 3600:
                tmp.unlink()
        except OSError:
            pass


def clear() -> tuple[int, int]:
    """Remove every entry (and the key): (files removed, bytes freed)."""
    folder = cache_dir()
    count = size = 0
    if not folder.is_dir():
        return 0, 0
    for path in [*folder.glob("*" + SUFFIX), *folder.glob(".*.tmp"), folder / KEY_FILE]:
        try:
            st = path.lstat()
            path.unlink()
            count += 1
            size += st.st_size
        except OSError:
            pass
    return count, size
