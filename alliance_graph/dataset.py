"""Reading and validating dataset files (YAML) into a :class:`~alliance_graph.model.Dataset`.

Validation happens before anything is written anywhere. Every problem of every
file is collected, each naming the file, the record and (where YAML tells) the
line, and raised together as one :class:`~alliance_graph.errors.DatasetError`.
A record with a field error still declares its id (so references to it are not
called unknown) and its references and quotes are still checked: one run reports
everything, with no knock-on noise from what was already reported.

The file format is documented in ``docs/dataset-format.md``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from . import _resources
from .errors import DatasetError, Problem
from .model import (
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
from .text import normalise

__all__ = ["load_dataset", "default_dataset_paths", "read_dataset_files"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
MAX_NAME = 200
MAX_TEXT = 2000
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 200  # per CSV file; past that the file is clearly wrong as a whole and reading stops
SECTIONS = ("sources", "organisations", "products", "claims", "relationships")
TOP_LEVEL = ("dataset", "description", *SECTIONS)


def default_dataset_paths() -> list[Path]:
    """The dataset files shipped with the package (the AI Alliance article)."""
    return [_resources.data_dir() / "ai-alliance-article.yaml"]


# --------------------------------------------------------------------------- YAML with lines


class _LineDict(dict):
    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings remember the line they start on."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} in one record", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


class _LineList(list):
    lines: list[int] = []  # the line of each item


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    items = _LineList(loader.construct_sequence(node, deep=True))
    items.lines = [item.start_mark.line + 1 for item in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay text (YYYY-MM-DD); the date check below validates them with a message of its own.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


BULK_FILES = {"sources": "sources.csv", "organisations": "organisations.csv", "relationships": "relationships.csv"}
_LIST_SEP = "|"


def _csv_records(folder: Path, section: str, problems: list[Problem]):
    """Stream one CSV file of the bulk form as raw records shaped like YAML records (with .line)."""
    import csv

    path = folder / BULK_FILES[section]
    if not path.exists():
        return
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                raw = _LineDict()
                raw.line = reader.line_num
                for key, value in row.items():
                    if key is None:
                        problems.append(Problem(str(path), f"{section} line {reader.line_num}", "more fields than header columns; quote fields that contain commas", reader.line_num))
                        continue
                    if value not in (None, ""):
                        raw[key] = value
                ev = {k: raw.pop(k) for k in ("source", "quote", "via") if k in raw}
                if ev:
                    raw["evidence"] = [ev]
                camp = {k[5:]: raw.pop(k) for k in ("camp_source", "camp_quote", "camp_via") if k in raw}
                if "camp" in raw:
                    value = _LineDict(value=raw["camp"])
                    value.line = raw.line
                    if camp:
                        value["evidence"] = [camp]
                    raw["camp"] = value
                if "aliases" in raw:
                    raw["aliases"] = [a for a in raw["aliases"].split(_LIST_SEP) if a]
                for key in ("value", "year"):
                    if key in raw:
                        try:
                            raw[key] = int(raw[key]) if raw[key].lstrip("-").isdigit() else float(raw[key])
                        except ValueError:
                            pass
                yield raw
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"))
    except OSError as exc:
        problems.append(Problem(str(path), "", f"cannot be read ({exc.strerror}); check its permissions"))


def _parse_file(path: Path, problems: list[Problem]) -> dict | None:
    name = str(path)
    try:
        if path.is_dir():
            problems.append(Problem(name, "", "is a directory, not a dataset file: name the .yaml files inside it, "
                                    "or give a folder holding the bulk CSV files (" + ", ".join(BULK_FILES.values()) + ")"))
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(name, "", f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit for YAML; use the bulk CSV form"))
            return None
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, "", "file not found; check the path"))
        return None
    except OSError as exc:
        problems.append(Problem(name, "", f"cannot be read ({exc.strerror}); check its permissions"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", line))
        return None
    if not text.strip():
        problems.append(Problem(name, "", "file is empty; a dataset needs at least one of: " + ", ".join(SECTIONS)))
        return None
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(name, "", f"is not valid YAML: {what}; fix the syntax", mark.line + 1 if mark else None))
        return None
    if not isinstance(doc, dict):
        problems.append(Problem(name, "", "top level must be a mapping with sections " + ", ".join(SECTIONS), 1))
        return None
    for key in doc:
        if key not in TOP_LEVEL:
            what = "a section with no name" if key is None else f"unknown section {key!r}"
            problems.append(Problem(name, "", f"{what}; expected one of {', '.join(TOP_LEVEL)}", doc.line))
    return doc


# --------------------------------------------------------------------------- field checks


def _describe(raw: dict) -> str:
    """A short name for a record in messages: its id, or for a relationship 'type from -> to'."""
    if isinstance(raw.get("id"), str):
        return f" id={raw['id']}"
    parts = [raw.get(k) for k in ("type", "from", "to")]
    if all(isinstance(p, str) for p in parts):
        return f" {parts[0]} {parts[1]} -> {parts[2]}"
    return ""


class _Record:
    """Typed access to one record's fields, collecting problems instead of raising."""

    def __init__(self, file: str, section: str, index: int, raw: Any, problems: list[Problem], known: Sequence[str],
                 label: str | None = None, line: int | None = None):
        self.file = file
        self.problems = problems
        self.ok = True
        self.line = line or getattr(raw, "line", None)
        self.label = label or f"{section}[{index}]" + (_describe(raw) if isinstance(raw, dict) else "")
        self.mapping = isinstance(raw, dict)
        if not self.mapping:
            self.raw: dict = {}
            if raw is None:
                self.error(f"is empty; a record must be a mapping of fields ({', '.join(known[:3])}...) or be removed")
            else:
                self.error(f"must be a mapping of fields ({', '.join(known[:3])}...), got {type(raw).__name__} {raw!r:.60}")
            return
        self.raw = raw
        for key in raw:
            if key not in known:
                what = "a field with no name" if key is None else f"unknown field {key!r}"
                self.error(f"{what}; allowed fields: {', '.join(known)}")

    def error(self, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.file, self.label, message, self.line))

    def str(self, key: str, required: bool = True, limit: int = MAX_NAME) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.error(f"missing required field {key!r}")
            return None
        if not isinstance(value, str):
            self.error(f"field {key!r} must be text, got {type(value).__name__} {value!r}; put it in quotes")
            return None
        if not value.strip():
            self.error(f"field {key!r} is empty")
            return None
        if len(value) > limit:
            self.error(f"field {key!r} is {len(value)} characters long, over the limit of {limit}")
            return None
        return value.strip()

    def ident(self, key: str = "id", required: bool = True) -> str | None:
        value = self.str(key, required)
        if value is not None and not ID_RE.match(value):
            self.error(f"field {key!r} = {value!r} is not a valid id: use lower-case letters, digits, '.', '_' or '-' (at most 100)")
            return None
        return value

    def choice(self, key: str, allowed: Sequence[str], required: bool = True, default: str | None = None) -> str | None:
        value = self.str(key, required and default is None)
        if value is None:
            return default
        if value not in allowed:
            self.error(f"field {key!r} = {value!r} is not allowed; use one of: {', '.join(allowed)}")
            return None
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(f"field {key!r} must be a list of non-empty texts")
            return ()
        too_long = [v for v in value if len(v) > MAX_NAME]
        if too_long:
            self.error(f"field {key!r} has an entry over {MAX_NAME} characters")
            return ()
        return tuple(value)

    def date(self, key: str) -> str | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(f"field {key!r} must be a date YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        if isinstance(value, _dt.date):
            value = value.isoformat()[:10]
        elif isinstance(value, int):
            value = f"{value:04d}"
        if not isinstance(value, str) or not DATE_RE.match(value):
            self.error(f"field {key!r} = {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        year, month, day = DATE_RE.match(value).groups()
        try:
            _dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            self.error(f"field {key!r} = {value!r} is not a real calendar date")
            return None
        if not 1800 <= int(year) <= 2100:
            self.error(f"field {key!r} = {value!r} is out of range (years 1800 to 2100)")
            return None
        return value

    def number(self, key: str) -> float | None:
        value = self.raw.get(key)
        if value is None:
            self.error(f"missing required field {key!r}")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(f"field {key!r} must be a number, got {value!r}")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error(f"field {key!r} must be a finite number")
            return None
        return float(value)

    def year(self, key: str) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
            self.error(f"field {key!r} must be a year between 1800 and 2100, got {value!r}")
            return None
        return value

    def evidence(self, key: str = "evidence", required: bool = True) -> tuple[Evidence, ...]:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.error(f"missing {key!r}: every fact needs at least one {{source, quote}} from a source")
            return ()
        if not isinstance(value, list) or not value:
            self.error(f"{key!r} must be a non-empty list of {{source, quote}} mappings")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.error(f"{key}[{i}] must be a mapping with 'source' and 'quote'")
                continue
            extra = set(item) - {"source", "quote", "via"}
            if extra:
                self.error(f"{key}[{i}] has unknown field(s) {', '.join(sorted(map(str, extra)))}; allowed: source, quote, via")
            source, quote, via = item.get("source"), item.get("quote"), item.get("via")
            if not isinstance(source, str) or not source:
                self.error(f"{key}[{i}] needs 'source': the id of a source record")
                continue
            if not isinstance(quote, str) or not quote.strip():
                self.error(f"{key}[{i}] needs a non-empty 'quote' copied verbatim from source {source!r}")
                continue
            if len(quote) > MAX_TEXT:
                self.error(f"{key}[{i}] quote is {len(quote)} characters long, over the limit of {MAX_TEXT}; quote less")
                continue
            if via is not None and not isinstance(via, str):
                self.error(f"{key}[{i}] 'via' must be the id of an organisation")
                continue
            out.append(Evidence(source, quote, via))
        return tuple(out)


# --------------------------------------------------------------------------- reading

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


def read_dataset_files(paths: Iterable[str | Path]) -> Dataset:
    """Read, check and combine dataset files.

    Parameters
    ----------
    paths : iterable of str or Path
        YAML dataset files; they may refer to each other's ids.

    Returns
    -------
    Dataset
        The combined, validated dataset.

    Raises
    ------
    DatasetError
        With every problem of every file, when any file is invalid.

    Examples
    --------
    >>> ds = read_dataset_files(default_dataset_paths())
    >>> ds.organisations["ibm"].name
    'IBM'
    """
    builder = _Builder()
    files = [Path(p) for p in paths]
    if not files:
        raise DatasetError([Problem("(none)", "", "no dataset file given")])
    order: dict[str, int] = {}  # file -> rank, to list problems file by file in the order given
    complete = True  # False when a CSV file was too broken to read to its end
    for path in files:
        order.setdefault(str(path), len(order))
        if path.is_dir() and any((path / f).exists() for f in BULK_FILES.values()):
            for section in BULK_FILES:
                method = getattr(builder, "_" + section)
                csv_path = path / BULK_FILES[section]
                order.setdefault(str(csv_path), len(order))
                first = len(builder.problems)
                records = _csv_records(path, section, builder.problems)
                for i, raw in enumerate(records):
                    method(csv_path, section, i, raw)
                    if len(builder.problems) - first >= MAX_PROBLEMS:
                        records.close()
                        complete = False
                        builder.problems.append(Problem(
                            str(csv_path), "", f"stopped reading after {MAX_PROBLEMS} problems in this file: its later rows, "
                            "and the checks across records (unknown ids, quotes), were not run; fix these and run again", raw.line))
                        break
            builder.ds.files.append(str(path))
            continue
        doc = _parse_file(path, builder.problems)
        if doc is not None:
            builder.read(path, doc)
            builder.ds.files.append(str(path))
    if complete:
        builder.cross_check()
    if builder.problems:
        problems = list(dict.fromkeys(builder.problems))  # a problem found twice is said once
        problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
        raise DatasetError(problems)
    return builder.ds


def load_dataset(paths: Iterable[str | Path] | None = None) -> Dataset:
    """The shipped article dataset, plus any extra files, validated together.

    >>> ds = load_dataset()
    >>> len(ds.organisations) > 10
    True
    """
    extra = list(paths or [])
    return read_dataset_files([*default_dataset_paths(), *extra])
