"""Names found by their place in the text, where no known name and no named entity marks them.

A capitalised name is an organisation when:

- it is listed with organisations already found ("Anthropic, Google, Quora and OpenAI");
- it follows an attribution cue ("according to MediaPost") or precedes a reporting verb
  ("the Financial Times notes", "IANS reported");
- a relationship cue governs it ("invested in Acme", "backers include Acme", "rival to Acme",
  "Acme a rejoint"), or an organisation noun stands right before it ("startup Acme", "le fonds
  Acme", "chipmaker Acme").

A capitalised span never crosses a sentence end or a line break, and leading stop words and an
owner's possessive are cut from it (:func:`.names.strip_name`).

>>> text = "Cohere raised money from Acme Capital and Initech. Zed Labs. Rappelons"
>>> [text[a:b] for a, b in capitalised(text)]
['Cohere', 'Acme Capital', 'Initech', 'Zed Labs', 'Rappelons']
"""

from __future__ import annotations

import re

from . import attribution, cues
from .names import FIRST_NAMES, headlines, persons, strip_name

LEGAL = re.compile(r"(?:\.com)?(?:,?\s+(?:Inc|Corp|Corporation|Co|Ltd|LLC|SA|SAS|GmbH|plc|AG|NV|S\.A)\.?)*$")
_CAPITALISED = re.compile(r"[A-Z][\w&’'.-]*(?:[ \t]+(?:[A-Z][\w&’'.-]*|of|de|du|des)(?=[ \t]+[A-Z]))*"
                          r"(?:[ \t]+[A-Z][\w&’'.-]*)?")
_LISTED = re.compile(r"^\s*(?:,\s*(?:and |et )?|\s+(?:and|et|&)\s+)\s*$")
_ABBREVIATION = re.compile(r"(?:Inc|Corp|Co|Ltd|Jr|Sr|St|[A-Z])\.$")
# A lower-case organisation noun right before a name ties the name to an organisation
_NOUN = {
    "en": r"(?:startup|start-up|company|firm|giant|chipmaker|maker|fund|investor|investment firm|agency|regulator|"
          r"watchdog|lab|group|rival|competitor|partner|backer|outlet|newspaper|publisher|developer|vendor|provider)s?",
    "fr": r"(?:start-up|startup|société|entreprise|firme|géant(?: de l[’']\w+)?|fonds|investisseur|agence|régulateur|"
          r"laboratoire|groupe|concurrent|rival|partenaire|éditeur|fabricant|constructeur|spécialiste)s?",
}
# a plural organisation noun introducing examples: the first name after it is an organisation
_INTRODUCER = {
    "en": r"\b(?:clients|customers|companies|firms|startups|start-ups|investors|backers|rivals|competitors|partners|"
          r"members|labs|organizations|organisations|giants)\s+(?:like|such as|including|include)\s+",
    "fr": r"\b(?:clients|entreprises|sociétés|start-ups|startups|investisseurs|concurrents|rivaux|partenaires|membres|"
          r"laboratoires|organisations|géants)\s+(?:comme|tels? que|telles que|dont|notamment|incluant)\s+",
}
_GAP_AFTER_CUE = r"\s*(?:the |a |an |its |le |la |les |l[’']|un |une |des |du |de |d[’']|à |dans |en )?" \
                 r"(?:[a-zà-ÿ][\w’'-]*\s+){0,2}(?:[A-Z][\w.&-]*[’']s\s+)?"
_GAP_BEFORE_CUE = r"\s*(?:(?:has|have|had|will|would|is|are|was|were|also|now|a|ont|ont aussi|a aussi|sont|est)\s+)*"
_SUBJECT = re.compile(r"\s+(?:(?:also|now|has|have|had|is|was|will|would|could|did|does)\s+)*"
                      r"(?:said|says|announced|confirmed|unveiled|released|launched|invested|raised|agreed|signed|"
                      r"plans|aims|wants|chose|picked|declined|is|was|has|had|will|would)\b")
_SPEAKER = re.compile(r"\b(?:said|says|told|by|CEO|chief|executive|president|founder|PDG|patron|dirigeant)\s+$")


def capitalised(text: str) -> list[tuple[int, int]]:
    """Capitalised spans of ``text``, cut at a sentence end, stop words and possessive owners cut off."""
    out = []
    for m in _CAPITALISED.finditer(text):
        pieces: list[tuple[int, int]] = []
        start: int | None = m.start()
        pos = m.start()
        for w in re.finditer(r"\S+", m.group()):  # "ML. Rappelons": a full stop ends a name
            if w.group().endswith(".") and not _ABBREVIATION.search(w.group()):
                pieces.append((m.start() + w.start() if start is None else start, m.start() + w.end() - 1))
                start = None
            elif start is None:
                start = m.start() + w.start()
            pos = m.start() + w.end()
        if start is not None:
            pieces.append((start, pos))
        for a, b in pieces:
            name, cut = strip_name(text[a:b], bool(re.search(r"[\w,]\s*$", text[max(0, a - 3):a])))
            if name:
                out.append((a + cut, a + cut + len(name)))
    return out


def _cue_patterns(lang: str) -> list[str]:
    return [pattern for kind, _how, role, pattern in cues.RULES[lang] if role != "NOT"]


def listed(text: str, found: list, spans: list, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, why) of names that are organisations by their place (see the module)."""
    out: list[tuple[int, int, str]] = []
    taken = [(m.start, m.end) for m in found] + [(a, b) for a, b, _ in spans]
    titles = headlines(text)
    caps = [(a, b) for a, b in capitalised(text) if not any(x < b and a < y for x, y in taken)
            and not any(x <= a and b <= y for x, y in titles)]
    people = persons(text)

    def person(a: int) -> bool:  # a person speaking, or one capitalised word opening a sentence
        opening = re.search(r"(?:^|[.!?:]\s+|\n\s*)$", text[max(0, a - 3):a]) and " " not in text[a:next(
            (y for x, y in caps if x == a), a)]
        return bool(_SPEAKER.search(text[max(0, a - 12):a]) or opening)

    for cue in re.finditer(attribution.ATTRIBUTION[lang], text, re.IGNORECASE):
        for a, b in caps:
            if a >= cue.end() and re.fullmatch(r"\s*(?:the |le |la |l[’'])?", text[cue.end():a], re.IGNORECASE):
                out.append((a, b, f"the name after the attribution cue {cue.group()!r}"))
    for cue in re.finditer(r"(?<!\w)(?:" + attribution.REPORTED[lang] + r")(?!\w)", text):
        for a, b in caps:
            if b <= cue.start() and re.fullmatch(r"\s*", text[b:cue.start()]) and not person(a):
                out.append((a, b, f"the name before the reporting verb {cue.group().strip()!r}"))
    for pattern in _cue_patterns(lang):
        for cue in re.finditer(r"(?<!\w)(?:" + pattern + r")(?!(?<=\w)\w)", text, re.IGNORECASE):
            for a, b in caps:
                if a >= cue.end() and re.fullmatch(_GAP_AFTER_CUE, text[cue.end():a]) and not person(a):
                    out.append((a, b, f"the name the cue {cue.group()!r} governs"))
    for kind, how, role, pattern in cues.RULES[lang]:  # "Acme Robotics joined": the name right before a cue
        if role == "NOT" or how not in ("before-of-alliance", "before-creates-alliance", "before-topic-alliance"):
            continue
        for cue in re.finditer(r"(?<!\w)(?:" + pattern + r")(?!(?<=\w)\w)", text, re.IGNORECASE):
            for a, b in caps:
                if b <= cue.start() and re.fullmatch(_GAP_BEFORE_CUE, text[b:cue.start()]) and not person(a):
                    out.append((a, b, f"the name before the cue {cue.group()!r}"))
    for cue in re.finditer(_INTRODUCER[lang], text, re.IGNORECASE):  # "clients like Slack, Notion and Quora"
        for a, b in caps:
            if a >= cue.end() and re.fullmatch(r"\s*(?:the |la |le |les |l[’'])?", text[cue.end():a]) and not person(a):
                out.append((a, b, f"the name after {cue.group().strip()!r}"))
    for cue in re.finditer(r"(?<![\w-])" + _NOUN[lang] + r"\s+(?=[A-Z])", text):
        for a, b in caps:
            if a == cue.end() and not person(a):
                out.append((a, b, f"the name after the organisation noun {cue.group().strip()!r}"))
    if lang == "en":  # a name said at least twice, once as the subject of a verb ("Apple confirmed ...")
        names: dict[str, list[tuple[int, int]]] = {}
        for a, b in caps:
            names.setdefault(text[a:b], []).append((a, b))
        for name, spans in names.items():
            if (len(spans) >= 2 and len(name.split()) <= 2 and name.split()[0].lower() not in FIRST_NAMES
                    and name.lower() not in people and any(_SUBJECT.match(text, b) for _, b in spans)):
                out += [(a, b, f"{name!r} is named {len(spans)} times, once as the subject of a verb") for a, b in spans]
    orgs = sorted(taken + [(a, b) for a, b, _ in out])
    changed = True
    while changed:
        changed = False
        for a, b in caps:
            if any(x == a for x, _, _ in out) or person(a):
                continue  # "said Arvind Krishna, IBM's chief": a person speaking
            for x, y in orgs:
                if (_LISTED.match(text[y:a]) if y <= a else _LISTED.match(text[b:x]) if b <= x else False):
                    out.append((a, b, f"a capitalised name listed with {text[x:y]!r}"))
                    orgs.append((a, b))
                    changed = True
                    break
    return out
