"""What a new user hit, round three (issue 22): tables instead of cards (item 5), warnings that
drown the answer (item 10), stale answers (item 12), one press release cited as two sources (item 8)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph
from alliance_graph.cli import cli


@pytest.fixture
def run(no_neo4j_env):
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


# --------------------------------------------------------------------------- item 5: one row per answer


def test_a_camp_is_one_row_per_organisation_and_the_card_comes_with_full(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    with AllianceGraph.embedded() as g:
        names = [r.name for r in g.camp("open")]
    result = run("camp", "open")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "explanation", "evidence"]
    start, end = lines[0].index("name"), lines[0].index("explanation")
    assert [line[start:end].strip() for line in lines[2:2 + len(names)]] == names  # one line each
    assert len(lines) <= len(names) + 4  # the header, its rule, the rows and a note of two lines at most
    assert not any(line.startswith(("id:", "basis:")) for line in lines)
    assert "--full" in lines[-1] or "--full" in lines[-2]
    card = run("camp", "open", "--full").stdout.splitlines()
    assert sum(line.startswith("id:") for line in card) == len(names)  # the full card: every field
    assert any(line.startswith("rule:") for line in card) and any(line.startswith("via:") for line in card)


def test_the_camp_of_one_organisation_is_one_row_with_its_bases_summarised(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    lines = run("camp", "Microsoft").stdout.splitlines()
    assert lines[0].split() == ["id", "name", "camp", "explanation", "bases", "evidence"]
    assert lines[2].startswith("microsoft") and "closed (inferred, moderate)" in lines[2]
    card = run("camp", "Microsoft", "--full").stdout
    assert "bases:" in card and "investment partner of OpenAI" in card


def test_queries_is_one_line_per_query_at_80_columns(run, monkeypatch):
    from alliance_graph.queries.registry import registry

    monkeypatch.setenv("COLUMNS", "80")
    lines = run("queries").stdout.splitlines()
    assert lines[0].split() == ["name", "params", "summary"]
    assert [line.split()[0] for line in lines[2:2 + len(registry())]] == list(registry())
    assert len(lines) <= len(registry()) + 4
    assert all(len(line) <= 80 for line in lines)
    full = run("queries", "--full").stdout
    assert "columns:" in full and "pages_by:" in full and len(full.splitlines()) > len(lines)  # a card each
    assert [q["name"] for q in json.loads(run("queries", "--format", "json").stdout)] == list(registry())


def test_why_puts_no_json_in_a_table(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    result = run("why", "Meta", "AI Alliance")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["type", "from_id", "to_id", "role", "sources", "evidence"]  # empty columns left out
    assert lines[2].startswith("MEMBER_OF  meta     ai-alliance  founder  1        “les géants")
    assert "{" not in result.stdout and '"source"' not in result.stdout
    full = run("why", "Meta", "AI Alliance", "--full").stdout
    assert "by_source:" in full and "source: article-ai-alliance-fr; title: Meta et IBM" in full
    assert "{" not in full
    [row] = json.loads(run("why", "Meta", "AI Alliance", "--format", "json").stdout)
    assert row["by_source"][0]["source"] == "article-ai-alliance-fr"  # json keeps every field whole


# --------------------------------------------------------------------------- item 10: warnings that drown the answer


def _near_names_file(tmp_path, n: int):
    from tests.bad_datasets import GOOD, write_good

    path = write_good(tmp_path)
    orgs = "".join(f"  - {{id: near-{i}, name: 'Kalomine Robotics {i}', kind: company}}\n" for i in range(n))
    path.write_text(GOOD.replace("relationships:\n", orgs + "relationships:\n"), encoding="utf-8")
    return path


def test_many_warnings_are_counted_after_the_first_five(run, tmp_path):
    path = _near_names_file(tmp_path, 12)
    result = run("stats", "--data", str(path), "--format", "csv")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 6 and all("is close to" in w for w in warnings[:5])
    assert warnings[5] == ("Warning: 7 more warnings not shown (12 in all); the same command with --all-warnings "
                           "lists them all")
    assert result.stdout.startswith("category,value,count\n")  # the answer, untouched
    every = run("stats", "--data", str(path), "--format", "csv", "--all-warnings")
    assert sum("is close to" in line for line in every.stderr.splitlines()) == 12
    assert every.stdout == result.stdout
    dry = run("load", "--dry-run", str(path))  # a load says it the same way
    assert sum("is close to" in line for line in dry.stderr.splitlines()) == 5 and "--all-warnings" in dry.stderr


def test_a_few_warnings_are_all_printed(run, tmp_path):
    result = run("stats", "--data", str(_near_names_file(tmp_path, 3)), "--format", "csv")
    assert sum("is close to" in line for line in result.stderr.splitlines()) == 3 and "not shown" not in result.stderr


def test_a_generated_map_of_2000_organisations_has_no_near_names(run, tmp_path):
    from alliance_graph import read_dataset_files, synthetic

    folder = synthetic.write_csv(tmp_path / "map", 2000, 10000, seed=1)
    assert read_dataset_files([folder]).warnings == []
    result = run("stats", "--data", str(folder), "--format", "csv")
    assert result.exit_code == 0 and "Warning" not in result.stderr
    again = synthetic.write_csv(tmp_path / "again", 2000, 10000, seed=1)  # still deterministic from the seed
    assert all((folder / f).read_bytes() == (again / f).read_bytes()
               for f in ("organisations.csv", "relationships.csv"))
    other = synthetic.generate(2000, 10000, seed=2)[0]
    assert [o["name"] for o in other] != [o["name"] for o in synthetic.generate(2000, 10000, seed=1)[0]]
