"""Relationship candidates from cue patterns inside one sentence, per language.

Each cue says which relationship it suggests and where its ends are: the names listed
just before the cue, the names listed just after it, an alliance named (or referred to:
"cette alliance", "the alliance") before or after it. A list is names separated by
commas, "et"/"and" and articles only. Attribution ("selon X", "according to X") gives
the evidence's ``via`` and a ``cites`` relationship from the draft's source to X; X
takes no other part in that sentence. Develops: a known product next to an organisation
("ChatGPT d’OpenAI", "OpenAI's ChatGPT", "ChatGPT from OpenAI"). The quote is the
shortest verbatim span holding the cue and both ends (with the attribution, when there
is one), never more than the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import Mention

# (relationship, how the ends are found, role or kind, pattern); the first rule to claim a cue keeps it.
RULES = {
    "fr": [
        ("member-of", "alliance-lists-after", "founder", r"(?:membres? )?(?:co-?)?fondateurs? (?:sont|comprennent|incluent)"),
        ("member-of", "before-of-alliance", "founder", r"(?:membres? )?(?:co-?)?fondateurs? (?:de |du |d[’'])"),
        ("member-of", "before-creates-alliance", "founder",
         r"(?:ont |a )?annoncé la (?:création|fondation|naissance) d[’']|(?:ont |a )?(?:co-?)?(?:lancé|créé|fondé)e?s?|"
         r"(?:co-?)?(?:lancent|créent|fondent|forment)"),
        ("member-of", "alliance-lists-after", "founder", r"(?:co-?)?(?:fondée?s?|lancée?s?|créée?s?) par|à l[’']initiative d[e’']"),
        ("member-of", "before-of-alliance", "member",
         r"(?:nouveaux? |nouvelles? )?membres? (?:de |du |d[’'])|(?:a|ont) rejoint|rejoignent|rejoint|adhèrent à|"
         r"adhère à|(?:fait|font) partie (?:de |du |d[’'])"),
        ("member-of", "alliance-lists-after", "member",
         r"inclut|incluent|comprend|comprennent|regroupe|regroupent|rassemble|rassemblent|réunit|réunissent|"
         r"compte parmi ses membres"),
        ("partners-with", "pair", "", r"partenaires?|partenariats?|investisseurs?|investissements?|(?:a|ont) investi|investit"),
        ("competes-with", "object-before", "", r"parmi ses (?:concurrents|rivaux)"),
        ("partners-with", "object-before", "", r"parmi ses (?:partenaires|investisseurs)"),
        ("competes-with", "pair", "", r"concurrents?|concurrence|rivaux|rival|rivalisent|rivalise"),
        ("competes-with", "all-before-list-after", "", r"dominée? par"),
    ],
    "en": [
        ("member-of", "alliance-lists-after", "founder", r"(?:founding members|co-?founders|founders) (?:include|are|were)"),
        ("member-of", "before-of-alliance", "founder", r"(?:a |the )?(?:founding members?|co-?founders?|founders?) of"),
        ("member-of", "alliance-lists-after", "founder",
         r"(?:co-?)?(?:founded|launched|formed|created|established|started) by"),
        ("member-of", "before-creates-alliance", "founder",
         r"announced the (?:creation|formation|launch) of|(?:co-?)?launch(?:ed|es)?|(?:co-?)?found(?:ed)?|"
         r"form(?:ed)?|creat(?:ed|e)|set up|established"),
        ("member-of", "before-of-alliance", "member",
         r"(?:(?:is|are|as|became|become|now) )?(?:an? )?(?:new )?members? of|(?:has |have |will )?join(?:ed|s)?"),
        ("member-of", "alliance-lists-after", "member",
         r"(?:whose )?members (?:include|are)|includes?|including|comprises?|brings together"),
        ("competes-with", "object-before", "", r"(?:among|one of) (?:its|their) (?:competitors|rivals)"),
        ("partners-with", "object-before", "", r"(?:among|one of) (?:its|their) (?:partners|investors|backers)"),
        ("partners-with", "pair", "", r"partners?|partnerships?|partnered|investors?|investments?|invested|backers?|backed by"),
        ("competes-with", "pair", "", r"competitors?|compet(?:e|es|ing)|rivals?|rivalry"),
        ("competes-with", "all-before-list-after", "", r"dominated by"),
    ],
}
ATTRIBUTION = {"fr": r"selon|d[’']après", "en": r"according to|as reported by|reported by"}
ANAPHOR = {"fr": r"(?:cette|une|l[’']|la|cette nouvelle|une nouvelle)\s*(?:alliance|coalition|consortium|initiative)",
           "en": r"(?:the|this|a|an|the new|a new)\s+(?:alliance|coalition|consortium|forum|group|initiative)"}
_LIST_GAP = re.compile(r"^\s*(?:,|et|and|&|ou|or|ainsi que|as well as)?\s*(?:,\s*)?(?:(?:et|and)\s+)?"
                       r"(?:the|la|le|les|l[’'])?\s*$", re.IGNORECASE)
_DEVELOPS = {
    "fr": [("product-org", r"^\s*(?:de|du|d[’'])\s*$"),
           ("org-product", r"^\s*,?\s*(?:le |la |l[’'])?(?:créat(?:eur|rice)|concepteur|développeur|éditeur) (?:de |du |d[’'])\s*$"),
           ("org-product", r"^\s*(?:développe|a développé|a lancé|lance|conçoit|a conçu)\s+(?:son |sa |le |la |l[’'])?\s*$")],
    "en": [("org-product", r"^[’']s\s+$"),
           ("product-org", r"^\s*,?\s*(?:from|by|made by|developed by|built by|created by)\s+$"),
           ("org-product", r"^\s*,?\s*(?:the |a )?(?:maker|developer|creator|publisher) of\s+$"),
           ("org-product", r"^\s+(?:develops|developed|makes|made|launched|released|built|created)\s+(?:its |the )?$")],
}
_CLAUSE = r"[;:]|,\s*(?:and|but|while|whereas|et|mais|alors que|tandis que)\s"  # a new clause: a list stops
NEAR, WINDOW = 60, 120  # characters between a cue and the name it governs


@dataclass
class Candidate:
    type: str
    ends: tuple[str, str]
    role: str = ""  # role (member-of) or kind (partners-with)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the quote is min..max of these
    via: str = ""
    reason: str = ""


def _cue_re(pattern: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + pattern + r")(?!(?<=\w)\w)", re.IGNORECASE)


class Sentence:
    """One sentence's mentions and cues, with the whole text's mentions for references to an earlier alliance."""

    def __init__(self, text, span, mentions, all_mentions, sentence_spans, lang):
        self.text, (self.start, self.end), self.lang = text, span, lang
        self.orgs = [m for m in mentions if m.entity.section == "organisations"]
        self.products = [m for m in mentions if m.entity.section == "products"]
        self.all_mentions, self.sentence_spans = all_mentions, sentence_spans

    # -- lists of names -----------------------------------------------------------------
    def list_after(self, pos, exclude=(), limit=WINDOW):
        orgs = [m for m in self.orgs if m.start >= pos and m.entity.id not in exclude]
        if not orgs or orgs[0].start - pos > limit or re.search(_CLAUSE, self.text[pos:orgs[0].start], re.I):
            return []
        out = [orgs[0]]
        for m in orgs[1:]:
            if not _LIST_GAP.match(self.text[out[-1].end:m.start]):
                break
            out.append(m)
        return out

    def list_before(self, pos, exclude=(), limit=WINDOW):
        orgs = [m for m in self.orgs if m.end <= pos and m.entity.id not in exclude]
        if not orgs or pos - orgs[-1].end > limit or re.search(_CLAUSE, self.text[orgs[-1].end:pos], re.I):
            return []
        out = [orgs[-1]]
        for m in reversed(orgs[:-1]):
            if not _LIST_GAP.match(self.text[m.end:out[0].start]):
                break
            out.insert(0, m)
        return out

    # -- the alliance a cue refers to ---------------------------------------------------------
    def _alliance(self, m: Mention) -> bool:
        return m.entity.section == "organisations" and m.entity.kind == "alliance"

    def _resolve(self, anaphor: re.Match):
        """An anaphor ("cette alliance"): the last alliance named before it; else the first in the next two sentences."""
        before = [m for m in self.all_mentions if self._alliance(m) and m.end <= anaphor.start()]
        if before:
            return before[-1], f"{anaphor.group()!r} taken as the last alliance named before it, {before[-1].entity.name}"
        later = [s for s in self.sentence_spans if s[0] >= self.end][:2]
        after = [m for m in self.all_mentions if self._alliance(m) and later and self.end <= m.start < later[-1][1]]
        if after:
            return after[0], f"{anaphor.group()!r} taken as the alliance named next, {after[0].entity.name}"
        return None, ""

    def alliance_after(self, pos, limit=NEAR):
        direct = [m for m in self.orgs if self._alliance(m) and pos <= m.start <= pos + limit]
        ana = _cue_re(ANAPHOR[self.lang]).search(self.text, pos, min(self.end, pos + limit))
        if direct and (ana is None or direct[0].start <= ana.start()):
            return direct[0], (direct[0].start, direct[0].end), ""
        if ana:
            m, why = self._resolve(ana)
            if m:
                return m, ana.span(), why
        return None, None, ""

    def alliance_before(self, pos):
        direct = [m for m in self.orgs if self._alliance(m) and m.end <= pos]
        anas = list(_cue_re(ANAPHOR[self.lang]).finditer(self.text, self.start, pos))
        if direct and (not anas or direct[-1].start >= anas[-1].start()):
            return direct[-1], (direct[-1].start, direct[-1].end), ""
        if anas:
            m, why = self._resolve(anas[-1])
            if m:
                return m, anas[-1].span(), why
        return None, None, ""


def _names(ms):
    return ", ".join(m.entity.name for m in ms)


def candidates(text: str, sentence_spans, mentions: list[Mention], lang: str, source_id: str) -> list[Candidate]:
    """Every relationship candidate of the text, sentence by sentence."""
    out: list[Candidate] = []
    for span in sentence_spans:
        inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
        if inside:
            out += _sentence(Sentence(text, span, inside, mentions, sentence_spans, lang), source_id)
    return out


def _sentence(s: Sentence, source_id: str) -> list[Candidate]:
    text, out = s.text, []
    via, via_span = None, None
    for m in _cue_re(ATTRIBUTION[s.lang]).finditer(text, s.start, s.end):
        after = s.list_after(m.end(), limit=45)
        if after and not re.search(r"[,;.]", text[m.end():after[0].start]):
            via, via_span = after[0], (m.start(), after[0].end)
            out.append(Candidate("cites", (source_id, via.entity.id), spans=[via_span],
                                 reason=f"attribution cue {m.group()!r}: the source cites {via.entity.name}"))
            break
    skip = {via.entity.id} if via else set()
    used: list[tuple[int, int]] = []

    def add(kind, a: Mention, b: Mention, role, cue, extra, why):
        if a.entity.id == b.entity.id:
            return
        spans = [(m.start, m.end) for m in (a, b) if s.start <= m.start < s.end]  # an alliance referred to stays out
        spans += [cue.span(), *extra]
        if via_span:
            spans.append(via_span)
        out.append(Candidate(kind, (a.entity.id, b.entity.id), role, spans, via.entity.id if via else "", why))

    for kind, how, role, pattern in RULES[s.lang]:
        for cue in _cue_re(pattern).finditer(text, s.start, s.end):
            if any(a < cue.end() and cue.start() < b for a, b in used):
                continue
            found = False
            word = cue.group()
            if how in ("before-of-alliance", "before-creates-alliance"):
                alliance, aspan, why = s.alliance_after(cue.end())
                members = [m for m in s.list_before(cue.start(), skip) if alliance and m.entity.id != alliance.entity.id]
                for m in members:
                    add(kind, m, alliance, role, cue, [aspan],
                        f"cue {word!r} ({role}) between {_names(members)} and {alliance.entity.name}"
                        + (f"; {why}" if why else ""))
                    found = True
            elif how == "alliance-lists-after":
                alliance, aspan, why = s.alliance_before(cue.start())
                members = [m for m in s.list_after(cue.end(), skip) if alliance and m.entity.id != alliance.entity.id]
                for m in members:
                    add(kind, m, alliance, role, cue, [aspan],
                        f"cue {word!r} ({role}): {alliance.entity.name} then {_names(members)}"
                        + (f"; {why}" if why else ""))
                    found = True
            elif how == "pair":
                before, after = s.list_before(cue.start(), skip, NEAR), s.list_after(cue.end(), skip, NEAR)
                sub = "investment" if kind == "partners-with" and re.search(r"invest", text[cue.start():cue.end() + 20], re.I) else ""
                if before and after:
                    pairs = [(before[-1], m) for m in after]
                elif len(before) >= 2:
                    pairs = [(before[0], m) for m in before[1:]]
                else:
                    pairs = []
                for a, b in pairs:
                    add(kind, a, b, sub, cue, [], f"cue {word!r} between {a.entity.name} and {b.entity.name}"
                        + (" (investment)" if sub else ""))
                    found = True
            elif how == "object-before":  # "A counts B among its competitors": A, the org before the objects
                objects = s.list_before(cue.start(), skip, NEAR)
                subject = [m for m in s.orgs if objects and m.end <= objects[0].start and m.entity.id not in skip]
                for b in objects if subject else []:
                    add(kind, subject[-1], b, "", cue, [], f"cue {word!r}: {b.entity.name} among the "
                                                          f"{'competitors' if kind == 'competes-with' else 'partners'} of "
                                                          f"{subject[-1].entity.name}")
                    found = True
            elif how == "all-before-list-after":
                before = [m for m in s.orgs if m.end <= cue.start() and m.entity.id not in skip]
                after = s.list_after(cue.end(), skip, 30)
                for a in before:
                    for b in after:
                        add(kind, a, b, "", cue, [], f"cue {word!r}: {a.entity.name} is placed in a field "
                                                     f"{word} {b.entity.name} (a weak cue: check)")
                        found = True
            if found:
                used.append(cue.span())
    for p in s.products:
        for org in s.orgs:
            for order, gap in _DEVELOPS[s.lang]:
                a, b = (p, org) if order == "product-org" else (org, p)
                if a.end <= b.start and re.match(gap, text[a.end:b.start], re.IGNORECASE):
                    out.append(Candidate("develops", (org.entity.id, p.entity.id), "", [(a.start, b.end)],
                                         via.entity.id if via else "",
                                         f"{text[a.start:b.end]!r}: {p.entity.name} is {org.entity.name}'s"))
    return out
