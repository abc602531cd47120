"""The readers of the node sections (sources, organisations, products, claims): one record each,
its declared fields read by their declarations (``model.RECORDS``), what no declaration can say
(a camp, openness, a text file, a claim's identity) by hand."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FileRefused
from ..model import CAMPS, OPENNESS_COMPONENTS, RECORDS, CampStatement, Relationship, Statement
from ..record_fields import keys, specs
from ..safe_files import MAX_TEXT_FILE_BYTES, read_bytes
from ..text import shown
from .fields import _Record, read_declared

if TYPE_CHECKING:
    from .builder import _Builder

#: Keys a record of a section may have besides its declared fields: who says it, when it has no evidence.
EXTRA_KEYS = {"organisations": ("source",), "products": ("source",)}


def known_keys(section: str) -> tuple[str, ...]:
    """The keys a record of ``section`` may have (in messages: 'allowed fields')."""
    if section == "relationships":
        from .relationships import rel_keys

        return rel_keys()
    return keys(RECORDS[section]) + EXTRA_KEYS.get(section, ())


def statement_values(cls: type, values: dict, rec: _Record) -> dict:
    """The statement fields of ``values`` (read by :func:`read_declared`), by statement field name
    (``alias`` for the aliases, right after the name): a field left out, even one with a default, is
    not a statement."""
    out = {}
    for name, spec in sorted(specs(cls), key=lambda ns: ns[1].said != "name" and ns[1].said != "alias"):
        if spec.said and spec.kind != "camp" and name in values:
            given = values[name] if spec.default is None or rec.raw.get(spec.key) is not None else None
            out["alias" if spec.said == "alias" else name] = given
    return out


def where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def _open(b: _Builder, path: Path, section: str, i: int, raw: Any) -> tuple[type, _Record, dict] | None:
    """Record ``i`` of ``section``: its class, its reader and its declared fields' values (None: not a mapping)."""
    cls = RECORDS[section]
    rec = _Record(str(path), section, i, raw, b.problems, known_keys(section))
    if not rec.mapping:
        return None
    return cls, rec, read_declared(rec, cls)


def read_sources(b: _Builder, path: Path, section: str, i: int, raw: Any) -> None:
    opened = _open(b, path, section, i, raw)
    if opened is None:
        return
    cls, rec, values = opened
    sid = values["id"]
    for name, spec in specs(cls):
        if spec.kind == "file":
            values[name] = _text_file(rec, path, spec.key or name)
    if sid is not None and sid in b.source_unit:
        first = b.origin[sid]
        rec.error(f"source {sid!r} is already defined by {first.label} at {where(first.file, first.line)}; a source is "
                  "defined once, in the file that holds what it says")
        return
    if sid is not None and b.declare(rec, sid, "Source"):
        b.source_texts[sid] = values.get("text")
        b.source_unit[sid] = b.unit
    if rec.ok:
        b.ds.sources[sid] = cls(**values)


def _text_file(rec: _Record, path: Path, key: str) -> str | None:
    """The text of the file field ``key`` names, next to the dataset (SECURITY.md), or None."""
    name = rec.str(key, required=False)
    if not name:
        return None
    try:  # only a regular file in the dataset's own folder, not too big (SECURITY.md)
        return read_bytes(path.parent / name, limit=MAX_TEXT_FILE_BYTES, inside=path.parent).decode("utf-8")
    except FileRefused as exc:
        rec.error(f"{key} {shown(name)} cannot be read: it {exc.reason}")
    except (OSError, UnicodeDecodeError) as exc:
        rec.error(f"{key} {shown(name)} cannot be read as UTF-8 next to the dataset ({exc.__class__.__name__}); fix the path")
    return None


def read_organisations(b: _Builder, path: Path, section: str, i: int, raw: Any) -> None:
    opened = _open(b, path, section, i, raw)
    if opened is None:
        return
    cls, rec, values = opened
    oid, name, aliases = values["id"], values["name"], values["aliases"]
    explicit = rec.ident("source", required=False)
    evidence = rec.evidence(required=False)
    camp = None
    camp_statements: tuple[Statement, ...] = ()
    raw_camp = rec.raw.get("camp")
    if raw_camp is not None:
        if not isinstance(raw_camp, dict):
            rec.error("field 'camp' must be a mapping {value: open|closed|none, evidence: [...]}; leave it out to let the rules infer the camp")
        else:
            sub = _Record(str(path), section, i, raw_camp, b.problems, ("value", "evidence"),
                          label=rec.label + " camp", line=getattr(raw_camp, "line", None) or rec.line)
            value = sub.choice("value", CAMPS)
            cev = sub.evidence()
            b.evidence_sites.append((sub, cev, b.unit))
            if sub.ok and oid is not None:
                assert value is not None  # read, as the record is ok
                camp = CampStatement(value, cev)
                camp_statements = b.statements_of(sub, oid, _sources_of(cev), {"camp": value})
            if not sub.ok:
                rec.ok = False
    if oid is not None and b.declare(rec, oid, "Organisation"):
        b.org_kinds.setdefault(oid, values["kind"])
        b.names.append((oid, (name, *aliases) if name else aliases))
    b.evidence_sites.append((rec, evidence, b.unit))
    if rec.ok:
        sources = b.attribution(rec, evidence, camp.evidence if camp else (), explicit=explicit)
        statements = b.statements_of(rec, oid, sources, statement_values(cls, values, rec))
        if rec.ok:
            b.add(section, cls(**values, camp=camp, evidence=evidence, statements=statements + camp_statements))


def read_products(b: _Builder, path: Path, section: str, i: int, raw: Any) -> None:
    opened = _open(b, path, section, i, raw)
    if opened is None:
        return
    cls, rec, values = opened
    pid, name, aliases = values["id"], values["name"], values["aliases"]
    explicit = rec.ident("source", required=False)
    evidence = rec.evidence(required=False)
    components = _openness(b, path, section, i, rec)
    if pid is not None and b.declare(rec, pid, "Product"):
        b.names.append((pid, (name, *aliases) if name else aliases))
    b.evidence_sites.append((rec, evidence, b.unit))
    if rec.ok:
        sources = b.attribution(rec, evidence, *(cev for _c, _v, cev in components), explicit=explicit)
        statements = b.statements_of(rec, pid, sources, statement_values(cls, values, rec))
        for component, value, cev in components:  # a component is a statement of the sources quoted for it
            statements += b.statements_of(rec, pid, _sources_of(cev), {component: value})
        if rec.ok:
            b.add(section, cls(**values, evidence=evidence, statements=statements,
                               openness_evidence=tuple((c, e) for c, _v, cev in components for e in cev)))


def _openness(b: _Builder, path: Path, section: str, i: int, rec: _Record):
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
        sub = _Record(str(path), section, i, item, b.problems, ("value", "evidence"),
                      label=f"{rec.label} openness {component}", line=getattr(item, "line", None) or rec.line)
        if not sub.mapping:
            rec.ok = False
            continue
        value = sub.choice("value", spec.values) if spec.values else sub.str("value")
        cev = sub.evidence()
        b.evidence_sites.append((sub, cev, b.unit))
        if not sub.ok:
            rec.ok = False
        elif value is not None:
            out.append((component, value, cev))
    return out


def read_claims(b: _Builder, path: Path, section: str, i: int, raw: Any) -> None:
    opened = _open(b, path, section, i, raw)
    if opened is None:
        return
    cls, rec, values = opened
    evidence = rec.evidence()
    cid, stated_by, about = values["id"], values["stated_by"], values["about"]
    b.declare(rec, cid, "Claim")
    b.evidence_sites.append((rec, evidence, b.unit))
    if stated_by:
        b.ref_sites.append((rec, "states", (("stated_by", stated_by, "from"),)))
    if about:
        b.ref_sites.append((rec, "about", (("about", about, "to"),)))
    if rec.ok:
        identity = [name for name, spec in specs(cls) if spec.said == "identity"]
        for field in identity:
            v = values[field]
            first = b.identity.setdefault((cid, field), (v, rec))
            if first[0] != v:
                other = first[1]
                rec.error(f"claim {cid!r} has {field} {first[0]!r} in {other.label} at {where(other.file, other.line)} "
                          f"but {v!r} here; a claim id names one measure ({', '.join(identity)}): use another id")
        statements = b.statements_of(rec, cid, _sources_of(evidence), statement_values(cls, values, rec))
        if not rec.ok:
            return
        b.add(section, cls(**values, evidence=evidence, statements=statements))
        for rtype, start, end in (("states", stated_by, cid), ("about", cid, about)):
            if start and end:
                b.add_rel(rec, Relationship(f"{rtype}:{start}:{end}", rtype, start, end, evidence))


def _sources_of(evidence) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.source for e in evidence))
