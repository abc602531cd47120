"""The draft as dataset YAML (docs/dataset-format.md), every proposed record preceded by a
``# REVIEW:`` comment saying why it was proposed. The loader ignores comments, so the draft
loads as written; a reviewer deletes what is wrong, fixes what is near, and deletes the comments.
"""

from __future__ import annotations

import json
import re

from ..text import UNSAFE_RE, neutralise
from .core import Draft

HEADER = """\
# DRAFT proposed by `agraph draft` from {text_file}: REVIEW every record before loading it.
# Each record below follows a `# REVIEW:` comment saying why it was proposed. Known organisations keep
# their graph id, name and kind; new ones got a slug id and a guessed kind. Delete what is wrong, fix
# what is near, then check with `agraph load --dry-run THIS_FILE`. The loader ignores these comments.
"""


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's) of ``value`` without the characters
    a dataset may not hold (control, bidirectional, zero-width: the loader's check of a quote
    against the text skips them), on one line whatever ``value`` holds.

    >>> print(_q('a "b"\\n\u2028- id: x\u200b'))
    "a \\"b\\"\\n- id: x"
    """
    return json.dumps(UNSAFE_RE.sub("", value), ensure_ascii=False)


def _one_line(text: str) -> str:
    """``text`` fit for a YAML comment: on one line whatever it holds (a file name may hold a line
    break, which would end the comment and start a record), control characters shown as escapes."""
    return neutralise(" ".join(_BREAKS.sub(" ", text).split()))


# Every character that ends a line for YAML or for an editor (line feed, carriage return, NEL,
# line and paragraph separators), and other vertical space.
_BREAKS = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")


def _comment(text: str, indent: str) -> str:
    return f"{indent}# REVIEW: " + _one_line(text) + "\n"


def draft_yaml(draft: Draft) -> str:
    s = draft.source
    text_file = _q(s.text_file) if s.text_file else "the article"
    out = [HEADER.format(text_file=_one_line(text_file)), f"dataset: {_q(s.id)}\n\n", "sources:\n"]
    out.append(f"  - id: {_q(s.id)}\n    title: {_q(s.title)}\n    language: {_q(s.language)}\n")
    for key in ("publisher", "url", "published"):
        if getattr(s, key):
            out.append(f"    {key}: {_q(getattr(s, key))}\n")
    if s.text_file:
        out.append(f"    text_file: {_q(s.text_file)}\n")
    for section, records in (("organisations", draft.organisations), ("products", draft.products)):
        if not records:
            continue
        out.append(f"\n{section}:\n")
        for r in records:
            e = r.entity
            out.append(_comment(r.reason, "  "))
            out.append(f"  - id: {_q(e.id)}\n    name: {_q(e.name)}\n    kind: {_q(e.kind)}\n")
            if r.aliases:
                out.append(f"    aliases: [{', '.join(_q(a) for a in r.aliases)}]\n")
            out.append(f"    evidence:\n      - source: {_q(s.id)}\n        quote: {_q(r.evidence)}\n")
    if draft.relationships:
        out.append("\nrelationships:\n")
        for rel in draft.relationships:
            out.append(_comment("; ".join(rel.reasons), "  "))
            out.append(f"  - type: {_q(rel.type)}\n    from: {_q(rel.ends[0])}\n    to: {_q(rel.ends[1])}\n")
            if rel.role:
                out.append(f"    {'role' if rel.type == 'member-of' else 'kind'}: {_q(rel.role)}\n")
            out.append("    evidence:\n")
            for quote, via in rel.evidence:
                out.append(f"      - source: {_q(s.id)}\n        quote: {_q(quote)}\n")
                if via:
                    out.append(f"        via: {_q(via)}\n")
    if draft.guessed:
        out.append("\n# SUGGESTED, NOT PROPOSED: no cue pattern states these; a model trained on hand-checked news finds\n"
                   "# them likely, but on texts it was not trained on only a quarter to a half were right. Take one only\n"
                   "# if its quote says so: remove the '# ' before its `- type:` line and the five lines under it; it\n"
                   "# then loads under `relationships:` above (add that line if there is none).\n")
        for rel in draft.guessed:
            out.append(_comment("; ".join(rel.reasons), "  "))
            out.append(f"  # - type: {_q(rel.type)}\n  #   from: {_q(rel.ends[0])}\n  #   to: {_q(rel.ends[1])}\n"
                       f"  #   evidence:\n  #     - source: {_q(s.id)}\n  #       quote: {_q(rel.evidence[0][0])}\n")
    if draft.suggestions:
        out.append("\n# NOT PROPOSED: the text denies these (negation); kept as comments for the reviewer, never loaded.\n")
        for rel in draft.suggestions:
            out.append("# - " + _one_line(f"{rel.type} {rel.ends[0]} -> {rel.ends[1]}: {rel.negated}; "
                                          f"quote: {rel.evidence[0][0]!r}") + "\n")
    return "".join(out)
