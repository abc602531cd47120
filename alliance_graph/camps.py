"""Which camp (open / closed / none) each organisation sits in, and why.

A camp is either **stated** by a source (the dataset gives it with evidence) or
**inferred** by one of the written-down rules below, applied in order until
nothing changes; the first rule that matches decides. An inferred camp carries
the rule id, the organisation it was inferred from (``via``) and the evidence of
the relationship the rule used. An organisation no rule reaches has camp
``none``.

Rules
-----
member-of-open-alliance
    A member (founder or member) of an alliance whose camp is open is open.
investment-partner-of-closed
    An investment partner (partners-with, kind investment) of an organisation
    whose camp is closed is closed.

Examples
--------
>>> from alliance_graph.dataset import load_dataset
>>> camps = infer_camps(load_dataset())
>>> camps["meta"].camp, camps["meta"].basis, camps["meta"].rule
('open', 'inferred', 'member-of-open-alliance')
>>> camps["microsoft"].camp, camps["microsoft"].via
('closed', 'openai')
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Dataset, Evidence

RULES = {
    "member-of-open-alliance": "member (founder or member) of an alliance whose camp is open",
    "investment-partner-of-closed": "investment partner of an organisation whose camp is closed",
}


@dataclass(frozen=True)
class CampAssignment:
    camp: str
    basis: str  # stated | inferred | none
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    rule: str | None = None
    via: str | None = None


def infer_camps(ds: Dataset) -> dict[str, CampAssignment]:
    """Assign a camp to every organisation of ``ds`` (see the module docstring)."""
    out: dict[str, CampAssignment] = {}
    for org in ds.organisations.values():
        if org.camp is not None:
            out[org.id] = CampAssignment(org.camp.camp, "stated", f"stated by {_sources(org.camp.evidence)}", org.camp.evidence)
    members = sorted((r for r in ds.relationships.values() if r.type == "member-of"), key=lambda r: r.id)
    investors = sorted((r for r in ds.relationships.values() if r.type == "partners-with" and r.kind == "investment"),
                       key=lambda r: r.id)
    changed = True
    while changed:
        changed = False
        for org_id in sorted(ds.organisations):
            if org_id in out:
                continue
            found = _apply_rules(org_id, out, members, investors, ds)
            if found is not None:
                out[org_id] = found
                changed = True
    for org_id in ds.organisations:
        out.setdefault(org_id, CampAssignment("none", "none", "no source states a camp and no rule applies"))
    return out


def _apply_rules(org_id, known, members, investors, ds) -> CampAssignment | None:
    for rel in members:
        alliance = known.get(rel.target)
        if rel.source == org_id and alliance is not None and alliance.camp == "open":
            name = ds.organisations[rel.target].name
            return CampAssignment("open", "inferred", f"{rel.role or 'member'} of {name}, whose camp is open "
                                  "(rule member-of-open-alliance)", rel.evidence, "member-of-open-alliance", rel.target)
    for rel in investors:
        other = rel.target if rel.source == org_id else rel.source if rel.target == org_id else None
        if other is not None and other in known and known[other].camp == "closed":
            name = ds.organisations[other].name
            return CampAssignment("closed", "inferred", f"investment partner of {name}, whose camp is closed "
                                  "(rule investment-partner-of-closed)", rel.evidence, "investment-partner-of-closed", other)
    return None


def _sources(evidence) -> str:
    return ", ".join(dict.fromkeys(e.source for e in evidence))
