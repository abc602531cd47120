"""What changed: `agraph timeline [NAME]` (the registry query timeline, its node optional) and `agraph diff FROM TO`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph
from alliance_graph.cli import cli
from alliance_graph.errors import QueryError
from alliance_graph.queries.registry import get_query, registry

ROOT = Path(__file__).resolve().parents[2]
ROSTER = ROOT / "alliance_graph" / "data" / "ai-alliance-roster.yaml"
FMF = ROOT / "alliance_graph" / "data" / "frontier-model-forum.yaml"
CLUB = ROOT / "tests" / "fixtures" / "timeline" / "club.yaml"


@pytest.fixture(scope="module")
def rosters():
    with AllianceGraph.embedded(data=[ROSTER, FMF]) as g:
        yield g


@pytest.fixture(scope="module")
def club():
    with AllianceGraph.embedded(data=[CLUB]) as g:
        yield g


def events(rows):
    return [(r.date, r.event, r.subject_id, r.object_id, r.members) for r in rows]


def test_the_ai_alliance_story_in_order(rosters):
    rows = rosters.timeline("AI Alliance")
    founded, *joins = rows
    assert (founded.date, founded.event, founded.members) == ("2023-12-05", "founded", 57)
    assert "IBM" in founded.detail and "Meta" in founded.detail
    assert all(r.event == "joined" and r.object_id == "ai-alliance" for r in joins)
    assert [(d, n) for d, n in sorted({(r.date, r.members) for r in joins})] == [("2023-12-05", 57), ("2024-02-08", 85)]
    assert sum(r.date == "2023-12-05" for r in joins) == 57 and sum(r.date == "2024-02-08" for r in joins) == 28
    assert [r.date for r in rows] == sorted(r.date for r in rows)
    assert all(r.evidence and r.sources >= 1 for r in rows)


def test_the_whole_timeline_has_every_kind_of_dated_event_oldest_first(rosters):
    rows = rosters.timeline()
    assert (rows[0].date, rows[0].event, rows[0].subject) == ("2022", "launched", "ChatGPT")
    assert ("2023-07-26", "founded", "frontier-model-forum", None, 4) in events(rows)
    assert ("2024-05", "joined", "amazon", "frontier-model-forum", 6) in events(rows)
    assert (rows[-1].date, rows[-1].event, rows[-1].subject_id) == ("2027", "forecast", "idc-genai-spending-2027")
    assert "143000000000 USD, stated by International Data Corp" == rows[-1].detail
    assert [r.date for r in rows] == sorted(r.date for r in rows)


def test_timeline_of_an_organisation_lists_only_the_events_involving_it(rosters):
    assert events(rosters.timeline("Meta")) == [("2023-12-05", "founded", "ai-alliance", None, 57),
                                                ("2023-12-05", "joined", "meta", "ai-alliance", 57),
                                                ("2024-05", "joined", "meta", "frontier-model-forum", 6)]
    assert [(r.date, r.event) for r in rosters.timeline("idc")] == [("2023", "forecast"), ("2027", "forecast")]


def test_joins_leaves_ends_at_unknown_dates_and_partnerships(club):
    assert events(club.timeline("club")) == [
        ("2023", "joined", "gamma", "club", 1),  # a year sorts before its days
        ("2023-01-02", "founded", "club", None, 2),
        ("2023-01-02", "joined", "alpha", "club", 2),
        ("2023-02", "joined", "beta", "club", 3),
        ("2023-06", "left", "beta", "club", 2),  # members right after: from July
        (None, "left", "delta", "club", None),
        (None, "left", "gamma", "club", None),
    ]
    unknown = [r for r in club.timeline("club") if r.date is None]
    assert all(r.detail == "member; ended, date unknown" for r in unknown)
    assert [(r.date, r.event, r.detail) for r in club.timeline("alpha") if "club" not in (r.subject_id, r.object_id)] == [
        ("2023-03-01", "partnership began", "technical"), ("2023-07", "competition began", None),
        ("2024", "partnership ended", "technical")]


def test_an_event_s_evidence_is_what_the_sources_giving_its_date_say(club):
    [beta_left] = [r for r in club.timeline("beta") if r.event == "left"]
    assert {e["source"] for e in beta_left.evidence} == {"s-old", "s-new"} and beta_left.sources == 2


def test_a_timeline_covers_every_date_whatever_the_as_of_date(club):
    everything = club.rows("timeline")
    assert club.rows("timeline", as_of="2023-01-01") == everything == club.rows("timeline", as_of="all-time")
    assert club.rows("timeline", node="beta", as_of="2022") == club.rows("timeline", node="beta")


def test_the_timeline_of_a_node_is_the_whole_timeline_s_events_involving_it_in_order(club):
    """One query answers both: with a node, the events it is in (subject, object, or a founder of a founding),
    in the same order, and its pages walk them."""
    whole = list(club.rows("timeline"))
    for node in ("beta", "club", "gamma", "alpha"):
        mine = list(club.rows("timeline", node=node))
        assert mine and [r for r in whole if r in mine] == mine, node
        assert all(r in mine for r in whole if node in (r["subject_id"], r["object_id"])), node
        pages, after = [], None
        while True:
            page = club.rows("timeline", node=node, limit=2, after=after)
            pages += page
            if (after := page.next_cursor) is None:
                break
        assert pages == mine
    assert get_query("timeline").params[0].optional and "timeline-of" not in registry()


def test_diff_lists_the_joins_between_two_dates(rosters):
    rows = rosters.diff("2023-12-01", "2024-03-01")
    joins = [r for r in rows if r["change"] == "joined"]
    assert len(joins) == 85 and {(r["alliance_id"], r["before"]) for r in joins} == {("ai-alliance", None)}
    assert {r["after"] for r in joins} == {"founder", "collaborator", "member"}
    assert all(r["evidence"] for r in rows)
    camps = {r["org_id"]: (r["before"], r["after"]) for r in rows if r["change"] == "camp-changed"}
    assert camps["databricks"] == ("none", "open")  # a member of an open alliance since February 2024
    assert "ibm" not in camps  # stated open by the article all along
    later = [r for r in rosters.diff("2023-12-31", "2024-02") if r["change"] == "joined"]  # partial TO: end of February
    assert len(later) == 28 and {r["after"] for r in later} == {"member"}
    assert [(r["change"], r["org_id"]) for r in rosters.diff("2024-04", "2024-06")] == [
        ("joined", "amazon"), ("joined", "meta")]


def test_diff_shows_a_leave(club):
    changes = club.diff("2023-03", "2023-12")
    assert [(r["change"], r["alliance_id"], r["org_id"], r["before"], r["after"]) for r in changes
            if r["alliance_id"] == "club"] == [("left", "club", "beta", "member", None)]
    # the article's undated memberships begin with their evidence (published 2023-12): they join meanwhile
    assert {r["org_id"] for r in changes if r["alliance_id"] == "ai-alliance" and r["change"] == "joined"} >= {
        "ibm", "meta"}
    assert [(r["change"], r["org_id"]) for r in club.diff("2024-01", "2024-06")] == [("left", "gamma")]
    assert club.diff("2024-06", "2025") == []


@pytest.mark.parametrize("dates, message", [(("2024", "2023"), "after"), (("soon", "2024"), "not a date"),
                                            (("2023", "all-time"), "give a date")])
def test_diff_refuses_what_is_not_two_dates_in_order(club, dates, message):
    with pytest.raises(QueryError, match=message):
        club.diff(*dates)


def test_timeline_and_diff_commands(no_neo4j_env):
    runner = CliRunner()
    result = runner.invoke(cli, ["timeline", "AI Alliance", "--data", str(ROSTER), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["event"] == "founded" and rows[-1]["members"] == 85 and list(rows[0]) == list(get_query("timeline").columns)
    result = runner.invoke(cli, ["diff", "2023-03", "2023-12", "--data", str(CLUB), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(AllianceGraph.DIFF_COLUMNS)
    assert any(line.startswith("left,club,Club,beta,Beta,member,,") for line in result.output.splitlines()[1:])
    result = runner.invoke(cli, ["diff", "2024", "2023"])
    assert result.exit_code == 1 and "FROM (2024-12-31) is after TO (2023-12-31)" in result.output
    result = runner.invoke(cli, ["timeline", "Cornell"])
    assert result.exit_code == 0 and result.output == "No dated events involving Cornell.\n"
