"""Which camp (open / closed / none) each organisation sits in, and why.

A camp is either **stated** by a source (the dataset gives it with evidence) or
**inferred** by one of the written-down rules below, applied in rounds until
nothing changes; the first rule (in the order below) that matches decides. An inferred camp carries
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
    """Assign a camp to every organisation of ``ds`` (see the module docstring).

    Inference runs in rounds: each round looks only at camps known before it,
    so the result does not depend on the order of the records. Within a rule,
    the relationship with the smallest id decides.
    """
    out: dict[str, CampAssignment] = {}
    for org in ds.organisations.values():
        if org.camp is not None:
            out[org.id] = CampAssignment(org.camp.camp, "stated", f"stated by {_sources(org.camp.evidence)}", org.camp.evidence)
    memberships: dict[str, list] = {}  # member -> its member-of relationships
    members_of: dict[str, list[str]] = {}  # alliance -> members
    investors: dict[str, list] = {}  # organisation -> investment partnerships touching it
    for rel in sorted(ds.relationships.values(), key=lambda r: r.id):
        if rel.type == "member-of":
            memberships.setdefault(rel.source, []).append(rel)
            members_of.setdefault(rel.target, []).append(rel.source)
        elif rel.type == "partners-with" and rel.kind == "investment":
            investors.setdefault(rel.source, []).append(rel)
            investors.setdefault(rel.target, []).append(rel)
    frontier = set(out)
    while frontier:
        candidates = set()
        for known in frontier:
            candidates.update(members_of.get(known, ()))
            candidates.update(r.target if r.source == known else r.source for r in investors.get(known, ()))
        found = {}
        for org_id in candidates:
            if org_id not in out and org_id in ds.organisations:
                assignment = _apply_rules(org_id, out, memberships.get(org_id, ()), investors.get(org_id, ()), ds)
                if assignment is not None:
                    found[org_id] = assignment
        out.update(found)
        frontier = set(found)
    for org_id in ds.organisations:
        out.setdefault(org_id, CampAssignment("none", "none", "no source states a camp and no rule applies"))
    return out


def _apply_rules(org_id, known, memberships, investments, ds) -> CampAssignment | None:
    for rel in memberships:
        alliance = known.get(rel.target)
        if alliance is not None and alliance.camp == "open":
            name = ds.organisations[rel.target].name
            return CampAssignment("open", "inferred", f"{rel.role or 'member'} of {name}, whose camp is open "
                                  "(rule member-of-open-alliance)", rel.evidence, "member-of-open-alliance", rel.target)
    for rel in investments:
        other = rel.target if rel.source == org_id else rel.source
        if other in known and known[other].camp == "closed":
            name = ds.organisations[other].name
            return CampAssignment("closed", "inferred", f"investment partner of {name}, whose camp is closed "
                                  "(rule investment-partner-of-closed)", rel.evidence, "investment-partner-of-closed", other)
    return None


def _sources(evidence) -> str:
    return ", ".join(dict.fromkeys(e.source for e in evidence))
