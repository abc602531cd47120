"""Records of several files combined into one :class:`~alliance_graph.model.Dataset`, and the
checks across records (references, quotes, names), run once every file is read."""

from __future__ import annotations

import datetime as _dt
import re
from itertools import chain
from pathlib import Path
from typing import Any, TypeAlias

from ..dates import UNKNOWN_END
from ..errors import FileRefused, Problem
from ..merge import combine, resolve, supporting_sources
from ..model import (
    CAMPS,
    CLAIM_QUALIFIERS,
    ORG_KINDS,
    PRODUCT_KINDS,
    LABELS,
    OPENNESS_COMPONENTS,
    REL_TYPES,
    CampStatement,
    RelProp,
    Claim,
    Dataset,
    Evidence,
    Organisation,
    Product,
    Relationship,
    RelType,
    Source,
    Statement,
)
from ..safe_files import MAX_TEXT_FILE_BYTES, read_bytes
from ..text import UNSAFE_RE, normalise, shown
from .fields import MAX_TEXT, _Record
from .files import SECTIONS


_SOURCE_FIELDS = ("id", "title", "publisher", "language", "published", "retrieved", "url", "description", "text_file")
_ORG_FIELDS = ("id", "name", "kind", "aliases", "country", "description", "camp", "source", "evidence")
_PRODUCT_FIELDS = ("id", "name", "kind", "aliases", "launched", "source", "evidence", "openness")
_CLAIM_FIELDS = ("id", "kind", "metric", "value", "unit", "year", "qualifier", "stated_by", "about", "evidence")
_REL_FIELDS = ("id", "type", "from", "to", "role", "kind", "since", "until", "evidence")
_FIELDS = {"sources": _SOURCE_FIELDS, "organisations": _ORG_FIELDS, "products": _PRODUCT_FIELDS,
           "claims": _CLAIM_FIELDS, "relationships": _REL_FIELDS}
_IN_DATABASE = "the graph it is loaded into"


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


# A reference to check once every file is read: the record, the relationship type (None when
# the type itself is invalid: then only existence is checked), and its ends as
# (field name for messages, id, "from" or "to"). Ends whose id was itself invalid are left out.
_Where: TypeAlias = "_Record | _Site"  # a record as the checks across records see it
_Ref = tuple[_Where, "str | None", "tuple[tuple[str, str, str], ...] | tuple[str, str]"]  # (site, type, ends: as
# (field, id, role) triples, or a valid relationship's (from, to) ids)


class _Builder:
    """Accumulates records of several files, with where each came from.

    Several records (in one file or several) may describe the same id: each becomes a part
    whose fields are :class:`~alliance_graph.model.Statement` of the sources it cites
    (see :mod:`alliance_graph.merge`), and the parts of one id are combined. A file (or a
    bulk CSV folder) holds what its own sources say: its evidence cites the sources it
    defines, so that loading it again replaces exactly what they said before.

    ``base`` is the graph the files are loaded into (a Neo4j database, or the built-in data of
    the embedded graph): references, kinds and names are checked against it as well.

    Every record whose id is valid declares it (``labels``), even when other fields of the
    record are wrong, so that references to it are not reported as unknown; the parts of
    a record that could be read (references, evidence) are checked by :meth:`cross_check`
    whether or not the record itself is valid. Only valid records enter ``ds``.
    """

    def __init__(self, base: Dataset | None = None) -> None:
        self.base = base or Dataset()
        self.ds = Dataset()
        self.problems: list[Problem] = []
        self.origin: dict[str, _Record | _Site] = {}  # id -> its first record (file, label, line)
        self.labels: dict[str, str] = {}  # id -> node label or "relationship", valid record or not
        self.rel_ends: dict[str, tuple | Relationship] = {}  # relationship id -> (type, from, to, where, line) of the
        # graph's, or the first relationship of the files (its record: origin)
        self.org_kinds: dict[str, str | None] = {}  # organisation id -> kind (None if invalid)
        self.source_texts: dict[str, str | None] = {}  # source id -> its text_file's text
        self.source_unit: dict[str, str] = {}  # source id -> the file (or CSV folder) defining it
        self.unit = ""  # the file (or CSV folder) being read
        self.names: list[tuple[str, tuple[str, ...]]] = []  # node id -> its readable name and aliases
        self.evidence_sites: list[tuple[_Where, tuple[Evidence, ...], str]] = []
        self.ref_sites: list[_Ref] = []
        self.fast_sites: list[_Site] = []  # the records of the CSV fast path (both kinds of site)
        self.said: dict[tuple[str, str, str], tuple[object, _Where]] = {}  # (id, field, source) -> first value
        self.identity: dict[tuple[str, str], tuple[object, _Record]] = {}  # (claim id, field) -> first value
        self.statements: dict[tuple, Statement] = {}  # (field, value, source) -> the one Statement of it
        self.interned: dict[str, str] = {}  # CSV values that repeat (ids, types, dates), one string each
        self.combined: set[str] = set()  # relationship ids described by more than one record
        self._good_dates: set[str] = set()  # dates the fast path found valid
        for section in ("organisations", "products", "claims"):
            for node_id in getattr(self.base, section):
                self.labels[node_id] = LABELS[section]
        for node_id in self.base.sources:
            self.labels[node_id] = "Source"
        for rel in self.base.relationships.values():
            self.labels[rel.id] = "relationship"
            self.rel_ends[rel.id] = (rel.type, rel.source, rel.target, _IN_DATABASE, None)
        self.org_kinds.update({o.id: o.kind for o in self.base.organisations.values()})

    def declare(self, rec: _Where, node_id: str | None, label: str) -> bool:
        """Register an id (valid record or not); False if the id is invalid or names another kind of thing."""
        if node_id is None:
            return False
        known = self.labels.get(node_id)
        if known is not None and known != label:
            if node_id in self.origin:
                first = self.origin[node_id]
                where = f"{first.label} at {_where(first.file, first.line)}"
            else:
                where = _IN_DATABASE
            what = "a relationship" if known == "relationship" else f"{'an' if known[0] in 'AEIOU' else 'a'} {known}"
            rec.error(f"id {node_id!r} is already {what} ({where}); an id names one thing across all files "
                      "and sections: choose another id")
            return False
        self.labels[node_id] = label
        self.origin.setdefault(node_id, rec)
        return True

    def read(self, path: Path, doc: dict) -> None:
        file = str(path)
        for section in SECTIONS:
            items = doc.get(section)
            if items is None:
                continue
            if not isinstance(items, list):
                self.problems.append(Problem(file, section, f"section {section!r} must be a list of records", getattr(doc, "line", None)))
                continue
            lines = getattr(items, "lines", [])
            for i, raw in enumerate(items):
                if not isinstance(raw, dict):  # a scalar or list has no line of its own: take the list's
                    _Record(file, section, i, raw, self.problems, _FIELDS[section], line=lines[i] if i < len(lines) else getattr(doc, "line", None))
                    continue
                getattr(self, "_" + section)(path, section, i, raw)

    # ----------------------------------------------------------------------- who says it

    def _attribution(self, rec: _Record, *evidence_lists, explicit: str | None = None) -> tuple[str, ...]:
        """The sources a record's fields are statements of: those its evidence cites (and its
        ``source`` field); with neither, the sources its file defines."""
        ids = [e.source for evidence in evidence_lists for e in evidence]
        if explicit:
            ids.append(explicit)
        if not ids:
            ids = [sid for sid, unit in self.source_unit.items() if unit == self.unit]
        if not ids:
            rec.error("no source says this: give it evidence (source and quote), or 'source: ID' naming "
                      "a source defined in this file")
        return tuple(dict.fromkeys(ids))

    def _statements(self, rec: _Where, node_id: str, sources: tuple[str, ...], values: dict) -> tuple[Statement, ...]:
        """Statements of ``sources`` for the fields given; a source giving one field two values is an error."""
        out = []
        for field, value in values.items():
            items = value if isinstance(value, tuple) else (value,)
            for v in items:
                if v is None:
                    continue
                for source in sources:
                    key = (field, v, source)
                    statement = self.statements.get(key)
                    if statement is None:  # one Statement object per (field, value, source), shared by records
                        statement = self.statements[key] = Statement(field, v, source)
                    out.append(statement)
                    if field in ("name", "alias", "description"):
                        continue
                    first = self.said.setdefault((node_id, field, source), (v, rec))
                    if first[0] != v:
                        other = first[1]
                        rec.error(f"source {source!r} gives {field!r} = {v!r} here but {first[0]!r} in {other.label} "
                                  f"at {_where(other.file, other.line)}; one source says one thing: fix one of them")
        return tuple(out)

    def _add(self, section: str, entity) -> None:
        items = getattr(self.ds, section)
        known = items.get(entity.id)
        if known is not None and section == "relationships":
            self.combined.add(entity.id)
        items[entity.id] = combine(known, entity)

    # ----------------------------------------------------------------------- sections

    def _sources(self, path: Path, section: str, i: int, raw: Any) -> None:
        rec = _Record(str(path), section, i, raw, self.problems, _SOURCE_FIELDS)
        if not rec.mapping:
            return
        sid = rec.ident()
        title = rec.str("title")
        language = rec.str("language")
        publisher = rec.str("publisher", required=False)
        published = rec.date("published")
        retrieved = rec.date("retrieved")
        url = rec.str("url", required=False, limit=MAX_TEXT)
        description = rec.str("description", required=False, limit=MAX_TEXT)
        text_file = rec.str("text_file", required=False)
        text = None
        if text_file:
            try:  # only a regular file in the dataset's own folder, not too big (SECURITY.md)
                text = read_bytes(path.parent / text_file, limit=MAX_TEXT_FILE_BYTES, inside=path.parent).decode("utf-8")
            except FileRefused as exc:
                rec.error(f"text_file {shown(text_file)} cannot be read: it {exc.reason}")
            except (OSError, UnicodeDecodeError) as exc:
                rec.error(f"text_file {shown(text_file)} cannot be read as UTF-8 next to the dataset ({exc.__class__.__name__}); fix the path")
        if sid is not None and sid in self.source_unit:
            first = self.origin[sid]
            rec.error(f"source {sid!r} is already defined by {first.label} at {_where(first.file, first.line)}; a source is defined "
                      "once, in the file that holds what it says")
            return
        if sid is not None and self.declare(rec, sid, "Source"):
            self.source_texts[sid] = text
            self.source_unit[sid] = self.unit
        if rec.ok:
            assert sid is not None and title is not None and language is not None  # read, as the record is ok
            self.ds.sources[sid] = Source(sid, title, language, publisher, published, url, description, text, retrieved)

    def _organisations(self, path: Path, section: str, i: int, raw: Any) -> None:
        rec = _Record(str(path), section, i, raw, self.problems, _ORG_FIELDS)
        if not rec.mapping:
            return
        oid = rec.ident()
        name = rec.str("name")
        kind = rec.choice("kind", ORG_KINDS)
        aliases = rec.strings("aliases")
        country = rec.str("country", required=False)
        description = rec.str("description", required=False, limit=MAX_TEXT)
        explicit = rec.ident("source", required=False)
        evidence = rec.evidence(required=False)
        camp = None
        camp_statements: tuple[Statement, ...] = ()
        raw_camp = rec.raw.get("camp")
        if raw_camp is not None:
            if not isinstance(raw_camp, dict):
                rec.error("field 'camp' must be a mapping {value: open|closed|none, evidence: [...]}; leave it out to let the rules infer the camp")
            else:
                sub = _Record(str(path), section, i, raw_camp, self.problems, ("value", "evidence"),
                              label=rec.label + " camp", line=getattr(raw_camp, "line", None) or rec.line)
                value = sub.choice("value", CAMPS)
                cev = sub.evidence()
                self.evidence_sites.append((sub, cev, self.unit))
                if sub.ok and oid is not None:
                    assert value is not None  # read, as the record is ok
                    camp = CampStatement(value, cev)
                    camp_statements = self._statements(sub, oid, _sources_of(cev), {"camp": value})
                if not sub.ok:
                    rec.ok = False
        if oid is not None and self.declare(rec, oid, "Organisation"):
            self.org_kinds.setdefault(oid, kind)
            self.names.append((oid, (name, *aliases) if name else aliases))
        self.evidence_sites.append((rec, evidence, self.unit))
        if rec.ok:
            assert oid is not None and name is not None and kind is not None  # read, as the record is ok
            sources = self._attribution(rec, evidence, camp.evidence if camp else (), explicit=explicit)
            statements = self._statements(rec, oid, sources, {"name": name, "alias": aliases, "kind": kind,
                                                              "country": country, "description": description})
            if rec.ok:
                self._add(section, Organisation(oid, name, kind, aliases, country, description, camp, evidence,
                                                statements + camp_statements))

    def _products(self, path: Path, section: str, i: int, raw: Any) -> None:
        rec = _Record(str(path), section, i, raw, self.problems, _PRODUCT_FIELDS)
        if not rec.mapping:
            return
        pid = rec.ident()
        name = rec.str("name")
        kind = rec.choice("kind", PRODUCT_KINDS)
        aliases = rec.strings("aliases")
        launched = rec.date("launched")
        explicit = rec.ident("source", required=False)
        evidence = rec.evidence(required=False)
        components = self._openness(path, section, i, rec, pid)
        if pid is not None and self.declare(rec, pid, "Product"):
            self.names.append((pid, (name, *aliases) if name else aliases))
        self.evidence_sites.append((rec, evidence, self.unit))
        if rec.ok:
            assert pid is not None and name is not None and kind is not None  # read, as the record is ok
            sources = self._attribution(rec, evidence, *(cev for _c, _v, cev in components), explicit=explicit)
            statements = self._statements(rec, pid, sources, {"name": name, "alias": aliases, "kind": kind,
                                                              "launched": launched})
            for component, value, cev in components:  # a component is a statement of the sources quoted for it
                statements += self._statements(rec, pid, _sources_of(cev), {component: value})
            if rec.ok:
                self._add(section, Product(pid, name, kind, aliases, launched, evidence, statements,
                                           openness_evidence=tuple((c, e) for c, _v, cev in components for e in cev)))

    def _openness(self, path: Path, section: str, i: int, rec: _Record, pid: str | None):
        """A product's ``openness`` mapping: [(component, value, evidence)], each checked against
        OPENNESS_COMPONENTS (problems go to ``rec``)."""
        raw = rec.raw.get("openness")
        if raw is None:
            return []
        names = ", ".join(OPENNESS_COMPONENTS)
        if not isinstance(raw, dict):
            rec.error(f"field 'openness' must be a mapping of components ({names}) to {{value, evidence}}")
            return []
        out = []
        for component, item in raw.items():
            spec = OPENNESS_COMPONENTS.get(component) if isinstance(component, str) else None
            if spec is None:
                rec.error(f"openness: unknown component {component!r}; the components are: {names}")
                continue
            sub = _Record(str(path), section, i, item, self.problems, ("value", "evidence"),
                          label=f"{rec.label} openness {component}", line=getattr(item, "line", None) or rec.line)
            if not sub.mapping:
                rec.ok = False
                continue
            value = sub.choice("value", spec.values) if spec.values else sub.str("value")
            cev = sub.evidence()
            self.evidence_sites.append((sub, cev, self.unit))
            if not sub.ok:
                rec.ok = False
            elif value is not None:
                out.append((component, value, cev))
        return out

    def _claims(self, path: Path, section: str, i: int, raw: Any) -> None:
        rec = _Record(str(path), section, i, raw, self.problems, _CLAIM_FIELDS)
        if not rec.mapping:
            return
        cid = rec.ident()
        kind = rec.choice("kind", ("forecast", "figure"), default="figure")
        metric = rec.str("metric")
        value = rec.number("value")
        unit = rec.str("unit")
        year = rec.year("year")
        qualifier = rec.choice("qualifier", CLAIM_QUALIFIERS, default="exact")
        stated_by = rec.ident("stated_by", required=False)
        about = rec.ident("about", required=False)
        evidence = rec.evidence()
        self.declare(rec, cid, "Claim")
        self.evidence_sites.append((rec, evidence, self.unit))
        if stated_by:
            self.ref_sites.append((rec, "states", (("stated_by", stated_by, "from"),)))
        if about:
            self.ref_sites.append((rec, "about", (("about", about, "to"),)))
        if rec.ok:
            assert cid is not None and metric is not None and value is not None and unit is not None  # read: ok
            assert kind is not None and qualifier is not None  # (defaults when not given)
            for field, v in (("metric", metric), ("unit", unit), ("year", year)):
                first = self.identity.setdefault((cid, field), (v, rec))
                if first[0] != v:
                    other = first[1]
                    rec.error(f"claim {cid!r} has {field} {first[0]!r} in {other.label} at {_where(other.file, other.line)} "
                              f"but {v!r} here; a claim id names one measure (metric, unit, year): use another id")
            given = {"kind": kind if rec.raw.get("kind") is not None else None, "metric": metric, "value": value,
                     "unit": unit, "year": year, "qualifier": qualifier if rec.raw.get("qualifier") is not None else None}
            statements = self._statements(rec, cid, _sources_of(evidence), given)
            if not rec.ok:
                return
            self._add(section, Claim(cid, metric, value, unit, year, qualifier, evidence, stated_by, about, kind, statements))
            for rtype, a, b in (("states", stated_by, cid), ("about", cid, about)):
                if a and b:
                    self._add_rel(rec, Relationship(f"{rtype}:{a}:{b}", rtype, a, b, evidence))

    def _relationships(self, path: Path, section: str, i: int, raw: Any) -> None:
        rec = _Record(str(path), section, i, raw, self.problems, _REL_FIELDS)
        if not rec.mapping:
            return
        rtype = rec.choice("type", tuple(REL_TYPES))
        src = rec.ident("from")
        dst = rec.ident("to")
        rt = REL_TYPES.get(rtype) if rtype else None
        if rt is not None and rt.claim_field:
            fields = " / ".join(t.claim_field for t in REL_TYPES.values() if t.claim_field)
            rec.error(f"type {rtype!r} is written by the 'claims' section ({fields}), not as a relationship")
        props = _rel_props(rec, rt)
        since, until = props.get("since"), props.get("until")
        if since and until and until != UNKNOWN_END and until < since:
            rec.error(f"'until' ({until}) is before 'since' ({since})")
        evidence = rec.evidence()
        rid = rec.ident("id", required=False)
        if src and dst and src == dst:
            what = f"a {rtype} relationship" if rtype else "a relationship"
            rec.error(f"{what} from {src!r} to itself is meaningless; check 'from' and 'to'")
        if rec.ok:
            assert rt is not None and rtype is not None and src is not None and dst is not None  # read: ok
            self.ref_sites.append((rec, rtype, (src, dst)))  # (both ends: stored as ids, see cross_check)
            self.evidence_sites.append((rec, evidence, self.unit))
            if rt.symmetric and dst < src:  # one direction for a symmetric fact, whoever states it
                src, dst = dst, src
            rid = rid or f"{rtype}:{src}:{dst}"
            given = {k: v for k, v in props.items() if rec.raw.get(k) is not None}
            statements = self._statements(rec, rid, _sources_of(evidence), given)
            self._add_rel(rec, Relationship(rid, rtype, src, dst, evidence, role=props.get("role"), kind=props.get("kind"),
                                             since=since, until=until, statements=statements))
            return
        self.evidence_sites.append((rec, evidence, self.unit))
        ends = tuple((end, node_id, end) for end, node_id in (("from", src), ("to", dst)) if node_id)
        if src and src == dst:
            ends = ends[:1]
        if ends:
            self.ref_sites.append((rec, None if rtype in ("states", "about") else rtype, ends))

    def _add_rel(self, rec: _Where, rel: Relationship) -> None:
        """Add a valid relationship (its ends and evidence are queued for :meth:`cross_check` by the caller)."""
        if not self.declare(rec, rel.id, "relationship"):
            return
        stored = self.rel_ends.setdefault(rel.id, rel)
        if stored is rel:
            known: tuple = ()
        elif isinstance(stored, Relationship):
            first = self.origin[rel.id]  # (the record that declared the id gave its ends)
            known = (stored.type, stored.source, stored.target, first.file, first.line)
        else:
            known = stored
        if known and known[:3] != (rel.type, rel.source, rel.target):
            rec.error(f"relationship id {rel.id!r} is a {known[0]} from {known[1]!r} to {known[2]!r} at {_where(*known[3:])}; "
                      f"here a {rel.type} from {rel.source!r} to {rel.target!r}: one id is one relationship, use another id")
            return
        if rec.ok:
            self._add("relationships", rel)

    # ----------------------------------------------------------------------- the bulk CSV fast path

    def fast_csv(self, file: str, section: str, header: list[str]):
        """A reader of the plainly valid rows of one bulk CSV file (``fast(index, line, values)``: True
        when the row was taken, as the careful path would take it), or None when the file's columns
        call for the careful path. A row it does not take goes through the careful path, which
        reports its problems: the fast path only ever accepts what the careful path accepts, with
        the same result, so the problems reported do not depend on it."""
        if not self.fast or section != "relationships" or len(set(header)) != len(header) \
                or not set(header) <= set(_REL_CSV):
            return None
        return self._fast_relationships(file, header)

    fast = True  # (tests compare the two paths)

    def _fast_relationships(self, file: str, header: list[str]):
        from operator import itemgetter

        width = len(header)
        pad = [""] if len(header) < len(_REL_CSV) else []
        get = itemgetter(*(header.index(c) if c in header else width for c in _REL_CSV))
        specs = {}  # type -> its properties, in the careful path's order: (name, RelProp or None)
        for name, rt in REL_TYPES.items():
            if rt.claim_field is None:
                specs[name] = (rt, tuple((prop, props[name]) for prop, _types, props in _declared()))
        share = self.interned.setdefault
        good_dates = self._good_dates
        problems, unit = self.problems, self.unit
        sites, statements = self.fast_sites, self._statements
        is_id = _PLAIN_ID.fullmatch
        unsafe = UNSAFE_RE.search

        def fast(i: int, line: int, row: list[str]) -> bool:
            if len(row) != width:
                return False
            rid, rtype, src, dst, role, kind, since, until, source, quote, via = get(row + pad if pad else row)
            spec = specs.get(rtype)
            if spec is None or not is_id(src) or not is_id(dst) or src == dst or (rid and not is_id(rid)) \
                    or not source or not quote or len(quote) > MAX_TEXT or not quote.strip() or unsafe(quote):
                return False
            rt, declared = spec
            values = {"role": role, "kind": kind, "since": since, "until": until}
            props: dict[str, str | None] = {}
            given = {}
            for name, prop in declared:
                v = values[name]
                if prop is None:
                    if v:
                        return False
                    continue
                if not v:
                    props[name] = prop.default
                    continue
                if prop.values:
                    if v not in prop.values:
                        return False
                elif v not in good_dates and not (name == "until" and v == UNKNOWN_END):
                    if not _plain_date(v):
                        return False
                    good_dates.add(v)
                props[name] = given[name] = share(v, v)
            since, until = props.get("since"), props.get("until")
            if since and until and until != UNKNOWN_END and until < since:
                return False
            rtype, src, dst, source = share(rtype, rtype), share(src, src), share(dst, dst), share(source, source)
            raw_id = share(rid, rid) if rid else None
            evidence = (Evidence(source, quote, share(via, via) if via else None),)
            site = _Site(file, i, line, raw_id, rtype, src, dst, evidence, unit, problems)
            sites.append(site)  # (its ends and evidence: checked across records, as a careful record's are)
            if rt.symmetric and dst < src:
                src, dst = dst, src
            rid = raw_id or f"{rtype}:{src}:{dst}"
            self._add_rel(site, Relationship(rid, rtype, src, dst, evidence, role=props.get("role"), kind=props.get("kind"),
                                             since=since, until=until, statements=statements(site, rid, (source,), given)))
            return True

        return fast

    # ----------------------------------------------------------------------- cross-record checks

    def cross_check(self) -> None:
        """Checks across records (references, quotes, sources, name collisions) of every record read,
        valid or not; a part that was itself invalid was not queued, so it is not reported twice."""
        labels = self.labels
        ref_sites = chain(self.ref_sites, ((site, site.type, (site.start, site.end)) for site in self.fast_sites))
        for rec, rtype, ends in ref_sites:
            sites: tuple[tuple[str, str, str], ...]
            if isinstance(ends[0], str):  # a valid relationship's (from, to)
                sites = (("from", ends[0], "from"), ("to", str(ends[1]), "to"))
            else:
                sites = ends
            rt = REL_TYPES.get(rtype) if rtype else None
            for field, node_id, end in sites:
                label = labels.get(node_id)
                if label is None:
                    rec.error(f"'{field}' refers to unknown id {node_id!r}; define it (in any loaded file, or load it "
                              "into the graph first) or fix the id")
                elif rt is not None:
                    allowed = rt.from_labels if end == "from" else rt.to_labels
                    if label not in allowed:
                        rec.error(f"'{field}' of a {rt.name} relationship must be a {' or '.join(allowed)}, but {node_id!r} is a {label}")
                if rt is not None and rt.to_kinds and end == "to" and label == "Organisation":
                    kind = self.org_kinds.get(node_id)
                    if kind is not None and kind not in rt.to_kinds:
                        rec.error(f"{rt.name} must point to an organisation of kind {' or '.join(map(repr, rt.to_kinds))}; "
                                  f"{node_id!r} is a {kind}")
        squashed = {sid: _squash(text) for sid, text in self.source_texts.items() if text is not None}
        evidence_sites = chain(self.evidence_sites, ((site, site.evidence, site.unit) for site in self.fast_sites))
        for rec, evidence, unit in evidence_sites:
            for ev in evidence:
                if ev.source in self.source_unit:
                    if self.source_unit[ev.source] != unit:
                        rec.error(f"evidence cites source {ev.source!r}, defined in {self.source_unit[ev.source]}; a file "
                                  "holds what its own sources say (a reload replaces exactly that): move this quote "
                                  "to that file, or define its source here")
                    elif ev.source in squashed and _squash(ev.quote) not in squashed[ev.source]:
                        rec.error(f"quote not found verbatim in source {ev.source!r}: {ev.quote[:80]!r}; copy it exactly (typographic apostrophes ’ and quotes « » “ ” included)")
                elif ev.source in self.base.sources:
                    rec.error(f"evidence cites source {ev.source!r}, which is already in {_IN_DATABASE}; a file holds "
                              "what its own sources say: add this to the file that defines it and load that file again")
                else:
                    label = labels.get(ev.source)
                    what = f"{ev.source!r}, which is a {label}, not a source" if label else f"unknown source {ev.source!r}"
                    rec.error(f"evidence names {what}; add it to 'sources' or fix the id")
                if ev.via is not None and labels.get(ev.via) != "Organisation":
                    rec.error(f"evidence 'via' names {ev.via!r}, which is not an organisation id")
        self._check_base_identity()
        self._check_names()

    def _check_base_identity(self) -> None:
        """A claim loaded again must measure what the graph's claim of that id measures."""
        for cid, claim in self.ds.claims.items():
            old = self.base.claims.get(cid)
            if old is None or set(supporting_sources(old)) <= set(self.ds.sources):
                continue
            for field in ("metric", "unit", "year"):
                if getattr(old, field) != getattr(claim, field):
                    first = self.origin[cid]
                    self.problems.append(Problem(first.file, first.label, f"claim {cid!r} has {field} {getattr(old, field)!r} in "
                                                 f"{_IN_DATABASE} but {getattr(claim, field)!r} here; a claim id names one "
                                                 "measure (metric, unit, year): use another id", first.line))

    def _check_names(self) -> None:
        """A name (folded) of two ids is an error naming the other id; a near match is a warning."""
        from .near_names import near_matches

        owner: dict[str, str] = {}
        for section in ("organisations", "products"):
            for entity in getattr(self.base, section).values():
                for text in (entity.name, *entity.aliases):
                    owner.setdefault(normalise(text), entity.id)
        incoming: dict[str, tuple[str, ...]] = {}
        for node_id, texts in self.names:
            incoming[node_id] = (*incoming.get(node_id, ()), *texts)
            for text in texts:
                key = normalise(text)
                other = owner.setdefault(key, node_id)
                if other != node_id:
                    first = self.origin[node_id]
                    self.problems.append(Problem(first.file, first.label, f"name or alias {text!r} is also a name or alias of {other!r}; "
                                                 f"names must tell entities apart: did you mean `{other}`? (use that id "
                                                 "to add to what is known about it)", first.line))
        new = {node_id: texts for node_id, texts in incoming.items()
               if node_id not in self.base.organisations and node_id not in self.base.products}
        for node_id, text, others in near_matches(new, owner):
            first = self.origin[node_id]
            self.ds.warnings.append(Problem(first.file, first.label, f"name {text!r} is close to " + ", ".join(
                f"{name!r} (id {oid})" for oid, name in others) + "; if it is the same organisation, use that id", first.line))

    def finish(self) -> Dataset:
        """The dataset of the files read, every id's parts combined and resolved."""
        sources = {**self.base.sources, **self.ds.sources}
        for section in ("organisations", "products", "claims", "relationships"):
            items = getattr(self.ds, section)
            for key, entity in items.items():
                if section == "relationships" and key not in self.combined and _resolved(entity):
                    continue
                items[key] = resolve(entity, sources)
        return self.ds


def _resolved(rel: Relationship) -> bool:
    """Is a relationship of one record already what :func:`~alliance_graph.merge.resolve` would make
    of it? So when one source says it all (one piece of evidence): its statements are one per field
    (see :meth:`_Builder._statements`), none disputed, its properties those values or their defaults."""
    if len(rel.evidence) != 1 or rel.disputed:
        return False
    source = rel.evidence[0].source
    return all(s.source == source for s in rel.statements)


def _sources_of(evidence) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.source for e in evidence))


def _rel_props(rec: _Record, rt: RelType | None) -> dict[str, str | None]:
    """The properties of a relationship record, by the rules its type declares in
    ``model.REL_TYPES`` (``RelType.props``): allowed values and default of a text
    property, a date otherwise. A property its type does not declare is an error that
    names the types that do. Of a record whose type is unknown (or written by the claims
    section), each property is read by the first type declaring it, so a bad value is
    still reported and nothing else is."""
    if rt is not None and rt.claim_field:
        rt = None
    out: dict[str, str | None] = {}
    for name, types, props in _declared():
        prop = props.get(rt.name) if rt is not None else props[types[0].name]
        if prop is None:
            if rec.raw.get(name) is not None:
                rec.error(f"field {name!r} only applies to {_or_list([t.name for t in types])} relationships")
            continue
        if prop.is_date and name == "until" and rec.raw.get(name) == UNKNOWN_END:
            out[name] = UNKNOWN_END  # ended, date unknown (see alliance_graph/dates.py)
            continue
        out[name] = rec.date(name) if prop.is_date else rec.choice(name, prop.values, required=False,
                                                                   default=prop.default)
    return out


def _declared() -> list[tuple[str, list[RelType], dict[str, RelProp | None]]]:
    """Each relationship property, the types declaring it (in REL_TYPES order) and its RelProp per type;
    worked out once per REL_TYPES (tests may add types)."""
    key = tuple(REL_TYPES.values())
    if _DECLARED[0] != key:
        declared: dict[str, list[RelType]] = {}
        for t in REL_TYPES.values():
            for p in t.props:
                declared.setdefault(p.name, []).append(t)
        _DECLARED[:] = [key, [(name, types, {t.name: t.prop(name) for t in REL_TYPES.values()})
                              for name, types in declared.items()]]
    return _DECLARED[1]


_DECLARED: list = [None, []]


def _or_list(names: list[str]) -> str:
    """``member-of``, ``member-of and cites``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _squash(text: str) -> str:
    """White space folded, and the characters quotes may not hold (zero-width, bidirectional
    controls) dropped, so that a quote is found in a text that holds them."""
    return " ".join(UNSAFE_RE.sub("", text).split())




_REL_CSV = ("id", "type", "from", "to", "role", "kind", "since", "until", "source", "quote", "via")  # its columns
_PLAIN_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")  # (fullmatch: an id without spaces around it)
_PLAIN_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _plain_date(value: str) -> bool:
    """A date the careful path (:meth:`_Record.date`) accepts as it is."""
    match = _PLAIN_DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = match.groups()
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return 1800 <= int(year) <= 2100


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
