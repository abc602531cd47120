"""Text helpers shared by the stores: the one normalisation used for search keys.

>>> normalise("  L’Université   CORNELL ")
"l'universite cornell"
>>> normalise("Œuvre Łódź") == normalise("oeuvre lodz")
True
>>> normalise("北京大学")
'北京大学'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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


def suggest(word: str, choices: Iterable[str], n: int = 5, cutoff: float = 60) -> list[str]:
    """The choices closest to ``word`` (for "did you mean"): the same once folded (case, accents),
    then those containing it (sorted), then similar spellings, best first (RapidFuzz's ``ratio``,
    0 to 100, at least ``cutoff``); at most ``n``.

    >>> suggest("Antropic", ["OpenAI", "Anthropic", "Meta"])
    ['Anthropic']
    >>> suggest("ai", ["Meta", "OpenAI", "AI Alliance", "ai"])
    ['ai', 'AI Alliance', 'OpenAI']
    """
    from rapidfuzz import fuzz, process

    choices = list(dict.fromkeys(choices))
    key = normalise(word)
    folded = {c: normalise(c) for c in choices}
    close = [c for c in choices if folded[c] == key] + sorted(c for c in choices
                                                                   if key and key in folded[c] and folded[c] != key)
    by_folded: dict[str, str] = {}
    for c in choices:
        by_folded.setdefault(folded[c], c)
    for match, _, _ in process.extract(key, list(by_folded), scorer=fuzz.ratio, limit=n + len(close), score_cutoff=cutoff):
        if by_folded[match] not in close:
            close.append(by_folded[match])
    return close[:n]


def close_ids(text: str, ids, n: int = 5) -> list[str]:
    """The ids closest to ``text`` (:func:`suggest`).

    >>> close_ids("IBJ-ai", ["ibj-ai-alliance", "thenorth-ai", "article"])
    ['ibj-ai-alliance']
    >>> close_ids("artcle", ["ibj-ai-alliance", "thenorth-ai", "article"])
    ['article']
    """
    return suggest(text, ids, n)


# --------------------------------------------------------------------------- characters a terminal obeys

# Characters that change what a terminal or an editor shows rather than showing themselves: the
# C0 controls but tab, line feed and carriage return (ESC starts escape sequences, BEL rings),
# DEL, the C1 controls (U+0080 to U+009F; CSI is one), the bidirectional controls (marks,
# embeddings, overrides such as RLO, isolates: "Trojan Source" reordering), the zero-width
# characters (space, joiners, word joiner, invisible operators, BOM) and the line and
# paragraph separators.
_UNSAFE_CHARS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                 "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u2028\u2029")
UNSAFE_RE = re.compile(f"[{_UNSAFE_CHARS}]")
_LINE_BREAKS_RE = re.compile(f"[{_UNSAFE_CHARS}\t\n\r]")


def unsafe_char(text: str) -> str | None:
    """The first character of ``text`` a terminal would obey rather than show (see
    :data:`UNSAFE_RE`), described for a message, or None.

    >>> unsafe_char("IBM"), unsafe_char("caf\\u00e9 \\u6771\\u4eac")
    (None, None)
    >>> unsafe_char("IBM\\x1b]0;owned\\x07")
    'U+001B (ESC, a control character) at character 4'
    >>> unsafe_char("abc\\u202edef")
    'U+202E (RIGHT-TO-LEFT OVERRIDE) at character 4'
    """
    match = UNSAFE_RE.search(text)
    if match is None:
        return None
    ch = match.group()
    name = unicodedata.name(ch, "")
    what = name if name else f"{_C0_NAMES.get(ord(ch), 'C1' if ord(ch) >= 0x80 else 'C0')}, a control character"
    return f"U+{ord(ch):04X} ({what}) at character {match.start() + 1}"


_C0_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL"}


def neutralise(text: str) -> str:
    """``text`` safe to print on a terminal: every character :data:`UNSAFE_RE` matches shown as
    its code point (``\\u202e``, ``\\x1b``) instead of being sent raw; the rest unchanged.

    >>> neutralise("IBM\\x1b[2J\\u202e!")
    'IBM\\\\x1b[2J\\\\u202e!'
    >>> neutralise("plain text: unchanged, même accentué")
    'plain text: unchanged, même accentué'
    """
    if text.isascii() and text.isprintable():
        return text
    return UNSAFE_RE.sub(_escape, text)


def _escape(match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value, limit: int = 80) -> str:
    """``repr(value)`` for a message, at most about ``limit`` characters, control characters
    escaped: never a whole (possibly huge, possibly hostile) value.

    >>> shown("abc")
    "'abc'"
    >>> shown("x" * 1000, 10)
    "'xxxxxxxxx… (1000 characters)"
    >>> shown(["lol"] * 1000, 30)
    "['lol', 'lol', 'lol', 'lol', '… (1000 items)"
    """
    if isinstance(value, str):
        size, text = f"{len(value)} characters", repr(value[: limit + 1])  # a value may be megabytes long
    elif isinstance(value, list | tuple | dict | set | frozenset):
        head = list(value.items() if isinstance(value, dict) else value)[:limit]
        size, text = f"{len(value)} items", _repr(head if len(value) > limit else value)
    else:
        text = _repr(value)
        size = f"{len(text)} characters"
    if len(text) <= limit:
        return neutralise(text)
    return neutralise(text[:limit]) + f"… ({size})"


def _repr(value) -> str:
    try:
        return repr(value)
    except RecursionError:
        return f"<{type(value).__name__} nested too deep to show>"
