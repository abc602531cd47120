"""The Neo4j schema, generated from the allow-lists in :mod:`alliance_graph.model`.

One named uniqueness constraint on ``id`` per node label (``organisation_id``) and
per relationship type (``RelType.constraint_name``, e.g. ``member_of_id``), then the
indexes of ``NODE_INDEXES`` and ``REL_INDEXES``. The statements are the templates of
``cypher/schema/*.cypher`` with their placeholders filled from the model as it is
when called, so a relationship type added to ``REL_TYPES`` gets its constraint (and
the concurrent-loader guarantee) with no other change. Names are deterministic: a
database made by an earlier version already has every one of them.

>>> [name for name, _ in schema_statements()][:5]
['organisation_id', 'product_id', 'claim_id', 'source_id', 'member_of_id']
>>> dict(schema_statements())["partners_with_id"]
'CREATE CONSTRAINT partners_with_id IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() REQUIRE r.id IS UNIQUE'
"""

from __future__ import annotations

from .. import _resources, model
from .placeholders import fill_placeholders


def label_constraint_name(label: str) -> str:
    """``Organisation`` -> ``organisation_id``."""
    return f"{label.lower()}_id"


def _template(name: str) -> str:
    text = _resources.read_cypher(f"schema/{name}.cypher")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")).strip()


def _fill(template: str, *, name: str, label: str | None = None, type: str | None = None,
          prop: str | None = None) -> str:
    """The template with its placeholders filled, each value checked against the allow-lists."""
    try:
        return fill_placeholders(template, name=name, label=label, type=type, prop=prop)
    except ValueError as exc:
        raise ValueError(f"schema: {exc}") from None


def schema_statements() -> list[tuple[str, str]]:
    """Every schema statement with its name, in the order they run: label constraints,
    relationship type constraints, indexes."""
    node_id, rel_id = _template("node_id"), _template("relationship_id")
    out = [(label_constraint_name(label), label) for label in model.LABELS.values()]
    statements = [(n, _fill(node_id, name=n, label=label)) for n, label in out]
    statements += [(t.constraint_name, _fill(rel_id, name=t.constraint_name, type=t.neo4j_type))
                   for t in model.REL_TYPES.values()]
    for index in model.NODE_INDEXES:
        template = _template("text_index" if index.text else "range_index")
        statements.append((index.name, _fill(template, name=index.name, label=index.label, prop=index.prop)))
    rel_index = _template("relationship_range_index")
    statements += [(index.name, _fill(rel_index, name=index.name, type=index.type, prop=index.prop))
                   for index in model.REL_INDEXES]
    statements.append(("write_lock_id", _template("write_lock")))  # one writer at a time (store/write_lock.py)
    names = [n for n, _ in statements]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"schema: the name(s) {', '.join(twice)} are given to more than one constraint or index")
    return statements
