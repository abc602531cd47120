"""Which camp (open / closed / none) each organisation sits in, and why.

A camp is either **stated** by a source (the dataset gives it with evidence) or
**inferred** by one of the written-down rules below (:data:`CAMP_RULES`, data: adding a rule
is one entry there and a row in docs/dataset-format.md), applied in rounds until
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

from .model import REL_TYPES, Dataset, Evidence


@dataclass(frozen=True)
class CampRule:
    """One written-down rule: an organisation linked by ``rel_type`` (with properties ``when``)
    to an organisation whose camp is ``other_camp`` gets camp ``gives``.

    ``toward`` says which end the organisation is: ``"source"`` (it is the relationship's
    source, the other end its target, e.g. a member and its alliance) or ``"either"``
    (a symmetric relationship, read from both ends).
    """

    id: str
    rel_type: str  # a dataset relationship type, a key of REL_TYPES
    toward: str  # "source" or "either"
    other_camp: str
    gives: str
    description: str  # for the docs: what the rule says
    explanation: str  # for an organisation: "{role}" and "{name}" (the other end) are filled in
    when: tuple[tuple[str, str], ...] = ()  # relationship property filters, e.g. (("kind", "investment"),)

    def matches(self, rel) -> bool:
        return rel.type == self.rel_type and all(getattr(rel, k) == v for k, v in self.when)


#: The rules, in the order they are tried: the first that matches decides.
CAMP_RULES: tuple[CampRule, ...] = (
    CampRule("member-of-open-alliance", "member-of", "source", "open", "open",
             "a member (founder or member) of an alliance whose camp is open is open",
             "{role} of {name}, whose camp is open"),
    CampRule("investment-partner-of-closed", "partners-with", "either", "closed", "closed",
             "an investment partner of an organisation whose camp is closed is closed",
             "investment partner of {name}, whose camp is closed", when=(("kind", "investment"),)),
)
RULES = {rule.id: rule.description for rule in CAMP_RULES}
for _rule in CAMP_RULES:  # a rule names a relationship type of the allow-list, or the import fails
    if _rule.rel_type not in REL_TYPES or _rule.toward not in ("source", "either"):
        raise ValueError(f"camp rule {_rule.id!r}: unknown relationship type or direction")


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
    # per rule: organisation -> [(relationship, other end)], smallest relationship id first;
    # and other end -> organisations it may decide, to find the next round's candidates
    links: list[dict[str, list]] = [{} for _ in CAMP_RULES]
    reached: dict[str, set[str]] = {}
    for rel in sorted(ds.relationships.values(), key=lambda r: r.id):
        for index, rule in enumerate(CAMP_RULES):
            if rule.matches(rel):
                ends = [(rel.source, rel.target)] + ([(rel.target, rel.source)] if rule.toward == "either" else [])
                for org_id, other in ends:
                    links[index].setdefault(org_id, []).append((rel, other))
                    reached.setdefault(other, set()).add(org_id)
    frontier = set(out)
    while frontier:
        candidates = set().union(*(reached.get(known, ()) for known in frontier))
        found = {}
        for org_id in candidates:
            if org_id not in out and org_id in ds.organisations:
                assignment = _apply_rules(org_id, out, links, ds)
                if assignment is not None:
                    found[org_id] = assignment
        out.update(found)
        frontier = set(found)
    for org_id in ds.organisations:
        out.setdefault(org_id, CampAssignment("none", "none", "no source states a camp and no rule applies"))
    return out


def _apply_rules(org_id, known, links, ds) -> CampAssignment | None:
    for rule, by_org in zip(CAMP_RULES, links):
        for rel, other in by_org.get(org_id, ()):
            if other in known and known[other].camp == rule.other_camp:
                text = rule.explanation.format(role=getattr(rel, "role", None) or "member", name=ds.organisations[other].name)
                return CampAssignment(rule.gives, "inferred", f"{text} (rule {rule.id})", rel.evidence, rule.id, other)
    return None


def _sources(evidence) -> str:
    return ", ".join(dict.fromkeys(e.source for e in evidence))
