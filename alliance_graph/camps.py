"""Which camp (open / closed) each organisation sits in on a date, and on what bases.

A camp is an *assessment*, never a bare label: every organisation's camp on a date comes
with every basis for it, each a :class:`Basis`:

* **stated**: a source states the camp (the dataset gives it with evidence); one basis per
  source, strength ``strong``;
* **inferred**: a written-down rule (:data:`CAMP_RULES`, data: adding a rule is one entry
  there; ``python -m alliance_graph.doc_tables --write`` writes its row in the table of
  docs/dataset-format.md) applied to a relationship that holds on the date and to the camp of
  the organisation at its other end; each rule has its strength and its justification.

When every basis gives the same camp, that is the camp; when bases disagree the camp is
``mixed`` (``agraph camp ORG`` lists each side); with no basis it is ``none``. Strengths never
outvote one another: they say how much each basis is worth to a reader. Inference runs
in rounds from the stated camps: each round gives a camp to the organisations the previous
rounds' camps reach, from every basis available to it; then every organisation's bases are
completed from the final camps, so each basis a rule can give is listed. The result never
depends on the order of records.

Camps change when relationships begin or end. :func:`camp_periods` cuts time at every date a
relationship a rule uses begins (its ``valid_from``) and on the day after it ends (its
``valid_to``), and works the camps out for each period; every organisation stores its own
periods and their bases (``rows.CAMP_PERIOD_PROPS``, ``rows.BASIS_FIELDS``), so a camp can be
asked as of any date (:mod:`alliance_graph.dates`); asked over all time, it is today's camp.
The docs: "Camps" and "Dates and time" in docs/dataset-format.md.

Rules
-----
member-of-open-alliance (weak)
    A member (founder, member or collaborator) of an alliance whose camp is open is open.
    Weak: an alliance's membership is not a pledge (the AI Alliance says open source is not
    a requirement to join), so a stated camp says more.
investment-partner-of-closed (moderate)
    An investment partner of an organisation whose camp is closed is closed: money ties it
    to that organisation's closed models.

Examples
--------
>>> from alliance_graph.dataset import load_dataset
>>> camps = infer_camps(load_dataset())
>>> camps["meta"].camp, camps["meta"].basis, camps["meta"].rule
('open', 'inferred', 'member-of-open-alliance')
>>> camps["microsoft"].camp, camps["microsoft"].via
('closed', 'openai')
>>> [(b.kind, b.strength) for b in camps["ibm"].bases]
[('stated', 'strong'), ('inferred', 'weak')]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import NEVER, day_after, holds, relationship_validity
from .model import REL_TYPES, Dataset, Evidence

#: How much a basis says, strongest first.
STRENGTHS = ("strong", "moderate", "weak")
STATED_JUSTIFICATION = "a source states the camp of the organisation in so many words"


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
    strength: str = "weak"  # one of STRENGTHS
    justification: str = ""  # why the rule is evidence at all, and why this strength

    def matches(self, rel) -> bool:
        return rel.type == self.rel_type and all(getattr(rel, k) == v for k, v in self.when)


#: The rules, in the order the docs list them (every rule that applies gives a basis).
CAMP_RULES: tuple[CampRule, ...] = (
    CampRule("member-of-open-alliance", "member-of", "source", "open", "open",
             "a member (founder, member or collaborator) of an alliance whose camp is open is open",
             "{role} of {name}, whose camp is open", strength="weak",
             justification="membership is not a pledge: the AI Alliance says open source is not a requirement "
                           "to join, so a stated camp says more"),
    CampRule("investment-partner-of-closed", "partners-with", "either", "closed", "closed",
             "an investment partner of an organisation whose camp is closed is closed",
             "investment partner of {name}, whose camp is closed", when=(("kind", "investment"),),
             strength="moderate", justification="money ties the partner to that organisation's closed models"),
)
RULES = {rule.id: rule.description for rule in CAMP_RULES}
for _rule in CAMP_RULES:  # a rule names a relationship type of the allow-list, or the import fails
    if _rule.rel_type not in REL_TYPES or _rule.toward not in ("source", "either") or _rule.strength not in STRENGTHS:
        raise ValueError(f"camp rule {_rule.id!r}: unknown relationship type, direction or strength")


@dataclass(frozen=True)
class Basis:
    """One reason for a camp: a source stating it, or a rule applied to one relationship."""

    camp: str
    kind: str  # "stated" or "inferred"
    strength: str  # one of STRENGTHS
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    rule: str | None = None
    via: str | None = None  # the organisation at the other end (inferred)
    relationship: str | None = None  # the relationship the rule used (inferred)
    source: str | None = None  # the source stating it (stated)


@dataclass(frozen=True)
class CampAssignment:
    camp: str  # open, closed, mixed or none
    basis: str  # stated (a source states it), inferred (rules only), none
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    rule: str | None = None  # of the first inferred basis, when no source states the camp
    via: str | None = None
    bases: tuple[Basis, ...] = ()


def _today() -> str:
    return _dt.date.today().isoformat()


def _stated(ds: Dataset) -> dict[str, list[Basis]]:
    out: dict[str, list[Basis]] = {}
    for org in ds.organisations.values():
        if org.camp is None:
            continue
        by_source: dict[str, str] = {}
        for st in org.statements:
            if st.field == "camp":
                by_source.setdefault(st.source, str(st.value))
        if not by_source:  # a dataset built without statements: the shown camp, from its evidence's sources
            by_source = {e.source: org.camp.camp for e in org.camp.evidence}
        for source in sorted(by_source):
            evidence = tuple(e for e in org.camp.evidence if e.source == source)
            out.setdefault(org.id, []).append(Basis(by_source[source], "stated", "strong", f"stated by {source}",
                                                    evidence, source=source))
    return out


def _rule_relationships(ds: Dataset) -> list[tuple]:
    """Every relationship some rule matches, by id, with its validity and the rules it matches:
    worked out once per dataset (camp_periods asks for many dates)."""
    out = []
    for rel in sorted(ds.relationships.values(), key=lambda r: r.id):
        rules = [i for i, rule in enumerate(CAMP_RULES) if rule.matches(rel)]
        if rules:
            out.append((rel, relationship_validity(rel, ds.sources), rules))
    return out


def _links(prepared, as_of: str | None, undated: bool | None = None):
    """Per rule: organisation -> [(relationship, other end)] of the relationships holding on ``as_of``
    (only the undated ones with ``undated=True``, the dated ones with False)."""
    links: list[dict[str, list]] = [{} for _ in CAMP_RULES]
    for rel, valid, rules in prepared:
        if undated is not None and undated == bool(valid):
            continue
        if as_of is not None and valid and not holds(valid, as_of):
            continue
        for index in rules:
            ends = [(rel.source, rel.target)] + ([(rel.target, rel.source)] if CAMP_RULES[index].toward == "either" else [])
            for org_id, other in ends:
                links[index].setdefault(org_id, []).append((rel, other))
    return links


class _Links:
    """The links of a date (as :func:`_links` gives them): those of the relationships without dates,
    worked out once per dataset (``base``), and those of the dated ones holding on the date; an
    organisation's links in relationship id order, as :func:`_links` lists them."""

    def __init__(self, base: list[dict[str, list]], dated: list[dict[str, list]]):
        self.base, self.dated = base, dated

    def of(self, index: int, org_id: str):
        a, b = self.base[index].get(org_id), self.dated[index].get(org_id)
        if a is None or b is None:
            return a or b or ()
        return sorted(a + b, key=lambda pair: pair[0].id)

    def orgs(self):
        """Every organisation with a link (either end)."""
        return {org_id for layer in (self.base, self.dated) for by_org in layer for org_id in by_org}


def _reached(links: list[dict[str, list]]) -> dict[str, set[str]]:
    """Organisation -> the organisations linked to it (whose camp its camp may give)."""
    reached: dict[str, set[str]] = {}
    for by_org in links:
        for org_id, pairs in by_org.items():
            for _rel, other in pairs:
                reached.setdefault(other, set()).add(org_id)
    return reached


def _inferred(org_id: str, camps: dict[str, str], links: _Links, ds: Dataset, memo: dict | None = None) -> list[Basis]:
    out = []
    for index, rule in enumerate(CAMP_RULES):
        for rel, other in links.of(index, org_id):
            if camps.get(other) == rule.other_camp and other in ds.organisations:
                key = (index, rel.id, other)
                basis = memo.get(key) if memo is not None else None
                if basis is None:  # one Basis per rule, relationship and end, shared by every period
                    text = rule.explanation.format(role=getattr(rel, "role", None) or "member",
                                                   name=ds.organisations[other].name)
                    basis = Basis(rule.gives, "inferred", rule.strength, f"{text} (rule {rule.id})", rel.evidence,
                                  rule.id, other, rel.id)
                    if memo is not None:
                        memo[key] = basis
                out.append(basis)
    return out


def _gives(org_id: str, camps: dict[str, str], links: _Links, ds: Dataset) -> set[str]:
    """The camps the bases :func:`_inferred` finds would give (without making them)."""
    out = set()
    for index, rule in enumerate(CAMP_RULES):
        for layer in (links.base, links.dated):
            for _rel, other in layer[index].get(org_id, ()):
                if camps.get(other) == rule.other_camp and other in ds.organisations:
                    out.add(rule.gives)
    return out


def _decide(bases: list[Basis]) -> str:
    camps = {b.camp for b in bases}
    return "none" if not camps else camps.pop() if len(camps) == 1 else "mixed"


def infer_camps(ds: Dataset, as_of: str | None = None, _prepared: tuple[dict, list, dict] | None = None) -> dict[str, CampAssignment]:
    """The camp of every organisation of ``ds`` on the date ``as_of`` (default today; see the
    module docstring), from the relationships that hold on that date."""
    as_of = as_of or _today()
    stated, prepared, memo = _prepared or (_stated(ds), _rule_relationships(ds), {})
    base = memo.get("undated")
    if base is None:  # the links of relationships without dates hold on every date: worked out once
        undated = _links(prepared, None, undated=True)
        base = memo["undated"] = (undated, _reached(undated), _Links(undated, []).orgs())
    dated = _links(prepared, as_of, undated=False)
    links = _Links(base[0], dated)
    reached, reached_dated = base[1], _reached(dated)
    camps = {org_id: _decide(bases) for org_id, bases in stated.items()}
    frontier = set(camps)
    while frontier:  # rounds: each gives camps to the organisations the previous rounds' camps reach
        candidates = set().union(*(reached.get(known, ()) for known in frontier),
                                 *(reached_dated.get(known, ()) for known in frontier))
        found = {}
        for org_id in sorted(candidates):
            if org_id not in camps and org_id in ds.organisations:
                gives = _gives(org_id, camps, links, ds)  # (what its bases would give: _decide of them)
                if gives:
                    found[org_id] = gives.pop() if len(gives) == 1 else "mixed"
        camps.update(found)
        frontier = set(found)
    dated_orgs = {org_id for by_org in dated for org_id in by_org}
    previous = memo.get("previous")  # (camp_periods asks for dates in order: what the last date gave)
    memo["previous"] = (as_of, dated_orgs, camps)
    if previous is None or previous[0] > as_of:
        out: dict[str, CampAssignment] = {}
        todo: Iterable[str] = ds.organisations
    else:  # an organisation whose links and the camps at their other ends are the same keeps its bases
        out = dict(memo["previous out"])
        again = dated_orgs | previous[1]
        old = previous[2]
        for org_id in camps.keys() | old.keys():
            if camps.get(org_id) != old.get(org_id):
                again |= reached.get(org_id, set())
        todo = [org_id for org_id in ds.organisations if org_id in again]
    linked = base[2] | dated_orgs
    for org_id in todo:  # every basis, from the final camps
        bases = [*stated.get(org_id, ()), *(_inferred(org_id, camps, links, ds, memo) if org_id in linked else ())]
        key = tuple(map(id, bases))  # the Basis objects are shared (memo): equal bases, one assignment
        shared = memo.get(key)
        if shared is None:
            shared = memo[key] = (_assignment(bases), bases)  # (the bases kept alive, so their ids stay theirs)
        out[org_id] = shared[0]
    memo["previous out"] = out
    return dict(out)


def _assignment(bases: list[Basis]) -> CampAssignment:
    if not bases:
        return CampAssignment("none", "none", "no source states a camp and no rule applies")
    camp = _decide(bases)
    stated = [b for b in bases if b.kind == "stated"]
    first = next((b for b in bases if b.kind == "inferred"), None)
    if camp == "mixed":
        sides = "; ".join(f"{c}: " + ", ".join(b.explanation for b in bases if b.camp == c)
                          for c in sorted({b.camp for b in bases}))
        explanation = f"the bases disagree ({sides})"
    else:
        explanation = "; ".join(b.explanation for b in bases)
    evidence = tuple(e for b in (stated or bases) for e in b.evidence)  # a stated camp's own quotes, else the rules'
    return CampAssignment(camp, "stated" if stated else "inferred", explanation, evidence,
                          None if stated or first is None else first.rule,
                          None if stated or first is None else first.via, tuple(bases))


def camp_periods(ds: Dataset) -> list[tuple[str, dict[str, CampAssignment]]]:
    """The camps of every organisation over time: ``[(first day, camps), ...]`` in date order, the
    first period starting at ``""`` (as far back as the sources go). A new period starts on every
    date a relationship a rule uses begins, and on the day after one ends."""
    prepared: tuple[dict, list, dict] = (_stated(ds), _rule_relationships(ds), {})  # memo: shared Basis objects
    cuts = set()
    for _rel, v, _rules in prepared[1]:
        if v.get("valid_from"):
            cuts.add(v["valid_from"])
        if v.get("valid_to") and v["valid_to"] != NEVER:
            cuts.add(day_after(v["valid_to"]))
    starts = ["", *sorted(cuts)]
    periods: list[tuple[str, dict[str, CampAssignment]]] = []
    for start in starts:
        camps = infer_camps(ds, start or "0001-01-01", prepared)
        if periods and periods[-1][1] == camps:
            continue
        periods.append((start, camps))
    return periods


def camp_on(periods, date: str):
    """The camps of the period holding ``date``."""
    current = periods[0][1]
    for start, camps in periods:
        if start <= date:
            current = camps
    return current


__all__ = ["CampRule", "CAMP_RULES", "Basis", "CampAssignment", "infer_camps", "camp_periods", "camp_on"]
