"""Which camp (open / closed) each organisation sits in on a date, and on what bases.

A camp is an *assessment*, never a bare label: every organisation's camp on a date comes
with every basis for it, each a :class:`Basis` resting on one fact:

* **stated**: a source states the camp (the dataset gives it with evidence); one basis per
  source, strength ``strong``; it holds from the source's publication date on;
* **product**: the organisation develops a product (a model) released by the date, whose
  openness grade (:mod:`alliance_graph.openness`) speaks for a camp: an open-source model
  (``open-model`` or better) for open, strongly; open weights under a licence that is not
  open source for open, weakly; a model behind an API or not released for closed, strongly;
* **inferred**: a written-down rule (:data:`CAMP_RULES`, data: adding a rule is one entry
  there; ``python -m alliance_graph.doc_tables --write`` writes its row in the table of
  docs/dataset-format.md) applied to a relationship that holds on the date and to the
  **evidence camp** of the organisation at its other end: the camp its own stated and
  product bases give, never a camp inferred by a rule. Inference never chains (a camp
  inferred for B never gives A a camp) and never circles (A's bases never rest on A: the
  other end's products that A develops too are left out of its evidence camp).

The camp is decided by :func:`decide`: each basis weighs its strength (strong 3, moderate 2,
weak 1); per camp, the heaviest basis of each kind (stated, product, each rule) counts, so ten
models or ten sources do not outvote one; a camp wins when its weight is at least
:data:`MIXED_RATIO` times every other camp's, otherwise the camp is ``mixed`` (both sides are
listed); with no basis it is ``none``. The result never depends on the order of records.

Camps change when a basis begins or ends: :func:`camp_periods` cuts time at every date a
source stating a camp is published, a product is released, and a relationship a rule or a
release uses begins or ends, and works the camps out for each period, recomputing only the
organisations a change can reach (the changed one and its neighbours by a rule's
relationship). Every organisation stores its periods and their bases
(``rows.CAMP_PERIOD_PROPS``, ``rows.BASIS_FIELDS``), so a camp can be asked as of any date
(:mod:`alliance_graph.dates`); asked over all time, it is today's camp. docs/camps.md gives the
rules with worked examples.

Rules
-----
member-of-open-alliance (weak)
    A member (founder, member or collaborator) of an alliance whose evidence camp is open is
    open. Weak: membership is not a pledge (the AI Alliance says open source is not a
    requirement to join).
investment-partner-of-closed (moderate)
    An investment partner of an organisation whose evidence camp is closed is closed: money
    ties it to that organisation's closed models.

Examples
--------
>>> from alliance_graph.dataset import load_dataset
>>> camps = infer_camps(load_dataset(), "2024-06-30")
>>> camps["meta"].camp, camps["meta"].basis, camps["meta"].rule
('open', 'inferred', 'member-of-open-alliance')
>>> camps["microsoft"].camp, camps["microsoft"].via
('closed', 'openai')
>>> [(b.kind, b.strength) for b in camps["ibm"].bases]
[('stated', 'strong'), ('inferred', 'weak')]
>>> decide([Basis("open", "stated", "strong", ""), Basis("closed", "inferred", "weak", "", rule="r")])
'open'
>>> decide([Basis("open", "product", "strong", ""), Basis("closed", "inferred", "moderate", "", rule="r")])
'mixed'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import NEVER, day_after, holds, period_start, relationship_validity, source_date
from .model import REL_TYPES, Dataset, Evidence
from .openness import GRADE_CAMPS, grade, summary

#: How much a basis says, strongest first, and what each weighs in :func:`decide`.
STRENGTHS = ("strong", "moderate", "weak")
WEIGHTS = {"strong": 3, "moderate": 2, "weak": 1}
#: A camp wins when its weight is at least this many times every other camp's; else ``mixed``.
MIXED_RATIO = 2
STATED_JUSTIFICATION = "a source states the camp of the organisation in so many words"
PRODUCT_JUSTIFICATION = ("what an organisation releases is what its openness is about: an open-source model "
                         "(open model or better) is strong evidence of the open camp, open weights under a licence that "
                         "is not open source weak evidence (open weight at best), a model behind an API or unreleased "
                         "strong evidence of the closed camp")


@dataclass(frozen=True)
class CampRule:
    """One written-down rule: an organisation linked by ``rel_type`` (with properties ``when``)
    to an organisation whose *evidence* camp is ``other_camp`` gets camp ``gives``.

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
             "a member (founder, member or collaborator) of an alliance whose evidence camp (stated, or from its "
             "products) is open is open",
             "{role} of {name}, whose camp is open", strength="weak",
             justification="membership is not a pledge: the AI Alliance says open source is not a requirement "
                           "to join, so a stated camp says more"),
    CampRule("investment-partner-of-closed", "partners-with", "either", "closed", "closed",
             "an investment partner of an organisation whose evidence camp (stated, or from its products) is "
             "closed is closed",
             "investment partner of {name}, whose camp is closed", when=(("kind", "investment"),),
             strength="moderate", justification="money ties the partner to that organisation's closed models"),
)
RULES = {rule.id: rule.description for rule in CAMP_RULES}
for _rule in CAMP_RULES:  # a rule names a relationship type of the allow-list, or the import fails
    if _rule.rel_type not in REL_TYPES or _rule.toward not in ("source", "either") or _rule.strength not in STRENGTHS:
        raise ValueError(f"camp rule {_rule.id!r}: unknown relationship type, direction or strength")


@dataclass(frozen=True)
class Basis:
    """One reason for a camp: a source stating it, a product released, or a rule applied to
    one relationship and the evidence camp at its other end."""

    camp: str
    kind: str  # "stated", "product" or "inferred"
    strength: str  # one of STRENGTHS
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    rule: str | None = None
    via: str | None = None  # the organisation at the other end (inferred)
    relationship: str | None = None  # the relationship the rule used (inferred), or the develops one (product)
    source: str | None = None  # the source stating it (stated)
    product: str | None = None  # the product released (product)


@dataclass(frozen=True)
class CampAssignment:
    camp: str  # open, closed, mixed or none
    basis: str  # stated (a source states it), product (releases, no source), inferred (rules only), none
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    rule: str | None = None  # of the first inferred basis, when neither a source nor a product gives the camp
    via: str | None = None
    bases: tuple[Basis, ...] = ()


def _today() -> str:
    return _dt.date.today().isoformat()


def decide(bases: Iterable[Basis]) -> str:
    """The camp a set of bases gives (see the module docstring): ``none`` without any, the camp
    whose weight is at least MIXED_RATIO times every other's, else ``mixed``."""
    heaviest: dict[str, dict[str, int]] = {}
    for b in bases:
        kinds = heaviest.setdefault(b.camp, {})
        key = b.rule or b.kind
        kinds[key] = max(kinds.get(key, 0), WEIGHTS[b.strength])
    if not heaviest:
        return "none"
    if len(heaviest) == 1:
        return next(iter(heaviest))
    totals = sorted(((sum(k.values()), camp) for camp, k in heaviest.items()), reverse=True)
    (best, camp), (second, _) = totals[0], totals[1]
    return camp if best >= MIXED_RATIO * second else "mixed"


# ----------------------------------------------------------------------------- evidence bases


def _stated(ds: Dataset) -> dict[str, list[tuple[str, Basis]]]:
    """Organisation -> [(first day, basis)]: one basis per source stating its camp, from the day the
    source was published ("" when it carries no date: as far back as the sources go)."""
    out: dict[str, list[tuple[str, Basis]]] = {}
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
            published = source_date(ds.sources[source]) if source in ds.sources else None
            out.setdefault(org.id, []).append(
                (period_start(published) if published else "",
                 Basis(by_source[source], "stated", "strong", f"stated by {source}", evidence, source=source)))
    return out


def _released(ds: Dataset) -> dict[str, list[tuple[str, str | None, Basis]]]:
    """Organisation -> [(first day, last day or None, basis)]: one basis per product it develops
    whose grade speaks for a camp, from its release (and while the develops relationship holds)."""
    out: dict[str, list[tuple[str, str | None, Basis]]] = {}
    for rel in sorted((r for r in ds.relationships.values() if r.type == "develops"), key=lambda r: r.id):
        if rel.target not in ds.products or rel.source not in ds.organisations:
            continue
        product = ds.products[rel.target]
        components = dict(product.openness)
        g = grade(components)
        if g not in GRADE_CAMPS:
            continue
        camp, strength = GRADE_CAMPS[g]
        valid = relationship_validity(rel, ds.sources)
        start = max(period_start(product.launched) if product.launched else "", valid.get("valid_from") or "")
        when = f" (released {product.launched})" if product.launched else ""
        evidence = tuple(e for c, e in product.openness_evidence if c in ("weights", "licence", "licence-osi-approved"))
        basis = Basis(camp, "product", strength, f"releases {product.name}{when}: {summary(components)}; grade {g}",
                      evidence, relationship=rel.id, product=product.id)
        out.setdefault(rel.source, []).append((start, valid.get("valid_to"), basis))
    return out


class _Evidence:
    """The stated and product bases of every organisation, asked by date."""

    def __init__(self, ds: Dataset):
        self.stated, self.released = _stated(ds), _released(ds)

    def bases(self, org_id: str, day: str) -> list[Basis]:
        out = [b for start, b in self.stated.get(org_id, ()) if start <= day]
        out += [b for start, end, b in self.released.get(org_id, ())
                if start <= day and (end is None or day <= end)]
        return out

    def cuts(self) -> set[str]:
        """The days an evidence basis begins, or the day after one ends."""
        out = {start for items in self.stated.values() for start, _b in items if start}
        for items in self.released.values():
            for start, end, _b in items:
                if start:
                    out.add(start)
                if end and end != NEVER:
                    out.add(day_after(end))
        return out


# ----------------------------------------------------------------------------- rules


def _rule_relationships(ds: Dataset) -> list[tuple]:
    """Every relationship some rule matches, by id, with its validity and the rules it matches."""
    types = {rule.rel_type for rule in CAMP_RULES}
    out = []
    for rel in sorted((r for r in ds.relationships.values() if r.type in types), key=lambda r: r.id):
        rules = [i for i, rule in enumerate(CAMP_RULES) if rule.matches(rel)]
        if rules:
            out.append((rel, relationship_validity(rel, ds.sources), rules))
    return out


def _ends(rel, index: int) -> list[tuple[str, str]]:
    """(organisation, other end) of a relationship rule ``index`` matches: the source's, and for a rule
    toward either end the target's too."""
    return [(rel.source, rel.target)] + ([(rel.target, rel.source)] if CAMP_RULES[index].toward == "either" else [])


def _links(prepared, dated: bool = False) -> list[dict[str, list]]:
    """Per rule: organisation -> [(relationship, other end)] of every relationship of ``prepared``, in
    its order; with ``dated``, [(relationship, other end, validity)]."""
    links: list[dict[str, list]] = [{} for _ in CAMP_RULES]
    for rel, valid, rules in prepared:
        for index in rules:
            for org_id, other in _ends(rel, index):
                links[index].setdefault(org_id, []).append((rel, other, valid) if dated else (rel, other))
    return links


def _evidence_camp(evidence: _Evidence, other: str, day: str, excluding: str, cache: dict) -> tuple[str, str]:
    """The camp ``other``'s own bases give on ``day`` (never a rule's), without the products
    ``excluding`` releases too on that day, and what it rests on in words: (camp, rests on)."""
    key = (other, excluding if excluding in evidence.released else None)  # (what it releases: most release nothing)
    if key in cache:
        return cache[key]
    mine = {b.product for b in evidence.bases(excluding, day) if b.product}  # what it releases on that day
    bases = [b for b in evidence.bases(other, day) if b.product is None or b.product not in mine]
    camp = decide(bases)
    stated = sorted({b.source for b in bases if b.kind == "stated" and b.camp == camp and b.source})
    products = sorted({b.product for b in bases if b.kind == "product" and b.camp == camp and b.product})
    parts = ([f"stated by {', '.join(stated)}"] if stated else []) + \
            ([f"from its products {', '.join(products)}"] if products else [])
    cache[key] = (camp, "; ".join(parts))
    return cache[key]


class _Merged:
    """The links of one rule on a day, asked per organisation: those of undated relationships and
    those of dated ones holding on the day, in relationship id order."""

    def __init__(self, undated: dict[str, list], dated: dict[str, list], day: str):
        self.undated, self.dated, self.day = undated, dated, day

    def get(self, org_id: str, default=()):
        a, d = self.undated.get(org_id), self.dated.get(org_id)
        if d is None:
            return a or default
        b = [(rel, other) for rel, other, valid in d if holds(valid, self.day)]
        if a is None or not b:
            return a or b or default
        return sorted(a + b, key=lambda pair: pair[0].id)


class _Reckoner:
    """Works out camps on dates, sharing Basis objects between dates (one per rule, relationship,
    other end and what that end's camp rests on) so that equal periods compare equal cheaply."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.evidence = _Evidence(ds)
        self.prepared = _rule_relationships(ds)
        self.memo: dict = {}
        self.neighbours: dict[str, set[str]] = {}  # by any rule's relationship, whenever it holds
        for rel, _valid, rules in self.prepared:
            for index in rules:
                for org_id, other in _ends(rel, index):
                    self.neighbours.setdefault(other, set()).add(org_id)
        # the links of relationships without dates hold on every day: worked out once
        self.undated = _links([p for p in self.prepared if not p[1]])
        self.dated = [p for p in self.prepared if p[1]]
        # the dated ones per rule and organisation, (relationship, other end, validity) in id order: a day's
        # links are asked only for the organisations it touches
        self.dated_links = _links(self.dated, dated=True)
        self._touched: dict[str, set[str]] | None = None

    def cuts(self) -> list[str]:
        out = self.evidence.cuts()
        for _rel, v, _rules in self.prepared:
            if v.get("valid_from"):
                out.add(v["valid_from"])
            if v.get("valid_to") and v["valid_to"] != NEVER:
                out.add(day_after(v["valid_to"]))
        return sorted(out)

    def touched(self, day: str) -> set[str]:
        """The organisations whose bases may change on ``day``: a rule's relationship beginning or
        ending there (both ends), an evidence basis beginning or ending there (the organisation and
        every neighbour by a rule's relationship)."""
        if self._touched is None:
            index: dict[str, set[str]] = {}
            for rel, v, _rules in self.dated:
                for d in (v.get("valid_from"), day_after(v["valid_to"]) if v.get("valid_to") not in (None, NEVER) else None):
                    if d:
                        index.setdefault(d, set()).update((rel.source, rel.target))
            events: list[tuple[str, str | None]] = [(org, s) for org, items in self.evidence.stated.items()
                                                    for s, _b in items]
            events += [(org, d) for org, items in self.evidence.released.items() for s, e, _b in items
                       for d in (s, day_after(e) if e not in (None, NEVER) else None)]
            for org, d in events:
                if d:
                    index.setdefault(d, set()).update((org, *self.neighbours.get(org, ())))
            self._touched = index
        return self._touched.get(day, set())

    def links(self, day: str) -> list:
        return [_Merged(u, d, day) for u, d in zip(self.undated, self.dated_links, strict=True)]

    def camps(self, day: str, orgs: Iterable[str]) -> dict[str, CampAssignment]:
        links = self.links(day)
        cache: dict = {}
        out = {}
        for org_id in orgs:
            bases = self.evidence.bases(org_id, day)
            for index, rule in enumerate(CAMP_RULES):
                for rel, other in links[index].get(org_id, ()):
                    if other == org_id or other not in self.ds.organisations:
                        continue
                    camp, rests = _evidence_camp(self.evidence, other, day, org_id, cache)
                    if camp != rule.other_camp:
                        continue
                    rule_key = (index, rel.id, other, rests)
                    basis = self.memo.get(rule_key)
                    if basis is None:
                        text = rule.explanation.format(role=getattr(rel, "role", None) or "member",
                                                       name=self.ds.organisations[other].name)
                        basis = self.memo[rule_key] = Basis(rule.gives, "inferred", rule.strength,
                                                       f"{text} ({rests}; rule {rule.id})", rel.evidence,
                                                       rule.id, other, rel.id)
                    bases.append(basis)
            key = ("assignment", *map(id, bases))
            shared = self.memo.get(key)
            if shared is None:
                shared = self.memo[key] = (_assignment(bases), bases)  # (bases kept alive: their ids stay theirs)
            out[org_id] = shared[0]
        return out


def _assignment(bases: list[Basis]) -> CampAssignment:
    if not bases:
        return CampAssignment("none", "none", "no source states a camp, no product speaks for one and no rule applies")
    camp = decide(bases)
    kinds = {b.kind for b in bases}
    basis = "stated" if "stated" in kinds else "product" if "product" in kinds else "inferred"
    first = next((b for b in bases if b.kind == "inferred"), None)
    if camp == "mixed":
        sides = "; ".join(f"{c}: " + ", ".join(b.explanation for b in bases if b.camp == c)
                          for c in sorted({b.camp for b in bases}))
        explanation = f"the bases disagree ({sides})"
    else:
        explanation = "; ".join(b.explanation for b in bases)
    own = [b for b in bases if b.kind == basis]
    evidence = tuple(e for b in own for e in b.evidence)  # the quotes of the strongest kind of basis it has
    inferred_only = basis == "inferred" and first is not None
    return CampAssignment(camp, basis, explanation, evidence, first.rule if inferred_only and first else None,
                          first.via if inferred_only and first else None, tuple(bases))


def infer_camps(ds: Dataset, as_of: str | None = None) -> dict[str, CampAssignment]:
    """The camp of every organisation of ``ds`` on the date ``as_of`` (default today; see the
    module docstring)."""
    return _Reckoner(ds).camps(as_of or _today(), ds.organisations)


def camp_periods(ds: Dataset) -> list[tuple[str, dict[str, CampAssignment]]]:
    """The camps of every organisation over time: ``[(first day, camps), ...]`` in date order, the
    first period starting at ``""`` (as far back as the sources go). A new period starts on every
    day a basis may begin or end (see :meth:`_Reckoner.cuts`)."""
    reckoner = _Reckoner(ds)
    camps = reckoner.camps("0001-01-01", ds.organisations)
    periods: list[tuple[str, dict[str, CampAssignment]]] = [("", camps)]
    for day in reckoner.cuts():
        touched = [org for org in reckoner.touched(day) if org in ds.organisations]
        changed = reckoner.camps(day, touched)
        if all(camps.get(org) is c for org, c in changed.items()):
            continue
        camps = {**camps, **changed}
        periods.append((day, camps))
    return periods


def camp_on(periods, date: str):
    """The camps of the period holding ``date``."""
    current = periods[0][1]
    for start, camps in periods:
        if start <= date:
            current = camps
    return current


__all__ = ["CampRule", "CAMP_RULES", "Basis", "CampAssignment", "decide", "infer_camps", "camp_periods", "camp_on",
           "MIXED_RATIO", "WEIGHTS"]
