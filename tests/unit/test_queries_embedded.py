"""The canned questions on the embedded article graph."""

from __future__ import annotations

import pytest

from alliance_graph import AllianceGraph, QueryError, UnknownEntityError
from alliance_graph.queries.embedded import IMPLEMENTATIONS
from alliance_graph.queries.registry import registry


@pytest.fixture(scope="module")
def g():
    with AllianceGraph.embedded() as graph:
        yield graph


def test_every_registry_query_has_an_embedded_implementation():
    assert set(IMPLEMENTATIONS) == set(registry())


def test_members_with_founders_first(g):
    rows = g.members("AI Alliance")
    assert [r.name for r in rows[:2]] == ["IBM", "Meta"] and {r.role for r in rows[:2]} == {"founder"}
    assert {"Intel", "Oracle", "Cornell University", "National Science Foundation"} <= {r.name for r in rows[2:]}
    assert all(r.evidence for r in rows)


def test_competitors_and_partners_from_both_ends(g):
    assert {"Anthropic", "Cohere"} <= {r.name for r in g.competitors("OpenAI")}
    assert [r.name for r in g.competitors("Anthropic")] == ["OpenAI"]
    assert [(r.name, r.partnership) for r in g.partners("OpenAI")] == [("Microsoft", "investment")]
    assert [r.name for r in g.partners("microsoft")] == ["OpenAI"]


def test_camp_basis_is_queryable(g):
    closed = {r.id: r for r in g.camp("closed")}
    assert set(closed) == {"openai", "anthropic", "cohere", "microsoft"}
    assert closed["openai"].basis == "stated" and closed["microsoft"].basis == "inferred"
    meta = g.camp_of("meta")
    assert (meta.camp, meta.rule, meta.via) == ("open", "member-of-open-alliance", "ai-alliance")
    assert meta.evidence[0]["quote"].startswith("les géants technologiques")


def test_rivalries_are_cross_camp(g):
    pairs = {(r.open_id, r.closed_id) for r in g.rivalries()}
    assert pairs == {("ai-alliance", "openai"), ("ai-alliance", "microsoft")}


def test_path_with_evidence_on_each_hop(g):
    hops = g.path("Meta", "OpenAI")
    assert [(h.from_id, h.type, h.to_id) for h in hops] == [("meta", "MEMBER_OF", "ai-alliance"),
                                                             ("ai-alliance", "COMPETES_WITH", "openai")]
    assert all(h.evidence for h in hops)
    assert g.path("wsj", "openai") == []  # only a source links the newspaper


def test_why_and_profile(g):
    [link] = g.why("Microsoft", "OpenAI")
    assert (link.type, link.from_id, link.to_id, link.partnership) == ("PARTNERS_WITH", "microsoft", "openai", "investment")
    p = g.profile("ibm")
    assert (p.kind, p.country, p.camp, p.basis) == ("company", "US", "open", "stated")
    types = {r.type for r in g.relationships("idc")}
    assert types == {"STATES", "CITES"}


def test_search_ignores_case_and_accents(g):
    assert [r.id for r in g.search("universite cornell")] == ["cornell-university"]
    assert [r.id for r in g.search("UNIVERSITÉ")] == ["cornell-university"]
    assert g.search("zzz") == []


def test_unknown_name_suggests(g):
    with pytest.raises(UnknownEntityError) as info:
        g.competitors("OpenIA")
    assert info.value.suggestions == ["OpenAI"]
    with pytest.raises(UnknownEntityError) as info:
        g.competitors("Antropic")
    assert info.value.suggestions[0] == "Anthropic"


def test_wrong_parameters(g):
    with pytest.raises(QueryError, match="camp must be one of"):
        g.camp("grey")
    with pytest.raises(QueryError, match="takes no parameter"):
        g.run("members", alliance="AI Alliance", colour="red")
    with pytest.raises(QueryError, match="needs parameter"):
        g.run("members")
    with pytest.raises(QueryError, match="did you mean members"):
        g.run("member")


def test_raw_cypher_needs_neo4j(g):
    with pytest.raises(QueryError, match="raw Cypher needs Neo4j"):
        g.cypher("RETURN 1")


def test_stats(g):
    stats = {(r.category, r.value): r.count for r in g.stats()}
    assert stats[("label", "Organisation")] == 13
    assert stats[("camp", "open")] == 7 and stats[("camp", "closed")] == 4
    assert stats[("relationship-type", "MEMBER_OF")] == 6
