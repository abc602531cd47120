"""The types a query parameter can have (``// param: name (type): ...`` in a query header), each
declared once: how the API resolves a value, which values a dataset offers, and what the
Browser guide says about it.

>>> PARAM_TYPES["camp"].examples(None)
['open', 'closed', 'mixed', 'none']
>>> PARAM_TYPES["search"].resolve(None, "Université")
'universite'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import QueryError, UnknownEntityError, UnknownSourceError
from .model import CAMP_ANSWERS
from .text import normalise, suggest

if TYPE_CHECKING:
    from .api import AllianceGraph
    from .model import Dataset


@dataclass(frozen=True)
class ParamType:
    """One parameter type.

    ``resolve(graph, value)``: the value the Cypher takes (an id, folded text), or QueryError.
    ``examples(dataset)``: every value of this type the dataset offers, in a fixed order (ids sorted).
    ``note``: what the Neo4j Browser needs, where ``agraph`` would also take names ('' if nothing).
    ``free_text``: any text is a value (its examples are only a sample).
    """

    name: str
    resolve: Callable[[AllianceGraph, str], str]
    examples: Callable[[Dataset], list[str]]
    note: str = ""
    free_text: bool = False


def resolve_node(graph: AllianceGraph, name: str, labels: tuple[str, ...] = ("Organisation", "Product")) -> str:
    """The id of the organisation (or product) called ``name`` in ``graph``: by id, name or alias,
    ignoring case and accents.

    Raises
    ------
    UnknownEntityError
        When nothing matches; carries close suggestions (:func:`suggest_names`).
    QueryError
        When the name is ambiguous, or names a node of another label.
    """
    found = graph.rows("resolve", text=name)
    hits = [r for r in found if r["label"] in labels]
    if not hits and found:  # it exists, but is not what this question is about
        other = found[0]
        kinds = " or ".join(f"an {label.lower()}" if label[0] in "AEIOU" else f"a {label.lower()}" for label in labels)
        error = QueryError(f"{other['name']!r} is a {other['label'].lower()} (id {other['id']}); "
                           f"this question is about {kinds} only")
        error.hint = f"`agraph show {other['id']}` shows everything known about it, its organisations included"
        raise error
    if len(hits) == 1:
        return hits[0]["id"]
    if len(hits) > 1:
        exact = [h for h in hits if h["id"] == name]
        if len(exact) == 1:
            return exact[0]["id"]
        raise QueryError(f"{name!r} is ambiguous: " + ", ".join(f"{h['name']} (id {h['id']})" for h in hits)
                         + "; name it by id")
    raise UnknownEntityError(name, suggest_names(graph, name, labels))


def resolve_source(graph: AllianceGraph, source_id: str) -> str:
    """``source_id`` if ``graph`` has a source of that id (exactly, as ids are written).

    Raises
    ------
    UnknownSourceError
        When it has none; carries the closest ids (:func:`alliance_graph.text.suggest`).
    """
    ids = [r["id"] for r in graph.rows("sources")]
    if source_id in ids:
        return source_id
    raise UnknownSourceError(source_id, suggest(source_id, ids))


#: Rows of ``search`` read per piece of a name by :func:`suggest_names`: a miss reads a bounded set.
SUGGEST_POOL = 50


def suggest_names(graph: AllianceGraph, name: str, labels: tuple[str, ...] = ("Organisation", "Product"),
                  n: int = 5) -> list[str]:
    """Names close to ``name`` (:func:`alliance_graph.text.suggest`) among those ``search`` finds for
    it and for the first and last three letters of each of its words, at most :data:`SUGGEST_POOL`
    rows each: never every node."""
    key = normalise(name)
    pieces = dict.fromkeys([key, *(part for word in key.split() for part in (word[:3], word[-3:]) if len(part) == 3)])
    found = {r["name"]: None for piece in pieces if piece
             for r in graph.rows("search", text=piece, limit=SUGGEST_POOL) if r["label"] in labels}
    return suggest(name, found, n)


def _camp(graph: AllianceGraph, value: str) -> str:
    if value not in CAMP_ANSWERS:
        raise QueryError(f"camp must be one of {', '.join(CAMP_ANSWERS)}, not {value!r}")
    return value


def _folded_names(dataset: Dataset) -> list[str]:
    return sorted({normalise(o.name) for o in dataset.organisations.values()})


#: Every parameter type, by name.
PARAM_TYPES: dict[str, ParamType] = {t.name: t for t in (
    ParamType("org", lambda g, v: resolve_node(g, v, ("Organisation",)), lambda ds: sorted(ds.organisations),
              "In the Browser: the organisation's id"),
    ParamType("node", lambda g, v: resolve_node(g, v, ("Organisation", "Product")),
              lambda ds: sorted([*ds.organisations, *ds.products]), "In the Browser: the organisation's or product's id"),
    ParamType("camp", _camp, lambda ds: list(CAMP_ANSWERS)),
    ParamType("search", lambda g, v: normalise(v), _folded_names, "In the Browser: lower case, without accents",
              free_text=True),
    ParamType("text", lambda g, v: v, _folded_names, free_text=True),
    ParamType("source", resolve_source, lambda ds: sorted(ds.sources)),
)}
#: Their names, as a query header writes them.
PARAM_TYPE_NAMES = tuple(PARAM_TYPES)
