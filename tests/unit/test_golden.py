"""The embedded twins answer what Neo4j answered, as recorded in tests/golden/ (no server needed): every
call at fixed dates and over all time, and every recorded page, asked with the cursor Neo4j gave.

The golden files are written from a real Neo4j by the integration suite
(tests/integration/test_backends_agree.py --update-golden); see tests/golden_files.py.
"""

from __future__ import annotations

import json

import pytest

from alliance_graph.model import CAMP_ANSWERS
from alliance_graph.queries.registry import registry
from tests.golden_files import AS_OF_DATES, GOLDEN_DIR, UPDATE_COMMAND, differences, expected_head, golden_dataset, \
    golden_graph, path_of, read_golden, replay

HOW = f"write it from Neo4j with {UPDATE_COMMAND} and commit tests/golden/"


@pytest.fixture(scope="module")
def embedded():
    with golden_graph() as graph:
        yield graph


@pytest.mark.parametrize("name", sorted(registry()))
def test_twin_answers_as_neo4j_did(embedded, name):
    assert path_of(name).exists(), f"query {name!r} has no golden file {path_of(name).name}: {HOW}"
    query = registry()[name]
    head, golden = read_golden(name)
    assert head == expected_head(query, golden_dataset()), \
        f"{path_of(name).name} was written for other parameter values, dates or page size than the golden dataset has: {HOW}"
    diff = differences(golden, replay(embedded, query, golden))
    assert not diff, (f"the embedded twin of {name!r} (alliance_graph/queries/embedded/) answers otherwise than "
                      f"Neo4j did ({path_of(name).name}); {diff}")


def test_every_golden_file_is_a_registry_query():
    stale = sorted(p.stem for p in GOLDEN_DIR.glob("*.json") if p.stem not in registry())
    assert not stale, f"golden files of no registry query: {', '.join(stale)}; delete them"


def test_the_golden_rows_cover_dates_pages_and_every_camp():
    """What the golden files must reach: rows that differ between the dates, pages past the first of every
    query that pages, a member that leaves, every camp answer asked and answered (mixed included)."""
    dated = [d for d in AS_OF_DATES if d != "all-time"]
    assert dated == sorted(dated) and len(dated) == 3 and "all-time" in AS_OF_DATES
    for name, query in registry().items():
        _, golden = read_golden(name)
        if query.pages:
            follow = [k for k in golden if json.loads(k).get("after")]
            assert follow, f"{name}: no page after the first is recorded"
    _, camp = read_golden("camp")
    for answer in CAMP_ANSWERS:
        assert any(json.loads(k)["args"] == {"camp": answer} and v["rows"] for k, v in camp.items()), \
            f"no organisation is in camp {answer!r} on any recorded date"
    _, members = read_golden("members")
    by_date = {d: {r["id"] for r in members[json.dumps({"args": {"alliance": "club"}, "as_of": d}, sort_keys=True)]["rows"]}
               for d in AS_OF_DATES}
    assert len(set(map(frozenset, by_date.values()))) > 1, "the club's members are the same on every date"
