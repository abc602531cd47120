"""The company a text's funding round is about, for investors named in sentences that leave it out.

News about a round names the company raising money once ("Mistral AI raised 600 million euros") and
lists its investors in later sentences ("Backers include A, B and C", "le tour de table a été mené par
le fonds A", "Outre les fonds A et B, la levée intègre la participation de C et D"). The raiser is:

1. the first organisation of the first sentence holding a raising word ("raised", "lever", "levée de
   fonds", "tour de table"), named before that word, else right after it unless investors come first
   ("En levant 600 millions ... mené par A": then the organisation of the sentence before); news
   outlets and the outlets the text cites are never raisers; else
2. the organisation named most often, at least three times and more than any other.

In a *funding sentence* (one holding a funding word and no mention of the raiser), an investor list
with no company of its own is the raiser's investors, and names listed together on either side of an
undirected investment cue ("participation", "investisseurs", "dont") are co-investors: each is paired
with the raiser, never with the others. Each such relationship says so in its review note.
"""

from __future__ import annotations

import re
from collections import Counter

from . import attribution

RAISE = {"en": r"\b(?:rais(?:e|es|ed|ing)|round|series [a-f])\b",
         "fr": r"\b(?:lev(?:é|ée|er|ent|e|ant)|lèvent|lève|levée de fonds|tour de table|tour d[’']amorçage|série [a-f])\b"}
FUNDING = {"en": r"\b(?:backers?|investors?|round|funding|stakes?|invest\w*|participat\w*|shareholders?)\b",
           "fr": r"\b(?:levée|tour de table|investisseurs?|actionnaires?|soutiens?|capital|participation|particip\w+|"
                 r"fonds|investi\w*|financement)\b"}
# words after a raising word that introduce its investors: the next name is no raiser
_INVESTORS_NEXT = re.compile(r"\b(?:led by|from|by|(?:mené|menée|dirigée?) par|auprès d(?:e|u|es|[’'])|de la part d(?:e|u|es|[’']))"
                             r"\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
# cues that name investors without saying in what: a list to give to the raiser (not "invests in X")
UNDIRECTED = re.compile(r"^(?:particip|investisseur|investor|backer|partenaire|partner|soutien|fonds|actionnaire|"
                        r"shareholder)", re.IGNORECASE)


def raiser(text: str, sentence_spans, mentions, lang: str):
    """The mention of the organisation the text's funding round is about, or None."""
    cited = attribution.outlets(text, sentence_spans, mentions, lang)
    orgs = [m for m in mentions if m.entity.section == "organisations" and m.entity.kind not in ("alliance", "media")
            and m.entity.id not in cited]
    previous: list = []
    for a, b in sentence_spans:
        hit = re.search(RAISE[lang], text[a:b], re.IGNORECASE)
        inside = [m for m in orgs if a <= m.start < b]
        if hit and inside:
            named_before = [m for m in inside if m.start < a + hit.start()]
            if named_before:
                return named_before[0]
            if _INVESTORS_NEXT.search(text[a + hit.end():inside[0].start]):
                if previous:  # "En levant 600 millions ... mené par A": the raiser is the one spoken of before
                    return previous[0]
            elif inside[0].start < a + hit.start() + 80:
                return inside[0]
        previous = inside or previous
    counts = Counter(m.entity.id for m in orgs)
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return next(m for m in orgs if m.entity.id == ranked[0][0])
    return None


def is_funding_sentence(s, topic) -> bool:
    """Whether the sentence ``s`` speaks of funding without naming the raiser ``topic``."""
    return (topic is not None and topic.entity.id not in {m.entity.id for m in s.orgs}
            and re.search(FUNDING[s.lang], s.text[s.start:s.end], re.IGNORECASE) is not None)


def redirect(found, s, topic, source_id):
    """The candidates of a funding sentence with co-investors paired with the raiser instead."""
    if not is_funding_sentence(s, topic):
        return found
    out, seen = [], set()
    for c in found:
        if c.type == "partners-with" and c.role == "investment" and c.reason.startswith("cue ") \
                and UNDIRECTED.match(c.reason[5:]) and topic.entity.id not in c.ends:
            for end in c.ends:
                if (end, topic.entity.id) not in seen and end != source_id:
                    seen.add((end, topic.entity.id))
                    out.append(type(c)(c.type, (end, topic.entity.id), c.role, c.spans, c.via,
                                       f"{c.reason}; listed as an investor in a sentence about funding that does "
                                       f"not name the company: taken as {topic.entity.name}, the company the text's "
                                       f"funding round is about (check)", c.negated, c.modal))
        else:
            out.append(c)
    return out
