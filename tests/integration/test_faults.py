"""Faults during a load, against the real server: stopped server, concurrent loaders, transient errors.

The stopped-server tests stop and restart the test server, so they need the local launcher;
against a server given by NEO4J_URI they cannot run (and say so).
"""

from __future__ import annotations

import threading

import pytest
from neo4j.exceptions import TransientError

from alliance_graph import AllianceGraph, LoadFailed, Settings, load_dataset, read_dataset_files, synthetic
from alliance_graph.store import neo4j_batches
from tests.conftest import TEST_PASSWORD, db_counts

pytestmark = pytest.mark.neo4j

N_ORGS, N_RELS = 1500, 12000


@pytest.fixture(scope="module")
def synthetic_dataset(tmp_path_factory):
    folder = synthetic.write_csv(tmp_path_factory.mktemp("syn") / "map", N_ORGS, N_RELS, seed=11)
    return read_dataset_files([folder])


@pytest.fixture
def local_server(neo4j_server):
    if neo4j_server["how"] != "local":
        pytest.skip("stopping the server mid-load needs the local launcher (NEO4J_URI points elsewhere)")
    return neo4j_server


def distinct_counts(graph):
    row = graph.store.read("MATCH (n) WHERE NOT n:WriteLock WITH count(n) AS n, count(DISTINCT n.id) AS ids "
                           "OPTIONAL MATCH ()-[r]->() RETURN n, ids, count(r) AS r, count(DISTINCT r.id) AS rids")[0]
    return row


def _restart(server):
    info = server["launcher"].start(password=TEST_PASSWORD, name=server["info"]["name"])
    assert info["bolt_port"] == server["info"]["bolt_port"], "the restarted server must keep its port"


def test_server_stopped_mid_bulk_load_then_rerun_completes(local_server, neo4j_graph, synthetic_dataset):
    settings = Settings(local_server["settings"].uri, "neo4j", TEST_PASSWORD, retry_seconds=2)
    stopped = []

    def stop_after_first_batch(rows):
        if not stopped:
            stopped.append(rows)
            local_server["launcher"].stop(local_server["info"]["name"])

    with AllianceGraph.neo4j(settings) as g:
        with pytest.raises(LoadFailed) as info:
            g.load(synthetic_dataset, bulk=True, batch_size=1000, progress=stop_after_first_batch)
    assert "run the same load again to complete it" in str(info.value)
    assert TEST_PASSWORD not in str(info.value)
    _restart(local_server)
    with AllianceGraph.neo4j(settings) as g:
        [warning] = g.warnings()
        assert "did not finish" in warning
        partial = db_counts(g)
        assert 0 < partial[0] + partial[1] < N_ORGS + 1 + N_RELS + 1  # part of it, plus the marker
        summary = g.load(synthetic_dataset, bulk=True, batch_size=1000)
        assert db_counts(g) == (N_ORGS + 1, N_RELS)
        assert summary.nodes_created + summary.relationships_created == N_ORGS + 1 + N_RELS - stopped[0]
        assert g.warnings() == []


def test_server_stopped_mid_single_transaction_load_leaves_nothing(local_server, neo4j_graph, synthetic_dataset,
                                                                   monkeypatch):
    neo4j_graph.load(load_dataset())
    before = db_counts(neo4j_graph)
    real_apply = neo4j_batches.Batch.apply
    calls = []

    def apply_then_stop(batch, tx):
        result = real_apply(batch, tx)
        calls.append(1)
        if len(calls) == 3:  # part of the load is written, not committed
            local_server["launcher"].stop(local_server["info"]["name"])
        return result

    monkeypatch.setattr(neo4j_batches.Batch, "apply", apply_then_stop)
    settings = Settings(local_server["settings"].uri, "neo4j", TEST_PASSWORD, retry_seconds=2)
    with AllianceGraph.neo4j(settings) as g:
        with pytest.raises(LoadFailed) as info:
            g.load(synthetic_dataset, bulk=False, batch_size=1000)
    assert "rolled back" in str(info.value)
    _restart(local_server)
    with AllianceGraph.neo4j(settings) as g:
        assert db_counts(g) == before
        assert g.warnings() == []


@pytest.mark.parametrize("bulk", [False, True], ids=["single-transaction", "bulk"])
def test_two_loaders_at_once_make_no_duplicates(neo4j_server, neo4j_graph, synthetic_dataset, bulk):
    errors, summaries = [], []

    def loader():
        try:
            with AllianceGraph.neo4j(neo4j_server["settings"]) as g:
                summaries.append(g.load(synthetic_dataset, bulk=bulk, batch_size=2000))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=loader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert errors == []
    row = distinct_counts(neo4j_graph)
    assert (row["n"], row["ids"], row["r"], row["rids"]) == (N_ORGS + 1, N_ORGS + 1, N_RELS, N_RELS)
    assert sum(s.nodes_created for s in summaries) == N_ORGS + 1
    assert sum(s.relationships_created for s in summaries) == N_RELS


def test_transient_error_is_retried_and_the_retry_is_idempotent(neo4j_graph, synthetic_dataset, monkeypatch):
    real_apply = neo4j_batches.Batch.apply
    failed = []

    def apply_then_fail_once(batch, tx):
        result = real_apply(batch, tx)
        if not failed and batch.kind == "relationships":
            failed.append(1)
            raise TransientError("injected: the transaction must be retried")
        return result

    monkeypatch.setattr(neo4j_batches.Batch, "apply", apply_then_fail_once)
    summary = neo4j_graph.load(synthetic_dataset, bulk=False, batch_size=1000)
    assert failed == [1]
    assert (summary.nodes_created, summary.relationships_created) == (N_ORGS + 1, N_RELS)
    assert db_counts(neo4j_graph) == (N_ORGS + 1, N_RELS)
    failed.clear()
    again = neo4j_graph.load(synthetic_dataset, bulk=True, batch_size=1000)
    assert failed == [] and (again.nodes_created, again.relationships_created) == (0, 0)  # nothing left to write
    bulk = neo4j_graph.load(synthetic_dataset, wipe=True, bulk=True, batch_size=1000)
    assert failed == [1]
    assert (bulk.nodes_created, bulk.relationships_created) == (N_ORGS + 1, N_RELS)
    assert db_counts(neo4j_graph) == (N_ORGS + 1, N_RELS)


def test_a_retract_that_fails_part_way_leaves_the_graph_as_it_was(neo4j_graph, monkeypatch):
    from tests.load_sequences import dump

    neo4j_graph.load(load_dataset())
    before = dump(neo4j_graph.to_networkx())
    real_apply = neo4j_batches.Batch.apply

    def delete_then_fail(batch, tx):
        result = real_apply(batch, tx)
        if batch.kind == "delete-nodes":  # relationships are already deleted in this transaction
            raise RuntimeError("injected: the server went away")
        return result

    monkeypatch.setattr(neo4j_batches.Batch, "apply", delete_then_fail)
    with pytest.raises(RuntimeError):
        neo4j_graph.retract(["article-ai-alliance-fr"], bulk=False)
    monkeypatch.undo()
    assert dump(neo4j_graph.to_networkx()) == before
    change = neo4j_graph.retract(["article-ai-alliance-fr"], bulk=False)
    assert db_counts(neo4j_graph) == (0, 0) and change.summary.nodes_deleted == 18
