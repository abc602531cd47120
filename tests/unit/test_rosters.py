"""The bundled opt-in rosters: the AI Alliance's launch list and new members, and the Frontier Model Forum.

Each file is checked on its own (what its sources say: counts, roles, dates, ids shared with the
article) and loaded into the built-in article data, as `--data FILE` loads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph
from alliance_graph.cli import cli
from alliance_graph.dataset import default_dataset_paths, read_dataset_files

DATA = Path(__file__).resolve().parents[2] / "alliance_graph" / "data"
ROSTER = DATA / "ai-alliance-roster.yaml"
FMF = DATA / "frontier-model-forum.yaml"
ARTICLE_IDS = {"meta": "Meta", "ibm": "IBM", "intel": "Intel", "oracle": "Oracle",
               "cornell-university": "Cornell University", "nsf": "National Science Foundation"}


def memberships(dataset, alliance: str) -> dict[str, object]:
    """member-of relationships to one alliance, by member id."""
    return {r.source: r for r in dataset.relationships.values() if r.type == "member-of" and r.target == alliance}


@pytest.fixture(scope="module")
def roster():
    return read_dataset_files([ROSTER])


@pytest.fixture(scope="module")
def fmf():
    return read_dataset_files([FMF])


def test_roster_launch_list_has_57_organisations_and_the_new_members_post_28(roster):
    members = memberships(roster, "ai-alliance")
    launch = {m for m, r in members.items() if r.since == "2023-12-05"}
    new = {m for m, r in members.items() if r.since == "2024-02-08"}
    assert (len(launch), len(new)) == (57, 28)
    assert launch | new == set(members) and not launch & new
    assert {members[m].role for m in launch} == {"founder", "collaborator"}
    assert {members[m].role for m in new} == {"member"}
    assert {"ibm", "meta"} <= {m for m in launch if members[m].role == "founder"}
    assert {"databricks", "snowflake", "uber", "neo4j"} <= new


def test_roster_describes_each_member_once_with_a_quote_of_its_listed_name(roster):
    members = memberships(roster, "ai-alliance")
    assert set(roster.organisations) == set(members) | {"ai-alliance"}
    assert roster.organisations["ai-alliance"].kind == "alliance"
    for org_id, org in roster.organisations.items():
        assert org.evidence, org_id
    for org_id, rel in members.items():
        # the list's heading (or sentence) and the organisation's name as listed
        assert len(rel.evidence) >= 2, org_id
        assert {e.source for e in rel.evidence} <= set(roster.sources)


def test_roster_uses_the_article_ids(roster):
    launch = {m for m, r in memberships(roster, "ai-alliance").items() if r.since == "2023-12-05"}
    for org_id, name in ARTICLE_IDS.items():
        assert roster.organisations[org_id].name == name
        assert org_id in launch


def test_roster_sources_are_the_alliance_posts(roster):
    assert {(s.publisher, s.published, s.retrieved, s.language) for s in roster.sources.values()} == {
        ("AI Alliance", "2023-12-05", "2026-11-28", "en"), ("AI Alliance", "2024-02-08", "2026-11-28", "en")}
    assert all(s.url.startswith("https://github.com/The-AI-Alliance/website/blob/") for s in roster.sources.values())


def test_fmf_four_founders_and_two_companies_that_joined_in_2024(fmf):
    members = memberships(fmf, "frontier-model-forum")
    founders = {m for m, r in members.items() if r.role == "founder"}
    assert founders == {"anthropic", "google", "microsoft", "openai"}
    assert {members[m].since for m in founders} == {"2023-07-26"}
    joiners = set(members) - founders
    assert joiners == {"amazon", "meta"}
    assert all(members[m].role == "member" and members[m].since.startswith("2024") for m in joiners)
    assert fmf.organisations["frontier-model-forum"].kind == "alliance"
    assert set(fmf.organisations) == set(members) | {"frontier-model-forum"}


@pytest.mark.parametrize("path", [ROSTER, FMF], ids=lambda p: p.stem)
def test_loads_alone_and_into_the_article(path):
    alone = AllianceGraph.embedded([path], builtin=False).to_networkx()
    graph = AllianceGraph.embedded([path]).to_networkx()
    article = AllianceGraph.embedded().to_networkx()
    assert set(alone) <= set(graph) and set(article) <= set(graph)
    assert not read_dataset_files([path], base=read_dataset_files(default_dataset_paths())).warnings
    assert graph.number_of_edges() == article.number_of_edges() + alone.number_of_edges() - sum(
        1 for e in alone.edges(keys=True) if article.has_edge(*e))


def test_both_files_load_together_with_the_article():
    graph = AllianceGraph.embedded([ROSTER, FMF])
    assert len(graph.members("AI Alliance")) == 57 + 28
    assert {r.id for r in graph.members("Frontier Model Forum")} == {
        "anthropic", "google", "microsoft", "openai", "amazon", "meta"}


def test_agraph_members_with_the_roster(no_neo4j_env):
    result = CliRunner().invoke(cli, ["members", "AI Alliance", "--data", str(ROSTER), "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 85
    roles = [r["role"] for r in rows]
    assert roles[:12] == ["founder"] * 12 and set(roles[12:]) == {"collaborator", "member"}
    assert {"ibm", "meta"} <= {r["id"] for r in rows[:12]}
