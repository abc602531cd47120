"""The checks across records, run once every file is read: references (ends of relationships,
claims' stated_by and about, evidence's source and via), quotes against their source's text,
a claim loaded again against the graph's, and names shared by two ids."""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

from ..errors import Problem
from ..merge import supporting_sources
from ..model import RECORDS, REL_TYPES
from ..record_fields import specs
from ..text import UNSAFE_RE, normalise

if TYPE_CHECKING:
    from .builder import _Builder

_IN_DATABASE = "the graph it is loaded into"


def cross_check(self: _Builder) -> None:
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
    _check_base_identity(self)
    _check_names(self)

def _check_base_identity(self: _Builder) -> None:
    """A claim loaded again must measure what the graph's claim of that id measures."""
    identity = [name for name, spec in specs(RECORDS["claims"]) if spec.said == "identity"]
    for cid, claim in self.ds.claims.items():
        old = self.base.claims.get(cid)
        if old is None or set(supporting_sources(old)) <= set(self.ds.sources):
            continue
        for field in identity:
            if getattr(old, field) != getattr(claim, field):
                first = self.origin[cid]
                self.problems.append(Problem(first.file, first.label, f"claim {cid!r} has {field} {getattr(old, field)!r} in "
                                             f"{_IN_DATABASE} but {getattr(claim, field)!r} here; a claim id names one "
                                             f"measure ({', '.join(identity)}): use another id", first.line))

def _check_names(self: _Builder) -> None:
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


def _squash(text: str) -> str:
    """White space folded, and the characters quotes may not hold (zero-width, bidirectional
    controls) dropped, so that a quote is found in a text that holds them."""
    return " ".join(UNSAFE_RE.sub("", text).split())
