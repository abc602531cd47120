"""docs/notebooks/open-vs-closed.ipynb runs once against Neo4j: it loads each dataset into the test
server (NEO4J_* from the fixtures) and every cell's asserts hold there too."""

from __future__ import annotations

import pytest

from alliance_graph import AllianceGraph
from tests.notebooks import run_notebook, stdout_of

pytestmark = pytest.mark.neo4j


def test_the_notebook_runs_against_neo4j(neo4j_env):
    nb = run_notebook(backend="neo4j")  # a failing assert in any cell fails here
    assert stdout_of(nb, "print(g.backend").startswith("neo4j - ")
    with AllianceGraph.embedded() as g:
        hops = [f"{h.from_name} -[{h.type}]-> {h.to_name}" for h in g.path("Meta", "OpenAI")]
    assert stdout_of(nb, 'g.path("Meta", "OpenAI")').splitlines() == hops
    with AllianceGraph.neo4j(neo4j_env) as db:  # what the last part loaded: the article and the launch counts
        assert len(db.sources()) == 6
        assert {c.value for c in db.conflicts() if c.id == "ai-alliance-size" and c.field == "value"} == {"40", "45", "47", "50"}
