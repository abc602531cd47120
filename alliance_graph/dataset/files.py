"""Dataset files as raw records: YAML that remembers the line of every record, and the bulk CSV form.

Nothing here judges a field; what cannot be read at all (a missing file, bytes that
are not UTF-8, broken YAML, an unknown section) becomes a :class:`~alliance_graph.errors.Problem`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..errors import FileRefused, Problem
from ..profile import phase
from ..text import shown
from ..safe_files import MAX_CSV_FILE_BYTES, MAX_DATASET_FILE_BYTES, open_regular, read_bytes

MAX_FILE_BYTES = MAX_DATASET_FILE_BYTES
MAX_PROBLEMS = 200  # per CSV file; past that the file is clearly wrong as a whole and reading stops
SECTIONS = ("sources", "organisations", "products", "claims", "relationships")
TOP_LEVEL = ("dataset", "description", *SECTIONS)


class _LineDict(dict):
    __slots__ = ("line",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line: int | None = None


#: YAML limits (SECURITY.md): aliases a file may use, nodes its aliases may add once expanded
#: (a "billion laughs" file of 1 KB expands to a billion), and how deep collections may nest.
MAX_ALIASES = 10_000
MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 64


class _Limits:
    """Composing with limits: alias bombs and deep nesting are refused while composing, before
    anything is built (:data:`MAX_ALIASES`, :data:`MAX_ALIAS_NODES`, :data:`MAX_DEPTH`). Mixed into
    both loaders, before PyYAML's (Python) composer."""

    def _init_limits(self) -> None:
        self._aliases = 0
        self._alias_nodes = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None:
                self._aliases += 1
                self._alias_nodes += self._size(node)
                if self._aliases > MAX_ALIASES or self._alias_nodes > MAX_ALIAS_NODES:
                    raise yaml.composer.ComposerError(
                        None, None, f"too many aliases (*{event.anchor[:40]} and others: over {MAX_ALIASES} uses, or over "
                        f"{MAX_ALIAS_NODES:,} values once expanded); write the values out or use fewer aliases",
                        event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"collections nested more than {MAX_DEPTH} levels deep; a dataset needs a few",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _size(self, node) -> int:
        """Values in ``node`` once its aliases are expanded (each shared node counted once per use)."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
        else:
            size = 1
        self._sizes[id(node)] = size
        return size


class _LineLoader(_Limits, yaml.SafeLoader):
    """A safe loader in pure Python whose mappings remember the line they start on, with the
    composing limits of :class:`_Limits`. The reference: :class:`_CLineLoader` reads the same."""

    def __init__(self, stream):
        super().__init__(stream)
        self._init_limits()


def _c_loader() -> type | None:
    """:class:`_LineLoader` with libyaml's scanner and parser (C), if PyYAML has them: the events come
    from libyaml, the nodes from PyYAML's composer with the same limits (libyaml's own composer is
    recursive in C and has no limits: a deeply nested file crashes it), the values from the same
    constructors. Any error is reported by reading the file again with :class:`_LineLoader`, so
    messages and lines are the pure loader's (:func:`_load_yaml`)."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # (PyYAML built without libyaml)
        return None

    class _CLineLoader(_Limits, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                       yaml.resolver.Resolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)
            self._init_limits()

    return _CLineLoader


_CLineLoader: Any = _c_loader()

#: The loader datasets are read with: libyaml's when PyYAML has it.
FAST_LOADER: Any = _CLineLoader or _LineLoader


def _load_yaml(text: str, loader=None):
    """The document of ``text``, read by ``loader`` (default :data:`FAST_LOADER`); on any error the
    text is read again by the pure loader, whose error (message and line) is raised."""
    loader = loader or FAST_LOADER
    if loader is _LineLoader or "\t" in text or "\ufeff" in text[1:]:
        # (libyaml accepts a tab in a plain value and a byte-order mark past the start, which PyYAML
        # refuses: such a text is read by the pure loader, so that both accept the same files)
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - safe constructors only
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - the reference's error (or document)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {shown(key)} in one record", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


class _LineList(list):
    lines: list[int] = []  # the line of each item


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    items = _LineList(loader.construct_sequence(node, deep=True))
    items.lines = [item.start_mark.line + 1 for item in node.value]
    return items


_LOADERS = (_LineLoader,) if _CLineLoader is None else (_LineLoader, _CLineLoader)
for _loader in _LOADERS:
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay text (YYYY-MM-DD); the date check below validates them with a message of its own.
def _construct_date_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


for _loader in _LOADERS:
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date_text)


BULK_FILES = {"sources": "sources.csv", "organisations": "organisations.csv", "relationships": "relationships.csv"}
_LIST_SEP = "|"
_UNSHARED = frozenset({"quote", "camp_quote", "description", "title", "name"})


def is_bulk_folder(path: Path) -> bool:
    """Whether ``path`` is a folder in the bulk CSV form (it holds one of :data:`BULK_FILES`)."""
    return path.is_dir() and any((path / name).exists() for name in BULK_FILES.values())


def expand_folders(paths) -> list[Path]:
    """The dataset files ``paths`` name: a folder in the bulk CSV form stays one dataset; any other
    folder stands for the datasets in it, its ``*.yaml`` / ``*.yml`` files and its subfolders in the
    bulk CSV form, in name order (a folder holding none stays as it is, and reading it says so).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("b.yaml", "a.yml", "notes.txt", "big/organisations.csv"):
    ...         _ = (Path(tmp) / name).parent.mkdir(exist_ok=True), (Path(tmp) / name).write_text("")
    ...     [p.name for p in expand_folders([Path(tmp)])]
    ['a.yml', 'b.yaml', 'big']
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir() or is_bulk_folder(path):
            files.append(path)
            continue
        inside = sorted(p for p in path.iterdir()
                        if (p.is_file() and p.suffix.lower() in (".yaml", ".yml")) or is_bulk_folder(p))
        files.extend(inside or [path])
    return files


@phase("read")
def _csv_rows(folder: Path, section: str, problems: list[Problem]):
    """Stream one CSV file of the bulk form: its header (a list of column names) first, then
    ``(line, values)`` per row, the line as :class:`csv.DictReader` gives it (blank rows skipped).
    Turn a row into a raw record with :func:`_csv_record`."""
    import csv

    path = folder / BULK_FILES[section]
    if not os.path.lexists(path):
        return
    start = 1  # the line the record being read starts on
    try:
        # utf-8-sig: a byte-order mark before the header (Excel's "CSV UTF-8") is no part of the first column's name.
        # strict: a quote left open is an error, not the rest of the file read as one value.
        with open_regular(path, limit=MAX_CSV_FILE_BYTES, inside=folder, text=True, encoding="utf-8-sig",
                          newline="") as fh:
            reader = csv.reader(fh, strict=True)
            header = next(reader, None)
            if header is None:
                return
            twice = sorted({c for c in header if header.count(c) > 1})
            if twice:
                problems.append(Problem(str(path), "header", f"names column{'s' if len(twice) > 1 else ''} "
                                        f"{', '.join(shown(c, 40) for c in twice)} twice; each column once", 1))
                return
            yield header
            line = 0
            start = reader.line_num + 1
            for row in reader:
                if not line:
                    line = reader.line_num
                if row:
                    yield line, row
                    line = 0
                start = reader.line_num + 1
    except csv.Error as exc:  # (a quote left open; a field over csv.field_size_limit(), 128 KiB; a NUL byte...)
        at = reader.line_num
        if "unexpected end of data" in str(exc):
            at = start
            what = (f"a quoted value opens on line {start} and is never closed (the file ends inside it); "
                    'close the quote, and write a quote inside a quoted value as two ("")')
        elif "field larger than field limit" in str(exc):
            what = (f"cannot be read as CSV on line {reader.line_num} ({exc}); a field is at most "
                    f"{csv.field_size_limit():,} characters")
        else:
            what = f"is not valid CSV on line {reader.line_num} ({exc}); quote a value holding a quote or a comma"
        problems.append(Problem(str(path), f"{section} line {start}", what, at))
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"))
    except FileRefused as exc:
        problems.append(Problem(str(path), "", exc.reason))
    except OSError as exc:
        problems.append(Problem(str(path), "", f"cannot be read ({exc.strerror}); check its permissions"))


def _csv_record(path: Path, section: str, header: list[str], line: int, row: list[str], problems: list[Problem],
                share) -> _LineDict:
    """One CSV row as a raw record shaped like a YAML record (with .line), as a dict per row of
    :class:`csv.DictReader` would make it (a short row's missing values None, a long row's extra
    values reported); values that repeat (ids, types, sources, dates) are passed through ``share``
    (quotes and names are not: they rarely repeat)."""
    fields: dict = dict(zip(header, row, strict=False))
    if len(row) > len(header):
        fields[None] = row[len(header):]  # (DictReader's restkey)
    raw = _LineDict()
    raw.line = line
    for key, value in fields.items():
        if key is None:
            problems.append(Problem(str(path), f"{section} line {line}", "more fields than header columns; quote fields that contain commas", line))
            continue
        if value not in (None, ""):
            raw[key] = value if key in _UNSHARED else share(value, value)
    for key in header[len(row):]:
        raw.pop(key, None)  # (a short row: DictReader's restval None, a missing value)
    ev = {k: raw.pop(k) for k in ("source", "quote", "via") if k in raw}
    if ev:
        raw["evidence"] = [ev]
    camp = {k[5:]: raw.pop(k) for k in ("camp_source", "camp_quote", "camp_via") if k in raw}
    if "camp" in raw:
        sub = _LineDict(value=raw["camp"])
        sub.line = raw.line
        if camp:
            sub["evidence"] = [camp]
        raw["camp"] = sub
    for key, kind in _typed_columns(section):
        if key in raw:
            if kind == "list":
                raw[key] = [a for a in raw[key].split(_LIST_SEP) if a]
                continue
            try:
                raw[key] = int(raw[key]) if raw[key].lstrip("-").isdigit() else float(raw[key])
            except ValueError:
                pass
    return raw


def _typed_columns(section: str) -> list[tuple[str, str]]:
    """The CSV columns of ``section`` that are not text: lists (``|`` between items) and numbers."""
    from ..model import RECORDS
    from ..record_fields import specs

    cls = RECORDS.get(section)
    known = _TYPED.get((section, cls))
    if known is None:
        known = _TYPED[section, cls] = [(s.column, s.kind) for _n, s in (specs(cls) if cls else ())
                                        if s.column and s.kind in ("list", "number", "year")]
    return known


_TYPED: dict[tuple[str, type | None], list[tuple[str, str]]] = {}


@phase("read")
def _parse_file(path: Path, problems: list[Problem]) -> dict | None:
    name = str(path)
    try:
        if path.is_dir():
            problems.append(Problem(name, "", "is a folder holding no dataset: no .yaml or .yml file, and none of the bulk CSV "
                                    "files (" + ", ".join(BULK_FILES.values()) + ")"))
            return None
        if not os.path.lexists(path):
            problems.append(Problem(name, "", "file not found; check the path"))
            return None
        raw = read_bytes(path, limit=MAX_FILE_BYTES)
    except FileRefused as exc:
        reason = exc.reason + ("; use the bulk CSV form" if "over the limit" in exc.reason else "")
        problems.append(Problem(name, "", reason))
        return None
    except OSError as exc:
        problems.append(Problem(name, "", f"cannot be read ({exc.strerror}); check its permissions"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", line))
        return None
    if not text.strip():
        problems.append(Problem(name, "", "file is empty; a dataset needs at least one of: " + ", ".join(SECTIONS)))
        return None
    try:
        doc = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        fix = "" if "alias" in what or "nested" in what else "; fix the syntax"
        problems.append(Problem(name, "", f"is not valid YAML: {what}{fix}", mark.line + 1 if mark else None))
        return None
    except RecursionError:  # (nesting is limited while composing; this is the last guard)
        problems.append(Problem(name, "", f"is nested too deep to read; a dataset nests at most {MAX_DEPTH} levels"))
        return None
    if not isinstance(doc, dict):
        problems.append(Problem(name, "", "top level must be a mapping with sections " + ", ".join(SECTIONS), 1))
        return None
    for key in doc:
        if key not in TOP_LEVEL:
            what = "a section with no name" if key is None else f"unknown section {shown(key)}"
            problems.append(Problem(name, "", f"{what}; expected one of {', '.join(TOP_LEVEL)}", getattr(doc, "line", None)))
    return doc


