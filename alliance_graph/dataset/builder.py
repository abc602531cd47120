"""Records of several files combined into one :class:`~alliance_graph.model.Dataset`: ids declared
once, statements of their sources, parts of one id combined; each section's records are read by
:data:`READERS` (:mod:`.sections`, :mod:`.relationships`), the checks across records run by
:mod:`.checks` once every file is read."""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

from ..errors import Problem
from ..merge import combine, resolve
from ..model import LABELS, RECORDS, Dataset, Evidence, Relationship, Statement
from ..record_fields import specs
from .checks import _IN_DATABASE, cross_check
from .fields import _Record
from .files import SECTIONS
from .relationships import _Site, fast_relationships, read_relationships, rel_columns
from .sections import known_keys, read_claims, read_organisations, read_products, read_sources, where as _where

#: The reader of each section's records.
READERS = {"sources": read_sources, "organisations": read_organisations, "products": read_products,
           "claims": read_claims, "relationships": read_relationships}


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
        self.props: dict[tuple, dict[str, str]] = {}  # relationship properties, one dict per set of values
        # statement fields any source may give freely (names, aliases, prose): not checked for one value per source
        self.free = {"alias" if s.said == "alias" else n for cls in RECORDS.values() for n, s in specs(cls)
                     if s.said in ("name", "alias", "prose")}
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
                    _Record(file, section, i, raw, self.problems, known_keys(section), line=lines[i] if i < len(lines) else getattr(doc, "line", None))
                    continue
                READERS[section](self, path, section, i, raw)

    # ----------------------------------------------------------------------- who says it

    def attribution(self, rec: _Record, *evidence_lists, explicit: str | None = None) -> tuple[str, ...]:
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

    def statements_of(self, rec: _Where, node_id: str, sources: tuple[str, ...], values: dict) -> tuple[Statement, ...]:
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
                    if field in self.free:
                        continue
                    first = self.said.setdefault((node_id, field, source), (v, rec))
                    if first[0] != v:
                        other = first[1]
                        rec.error(f"source {source!r} gives {field!r} = {v!r} here but {first[0]!r} in {other.label} "
                                  f"at {_where(other.file, other.line)}; one source says one thing: fix one of them")
        return tuple(out)

    def add(self, section: str, entity) -> None:
        items = getattr(self.ds, section)
        known = items.get(entity.id)
        if known is not None and section == "relationships":
            self.combined.add(entity.id)
        items[entity.id] = combine(known, entity)

    def shared_props(self, props: dict[str, str]) -> dict[str, str]:
        """``props``, or the equal dict already given to a relationship (they are never changed)."""
        return self.props.setdefault(tuple(props.items()), props)

    def add_rel(self, rec: _Where, rel: Relationship) -> None:
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
            self.add("relationships", rel)

    def fast_csv(self, file: str, section: str, header: list[str]):
        """A reader of the plainly valid rows of one bulk CSV file (``fast(index, line, values)``: True
        when the row was taken, as the careful path would take it), or None when the file's columns
        call for the careful path. A row it does not take goes through the careful path, which
        reports its problems: the fast path only ever accepts what the careful path accepts, with
        the same result, so the problems reported do not depend on it."""
        if not self.fast or section != "relationships" or len(set(header)) != len(header) \
                or not set(header) <= set(rel_columns()):
            return None
        return fast_relationships(self, file, header)

    fast = True  # (tests compare the two paths)

    def cross_check(self) -> None:
        """The checks across records of every record read (:func:`.checks.cross_check`)."""
        cross_check(self)

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
    (see :meth:`_Builder.statements_of`), none disputed, its properties those values or their defaults."""
    if len(rel.evidence) != 1 or rel.disputed:
        return False
    source = rel.evidence[0].source
    return all(s.source == source for s in rel.statements)
