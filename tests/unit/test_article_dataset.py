"""The shipped article dataset: every quote verbatim in the article, and the facts the article states."""

from __future__ import annotations

import dataclasses

import pytest

from alliance_graph import DatasetError, load_dataset, read_dataset_files
from alliance_graph._resources import data_dir
from alliance_graph.camps import infer_camps
from tests.conftest import ARTICLE, OUTSIDE_ARTICLES, ROOT


def all_evidence(ds):
    for rel in ds.relationships.values():
        yield rel.id, rel.evidence
    for org in ds.organisations.values():
        yield org.id, org.evidence
        if org.camp:
            yield org.id + " camp", org.camp.evidence
    for node in (*ds.products.values(), *ds.claims.values()):
        yield node.id, node.evidence


def test_shipped_article_text_is_the_article_and_matches_any_outside_copy():
    shipped = (data_dir() / "ai-alliance-article.fr.txt").read_text(encoding="utf-8")
    assert shipped == ARTICLE.read_text(encoding="utf-8")
    assert "AI Alliance" in shipped and "Meta" in shipped and "IBM" in shipped
    for outside in (p for p in OUTSIDE_ARTICLES if p.exists()):  # e.g. ../shared/ in the team's layout
        assert shipped == outside.read_text(encoding="utf-8"), f"the shipped article differs from {outside}"


def test_article_tests_pass_in_a_clone_with_nothing_beside_it(tmp_path):
    """The suite must not depend on files outside the repository (a clone in any folder)."""
    import shutil
    import subprocess
    import sys

    clone = tmp_path / "lonely" / "alliance-graph"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, files.split("\0")):
        if (ROOT / name).is_file() and name.startswith(("tests/", "alliance_graph/", "cypher/")) or name == "pyproject.toml":
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header",
                             "tests/unit/test_article_dataset.py", "-k", "not in_a_clone"],
                            cwd=clone, capture_output=True, text=True, env={**__import__("os").environ, "PYTHONPATH": str(clone)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


def test_every_relationship_has_evidence_quoted_verbatim_from_the_article():
    ds = load_dataset()
    article = ARTICLE.read_text(encoding="utf-8")
    assert ds.relationships
    for rid, evidence in all_evidence(ds):
        if rid in ds.relationships:
            assert evidence, f"{rid} has no evidence"
        for ev in evidence:
            assert ev.source == "article-ai-alliance-fr"
            assert ev.quote in article, f"{rid}: {ev.quote!r} is not in the article"


def test_an_altered_quote_is_refused(tmp_path):
    original = (data_dir() / "ai-alliance-article.yaml").read_text(encoding="utf-8")
    altered = original.replace("OpenAI, avec des concurrents tels qu’Anthropic et Cohere\"",
                               "OpenAI, avec des concurrents tels que Anthropic et Cohere\"")
    assert altered != original
    (tmp_path / "ai-alliance-article.fr.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "article.yaml"
    path.write_text(altered, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset_files([path])
    assert "quote not found verbatim" in str(info.value)
    assert "competes-with openai -> anthropic" in str(info.value)


def test_article_facts():
    ds = load_dataset()
    members = {r.source: r.role for r in ds.relationships.values() if r.type == "member-of" and r.target == "ai-alliance"}
    assert members == {"meta": "founder", "ibm": "founder", "intel": "member", "oracle": "member",
                       "cornell-university": "member", "nsf": "member"}
    competes = {frozenset((r.source, r.target)) for r in ds.relationships.values() if r.type == "competes-with"}
    assert {frozenset(("openai", "anthropic")), frozenset(("openai", "cohere"))} <= competes
    partners = [r for r in ds.relationships.values() if r.type == "partners-with"]
    assert [({r.source, r.target}, r.kind) for r in partners] == [({"openai", "microsoft"}, "investment")]
    assert {c.value for c in ds.claims.values() if c.stated_by == "idc"} == {16e9, 143e9}


def test_camps_stated_or_inferred_with_basis():
    camps = infer_camps(load_dataset())
    assert {k for k, c in camps.items() if c.camp == "open"} == {
        "ai-alliance", "meta", "ibm", "intel", "oracle", "cornell-university", "nsf"}
    assert {k for k, c in camps.items() if c.camp == "closed"} == {"openai", "anthropic", "cohere", "microsoft"}
    assert camps["ibm"].basis == "stated" and camps["meta"].basis == "inferred"
    assert camps["microsoft"].rule == "investment-partner-of-closed" and camps["microsoft"].via == "openai"
    assert camps["wsj"].camp == "none"
    for c in camps.values():
        if c.camp != "none":
            assert c.evidence, c


def test_model_records_are_immutable():
    org = load_dataset().organisations["ibm"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        org.name = "x"
