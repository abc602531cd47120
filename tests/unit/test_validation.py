"""Bad input gets a clear error naming file and record, and nothing is built."""

from __future__ import annotations

import pytest

from alliance_graph import AllianceGraph, DatasetError, read_dataset_files
from tests.bad_datasets import CASES, write_case, write_good


def test_the_good_base_case_is_valid(tmp_path):
    ds = read_dataset_files([write_good(tmp_path)])
    assert set(ds.organisations) == {"alpha", "beta", "club"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_dataset_is_refused_with_a_clear_message(tmp_path, name):
    path = write_case(tmp_path, name)
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    message = str(info.value)
    assert str(path) in message, "the message names the file"
    for fragment in CASES[name][1]:
        assert fragment in message
    assert "nothing was written" in message
    assert "None" not in message, "a missing or invalid value is described, never printed as None"
    for problem in info.value.problems:
        assert problem.file == str(path)


def test_a_record_that_is_not_a_mapping_gets_one_problem_not_one_per_field(tmp_path):
    path = write_case(tmp_path, "empty-record")
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    [problem] = info.value.problems
    assert problem.line == 2 and problem.record == "organisations[0]"


def test_problems_carry_line_numbers(tmp_path):
    path = write_case(tmp_path, "dangling-to")
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    [problem] = info.value.problems
    assert problem.line == 9  # the line of the bad relationship
    assert f"{path}:9" in str(problem)
    assert "partners-with alpha -> ghost" in problem.record


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(
        "organisations:\n"
        "  - {id: a, name: A, kind: startup}\n"
        "  - {id: b, kind: company}\n"
        "  - {id: c, name: C, kind: company, colour: red}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    lines = sorted(p.line for p in info.value.problems)
    assert lines == [2, 3, 4]


def test_files_refer_to_each_other_and_errors_name_each_file(tmp_path):
    good = write_good(tmp_path)
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "sources:\n  - {id: s2, title: Second source, language: en}\n"
        "organisations:\n  - {id: delta, name: Delta, kind: company}\n"
        "relationships:\n"
        "  - {type: member-of, from: delta, to: club, evidence: [{source: s2, quote: \"Delta joined the Club.\"}]}\n",
        encoding="utf-8")
    ds = read_dataset_files([good, extra])
    assert "member-of:delta:club" in ds.relationships
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources:\n  - {id: s3, title: Third source, language: en}\n"
                      "products:\n  - {id: alpha, name: Alpha Chat, kind: chatbot}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset_files([good, broken])
    assert f"{broken}:4" in str(info.value) and f"at {good}:" in str(info.value)


def test_embedded_graph_refuses_bad_data_file(tmp_path):
    with pytest.raises(DatasetError):
        AllianceGraph.embedded([write_case(tmp_path, "dangling-from")])


def test_missing_file(tmp_path):
    with pytest.raises(DatasetError, match="file not found"):
        read_dataset_files([tmp_path / "nope.yaml"])
