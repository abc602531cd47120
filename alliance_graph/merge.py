"""Many sources, one graph: what every source says, kept side by side, and the one value shown.

Every field of a node or relationship is a list of :class:`~alliance_graph.model.Statement`
(field, value, source): what each source says. Nothing a source says is ever overwritten by
another source. A load replaces only what *its own* sources said before, and a retract
removes one source's statements and evidence: a node or relationship left with neither is
gone. Because the graph is a function of the statements alone, any sequence of loads and
retracts gives the graph built in one go from the files that remain.

The value shown
---------------
Where sources give different values for one field, the value shown (in queries, camps and
drawings) follows one rule, :data:`SHOWN_RULE`:

1. the value given by the most recently published source (a source with no published
   date counts as older than any dated one; a partial date such as ``2023-12`` sorts
   before the days of its month);
2. then the value given by the most sources;
3. then the value that sorts first as text (so the result never depends on load order).

A field whose sources disagree is *disputed* (listed in the node's ``disputed``
property and by ``agraph conflicts``) when it is one of :func:`fields`' ``conflict``
fields. Names are not disputed: a second name is an alias. Descriptions are prose and
follow the rule without being disputed. A claim's metric, unit and year name what the
claim measures: sources must agree on them (a different one is a different claim id).

>>> from alliance_graph.model import Source, Statement
>>> sources = {"a": Source("a", "A", "en", published="2023-12-05"), "b": Source("b", "B", "en", published="2024-02")}
>>> shown_value([Statement("value", 50.0, "a"), Statement("value", 47.0, "b")], "value", sources)
47.0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .model import (
    OPENNESS_COMPONENTS,
    RECORDS,
    REL_TYPES,
    CampStatement,
    Claim,
    Dataset,
    Organisation,
    Product,
    Source,
    Statement,
    rel_prop_names,
)
from .profile import phase
from .record_fields import specs

SHOWN_RULE = ("the value of the most recently published source, then the value given by the most sources, "
              "then the value that sorts first")



def fields(section: str) -> dict[str, str]:
    """Each statement field of ``section`` and its role, from the declarations of ``model.py`` (the
    field's ``said``): ``name`` (the shown name; others become aliases), ``alias``, ``conflict``
    (sources may disagree; kept and listed), ``prose`` (shown by the rule, never disputed),
    ``identity`` (sources must agree). Every relationship property and openness component is a
    ``conflict`` field.

    >>> fields("claims")
    {'kind': 'conflict', 'metric': 'identity', 'value': 'conflict', 'unit': 'identity', 'year': 'identity', 'qualifier': 'conflict'}
    """
    if section == "relationships":
        return dict.fromkeys(rel_prop_names(), "conflict")
    out = {("alias" if s.said == "alias" else n): s.said for n, s in specs(RECORDS[section]) if s.said}
    if section == "products":
        out.update(dict.fromkeys(OPENNESS_COMPONENTS, "conflict"))
    return out


_NUMBERS = {"number": float, "year": int}
NUMBER_FIELDS = {n: _NUMBERS[s.kind] for cls in RECORDS.values() for n, s in specs(cls)  # statement fields that are
                 if s.said and s.kind in _NUMBERS}  # not text


def section_of(entity) -> str:
    """The dataset section of a node or relationship."""
    return next(section for section, cls in RECORDS.items() if isinstance(entity, cls))


def value_text(value) -> str:
    """A statement value as stored (Neo4j lists hold one type): text; whole numbers without ``.0``.

    >>> value_text(47.0), value_text(1.5), value_text(2023), value_text("open")
    ('47', '1.5', '2023', 'open')
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def value_from_text(field: str, text: str):
    """The inverse of :func:`value_text` for ``field``."""
    kind = NUMBER_FIELDS.get(field)
    return kind(text) if kind is not None else text


def _rank(source_id: str, sources: dict[str, Source]) -> str:
    source = sources.get(source_id)
    return (source.published or "") if source is not None else ""


def shown_value(statements: Iterable[Statement], field: str, sources: dict[str, Source]):
    """The value shown for ``field`` by :data:`SHOWN_RULE`, or None when no source gives one."""
    by_value: dict = {}
    for s in statements:
        if s.field == field:
            by_value.setdefault(s.value, set()).add(s.source)
    if not by_value:
        return None
    if len(by_value) == 1:
        return next(iter(by_value))
    return min(by_value, key=lambda v: (_neg(max(_rank(src, sources) for src in by_value[v])),
                                        -len(by_value[v]), value_text(v)))


def _neg(text: str) -> tuple:
    """A sort key putting later dates first."""
    return tuple(-ord(c) for c in text) + (1,)


def disputed_fields(statements: Iterable[Statement], section: str) -> tuple[str, ...]:
    """The conflict fields of ``section`` that sources give different values for, in FIELDS order."""
    values: dict[str, set] = {}
    for s in statements:
        values.setdefault(s.field, set()).add(s.value)
    return tuple(f for f, role in fields(section).items() if role == "conflict" and len(values.get(f, ())) > 1)


def supporting_sources(entity) -> tuple[str, ...]:
    """Every source that says something about ``entity`` (a statement or an evidence item), sorted."""
    ids = {s.source for s in entity.statements} | {e.source for e in entity.evidence}
    if isinstance(entity, Organisation) and entity.camp is not None:
        ids |= {e.source for e in entity.camp.evidence}
    if isinstance(entity, Product):
        ids |= {e.source for _c, e in entity.openness_evidence}
    return tuple(sorted(ids))


def _by_source(items, sources: dict[str, Source]):
    """Items (statements or evidence) newest source first, then by source id; stable within a source."""
    return sorted(items, key=lambda i: (_neg(_rank(i.source, sources)), i.source))


def resolve(entity, sources: dict[str, Source]):
    """``entity`` with its shown fields and ``disputed`` worked out from its statements."""
    section = section_of(entity)
    st, evidence = tuple(dict.fromkeys(entity.statements)), tuple(dict.fromkeys(entity.evidence))
    if len({s.source for s in st}.union(e.source for e in evidence)) > 1:  # (one source: already in order)
        st = tuple(_by_source(st, sources))  # stored newest source first
        evidence = tuple(_by_source(evidence, sources))
    disputed = disputed_fields(st, section)

    def pick(field):
        return shown_value(st, field, sources)

    common = dict(evidence=evidence, statements=st, disputed=disputed)
    if section == "relationships":
        rt = REL_TYPES[entity.type]
        props = {}
        for name in rel_prop_names():
            prop = rt.prop(name)
            value = (pick(name) or prop.default) if prop is not None else None
            if value is not None:
                props[name] = value
        return replace(entity, props=props, **common)
    shown = {}
    for name, spec in specs(type(entity)):
        if spec.said == "name":
            shown[name] = pick(name)
        elif spec.said == "alias":
            shown[name] = tuple(dict.fromkeys(s.value for s in st if s.field in ("name", "alias")
                                              and s.value != shown.get("name")))
        elif spec.kind == "camp":
            camp = pick(name)
            camp_evidence = tuple(_by_source(dict.fromkeys(entity.camp.evidence), sources)) if entity.camp else ()
            shown[name] = CampStatement(camp, camp_evidence) if camp is not None else None
        elif spec.said:
            value = pick(name)
            shown[name] = spec.default if value is None else value
    if section == "products":
        shown["openness"] = tuple((c, v) for c in OPENNESS_COMPONENTS if (v := pick(c)) is not None)
        components = {c: i for i, c in enumerate(OPENNESS_COMPONENTS)}
        shown["openness_evidence"] = tuple(sorted(dict.fromkeys(entity.openness_evidence), key=lambda ce: (
            components[ce[0]], _neg(_rank(ce[1].source, sources)), ce[1].source)))
    return replace(entity, **shown, **common)


def combine(a, b):
    """Two descriptions of one node or relationship (same id) as one: statements and evidence
    together, duplicates dropped. Call :func:`resolve` afterwards for the shown values."""
    if a is None:
        return b
    extra = {}
    if isinstance(a, Organisation):
        ev = (a.camp.evidence if a.camp else ()) + (b.camp.evidence if b.camp else ())
        camp = a.camp or b.camp
        extra["camp"] = CampStatement(camp.camp, tuple(dict.fromkeys(ev))) if camp else None
    if isinstance(a, Product):
        extra["openness_evidence"] = tuple(dict.fromkeys(a.openness_evidence + b.openness_evidence))
    if isinstance(a, Claim):
        extra["stated_by"] = a.stated_by or b.stated_by
        extra["about"] = a.about or b.about
    return replace(a, statements=tuple(dict.fromkeys(a.statements + b.statements)),
                   evidence=tuple(dict.fromkeys(a.evidence + b.evidence)), **extra)


def without_sources(entity, dropped: set[str]):
    """``entity`` without what the ``dropped`` sources say; None when nothing is left."""
    st = tuple(s for s in entity.statements if s.source not in dropped)
    ev = tuple(e for e in entity.evidence if e.source not in dropped)
    if not st and not ev:
        return None
    extra: dict[str, object] = {}
    if isinstance(entity, Organisation) and entity.camp is not None:
        cev = tuple(e for e in entity.camp.evidence if e.source not in dropped)
        extra["camp"] = CampStatement(entity.camp.camp, cev) if cev else None
    if isinstance(entity, Product):
        extra["openness_evidence"] = tuple((c, e) for c, e in entity.openness_evidence if e.source not in dropped)
    return replace(entity, statements=st, evidence=ev, **extra)


SECTIONS = ("organisations", "products", "claims", "relationships")


def resolve_all(ds: Dataset, only: set[tuple[str, str]] | None = None) -> Dataset:
    """Every node and relationship of ``ds`` resolved against its sources (in place; returns ``ds``).
    With ``only`` ((section, id) pairs), just those when the others are resolved against these same
    sources already (``ds.resolved_against``)."""
    partial = only is not None and ds.resolved_against == ds.sources
    for section in SECTIONS:
        items = getattr(ds, section)
        keys = [k for s, k in only if s == section and k in items] if partial and only is not None else list(items)
        for key in keys:
            items[key] = resolve(items[key], ds.sources)
    ds.resolved_against = dict(ds.sources)
    return ds


def _retract(ds: Dataset, dropped: set[str]) -> tuple[Dataset, set[tuple[str, str]]]:
    """``ds`` without the ``dropped`` sources, unresolved, and the (section, id) of what changed."""
    out = Dataset(sources={k: v for k, v in ds.sources.items() if k not in dropped}, files=list(ds.files))
    if ds.resolved_against == ds.sources:  # (what stays cites none of the dropped sources)
        out.resolved_against = dict(out.sources)
    changed = set()
    for section in SECTIONS:
        kept = getattr(out, section)
        for key, entity in getattr(ds, section).items():
            if not dropped.isdisjoint(supporting_sources(entity)):
                changed.add((section, key))
                entity = without_sources(entity, dropped)
                if entity is None:
                    continue
            kept[key] = entity
    return out, changed


def retract(ds: Dataset, source_ids: Iterable[str]) -> Dataset:
    """A new dataset without the given sources and what only they supported."""
    out, changed = _retract(ds, set(source_ids))
    return resolve_all(out, changed)


@phase("merge")
def merge(base: Dataset, incoming: Dataset) -> Dataset:
    """``base`` with ``incoming`` loaded into it: what the incoming sources said before is replaced
    by what they say now; everything else in ``base`` stays.

    Only what changes is resolved again when both sides were resolved against the sources the merge
    ends with (as the dataset reader leaves a file read onto ``base``): what the retract touched and
    what both describe. An untouched node of ``base`` cites none of the incoming sources, so
    resolving it again would give it back unchanged; so would an incoming one read onto ``base``."""
    out, changed = _retract(base, set(incoming.sources))
    out.sources.update(incoming.sources)
    for section in SECTIONS:
        items = getattr(out, section)
        for key, entity in getattr(incoming, section).items():
            known = items.get(key)
            if known is not None:
                changed.add((section, key))
            items[key] = combine(known, entity)
    out.files = [*base.files, *(f for f in incoming.files if f not in base.files)]
    out.warnings = list(incoming.warnings)
    kept = out.resolved_against is not None and incoming.resolved_against == out.sources  # (else: resolve it all)
    out.resolved_against = dict(out.sources) if kept else None
    return resolve_all(out, changed)


def dangling(ds: Dataset) -> list[str]:
    """References that point nowhere (relationship ends, evidence ``via``): what a retract must not leave."""
    nodes = {**ds.sources, **ds.organisations, **ds.products, **ds.claims}
    out = []
    for rel in ds.relationships.values():
        for end in (rel.source, rel.target):
            if end not in nodes:
                out.append(f"{rel.type} {rel.source} -> {rel.target} ({', '.join(supporting_sources(rel))}) "
                           f"would point to {end!r}, which no remaining source describes")
    for section in SECTIONS:
        for entity in getattr(ds, section).values():
            for ev in entity.evidence:
                if ev.via and ev.via not in ds.organisations:
                    out.append(f"evidence of {entity.id!r} from {ev.source!r} names 'via' {ev.via!r}, "
                               "which no remaining source describes")
    return out
