"""The embedded twins answer what Neo4j answered, as recorded in tests/golden/ (no server needed).

The golden files are written from a real Neo4j by the integration suite
(tests/integration/test_backends_agree.py --update-golden); see tests/golden_files.py.
"""

from __future__ import annotations

import pytest

from alliance_graph.queries.registry import registry
from tests.golden_files import GOLDEN_DIR, UPDATE_COMMAND, answers, differences, golden_dataset, golden_graph, path_of, \
    read_golden, values_of

HOW = f"write it from Neo4j with {UPDATE_COMMAND} and commit tests/golden/"


@pytest.fixture(scope="module")
def embedded():
    with golden_graph() as graph:
        yield graph


@pytest.mark.parametrize("name", sorted(registry()))
def test_twin_answers_as_neo4j_did(embedded, name):
    assert path_of(name).exists(), f"query {name!r} has no golden file {path_of(name).name}: {HOW}"
    values, golden = read_golden(name)
    assert values == values_of(golden_dataset(), registry()[name]), \
        f"{path_of(name).name} was written for other parameter values than the golden dataset has: {HOW}"
    diff = differences(golden, answers(embedded, registry()[name], values))
    assert not diff, (f"the embedded twin of {name!r} (alliance_graph/queries/embedded.py) answers otherwise than "
                      f"Neo4j did ({path_of(name).name}); {diff}")


def test_every_golden_file_is_a_registry_query():
    stale = sorted(p.stem for p in GOLDEN_DIR.glob("*.json") if p.stem not in registry())
    assert not stale, f"golden files of no registry query: {', '.join(stale)}; delete them"
