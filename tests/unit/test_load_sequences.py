"""On the embedded graph: any sequence of loads and retracts gives the graph built in one go
from the files that remain (the Neo4j twin of this test is in tests/integration)."""

from __future__ import annotations

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_graph import AllianceGraph
from alliance_graph.store.embedded import EmbeddedStore
from tests.load_sequences import built_in_one_go, dump, files_strategy, operations_strategy, run_sequence, temp_folder, write_files


@st.composite
def scenario(draw):
    specs = draw(files_strategy)
    return specs, draw(operations_strategy(len(specs)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_any_sequence_of_loads_and_retracts_equals_one_load_of_what_remains(case):
    specs, operations = case
    paths = write_files(specs, temp_folder())
    graph = AllianceGraph(EmbeddedStore(nx.MultiDiGraph()))
    remaining = run_sequence(graph, paths, operations)
    assert dump(graph.to_networkx()) == dump(built_in_one_go(remaining))
