"""Fixtures shared by the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import _resources
from alliance_graph.cli import cli


@pytest.fixture
def run(no_neo4j_env):
    """The agraph CLI in-process, with no Neo4j configured: ``run(*args, input=None)`` -> click's Result."""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def kept_cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own for kept graphs (AGRAPH_CACHE_DIR), the cache turned on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("AGRAPH_CACHE_DIR", str(folder))
    monkeypatch.delenv("AGRAPH_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def article_copy(tmp_path) -> Path:
    """A copy of the article dataset (its YAML file) beside the text its quotes are checked against."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("ai-alliance-article.yaml", "ai-alliance-article.fr.txt"):
        shutil.copy(_resources.data_dir() / name, folder / name)
    return folder / "ai-alliance-article.yaml"


@pytest.fixture(scope="session")
def known():
    """The names `agraph draft` knows by default (the shipped article), once for every draft test."""
    from alliance_graph.dataset import default_dataset_paths, read_dataset_files
    from alliance_graph.draft.names import Known

    return Known.from_dataset(read_dataset_files(default_dataset_paths()))
