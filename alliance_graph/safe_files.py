"""Reading the files a dataset or a command names, and nothing else: see SECURITY.md.

Every file alliance-graph reads on a user's behalf (a dataset file, the CSV files of a
bulk folder, a source's ``text_file``, the article ``agraph draft`` reads) is opened here:

* it must be a **regular file**: not a directory, a device (``/dev/zero``), a FIFO (which
  would block the reader forever) or a socket. The file is opened without blocking
  (``O_NONBLOCK``) and checked with ``fstat`` on the open descriptor, so what is checked is
  what is read;
* it must be at most ``limit`` bytes (:data:`MAX_TEXT_FILE_BYTES` for a source's text or an
  article, :data:`MAX_DATASET_FILE_BYTES` for a YAML dataset file,
  :data:`MAX_CSV_FILE_BYTES` for one CSV file of the bulk form), and no more than that is
  ever read, whatever ``fstat`` said (``/proc`` files say 0);
* when ``inside`` is given (a ``text_file`` is read from the dataset's own folder, the CSV
  files from their bulk folder), the file's real path (``..`` and symbolic links resolved)
  must lie inside that folder's real path. So a dataset cannot read ``/etc/passwd``,
  ``../secret`` or ``/proc/self/environ``, and a symbolic link inside the folder cannot lead
  out of it.

A refusal raises :class:`~alliance_graph.errors.FileRefused` with a one-line reason;
callers turn it into a dataset :class:`~alliance_graph.errors.Problem` (file and line) or a
command's error.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("hello")
>>> read_bytes(folder / "a.txt", limit=10, inside=folder)
b'hello'
>>> read_bytes(folder / ".." / "etc", limit=10, inside=folder)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
alliance_graph.errors.FileRefused: /tmp/.../../etc is outside the dataset's folder; a dataset may only read files in its own folder (or below it)
>>> read_bytes("/dev/zero", limit=10)
Traceback (most recent call last):
...
alliance_graph.errors.FileRefused: /dev/zero is a character device, not a regular file; name a regular file
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from .errors import FileRefused

__all__ = ["MAX_TEXT_FILE_BYTES", "MAX_DATASET_FILE_BYTES", "MAX_CSV_FILE_BYTES", "open_regular", "read_bytes",
           "check_inside"]

#: A source's ``text_file`` and the article ``agraph draft`` reads: at most this many bytes.
MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024
#: One YAML dataset file: at most this many bytes (larger datasets use the bulk CSV form).
MAX_DATASET_FILE_BYTES = 64 * 1024 * 1024
#: One CSV file of the bulk form (read as a stream, never whole): at most this many bytes.
MAX_CSV_FILE_BYTES = 4 * 1024 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def check_inside(path: str | Path, inside: str | Path) -> Path:
    """The real path of ``path`` (``..`` and symbolic links resolved), if it lies inside the real
    path of the folder ``inside``; else :class:`FileRefused`."""
    real = Path(os.path.realpath(path))
    folder = Path(os.path.realpath(inside))
    if real != folder and folder not in real.parents:
        raise FileRefused(path, "is outside the dataset's folder; a dataset may only read files in its own folder "
                          "(or below it)")
    return real


#: Lists that note the path of every file opened here (the kept embedded graph's record of what a build
#: read: see :mod:`alliance_graph.store.graph_cache`); the last one is noted into.
_NOTING: list[list[str]] = []


def open_regular(path: str | Path, *, limit: int, inside: str | Path | None = None, text: bool = False,
                 encoding: str = "utf-8", newline: str | None = None):
    """Open ``path`` for reading if it is a regular file of at most ``limit`` bytes (and inside the
    folder ``inside`` when given); a binary file object, or a text one with ``text=True``.

    Raises :class:`FileRefused` (with a reason that completes "FILE ...") otherwise, and for the
    errors of the operating system (not found, permission denied).
    """
    target = check_inside(path, inside) if inside is not None else Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if inside is not None:
        flags |= getattr(os, "O_NOFOLLOW", 0)  # the real path has no link left; one put there since is refused
    try:
        fd = os.open(target, flags)
    except FileNotFoundError:
        raise FileRefused(path, "does not exist (file not found); check the path") from None
    except OSError as exc:
        raise FileRefused(path, f"cannot be read ({exc.strerror or type(exc).__name__}); check the path and its "
                          "permissions") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(path, f"is {_kind(st.st_mode)}, not a regular file; name a regular file")
        if st.st_size > limit:
            raise FileRefused(path, f"is {st.st_size:,} bytes, over the limit of {limit:,} bytes")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        raw = os.fdopen(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise
    if _NOTING:
        _NOTING[-1].append(str(path))
    reader = _Capped(raw, limit, path)
    if text:
        return io.TextIOWrapper(io.BufferedReader(reader), encoding=encoding, newline=newline)
    return io.BufferedReader(reader)


def read_bytes(path: str | Path, *, limit: int, inside: str | Path | None = None) -> bytes:
    """The whole content of ``path`` (see :func:`open_regular` for what is refused)."""
    with open_regular(path, limit=limit, inside=inside) as fh:
        return fh.read()


class _Capped(io.RawIOBase):
    """A raw reader that refuses to read past ``limit`` bytes (a file that grows, or lies in ``fstat``)."""

    def __init__(self, raw, limit: int, path):
        self._raw, self._left, self._limit, self._path = raw, limit, limit, path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._left <= 0:
            if self._raw.read(1):
                raise FileRefused(self._path, f"grew past the limit of {self._limit:,} bytes while being read")
            return 0
        view = memoryview(buffer)[: self._left]
        n = self._raw.readinto(view) or 0
        self._left -= n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()
