"""Text helpers shared by the stores: the one normalisation used for search keys.

>>> normalise("  L’Université   CORNELL ")
"l'universite cornell"
>>> normalise("Œuvre Łódź") == normalise("oeuvre lodz")
True
>>> normalise("北京大学")
'北京大学'
"""

from __future__ import annotations

import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                         "|": " "})
SEPARATOR = "|"  # between keys in search_text; normalise() never leaves one in a key

# Letters of the Latin script, by their Unicode names ("LATIN SMALL LETTER O WITH STROKE",
# "LATIN CAPITAL LIGATURE OE", "LATIN LETTER SMALL CAPITAL I"...). Other scripts are left as
# they are, so that a Chinese or Arabic name is found by its own characters.
_LATIN = ("LATIN SMALL ", "LATIN CAPITAL ", "LATIN LETTER ")


class _FoldTable(dict):
    """str.translate table for NFKD text, filled as characters are met: drops combining
    marks (accents), straightens quotes, and spells in ASCII the Latin letters that NFKD
    leaves alone (œ, ł, ø, æ, đ, þ, ı...)."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        out: str | None = char
        if unicodedata.combining(char):
            out = None
        elif code >= 0x80 and unicodedata.name(char, "").startswith(_LATIN):
            from anyascii import anyascii  # imported on the first such letter only

            out = (anyascii(char) or char).translate(_QUOTES)  # a spelling may bring a ` or |
        self[code] = out
        return out


_FOLD = _FoldTable({k: v for k, v in _QUOTES.items()})


def normalise(text: str) -> str:
    """Fold case, accents, ligatures, Latin letters without ASCII form, typographic quotes
    and runs of white space. Non-Latin scripts keep their characters (case and accents folded).

    Parameters
    ----------
    text : str
        Any name, alias or search text.

    Returns
    -------
    str
        The key that search and name resolution compare.

    Examples
    --------
    >>> normalise("Université Cornell") == normalise("universite cornell")
    True
    >>> normalise("Straße Øresund cœur")
    'strasse oresund coeur'
    """
    if text.isascii():
        text = text.translate(_QUOTES)
    else:
        text = unicodedata.normalize("NFKD", text).translate(_FOLD)
    return " ".join(text.casefold().split())


def search_text(node_id: str, name: str, aliases: tuple[str, ...] | list[str]) -> str:
    """The normalised keys under which a node is found (id, name, aliases), as one text
    ``|key|key|...|`` so that one TEXT index answers both exact (``CONTAINS '|key|'``)
    and partial (``CONTAINS 'part'``) look-ups.

    >>> search_text("ibm", "IBM", ["International Business Machines"])
    '|ibm|international business machines|'
    """
    keys: list[str] = []
    for text in (node_id, name, *aliases):
        key = normalise(text)
        if key and key not in keys:
            keys.append(key)
    return SEPARATOR + SEPARATOR.join(keys) + SEPARATOR


def close_ids(text: str, ids, n: int = 5) -> list[str]:
    """The ids closest to ``text``: the same once folded, then ids containing it, then similar
    spellings (for "did you mean" in errors).

    >>> close_ids("IBJ-ai", ["ibj-ai-alliance", "thenorth-ai", "article"])
    ['ibj-ai-alliance']
    >>> close_ids("artcle", ["ibj-ai-alliance", "thenorth-ai", "article"])
    ['article']
    """
    import difflib

    ids = list(ids)
    key = normalise(text)
    folded = {i: normalise(i) for i in ids}
    close = [i for i in ids if folded[i] == key] + sorted(i for i in ids if key and key in folded[i] and folded[i] != key)
    by_folded: dict[str, str] = {}
    for i in ids:
        by_folded.setdefault(folded[i], i)
    close += [by_folded[c] for c in difflib.get_close_matches(key, list(by_folded), n=n, cutoff=0.6)
              if by_folded[c] not in close]
    return close[:n]
