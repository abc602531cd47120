"""The tables of ``docs/dataset-format.md`` that the code defines: the relationship types
(from ``model.REL_TYPES``) and the camp rules, with their strengths and justifications (from
``camps.CAMP_RULES``).

Each table sits between two marker comments; ``python -m alliance_graph.doc_tables
--check`` tells whether it matches the model (naming each type whose row is missing,
different or left over) and ``--write`` regenerates it. A unit test runs the check,
so a relationship type added to the model without its row fails loudly.

>>> print(relationship_row(model.REL_TYPES["develops"]))
| `develops` | organisation → product | `DEVELOPS` | no | yes | `since`, `until`: dates |
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import model
from .model import RelType
from .record_fields import specs

BEGIN = "<!-- relationship-types: generated from REL_TYPES in alliance_graph/model.py by " \
        "`python -m alliance_graph.doc_tables --write`; do not edit by hand -->"
END = "<!-- end relationship-types -->"
HEADER = ("| type | from → to | stored as | symmetric | `agraph path` follows it | properties |\n"
          "|---|---|---|---|---|---|")
DOC = Path(__file__).resolve().parent.parent / "docs" / "dataset-format.md"
CAMP_BEGIN = ("<!-- camp-rules: generated from CAMP_RULES in alliance_graph/camps.py by "
              "`python -m alliance_graph.doc_tables --write`; do not edit by hand -->")
CAMP_END = "<!-- end camp-rules -->"


CAMP_HEADER = "| basis | meaning | strength | why it counts, and why this strength |\n|---|---|---|---|"


def camp_rules_table() -> str:
    """The generated block of camp bases, markers included: a stated camp, then every rule of
    ``CAMP_RULES`` in order, each with its strength and justification.

    >>> print(camp_rules_table().splitlines()[3])
    | stated | a source states the camp (the organisation's `camp` field, with evidence), from the source's publication date | strong | a source states the camp of the organisation in so many words |
    """
    from .camps import CAMP_RULES, PRODUCT_JUSTIFICATION, STATED_JUSTIFICATION
    from .openness import GRADE_CAMPS

    stated = ("| stated | a source states the camp (the organisation's `camp` field, with evidence), from the "
              f"source's publication date | strong | {STATED_JUSTIFICATION} |")
    grades = "; ".join(f"`{g}` {camp} ({strength})" for g, (camp, strength) in GRADE_CAMPS.items())
    product = (f"| product | the organisation develops a product released by the date whose openness grade speaks for "
               f"a camp: {grades} | by grade | {PRODUCT_JUSTIFICATION} |")
    rows = "\n".join(f"| rule `{r.id}` | {r.description} | {r.strength} | {r.justification} |" for r in CAMP_RULES)
    return f"{CAMP_BEGIN}\n{CAMP_HEADER}\n{stated}\n{product}\n{rows}\n{CAMP_END}"


OPENNESS_BEGIN = ("<!-- openness-components: generated from OPENNESS_COMPONENTS in alliance_graph/model.py by "
                  "`python -m alliance_graph.doc_tables --write`; do not edit by hand -->")
OPENNESS_END = "<!-- end openness-components -->"


def openness_table() -> str:
    """The generated block of openness components, markers included.

    >>> print(openness_table().splitlines()[3])
    | `weights` | `downloadable`, `api-only` or `not-released` | the model's weights (downloadable after accepting terms is downloadable) |
    """
    rows = "\n".join(f"| `{c.name}` | {_or(_code(c.values)) if c.values else 'text'} | {c.description} |"
                     for c in model.OPENNESS_COMPONENTS.values())
    return f"{OPENNESS_BEGIN}\n| component | values | meaning |\n|---|---|---|\n{rows}\n{OPENNESS_END}"


SOURCE_BEGIN = ("<!-- source-fields: generated from the declaration of Source in alliance_graph/model.py by "
                "`python -m alliance_graph.doc_tables --write`; do not edit by hand -->")
SOURCE_END = "<!-- end source-fields -->"
_KINDS = {"id": "slug", "date": "date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`", "file": "path", "list": "list of texts"}


def field_row(name: str, spec) -> str:
    """One declared field's row: its key, whether it is required, its kind and limit, its meaning.

    >>> from alliance_graph.model import Source
    >>> print(field_row("url", dict(specs(Source))["url"]))
    | `url` | no | text, at most 2000 characters | its address |
    """
    kind = _KINDS.get(spec.kind, spec.kind)
    if spec.kind in ("text", "url"):
        kind = f"text, at most {spec.max_length} characters"
    if spec.kind == "choice":
        kind = _or(_code(spec.values))
    return f"| `{spec.key}` | {'yes' if spec.required else 'no'} | {kind} | {spec.doc} |"


def source_table() -> str:
    """The generated block of the fields of a source, markers included."""
    rows = "\n".join(field_row(name, spec) for name, spec in specs(model.RECORDS["sources"]) if spec.key)
    return f"{SOURCE_BEGIN}\n| field | required | kind | meaning |\n|---|---|---|---|\n{rows}\n{SOURCE_END}"


def _span(text: str, begin: str, end: str) -> tuple[int, int] | None:
    start, stop = text.find(begin), text.find(end)
    return None if start < 0 or stop < start else (start, stop + len(end))


def _camp_block(text: str) -> tuple[int, int] | None:
    start, end = text.find(CAMP_BEGIN), text.find(CAMP_END)
    return None if start < 0 or end < start else (start, end + len(CAMP_END))


def _code(values) -> list[str]:
    return [f"`{v}`" for v in values]


def _or(words: list[str], conj: str = "or") -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conj} {words[-1]}"


def _ends(labels: tuple[str, ...], kinds: tuple[str, ...] = ()) -> str:
    text = _or([label.lower() for label in labels])
    return f"{text} of kind {_or(_code(kinds))}" if kinds else text


def _props(rt: RelType) -> str:
    if rt.claim_field:
        return f"written as `{rt.claim_field}` in the `claims` section, not as a relationship"
    parts = []
    for p in rt.props:
        if p.type == "choice":
            values = [f"`{v}`" + (" (default)" if v == p.default else "") for v in p.values]
            parts.append(f"`{p.name}`: {_or(values)}")
        elif p.type == "text":
            parts.append(f"`{p.name}`: text")
    dates = [p.name for p in rt.props if p.is_date]
    if dates:
        parts.append(f"{', '.join(_code(dates))}: date{'s' if len(dates) > 1 else ''}")
    return "; ".join(parts)


def relationship_row(rt: RelType) -> str:
    """One type's row: its name, ends, stored type, symmetry, paths and properties."""
    cells = (f"`{rt.name}`", f"{_ends(rt.from_labels)} → {_ends(rt.to_labels, rt.to_kinds)}",
             f"`{rt.neo4j_type}`", "yes" if rt.symmetric else "no", "yes" if rt.in_paths else "no", _props(rt))
    return "| " + " | ".join(cells) + " |"


def relationship_table() -> str:
    """The whole generated block, markers included."""
    rows = "\n".join(relationship_row(rt) for rt in model.REL_TYPES.values())
    return f"{BEGIN}\n{HEADER}\n{rows}\n{END}"


def _block(text: str) -> tuple[int, int] | None:
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return None
    return start, end + len(END)


def check(text: str) -> list[str]:
    """What differs between the doc's table and the model, one line per type (empty: up to date)."""
    span = _block(text)
    if span is None:
        return [f"no generated table of relationship types (the lines {BEGIN!r} ... {END!r})"]
    rows = {}
    for line in text[span[0]:span[1]].splitlines():
        if line.startswith("| `"):
            rows[line.split("`")[1]] = line
    problems = []
    for rt in model.REL_TYPES.values():
        want = relationship_row(rt)
        if rt.name not in rows:
            problems.append(f"relationship type {rt.name!r} has no row in the table of relationship types")
        elif rows[rt.name] != want:
            problems.append(f"the row of relationship type {rt.name!r} differs from the model; it should read: {want}")
    problems += [f"the table has a row for {name!r}, which is not a relationship type of the model"
                 for name in rows if name not in model.REL_TYPES]
    if not problems and text[span[0]:span[1]] != relationship_table():
        problems.append("the table of relationship types differs from the model (header or order)")
    camp = _camp_block(text)
    if camp is None:
        problems.append(f"no generated table of camp rules (the lines {CAMP_BEGIN!r} ... {CAMP_END!r})")
    elif text[camp[0]:camp[1]] != camp_rules_table():
        problems.append("the table of camp rules differs from CAMP_RULES in alliance_graph/camps.py")
    span = _span(text, OPENNESS_BEGIN, OPENNESS_END)
    if span is None:
        problems.append(f"no generated table of openness components (the lines {OPENNESS_BEGIN!r} ... {OPENNESS_END!r})")
    elif text[span[0]:span[1]] != openness_table():
        problems.append("the table of openness components differs from OPENNESS_COMPONENTS in alliance_graph/model.py")
    span = _span(text, SOURCE_BEGIN, SOURCE_END)
    if span is None:
        problems.append(f"no generated table of source fields (the lines {SOURCE_BEGIN!r} ... {SOURCE_END!r})")
    elif text[span[0]:span[1]] != source_table():
        problems.append("the table of source fields differs from the declaration of Source in alliance_graph/model.py")
    return problems


def write(text: str) -> str:
    """``text`` with its table regenerated from the model."""
    span = _block(text)
    if span is None:
        raise ValueError(f"no generated table of relationship types to replace: add the lines {BEGIN!r} and {END!r}")
    text = text[:span[0]] + relationship_table() + text[span[1]:]
    camp = _camp_block(text)
    if camp is None:
        raise ValueError(f"no generated table of camp rules to replace: add the lines {CAMP_BEGIN!r} and {CAMP_END!r}")
    text = text[:camp[0]] + camp_rules_table() + text[camp[1]:]
    span = _span(text, OPENNESS_BEGIN, OPENNESS_END)
    if span is None:
        raise ValueError(f"no generated table of openness components: add the lines {OPENNESS_BEGIN!r} and {OPENNESS_END!r}")
    text = text[:span[0]] + openness_table() + text[span[1]:]
    span = _span(text, SOURCE_BEGIN, SOURCE_END)
    if span is None:
        raise ValueError(f"no generated table of source fields: add the lines {SOURCE_BEGIN!r} and {SOURCE_END!r}")
    return text[:span[0]] + source_table() + text[span[1]:]


def main(argv: list[str] | None = None) -> int:
    """``python -m alliance_graph.doc_tables --check|--write [FILE]`` (default: docs/dataset-format.md)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ("--check", "--write") or len(args) > 2:
        print("usage: python -m alliance_graph.doc_tables --check|--write [docs/dataset-format.md]", file=sys.stderr)
        return 2
    path = Path(args[1]) if len(args) == 2 else DOC
    text = path.read_text(encoding="utf-8")
    if args[0] == "--write":
        path.write_text(write(text), encoding="utf-8")
        print(f"{path}: generated tables written")
        return 0
    problems = check(text)
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if problems:
        print("run 'python -m alliance_graph.doc_tables --write' and commit the result", file=sys.stderr)
        return 1
    print(f"{path}: generated tables up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
