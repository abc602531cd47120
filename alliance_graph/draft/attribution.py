"""Whom a sentence attributes its news to: "selon X", "according to X", "X reported", "told X".

The outlet named is cited (a ``cites`` relationship from the draft's source), becomes the evidence's
``via``, and takes no other part in the sentence's relationships.
"""

from __future__ import annotations

import re

ATTRIBUTION = {"fr": r"selon (?:plusieurs |diverses |des |de )?sources,? (?:dont|parmi lesquelles|notamment)|"
                     r"selon(?: des (?:données|chiffres) d(?:e|u|[’']))?|d[’']après|rapporte|rapportent|rapportai(?:t|ent)|"
                     r"a rapporté|ont rapporté|(?<=, )(?:indique|précise|écrit|révèle|affirme)(?=\s+(?:(?:le|la|les)\s|l[’']))|"
                     r"(?:rapportée?s?|révélée?s?|citée?s?)(?: en premier| d[’']abord)? par|(?:a|ont) (?:indiqué|confirmé|déclaré) à",
               "en": r"according to (?:several |multiple |various )?(?:sources|reports),? (?:including|such as)|"
                     r"according to(?: (?:data|figures) from)?|as reported by|(?:first |initially |originally )?reported by|"
                     r"reports? from|a report (?:from|by|in)|citing|(?:told|confirmed to)(?=\s(?-i:[A-Z]))|"
                     r"\(via|(?<=, )reports(?=\s(?-i:[A-Z]))"}
# cues that also introduce others than outlets ("Intel confirmed to Oracle that ...", "Microsoft évoque un
# investissement"): they cite only a name the draft holds for an outlet (a known one, or one named by its kind)
_WEAK = re.compile(r"told|confirmed to|\(via|reports|indique|précise|écrit|révèle|affirme|évoque(?:nt)?", re.IGNORECASE)
# a reporting verb after the name it attributes to ("the Financial Times notes", "IANS reported")
REPORTED = {"fr": r"(?:a |avait |l[’']a )?(?:rapporté|rapporte|révélé|révèle)(?! par)|(?:note|notent|souligne|indique) que|"
                  r"évoque|évoquent",
            "en": r"(?:has |had |previously |first |also |earlier )*(?:reported|reports|notes|noted|wrote|writes|"
                  r"was (?:among )?the first to report)(?! by| that it)"}
_AND = re.compile(r"\b(?:and|et)\b|&", re.IGNORECASE)


def cue_re(pattern: str) -> re.Pattern:
    """``pattern`` as a case-blind cue matched on whole words."""
    return re.compile(r"(?<!\w)(?:" + pattern + r")(?!(?<=\w)\w)", re.IGNORECASE)


def _outlet(cue: str, mention) -> bool:
    """Whether ``mention`` may be the outlet of the cue ``cue``: always for a cue that only introduces
    outlets ("according to"), only a news outlet for the others ("told", "évoque")."""
    return not _WEAK.fullmatch(cue.strip()) or mention.entity.kind == "media"


def outlets(text: str, sentence_spans, mentions, lang: str) -> set[str]:
    """The ids of the organisations the text cites somewhere: no company raising money, no end of a
    suggested relationship."""
    from .cues import Sentence

    out: set[str] = set()
    for span in sentence_spans:
        inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
        if inside:
            out |= {m.entity.id for m, _, _ in cited(Sentence(text, span, inside, mentions, sentence_spans, lang))}
    return out


def cited(s) -> list[tuple]:
    """(mention, quote span, why) of each outlet the sentence ``s`` (a :class:`.cues.Sentence`) cites;
    the first is the evidence's ``via``."""
    text = s.text
    for m in cue_re(ATTRIBUTION[s.lang]).finditer(text, s.start, s.end):
        after = s.list_after(m.end(), limit=45)
        if after and not re.search(r"[,;.]", text[m.end():after[0].start]) and _outlet(m.group(), after[0]):
            out = [(after[0], (m.start(), after[0].end), f"attribution cue {m.group()!r}: the source cites "
                                                          f"{after[0].entity.name}")]
            if len(after) > 1 and _AND.search(text[after[0].end:after[1].start]):  # "dont Reuters et le WSJ"
                out.append((after[1], (m.start(), after[1].end), f"listed with {after[0].entity.name} after the "
                                                                   f"attribution: the source cites {after[1].entity.name}"))
            return out
    for m in cue_re(REPORTED[s.lang]).finditer(text, s.start, s.end):  # "the Financial Times notes", "IANS reported"
        before = [o for o in s.orgs if o.end <= m.start() and re.fullmatch(r"\s*", text[o.end:m.start()])]
        if before and _outlet(m.group(), before[-1]):
            return [(before[-1], (before[-1].start, m.end()), f"reporting verb {m.group()!r}: the source cites "
                                                              f"{before[-1].entity.name}")]
    return []
