"""Keyset paging of the registry queries whose answers grow with the graph.

A query that pages says so in its header, ``// page: <key>, ...``: the values its rows are
ordered by, in order, each ascending or with ``desc`` descending (nulls last either way),
the last one an id so that every row has its own key (see
:mod:`alliance_graph.queries.registry`). Such a query takes ``$limit`` (rows wanted; null:
every row) and ``$after`` (the key of the last row already seen; null: from the start), and
returns the rows whose key comes after ``$after``, in order, at most ``$limit`` of them:
keyset paging, not SKIP, so a page costs the same wherever it starts and rows added or
removed between two pages shift nothing.

A **cursor** is the text naming the last row of a page: the query's name, a colon, and the
row's key as JSON in base64url (``names:WyJPcmdhbmlzYXRpb24iLCJJQk0iLCJpYm0iXQ``). It is
safe on a command line without quotes, and readable by anyone who wants to
(``base64 -d`` of the part after the colon). Both backends give the same cursors.

>>> token = encode_cursor("names", ["Organisation", "IBM", "ibm"])
>>> token
'names:WyJPcmdhbmlzYXRpb24iLCJJQk0iLCJpYm0iXQ'
>>> decode_cursor("names", token, ("text", "text", "text"))
['Organisation', 'IBM', 'ibm']
>>> comes_after(["Organisation", "Meta", "meta"], ["Organisation", "IBM", "ibm"], (False, False, False))
True
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence

from .errors import QueryError
from .text import shown

__all__ = ["DEFAULT_PAGE_SIZE", "comes_after", "decode_cursor", "encode_cursor", "check_limit"]

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


def check_limit(limit) -> int | None:
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


def _before(a, b, desc: bool) -> bool:
    """Does value ``a`` sort before ``b`` (nulls last, ascending or descending)?"""
    if a is None or b is None:
        return a is not None and b is None
    if isinstance(a, bool) is not isinstance(b, bool) or isinstance(a, str) is not isinstance(b, str):
        return False  # values of different types are not ordered by the keyset condition (as in Cypher)
    return a > b if desc else a < b


def comes_after(key: Sequence, after: Sequence, desc: Sequence[bool]) -> bool:
    """Does a row of page key ``key`` come after the row of key ``after``? The rule of the
    registry's ``{{after}}`` macro: lexicographic, each value ascending (or descending), nulls last."""
    for k, a, d in zip(key, after, desc):
        if _before(a, k, d):
            return True
        if not (k == a and (k is None) == (a is None) and isinstance(k, bool) == isinstance(a, bool)):
            return False
    return False
