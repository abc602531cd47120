"""`agraph --profile` against a real Neo4j: the connect, query, load and write phases of a server command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from alliance_graph import load_dataset
from alliance_graph.cli import cli
from tests.bad_datasets import write_good
from tests.unit.test_profile import _phases

pytestmark = pytest.mark.neo4j


@pytest.fixture
def invoke(neo4j_env, monkeypatch):
    monkeypatch.delenv("AGRAPH_PROFILE", raising=False)
    runner = CliRunner()
    return lambda *args, env=None: runner.invoke(cli, list(args), env=env, catch_exceptions=False)


def test_a_query_shows_connect_and_query(invoke, neo4j_graph):
    neo4j_graph.load(load_dataset())
    plain = invoke("rivalries", "--format", "json")
    result = invoke("--profile", "rivalries", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout == plain.stdout and json.loads(result.stdout)
    phases = _phases(result.stderr)
    assert {"connect", "query", "render", "total"} <= set(phases)
    assert phases["connect"] > 0 and phases["query"] > 0
    assert not {"read", "build"} & set(phases)  # Neo4j answers: no dataset file read, no embedded graph built


def test_a_load_shows_reading_validating_and_writing(invoke, neo4j_graph, tmp_path):
    result = invoke("load", str(write_good(tmp_path)), "--with-article", env={"AGRAPH_PROFILE": "1"})
    assert result.exit_code == 0
    assert "loaded 2 file(s)" in result.stdout and "profile" not in result.stdout
    assert {"read", "validate", "connect", "query", "networkx", "load", "write", "render", "total"} <= set(_phases(result.stderr))
