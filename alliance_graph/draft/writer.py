"""The draft as dataset YAML (docs/dataset-format.md), every proposed record preceded by a
``# REVIEW:`` comment saying why it was proposed. The loader ignores comments, so the draft
loads as written; a reviewer deletes what is wrong, fixes what is near, and deletes the comments.
"""

from __future__ import annotations

import json

from .core import Draft

HEADER = """\
# DRAFT proposed by `agraph draft` from {text_file}: REVIEW every record before loading it.
# Each record below follows a `# REVIEW:` comment saying why it was proposed. Known organisations keep
# their graph id, name and kind; new ones got a slug id and a guessed kind. Delete what is wrong, fix
# what is near, then check with `agraph load --dry-run THIS_FILE`. The loader ignores these comments.
"""


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str) -> str:
    return f"{indent}# REVIEW: " + " ".join(text.split()) + "\n"


def draft_yaml(draft: Draft) -> str:
    s = draft.source
    out = [HEADER.format(text_file=s.text_file or "the article"), f"dataset: {_q(s.id)}\n\n", "sources:\n"]
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
            out.append(f"  - type: {rel.type}\n    from: {_q(rel.ends[0])}\n    to: {_q(rel.ends[1])}\n")
            if rel.role:
                out.append(f"    {'role' if rel.type == 'member-of' else 'kind'}: {rel.role}\n")
            out.append("    evidence:\n")
            for quote, via in rel.evidence:
                out.append(f"      - source: {_q(s.id)}\n        quote: {_q(quote)}\n")
                if via:
                    out.append(f"        via: {_q(via)}\n")
    return "".join(out)
