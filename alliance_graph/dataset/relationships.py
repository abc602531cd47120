"""The relationships section: a record's properties by the rules its type declares
(``RelType.props``), the careful reader, and the bulk CSV fast path, which takes a plainly valid
row by the same rules (:func:`prop_value`) without the per-record machinery."""

from __future__ import annotations

import re
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dates import UNKNOWN_END
from ..errors import Problem
from ..model import RECORDS, REL_TYPES, Evidence, Relationship, RelProp, RelType, rel_prop_names
from ..record_fields import columns, keys
from ..text import shown
from .fields import ID_PATTERN, MAX_NAME, _Record, date_problem, quote_problem, text_problem

if TYPE_CHECKING:
    from .builder import _Builder

EVIDENCE_COLUMNS = ("source", "quote", "via")  # the one evidence item of a CSV row


def rel_keys() -> tuple[str, ...]:
    """The keys of a relationship record: its own (``model.Relationship``), every property some type
    declares before its evidence."""
    own = keys(RECORDS["relationships"])
    return (*(k for k in own if k != "evidence"), *rel_prop_names(), "evidence")


def rel_columns() -> tuple[str, ...]:
    """The columns of ``relationships.csv`` in the bulk form: the record's own, every property, its evidence."""
    return (*columns(RECORDS["relationships"]), *rel_prop_names(), *EVIDENCE_COLUMNS)


def prop_value(prop: RelProp, value: str) -> tuple[str | None, str | None]:
    """The value of property ``prop`` given as text, and the problem with it (one is None): the
    rule both readers share (the careful one first turns a YAML date or number into text)."""
    if prop.is_date:
        if prop.name == "until" and value == UNKNOWN_END:
            return value, None  # ended, date unknown (see alliance_graph/dates.py)
        problem = date_problem(prop.name, value)
    else:
        problem = text_problem(prop.name, value, MAX_NAME)
        value = value.strip()
        if problem is None and prop.type == "choice" and value not in prop.values:
            problem = f"field {prop.name!r} = {shown(value)} is not allowed; use one of: {', '.join(prop.values)}"
    return (None, problem) if problem else (value, None)


def rel_props(rec: _Record, rt: RelType | None) -> dict[str, str]:
    """The properties of a relationship record (in :func:`~alliance_graph.model.rel_prop_names` order), by the rules its type declares
    (defaults included). A property its type does not declare is an error that names the types
    that do. Of a record whose type is unknown (or written by the claims section), each property is
    read by the first type declaring it, so a bad value is still reported and nothing else is."""
    if rt is not None and rt.claim_field:
        rt = None
    out: dict[str, str] = {}
    for name, types, props in declared():
        prop = props.get(rt.name) if rt is not None else props[types[0].name]
        raw = rec.raw.get(name)
        if prop is None:
            if raw is not None:
                rec.error(f"field {name!r} only applies to {_or_list([t.name for t in types])} relationships")
            continue
        if raw is None:
            if prop.default is not None:
                out[name] = prop.default
            continue
        if prop.is_date and not isinstance(raw, str):
            value = rec.date(name)  # (a YAML year or date: its own messages)
        elif not isinstance(raw, str):
            value = rec.str(name)
        else:
            value, problem = prop_value(prop, raw)
            if problem:
                rec.error(problem)
        if value is not None:
            out[name] = value
    return out


def declared() -> list[tuple[str, list[RelType], dict[str, RelProp | None]]]:
    """Each relationship property, the types declaring it (in REL_TYPES order) and its RelProp per type;
    worked out once per REL_TYPES (tests may add types or properties)."""
    key = tuple(REL_TYPES.values())
    if _DECLARED[0] != key:
        found: dict[str, list[RelType]] = {}
        for t in REL_TYPES.values():
            for p in t.props:
                found.setdefault(p.name, []).append(t)
        _DECLARED[:] = [key, [(name, types, {t.name: t.prop(name) for t in REL_TYPES.values()})
                              for name, types in found.items()]]
    return _DECLARED[1]


_DECLARED: list = [None, []]


def _or_list(names: list[str]) -> str:
    """``member-of``, ``member-of and cites``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def ends_in_order(since: str | None, until: str | None) -> bool:
    return not (since and until and until != UNKNOWN_END and until < since)


def read_relationships(b: _Builder, path: Path, section: str, i: int, raw: Any) -> None:
    from .sections import _sources_of, known_keys

    rec = _Record(str(path), section, i, raw, b.problems, known_keys(section))
    if not rec.mapping:
        return
    rtype = rec.choice("type", tuple(REL_TYPES))
    src = rec.ident("from")
    dst = rec.ident("to")
    rt = REL_TYPES.get(rtype) if rtype else None
    if rt is not None and rt.claim_field:
        fields = " / ".join(t.claim_field for t in REL_TYPES.values() if t.claim_field)
        rec.error(f"type {rtype!r} is written by the 'claims' section ({fields}), not as a relationship")
    props = rel_props(rec, rt)
    since, until = props.get("since"), props.get("until")
    if not ends_in_order(since, until):
        rec.error(f"'until' ({until}) is before 'since' ({since})")
    evidence = rec.evidence()
    rid = rec.ident("id", required=False)
    if src and dst and src == dst:
        what = f"a {rtype} relationship" if rtype else "a relationship"
        rec.error(f"{what} from {src!r} to itself is meaningless; check 'from' and 'to'")
    if rec.ok:
        assert rt is not None and rtype is not None and src is not None and dst is not None  # read: ok
        b.ref_sites.append((rec, rtype, (src, dst)))  # (both ends: stored as ids, see cross_check)
        b.evidence_sites.append((rec, evidence, b.unit))
        if rt.symmetric and dst < src:  # one direction for a symmetric fact, whoever states it
            src, dst = dst, src
        rid = rid or f"{rtype}:{src}:{dst}"
        given = {k: v for k, v in props.items() if rec.raw.get(k) is not None}
        statements = b.statements_of(rec, rid, _sources_of(evidence), given)
        b.add_rel(rec, Relationship(rid, rtype, src, dst, evidence, b.shared_props(props), statements))
        return
    b.evidence_sites.append((rec, evidence, b.unit))
    ends = tuple((end, node_id, end) for end, node_id in (("from", src), ("to", dst)) if node_id)
    if src and src == dst:
        ends = ends[:1]
    if ends:
        b.ref_sites.append((rec, None if rtype in ("states", "about") else rtype, ends))


_PLAIN_ID = re.compile(ID_PATTERN)  # (fullmatch: an id without spaces around it)


def fast_relationships(b: _Builder, file: str, header: list[str]):
    """A reader of the plainly valid rows of ``relationships.csv`` (see ``_Builder.fast_csv``)."""
    wanted = rel_columns()
    width = len(header)
    pad = [""] if len(header) < len(wanted) else []
    get = itemgetter(*(header.index(c) if c in header else width for c in wanted))
    n_props = len(rel_prop_names())  # (the row: id, type, from, to, the properties, the evidence)
    # type -> (RelType, its properties as (index among the row's properties, RelProp) in that order, the
    # indexes of the properties it does not declare)
    specs: dict[str, tuple[RelType, tuple[tuple[int, RelProp], ...], tuple[int, ...]]] = {}
    names = list(rel_prop_names())
    for name, rt in REL_TYPES.items():
        if rt.claim_field is None:
            mine = tuple(sorted((names.index(p.name), p) for p in rt.props))
            specs[name] = (rt, mine, tuple(i for i in range(len(names)) if i not in {k for k, _p in mine}))
    share = b.interned.setdefault
    good: dict[tuple[str, str], str] = {}  # (property, text) -> its value, found valid
    problems, unit = b.problems, b.unit
    sites, statements, shared_props = b.fast_sites, b.statements_of, b.shared_props
    is_id = _PLAIN_ID.fullmatch

    def fast(i: int, line: int, row: list[str]) -> bool:
        if len(row) != width:
            return False
        rid, rtype, src, dst, *rest = get(row + pad if pad else row)
        values, (source, quote, via) = rest[:n_props], rest[n_props:]
        spec = specs.get(rtype)
        if spec is None or not is_id(src) or not is_id(dst) or src == dst or (rid and not is_id(rid)) \
                or not source or quote_problem(quote, source):
            return False
        rt, declared_props, others = spec
        for k in others:
            if values[k]:
                return False  # a property its type does not declare
        props: dict[str, str] = {}
        given = {}
        for k, prop in declared_props:
            v = values[k]
            if not v:
                if prop.default is not None:
                    props[prop.name] = prop.default
                continue
            value = good.get((prop.name, v))
            if value is None:
                value, problem = prop_value(prop, v)
                if problem or value != v:
                    return False
                good[(prop.name, v)] = value = share(v, v)
            props[prop.name] = given[prop.name] = value
        if not ends_in_order(props.get("since"), props.get("until")):
            return False
        rtype, src, dst, source = share(rtype, rtype), share(src, src), share(dst, dst), share(source, source)
        raw_id = share(rid, rid) if rid else None
        evidence = (Evidence(source, quote, share(via, via) if via else None),)
        site = _Site(file, i, line, raw_id, rtype, src, dst, evidence, unit, problems)
        sites.append(site)  # (its ends and evidence: checked across records, as a careful record's are)
        if rt.symmetric and dst < src:
            src, dst = dst, src
        rid = raw_id or f"{rtype}:{src}:{dst}"
        b.add_rel(site, Relationship(rid, rtype, src, dst, evidence, shared_props(props),
                                     statements(site, rid, (source,), given)))
        return True

    return fast


class _Site:
    """A record taken by the CSV fast path, as the checks across records see it: where it is (file,
    line, the label the careful path gives it) and ``error``."""

    __slots__ = ("file", "index", "line", "id", "type", "start", "end", "evidence", "unit", "problems", "ok")

    def __init__(self, file: str, index: int, line: int, rid: str | None, rtype: str, start: str, end: str,
                 evidence: tuple[Evidence, ...], unit: str, problems: list[Problem]) -> None:
        self.file, self.index, self.line, self.id = file, index, line, rid
        self.type, self.start, self.end, self.evidence, self.unit = rtype, start, end, evidence, unit
        self.problems, self.ok = problems, True

    @property
    def label(self) -> str:
        what = f" id={self.id}" if self.id else f" {self.type} {self.start} -> {self.end}"
        return f"relationships[{self.index}]{what}"

    def error(self, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.file, self.label, message, self.line))
