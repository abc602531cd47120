"""Loading into a real Neo4j: idempotent, equal to the embedded graph, all-or-nothing."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph, ConnectionFailed, Settings, load_dataset, read_dataset_files
from alliance_graph.cli import cli
from tests.bad_datasets import CASES, write_case, write_good
from tests.conftest import db_counts

pytestmark = pytest.mark.neo4j


def test_load_twice_creates_nothing_the_second_time(neo4j_graph):
    first = neo4j_graph.load(load_dataset())
    second = neo4j_graph.load(load_dataset())
    embedded = AllianceGraph.embedded().to_networkx()
    assert (first.nodes_created, first.relationships_created) == (embedded.number_of_nodes(), embedded.number_of_edges())
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert (second.nodes_updated, second.relationships_updated) == (0, 0)
    assert second.nodes_unchanged == embedded.number_of_nodes()
    assert db_counts(neo4j_graph) == (embedded.number_of_nodes(), embedded.number_of_edges())


def test_neo4j_holds_exactly_the_embedded_graph(neo4j_graph):
    neo4j_graph.load(load_dataset())
    from_neo4j = neo4j_graph.to_networkx()
    embedded = AllianceGraph.embedded().to_networkx()
    assert dict(from_neo4j.nodes(data=True)) == dict(embedded.nodes(data=True))
    assert sorted(from_neo4j.edges(keys=True, data=True), key=lambda e: e[2]) == \
        sorted(embedded.edges(keys=True, data=True), key=lambda e: e[2])
    assert nx.utils.graphs_equal(from_neo4j, embedded)


def test_changed_data_updates_in_place(neo4j_graph, tmp_path):
    good = write_good(tmp_path)
    neo4j_graph.load(read_dataset_files([good]))
    good.write_text(good.read_text(encoding="utf-8").replace("name: Beta,", "name: Beta Corp,"), encoding="utf-8")
    summary = neo4j_graph.load(read_dataset_files([good]))
    assert (summary.nodes_created, summary.nodes_updated, summary.relationships_created) == (0, 1, 0)
    assert neo4j_graph.profile("beta").name == "Beta Corp"


def test_wipe_replaces_the_graph(neo4j_graph, tmp_path):
    neo4j_graph.load(load_dataset())
    summary = neo4j_graph.load(read_dataset_files([write_good(tmp_path)]), wipe=True)
    assert summary.nodes_deleted == 18
    assert db_counts(neo4j_graph) == (4, 1)


@pytest.fixture
def cli_run(neo4j_env):
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_cli_load_reports_counts(cli_run, neo4j_graph):
    first = cli_run("load", "--format", "csv")
    assert first.exit_code == 0
    assert "writing 35 rows in one transaction (at most 50,000 rows)" in first.stderr
    assert first.stdout.splitlines() == ["what,created,updated,unchanged,deleted", "nodes,18,0,0,0",
                                         "relationships,17,0,0,0"]
    second = cli_run("load", "--format", "csv")
    assert second.stdout.splitlines()[1:] == ["nodes,0,0,18,0", "relationships,0,0,17,0"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_dataset_writes_nothing(cli_run, neo4j_graph, tmp_path, name):
    neo4j_graph.load(load_dataset())
    before = db_counts(neo4j_graph)
    result = cli_run("load", str(write_case(tmp_path, name)))
    assert result.exit_code == 1
    assert "nothing was written" in result.output and "Traceback" not in result.output
    assert db_counts(neo4j_graph) == before


def test_dry_run_writes_nothing(cli_run, neo4j_graph):
    result = cli_run("load", "--dry-run")
    assert result.exit_code == 0
    assert db_counts(neo4j_graph) == (0, 0)


def test_wrong_password_is_one_line_without_the_password(neo4j_settings, cli_run):
    if neo4j_settings.password is None:
        pytest.fail("the test server must have authentication enabled")
    with pytest.raises(ConnectionFailed, match="refused the credentials"):
        AllianceGraph.neo4j(Settings(neo4j_settings.uri, "neo4j", "definitely-wrong-pw"))
    result = cli_run("stats", "--password", "definitely-wrong-pw")
    assert result.exit_code == 1
    assert result.output.startswith("Error: Neo4j at ") and "refused the credentials of user 'neo4j'" in result.output
    assert "definitely-wrong-pw" not in result.output


def test_ask_password_prompt_hides_input(neo4j_settings, neo4j_graph, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = CliRunner().invoke(cli, ["stats", "--ask-password", "--format", "csv"], input=neo4j_settings.password + "\n")
    assert result.exit_code == 0, result.output
    assert neo4j_settings.password not in result.output


@pytest.mark.parametrize("via", ["api", "cli"])
def test_wipe_of_a_large_graph_takes_the_bulk_path(neo4j_graph, cli_run, tmp_path, via):
    from alliance_graph import synthetic

    big = read_dataset_files([synthetic.write_csv(tmp_path / "big", 6000, 50000, seed=5)])
    first = neo4j_graph.load(big)
    assert first.bulk and db_counts(neo4j_graph) == (6001, 50000)
    if via == "api":
        summary = neo4j_graph.load(load_dataset(), wipe=True)
        assert summary.bulk and summary.nodes_deleted == 6001
    else:
        result = cli_run("load", "--wipe", "--format", "csv")
        assert result.exit_code == 0, result.output
        assert "35 rows in batches under a load marker after a wipe (the wipe deletes 56,001 rows, over 50,000)" \
            in result.stderr
        assert result.stdout.splitlines()[1] == "nodes,18,0,0,6001"
    assert db_counts(neo4j_graph) == (18, 17)
    assert neo4j_graph.warnings() == []


def test_cli_bulk_load_shows_progress_and_completes(cli_run, neo4j_graph, tmp_path):
    from alliance_graph import synthetic

    folder = synthetic.write_csv(tmp_path / "map", 300, 3000, seed=9)
    result = cli_run("load", str(folder), "--bulk", "--batch-size", "500", "--progress", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "loading" in result.stderr  # the bar itself is drawn only on a terminal
    assert result.stdout.splitlines() == ["what,created,updated,unchanged,deleted", "nodes,301,0,0,0",
                                          "relationships,3000,0,0,0"]
    assert neo4j_graph.warnings() == []
    steps = []
    again = neo4j_graph.load(read_dataset_files([folder]), bulk=True, batch_size=500, progress=steps.append)
    assert steps == [] and again.relationships_unchanged == 3000  # the same data again: nothing to write
    neo4j_graph.load(read_dataset_files([folder]), wipe=True, bulk=True, batch_size=500, progress=steps.append)
    assert sum(steps) == 3301 and len(steps) > 6
