"""--as-of / --all-time and --dataset on the read commands, on the embedded backend, and `agraph datasets`.

The small datasets here are dated: Alpha was a member of the Club from March 2020 through June
2022, Beta since 2021; Alpha and Gamma were partners from 2019 through 2021. One file per source,
every quote citing its own file's source.
"""

from __future__ import annotations

import json

import pytest

from alliance_graph import AllianceGraph

CLUB = """\
sources:
  - {id: club-news, title: Club news, language: en, published: 2022-07-10}
organisations:
  - {id: alpha, name: Alpha, kind: company, evidence: [{source: club-news, quote: "Alpha"}]}
  - {id: beta, name: Beta, kind: company, evidence: [{source: club-news, quote: "Beta"}]}
  - {id: club, name: Club, kind: alliance, evidence: [{source: club-news, quote: "the Club"}]}
relationships:
  - {type: member-of, from: alpha, to: club, since: 2020-03, until: 2022-06,
     evidence: [{source: club-news, quote: "Alpha was a member of the Club from March 2020 to June 2022"}]}
  - {type: member-of, from: beta, to: club, since: "2021",
     evidence: [{source: club-news, quote: "Beta has been a member since 2021"}]}
"""

PARTNERS = """\
sources:
  - {id: gamma-post, title: Gamma post, language: en, published: 2022-01-05}
organisations:
  - {id: gamma, name: Gamma, kind: company, evidence: [{source: gamma-post, quote: "Gamma"}]}
relationships:
  - {type: partners-with, from: alpha, to: gamma, since: "2019", until: "2021",
     evidence: [{source: gamma-post, quote: "Alpha and Gamma were partners from 2019 to 2021"}]}
"""

# Every command that reads the graph, with arguments that name something in the datasets above.
READ_COMMANDS = {
    "members": ["Club"], "competitors": ["Alpha"], "partners": ["Alpha"], "rivalries": [], "why": ["Alpha", "Club"],
    "search": ["alpha"], "stats": [], "sources": [], "source": ["club-news"], "conflicts": [],
    "path": ["Alpha", "Club"], "camp": ["Alpha"], "show": ["Alpha"], "query": ["members", "-p", "alliance=Club"],
}


@pytest.fixture
def data(tmp_path):
    (tmp_path / "club.yaml").write_text(CLUB, encoding="utf-8")
    (tmp_path / "partners.yaml").write_text(PARTNERS, encoding="utf-8")
    return ["--data", tmp_path / "club.yaml", "--data", tmp_path / "partners.yaml"]


def ids(result, column="id"):
    assert result.exit_code == 0, result.output
    return sorted(row[column] for row in json.loads(result.output))


def test_an_ended_membership_is_absent_today_and_present_as_of_a_date_in_its_period_and_all_time(run, data):
    members = ["members", "Club", *data, "--format", "json"]
    assert ids(run(*members)) == ["beta"]
    assert ids(run(*members, "--as-of", "2021-06-01")) == ["alpha", "beta"]
    assert ids(run(*members, "--as-of", "2020")) == ["alpha"]  # 2020 means 2020-12-31
    assert ids(run(*members, "--as-of", "2020-02-29")) == []  # before `since: 2020-03`
    assert ids(run(*members, "--as-of", "2022-06")) == ["alpha", "beta"]  # `until: 2022-06` holds through June 30
    assert ids(run(*members, "--as-of", "2022-07-01")) == ["beta"]
    assert ids(run(*members, "--all-time")) == ["alpha", "beta"]
    assert ids(run("query", "members", "-p", "alliance=Club", *data, "--format", "json", "--as-of", "2021")) == [
        "alpha", "beta"]


def test_the_other_read_commands_answer_as_of_the_date(run, data):
    partners = ["partners", "Alpha", *data, "--format", "json"]
    assert ids(run(*partners)) == []
    assert ids(run(*partners, "--as-of", "2019-01-01")) == ["gamma"]
    assert ids(run(*partners, "--all-time")) == ["gamma"]
    why = ["why", "Alpha", "Club", *data, "--format", "json"]
    assert ids(run(*why), "type") == [] and ids(run(*why, "--as-of", "2021"), "type") == ["MEMBER_OF"]
    path = ["path", "Gamma", "Club", *data, "--format", "json"]
    assert ids(run(*path, "--as-of", "2021"), "to_id") == ["alpha", "club"]
    assert ids(run(*path, "--as-of", "2022")) == []
    show = ["show", "Alpha", *data, "--format", "json"]
    related = lambda result: sorted(r["type"] for r in json.loads(result.output)[0]["relationships"])  # noqa: E731
    assert related(run(*show)) == []
    assert related(run(*show, "--as-of", "2021")) == ["MEMBER_OF", "PARTNERS_WITH"]
    assert related(run(*show, "--all-time")) == ["MEMBER_OF", "PARTNERS_WITH"]


def test_export_and_draw_take_the_graph_as_of_the_date(run, data, tmp_path):
    def edges(*args):
        result = run("export", "--as", "json", "--out", "-", "--dataset", "frontier-model-forum", *args)
        assert result.exit_code == 0, result.output
        return len(json.loads(result.stdout)["relationships"])

    # an export is a copy of the whole graph unless a date is given
    assert (edges(), edges("--all-time"), edges("--as-of", "2023-12-31"), edges("--as-of", "2024-12-31")) == (6, 6, 4, 6)
    today = run("draw", "--out", tmp_path / "club.svg", *data)  # an HTML page keeps every edge behind its slider
    then = run("draw", "--out", tmp_path / "club-2021.svg", *data, "--as-of", "2021")
    assert today.exit_code == 0 and then.exit_code == 0, today.output + then.output
    count = lambda result: int(result.output.split(" nodes, ")[1].split()[0])  # noqa: E731
    # Alpha's membership and partnership held in 2021; the article's 12 relationships had not begun (its
    # undated facts hold from its publication, 2023-12)
    assert count(then) == count(today) + 2 - 12


@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
def test_every_read_command_takes_as_of_and_all_time_but_not_both(run, data, command):
    args = [command, *READ_COMMANDS[command], *data]
    assert run(*args, "--as-of", "2021-06-01").exit_code == 0
    assert run(*args, "--all-time").exit_code == 0
    both = run(*args, "--as-of", "2024-01-01", "--all-time")
    assert both.exit_code == 2 and "--as-of and --all-time exclude each other" in both.output
    bad = run(*args, "--as-of", "2024-13")
    assert bad.exit_code == 2 and "Invalid value for '--as-of': '2024-13' is not a real calendar date" in bad.output
    assert "Traceback" not in bad.output


@pytest.mark.parametrize("command", ["export", "draw"])
def test_export_and_draw_refuse_both_and_bad_dates_too(run, tmp_path, command):
    out = tmp_path / ("g.json" if command == "export" else "g.html")
    both = run(command, "--out", out, "--as-of", "2024", "--all-time")
    assert both.exit_code == 2 and "--as-of and --all-time exclude each other" in both.output
    bad = run(command, "--out", out, "--as-of", "yesterday")
    assert bad.exit_code == 2 and "Invalid value for '--as-of': 'yesterday' is not a date" in bad.output
    assert not out.exists()


def test_help_says_what_a_partial_date_means(run):
    text = " ".join(run("members", "--help").output.split())
    assert "--as-of DATE" in text and "--all-time" in text
    assert "a partial date means the last day of its period (--as-of 2024 is 2024-12-31)" in text


def members(run, alliance, *args):
    return ids(run("members", alliance, "--format", "json", *args))


def test_the_bundled_rosters_as_of_their_dates(run):
    roster = ["--dataset", "ai-alliance-roster"]
    launch = members(run, "AI Alliance", *roster, "--as-of", "2024-01-01")
    assert len(launch) == 57 and {"ibm", "meta"} <= set(launch) and "databricks" not in launch
    after = members(run, "AI Alliance", *roster, "--as-of", "2024-03-01")
    assert len(after) == 85 and set(launch) < set(after)
    assert members(run, "AI Alliance", *roster, "--as-of", "2023-12-04") == []
    fmf = ["--dataset", "frontier-model-forum"]
    assert members(run, "Frontier Model Forum", *fmf, "--as-of", "2023-12-31") == [
        "anthropic", "google", "microsoft", "openai"]
    assert members(run, "Frontier Model Forum", *fmf, "--as-of", "2024-12-31") == [
        "amazon", "anthropic", "google", "meta", "microsoft", "openai"]
    both = ["--dataset", "ai-alliance-article", "--dataset", "ai-alliance-roster"]
    assert members(run, "AI Alliance", *both, "--as-of", "2024-01-01") == launch
    assert members(run, "AI Alliance", *both, "--as-of", "2024-03-01") == after


def test_dataset_names_exactly_the_datasets_of_the_graph(run):
    # the article alone knows no Frontier Model Forum; the forum's dataset alone knows no AI Alliance
    assert "no organisation or product called 'Frontier Model Forum'" in run("members", "Frontier Model Forum").output
    alone = run("members", "AI Alliance", "--dataset", "frontier-model-forum")
    assert alone.exit_code == 1 and "no organisation or product called 'AI Alliance'" in alone.output
    both = ["--dataset", "frontier-model-forum", "--dataset", "ai-alliance-article"]
    assert len(members(run, "Frontier Model Forum", *both)) == 6
    assert members(run, "AI Alliance", *both) == members(run, "AI Alliance")


def test_an_unknown_dataset_is_one_error_with_the_known_names_and_the_close_one(run):
    result = run("members", "AI Alliance", "--dataset", "frontier-forum")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: no bundled dataset called 'frontier-forum' (did you mean frontier-model-forum?)")
    assert "the bundled datasets are: ai-alliance-article, ai-alliance-roster, frontier-model-forum" in result.output
    assert "agraph datasets" in result.output
    loaded = run("load", "--dry-run", "--dataset", "roster")
    assert loaded.exit_code == 1 and "no bundled dataset called 'roster' (did you mean ai-alliance-roster?)" in loaded.output


def test_dataset_with_the_neo4j_backend_says_to_load_it(run):
    result = run("members", "AI Alliance", "--backend", "neo4j", "--dataset", "ai-alliance-roster")
    assert result.exit_code == 1
    assert "load them with `agraph load --dataset ai-alliance-roster`" in result.output


def test_datasets_lists_the_bundled_files_and_marks_the_default(run):
    result = run("datasets", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert list(rows) == ["ai-alliance-article", "ai-alliance-roster", "frontier-model-forum", "model-releases"]
    # (the suite's graphs hold the article: tests/conftest.py sets AGRAPH_DATASETS; users get every dataset)
    assert [name for name, r in rows.items() if r["default"]] == ["ai-alliance-article"]
    assert (rows["frontier-model-forum"]["file"], rows["frontier-model-forum"]["organisations"],
            rows["frontier-model-forum"]["relationships"]) == ("frontier-model-forum.yaml", 7, 6)
    assert (rows["ai-alliance-roster"]["organisations"], rows["ai-alliance-roster"]["relationships"]) == (86, 85)
    assert "Frontier Model Forum" in rows["frontier-model-forum"]["description"]
    table = run("datasets").output
    assert "ai-alliance-roster.yaml" in table and "default:       yes" in table


def test_load_takes_datasets_and_files_together(run, data):
    result = run("load", "--dry-run", "--dataset", "frontier-model-forum", "--dataset", "ai-alliance-roster",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    counts = {r["what"]: r["count"] for r in json.loads(result.stdout)}
    assert counts["relationship :MEMBER_OF"] == 6 + 85
    with_file = run("load", "--dry-run", "--dataset", "frontier-model-forum", data[1], "--format", "json")
    assert with_file.exit_code == 0, with_file.output
    assert "valid: 2 file(s)" in with_file.output
    assert {r["what"]: r["count"] for r in json.loads(with_file.stdout)}["relationship :MEMBER_OF"] == 6 + 2


def test_the_api_builds_the_graph_of_named_datasets_as_of_a_date():
    with AllianceGraph.embedded(datasets=["ai-alliance-roster", "frontier-model-forum"]) as g:
        assert len(g.members("AI Alliance", as_of="2024-01-01")) == 57
        whole, then = g.to_networkx(), g.to_networkx(as_of="2024-01-01")
        assert whole.number_of_edges() == 85 + 6 and then.number_of_edges() == 57 + 4
        assert then.number_of_nodes() == whole.number_of_nodes()
        assert g.to_networkx(as_of="today").number_of_edges() == 85 + 6
