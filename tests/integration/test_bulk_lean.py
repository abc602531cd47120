"""The lean bulk write (every row new: an empty database or a wipe) against a real server:
the same graph as the careful path, a truthful summary, and resumable after a failure."""

from __future__ import annotations

import networkx as nx
import pytest

from alliance_graph import AllianceGraph, load_dataset, read_dataset_files, synthetic
from alliance_graph.store.embedded import build_graph
from tests.conftest import db_counts

pytestmark = pytest.mark.neo4j

N_ORGS, N_RELS = 300, 3000


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return read_dataset_files([synthetic.write_csv(tmp_path_factory.mktemp("lean") / "map", N_ORGS, N_RELS, seed=3)])


def same_graph(graph, dataset):
    got, want = graph.to_networkx(), build_graph(dataset)
    assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    assert nx.utils.graphs_equal(got, want)


def test_another_loader_waits_for_the_lean_load_and_then_changes_nothing(neo4j_server, neo4j_graph, dataset):
    """Another loader started during a lean load waits for its write lock (it used to write the
    same rows meanwhile, which the lean load then counted as `written`)."""
    import threading

    other_summary, started = [], []

    def other_loader_starts(rows):
        if not started:
            def other():
                with AllianceGraph.neo4j(neo4j_server["settings"]) as g:
                    other_summary.append(g.load(dataset, bulk=True, batch_size=500))
            started.append(threading.Thread(target=other))
            started[0].start()

    summary = neo4j_graph.load(dataset, bulk=True, batch_size=500, progress=other_loader_starts)
    started[0].join(timeout=300)
    total = N_ORGS + 1 + N_RELS
    assert summary.nodes_created + summary.relationships_created == total and not summary.unknown
    [second] = other_summary
    assert second.nodes_created + second.relationships_created == 0
    assert second.nodes_unchanged + second.relationships_unchanged == total
    assert db_counts(neo4j_graph) == (N_ORGS + 1, N_RELS)
    same_graph(neo4j_graph, dataset)
    assert neo4j_graph.warnings() == []


def test_lean_wipe_load_stopped_part_way_then_run_again_completes(neo4j_graph, dataset):
    neo4j_graph.load(load_dataset())
    calls = []

    def fail_after_two_batches(rows):
        calls.append(rows)
        if len(calls) == 2:
            raise RuntimeError("injected: the loader died")

    with pytest.raises(RuntimeError):
        neo4j_graph.load(dataset, wipe=True, bulk=True, batch_size=500, progress=fail_after_two_batches)
    assert "did not finish" in neo4j_graph.warnings()[0]
    assert db_counts(neo4j_graph) == (sum(calls) + 1, 0)  # the first batches (nodes) and the marker; no article
    summary = neo4j_graph.load(dataset, wipe=True, bulk=True, batch_size=500)
    assert (summary.nodes_created, summary.relationships_created) == (N_ORGS + 1, N_RELS)
    assert summary.nodes_deleted == sum(calls) and not summary.unknown
    same_graph(neo4j_graph, dataset)
    assert neo4j_graph.warnings() == []


def test_a_load_into_an_empty_database_builds_the_graph_a_load_onto_data_does(neo4j_graph, dataset):
    lean = neo4j_graph.load(dataset, bulk=True, batch_size=700)
    assert (lean.nodes_created, lean.relationships_created, lean.unknown) == (N_ORGS + 1, N_RELS, False)
    same_graph(neo4j_graph, dataset)
    neo4j_graph.load(load_dataset(), wipe=True)
    careful = neo4j_graph.load(dataset, bulk=True, batch_size=700)  # onto the article: compared row by row
    assert (careful.nodes_created, careful.relationships_created) == (N_ORGS + 1, N_RELS)
    both = neo4j_graph.to_networkx()
    both.remove_nodes_from(list(AllianceGraph.embedded().to_networkx().nodes))
    want = build_graph(dataset)
    assert dict(both.nodes(data=True)) == dict(want.nodes(data=True)) and nx.utils.graphs_equal(both, want)
