"""Validation reports every problem of a dataset in one run, and caps what the message shows."""

from __future__ import annotations

import re

import pytest

from alliance_graph import DatasetError, read_dataset_files
from tests.bad_datasets import SOURCE_TEXT

FIVE_MISTAKES = """\
sources:
  - {id: s1, title: Test source, language: fr, text_file: source.txt}
organisations:
  - {id: alpha, name: Alpha, kind: company}
  - {id: beta, name: Beta, kind: startup}
  - {id: gamma, kind: company}
relationships:
  - {type: competes-with, from: alpha, to: beta, evidence: [{source: s1, quote: "Alpha et Beta sont concurrents."}]}
  - {type: partners-with, from: alpha, to: ghost, evidence: [{source: s1, quote: "Alpha et Beta sont concurrents."}]}
  - {type: competes-with, from: alpha, to: gamma, evidence: [{source: s1, quote: "Alpha rachète Gamma."}]}
  - {type: partners-with, from: beta, to: gamma, evidence: [{source: s9, quote: "Beta et Gamma."}]}
"""


def _write(tmp_path, text):
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_five_different_mistakes_are_reported_in_one_run(tmp_path):
    path = _write(tmp_path, FIVE_MISTAKES)
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    found = {(p.line, p.record): p.message for p in info.value.problems}
    expected = {
        (5, "organisations[1] id=beta"): "'startup' is not allowed",
        (6, "organisations[2] id=gamma"): "missing required field 'name'",
        (9, "relationships[1] partners-with alpha -> ghost"): "unknown id 'ghost'",
        (10, "relationships[2] competes-with alpha -> gamma"): "quote not found verbatim in source 's1'",
        (11, "relationships[3] partners-with beta -> gamma"): "unknown source 's9'",
    }
    assert set(found) == set(expected), "exactly these five, no knock-on noise about 'beta' or 'gamma'"
    for where, fragment in expected.items():
        assert fragment in found[where]
    message = str(info.value)
    assert message.startswith("5 problems")
    for line in (5, 6, 9, 10, 11):
        assert f"{path}:{line}" in message
    assert all(p.file == str(path) for p in info.value.problems)


def test_a_record_with_a_field_error_still_has_its_quotes_checked(tmp_path):
    path = _write(tmp_path, """\
sources:
  - {id: s1, title: Test source, language: fr, text_file: source.txt}
organisations:
  - {id: alpha, name: Alpha, kind: company, colour: red, evidence: [{source: s1, quote: "Not in the text."}]}
relationships:
  - {type: competes-with, from: "Not An Id", to: alpha, evidence: [{source: s1, quote: "Nor this."}]}
""")
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    messages = [(p.line, p.message) for p in info.value.problems]
    assert len(messages) == 4, "no 'unknown id' for a 'from' that is itself invalid"
    assert "unknown field 'colour'" in messages[0][1] and "quote not found verbatim" in messages[1][1]
    assert "is not a valid id" in messages[2][1] and "quote not found verbatim" in messages[3][1]
    assert [line for line, _ in messages] == [4, 4, 6, 6]


def test_the_message_shows_fifty_problems_and_counts_the_rest(tmp_path):
    orgs = "".join(f"  - {{id: org{i}, name: Org {i}, kind: startup}}\n" for i in range(120))
    path = _write(tmp_path, "organisations:\n" + orgs)
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    error = info.value
    assert len(error.problems) == 120
    assert [p.line for p in error.problems] == list(range(2, 122))
    message = str(error)
    shown = [line for line in message.splitlines() if line.startswith(f"  {path}:")]
    assert len(shown) == 50
    assert message.splitlines()[0].startswith("120 problems")
    assert re.search(r"\b70 more problems\b", message)
    assert f"{path}:51 " in message and f"{path}:52 " not in message


def test_a_hopeless_csv_file_is_read_only_up_to_a_limit_and_says_so(tmp_path):
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("id,title,language,text_file\ns1,Test,fr,source.txt\n", encoding="utf-8")
    (tmp_path / "organisations.csv").write_text(
        "id,name,kind\n" + "".join(f"o{i},Org {i},startup\n" for i in range(300)), encoding="utf-8")
    (tmp_path / "relationships.csv").write_text(
        "type,from,to,source,quote\n"
        + "".join(f"competes-with,o{i},o{i + 1},s1,Alpha et Beta sont concurrents.\n" for i in range(0, 298, 2)),
        encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset_files([tmp_path])
    problems = info.value.problems
    assert len(problems) == 201 and all(p.file == str(tmp_path / "organisations.csv") for p in problems)
    assert "stopped reading after 200 problems" in problems[-1].message and problems[-1].line == 201
    assert "unknown id" not in str(info.value), "unread rows are not reported as unknown"
