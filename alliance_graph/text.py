"""Text helpers shared by the stores: the one normalisation used for search keys.

>>> normalise("  L’Université   CORNELL ")
"l'universite cornell"
"""

from __future__ import annotations

import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"', "|": " "})
SEPARATOR = "|"  # between keys in search_text; normalise() never leaves one in a key


def normalise(text: str) -> str:
    """Fold case, accents, typographic quotes and runs of white space.

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
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


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
