"""Relationship candidates from cue patterns inside one sentence, per language.

Each cue says which relationship it suggests and where its ends are: the names listed
just before the cue, the names listed just after it, an alliance named (or referred to:
"cette alliance", "the alliance") before or after it. A list is names separated by
commas, "et"/"and" and articles only. Attribution ("selon X", "according to X",
:mod:`.attribution`) gives the evidence's ``via`` and a ``cites`` relationship from the
draft's source to X; X takes no other part in that sentence. Develops: a known product next to an organisation
("ChatGPT d’OpenAI", "OpenAI's ChatGPT", "ChatGPT from OpenAI"). The quote is the
shortest verbatim span holding the cue and both ends (with the attribution, when there
is one), never more than the sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from dataclasses import dataclass, field

from . import attribution, develops, funding
from .attribution import cue_re as _cue_re
from .modality import modality as _modality
from .names import Mention

# (relationship, how the ends are found, role or kind, pattern); the first rule to claim a cue keeps it.
RULES = {
    "fr": [
        ("member-of", "alliance-lists-after", "founder", r"(?:membres? )?(?:co-?)?fondateurs? (?:sont|comprennent|incluent)"),
        ("member-of", "before-of-alliance", "founder", r"(?:membres? )?(?:co-?)?fondateurs? (?:de |du |d[’'])"),
        ("member-of", "before-creates-alliance", "founder",
         r"(?:ont |a )?annoncé la (?:création|fondation|naissance) d[’']|(?:ont |a )?(?:co-?)?(?:lancé|créé|fondé)e?s?|"
         r"(?:co-?)?(?:lancent|créent|fondent|forment)|(?:ont |a )formée?s?|(?:à |pour |de )(?:créer|lancer|fonder|former)"),
        ("member-of", "alliance-lists-after", "founder", r"(?:co-?)?(?:fondée?s?|lancée?s?|créée?s?) par|à l[’']initiative d[e’']"),
        ("member-of", "before-of-alliance", "member",
         r"(?:nouveaux? |nouvelles? )?membres? (?:de |du |d[’'])|(?:a|ont) rejoint|rejoignent|rejoint|adhèrent à|"
         r"adhère à|(?:fait|font) (?:\w+ment )?partie (?:de |du |d[’'])"),
        ("member-of", "before-of-alliance", "NOT",
         r"(?:sont |est )?(?:particulièrement |notamment |notoirement )?(?:absente?s?|exclue?s?) (?:de |du |d[’'])|"
         r"ne (?:font|fait) pas partie (?:de |du |d[’'])|(?:n[’']ont|n[’']a) pas rejoint"),
        ("member-of", "alliance-lists-after", "founder", r"(?:co-?)?(?:fondent|fondateurs|lancent|créent)[^.;:]{0,40}?:"),
        ("member-of", "alliance-lists-after", "member",
         r"inclut|incluent|comprend|comprennent|regroupe|regroupent|rassemble|rassemblent|réunit|réunissent|"
         r"compte parmi ses membres|(?:parmi les |les |ses |en )membres?[^.;:]{0,30}?(?::|on retrouve|figurent|comptent|sont)"),
        ("member-of", "before-topic-alliance", "founder",
         r"(?:comme |sont |est )?(?:les |la )?(?:têtes? de pont|fers? de lance|(?:membres? )?fondateurs)\b"),
        ("member-of", "before-topic-alliance", "member", r"en (?:sont|est|font partie|fait partie)(?: membres?)?"),
        ("partners-with", "subject-list-after", "investment",
         r"(?:investisseurs|actionnaires|soutiens|partenaires(?: stratégiques)?|fonds)[^.;]{0,40}?"
         r"(?:dont|comme|incluant|parmi lesquels|tels que|notamment)|investisseurs[^.;]{0,100}?,\s*parmi lesquel(?:s|les)|"
         r"(?:les |des )?fonds d[’']investissement(?: [a-zé]+)?|"
         r"(?:tour(?: de table| de financement)?|levée|financement)[^.;]{0,40}?(?:mené|menée|dirigé|dirigée) par|"
         r"(?:tour de table|levée|financement)[^.;]{0,30}?(?:rassemble|réunit|inclut|comprend|associe)|"
         r"aux côtés d[’'](?:investisseurs|acteurs|fonds)[^.;]{0,30}?(?:comme|tels que|dont)"),
        ("partners-with", "pair", "", r"(?:a |ont |avoir )?lev(?:é|ée|er|e|ent)\b[^.;]{0,80}?\bauprès d(?:e|u|es|[’'])|"
         r"au capital d(?:e|u|[’'])|s[’'](?:associent|allient|associe|allie)\b|"
         r"partenaires?|partenariats?|investisseurs?(?: d[’']amorçage)?|investissements?|"
         r"(?:a|ont|avoir) investi|(?:a|ont|avait|avaient) (?:déjà |aussi |également )?versé\b[^.;]{0,50}?\bdans|"
         r"(?:a|ont|avait|avaient) (?:déjà |aussi |également )?participé|investi(?:t|ra|ront|ssent|r)?|(?:prend|prennent|a pris|ont pris|prise) (?:une )?participation|"
         r"participation|proches? d(?:e|u|es|[’'])|soutenue? par|financée? par|s[’']associe(?:nt)? (?:à|avec)|collabor(?:e|ent|ation) avec|"
         r"(?:a |ont |avait |avaient )?injecté\b[^.;]{0,60}?\bdans|(?:accords?|contrats?|pactes?)(?: [^.;]{0,60}?\bavec)?"),
        ("competes-with", "object-before", "", r"parmi ses (?:concurrents|rivaux)"),
        ("partners-with", "object-before", "", r"parmi ses (?:partenaires|investisseurs)"),
        ("competes-with", "pair", "", r"concurrents?|concurrence|concurrencer|rivaux|rival|rivalisent|rivalise|rivaliser|"
         r"face (?:à|aux?)|"
         r"(?:ont|a) rivalisé"),
        ("competes-with", "all-before-list-after", "", r"dominée? par"),
        ("partners-with", "between", "", r"(?:collaboration|partenariat|accord|alliance|coopération)[^.;]{0,60}?\bentre"),
        ("competes-with", "between", "", r"(?:rivalité|concurrence|course|bataille|duel)[^.;]{0,40}?\bentre"),
    ],
    "en": [
        ("member-of", "alliance-lists-after", "founder", r"(?:founding members|co-?founders|founders) (?:include|are|were)"),
        ("member-of", "before-of-alliance", "founder", r"(?:a |the )?(?:founding members?|co-?founders?|founders?) of"),
        ("member-of", "alliance-lists-after", "founder",
         r"(?:co-?)?(?:founded|launched|formed|created|established|started) by"),
        ("member-of", "before-creates-alliance", "founder",
         r"announced the (?:creation|formation|launch) of|(?:co-?)?launch(?:ed|es)?|(?:co-?)?found(?:ed)?|"
         r"form(?:ed)?|creat(?:ed|e)|set up|established"),
        ("member-of", "before-of-alliance", "NOT",
         r"(?:are |is )?(?:notably |conspicuously )?(?:absent|missing|excluded) from|(?:is|are) not (?:a )?members? of|"
         r"(?:has|have|did) not joined|(?:is|are) no longer (?:a )?members? of"),
        ("member-of", "before-of-alliance", "member",
         r"(?:(?:is|are|as|became|become|now) )?(?:an? )?(?:new )?members? of|(?:has |have |will )?join(?:ed|s)?"),
        ("member-of", "alliance-lists-after", "founder", r"(?:co-?)?(?:founded|founding|launched)[^.;:]{0,40}?:"),
        ("member-of", "alliance-lists-after", "member",
         r"(?:whose )?members (?:include|are)|includes?|including|comprises?|brings together|"
         r"members[^.;:]{0,30}?(?::|\bare\b|\binclude\b)"),
        ("partners-with", "subject-list-after", "investment",
         r"(?:backers|investors|shareholders|funders)[^.;]{0,30}?(?:include|including|such as|like|are)|"
         r"(?:round|funding|financing|investment|raise)[^.;]{0,60}?\bled by|(?:with )?(?:the )?participation (?:from|of)|"
         r"(?:round|funding|financing)[^.;]{0,30}?(?:included|includes|drew|brought in)"),
        ("competes-with", "object-before", "", r"(?:among|one of) (?:its|their) (?:competitors|rivals)"),
        ("partners-with", "object-before", "", r"(?:among|one of) (?:its|their) (?:partners|investors|backers)"),
        ("partners-with", "pair", "", r"rais(?:e|es|ed|ing)\b[^.;]{0,80}?\bfrom|"
         r"(?:alliance|tie-ups?|ties|deal|agreement|relationship|collaboration) with|ties to|"
         r"work(?:s|ed|ing)? (?:closely |primarily |together )?with|"
         r"(?:tak(?:e|es|ing)|took) (?:money|funding|cash) from|(?:funded|financed) by|"
         r"partners?|partnerships?|partner(?:ed|ing) with|investors?|investments?|invest(?:s|ed|ing)?|"
         r"(?:minority |majority )?stakes?|backers?|backed by|backed|backs|backing|pump(?:s|ed|ing)?|"
         r"team(?:s|ed|ing)? up(?: with)?|collaborat(?:es|ed|ing|ion) (?:with|between)|"
         r"(?:(?:a|an|the|its|their|this|new|signed|supply|licensing|cloud|chip|multi-?year|\d+-year)\s+)"
         r"(?:contracts?|agreements?|deals?|pacts?)(?:\s+with)?|(?:contracts?|agreements?|pacts?)\s+with|"
         r"(?:all )?(?:contributed|took part|participated|joined)(?= (?:in |to )?(?:the |this |its |a )?(?:new )?(?:round|raise|funding))"),
        ("competes-with", "pair", "", r"competitors?|compet(?:e|es|ed|ing)|competition (?:from|with)|rivals?|rivalry|"
         r"challeng(?:e|es|ed|ing)|(?:take|takes|took|taking) on"),
        ("competes-with", "all-before-list-after", "", r"dominated by"),
        ("partners-with", "between", "", r"(?:collaboration|partnership|deal|agreement|alliance|cooperation)[^.;]{0,60}?\bbetween"),
        ("competes-with", "between", "", r"(?:rivalry|race|competition|battle|fight|duel)[^.;]{0,40}?\bbetween"),
    ],
}
# A founding cue anywhere in the clause before a membership cue makes every listed member a founder
FOUNDING = r"\b(?:founding|co-?found\w*|founders?|fondat\w*|cofondat\w*|co-fondat\w*)\b"
_MONEY = re.compile(r"(?:(?:US)?\$|€|£)\s?\d[\d.,]*\s*(?:billion|million|bn|m\b)?|\d[\d.,]*\s*(?:billion|million) "
                    r"(?:dollars|euros)|\d[\d.,]*\s*(?:milliards?|millions?) (?:de dollars|d[’']euros|de \$|d[’']€)",
                    re.IGNORECASE)
ANAPHOR = {"fr": r"(?:cette|une|l[’']|la|cette nouvelle|une nouvelle)\s*(?:alliance|coalition|consortium|initiative)|"
              r"(?:le|ce) (?:cercle|club|groupe|groupement)|ses rangs",
           "en": r"(?:the|this|a|an|the new|a new)\s+(?:alliance|coalition|consortium|forum|group|initiative)"}
_LIST_GAP = re.compile(r"^(?:\s+(?:à|at|in)\s+[A-Z][\w-]*)?"  # "l’Université de Californie à Berkeley, ..."
                       r"(?:\s+(?:Platforms|Inc\.?|Corp\.?|Corporation|Group|Groupe|Systems|Holdings))?"  # "Meta Platforms et"
                       r"\s*(?:,|et|and|&|ou|or|ainsi que|as well as)?\s*(?:,\s*)?(?:(?:et|and)\s+)?"
                       r"(?:the|la|le|les|l[’'])?\s*$")
# "IBM and social media tech giant Meta": a short lower-case description between "and" and a name
_DESCRIBED_GAP = re.compile(r"^\s*,?\s*(?:and|et|as well as|ainsi que)\s+(?:(?:the|a|an|le|la|les|l[’']|un|une)\s*)?"
                            r"(?:(?:[a-zà-ÿ][\w’'-]*|US|UK|EU|U\.S\.)\s+){1,4}$")
# "General Catalyst, Elad Gil, Emerson Collective": a person listed between two organisations
_PERSON_GAP = re.compile(r"\s*,\s*(?:(?:[A-Z][\w’'-]+\s+){1,2}[A-Z][\w’'-]+\s*,\s*)+(?:(?:et|and)\s+)?")
_CONJUNCTION = re.compile(r"\b(?:and|et|or|ou|&|as well as|ainsi que)\b|&", re.IGNORECASE)
_VERB_AFTER = re.compile(r"^\s+(?:has|have|had|is|are|was|were|will|would|said|says|a|ont|est|sont|va|vont)\b")
_POSSESSED = re.compile(r"^[’']s\s+[a-z]")  # "OpenAI's chief rivals": OpenAI qualifies a noun, it is not a list item
_PEOPLE_OF = re.compile(r"\b(?:PDG|CEO|patron|présidente?|dirigeante?s?|directeur|directrice|fondateurs?|cofondateurs?|"
                        r"chief|head|boss|chairman|employees?|engineers?|researchers?|executives?|staffers?|anciens?|"
                        r"alumni|veterans?|salariés?|ingénieurs?|chercheurs?)\s+(?:\w+\s+){0,2}?"
                        r"(?:de |du |d[’']|of |at |from |chez )(?:the |le |la |l[’'])?(?:[A-Z][\w.&-]*[’']s\s+)?$",
                        re.IGNORECASE)
_CLAUSE = r"[;:]|,\s*(?:and|but|while|whereas|et|mais|alors que|tandis que)\s"  # a new clause: a list stops
NEAR, WINDOW = 60, 120  # characters between a cue and the name it governs


def _span(gap: str) -> int:
    """The length of a gap between a cue and a name, parentheses left out ("(16,3 millions de dollars)")."""
    return len(re.sub(r"\s*\([^()]*\)", "", gap))


@dataclass
class Candidate:
    type: str
    ends: tuple[str, str]
    role: str = ""  # role (member-of) or kind (partners-with)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the quote is min..max of these
    via: str = ""
    reason: str = ""
    negated: str = ""  # why the text denies it: never a fact, at most a commented-out suggestion
    modal: str = ""  # the conditional or plan it is stated under: a warning for the reviewer


class Sentence:
    """One sentence's mentions and cues, with the whole text's mentions for references to an earlier alliance."""

    def __init__(self, text, span, mentions, all_mentions, sentence_spans, lang, topic=None):
        self.text, (self.start, self.end), self.lang, self.topic = text, span, lang, topic  # topic: funding.raiser
        self.orgs = [m for m in mentions if m.entity.section == "organisations"]
        self.products = [m for m in mentions if m.entity.section == "products"]
        self.all_mentions, self.sentence_spans = all_mentions, sentence_spans

    # -- lists of names -----------------------------------------------------------------
    def _bracketed(self, m) -> bool:
        """Whether ``m`` stands inside parentheses ("Microsoft (ChatGPT / OpenAI)"): no list item then."""
        before = self.text[self.start:m.start]
        return before.count("(") > before.count(")")

    def _people_of(self, m) -> bool:
        """Whether ``m`` only says whom people work for ("L’ancien PDG de Google, Eric Schmidt", "former
        employees of OpenAI"): no end of a relationship then."""
        if _PEOPLE_OF.search(self.text[max(self.start, m.start - 40):m.start]):
            return True
        earlier = [o for o in self.orgs if o.end <= m.start]  # "engineers at Google and Meta": Meta too
        return bool(earlier and re.fullmatch(r"\s*(?:,|and|et)\s*", self.text[earlier[-1].end:m.start])
                    and self._people_of(earlier[-1]))

    def list_after(self, pos, exclude=(), limit=WINDOW):
        orgs = [m for m in self.orgs if m.start >= pos and m.entity.id not in exclude and not self._people_of(m)
                and (not self._bracketed(m) or self._bracketed_at(pos))]
        if not orgs or _span(self.text[pos:orgs[0].start]) > limit or re.search(_CLAUSE, self.text[pos:orgs[0].start], re.I):
            return []
        if len(orgs) > 1 and re.fullmatch(r"(?:,?\s*(?:Inc|Corp)\.?)?[’']s\s+", self.text[orgs[0].end:orgs[1].start]):
            orgs = orgs[1:]  # "Alphabet Inc.’s Google": Google, the owner only qualifies it
        if _POSSESSED.match(self.text[orgs[0].end:]):
            return []
        out = [orgs[0]]
        for m in orgs[1:]:
            gap = re.sub(r"\s*\([^()]*\)", "", self.text[out[-1].end:m.start])
            if not (_LIST_GAP.match(gap) or _DESCRIBED_GAP.match(gap) or _PERSON_GAP.fullmatch(gap)) \
                    or _VERB_AFTER.match(self.text[m.end:]):
                break
            out.append(m)
        return self._conjoined(out, 0)

    def _conjoined(self, items, keep):
        """A list of two names or more is joined by "and"/"et"; without one, "A, B" is two clauses: keep one."""
        tail = re.match(r"\s*,?\s*(?:and|et|or|ou)\s+(?:\w+\s+)?(?:other|others|d[’']autres|more|many|several)\b"
                        r"|\s*(?:…|\.\.\.|,\s*etc\b)", self.text[items[-1].end:] if items else "")
        if len(items) > 1 and not tail and not any(_CONJUNCTION.search(self.text[a.end:b.start])
                                                   for a, b in zip(items, items[1:], strict=False)):
            return [items[keep]]
        return items

    def _bracketed_at(self, pos) -> bool:
        before = self.text[self.start:pos]
        return before.count("(") > before.count(")")

    def list_before(self, pos, exclude=(), limit=WINDOW):
        orgs = [m for m in self.orgs if m.end <= pos and m.entity.id not in exclude and not self._people_of(m)
                and (not self._bracketed(m) or self._bracketed_at(pos))]
        if not orgs or _span(self.text[orgs[-1].end:pos]) > limit or re.search(_CLAUSE, self.text[orgs[-1].end:pos], re.I):
            return []
        out = [orgs[-1]]
        for m in reversed(orgs[:-1]):
            gap = re.sub(r"\s*\([^()]*\)", "", self.text[m.end:out[0].start])
            if not (_LIST_GAP.match(gap) or _DESCRIBED_GAP.match(gap)):
                break
            out.insert(0, m)
        return self._conjoined(out, -1)

    def possessor(self, pos):
        """The organisation a possessive right before ``pos`` names ("the tech giant's partner", "its
        investors", "Microsoft's alliance"): the name before "'s", else the sentence's first organisation."""
        before = self.text[max(self.start, pos - 45):pos]
        m = re.search(r"(?:[’']s|\b(?:its|their|son|sa|ses|leur|leurs))\s+(?:[\w-]+\s+){0,3}$", before, re.IGNORECASE)
        if not m or re.search(r"[,;:]|\b(?:is|are|was|were|has|have|had|will|est|sont|a|ont)\b", before[m.start():]):
            return None
        at = pos - len(before) + m.start()
        named = [o for o in self.orgs if o.end == at]
        if named:
            return named[0]
        first = [o for o in self.orgs if o.start < at]
        return first[0] if first else None

    def after_list(self, last):
        """The organisation right after a fronted list ("In taking money from A and B, C is ..."): C."""
        nxt = [o for o in self.orgs if o.start >= last.end]
        if nxt and re.fullmatch(r"\s*,\s*", self.text[last.end:nxt[0].start]) and _VERB_AFTER.match(self.text[nxt[0].end:]):
            return nxt[0]
        return None

    def previous_subject(self):
        """The subject of the sentence before: its first organisation followed by a verb, else its first."""
        before = [b for b in self.sentence_spans if b[1] <= self.start][-1:]
        orgs = [m for m in self.all_mentions if before and before[0][0] <= m.start < before[0][1]
                and m.entity.section == "organisations" and m.how != "reference"]
        return ([m for m in orgs if _VERB_AFTER.match(self.text[m.end:])] or orgs or [None])[0]

    def apposed(self, org, cue_start):
        """The other end of a cue that qualifies ``org`` with nothing after it: "Mistral, OpenAI rival" (the
        name ``org`` is in apposition to), "Anthropic ..., one of OpenAI's chief rivals" (the name before)."""
        if not re.fullmatch(r"(?:[’']s)?\s*(?:(?:top|chief|closest|main|biggest|fiercest|principal|key)\s+)?",
                            self.text[org.end:cue_start], re.IGNORECASE):
            return None
        earlier = [o for o in self.orgs if o.end <= org.start and o.entity.id != org.entity.id]
        if not earlier:
            return None
        gap = self.text[earlier[-1].end:org.start]
        if re.fullmatch(r"\s*,\s*(?:an?\s+|the\s+)?", gap) or (
                re.match(r"[’']s", self.text[org.end:cue_start]) and re.search(r"\b(?:one of|l[’']un de)\s+$", gap)
                and not _CONJUNCTION.search(gap)):
            return earlier[-1]
        return None

    # -- the alliance a cue refers to ---------------------------------------------------------
    def _alliance(self, m: Mention) -> bool:
        """Whether ``m`` is a group others can be members of: an alliance, or a new foundation (a nonprofit)."""
        return m.entity.section == "organisations" and (
            m.entity.kind == "alliance" or (m.entity.kind == "nonprofit" and not m.entity.known))

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
        if direct and (ana is None or direct[0].start <= ana.start() or direct[0].start < ana.end()):
            return direct[0], (direct[0].start, direct[0].end), ""
        if ana:
            m, why = self._resolve(ana)
            if m:
                return m, ana.span(), why
        return None, None, ""

    def alliance_before(self, pos):
        direct = [m for m in self.orgs if self._alliance(m) and m.end <= pos]
        anas = list(_cue_re(ANAPHOR[self.lang]).finditer(self.text, self.start, pos))
        if direct and (not anas or direct[-1].start >= anas[-1].start() or direct[-1].start < anas[-1].end()):
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
    topic = funding.raiser(text, sentence_spans, mentions, lang)
    for span in sentence_spans:
        inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
        if inside:
            s = Sentence(text, span, inside, mentions, sentence_spans, lang, topic)
            out += funding.redirect(_sentence(s, source_id), s, topic, source_id)
    return out


def _sentence(s: Sentence, source_id: str) -> list[Candidate]:
    text, out = s.text, []
    via, via_span, skip = None, None, set()
    for m, span, why in attribution.cited(s):
        via, via_span = (m, span) if via is None else (via, via_span)
        skip.add(m.entity.id)
        out.append(Candidate("cites", (source_id, m.entity.id), spans=[span], reason=why))
    used: list[tuple[int, int]] = []

    def add(kind, a: Mention, b: Mention, role, cue, extra, why):
        if a.entity.id == b.entity.id:
            return
        spans = [(m.start, m.end) for m in (a, b) if s.start <= m.start < s.end]  # an alliance referred to stays out
        spans += [cue.span(), *extra]
        negated, modal = _modality(s, spans, cue)
        if kind == "member-of" and role == "member" and re.search(
                FOUNDING, text[max(s.start, min(a for a, _ in spans) - 80):cue.end()], re.IGNORECASE):
            role, why = "founder", why + "; a founding cue on the whole list"
        if role == "NOT":
            role, negated = "", negated or f"the cue {cue.group()!r} denies it"
        if kind == "partners-with" and role == "investment":
            money = _MONEY.findall(text, s.start, s.end)
            if money:
                why += f"; amount: {', '.join(' '.join(x.split()) for x in money)}"
        if via_span:
            spans.append(via_span)
        out.append(Candidate(kind, (a.entity.id, b.entity.id), role, spans, via.entity.id if via else "", why,
                             negated, modal))

    for kind, how, role, pattern in RULES[s.lang]:
        for cue in _cue_re(pattern).finditer(text, s.start, s.end):
            owned = [m for m in s.orgs if how == "subject-list-after" and cue.start() < m.start and m.end < cue.end()
                     and re.search(r"\b(?:de|du|d[’']|of)\s*$", text[cue.start():m.start])]  # "soutiens de Mistral comme"
            if any(a < cue.end() and cue.start() < b for a, b in used) or any(
                    m.start < cue.end() and cue.start() < m.end for m in (*s.orgs, *s.products)
                    if m not in owned and m.how != "reference"):
                continue  # claimed by another cue, or inside a name ("the AI Alliance with ...")
            found = False
            word = cue.group()
            if how in ("before-of-alliance", "before-creates-alliance"):
                alliance, aspan, why = s.alliance_after(cue.end())
                members = [m for m in s.list_before(cue.start(), skip) if alliance and m.entity.id != alliance.entity.id]
                if members and how == "before-creates-alliance":  # "Meta is collaborating with IBM to launch Z"
                    with_ = re.search(r"\b(?:with|avec|alongside|aux côtés d[e’'])\s+(?:the |le |la |l[’'])?$",
                                      text[max(s.start, members[0].start - 30):members[0].start], re.IGNORECASE)
                    partner = s.list_before(members[0].start - len(with_.group()), skip, 40) if with_ else []
                    members = partner[-1:] + members
                for m in members:
                    add(kind, m, alliance, role, cue, [aspan],
                        f"cue {word!r} ({role}) between {_names(members)} and {alliance.entity.name}"
                        + (f"; {why}" if why else ""))
                    found = True
            elif how == "before-topic-alliance":  # "Intel et AMD en sont": the alliance the text is about
                alliance, aspan, why = s.alliance_after(cue.end(), 20)
                if alliance is None:
                    earlier = [m for m in s.all_mentions if s._alliance(m) and m.end <= cue.start()]
                    alliance, aspan = (earlier[-1], None) if earlier else (None, None)
                    why = f"the alliance named last before it, {alliance.entity.name}" if alliance else ""
                members = [m for m in s.list_before(cue.start(), skip, NEAR)
                           if alliance is not None and m.entity.id != alliance.entity.id]
                for m in members if alliance is not None else []:
                    add(kind, m, alliance, role, cue, [aspan] if aspan else [],
                        f"cue {word!r} ({role}) after {_names(members)}; {why}")
                    found = True
            elif how == "subject-list-after":  # "Backers include A, B and C": investors of the sentence's subject
                after = s.list_after(cue.end(), skip, 40)
                subject = (owned or [None])[-1] or s.possessor(cue.start()) or next(
                    (m for m in s.orgs if m.end <= cue.start() and m.entity.id not in skip
                     and not re.match(r"tour|levée|financement", word, re.I)), None)  # "le tour de table mené par"
                if subject is None and re.search(r"\b(?:its|their|son|sa|ses|leurs?)\s+(?:[\w-]+\s+){0,2}$",
                                                 text[max(s.start, cue.start() - 30):cue.start()], re.IGNORECASE):
                    subject = s.previous_subject()  # "Its backers include ...": the sentence before's subject
                if subject is None and s.topic is not None:  # "Backers include A, B": the round the text is about
                    subject, word = s.topic, word + " (no company in its sentence: the company raising money)"
                if subject is not None:
                    for b in after:
                        add(kind, subject, b, role, cue, [], f"cue {word!r}: {b.entity.name} listed among the "
                                                             f"{word.split()[0]} of {subject.entity.name}")
                        found = True
            elif how == "alliance-lists-after":
                alliance, aspan, why = s.alliance_before(cue.start())
                if alliance is None and cue.start() - s.start < 40 and not [o for o in s.orgs if o.end <= cue.start()] \
                        and re.search(r"members|founders|sponsors|membres|fond|found|lanc|launch|cré", word, re.I):
                    earlier = [m for m in s.all_mentions if s._alliance(m) and m.end <= s.start]
                    if earlier:  # "Founding members are A, B": of the alliance the text was speaking of
                        counts = Counter(m.entity.id for m in earlier)
                        alliance, aspan = max(reversed(earlier), key=lambda m: counts[m.entity.id]), None
                        why = f"no alliance in its sentence: the one named most often before it, {alliance.entity.name}"
                members = [m for m in s.list_after(cue.end(), skip) if alliance and m.entity.id != alliance.entity.id]
                for m in members:
                    add(kind, m, alliance, role, cue, [aspan] if aspan else [],
                        f"cue {word!r} ({role}): {alliance.entity.name} then {_names(members)}"
                        + (f"; {why}" if why else ""))
                    found = True
            elif how == "pair":
                before, after = s.list_before(cue.start(), skip, NEAR), s.list_after(cue.end(), skip, NEAR)
                owner = s.possessor(cue.start())
                if owner is not None and after and after[0].start - cue.end() > 20 and re.search(
                        r"\b(?:its|their|son|sa|ses|leurs?)\s+(?:\w+\s+){0,2}$", text[max(s.start, cue.start() - 40):cue.start()], re.I):
                    after = []  # "son principal concurrent ... se rapproche de Meta": the rival is a subject, not Meta
                if owner is not None and owner.entity.id not in skip:
                    before = [owner]
                sub = "investment" if kind == "partners-with" and re.search(
                    r"\b(?:invest|stake|back|particip|financ|pump|rais|lev[éeè]|capital|inject|led by|contribut|took part|joined)", text[cue.start():cue.end() + 20], re.I) else ""
                subject = next((m for m in s.orgs if m.entity.id not in skip), None)
                if before and after and owner is None and subject is not None and subject.end <= before[-1].start and re.search(
                        r"(?:\bd[’']|\b(?:de|du|des|of|with|avec|than|que|to|à)\s+(?:the |le |la |l[’'])?)$",
                        text[max(s.start, before[-1].start - 12):before[-1].start], re.IGNORECASE):
                    before = [subject]  # "X a annoncé un modèle face au GPT-4 d’OpenAI et un partenariat avec Y": X
                elif after and not before and (follow := s.after_list(after[-1])) is not None:
                    before = [follow]  # "In taking money from Amazon and Google, Anthropic is ...": Anthropic
                elif after and not before and subject is not None and subject.end <= cue.start() and owner is None \
                        and subject.entity.id not in {m.entity.id for m in after}:
                    before = [subject]  # the sentence's subject, when no name is near the cue
                    word += " (the other end: the first organisation of the sentence)"
                if before and after:
                    pairs = [(before[-1], m) for m in after]
                elif before and sub and (s.topic is not None and funding.is_funding_sentence(s, s.topic)
                                         or re.match(r"(?:a|ont|avait|avaient) ", word)):
                    other = [o for o in s.orgs if o.end <= before[0].start and o.entity.id not in skip][-1:]
                    other = [s.topic] if funding.is_funding_sentence(s, s.topic) else other
                    pairs = [(m, other[0]) for m in before if other]  # "X, à laquelle A a participé"; never A with B
                elif len(before) >= 2 and not sub and kind == "competes-with" and re.search(r"(?:s|ux)$", word):
                    pairs = list(combinations(before, 2))  # "A, B, C: all rivals"
                elif len(before) >= 2 and not sub:
                    pairs = [(before[0], m) for m in before[1:]]
                elif before and not after:
                    pairs = [(o, before[0]) for o in [s.apposed(before[0], cue.start())] if o is not None]
                else:
                    pairs = []
                for a, b in pairs:
                    add(kind, a, b, sub, cue, [], f"cue {word!r} between {a.entity.name} and {b.entity.name}"
                        + (" (investment)" if sub else ""))
                    found = True
            elif how == "between":  # "a race between Google and Meta": every two of the list after
                after = s.list_after(cue.end(), skip, 40)
                for a, b in combinations(after, 2):
                    add(kind, a, b, "", cue, [], f"cue {word!r}: {_names(after)}")
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
                first = [m for m in s.orgs if m.end <= cue.start() and m.entity.id not in skip][:1]
                before = [m for m in s.list_after(first[0].start, skip) if m.end <= cue.start()] if first else []
                after = s.list_after(cue.end(), skip, 30)  # the subject and its list, not every name before
                for a in before:
                    for b in after:
                        add(kind, a, b, "", cue, [], f"cue {word!r}: {a.entity.name} is placed in a field "
                                                     f"{word} {b.entity.name} (a weak cue: check)")
                        found = True
            if found:
                used.append(cue.span())
    for org, product, span, why in develops.found(s, skip):
        out.append(Candidate("develops", (org.entity.id, product.entity.id), "", [span], via.entity.id if via else "", why))
    return out
