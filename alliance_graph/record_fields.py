"""Field metadata of the record types of :mod:`alliance_graph.model`: each field is declared once,
with what reading, storing and writing it needs (kind, required, limit, YAML key, CSV column, graph
property, role among a source's statements).

Serialisation is generic over these declarations: the dataset reader (:mod:`alliance_graph.dataset`),
the graph rows and their read-back (:mod:`alliance_graph.rows`), the dataset writer, the merge of
sources (:mod:`alliance_graph.merge`) and :mod:`alliance_graph.from_graph` all take their fields from
:func:`specs`. A new field is one line in ``model.py``.

>>> from alliance_graph.model import Source
>>> [(name, s.kind) for name, s in specs(Source)][:3]
[('id', 'id'), ('title', 'text'), ('language', 'text')]
>>> to_props(Source("s", "S", "en", published="2024"))
{'id': 's', 'title': 'S', 'language': 'en', 'published': '2024'}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

MAX_NAME = 200  # characters of a name or other short text
MAX_TEXT = 2000  # characters of a description, a URL or a quote

#: The kinds of field the readers know: ``id`` (a lower-case slug), ``text`` (at most ``limit``
#: characters), ``url`` (text up to MAX_TEXT), ``date`` (YYYY, YYYY-MM or YYYY-MM-DD), ``choice``
#: (one of ``values``), ``list`` (of texts), ``number``, ``year``; the others (``evidence``, ``camp``,
#: ``openness``, ``file``) are read by their record's own reader.
SIMPLE_KINDS = ("id", "text", "url", "date", "choice", "list", "number", "year")
_SAME = "\0same"  # a key, column or property named as the field


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What one field of a record type is: how it is read, stored and written.

    ``key`` is its YAML key (None: not in dataset files), ``column`` its CSV column in the bulk form
    (None: not a column), ``prop`` its graph property (None: not stored as such), ``said`` its role
    among the statements of a source (see :func:`alliance_graph.merge.fields`): ``name``, ``alias``,
    ``conflict``, ``prose``, ``identity``, or None when it is not a statement.
    """

    kind: str
    required: bool = False
    limit: int | None = None
    values: tuple[str, ...] = ()
    default: Any = None
    key: str | None = None
    column: str | None = None
    prop: str | None = None
    said: str | None = None
    doc: str = ""  # its meaning, for the generated table of docs/dataset-format.md

    @property
    def max_length(self) -> int:
        return self.limit or (MAX_TEXT if self.kind == "url" else MAX_NAME)


def declare(kind: str, *, required: bool = False, limit: int | None = None, values: tuple[str, ...] = (),
            default: Any = None, key: str | None = _SAME, column: str | None = _SAME, prop: str | None = _SAME,
            said: str | None = None, stored: Any = dataclasses.MISSING, doc: str = "") -> Any:
    """A dataclass field with its :class:`FieldSpec` as metadata (``key``, ``column``, ``prop``
    default to the field's name). ``default`` is the value a reader gives when the field is left
    out; ``stored`` the dataclass default (default: None, none for a required field)."""
    spec = FieldSpec(kind, required, limit, values, default, key, column, prop, said, doc)
    if stored is dataclasses.MISSING and not required:
        stored = () if kind == "list" else None
    return dataclasses.field(default=stored, metadata={"spec": spec})


_SPECS: dict[type, tuple[tuple[str, FieldSpec], ...]] = {}


def specs(cls: type) -> tuple[tuple[str, FieldSpec], ...]:
    """The declared fields of record type ``cls`` in order, as ``(name, spec)``, the spec's ``key``,
    ``column`` and ``prop`` resolved to names (or None)."""
    out = _SPECS.get(cls)
    if out is None:
        found = []
        for f in dataclasses.fields(cls):
            spec = f.metadata.get("spec")
            if spec is not None:
                found.append((f.name, dataclasses.replace(spec, **{
                    k: f.name for k in ("key", "column", "prop") if getattr(spec, k) == _SAME})))
        out = _SPECS[cls] = tuple(found)
    return out


def keys(cls: type) -> tuple[str, ...]:
    """The YAML keys of ``cls``, in declaration order."""
    return tuple(s.key for _n, s in specs(cls) if s.key)


def columns(cls: type) -> tuple[str, ...]:
    """The CSV columns of ``cls`` in the bulk form, in declaration order."""
    return tuple(s.column for _n, s in specs(cls) if s.column)


def to_props(record: Any) -> dict:
    """The graph properties of ``record``'s declared fields (lists as lists; empty values left out)."""
    out = {}
    for name, spec in specs(type(record)):
        value = getattr(record, name)
        if spec.prop and value is not None and value != ():
            out[spec.prop] = list(value) if spec.kind == "list" else value
    return out


def from_props(cls: type, props: dict, **given: Any) -> Any:
    """A ``cls`` of the graph properties ``props`` (the inverse of :func:`to_props`), with ``given``."""
    values = {name: _tuple(props.get(spec.prop), spec) for name, spec in specs(cls) if spec.prop and name not in given}
    return cls(**values, **given)


def _tuple(value, spec: FieldSpec):
    if spec.kind == "list":
        return tuple(value or ())
    return value


def to_yaml(record: Any, values: dict | None = None) -> dict:
    """``record``'s declared fields (or ``values`` by field name) by YAML key, empty values left out."""
    out = {}
    for name, spec in specs(type(record)):
        value = getattr(record, name) if values is None else values.get(name)
        if spec.key and value not in (None, (), [], ""):
            out[spec.key] = list(value) if spec.kind == "list" else value
    return out
