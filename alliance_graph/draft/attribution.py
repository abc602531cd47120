"""Whom a sentence attributes its news to: "selon X", "according to X", "X reported", "told X".

The outlet named is cited (a ``cites`` relationship from the draft's source), becomes the evidence's
``via``, and takes no other part in the sentence's relationships.
"""

from __future__ import annotations

import re

ATTRIBUTION = {"fr": r"selon (?:plusieurs |diverses |des |de )?sources,? (?:dont|parmi lesquelles|notamment)|"
                     r"selon(?: des (?:données|chiffres) d(?:e|u|[’']))?|d[’']après|rapporte|rapportent|rapportai(?:t|ent)|"
                     r"a rapporté|ont rapporté|(?:indique|précise|écrit|révèle|affirme)(?=\s+(?:le|la|l[’']|les)\s)|"
                     r"(?:rapportée?s?|révélée?s?|citée?s?)(?: en premier| d[’']abord)? par|(?:a|ont) (?:indiqué|confirmé|déclaré) à",
               "en": r"according to (?:several |multiple |various )?(?:sources|reports),? (?:including|such as)|"
                     r"according to(?: (?:data|figures) from)?|as reported by|(?:first |initially |originally )?reported by|"
                     r"reports? from|a report (?:from|by|in)|citing|(?:told|confirmed to|said to)(?= [A-Z])|"
                     r"\(via|(?<=, )reports(?= [A-Z])"}
# a reporting verb after the name it attributes to ("the Financial Times notes", "IANS reported")
REPORTED = {"fr": r"(?:a |avait |l[’']a )?(?:rapporté|rapporte|révélé|révèle)(?! par)|(?:note|notent|souligne|indique) que|"
                  r"évoque|évoquent",
            "en": r"(?:has |had |previously |first |also |earlier )*(?:reported|reports|notes|noted|wrote|writes|"
                  r"was (?:among )?the first to report)(?! by| that it)"}
_AND = re.compile(r"\b(?:and|et)\b|&", re.IGNORECASE)


def _cue_re(pattern: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + pattern + r")(?!(?<=\w)\w)", re.IGNORECASE)


def cited(s) -> list[tuple]:
    """(mention, quote span, why) of each outlet the sentence ``s`` (a :class:`.cues.Sentence`) cites;
    the first is the evidence's ``via``."""
    text = s.text
    for m in _cue_re(ATTRIBUTION[s.lang]).finditer(text, s.start, s.end):
        after = s.list_after(m.end(), limit=45)
        if after and not re.search(r"[,;.]", text[m.end():after[0].start]):
            out = [(after[0], (m.start(), after[0].end), f"attribution cue {m.group()!r}: the source cites "
                                                          f"{after[0].entity.name}")]
            if len(after) > 1 and _AND.search(text[after[0].end:after[1].start]):  # "dont Reuters et le WSJ"
                out.append((after[1], (m.start(), after[1].end), f"listed with {after[0].entity.name} after the "
                                                                   f"attribution: the source cites {after[1].entity.name}"))
            return out
    for m in _cue_re(REPORTED[s.lang]).finditer(text, s.start, s.end):  # "the Financial Times notes", "IANS reported"
        before = [o for o in s.orgs if o.end <= m.start() and re.fullmatch(r"\s*", text[o.end:m.start()])]
        if before:
            return [(before[-1], (before[-1].start, m.end()), f"reporting verb {m.group()!r}: the source cites "
                                                              f"{before[-1].entity.name}")]
    return []
