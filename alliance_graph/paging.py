"""Keyset paging of the queries whose answers grow with the graph: page keys and cursors.

:class:`PageKey`, parsed from a ``// page:`` header, is the one writer of the keyset rule. The rule
and the cursor format: ``docs/dates-and-paging.md#paging``.

>>> key = PageKey.parse("label, name, id")
>>> key.decode("names", encode_cursor("names", ["Organisation", "IBM", "ibm"]))
['Organisation', 'IBM', 'ibm']
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .errors import QueryError
from .text import shown

__all__ = ["DEFAULT_PAGE_SIZE", "PageKey", "PagePart", "check_limit", "decode_cursor", "encode_cursor", "sort_key"]

#: Rows the CLI shows of a paged command when --limit is not given (``--limit 0``: every row).
DEFAULT_PAGE_SIZE = 50
#: The longest text a cursor's key may hold (a page key is ids, names and labels: each is short).
MAX_CURSOR = 1000


def encode_cursor(query: str, key: Sequence) -> str:
    """The cursor naming the row of ``query`` whose page key is ``key``."""
    text = json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))
    return f"{query}:{base64.urlsafe_b64encode(text.encode('utf-8')).decode('ascii').rstrip('=')}"


#: What a value of each page key type may be (null fits every type).
_FITS = {"text": lambda v: isinstance(v, str), "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
         "bool": lambda v: isinstance(v, bool)}


def decode_cursor(query: str, cursor: str, types: Sequence[str]) -> list:
    """The page key named by ``cursor``, checked to be one of ``query``'s: as many values as
    ``types`` (the page key's types, ``text``, ``int`` or ``bool``), each of its type or null.

    Raises
    ------
    QueryError
        When the text is not a cursor, or one of another query, or its values do not fit the key.
    """
    how = "pass the cursor a page of this query gave (the CLI prints it as --after ...), or leave --after out"
    size = len(types)
    if not isinstance(cursor, str):
        raise QueryError(f"after: a cursor is text, not {shown(cursor)}; {how}")
    if len(cursor) > 4 * MAX_CURSOR:
        raise QueryError(f"after: {shown(cursor)} is too long for a cursor; {how}")
    name, sep, body = cursor.partition(":")
    if not sep:
        raise QueryError(f"after: {shown(cursor)} is not a cursor (query:key); {how}")
    if name != query:
        raise QueryError(f"after: the cursor {shown(cursor)} is one of the query {shown(name)}, not of {query!r}; {how}")
    try:
        key = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        key = None
    if (not isinstance(key, list) or len(key) != size
            or not all(v is None or isinstance(v, (str, int, float, bool)) for v in key)):
        raise QueryError(f"after: {shown(cursor)} is not a cursor of {query!r} (its key has {size} values); {how}")
    for v, kind in zip(key, types, strict=True):
        if isinstance(v, int) and not -2**63 <= v < 2**63 or isinstance(v, float) and not math.isfinite(v) \
                or isinstance(v, str) and len(v) > MAX_CURSOR:  # 64-bit integers (Cypher's), short text
            raise QueryError(f"after: {shown(cursor)} holds a value no page key has ({shown(v, 40)}); {how}")
        if v is not None and not _FITS[kind](v):
            raise QueryError(f"after: {shown(cursor)} is not a cursor of {query!r}: its key holds {shown(v, 40)} "
                             f"where {query!r} has a value of type {kind}; {how}")
    return key


def check_limit(limit: object) -> int | None:
    """``limit`` if it is a positive whole number or None (every row).

    Raises
    ------
    QueryError
        Otherwise.
    """
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise QueryError(f"limit: give a whole number of rows of at least 1, or None for every row; not {limit!r}")
    return limit


# --------------------------------------------------------------------------- the keyset rule

#: The types a page key's value may have (``// page: rank int, name, id``); a value may also be null.
PAGE_TYPES = ("text", "int", "bool")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class PagePart(NamedTuple):
    """One value of a page key: the Cypher variable, descending?, its type (one of :data:`PAGE_TYPES`)."""

    var: str
    desc: bool = False
    type: str = "text"


@functools.total_ordering
class _Desc:
    """A value sorting in reverse (a ``desc`` part of a page key)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:  # any value Cypher orders (text, number, boolean)
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return other.value < self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __reduce__(self) -> tuple[type[_Desc], tuple[Any]]:
        return _Desc, (self.value,)


def sort_key(values: Sequence, desc: Sequence[bool] = ()) -> tuple:
    """A key ordering like Cypher's ``ORDER BY`` (and the ``{{after}}`` condition): each value
    ascending, or descending where ``desc`` says so, nulls after every value either way.

    >>> sorted([["b", 1], [None, 2], ["a", 3]], key=sort_key)
    [['a', 3], ['b', 1], [None, 2]]
    >>> sorted([["b"], [None], ["a"]], key=lambda v: sort_key(v, [True]))
    [['b'], ['a'], [None]]
    """
    if not any(desc):
        return tuple((True, 0) if v is None else (False, v) for v in values)
    return tuple((True, 0) if v is None else (False, _Desc(v) if i < len(desc) and desc[i] else v)
                 for i, v in enumerate(values))


def _literal(value: str, kind: str, what: str) -> str:
    """A Cypher literal of a page key value of type ``kind`` written in a macro (``label=Organisation``)."""
    if kind == "int" and re.fullmatch(r"-?[0-9]+", value):
        return str(int(value))
    if kind == "bool" and value in ("true", "false"):
        return value
    if kind == "text" and _IDENT.match(value):
        return f"'{value}'"
    raise ValueError(f"{what}: {value!r} is not a value of type {kind}")


@dataclass(frozen=True)
class PageKey:
    """The page key of a query (``// page:``), the one writer of the keyset rule."""

    parts: tuple[PagePart, ...] = ()

    @classmethod
    def parse(cls, text: str) -> PageKey:
        """The key of a ``// page:`` line: ``var [type] [desc], ...``.

        Raises
        ------
        ValueError
            On a part that is not a variable, optionally followed by a type and ``desc``.
        """
        parts = []
        for part in text.split(","):
            var, *rest = part.split() or [""]
            kind = rest.pop(0) if rest and rest[0] in PAGE_TYPES else "text"
            if not _IDENT.match(var) or rest not in ([], ["desc"]):
                raise ValueError(f"bad page key {part.strip()!r}; write a variable, optionally followed by a type "
                                 f"({', '.join(PAGE_TYPES)}; text when left out) and 'desc'")
            parts.append(PagePart(var, rest == ["desc"], kind))
        return cls(tuple(parts))

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __len__(self) -> int:
        return len(self.parts)

    def __iter__(self) -> Iterator[PagePart]:
        return iter(self.parts)

    @property
    def desc(self) -> tuple[bool, ...]:
        return tuple(p.desc for p in self.parts)

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(p.type for p in self.parts)

    def sort_key(self, values: Sequence) -> tuple:
        """The Python sort key of a row's page key (see :func:`sort_key`)."""
        return sort_key(values, self.desc)

    def decode(self, query: str, cursor: str) -> list:
        """The page key named by ``cursor`` (see :func:`decode_cursor`)."""
        return decode_cursor(query, cursor, self.types)

    def condition(self) -> str:
        """``{{after}}``: the row's key (the page variables) comes after ``$after``, lexicographically,
        each value ascending or descending, nulls last (the order of :meth:`sort_key`)."""
        condition = "false"
        for i, (var, desc, _type) in reversed(list(enumerate(self.parts))):
            c = f"$after[{i}]"
            later = f"({c} IS NOT NULL AND ({var} IS NULL OR {var} {'<' if desc else '>'} {c}))"
            same = f"coalesce({var} = {c}, {var} IS NULL AND {c} IS NULL)"
            condition = later if condition == "false" else f"({later} OR ({same} AND {condition}))"
        return f"($after IS NULL OR {condition})"

    def key_list(self) -> str:
        """``{{page_key}}``: the key as a Cypher list."""
        return "[" + ", ".join(p.var for p in self.parts) + "]"

    def start(self, var: str, *fixed: str) -> str:
        """``{{page_start var [earlier=value ...] [null=value]}}``: the lowest value of ``var`` (ascending text) a
        page may start at, for an index-range prefilter (``n.name >= ...``): the cursor's value when every key
        value before it is the one given (``label=Organisation``), else ``''`` (from the first). With
        ``null=value``: ``value`` when the cursor's value is null (nulls sort last: the page is past every
        value; ``value`` is what a null is stored as, e.g. an until ``unknown``).

        >>> PageKey.parse("date, name").start("date", "null=unknown")
        "CASE WHEN $after IS NOT NULL AND $after[0] IS NULL THEN 'unknown' ELSE coalesce($after[0], '') END"

        Raises
        ------
        ValueError
            When ``var`` is not an ascending text value of the key, or a value before it is not given.
        """
        names = [p.var for p in self.parts]
        if var not in names or self.parts[names.index(var)].desc or self.parts[names.index(var)].type != "text":
            raise ValueError(f"page_start takes an ascending text value of the page key ({', '.join(names)}), "
                             f"not {var!r}")
        i = names.index(var)
        given = dict(f.split("=", 1) for f in fixed if "=" in f)
        past = given.pop("null", None)  # where a page after a row whose value is null starts
        if len(given) + (past is not None) != len(fixed) or sorted(given) != sorted(names[:i]):
            raise ValueError(f"page_start {var}: give the value of each key value before it, as "
                             f"{' '.join(f'{n}=...' for n in names[:i]) or '(none)'}")
        tests = [f"$after[{j}] = {_literal(given[n], self.parts[j].type, f'page_start {var}')}"
                 for j, n in enumerate(names[:i])]
        value = f"$after[{i}]" if not tests else f"CASE WHEN {' AND '.join(tests)} THEN $after[{i}] END"
        if past is None:
            return f"coalesce({value}, '')"
        null = " AND ".join(["$after IS NOT NULL", *tests, f"$after[{i}] IS NULL"])
        return f"CASE WHEN {null} THEN {_literal(past, 'text', f'page_start {var}')} ELSE coalesce({value}, '') END"
