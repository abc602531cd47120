"""A corpus of broken dataset files, each with the words its error message must contain.

Every case is written into a folder next to ``source.txt`` (the text of source
``s1``) by :func:`write_case`. Used by the unit tests (messages) and the Neo4j
tests (nothing written).
"""

from __future__ import annotations

from pathlib import Path

SOURCE_TEXT = "Alpha et Beta sont concurrents. Gamma est membre du Club. L’alliance « ouverte » grandit.\n"

GOOD = """\
sources:
  - {id: s1, title: Test source, language: fr, text_file: source.txt}
organisations:
  - {id: alpha, name: Alpha, kind: company}
  - {id: beta, name: Beta, kind: company}
  - {id: club, name: Club, kind: alliance}
relationships:
  - {type: competes-with, from: alpha, to: beta, evidence: [{source: s1, quote: "Alpha et Beta sont concurrents."}]}
"""


def _with(extra_orgs: str = "", extra_rels: str = "", tail: str = "") -> str:
    text = GOOD.replace("relationships:\n", extra_orgs + "relationships:\n") + extra_rels + tail
    return text


EV = '[{source: s1, quote: "Alpha et Beta sont concurrents."}]'

# name -> (file content as bytes or str, None for special cases; expected fragments)
CASES: dict[str, tuple[str | bytes | None, list[str]]] = {
    "broken-yaml": ("sources: [\n  - {id: s1\n", ["not valid YAML"]),
    "tab-indentation-yaml": ("organisations:\n\t- {id: a}\n", ["not valid YAML"]),
    "top-level-list": ("- just\n- a list\n", ["top level must be a mapping"]),
    "unknown-section": (GOOD + "people: []\n", ["unknown section 'people'"]),
    "section-not-a-list": ("organisations: {id: a}\n", ["section 'organisations' must be a list"]),
    "record-not-a-mapping": ("organisations:\n  - alpha\n", ["organisations[0]", "must be a mapping"]),
    "missing-name": (_with("  - {id: gamma, kind: company}\n"), ["id=gamma", "missing required field 'name'"]),
    "missing-kind": (_with("  - {id: gamma, name: Gamma}\n"), ["missing required field 'kind'"]),
    "name-not-text": (_with("  - {id: gamma, name: 42, kind: company}\n"), ["field 'name' must be text"]),
    "id-not-text": (_with("  - {id: 2022, name: Year, kind: company}\n"), ["field 'id' must be text"]),
    "bad-id-characters": (_with("  - {id: \"Gamma Corp\", name: Gamma, kind: company}\n"), ["is not a valid id"]),
    "unknown-field": (_with("  - {id: gamma, name: Gamma, kind: company, ceo: Someone}\n"), ["unknown field 'ceo'"]),
    "unknown-kind": (_with("  - {id: gamma, name: Gamma, kind: startup}\n"), ["'startup' is not allowed", "company"]),
    "one-source-two-kinds": (_with("  - {id: alpha, name: Alpha, kind: nonprofit}\n"),
                             ["source 's1' gives 'kind' = 'nonprofit' here but 'company'", "one source says one thing"]),
    "duplicate-id-across-sections": (_with(tail="products:\n  - {id: beta, name: Beta Chat, kind: chatbot}\n"),
                                     ["id 'beta' is already an Organisation", "choose another id"]),
    "alias-collision": (_with("  - {id: gamma, name: Gamma, kind: company, aliases: [\"ALPHA\"]}\n"),
                        ["'ALPHA' is also a name or alias of 'alpha'"]),
    "accent-alias-collision": (_with("  - {id: gamma, name: Bêta, kind: company}\n"), ["also a name or alias"]),
    "duplicate-key": (_with("  - {id: gamma, name: Gamma, name: Gamma2, kind: company}\n"), ["duplicate key 'name'"]),
    "unknown-relationship-type": (_with(extra_rels=f"  - {{type: acquires, from: alpha, to: beta, evidence: {EV}}}\n"),
                                  ["'acquires' is not allowed", "member-of"]),
    "dangling-from": (_with(extra_rels=f"  - {{type: competes-with, from: ghost, to: beta, evidence: {EV}}}\n"),
                      ["unknown id 'ghost'"]),
    "dangling-to": (_with(extra_rels=f"  - {{type: partners-with, from: alpha, to: ghost, evidence: {EV}}}\n"),
                    ["unknown id 'ghost'"]),
    "wrong-endpoint-label": (_with(extra_rels=f"  - {{type: competes-with, from: alpha, to: s1, evidence: {EV}}}\n"),
                             ["must be a Organisation", "'s1' is a Source"]),
    "member-of-non-alliance": (_with(extra_rels=f"  - {{type: member-of, from: alpha, to: beta, evidence: {EV}}}\n"),
                               ["kind 'alliance'"]),
    "self-relationship": (_with(extra_rels=f"  - {{type: competes-with, from: alpha, to: alpha, evidence: {EV}}}\n"),
                          ["to itself is meaningless"]),
    "missing-evidence": (_with(extra_rels="  - {type: partners-with, from: alpha, to: beta}\n"), ["missing 'evidence'"]),
    "empty-evidence": (_with(extra_rels="  - {type: partners-with, from: alpha, to: beta, evidence: []}\n"),
                       ["must be a non-empty list"]),
    "empty-quote": (_with(extra_rels="  - {type: partners-with, from: alpha, to: beta, evidence: [{source: s1, quote: \"  \"}]}\n"),
                    ["non-empty 'quote'"]),
    "quote-not-in-source": (_with(extra_rels="  - {type: partners-with, from: alpha, to: beta, evidence: [{source: s1, quote: \"Alpha rachète Beta\"}]}\n"),
                            ["quote not found verbatim in source 's1'"]),
    "straight-apostrophe-quote": (_with(extra_rels="  - {type: partners-with, from: alpha, to: beta, evidence: [{source: s1, quote: \"L'alliance\"}]}\n"),
                                  ["quote not found verbatim"]),
    "unknown-evidence-source": (_with(extra_rels="  - {type: partners-with, from: alpha, to: beta, evidence: [{source: s9, quote: \"x\"}]}\n"),
                                ["unknown source 's9'"]),
    "malformed-date": (_with(extra_rels=f"  - {{type: partners-with, from: alpha, to: beta, since: 12/2023, evidence: {EV}}}\n"),
                       ["'since'", "not a date"]),
    "impossible-date": (_with(extra_rels=f"  - {{type: partners-with, from: alpha, to: beta, since: 2023-02-30, evidence: {EV}}}\n"),
                        ["not a real calendar date"]),
    "date-out-of-range": (_with(extra_rels=f"  - {{type: partners-with, from: alpha, to: beta, since: 3023, evidence: {EV}}}\n"),
                          ["out of range"]),
    "until-before-since": (_with(extra_rels=f"  - {{type: partners-with, from: alpha, to: beta, since: 2023, until: 2020, evidence: {EV}}}\n"),
                           ["is before 'since'"]),
    "role-on-wrong-type": (_with(extra_rels=f"  - {{type: partners-with, from: alpha, to: beta, role: founder, evidence: {EV}}}\n"),
                           ["'role' only applies to member-of"]),
    "huge-name": (_with("  - {id: gamma, name: \"" + "G" * 5000 + "\", kind: company}\n"), ["over the limit of 200"]),
    "huge-quote": (_with(extra_rels="  - {type: partners-with, from: alpha, to: beta, evidence: [{source: s1, quote: \"" + "q" * 3000 + "\"}]}\n"),
                   ["over the limit of 2000"]),
    "camp-without-evidence": (_with("  - {id: gamma, name: Gamma, kind: company, camp: {value: open}}\n"),
                              ["missing 'evidence'"]),
    "unknown-camp": (_with("  - {id: gamma, name: Gamma, kind: company, camp: {value: neutral, evidence: " + EV + "}}\n"),
                     ["'neutral' is not allowed"]),
    "claim-value-not-number": (_with(tail="claims:\n  - {id: c1, metric: m, value: lots, unit: USD, evidence: " + EV + "}\n"),
                               ["field 'value' must be a number"]),
    "not-utf8": ("organisations:\n  - {id: gamma, name: \"Caf\xe9\", kind: company}\n".encode("latin-1"), ["is not UTF-8"]),
    "empty-file": ("", ["file is empty"]),
    "whitespace-only-file": ("\n   \n", ["file is empty"]),
    "directory": (None, ["is a folder holding no dataset"]),
    "missing-source-text": (GOOD.replace("source.txt", "nowhere.txt"), ["text_file 'nowhere.txt' cannot be read"]),
    # messages that once printed None where a value was missing or invalid
    "self-relationship-unknown-type": (_with(extra_rels=f"  - {{type: acquires, from: alpha, to: alpha, evidence: {EV}}}\n"),
                                       ["'acquires' is not allowed", "a relationship from 'alpha' to itself"]),
    "self-relationship-no-type": (_with(extra_rels=f"  - {{from: alpha, to: alpha, evidence: {EV}}}\n"),
                                  ["missing required field 'type'", "to itself"]),
    "claim-value-missing": (_with(tail="claims:\n  - {id: c1, metric: m, unit: USD, evidence: " + EV + "}\n"),
                            ["claims[0] id=c1", "missing required field 'value'"]),
    "empty-record": ("organisations:\n  -\n", ["organisations[0]", "is empty"]),
    "field-without-name": (_with("  - {id: gamma, name: Gamma, kind: company, ~: x}\n"), ["a field with no name"]),
    "section-without-name": (GOOD + "~: []\n", ["a section with no name"]),
}


def write_case(folder: Path, name: str) -> Path:
    """Write case ``name`` into ``folder`` (with the source text) and return the path to pass to the loader."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    content, _ = CASES[name]
    path = folder / f"{name}.yaml"
    if content is None:
        path.mkdir(exist_ok=True)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def write_good(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = folder / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path
