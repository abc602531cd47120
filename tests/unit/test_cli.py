"""The agraph CLI on the embedded backend: exit codes and exact output."""

from __future__ import annotations

import csv
import io
import json

import pytest

from alliance_graph.cli import cli
from tests.bad_datasets import write_case, write_good


def test_help_lists_every_command(run):
    result = run("--help")
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(run, name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"agraph {name}" in result.output


def test_members_table(run):
    result = run("members", "AI Alliance", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["name"], r["role"]) for r in rows][:2] == [("IBM", "founder"), ("Meta", "founder")]
    assert len(rows) == 6


def test_members_json_is_an_array_of_row_objects(run):
    result = run("members", "ai-alliance", "--format", "json")
    data = json.loads(result.output)
    assert isinstance(data, list) and data[0]["id"] == "ibm"
    assert data[0]["evidence"][0]["source"] == "article-ai-alliance-fr"


def test_ndjson(run):
    lines = run("competitors", "OpenAI", "--format", "ndjson").output.splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["AI Alliance", "Anthropic", "Cohere"]


def test_path_table_exact(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")  # wide enough for columns; narrower terminals get records
    result = run("path", "Meta", "OpenAI", "--format", "table")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()  # (stderr may say the data is old: an answer as of today)
    assert lines[0].split() == ["step", "from_id", "from_name", "type", "direction", "to_id", "to_name", "sources",
                                 "evidence"]
    assert lines[2].startswith("1     meta         Meta         MEMBER_OF      ->         ai-alliance  AI Alliance  1        “les géants")
    assert lines[3].startswith("2     ai-alliance  AI Alliance  COMPETES_WITH  ->         openai       OpenAI       1        “Nombreux membres")
    assert lines[4].startswith("(long cells shortened to fit 140 columns; --full")
    assert len(lines) == 5


def test_no_path_message(run):
    result = run("path", "wsj", "OpenAI")
    assert (result.exit_code, result.stdout) == (0, "No connection between wsj and OpenAI.\n")


def test_camp_of_and_camp_list(run):
    one = json.loads(run("camp", "Microsoft", "--format", "json").output)
    assert one[0]["camp"] == "closed" and one[0]["rule"] == "investment-partner-of-closed"
    names = [r["name"] for r in json.loads(run("camp", "open", "--format", "json").output)]
    assert names == sorted(names) and "Meta" in names


def test_unknown_name_fails_with_suggestion(run):
    result = run("competitors", "Antropic")
    assert result.exit_code == 1
    assert result.output == ("Error: no organisation or product called 'Antropic'; did you mean: Anthropic?\n"
                             "Hint: `agraph search TEXT` lists names and aliases that match\n")


def test_show_profile_and_relationships(run):
    result = run("show", "universite cornell", "--full")
    assert result.exit_code == 0
    assert result.output.startswith("id:          cornell-university\nlabel:       Organisation\nname:        Cornell University\n")
    assert "MEMBER_OF" in result.output and "via wsj" in result.output


def test_search_and_stats(run):
    assert run("search", "cornell", "--format", "csv").output.splitlines()[1].startswith("cornell-university,")
    stats = {(r["category"], r["value"]): r["count"] for r in json.loads(run("stats", "--format", "json").output)}
    assert stats[("label", "Organisation")] == 13


def test_queries_lists_the_registry(run):
    names = [r["name"] for r in json.loads(run("queries", "--format", "json").output)]
    assert {"members", "camp", "path", "search", "stats", "why"} <= set(names)


def test_query_by_name(run):
    result = run("query", "partners", "-p", "org=OpenAI", "--format", "csv")
    assert result.output.splitlines()[1].startswith("microsoft,Microsoft,company,investment,closed,")
    bad = run("query", "partnrs")
    assert bad.exit_code == 1 and "did you mean partners" in bad.output
    malformed = run("query", "partners", "-p", "OpenAI")
    assert malformed.exit_code == 2 and "is not key=value" in malformed.output


def test_neo4j_only_commands_give_one_consistent_hint(run):
    """`load` and `cypher` need Neo4j: they never suggest --backend embedded, and do not take it."""
    for args in (["cypher", "RETURN 1"], ["load"]):
        result = run(*args)
        assert result.exit_code == 1
        assert "no Neo4j server configured: set NEO4J_URI" in result.output
        assert "scripts/neo4j_local.py start" in result.output
        assert "--backend" not in result.output
        refused = run(*args, "--backend", "embedded")
        assert refused.exit_code == 2 and "No such option '--backend'" in refused.output


def test_products_are_answered_or_plainly_refused(run):
    why = run("why", "OpenAI", "ChatGPT", "--format", "json")
    assert why.exit_code == 0
    assert [(r["type"], r["from_id"], r["to_id"]) for r in json.loads(why.output)] == [("DEVELOPS", "openai", "chatgpt")]
    path = run("path", "ChatGPT", "Microsoft", "--format", "json")
    assert path.exit_code == 0 and [r["to_id"] for r in json.loads(path.output)][-1] == "microsoft"
    for command in ("camp", "competitors", "partners", "members"):
        result = run(command, "ChatGPT")
        assert result.exit_code == 1, command
        assert "'ChatGPT' is a product (id chatgpt); this question is about an organisation only" in result.output
        assert "agraph show chatgpt" in result.output


def test_data_option_adds_files(run, tmp_path):
    good = write_good(tmp_path)
    result = run("competitors", "Alpha", "--data", str(good), "--format", "csv")
    assert result.exit_code == 0 and result.output.splitlines()[1].startswith("beta,Beta,company,none,")


def test_data_option_with_bad_file(run, tmp_path):
    bad = write_case(tmp_path, "dangling-from")
    result = run("stats", "--data", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:9 [relationships[1] competes-with ghost -> beta]: 'from' refers to unknown id 'ghost'" in result.output


def test_load_dry_run_needs_no_server(run, tmp_path):
    result = run("load", "--dry-run")
    assert result.exit_code == 0
    assert "valid: 1 file(s), checked on their own (no server configured); dry run, nothing written" in result.output
    assert "relationship :MEMBER_OF      6" in result.output


def test_load_dry_run_bad_file(run, tmp_path):
    result = run("load", "--dry-run", str(write_case(tmp_path, "duplicate-id-across-sections")))
    assert result.exit_code == 1 and "id 'beta' is already an Organisation" in result.output and "Traceback" not in result.output


def test_load_without_server_configured(run):
    result = run("load")
    assert result.exit_code == 1 and "no Neo4j server configured" in result.output


def test_load_to_stopped_server_is_one_line(run):
    result = run("load", "--uri", "bolt://127.0.0.1:9", "--password", "s3cret-pw")
    assert result.exit_code == 1
    assert "cannot" in result.output and "127.0.0.1:9" in result.output
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("fmt,check", [("json", "relationships"), ("graphml", "<graphml"), ("csv", None)])
def test_export(run, tmp_path, fmt, check):
    out = tmp_path / ("out" if fmt == "csv" else f"g.{fmt}")
    result = run("export", "--as", fmt, "--out", str(out))
    assert result.exit_code == 0 and result.output.endswith("18 nodes, 17 relationships\n")
    if fmt == "csv":
        with (out / "nodes.csv").open(encoding="utf-8", newline="") as fh:
            assert len(list(csv.DictReader(fh))) == 18
    else:
        assert check in out.read_text(encoding="utf-8")


def test_every_command_is_documented_in_the_readme():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"`agraph {name}" not in readme]
    assert missing == []


def test_every_registry_query_appears_in_queries_help_and_has_an_example():
    from alliance_graph.queries.registry import registry

    for q in registry().values():
        assert q.examples and q.examples[0].startswith("agraph "), q.name


def test_the_graph_is_closed_with_the_command_even_when_opening_fails_half_way(run, monkeypatch):
    from alliance_graph.errors import BackendError
    from alliance_graph.store.embedded import EmbeddedStore

    closed = []
    monkeypatch.setattr(EmbeddedStore, "close", lambda self: closed.append(self))
    ok = run("members", "AI Alliance", "--format", "csv")
    assert ok.exit_code == 0 and len(closed) == 1

    def warnings_fail(self):
        raise BackendError("the marker cannot be read")

    monkeypatch.setattr(EmbeddedStore, "warnings", warnings_fail)
    failed = run("members", "AI Alliance")
    assert failed.exit_code == 1 and failed.output == "Error: the marker cannot be read\n"
    assert len(closed) == 2  # closed although warnings() raised before the command ran


def test_a_dry_run_with_a_server_configured_checks_against_it(run):
    # the files may refer to ids in the database, so a dry run with a server set must ask it
    result = run("load", "--dry-run", "--uri", "bolt://127.0.0.1:9")
    assert result.exit_code == 1 and "the server does not answer" in result.output and "Traceback" not in result.output
