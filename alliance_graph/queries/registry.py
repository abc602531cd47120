"""The query registry: every ``cypher/queries/*.cypher`` file, parsed from its header.

A query file starts with ``//`` header lines::

    // name: members
    // summary: Members of an alliance, founders first.
    // param: alliance (org): the alliance, by name, alias or id
    // columns: id, name, kind, role, camp, evidence
    // example: agraph members "AI Alliance"

followed by one Cypher statement. The header is the single source of the Python
API's parameters, the CLI help and the Browser guide.

Parameter types: ``org`` (an organisation, named by name, alias or id),
``node`` (an organisation or a product), ``camp`` (open, closed or none),
``search`` (text, compared without case or accents) and ``text``.

>>> q = get_query("members")
>>> q.columns[:3], [p.name for p in q.params]
(('id', 'name', 'kind'), ['alliance'])
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass, field
from functools import lru_cache

from .. import _resources
from ..errors import QueryError

PARAM_TYPES = ("org", "node", "camp", "search", "text")
_PARAM_RE = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*) \((?P<type>[a-z]+)\): (?P<doc>.+)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class Query:
    name: str
    summary: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    examples: tuple[str, ...]
    cypher: str
    file: str
    row_type: type = field(repr=False, compare=False, default=tuple)

    def row(self, mapping: dict):
        """A typed row (a named tuple of this query's columns) from a mapping."""
        return self.row_type(*(mapping.get(c) for c in self.columns))


def parse_query(text: str, file: str) -> Query:
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
        params.append(Param(m["name"], m["type"], m["doc"]))
    columns = tuple(c.strip() for c in header["columns"][0].split(","))
    name = header["name"][0]
    row_type = namedtuple(name.replace("-", "_").title().replace("_", "") + "Row", columns)
    return Query(name, " ".join(header["summary"]), tuple(params), columns, tuple(header.get("example", [])),
                 "\n".join(body).strip() + "\n", file, row_type)


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
        import difflib

        close = difflib.get_close_matches(name, registry(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise QueryError(f"no canned query called {name!r}{hint} (`agraph queries` lists them)") from None
