"""The timeline and diff answer the same on Neo4j and on the embedded graph, on dated datasets
(the golden dataset has no dated relationships)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance_graph import AllianceGraph, read_dataset_files
from alliance_graph.dataset import default_dataset_paths
from tests.conftest import wipe_database

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
FILES = [ROOT / "alliance_graph" / "data" / "ai-alliance-roster.yaml",
         ROOT / "alliance_graph" / "data" / "frontier-model-forum.yaml", ROOT / "tests" / "fixtures" / "timeline" / "club.yaml"]
DATE_PAIRS = [("2023-01", "2023-12"), ("2023-03", "2023-12"), ("2023-12-01", "2024-03-01"), ("2024-01", "2024-06"),
              ("2020", "2030")]


@pytest.fixture(scope="module")
def both(neo4j_server):
    wipe_database(neo4j_server["settings"])
    with AllianceGraph.neo4j(neo4j_server["settings"]) as neo4j, AllianceGraph.embedded(FILES) as embedded:
        neo4j.load(read_dataset_files([*default_dataset_paths(), *FILES]))
        yield neo4j, embedded


def plain(rows):
    return json.loads(json.dumps(rows, ensure_ascii=False))


def test_timeline_and_timeline_of_every_node_agree(both):
    neo4j, embedded = both
    assert plain(neo4j.rows("timeline")) == plain(embedded.rows("timeline"))
    assert len(embedded.rows("timeline")) > 100
    for node in (r["id"] for r in embedded.rows("names")):
        assert plain(neo4j.rows("timeline", node=node)) == plain(embedded.rows("timeline", node=node)), node


@pytest.mark.parametrize("dates", DATE_PAIRS)
def test_diff_agrees(both, dates):
    neo4j, embedded = both
    assert plain(neo4j.diff(*dates)) == plain(embedded.diff(*dates))
