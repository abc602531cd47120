"""References to an organisation by a common noun ("the startup", "the French firm", "la start-up
française"): each is taken as an organisation named earlier, so a cue can reach it.

The organisation referred to is, in order:

1. the last organisation named before it in its own sentence, other than the sentence's first
   (the subject: "Microsoft invested in OpenAI, the California startup" is OpenAI);
2. for a reference opening its sentence, the first organisation of the sentence before;
3. else the organisation named most often before it (the first named on a tie), other than the
   subject of its sentence ("Microsoft invested in the French firm" is not Microsoft).

"Ce dernier", "cette dernière", "the latter" are the last organisation named before them.

A reference followed by a capitalised name ("the startup Mistral AI") is a description of that
name, not a reference. Every relationship reached through a reference says so in its review note.
"""

from __future__ import annotations

import re

from .names import Mention

# a verb right after the reference: the reference is the subject of its clause
_VERB = {"en": r"(?:\s+(?:also|then|now|recently|later|has|have|had|is|was|will|would|could))*\s+[a-z]+(?:ed|es)\b",
         "fr": r"\s+(?:a|avait|va|est|vient|compte|prévoit|[a-zé]+(?:e|ait|era))\b"}
_REFERENCE = {
    "en": r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?:[A-Za-z]+|[a-z]+-[a-z]+)\s+){0,2}?(?:startup|start-up|company|firm)\b"
          r"(?![’']s)(?!\s+(?:behind|that|which|who|whose|said|says)\b)(?!\s+[A-Z])",
    "fr": r"\b(?:[Ll]a|[Cc]ette|[Ll][’'])\s*(?:jeune\s+)?(?:start-up|startup|société|entreprise|firme|pépite|jeune pousse)"
          r"(?:\s+(?:française|américaine|parisienne|californienne|d[’']IA))?\b(?!\s+[A-Z])",
}

_LATTER = {"en": r"\b[Tt]he latter\b", "fr": r"\b[Cc](?:e dernier|ette dernière)\b"}


def resolve(text: str, sentence_spans, mentions: list[Mention], lang: str) -> list[Mention]:
    """Mentions of the organisations the common-noun references of ``text`` refer to (how: reference)."""
    orgs = [m for m in mentions if m.entity.section == "organisations" and m.entity.kind not in ("alliance",)]
    out = []
    for ref in re.finditer(_LATTER[lang], text):  # "Ce dernier qui est déjà partenaire avec OpenAI"
        last = [m for m in orgs if m.end <= ref.start()][-1:]
        if last and not any(m.start < ref.end() and ref.start() < m.end for m in mentions):
            out.append(Mention(ref.start(), ref.end(), last[0].entity, "reference",
                               f"{ref.group()!r} taken as {last[0].entity.name}, the last organisation named before it: check"))
    for ref in re.finditer(_REFERENCE[lang], text):
        if any(m.start < ref.end() and ref.start() < m.end for m in mentions):
            continue
        span = next(((a, b) for a, b in sentence_spans if a <= ref.start() < b), (0, len(text)))
        own = [m for m in orgs if span[0] <= m.start and m.end <= ref.start()]
        subject = own[0].entity.id if own else None
        target = own[-1] if len(own) >= 2 and own[-1].entity.id != subject else None
        why = "the last organisation named before it in its sentence"
        if own and target is None and re.match(_VERB[lang], text[ref.end():]):  # "For Mistral, ... the startup introduced"
            target, why = own[-1], "the organisation its sentence is about (the reference is a subject)"
        if target is None and not own:  # the reference opens its sentence: the subject of the sentence before
            before = [b for b in sentence_spans if b[1] <= span[0]][-1:]
            first = [m for m in orgs if before and before[0][0] <= m.start < before[0][1]]
            if first:
                target, why = first[0], "the first organisation of the sentence before"
        if target is None:
            counts: dict[str, list[Mention]] = {}
            for m in orgs:
                if m.end <= ref.start() and m.entity.id != subject:
                    counts.setdefault(m.entity.id, []).append(m)
            if counts:
                best = max(counts.values(), key=lambda ms: (len(ms), -ms[0].start))
                target, why = best[0], "the organisation named most often before it"
        if target is not None:
            out.append(Mention(ref.start(), ref.end(), target.entity, "reference",
                               f"{ref.group()!r} taken as {target.entity.name}, {why}: check"))
    return out
