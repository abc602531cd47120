"""The whole draft: mentions (known names, then named entities), records, relationship candidates."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..text import normalise
from . import cues, listing, ner, pairs, products, references
from .names import FIRST_NAMES, Entity, Known, Mention, abbreviates, guess_kind, headlines, persons, slug, strip_name
from .reading import read_article, sentences

LANGUAGES = ("fr", "en")
_NOT_ORGANISATIONS = {"ia", "ai", "open source", "intelligence artificielle", "ia generative", "generative ai",
                      "internet", "web", "cloud"}


@dataclass
class SourceInfo:
    id: str
    title: str
    language: str
    text_file: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""


@dataclass
class Record:
    """A proposed organisation or product: the entity, its mentions, why it was proposed."""

    entity: Entity
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    reason: str = ""
    evidence: str = ""  # a short verbatim quote around the first mention


@dataclass
class Relationship:
    type: str
    ends: tuple[str, str]
    role: str = ""
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (quote, via)
    reasons: list[str] = field(default_factory=list)
    negated: str = ""  # set on a suggestion the text denies: written commented out, never as a record


@dataclass
class Draft:
    source: SourceInfo
    records: list[Record]
    relationships: list[Relationship]
    seconds: dict[str, float]
    suggestions: list[Relationship] = field(default_factory=list)  # denied by the text: commented out
    guessed: list[Relationship] = field(default_factory=list)  # no cue, the pair model's: commented out

    @property
    def organisations(self) -> list[Record]:
        return [r for r in self.records if r.entity.section == "organisations"]

    @property
    def products(self) -> list[Record]:
        return [r for r in self.records if r.entity.section == "products"]


def _window(text: str, span: tuple[int, int], bounds: tuple[int, int], reach: int = 40) -> str:
    """A short verbatim quote around a mention: whole words, inside its sentence."""
    a, b = max(bounds[0], span[0] - reach), min(bounds[1], span[1] + reach)
    while a > bounds[0] and not text[a - 1].isspace() and a < span[0]:
        a += 1
    while b < bounds[1] and not text[b].isspace() and b > span[1]:
        b -= 1
    return " ".join(text[a:b].strip(" ,;:").split())


def _mentions(text: str, lang: str, known: Known, seconds: dict) -> list[Mention]:
    found = known.find(text)
    t = time.perf_counter()
    nlp = ner.pipeline(lang, [(n, e.id) for e in known.entities.values() for n in sorted({e.name, *e.names})])
    seconds["model load"] = time.perf_counter() - t
    t = time.perf_counter()
    titles = headlines(text)  # in a headline every word looks like a name: only known names count there
    spans = [(a, b, why) for a, b, why in ner.entities(nlp, lang, text) if not any(x <= a and b <= y for x, y in titles)]
    spans += listing.listed(text, found, spans, lang)
    seconds["entities"] = time.perf_counter() - t
    new: dict[str, Entity] = {}
    kinds: dict[str, str] = {}
    people = persons(text)
    taken = set(known.entities)
    for start, end, why in sorted(spans):
        stripped, cut = strip_name(text[start:end], bool(re.search(r"[\w,]\s*$", text[max(0, start - 3):start])))
        start += cut
        end = start + len(re.sub(r"\s+(?:qu|d|l|n|s|c|jusqu|lorsqu|puisqu)[’']$", "", stripped))
        if start >= end or re.match(r"(?:Inc|Corp|Ltd|LLC|Co)\b", text[start:end]):
            continue  # "Hier", "Selon", "Inc. AMZN": no name of its own
        inner = [m for m in found if m.start < end and start < m.end]
        name = " ".join(text[start:end].split()).rstrip(",;:")
        if inner:  # a longer name holding a known one ("Meta Platforms Inc."): a near match, not the known name
            if (len(inner) > 1 or inner[0].how != "known" or not (start <= inner[0].start and inner[0].end <= end)
                    or (inner[0].start, inner[0].end) == (start, end) or known.lookup(name) is not None
                    or "\n" in text[start:end]):
                continue
            found.remove(inner[0])
        extra = (text[start:inner[0].start] + " " + text[inner[0].end:end]).split() if inner else []
        unit = any(w.strip(".,").lower() not in _SAME_ORGANISATION for w in extra)  # "Amazon Web Services"
        end = start + len(text[start:end].rstrip(",;: "))
        full, name = name, listing.LEGAL.sub("", name) or name  # "Alphabet Inc." is Alphabet, "Amazon.com" Amazon
        entity = known.lookup(name) or known.lookup(full)
        if entity is not None:
            found.append(Mention(start, end, entity, "known", f"{why}; the known name {name!r} of `{entity.id}`"))
            continue
        owner = re.match(r"(.+?)\s+(?:de|d[’'])\s*(\S+)$", name)
        if owner and normalise(owner.group(2)) in people:  # "Iliad de Niel": Niel's Iliad
            name = owner.group(1)
            end = start + len(name)
        key = normalise(name)
        first = name.split()[0].lower()
        named_kind = guess_kind(name)[1] == "its name" or name.split()[-1] in ner.ORG_CUES
        if not named_kind and (key in people or (first in FIRST_NAMES and len(name.split()) > 1)):
            continue  # a person: "Mark Zuckerberg", then "Zuckerberg"
        if key in _NOT_ORGANISATIONS or len(key) < 2 or not any(c.isupper() for c in name) or "\n" in text[start:end]:
            continue
        near = [c for c in known.near(name) if known.entities[c[0]].section == "organisations" and not unit]
        if near:
            best = known.entities[near[0][0]]
            others = ", ".join(f"`{i}` ({s})" for i, s in near)
            found.append(Mention(start, end, best, "near", f"{why}; {name!r} is near the known name of {others}: "
                                 f"linked to `{best.id}`; if it is another organisation, give it an id of its own"))
            continue
        if key not in new:
            node_id, n = slug(name), 2
            while node_id in taken:
                node_id, n = f"{slug(name)}-{n}", n + 1
            taken.add(node_id)
            kind, how = guess_kind(name, text[max(0, start - 30):start])
            if kind == "company" and "attribution" in why:
                kind, how = "media", "the attribution naming it"
            new[key] = Entity(node_id, "organisations", name, kind, (name,), known=False)
            kinds[key] = how
        found.append(Mention(start, end, new[key], "new", f"{why}; not a known name: a new organisation, kind "
                                                          f"{new[key].kind} from {kinds[key]}"))
    found += _repeated(text, found)
    found = _acronyms(text, found)
    return sorted(found, key=lambda m: m.start)


# Words that lengthen a known name without naming another organisation ("Meta Platforms Inc.", "Dartmouth
# College"); any other word names a part of it ("Amazon Web Services", "Google DeepMind"): a new organisation
_SAME_ORGANISATION = {"inc", "corp", "corporation", "co", "ltd", "llc", "plc", "sa", "sas", "gmbh", "ag", "group", "groupe",
                      "platforms", "technologies", "college", "university", "université", "the", "holdings", "company",
                      "ai", "ia", "&", "and", "of", "de", "la", "le"}
_GENERIC_TAIL = re.compile(r"\s+(?:AI|IA|Inc\.?|Corp\.?|Labs?|Group|Groupe|Technologies|Platforms|Systems|Holdings|SA|SAS)$")


def _acronyms(text: str, found: list[Mention]) -> list[Mention]:
    """An acronym made of a new organisation's initials is that organisation ("AWS" for "Amazon Web Services"),
    and so is an abbreviation in parentheses right after its name ("Coalition for Secure AI (CoSAI)"): the
    mentions, with those found as organisations of their own moved to it."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in found]
    for entity in {m.entity.id: m.entity for m in found if not m.entity.known}.values():
        initials = "".join(w[0] for w in entity.name.split() if w[0].isupper())
        forms = {initials} if len(initials) >= 2 and len(entity.name.split()) >= 2 else set()
        for mention in (m for m in found if m.entity.id == entity.id):  # "Coalition for Secure AI (CoSAI)"
            short = re.match(r"\s*\(([\w-]+)\)", text[mention.end:])
            if short and abbreviates(short.group(1), entity.name):
                forms.add(short.group(1))
        for form in sorted(forms):
            found = [Mention(m.start, m.end, entity, "new", f"the abbreviation of {entity.name!r}")
                     if not m.entity.known and m.entity.name == form else m for m in found]
            for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    taken.append(m.span())
                    out.append(Mention(m.start(), m.end(), entity, "new", f"the initials of {entity.name!r}"))
    return found + out


def _repeated(text: str, found: list[Mention]) -> list[Mention]:
    """Every other mention of a new organisation's name, and of its short form ("Mistral" for "Mistral AI")."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in found]
    for entity in {m.entity.id: m.entity for m in found if not m.entity.known}.values():
        forms = [entity.name]
        short = _GENERIC_TAIL.sub("", entity.name)
        if short != entity.name and len(short) > 2:
            forms.append(short)
        for form in forms:
            for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-]|\s+[A-Z])", text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    taken.append(m.span())
                    why = "the short form of" if form != entity.name else "another mention of"
                    out.append(Mention(m.start(), m.end(), entity, "new", f"{why} {entity.name!r}"))
    return out


def _products(text: str, lang: str, mentions: list[Mention], known: Known) -> list[Mention]:
    """Products named by a pattern (:mod:`.products`): new product records; a new organisation
    proposed on the same words gives way ("Gemini AI" after "Google's" is a product)."""
    orgs = [m for m in mentions if m.entity.section == "organisations"]
    taken = [(m.start, m.end) for m in mentions if m.how != "new"]
    titles = headlines(text)
    found = [f for f in products.find(text, orgs, taken, lang) if not any(x <= f[0] and f[1] <= y for x, y in titles)]
    if not found:
        return mentions
    # a new organisation named like a product found here is that product (a headline's "GPT-4" left
    # to the organisation): names must tell entities apart, so the organisation gives way
    keys = {normalise(text[a:b]).replace("-", " ") for a, b, _, _ in found}
    out = [m for m in mentions if not any(a < m.end and m.start < b for a, b, _, _ in found)
           and not (m.how == "new" and m.entity.section == "organisations"
                    and normalise(m.entity.name).replace("-", " ") in keys)]
    ids = {e.id for e in known.entities.values()} | {m.entity.id for m in out}
    new: dict[str, Entity] = {}
    for a, b, kind, why in found:
        name = " ".join(text[a:b].split())
        entity = known.lookup(name)
        if entity is not None:
            out.append(Mention(a, b, entity, "known", f"{why}; the known name {name!r} of `{entity.id}`"))
            continue
        key = normalise(name).replace("-", " ")
        if key not in new:
            node_id, n = slug(name), 2
            while node_id in ids:
                node_id, n = f"{slug(name)}-{n}", n + 1
            ids.add(node_id)
            new[key] = Entity(node_id, "products", name, kind, (name,), known=False)
        elif name not in new[key].names:
            new[key] = Entity(new[key].id, "products", new[key].name, new[key].kind, (*new[key].names, name), known=False)
        out.append(Mention(a, b, new[key], "new", f"{why}; not a known name: a new product, kind {kind} "
                                                  "guessed from the words around it"))
    final = {e.id: e for e in new.values()}  # one entity object per id, with every spelling
    return sorted((Mention(m.start, m.end, final.get(m.entity.id, m.entity), m.how, m.detail) for m in out),
                  key=lambda m: m.start)


def mentions_of(text: str, lang: str, known: Known, seconds: dict | None = None):
    """The sentences of ``text`` and every mention of an organisation or product in it (known names,
    named entities, names by their place, products, references), in text order."""
    seconds = {} if seconds is None else seconds
    sents = sentences(text)
    mentions = _mentions(text, lang, known, seconds)
    mentions = _products(text, lang, mentions, known)
    return sents, sorted(mentions + references.resolve(text, sents, mentions, lang), key=lambda m: m.start)


def draft_text(text: str, lang: str, source: SourceInfo, known: Known, model: pairs.PairModel | None = None) -> Draft:
    """Propose organisations, products and relationships for ``text`` (written in ``lang``).

    ``model`` scores the pairs of names no cue relates (:mod:`.pairs`; default: the shipped one)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGUAGES)}")
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    sents, mentions = mentions_of(text, lang, known, seconds)
    # a product is proposed only when the graph knows it; organisations are, whatever found them
    records: dict[str, Record] = {}
    for m in mentions:
        if m.how == "reference":  # "the startup": a way to reach an organisation named elsewhere
            continue
        rec = records.setdefault(m.entity.id, Record(m.entity))
        rec.mentions.append(m)
        said = " ".join(text[m.start:m.end].split())
        if (m.how == "near" or (not m.entity.known and said != m.entity.name)) and said not in rec.aliases:
            rec.aliases.append(said)
    for rec in records.values():
        first = rec.mentions[0]
        hows = sorted({m.how for m in rec.mentions}, key=["known", "near", "new"].index)
        what = {"known": "known to the graph (exact folded match)", "near": "a near match of a known name",
                "new": "new"}[hows[0]]
        rec.reason = f"{what}; {len(rec.mentions)} mention(s), first: {first.detail}"
    rels: dict[tuple, Relationship] = {}
    denied: dict[tuple, Relationship] = {}
    found = cues.candidates(text, sents, mentions, lang, source.id)
    for c in found:
        ends = tuple(sorted(c.ends)) if c.type in ("partners-with", "competes-with") else c.ends
        a = min(s[0] for s in c.spans)
        b = max(s[1] for s in c.spans)
        quote = " ".join(text[a:b].split())
        if c.negated:  # never a fact: a commented-out suggestion saying why
            rel = denied.setdefault((c.type, *ends), Relationship(c.type, c.ends, negated=c.negated))
            if (quote, c.via) not in rel.evidence:
                rel.evidence.append((quote, c.via))
            rel.reasons.append(c.reason)
            continue
        if c.modal:
            c.reason += f"; REVIEW: {c.modal}"
        rel = rels.setdefault((c.type, *ends), Relationship(c.type, c.ends))
        if c.role and (not rel.role or c.role == "founder"):
            rel.role = c.role
        if (quote, c.via) not in rel.evidence:
            rel.evidence.append((quote, c.via))
        if c.reason not in rel.reasons:
            rel.reasons.append(c.reason)
    members = {frozenset(r.ends) for r in rels.values() if r.type == "member-of"}
    for key in [k for k, r in rels.items() if r.type != "member-of" and frozenset(r.ends) in members]:
        del rels[key]  # "IBM is proud to partner ... through the AI Alliance": a member, not a partner
    _groups(records, rels)
    # the pair model's second opinion on the pairs no cue relates or denies: suggested, never proposed
    guessed: list[Relationship] = []
    for c in pairs.propose(text, sents, mentions, lang, model or pairs.shipped(), {frozenset(c.ends) for c in found}):
        if not c.negated:  # the quote: the whole sentence, where the words that relate the two must be
            a, b = next((a, b) for a, b in sents if a <= c.spans[0][0] < b)
            if b - a > 1000:  # a run-on "sentence" (a list, a line without stops): the two names and what is between
                a, b = c.spans[0][0], c.spans[-1][1]
            why = c.reason + (f"; REVIEW: {c.modal}" if c.modal else "")
            guessed.append(Relationship(c.type, c.ends, evidence=[(" ".join(text[a:b].split()), "")], reasons=[why]))
    # every organisation and product mentioned is proposed
    out = list(records.values())
    for rec in out:
        first = rec.mentions[0]
        bounds = next(((a, b) for a, b in sents if a <= first.start < b), (0, len(text)))
        rec.evidence = _window(text, (first.start, first.end), bounds)
    seconds["draft"] = time.perf_counter() - t0 - seconds["model load"]
    suggestions = [r for key, r in denied.items() if key not in rels]
    return Draft(source, out, list(rels.values()), seconds, suggestions, guessed)


def _groups(records: dict[str, Record], rels: dict[tuple, Relationship]) -> None:
    """Members belong to an alliance: a new organisation others are members of ("the members of the Acme
    Foundation") becomes one, with a note; a membership of a known organisation of another kind is dropped."""
    for key, rel in list(rels.items()):
        rec = records.get(rel.ends[1])
        if rel.type != "member-of" or rec is None or rec.entity.kind == "alliance":
            continue
        if rec.entity.known:
            del rels[key]
        else:
            rec.entity = replace(rec.entity, kind="alliance")
            rec.reason += "; kind alliance: the text names members of it (check)"


def draft_file(path: str | Path, lang: str, source: SourceInfo, known: Known) -> Draft:
    return draft_text(read_article(path), lang, source, known)
