"""The article: read as UTF-8 text (a clear error otherwise), cut into sentences.

>>> text = "Meta et IBM lancent l’AI Alliance. Selon le WSJ, Intel en est membre.\\nFin"
>>> [text[a:b] for a, b in sentences(text)]
['Meta et IBM lancent l’AI Alliance.', 'Selon le WSJ, Intel en est membre.', 'Fin']
>>> text = "Acme Inc. and Beta Corp. are rivals. U.S. firms agree."
>>> [text[a:b] for a, b in sentences(text)]
['Acme Inc. and Beta Corp. are rivals.', 'U.S. firms agree.']
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import AllianceGraphError, FileRefused
from ..safe_files import read_bytes

MAX_TEXT_BYTES = 5 * 1024 * 1024


def nlp_install() -> str:
    """The command that installs the ``nlp`` extra for this copy of the package."""
    from .._install import extra_install_command

    return extra_install_command("nlp")


class DraftError(AllianceGraphError):
    """The article cannot be drafted: unreadable, not text, or the ``nlp`` extra is missing."""


def read_article(path: str | Path) -> str:
    """The text of ``path``: UTF-8 (a BOM is dropped), not binary, at most 5 MB."""
    path = Path(path)
    try:  # a regular file only (not a device or a FIFO), never more than the limit read (SECURITY.md)
        data = read_bytes(path, limit=MAX_TEXT_BYTES)
    except FileRefused as exc:
        if "over the limit" in exc.reason:
            raise DraftError(f"{path}: {exc.reason}; that is more than an article: give the text of one article") from None
        raise DraftError(f"{path}: cannot read the article: it {exc.reason}") from None
    except OSError as exc:
        raise DraftError(f"{path}: cannot read the article ({exc.strerror or exc.__class__.__name__})") from None
    if b"\x00" in data:
        raise DraftError(f"{path}: this is a binary file (it holds NUL bytes), not a plain-text article; "
                         "save the article as UTF-8 text (.txt) and draft that")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it, "
                         f"e.g. `iconv -f latin1 -t utf-8 {path.name} > article.txt`, and draft that") from None
    return text.removeprefix("\ufeff")


# A sentence ends at . ! ? … (then maybe a closing quote), before white space and a capital or an
# opening quote; not after an abbreviation (Inc. Corp. Dr. a single letter as in U.S.). A line break ends one too.
_END = re.compile(r"[.!?…][\"”»’)]*(?=\s+[\"“«(]?[A-ZÀ-ÖØ-Þ0-9])|\n")
_ABBREVIATIONS = {"inc", "corp", "co", "ltd", "dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "m", "mm", "etc", "no",
                  "prof", "gen", "gov", "sen", "rep"}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, white space trimmed, empty ones left out."""
    spans, start = [], 0
    for m in _END.finditer(text):
        if m.group() != "\n":
            word = re.search(r"(\w+)\W*$", text[start:m.start() + 1])
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out
