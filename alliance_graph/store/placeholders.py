"""The one way names that vary get into Cypher text: ``__KEY__`` placeholders, filled only with
values the allow-lists of :mod:`alliance_graph.model` admit (values always go in as ``$parameters``).

>>> fill_placeholders("MERGE (n:__LABEL__ {id: $id})", label="Organisation")
'MERGE (n:Organisation {id: $id})'
>>> fill_placeholders("MERGE (n:__LABEL__)", label="Evil`) DETACH DELETE (x")
Traceback (most recent call last):
ValueError: 'Evil`) DETACH DELETE (x' is not an allowed label (see alliance_graph/model.py)
"""

from __future__ import annotations

import re

from .. import model

_PLACEHOLDER_RE = re.compile(r"__([A-Z]+)__")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _allowed(key: str, value: str) -> tuple[bool, str]:
    """Whether ``value`` may fill placeholder ``key``, and what kind of name it must be."""
    if key in ("LABEL", "START", "END"):
        return value in model.LABELS.values(), "label"
    if key == "TYPE":
        return value in model.NEO4J_REL_TYPES or value in {t.neo4j_type for t in model.REL_TYPES.values()}, \
            "relationship type"
    if key in ("NAME", "PROP"):
        return _NAME_RE.match(value) is not None, f"{key.lower()} (lower-case letters, digits, _)"
    return False, f"placeholder __{key}__ (unknown)"


def fill_placeholders(cypher: str, **names: str | None) -> str:
    """Substitute ``__KEY__`` placeholders (``label=`` fills ``__LABEL__``); None values are skipped.

    Raises ValueError for a value the allow-list does not admit, or a placeholder left unfilled.
    """
    for key, value in names.items():
        if value is None:
            continue
        ok, kind = _allowed(key.upper(), value)
        if not ok:
            raise ValueError(f"{value!r} is not an allowed {kind} (see alliance_graph/model.py)")
        cypher = cypher.replace(f"__{key.upper()}__", value)
    left = _PLACEHOLDER_RE.search(cypher)
    if left:
        raise ValueError(f"placeholder {left.group(0)} left unfilled")
    return cypher
