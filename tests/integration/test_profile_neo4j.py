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


def _calls(stderr: str, name: str) -> int:
    """The calls column of one phase of the profile table."""
    row = next(line.split() for line in stderr.splitlines() if line.split()[:1] == [name] and "%" in line)
    return int(row[3])


def test_a_load_into_a_database_with_data_reads_the_graph_back_once(invoke, neo4j_graph, tmp_path):
    """The files are checked against what the database holds, and the same read serves the merge."""
    neo4j_graph.load(load_dataset())
    result = invoke("--profile", "load", str(write_good(tmp_path)))
    assert result.exit_code == 0, result.output
    assert _calls(result.stderr, "networkx") == 1
