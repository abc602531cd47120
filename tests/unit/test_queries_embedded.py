"""The canned questions on the embedded article graph."""

from __future__ import annotations

import pytest

from alliance_graph import AllianceGraph, QueryError, UnknownEntityError
from alliance_graph.queries.embedded import TWINS
from alliance_graph.queries.registry import registry


@pytest.fixture(scope="module")
def g():
    with AllianceGraph.embedded() as graph:
        yield graph


def test_every_registry_query_has_exactly_one_embedded_twin():
    assert sorted(TWINS) == sorted(registry())


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


def _path_dataset(tmp_path, pairs, extra_rels=""):
    """A one-source dataset of companies linked by competes-with (``pairs``), plus ``extra_rels`` (YAML lines)."""
    ids = sorted({x for pair in pairs for x in pair})
    lines = ["sources:", "  - {id: s, title: S, language: en}", "organisations:"]
    lines += [f"  - {{id: {i}, name: N {i}, kind: company}}" for i in ids]
    lines += ["relationships:"]
    lines += [f"  - {{type: competes-with, from: {x}, to: {y}, evidence: [{{source: s, quote: q}}]}}" for x, y in pairs]
    path = tmp_path / "paths.yaml"
    path.write_text("\n".join(lines) + "\n" + extra_rels, encoding="utf-8")
    return path


def test_path_ties_take_the_smallest_ids_node_by_node_then_relationship(tmp_path):
    # a -> b in three hops two ways: [a, m1, z2, b] comes before [a, m2, z1, b] although z1 < z2;
    # m1 and z2 are linked twice: the relationship of smaller id ('a-m1-z2' < 'competes-with:m1:z2').
    pairs = [("a", "m2"), ("a", "m1"), ("m2", "z1"), ("z1", "b"), ("z2", "b"), ("m1", "z2")]
    partner = ("  - {id: a-m1-z2, type: partners-with, from: z2, to: m1, kind: technical,"
               " evidence: [{source: s, quote: q}]}\n")
    with AllianceGraph.embedded([_path_dataset(tmp_path, pairs, partner)], builtin=False) as g:
        hops = g.path("a", "b")
        assert [(h.from_id, h.type, h.direction, h.to_id) for h in hops] == [
            ("a", "COMPETES_WITH", "->", "m1"), ("m1", "PARTNERS_WITH", "->", "z2"), ("z2", "COMPETES_WITH", "<-", "b")]
        assert [(h.from_id, h.to_id) for h in g.path("b", "a")] == [("b", "z1"), ("z1", "m2"), ("m2", "a")]


def test_path_follows_long_chains_up_to_the_hop_limit(tmp_path):
    from alliance_graph.model import MAX_PATH_HOPS

    chain = [f"c{i:02d}" for i in range(MAX_PATH_HOPS + 2)]  # c00 .. c13: 13 hops end to end
    pairs = list(zip(chain, chain[1:], strict=False)) + [("c00", "side"), ("side", "c02")]  # as short as c00-c01-c02
    with AllianceGraph.embedded([_path_dataset(tmp_path, pairs)], builtin=False) as g:
        hops = g.path("c01", chain[-1])
        assert [h.to_id for h in hops] == chain[2:] and [h.step for h in hops] == list(range(1, MAX_PATH_HOPS + 1))
        assert [h.to_id for h in g.path(chain[-1], "side")] == [*reversed(chain[2:-1]), "side"]
        assert g.path("c00", chain[-1]) == g.path(chain[-1], "c00") == []  # past the hop limit


def test_path_is_the_smallest_of_all_shortest_paths_on_random_graphs():
    import random

    import networkx as nx

    from alliance_graph.queries.embedded import answer
    from alliance_graph.synthetic import generate

    rng = random.Random(3)
    for seed in range(4):
        orgs, rels = generate(60, 150, seed=seed)
        g = nx.MultiDiGraph()
        for o in orgs:
            g.add_node(o["id"], id=o["id"], labels=("Organisation",), name=o["name"])
        for r in rels:  # the path types only, ids as the dataset would give them
            rid = f"{r['type']}:{r['from']}:{r['to']}"
            g.add_edge(r["from"], r["to"], key=rid, id=rid, type=r["type"].upper().replace("-", "_"))
        undirected = nx.Graph(g)
        ids = sorted(g)
        for _ in range(40):
            a, b = rng.sample(ids, 2)
            rows = answer(g, "path", **{"from": a, "to": b})
            try:
                best = min(nx.all_shortest_paths(undirected, a, b))
            except nx.NetworkXNoPath:
                best = None
            got = [r["from_id"] for r in rows] + [rows[-1]["to_id"]] if rows else None
            assert got == best, (seed, a, b)
