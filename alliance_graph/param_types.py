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
from typing import Any

from .errors import QueryError
from .model import CAMP_ANSWERS
from .text import normalise


@dataclass(frozen=True)
class ParamType:
    """One parameter type.

    ``resolve(graph, value)``: the value the Cypher takes (an id, folded text), or QueryError.
    ``examples(dataset)``: every value of this type the dataset offers, in a fixed order (ids sorted).
    ``note``: what the Neo4j Browser needs, where ``agraph`` would also take names ('' if nothing).
    ``free_text``: any text is a value (its examples are only a sample).
    """

    name: str
    resolve: Callable[[Any, str], str]
    examples: Callable[[Any], list[str]]
    note: str = ""
    free_text: bool = False


def _camp(graph, value: str) -> str:
    if value not in CAMP_ANSWERS:
        raise QueryError(f"camp must be one of {', '.join(CAMP_ANSWERS)}, not {value!r}")
    return value


def _folded_names(dataset) -> list[str]:
    return sorted({normalise(o.name) for o in dataset.organisations.values()})


#: Every parameter type, by name.
PARAM_TYPES: dict[str, ParamType] = {t.name: t for t in (
    ParamType("org", lambda g, v: g.resolve(v, ("Organisation",)), lambda ds: sorted(ds.organisations),
              "In the Browser: the organisation's id"),
    ParamType("node", lambda g, v: g.resolve(v, ("Organisation", "Product")),
              lambda ds: sorted([*ds.organisations, *ds.products]), "In the Browser: the organisation's or product's id"),
    ParamType("camp", _camp, lambda ds: list(CAMP_ANSWERS)),
    ParamType("search", lambda g, v: normalise(v), _folded_names, "In the Browser: lower case, without accents",
              free_text=True),
    ParamType("text", lambda g, v: v, _folded_names, free_text=True),
    ParamType("source", lambda g, v: g.resolve_source(v), lambda ds: sorted(ds.sources)),
)}
#: Their names, as a query header writes them.
PARAM_TYPE_NAMES = tuple(PARAM_TYPES)
