"""The graph as of a date, and --dataset, on a real Neo4j: the same graph as the embedded store's."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph
from alliance_graph.cli import cli
from tests.load_sequences import dump

pytestmark = pytest.mark.neo4j


def test_to_networkx_as_of_a_date_is_the_embedded_graph_as_of_it(neo4j_env, neo4j_graph):
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", "--dataset", "frontier-model-forum", "--dataset", "ai-alliance-roster"],
                           catch_exceptions=False)
    assert loaded.exit_code == 0, loaded.output
    embedded = AllianceGraph.embedded(datasets=["frontier-model-forum", "ai-alliance-roster"])
    for as_of in ("2023-12-31", "2024-01-01", "2024-03-01", None, "all-time"):
        assert dump(neo4j_graph.to_networkx(as_of=as_of)) == dump(embedded.to_networkx(as_of=as_of)), as_of
    assert neo4j_graph.to_networkx(as_of="2023-12-01").number_of_edges() == 4  # the forum's founders only
    assert neo4j_graph.to_networkx(as_of="2023-12-31").number_of_edges() == 4 + 57
    assert neo4j_graph.to_networkx().number_of_edges() == 6 + 85
    members = runner.invoke(cli, ["members", "AI Alliance", "--as-of", "2024-01-01", "--format", "csv"],
                            catch_exceptions=False)
    assert members.exit_code == 0 and len(members.output.splitlines()) == 1 + 57
    refused = runner.invoke(cli, ["members", "AI Alliance", "--dataset", "ai-alliance-roster"], catch_exceptions=False)
    assert refused.exit_code == 1 and "load them with `agraph load --dataset ai-alliance-roster`" in refused.output


def test_stats_as_of_dates_when_camps_change_are_the_embedded_counts(neo4j_env, neo4j_graph):
    """stats counts most camps from the camp labels and reads, as of the date, the organisations whose
    camp changes over time: on the rosters (members joining open alliances) the counts change with the
    date, and equal the embedded graph's on every date."""
    names = ["ai-alliance-article", "frontier-model-forum", "ai-alliance-roster"]  # the article states camps
    loaded = CliRunner().invoke(cli, ["load", *(w for n in names for w in ("--dataset", n))], catch_exceptions=False)
    assert loaded.exit_code == 0, loaded.output
    embedded = AllianceGraph.embedded(datasets=names)
    camps = {}
    for as_of in ("2023-01-01", "2023-12-31", "2024-03-01", None, "all-time"):
        mine = neo4j_graph.rows("stats", as_of=as_of)
        assert mine == embedded.rows("stats", as_of=as_of), as_of
        camps[as_of] = {r["value"]: r["count"] for r in mine if r["category"] == "camp"}
    assert camps["2023-01-01"] != camps["2024-03-01"], "camps change on the rosters: the test would show nothing"
