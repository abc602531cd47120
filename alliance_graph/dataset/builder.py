"""Records of several files combined into one :class:`~alliance_graph.model.Dataset`, and the
checks across records (references, quotes, names), run once every file is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import (
    CAMPS,
    CLAIM_QUALIFIERS,
    ORG_KINDS,
    PRODUCT_KINDS,
    REL_TYPES,
    CampStatement,
    Claim,
    Dataset,
    Evidence,
    Organisation,
    Product,
    Relationship,
    RelType,
    Source,
)
from ..text import normalise
from .fields import MAX_TEXT, _Record
from .files import SECTIONS


_SOURCE_FIELDS = ("id", "title", "publisher", "language", "published", "url", "description", "text_file")
_ORG_FIELDS = ("id", "name", "kind", "aliases", "country", "description", "camp", "evidence")
_PRODUCT_FIELDS = ("id", "name", "kind", "aliases", "launched", "evidence")
_CLAIM_FIELDS = ("id", "kind", "metric", "value", "unit", "year", "qualifier", "stated_by", "about", "evidence")
_REL_FIELDS = ("id", "type", "from", "to", "role", "kind", "since", "until", "evidence")
_FIELDS = {"sources": _SOURCE_FIELDS, "organisations": _ORG_FIELDS, "products": _PRODUCT_FIELDS,
           "claims": _CLAIM_FIELDS, "relationships": _REL_FIELDS}


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


# A reference to check once every file is read: the record, the relationship type (None when
# the type itself is invalid: then only existence is checked), and its ends as
# (field name for messages, id, "from" or "to"). Ends whose id was itself invalid are left out.
_Ref = tuple["_Record", "str | None", "tuple[tuple[str, str, str], ...]"]


class _Builder:
    """Accumulates records of several files, with where each came from.

    Every record whose id is valid declares it (``labels``), even when other fields of the
    record are wrong, so that references to it are not reported as unknown; the parts of
    a record that could be read (references, evidence) are checked by :meth:`cross_check`
    whether or not the record itself is valid. Only valid records enter ``ds``.
    """

    def __init__(self) -> None:
        self.ds = Dataset()
        self.problems: list[Problem] = []
        self.origin: dict[str, tuple[str, str, int | None]] = {}  # id -> (file, record label, line)
        self.labels: dict[str, str] = {}  # node id -> node label, valid record or not
        self.org_kinds: dict[str, str | None] = {}  # organisation id -> kind (None if invalid)
        self.source_texts: dict[str, str | None] = {}  # source id -> its text_file's text
        self.names: list[tuple[str, tuple[str, ...]]] = []  # node id -> its readable name and aliases
        self.evidence_sites: list[tuple[_Record, tuple[Evidence, ...]]] = []
        self.ref_sites: list[_Ref] = []

    def claim_id(self, rec: _Record, node_id: str, label: str | None = None) -> bool:
        if node_id in self.origin:
            file, other, line = self.origin[node_id]
            rec.error(f"duplicate id {node_id!r}: already used by {other} at {_where(file, line)}; ids must be unique across all files and sections")
            return False
        self.origin[node_id] = (rec.file, rec.label, rec.line)
        if label is not None:
            self.labels[node_id] = label
        return True

    def declare(self, rec: _Record, node_id: str | None, label: str) -> bool:
        """Register a node's id (valid record or not); False if the id is invalid or taken."""
        return node_id is not None and self.claim_id(rec, node_id, label)

    def read(self, path: Path, doc: dict) -> None:
        file = str(path)
        for section in SECTIONS:
            items = doc.get(section)
            if items is None:
                continue
            if not isinstance(items, list):
                self.problems.append(Problem(file, section, f"section {section!r} must be a list of records", doc.line))
                continue
            lines = getattr(items, "lines", [])
            for i, raw in enumerate(items):
                if not isinstance(raw, dict):  # a scalar or list has no line of its own: take the list's
                    _Record(file, section, i, raw, self.problems, _FIELDS[section], line=lines[i] if i < len(lines) else doc.line)
                    continue
                getattr(self, "_" + section)(path, section, i, raw)

    def _sources(self, path: Path, section: str, i: int, raw: Any) -> None:
        rec = _Record(str(path), section, i, raw, self.problems, _SOURCE_FIELDS)
        if not rec.mapping:
            return
        sid = rec.ident()
        title = rec.str("title")
        language = rec.str("language")
        publisher = rec.str("publisher", required=False)
        published = rec.date("published")
        url = rec.str("url", required=False, limit=MAX_TEXT)
        description = rec.str("description", required=False, limit=MAX_TEXT)
        text_file = rec.str("text_file", required=False)
        text = None
        if text_file:
            tpath = (path.parent / text_file)
            try:
                text = tpath.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                rec.error(f"text_file {text_file!r} cannot be read as UTF-8 next to the dataset ({exc.__class__.__name__}); fix the path")
        if self.declare(rec, sid, "Source"):
            self.source_texts[sid] = text
        if rec.ok:
            self.ds.sources[sid] = Source(sid, title, language, publisher, published, url, description, text)

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
        evidence = rec.evidence(required=False)
        camp = None
        raw_camp = rec.raw.get("camp")
        if raw_camp is not None:
            if not isinstance(raw_camp, dict):
                rec.error("field 'camp' must be a mapping {value: open|closed|none, evidence: [...]}; leave it out to let the rules infer the camp")
            else:
                sub = _Record(str(path), section, i, raw_camp, self.problems, ("value", "evidence"),
                              label=rec.label + " camp", line=getattr(raw_camp, "line", None) or rec.line)
                value = sub.choice("value", CAMPS)
                cev = sub.evidence()
                self.evidence_sites.append((sub, cev))
                if sub.ok:
                    camp = CampStatement(value, cev)
                else:
                    rec.ok = False
        if self.declare(rec, oid, "Organisation"):
            self.org_kinds[oid] = kind
            self.names.append((oid, (name, *aliases) if name else aliases))
        self.evidence_sites.append((rec, evidence))
        if rec.ok:
            self.ds.organisations[oid] = Organisation(oid, name, kind, aliases, country, description, camp, evidence)

    def _products(self, path: Path, section: str, i: int, raw: Any) -> None:
        rec = _Record(str(path), section, i, raw, self.problems, _PRODUCT_FIELDS)
        if not rec.mapping:
            return
        pid = rec.ident()
        name = rec.str("name")
        kind = rec.choice("kind", PRODUCT_KINDS)
        aliases = rec.strings("aliases")
        launched = rec.date("launched")
        evidence = rec.evidence(required=False)
        if self.declare(rec, pid, "Product"):
            self.names.append((pid, (name, *aliases) if name else aliases))
        self.evidence_sites.append((rec, evidence))
        if rec.ok:
            self.ds.products[pid] = Product(pid, name, kind, aliases, launched, evidence)

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
        self.evidence_sites.append((rec, evidence))
        if stated_by:
            self.ref_sites.append((rec, "states", (("stated_by", stated_by, "from"),)))
        if about:
            self.ref_sites.append((rec, "about", (("about", about, "to"),)))
        if rec.ok:
            self.ds.claims[cid] = Claim(cid, metric, value, unit, year, qualifier, evidence, stated_by, about, kind)
            for rtype, a, b in (("states", stated_by, cid), ("about", cid, about)):
                if a and b:
                    self._add_rel(rec, Relationship(f"{rtype}:{a}:{b}", rtype, a, b, evidence), checks=False)

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
        if since and until and until < since:
            rec.error(f"'until' ({until}) is before 'since' ({since})")
        evidence = rec.evidence()
        rid = rec.ident("id", required=False)
        if src and dst and src == dst:
            what = f"a {rtype} relationship" if rtype else "a relationship"
            rec.error(f"{what} from {src!r} to itself is meaningless; check 'from' and 'to'")
        if rec.ok:
            self._add_rel(rec, Relationship(rid or f"{rtype}:{src}:{dst}", rtype, src, dst, evidence, **props))
            return
        self.evidence_sites.append((rec, evidence))
        ends = tuple((end, node_id, end) for end, node_id in (("from", src), ("to", dst)) if node_id)
        if src and src == dst:
            ends = ends[:1]
        if ends:
            self.ref_sites.append((rec, None if rtype in ("states", "about") else rtype, ends))

    def _add_rel(self, rec: _Record, rel: Relationship, checks: bool = True) -> None:
        """Add a valid relationship; ``checks`` queues its ends and evidence for :meth:`cross_check`."""
        if checks:
            self.ref_sites.append((rec, rel.type, (("from", rel.source, "from"), ("to", rel.target, "to"))))
            self.evidence_sites.append((rec, rel.evidence))
        if REL_TYPES[rel.type].symmetric:
            mirror = f"{rel.type}:{rel.target}:{rel.source}"
            if mirror in self.ds.relationships and mirror != rel.id:
                file, label, line = self.origin[mirror]
                rec.error(f"duplicate: {rel.type} is symmetric and {label} ({_where(file, line)}) already links {rel.target!r} and {rel.source!r}")
                return
        if not self.claim_id(rec, rel.id):
            return
        self.ds.relationships[rel.id] = rel

    # ----------------------------------------------------------------------- cross-record checks

    def cross_check(self) -> None:
        """Checks across records (references, quotes, name collisions) of every record read,
        valid or not; a part that was itself invalid was not queued, so it is not reported twice."""
        labels = self.labels
        for rec, rtype, ends in self.ref_sites:
            rt = REL_TYPES.get(rtype) if rtype else None
            for field, node_id, end in ends:
                label = labels.get(node_id)
                if label is None:
                    rec.error(f"'{field}' refers to unknown id {node_id!r}; define it (in any loaded file) or fix the id")
                elif rt is not None:
                    allowed = rt.from_labels if end == "from" else rt.to_labels
                    if label not in allowed:
                        rec.error(f"'{field}' of a {rt.name} relationship must be a {' or '.join(allowed)}, but {node_id!r} is a {label}")
                if rtype == "member-of" and end == "to" and label == "Organisation":
                    kind = self.org_kinds.get(node_id)
                    if kind is not None and kind != "alliance":
                        rec.error(f"member-of must point to an organisation of kind 'alliance'; {node_id!r} is a {kind}")
        squashed = {sid: _squash(text) for sid, text in self.source_texts.items() if text is not None}
        for rec, evidence in self.evidence_sites:
            for ev in evidence:
                if ev.source not in self.source_texts:
                    label = labels.get(ev.source)
                    what = f"{ev.source!r}, which is a {label}, not a source" if label else f"unknown source {ev.source!r}"
                    rec.error(f"evidence names {what}; add it to 'sources' or fix the id")
                elif ev.source in squashed and _squash(ev.quote) not in squashed[ev.source]:
                    rec.error(f"quote not found verbatim in source {ev.source!r}: {ev.quote[:80]!r}; copy it exactly (typographic apostrophes ’ and quotes « » “ ” included)")
                if ev.via is not None and labels.get(ev.via) != "Organisation":
                    rec.error(f"evidence 'via' names {ev.via!r}, which is not an organisation id")
        keys: dict[str, str] = {}
        for node_id, texts in self.names:
            for text in texts:
                key = normalise(text)
                other = keys.setdefault(key, node_id)
                if other != node_id:
                    file, label, line = self.origin[node_id]
                    self.problems.append(Problem(file, label, f"name or alias {text!r} is also a name or alias of {other!r}; names must tell entities apart", line))


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
    declared: dict[str, list[RelType]] = {}
    for t in REL_TYPES.values():
        for p in t.props:
            declared.setdefault(p.name, []).append(t)
    for name, types in declared.items():
        prop = rt.prop(name) if rt is not None else types[0].prop(name)
        if prop is None:
            if rec.raw.get(name) is not None:
                rec.error(f"field {name!r} only applies to {_or_list([t.name for t in types])} relationships")
            continue
        out[name] = rec.date(name) if prop.is_date else rec.choice(name, prop.values, required=False,
                                                                   default=prop.default)
    return out


def _or_list(names: list[str]) -> str:
    """``member-of``, ``member-of and cites``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _squash(text: str) -> str:
    return " ".join(text.split())


