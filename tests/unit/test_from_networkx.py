"""networkx both ways: a graph from `to_networkx()`, changed in analysis code, validated and loaded back."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_graph import AllianceGraph
from alliance_graph.errors import DatasetError
from alliance_graph.from_graph import WHERE, read_networkx

ROOT = Path(__file__).resolve().parents[2]
LAUNCH_COUNTS = sorted((ROOT / "tests" / "fixtures" / "many_sources" / "launch-counts").glob("*.yaml"))
ARTICLE_SOURCE = "article-ai-alliance-fr"


def _shape(graph):
    """Nodes and relationships with every property, comparable whatever the edge keys."""
    nodes = {n: {k: (sorted(v) if k == "labels" else v) for k, v in d.items()} for n, d in graph.nodes(data=True)}
    edges = {d["id"]: (s, e, d) for s, e, d in graph.edges(data=True)}
    return nodes, edges


@pytest.mark.parametrize("build", [
    lambda: AllianceGraph.embedded(),
    lambda: AllianceGraph.embedded(datasets=["ai-alliance-article", "ai-alliance-roster", "frontier-model-forum"]),
    lambda: AllianceGraph.embedded(LAUNCH_COUNTS),  # disputed claim values from five sources
], ids=["article", "three-datasets", "launch-counts"])
def test_round_trip_gives_the_same_graph(build):
    with build() as g:
        graph = g.to_networkx()
    with AllianceGraph.from_networkx(graph) as back:
        assert _shape(back.to_networkx()) == _shape(graph)
        assert back.location == f"the embedded graph of {WHERE}"


def _add_acme(graph, **org):
    graph.add_node("acme", labels=["Organisation"], name="Acme AI", kind="company",
                   evidence_sources=[ARTICLE_SOURCE], evidence_quotes=["Acme rejoint l’alliance"], **org)
    graph.add_edge("acme", "ai-alliance", type="MEMBER_OF", role="member",
                   evidence_sources=[ARTICLE_SOURCE], evidence_quotes=["Acme rejoint l’alliance"])


def test_an_added_organisation_with_evidence_loads():
    with AllianceGraph.embedded() as g:
        graph = g.to_networkx()
        before = [m.name for m in g.members("AI Alliance")]
    _add_acme(graph, aliases=["Acme"])
    with AllianceGraph.from_networkx(graph) as back:
        assert sorted([m.name for m in back.members("AI Alliance")]) == sorted(before + ["Acme AI"])
        assert back.camp_of("Acme").camp == "open"  # inferred again, from the new membership
        acme = back.to_networkx().nodes["acme"]
        assert acme["sources"] == [ARTICLE_SOURCE]
        assert sorted(zip(acme["statement_fields"], acme["statement_values"], strict=True)) == [
            ("alias", "Acme"), ("kind", "company"), ("name", "Acme AI")]
    # The same dataset loads into a graph with `load`, as a file would.
    with AllianceGraph.embedded() as target:
        summary = target.load(read_networkx(graph, base=None))
        assert summary.nodes_created == 1 and summary.relationships_created == 1
        assert "Acme AI" in [m.name for m in target.members("AI Alliance")]


def _said(props, field):
    return {(v, s) for f, v, s in zip(props["statement_fields"], props["statement_values"], props["statement_sources"], strict=True)
            if f == field}


def test_a_changed_property_is_said_by_the_sources_of_the_value_shown():
    with AllianceGraph.embedded(LAUNCH_COUNTS) as g:
        graph = g.to_networkx()
    claim = graph.nodes["ai-alliance-size"]
    before = _said(claim, "value")
    shown = str(claim["value"]).removesuffix(".0")
    assert len({v for v, _ in before}) > 1  # the sources disagree
    claim["value"] = 51
    graph.nodes["cohere"]["country"] = "CA"  # no source gave a country: the node's sources now do
    with AllianceGraph.from_networkx(graph) as back:
        after = back.to_networkx()
    assert after.nodes["ai-alliance-size"]["value"] == 51
    assert _said(after.nodes["ai-alliance-size"], "value") == {
        ("51", s) if v == shown else (v, s) for v, s in before}
    assert after.nodes["cohere"]["country"] == "CA"
    assert {s for _, s in _said(after.nodes["cohere"], "country")} == set(after.nodes["cohere"]["sources"])


def test_bad_changes_are_refused_listing_each_problem():
    with AllianceGraph.embedded() as g:
        graph = g.to_networkx()
    graph.add_edge("meta", "nobody-inc", type="PARTNERS_WITH", evidence_sources=[ARTICLE_SOURCE],
                   evidence_quotes=["Meta et Nobody"])                               # an edge to an unknown node
    graph.nodes["cohere"]["kind"] = "government"                                    # a kind not allowed
    graph.add_edge("ibm", "cohere", type="COMPETES_WITH", evidence_sources=[ARTICLE_SOURCE])  # no quote
    graph.add_node("ghost", labels=["Organisation"], name="Ghost", kind="company")  # no source says it
    graph.add_node("thing", labels=["Widget"], name="Thing")                        # not a kind of node
    with pytest.raises(DatasetError) as caught:
        AllianceGraph.from_networkx(graph)
    problems = [str(p) for p in caught.value.problems]
    text = "\n".join(problems)
    assert all(p.startswith(WHERE) for p in problems), text
    assert any("nobody-inc" in p and "unknown" in p for p in problems), text
    assert any("government" in p for p in problems), text
    assert any("quote" in p and "ibm" in p for p in problems), text
    assert any("ghost" in p and "no source says this" in p for p in problems), text
    assert any("thing" in p and "Widget" in p for p in problems), text
    assert len(problems) == 5, text
