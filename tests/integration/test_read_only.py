"""Raw Cypher through `agraph cypher` is read-only, checked by the server's own plan, verified on the real server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from alliance_graph import ReadOnlyError, load_dataset
from alliance_graph.cli import cli
from tests.conftest import db_counts

pytestmark = pytest.mark.neo4j

WRITES = [
    "CREATE (:Organisation {id: 'evil'})",
    "MERGE (o:Organisation {id: 'evil'}) RETURN o",
    "MATCH (o:Organisation {id: 'ibm'}) SET o.camp = 'closed'",
    "MATCH (o:Organisation {id: 'ibm'}) DETACH DELETE o",
    "MATCH (o:Organisation {id: 'ibm'}) REMOVE o:OpenCamp",
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Organisation) ON (n.kind)",
    "CALL db.createLabel('Evil')",
    "MATCH (o:Organisation) WITH o LIMIT 1 CALL { WITH o SET o.x = 1 } RETURN 1",
    "match (o:Organisation {id: 'ibm'})\n//comment\nset o.name = 'x'",
]


@pytest.fixture
def run(neo4j_env, neo4j_graph):
    neo4j_graph.load(load_dataset())
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_read_query_runs_with_parameters(run):
    result = run("cypher", "MATCH (o:Organisation {camp: $camp}) RETURN o.name AS name ORDER BY name",
                 "-p", "camp=closed", "--format", "json")
    assert result.exit_code == 0
    assert [r["name"] for r in json.loads(result.output)] == ["Anthropic", "Cohere", "Microsoft", "OpenAI"]


def test_nodes_come_back_as_plain_objects(run):
    result = run("cypher", "MATCH (o:Organisation {id: 'ibm'}) RETURN o", "--format", "json")
    [row] = json.loads(result.output)
    assert row["o"]["labels"] == ["OpenCamp", "Organisation"] and row["o"]["properties"]["name"] == "IBM"


@pytest.mark.parametrize("statement", WRITES)
def test_writes_are_refused_and_change_nothing(run, neo4j_graph, statement):
    before = db_counts(neo4j_graph)
    snapshot = neo4j_graph.to_networkx()
    result = run("cypher", statement)
    assert result.exit_code == 1
    assert result.output.startswith("Error: refused")
    assert db_counts(neo4j_graph) == before
    after = neo4j_graph.to_networkx()
    assert dict(after.nodes(data=True)) == dict(snapshot.nodes(data=True))
    labels = neo4j_graph.store.read("CALL db.labels() YIELD label RETURN collect(label) AS labels")[0]["labels"]
    assert "Evil" not in labels


def test_library_raises_read_only_error(neo4j_graph):
    with pytest.raises(ReadOnlyError):
        neo4j_graph.cypher("CREATE (n:Organisation {id: 'x'})")


def test_syntax_error_is_one_line(run):
    result = run("cypher", "MATCH (n RETURN n")
    assert result.exit_code == 1 and result.output.startswith("Error: Neo4j rejected the query:")


def test_canned_queries_on_neo4j_from_cli(run):
    result = run("members", "AI Alliance", "--format", "csv")
    assert result.exit_code == 0 and result.output.splitlines()[1].startswith("ibm,IBM,company,founder,open,")
    unknown = run("competitors", "Antropic")
    assert unknown.exit_code == 1 and "did you mean: Anthropic?" in unknown.output
