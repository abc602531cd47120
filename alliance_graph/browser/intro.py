"""The guide's opening slide, drawn from the dataset rather than written for one article.

What it says, each with a verbatim quote from the dataset:

* per camp (open, then closed): the camp's largest alliance with its founders, its size
  (a claim about it) and members; or, when the camp has no alliance, its most connected
  organisation with its products, investment partners and competitors in the same camp;
* the largest series of forecasts (one organisation, one metric, several years), else of
  figures, not already quoted;
* the main source (the one most evidence quotes come from).

A different dataset gives the same kind of slide about its own organisations.

>>> from alliance_graph.dataset import load_dataset
>>> slide = intro_slide(load_dataset())
>>> "Meta and IBM founded the <em>AI Alliance</em>" in slide
True
"""

from __future__ import annotations

import html
import re
from collections import Counter

from ..camps import infer_camps
from ..draw.style import CAMP_FILL, KIND_FILL
from ..model import Claim, Dataset, Evidence

#: The one runnable block that is not a registry query: the picture the style is for.
OVERVIEW_CYPHER = "MATCH p = (:Organisation)-[:MEMBER_OF|PARTNERS_WITH|COMPETES_WITH|DEVELOPS]->()\nRETURN p"

_QUALIFIER = {"approximately": "about ", "more-than": "more than ", "less-than": "less than ",
              "at-least": "at least ", "exact": ""}
_MEMBERS_SHOWN = 4


def runnable(text: str) -> str:
    return f'<pre class="pre-scrollable code runnable">{html.escape(text.rstrip(), quote=False)}</pre>'


def _swatch(colour: str, text: str) -> str:
    return (f'<span style="display:inline-block;padding:0 8px;border-radius:9px;color:#fff;'
            f'background:{colour}">{html.escape(text)}</span>')


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _quotes(evidence: tuple[Evidence, ...], n: int = 1) -> str:
    return " ".join(f"<q>{html.escape(e.quote)}</q>" for e in evidence[:n])


def _name(ds: Dataset, node: str) -> str:
    found = ds.organisations.get(node) or ds.products.get(node)
    return html.escape(found.name if found else node)


def _display(ds: Dataset, org_id: str) -> str:
    """``IDC (International Data Corp)`` when the organisation has a short capitalised alias."""
    org = ds.organisations[org_id]
    short = next((a for a in org.aliases if a.isupper() and len(a) < len(org.name)), None)
    return html.escape(f"{short} ({org.name})" if short else org.name)


def _amount(claim: Claim) -> str:
    value, number = claim.value, f"{claim.value:g}"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            number = f"{value / size:g} {word}"
            break
    text = f"${number}" if claim.unit == "USD" else f"{number} {claim.unit}"
    return html.escape(_QUALIFIER.get(claim.qualifier, "") + text)


def _relations(ds: Dataset):
    """Per organisation: its alliances' members by role, products, investment partners, competitors."""
    members: dict[str, dict[str, list[str]]] = {}
    products: dict[str, list[str]] = {}
    investors: dict[str, list[str]] = {}
    competitors: dict[str, list[str]] = {}
    degree: Counter[str] = Counter()
    for rel in ds.relationships.values():
        if rel.type in ("member-of", "partners-with", "competes-with", "develops"):
            degree.update((rel.source, rel.target))
        if rel.type == "member-of":
            members.setdefault(rel.target, {}).setdefault(rel.role or "member", []).append(rel.source)
        elif rel.type == "develops":
            products.setdefault(rel.source, []).append(rel.target)
        elif rel.type in ("partners-with", "competes-with"):
            into = investors if rel.type == "partners-with" else competitors
            if rel.type == "competes-with" or rel.kind == "investment":
                into.setdefault(rel.source, []).append(rel.target)
                into.setdefault(rel.target, []).append(rel.source)
    return members, products, investors, competitors, degree


def _alliance_sentence(ds: Dataset, alliance: str, members: dict, used: set) -> str:
    org = ds.organisations[alliance]
    roles = members.get(alliance, {})
    founders, others = roles.get("founder", []), roles.get("member", [])
    head = (f"{_and([_name(ds, f) for f in founders])} founded the <em>{_name(ds, alliance)}</em>" if founders
            else f"The <em>{_name(ds, alliance)}</em>")
    size = next((c for c in ds.claims.values() if c.about == alliance), None)
    description = (org.description or "").strip().rstrip(".")
    if description and not description[1:2].isupper():
        description = description[0].lower() + description[1:]
    what = html.escape(description) if description else (_amount(size) if size else "")
    text = head + (f", {what}" if what else "")
    if others:
        shown = [_name(ds, m) for m in others[:_MEMBERS_SHOWN]]
        text += f", with members such as {_and(shown)}" + ("&hellip;" if len(others) > _MEMBERS_SHOWN else "")
    if size is not None:
        used.add(size.id)
        evidence = size.evidence
    else:
        evidence = (org.camp.evidence if org.camp else ()) or org.evidence
    used.update([alliance, *founders, *others])
    return text + (f": {_quotes(evidence)}" if evidence else "")


def _lead_sentence(ds: Dataset, lead: str, camps: dict, camp: str, relations, used: set) -> str:
    _, products, investors, competitors, _ = relations
    text = _name(ds, lead)
    if products.get(lead):
        text += f" ({_and([_name(ds, p) for p in products[lead]])})"
    partners = [o for o in dict.fromkeys(investors.get(lead, [])) if o in ds.organisations]
    if partners:
        text += f", with its investment partner{'s' if len(partners) > 1 else ''} {_and([_name(ds, o) for o in partners])}"
    rivals = [o for o in dict.fromkeys(competitors.get(lead, [])) if o in camps and camps[o].camp == camp
              and ds.organisations[o].kind != "alliance"]
    if rivals:
        text += f"{',' if partners else ''} and its competitor{'s' if len(rivals) > 1 else ''} " \
                f"{_and([_name(ds, o) for o in rivals])}"
    used.update([lead, *partners, *rivals])
    evidence = camps[lead].evidence
    return text + (f": {_quotes(evidence, 2)}" if evidence else "")


def _camp_item(ds: Dataset, camps: dict, camp: str, relations, used: set) -> tuple[str, str] | None:
    """The bullet of one camp and the id of the organisation it is about, or None."""
    in_camp = [o for o, a in camps.items() if a.camp == camp]
    if not in_camp:
        return None
    members, degree = relations[0], relations[4]
    alliances = [o for o in in_camp if ds.organisations[o].kind == "alliance"]
    if alliances:
        subject = min(alliances, key=lambda o: (-sum(map(len, members.get(o, {}).values())), o))
        sentence = _alliance_sentence(ds, subject, members, used)
    else:
        subject = min(in_camp, key=lambda o: (camps[o].basis != "stated", -degree[o], o))
        sentence = _lead_sentence(ds, subject, camps, camp, relations, used)
    rest = len([o for o in in_camp if o not in used])
    more = f" And {rest} more in this camp." if rest else ""
    stop = "" if re.search(r"[.!?]</q>$", sentence) else "."
    return f"<li><strong>The {camp} camp.</strong> {sentence}{stop}{more}</li>", subject


def _figures_item(ds: Dataset, used: set) -> str | None:
    """The largest series of forecasts (else figures) by one organisation on one metric."""
    claims = [c for c in ds.claims.values() if c.id not in used]
    series: dict[tuple, list[Claim]] = {}
    for c in claims:
        series.setdefault((c.kind != "forecast", c.stated_by or "", c.metric), []).append(c)
    if not series:
        return None
    key = min(series, key=lambda k: (k[0], -len(series[k]), k))
    group = sorted(series[key], key=lambda c: (c.year is None, c.year or 0, c.id))
    forecast, who, metric = key[0] is False, key[1], key[2]
    parts = []
    for i, c in enumerate(group):
        when = "" if c.year is None else f" {'by' if i and i == len(group) - 1 else 'in'} {c.year}"
        parts.append(_amount(c) + when)
    subject = _display(ds, who) if who in ds.organisations else "The source"
    verb = "forecasts" if forecast else "states"
    title = "The stakes." if forecast else "In figures."
    return (f"<li><strong>{title}</strong> {subject} {verb} {html.escape(metric)} of {_and(parts)}: "
            f"{_quotes(group[-1].evidence)}.</li>")


def _main_source(ds: Dataset):
    counts: Counter[str] = Counter()
    for section in (ds.organisations, ds.products, ds.claims, ds.relationships):
        for record in section.values():
            evidence = list(record.evidence) + list(getattr(getattr(record, "camp", None), "evidence", ()) or ())
            counts.update(e.source for e in evidence)
    ranked = sorted(ds.sources, key=lambda s: (-counts[s], s))
    return (ds.sources[ranked[0]] if ranked else None), len(ranked)


def intro_slide(ds: Dataset) -> str:
    """The opening slide for ``ds``: the camps, the figures, the main source, the legend
    and the overview query."""
    camps = infer_camps(ds)
    relations = _relations(ds)
    used: set[str] = set()
    items, subjects = [], []
    for camp in ("open", "closed"):
        found = _camp_item(ds, camps, camp, relations, used)
        if found:
            items.append(found[0])
            subjects.append(found[1])
    figures = _figures_item(ds, used)
    if figures:
        items.append(figures)
    source, n_sources = _main_source(ds)
    if source is not None:
        when = ", ".join(html.escape(x) for x in (source.language, source.published or "") if x)
        others = f" and {n_sources - 1} other source{'s' if n_sources > 2 else ''}" if n_sources > 1 else ""
        source_line = f"    <p>Source: <em>{html.escape(source.title)}</em> ({when}){others}.</p>\n"
    else:
        source_line = ""
    read_from = "one source" if n_sources == 1 else f"{n_sources} sources"
    legend = " ".join([
        _swatch(CAMP_FILL["open"], "open camp"), _swatch(CAMP_FILL["closed"], "closed camp"),
        _swatch(CAMP_FILL["none"], "no camp"), _swatch(KIND_FILL["Product"], "product"),
        _swatch(KIND_FILL["Claim"], "figure or forecast"), _swatch(KIND_FILL["Source"], "source"),
    ])
    ids = "".join(f"<code>{html.escape(s)}</code>, " for s in subjects[:2])
    bullets = "\n".join(f"      {item}" for item in items)
    return f"""<slide class="row-fluid" id="agraph-intro">
  <div class="col-sm-3">
    <h3>Open or closed AI?</h3>
    <p class="lead">Who stands where in the AI industry, read from {read_from}, every fact with its quote.</p>
{source_line}  </div>
  <div class="col-sm-9">
    <ul>
{bullets}
    </ul>
    <p>{legend}</p>
    <p>The dataset as a graph: organisations coloured by camp (the style applied when you
      connected; <code>:style reset</code> restores the Browser's own), their memberships,
      partnerships and rivalries, and the products they develop. Click to run:</p>
    {runnable(OVERVIEW_CYPHER)}
    <p>Each of the next slides is one canned query of the
      <code>alliance-graph</code> registry: click its <code>:param</code> block to set the
      parameters, then its query to run it. The canned queries take <strong>ids</strong>
      ({ids.rstrip(", ") + "&hellip;" if ids else "see the <code>names</code> slide"}); looking
      organisations up by name or alias is what the <code>agraph</code> command adds.</p>
  </div>
</slide>"""
