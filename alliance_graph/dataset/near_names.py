"""Near-duplicate names: a new organisation or product whose name is close to another id's.

A name equal (once folded for case and accents) to another id's name is an error, found by the
builder; a *near* match is a warning, found here with RapidFuzz (a maintained C++ library of
string similarity measures) rather than a hand-written one.

Two names are near when they share their first word and RapidFuzz's ``token_set_ratio`` of
their folded forms is at least :data:`THRESHOLD` ("Meta Platforms" is near "Meta"), or when
one of them is written without spaces, both start with the same four letters and the
``ratio`` of their forms without spaces is at least :data:`THRESHOLD` ("Open AI" is near
"OpenAI"): :func:`score`. Comparing only such names keeps the check fast on large graphs:
two names with spaces and different first words are not compared (at 100,000 generated
organisations, comparing every pair sharing four letters took 47 s); a block larger than
:data:`MAX_BLOCK` names is not compared (generated data, or a generic first word: at 100,000
generated organisations, blocks of up to 500 names took 12 s of the check, 100 take 1.4 s).

>>> list(near_matches({"meta-platforms": ("Meta Platforms",)}, {"meta": "meta", "ibm": "ibm"}))
[('meta-platforms', 'Meta Platforms', [('meta', 'meta')])]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..text import normalise

THRESHOLD = 90
MAX_BLOCK = 100  # names sharing a first word; more is generated data or a generic word ("university")


def _squash(text: str) -> str:
    return text.replace(" ", "")


def _versions(a: str, b: str) -> bool:
    """Two versions of one product line: the shorter name ends in a digit and starts the longer."""
    short, long = sorted((a, b), key=len)
    return len(long) > len(short) and long.startswith(short) and short[-1:].isdigit()


def score(a: str, b: str) -> float | None:
    """How near two folded names are (0 to 100), or None when they are not compared at all.

    Two versions of one product line (a shared name ending in a digit, then more: "gpt-4" and
    "gpt-4o", "phi-3" and "phi-3.5") are different products, not a misspelling: not compared.

    >>> score("meta platforms", "meta"), round(score("open ai", "openai")), score("kalo 1", "kalomi 2")
    (100.0, 100, None)
    >>> score("gpt-4", "gpt-4o")
    """
    from rapidfuzz import fuzz

    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return None
    if _versions(a, b):
        return None
    joined = None
    if (len(wa) == 1 or len(wb) == 1) and _squash(a)[:4] == _squash(b)[:4]:
        joined = fuzz.ratio(_squash(a), _squash(b))
    if wa[0] == wb[0]:
        return max(fuzz.token_set_ratio(a, b), joined or 0)
    return joined


def near_matches(new: dict[str, tuple[str, ...]], owner: dict[str, str]) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """For each name of the ``new`` ids (id -> names), the other ids with a near name.

    ``owner`` maps every folded name known (new ids' included) to its id. Yields
    ``(id, name, [(other id, other folded name), ...])`` for each name with near matches.
    """
    if not new:
        return
    from rapidfuzz import fuzz, process

    first_word: dict[str, list[str]] = {}  # first word -> names
    prefix: dict[str, list[str]] = {}  # first four letters -> names
    single: dict[str, list[str]] = {}  # first four letters -> names without spaces
    for key in owner:
        words = key.split()
        if not words:
            continue
        start = _squash(key)[:4]
        first_word.setdefault(words[0], []).append(key)
        prefix.setdefault(start, []).append(key)
        if len(words) == 1:
            single.setdefault(start, []).append(key)
    for node_id, texts in new.items():
        seen: set[str] = set()
        for text in texts:
            key = normalise(text)
            found: dict[str, str] = {}
            words = key.split()
            if not words:
                continue
            start = _squash(key)[:4]
            # the pairs score() compares: the first word's block by token_set_ratio; the four letters'
            # block (all of it for a name without spaces, its names without spaces for the others)
            # by the ratio of the forms without spaces
            for candidates, scorer, processor in (
                    (first_word.get(words[0], ()), fuzz.token_set_ratio, None),
                    ((prefix if len(words) == 1 else single).get(start, ()), fuzz.ratio, _squash)):
                if len(candidates) > MAX_BLOCK:
                    continue
                # the whole block scored in one call (in C++), then the near ones looked at in block order
                near: list = process.extract(key, candidates, scorer=scorer, processor=processor, score_cutoff=THRESHOLD,
                                       limit=None)
                for other, _score, _i in sorted(near, key=lambda m: m[2]):
                    other_id = owner[other]
                    if other_id == node_id or other_id in found or other_id in seen or _versions(key, other):
                        continue
                    found[other_id] = other
            if found:
                seen.update(found)
                yield node_id, text, sorted(found.items())
