"""Tables fit the terminal width (COLUMNS), keep ids and names whole, and lose nothing with
--full; json and csv carry every value whole whatever the width."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph
from alliance_graph.cli import cli
from alliance_graph.output import render

COMMANDS = [("path", "Meta", "OpenAI"), ("members", "AI Alliance"), ("camp", "closed")]


def columns_of(text: str) -> int:
    """Terminal columns a line takes (wide characters 2, combining marks 0)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.fixture
def run(no_neo4j_env, monkeypatch):
    def invoke(*args, columns: int | None):
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", str(columns))
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    return invoke


def quotes_of(rows: list[dict]) -> list[str]:
    return [ev["quote"] for r in rows for ev in (r.get("evidence") or [])]


def whole_values(rows: list[dict]) -> set[str]:
    """The ids and names of the rows: what a table must never cut."""
    return {str(v) for r in rows for k, v in r.items() if v and (k in ("id", "name") or k.endswith(("_id", "_name")))}


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("width", [60, 100])
def test_table_fits_the_width_and_keeps_ids_and_names_whole(run, command, width):
    rows = json.loads(run(*command, "--format", "json", columns=width))
    table = run(*command, columns=width)
    lines = table.splitlines()
    assert lines and all(columns_of(line) <= width for line in lines), max(lines, key=columns_of)
    for value in whole_values(rows):
        assert any(value in line for line in lines), f"{value!r} is not whole in\n{table}"
    # long quotes do not fit: they are shortened, and the table says how to see them
    assert any(squash(q) not in squash(table) for q in quotes_of(rows))
    assert "--full" in table and "--format json" in table


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("width", [60, 100])
def test_full_shows_every_quote_whole_within_the_width(run, command, width):
    rows = json.loads(run(*command, "--format", "json", columns=width))
    table = run(*command, "--full", columns=width)
    assert all(columns_of(line) <= width for line in table.splitlines())
    quotes = quotes_of(rows)
    assert quotes and all(squash(q) in squash(table) for q in quotes)
    for value in whole_values(rows):
        assert any(value in line for line in table.splitlines())


@pytest.mark.parametrize("width", [20, 60, 100])
def test_json_and_csv_are_complete_whatever_the_width(run, width):
    with AllianceGraph.embedded() as g:
        expected = quotes_of([m._asdict() for m in g.members("AI Alliance")])
    assert max(map(len, expected)) > width  # the quotes are longer than the table is wide
    data = json.loads(run("members", "AI Alliance", "--format", "json", columns=width))
    assert quotes_of(data) == expected
    rows = list(csv.DictReader(io.StringIO(run("members", "AI Alliance", "--format", "csv", columns=width))))
    assert [ev["quote"] for r in rows for ev in json.loads(r["evidence"])] == expected
    # and the table at that width does fit, while json above does not need to
    assert all(columns_of(line) <= max(width, 20) for line in run("members", "AI Alliance", columns=width).splitlines())


@pytest.mark.parametrize("args", [("show", "IBM"), ("show", "Microsoft"), ("queries",), ("rivalries",)], ids=" ".join)
def test_other_tables_fit_a_narrow_terminal(run, args):
    out = run(*args, columns=60)
    assert all(columns_of(line) <= 60 for line in out.splitlines()), out


def test_show_profile_fits_and_is_never_shortened(run):
    with AllianceGraph.embedded() as g:
        explanation = g.camp_of("Microsoft").explanation
    out = run("show", "Microsoft", columns=60)
    assert all(columns_of(line) <= 60 for line in out.splitlines()), out
    assert squash(explanation) in squash(out)


def test_not_a_terminal_and_no_columns_means_100(run):
    out = run("members", "AI Alliance", columns=None)
    assert max(columns_of(line) for line in out.splitlines()) <= 100
    assert "fit 100 columns" in squash(out)


def test_wide_characters_count_double():
    rows = [{"id": "tokyo-u", "name": "東京大学", "evidence": "東京大学は人工知能の研究で知られている大学です" * 2}]
    text = render(rows, ["id", "name", "evidence"], width=40)
    assert all(columns_of(line) <= 40 for line in text.splitlines())
    assert "東京大学" in text.splitlines()[2]
    full = render(rows, ["id", "name", "evidence"], width=40, full=True)
    assert all(columns_of(line) <= 40 for line in full.splitlines())
    assert squash(rows[0]["evidence"]) in "".join(full.split())
