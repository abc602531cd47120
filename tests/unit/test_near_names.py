"""Near-duplicate names are warned about, and only names that could be one organisation are compared."""

from __future__ import annotations

import pytest

from alliance_graph import read_dataset_files
from tests.bad_datasets import GOOD, write_good


def _warnings(tmp_path, names: list[str]) -> list[str]:
    path = write_good(tmp_path)
    orgs = "".join(f"  - {{id: org-{i}, name: {name!r}, kind: company}}\n" for i, name in enumerate(names))
    path.write_text(GOOD.replace("relationships:\n", orgs + "relationships:\n"), encoding="utf-8")
    return [str(w) for w in read_dataset_files([path]).warnings]


@pytest.mark.parametrize("a, b", [("Meta", "Meta Platforms"), ("OpenAI", "Open AI"), ("Hugging Face", "HuggingFace")])
def test_a_name_close_to_another_is_a_warning_naming_both(tmp_path, a, b):
    warnings = _warnings(tmp_path, [a, b])
    assert warnings and all("org-0" in w and "org-1" in w for w in warnings)


def test_names_with_spaces_and_different_first_words_are_not_compared(tmp_path):
    # "anthropic labs" / "anthropics lab" score above the threshold, but share no first word and both have spaces
    assert _warnings(tmp_path, ["Anthropic Labs", "Anthropics Lab"]) == []


def test_distinct_names_sharing_a_first_word_are_not_near(tmp_path):
    assert _warnings(tmp_path, ["Kalomi 12", "Kalomi 345"]) == []
