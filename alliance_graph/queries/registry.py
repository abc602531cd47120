"""The query registry: every ``cypher/queries/*.cypher`` file, parsed from its header.

The header is the single source of the API's parameters, the CLI help, the Browser guide and the
docs tables. Its fields, paging and the macros: ``docs/queries.md``.
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass, field
from functools import lru_cache

from .. import _resources
from ..errors import QueryError
from ..paging import PageKey
from .macros import expand_macros
from ..text import suggest

from ..param_types import PARAM_TYPE_NAMES as PARAM_TYPES
_PARAM_RE = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*) \((?P<type>[a-z]+)(?P<optional>, optional)?\): (?P<doc>.+)$")


@dataclass(frozen=True)
class Param:
    """A parameter of a query, from its ``// param: name (type): doc`` line."""

    name: str
    type: str
    doc: str
    optional: bool = False  # ``// param: org (org, optional): ...``: null when not given


@dataclass(frozen=True)
class Query:
    """A registry query: its header's fields and its statement."""

    name: str
    summary: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    examples: tuple[str, ...]
    cypher: str  # the statement, macros filled in: what Neo4j runs and the guide shows
    file: str
    row_type: type = field(repr=False, compare=False, default=tuple)
    template: str = field(repr=False, compare=False, default="")  # the statement as written, macros and all
    #: the page key; empty: the query answers every row at once
    page: PageKey = PageKey()
    #: does the answer depend on the date asked (``// dated: yes``: the statement reads ``$asOf``)?
    dated: bool = False

    @property
    def pages(self) -> bool:
        """Does the query page (``$limit`` / ``$after``)?"""
        return bool(self.page)

    @property
    def page_doc(self) -> str:
        """The page key in words, e.g. ``name, id`` or ``published (descending), id``."""
        return ", ".join(f"{p.var} (descending)" if p.desc else p.var for p in self.page)

    def row(self, mapping: dict) -> tuple:
        """A typed row (a named tuple of this query's columns) from a mapping."""
        return self.row_type(*(mapping.get(c) for c in self.columns))


def parse_query(text: str, file: str) -> Query:
    """A query from the text of its file (``file`` names it in errors); macros are filled in.

    Raises
    ------
    QueryError
        On a header that lacks a field or writes one wrongly, a bad macro, a paged query without the
        paging macros, or a statement reading ``$asOf`` when the header says otherwise.
    """
    header: dict[str, list[str]] = {}
    body: list[str] = []
    for line in text.splitlines():
        if not body and line.startswith("//"):
            key, _, value = line[2:].strip().partition(":")
            header.setdefault(key.strip(), []).append(value.strip())
        elif line.strip() or body:
            body.append(line)
    missing = [k for k in ("name", "summary", "columns") if k not in header]
    if missing:
        raise QueryError(f"{file}: header lacks {', '.join(missing)}")
    params = []
    for spec in header.get("param", []):
        m = _PARAM_RE.match(spec)
        if not m or m["type"] not in PARAM_TYPES:
            raise QueryError(f"{file}: bad param line {spec!r}; write 'name (type): description' with type in {PARAM_TYPES}")
        params.append(Param(m["name"], m["type"], m["doc"], bool(m["optional"])))
    columns = tuple(c.strip() for c in header["columns"][0].split(","))
    page = _parse_page(header.get("page", []), file)
    dated = header.get("dated", ["no"]) == ["yes"]
    if header.get("dated", ["no"]) not in (["yes"], ["no"]):
        raise QueryError(f"{file}: write '// dated: yes' for a query whose answer depends on the date asked ($asOf)")
    name = header["name"][0]
    # mypy only understands namedtuple() with a literal name; this one is named after the query at run time
    row_type = namedtuple(name.replace("-", "_").title().replace("_", "") + "Row", columns)  # type: ignore[misc]
    template = "\n".join(body).strip() + "\n"
    first_line = text.splitlines().index(body[0]) if body else 0  # so errors give the file's line numbers
    cypher = expand_macros("\n" * first_line + template, file, page).lstrip("\n")
    if page and not all(f"{{{{{m}}}}}" in template for m in ("after", "page_key", "limit")):
        raise QueryError(f"{file}: a paged query (// page:) filters with {{{{after}}}}, returns {{{{page_key}}}} AS page_key "
                         f"and ends with LIMIT {{{{limit}}}}; see docs/queries.md#paging")
    if ("$asOf" in cypher) != dated:  # (the header says it, the statement must agree)
        raise QueryError(f"{file}: " + ("the statement reads $asOf (a date macro): declare '// dated: yes'" if not dated
                                        else "'// dated: yes' but the statement never reads $asOf: leave the line out"))
    return Query(name, " ".join(header["summary"]), tuple(params), columns, tuple(header.get("example", [])),
                 cypher, file, row_type, template, page, dated)


def _parse_page(lines: list[str], file: str) -> PageKey:
    """The page key of a ``// page:`` header line (:meth:`PageKey.parse <alliance_graph.paging.PageKey.parse>`)."""
    if not lines:
        return PageKey()
    if len(lines) > 1:
        raise QueryError(f"{file}: one '// page:' line, please (the page key, e.g. 'name, id')")
    try:
        return PageKey.parse(lines[0])
    except ValueError as exc:
        raise QueryError(f"{file}: {exc}") from None


@lru_cache(maxsize=None)
def registry() -> dict[str, Query]:
    """Every canned query, by name, in name order."""
    qdir = _resources.cypher_dir() / "queries"
    queries = {}
    for path in sorted(qdir.glob("*.cypher")):
        q = parse_query(path.read_text(encoding="utf-8"), f"cypher/queries/{path.name}")
        if q.name != path.stem:
            raise QueryError(f"{q.file}: header name {q.name!r} differs from the file name")
        queries[q.name] = q
    return queries


def get_query(name: str) -> Query:
    """One registry query by name.

    Raises
    ------
    QueryError
        When no query has that name; the message lists the known names.
    """
    try:
        return registry()[name]
    except KeyError:
        close = suggest(name, registry(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise QueryError(f"no canned query called {name!r}{hint} (`agraph queries` lists them)") from None
