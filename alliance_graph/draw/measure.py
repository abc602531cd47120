"""Captions: cleaned, measured and wrapped in the font the picture is drawn in.

The package ships DejaVu Sans (regular and bold, reduced to Latin, Greek and
Cyrillic: see ``fonts/LICENSE``). Widths come from Pillow's
``FreeTypeFont.getlength`` on that font, so the room left for a caption in the
layout is the room the caption takes in the PNG (drawn with the same file) and in
the HTML page (which embeds it). A character the font lacks (Chinese, for
instance) is measured as a browser's fallback font would draw it: a full em for
wide East Asian characters, 0.6 em otherwise; the PNG shows such a character as
an empty box.

>>> round(text_width("Meta", 13), 1)
32.3
>>> text_width("Meta", 13, bold=True) > text_width("Meta", 13)
True
"""

from __future__ import annotations

import io
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
_UNITS_PER_EM = 2048  # DejaVu's; measuring at this size reads the advances in font units

# the code points the shipped fonts cover (the ranges they were reduced to)
_COVERED = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF), (0x2000, 0x206F),
            (0x20A0, 0x20CF), (0x2122, 0x2122), (0x2190, 0x2193), (0x2212, 0x2212), (0xFFFD, 0xFFFD))
_STARTS = [lo for lo, _ in _COVERED]


@lru_cache(maxsize=2)
def font_bytes(bold: bool = False) -> bytes:
    """The TTF file of the regular or bold face."""
    return resources.files(__package__).joinpath("fonts").joinpath(FONT_FILES[bold]).read_bytes()


@lru_cache(maxsize=64)
def font(size: float, bold: bool = False):
    """The shipped face at ``size`` pixels, as a Pillow font.

    Laid out with Raqm (kerning, as browsers do) where Pillow has it; otherwise
    with Pillow's basic layout, which does not kern (captions then measure a
    little wide, never narrow).
    """
    from PIL import ImageFont, features

    engine = ImageFont.Layout.RAQM if features.check_feature("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(font_bytes(bold)), size, layout_engine=engine)


def covered(ch: str) -> bool:
    """Whether the shipped font has a glyph for ``ch``."""
    o = ord(ch)
    k = bisect_right(_STARTS, o) - 1
    return k >= 0 and o <= _COVERED[k][1]


@lru_cache(maxsize=1 << 16)
def _em_width(text: str, bold: bool) -> float:
    """The width of ``text`` in ems."""
    total, run = 0.0, []
    for ch in text + "\0":  # "\0" (never covered, never in a caption) ends the last run
        if covered(ch):
            run.append(ch)
            continue
        if run:
            total += font(_UNITS_PER_EM, bold).getlength("".join(run)) / _UNITS_PER_EM
            run = []
        if ch == "\0" or unicodedata.combining(ch):
            continue
        total += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6
    return total


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is, in pixels, at ``size`` pixels."""
    return round(_em_width(text, bold) * size, 2)


def clean_text(text: object) -> str:
    """Text safe for XML 1.0: no control characters, no lone surrogates, single spaces.

    >>> clean_text("Tab\\tand\\x01control  ")
    'Tab and control'
    """
    out = []
    for ch in str(text):
        o = ord(ch)
        bad = o < 32 or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF) or 0x7F <= o <= 0x9F
        out.append(" " if bad else ch)
    return " ".join("".join(out).split())


def wrap(text: str, size: float, max_chars: int, max_lines: int = 2) -> tuple[str, ...]:
    """Split a caption into at most ``max_lines`` lines no wider than ``max_chars`` average characters.

    >>> wrap("National Science Foundation", 13, 18)
    ('National Science', 'Foundation')
    >>> wrap("worldwide enterprise spending on generative AI solutions", 13, 18, max_lines=1)
    ('worldwide enterp…',)
    """
    limit = max_chars * 0.56 * size
    text = clean_text(text)
    if text_width(text, size) <= limit:
        return (text,)
    tokens: list[tuple[str, bool]] = []  # (piece, preceded by a space)
    for word in text.split(" "):
        spaced = True
        while text_width(word, size) > limit:  # a long word, or a script written without spaces
            cut = 1
            while cut < len(word) and text_width(word[: cut + 1], size) <= limit:
                cut += 1
            tokens.append((word[:cut], spaced))
            word, spaced = word[cut:], False
        tokens.append((word, spaced))

    def joined(toks: list[tuple[str, bool]]) -> str:
        return "".join((" " if spaced and k else "") + piece for k, (piece, spaced) in enumerate(toks))

    lines: list[list[tuple[str, bool]]] = [[]]
    for token in tokens:
        if lines[-1] and text_width(joined([*lines[-1], token]), size) > limit:
            lines.append([])
        lines[-1].append(token)
    if len(lines) > max_lines:
        last = joined([t for line in lines[max_lines - 1:] for t in line])
        while last and text_width(last + "…", size) > limit:
            last = last[:-1]
        return (*(joined(line) for line in lines[: max_lines - 1]), last.rstrip() + "…")
    return tuple(joined(line) for line in lines)
