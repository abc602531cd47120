"""The kept graphs' folder: where it is, files only this user can write, the HMAC key, and the
entry key (a hash of the code, the day and every input file). See :mod:`.graph_cache`."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMAT = 2  # 2: the store's views are kept (1: module-level caches)
KEY_FILE = "key"


class Refused(Exception):
    """Why a cache folder or file is not used (one line)."""


def say(line: str) -> None:
    """One line on stderr about the cache."""
    try:
        print(f"agraph: {line}", file=sys.stderr)
    except (OSError, ValueError):
        pass


def cache_dir() -> Path:
    """Where kept graphs live: ``AGRAPH_CACHE_DIR``, else the platform's user cache folder."""
    given = os.environ.get("AGRAPH_CACHE_DIR")
    if given:
        return Path(given).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "alliance-graph" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "alliance-graph"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache"
    return base / "alliance-graph"


def disabled_by_env() -> bool:
    return os.environ.get("AGRAPH_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


# --------------------------------------------------------------------------- owner-only files


def _check_owner(st: os.stat_result, path: str | os.PathLike[str]) -> None:
    if hasattr(os, "getuid"):  # (Windows: the per-user folder's ACL protects it)
        if st.st_uid != os.getuid():
            raise Refused(f"{path} belongs to another user")
        if st.st_mode & 0o022:
            raise Refused(f"{path} is writable by other users (mode {stat.S_IMODE(st.st_mode):o})")


def ready_dir(create: bool) -> Path:
    """The cache folder, made (0700) if ``create``; :class:`Refused` unless it is this user's alone
    to write; FileNotFoundError when it does not exist and ``create`` is false."""
    folder = cache_dir()
    if create and not folder.exists():
        os.makedirs(folder, mode=0o700, exist_ok=True)
    st = os.stat(folder)
    if not stat.S_ISDIR(st.st_mode):
        raise Refused(f"{folder} is not a folder")
    _check_owner(st, folder)
    return folder


def read_owned(path: Path) -> bytearray:
    """The bytes of ``path``, a regular file of this user's that no one else may write (checked on the
    open descriptor, no symbolic link followed); FileNotFoundError, or :class:`Refused`."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"{path} is not a regular file")
        _check_owner(st, path)
        return _read_all(fd, st.st_size)
    finally:
        os.close(fd)


def _read_all(fd: int, size: int) -> bytearray:
    """Every byte of the open ``fd``, read into one buffer of the size it had (no second copy of a
    kept graph's tens of megabytes), and whatever a writer added since."""
    buf = bytearray(size)
    done = 0
    with open(fd, "rb", buffering=0, closefd=False) as fh, memoryview(buf) as view:
        while done < size:
            got = fh.readinto(view[done:])
            if not got:
                break
            done += got
    del buf[done:]
    while True:
        chunk = os.read(fd, 1 << 24)
        if not chunk:
            return buf
        buf += chunk


def write_new(folder: Path, data: bytes, prefix: str) -> str:
    """``data`` in a new 0600 temporary file of ``folder``: its path."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def secret(folder: Path, create: bool) -> bytes:
    """This user's random HMAC key, kept 0600 in ``folder`` (made once; two processes making it at once
    agree on the first one linked into place)."""
    path = folder / KEY_FILE
    try:
        key = read_owned(path)
    except FileNotFoundError:
        if not create:
            raise
        tmp = write_new(folder, os.urandom(32), ".key-")
        try:
            try:
                os.link(tmp, path)  # never replaces a key another process made first
            except FileExistsError:
                pass
            except OSError:  # (no hard links here)
                if not path.exists():
                    os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        key = read_owned(path)
    if len(key) < 16:
        raise Refused(f"{path} is too short to be a key")
    return bytes(key)


# --------------------------------------------------------------------------- the key


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            h.update(chunk)
    return h.hexdigest()


_SOURCE: str | None = None


def source_digest() -> str:
    """A hash of the package's own ``*.py`` files (names and contents): a change of code, a new key."""
    global _SOURCE
    if _SOURCE is None:
        root = Path(__file__).resolve().parent.parent
        h = hashlib.sha256()
        for path in sorted(root.rglob("*.py")):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
        _SOURCE = h.hexdigest()
    return _SOURCE


def step_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files the build reads for ``paths`` (as :func:`alliance_graph.dataset.read_dataset_files` does)."""
    from ..dataset.files import BULK_FILES, expand_folders, is_bulk_folder

    files: list[Path] = []
    for path in expand_folders(paths):
        if is_bulk_folder(path):
            files.extend(path / name for name in BULK_FILES.values() if os.path.lexists(path / name))
        else:
            files.append(path)
    return files


def entry_key(steps: Sequence[Sequence[str | Path]], day: str) -> str:
    """The entry name of a build of ``steps`` on ``day``; OSError when an input cannot be read (the
    build then says why)."""
    import networkx

    from .. import __version__

    h = hashlib.sha256()
    for part in (f"format {FORMAT}", f"alliance-graph {__version__}", source_digest(), sys.version,
                 f"networkx {networkx.__version__}", f"pickle {pickle.HIGHEST_PROTOCOL}", f"day {day}"):
        h.update(part.encode() + b"\n")
    for step in steps:
        h.update(b"step\n")
        for path in step:
            h.update(b"path " + os.fsencode(str(path)) + b"\n")
        for file in step_files(step):
            if not file.is_file():
                raise FileNotFoundError(str(file))
            h.update(b"file " + os.fsencode(str(file)) + b" " + file_digest(file).encode() + b"\n")
    return h.hexdigest()[:40]
