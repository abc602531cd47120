"""Near-duplicate names: a new organisation or product whose name is close to another id's.

A name equal (once folded for case and accents) to another id's name is an error, found by the
builder; a *near* match is a warning, found here with RapidFuzz (a maintained C++ library of
string similarity measures) rather than a hand-written one.

Two names are near when they share their first word and RapidFuzz's ``token_set_ratio`` of
their folded forms is at least :data:`THRESHOLD` (so "Meta Platforms" is near "Meta", and
"Open AI" near "OpenAI" through the ratio of the whole). Comparing only names that share a
first word (or, without spaces, the same first four letters) keeps the check fast on large
graphs; a block larger than :data:`MAX_BLOCK` names (generated data) is not compared.

>>> list(near_matches({"meta-platforms": ("Meta Platforms",)}, {"meta": "meta", "ibm": "ibm"}))
[('meta-platforms', 'Meta Platforms', [('meta', 'meta')])]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..text import normalise

THRESHOLD = 90
MAX_BLOCK = 500


def _blocks(key: str) -> tuple[str, ...]:
    words = key.split()
    if not words:
        return ()
    return tuple(dict.fromkeys((words[0], key.replace(" ", "")[:4])))


def near_matches(new: dict[str, tuple[str, ...]], owner: dict[str, str]) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """For each name of the ``new`` ids (id -> names), the other ids with a near name.

    ``owner`` maps every folded name known (new ids' included) to its id. Yields
    ``(id, name, [(other id, other folded name), ...])`` for each name with near matches.
    """
    if not new:
        return
    from rapidfuzz import fuzz, process

    blocks: dict[str, list[str]] = {}
    for key in owner:
        for block in _blocks(key):
            blocks.setdefault(block, []).append(key)
    for node_id, texts in new.items():
        seen: set[str] = set()
        for text in texts:
            key = normalise(text)
            found: dict[str, str] = {}
            for block in _blocks(key):
                candidates = blocks.get(block, ())
                if len(candidates) > MAX_BLOCK:
                    continue
                # the whole block scored in one call (in C++), then the near ones looked at in block order
                near = process.extract(key, candidates, scorer=fuzz.token_set_ratio, score_cutoff=THRESHOLD, limit=None)
                for other, _score, _i in sorted(near, key=lambda m: m[2]):
                    other_id = owner[other]
                    if other_id == node_id or other_id in found or other_id in seen:
                        continue
                    found[other_id] = other
            if found:
                seen.update(found)
                yield node_id, text, sorted(found.items())
