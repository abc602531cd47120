"""Negation and modality in the clause of a relationship candidate: a denied relationship is never a
fact (at most a commented-out suggestion), a conditional or a plan gets a warning."""

from __future__ import annotations

import re

# Negation: a relationship whose cue, ends or the start of their clause hold one of these is denied.
NEGATION = {
    "en": r"\b(?:not|never|no longer|neither|nor|no|without|excluding|except|missing from|absent from|omits?|omitted|"
          r"left out|ended|terminated|scrapped|broke off|pulled out of|cancel(?:l?ed|s))\b|n[’']t\b",
    "fr": r"\b(?:ne|ni|aucun|aucune|jamais|sans|hormis|excepté|sauf|absente?s?|exclue?s?|manquent|manque|rompu|rompt|"
          r"rompent|(?:met|mettent|mis) fin)\b|\bn[’'](?=\w)",
}
# "ne ... que" restricts, it does not deny ("n’a dépensé que 20 millions")
_RESTRICTION = re.compile(r"\b(?:ne|n[’'])\s*\w+(?:\s+\w+){0,3}?\s+(?:que|qu[’'])", re.IGNORECASE)
_FRENCH_DENIAL = re.compile(r"\b(?:pas|plus|jamais|aucune?|ni|point|rien|personne|guère)\b", re.IGNORECASE)
# "not only", "ne se contente pas de": these widen a statement, they deny nothing
_NOT_ONLY = re.compile(r"\b(?:not only|not just|ne se content\w* pas|non seulement|"
                       r"(?:ne\s+|n[’'])\s*\w+(?:\s+\w+)?\s+pas\s+(?:seulement|uniquement)|pas seulement|pas uniquement|"
                       r"\w+n[’']t\s+(?:only|just))\b", re.IGNORECASE)
# Modality: a conditional, a plan or a report of one; proposed with a warning.
MODALITY = {
    "en": r"\b(?:would|could|might|may|will|plans? to|planned|planning to|intends? to|expected to|is set to|"
          r"considering|in talks|reportedly|proposed)\b|[’']ll\b",
    "fr": r"\b(?:pourrai(?:t|ent)|pourront|pourra|envisag\w*|prévoi\w*|projet(?:te)? de|devrai(?:t|ent)|"
          r"\w{3,}(?:rait|raient|ront)|serait|seraient|aurait|auraient)\b",
}


def modality(s, spans, cue) -> tuple[str, str]:
    """(negation, modality) words found in the clause of a candidate: from the start of the clause
    holding its leftmost part (at most 60 characters back) to its rightmost part."""
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    start = max(s.start, lo - 60)
    cut = [m.end() for m in re.finditer(r"[;:]|,\s+(?:but|while|whereas|mais|alors que|tandis que)\b|\b(?:but|mais)\b",
                                        s.text[start:lo])]
    start += cut[-1] if cut else 0
    region = s.text[start:hi]
    neg = next((n for n in re.finditer(NEGATION[s.lang], region, re.IGNORECASE)
                if not any(w.start() <= n.start() < w.end() for w in _NOT_ONLY.finditer(region))), None)
    if neg and s.lang == "fr" and re.fullmatch(r"ne|n[’']", neg.group(), re.IGNORECASE) \
            and _RESTRICTION.match(region, neg.start()) and not _FRENCH_DENIAL.search(region):
        neg = None  # a restriction ("ne ... que"), not a denial
    mod = re.search(MODALITY[s.lang], region, re.IGNORECASE)
    return (f"under the negation {neg.group()!r} in {' '.join(region.split())!r}" if neg else "",
            f"stated under {mod.group()!r}: a conditional or a plan, check that it happened" if mod else "")
