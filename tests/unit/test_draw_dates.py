"""Drawing the graph as of a date: `agraph draw --as-of` / `--all-time`, and the HTML page's date slider."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph, QueryError
from alliance_graph.cli import cli
from alliance_graph.draw import draw

# One file per source; every evidence item cites the source of its own file.
CONSORTIUM = """\
dataset: tiny-consortium
sources:
  - id: consortium-news
    title: "Alpha Labs leaves the Tiny Consortium, Beta AI joins"
    language: en
    published: 2024-03-15
organisations:
  - id: tiny-consortium
    name: Tiny Consortium
    kind: alliance
    evidence: [{source: consortium-news, quote: "the Tiny Consortium"}]
  - id: alpha-labs
    name: Alpha Labs
    kind: company
    evidence: [{source: consortium-news, quote: "Alpha Labs"}]
  - id: beta-ai
    name: Beta AI
    kind: company
    evidence: [{source: consortium-news, quote: "Beta AI"}]
relationships:
  - type: member-of
    from: alpha-labs
    to: tiny-consortium
    since: 2023-06
    until: 2023-12
    evidence: [{source: consortium-news, quote: "Alpha Labs, a member from June to December 2023"}]
  - type: member-of
    from: beta-ai
    to: tiny-consortium
    since: 2024-03
    evidence: [{source: consortium-news, quote: "Beta AI joined in March 2024"}]
"""

RIVALS = """\
dataset: tiny-rivals
sources:
  - id: rivals-blog
    title: "Alpha Labs and Beta AI, rivals"
    language: en
relationships:
  - type: competes-with
    from: alpha-labs
    to: beta-ai
    evidence: [{source: rivals-blog, quote: "Alpha Labs competes with Beta AI"}]
"""

ALPHA = "member-of:alpha-labs:tiny-consortium"  # 2023-06-01 .. 2023-12-31
BETA = "member-of:beta-ai:tiny-consortium"  # from 2024-03-01
RIVALRY = "competes-with:alpha-labs:beta-ai"  # undated
TINY = {"tiny-consortium", "alpha-labs", "beta-ai"}


@pytest.fixture
def files(tmp_path) -> list[Path]:
    paths = [tmp_path / "consortium.yaml", tmp_path / "rivals.yaml"]
    for path, text in zip(paths, (CONSORTIUM, RIVALS), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def run_draw(files: list[Path], out: Path, *options: str) -> str:
    args = ["draw", "--out", str(out), "--backend", "embedded"]  # the article's graph, plus the files
    for path in files:
        args += ["--data", str(path)]
    result = CliRunner().invoke(cli, [*args, *options])
    assert result.exit_code == 0, result.output
    return result.stdout  # (stderr may say the data is old: an answer as of today)


def edges_of(root: ET.Element) -> dict[str, ET.Element]:
    """The drawn relationships between the files' organisations."""
    return {el.get("data-id"): el for el in root.iter()
            if el.get("class") == "edge" and {el.get("data-source"), el.get("data-target")} <= TINY}


def nodes_of(root: ET.Element) -> set[str]:
    """The files' organisations drawn."""
    return {el.get("data-id") for el in root.iter() if el.get("class") == "node"} & TINY


def inline_svg(page: str) -> ET.Element:
    return ET.fromstring(page[page.index("<svg"):page.index("</svg>") + len("</svg>")])


def subtitle(root: ET.Element) -> str:
    return root.find(".//*[@id='subtitle']").text


def today() -> str:
    """Today, read when a test runs (a constant read at import goes wrong across midnight)."""
    return dt.date.today().isoformat()


# ------------------------------------------------------------------------------------------ --as-of


@pytest.mark.parametrize("as_of, expected", [
    ("2023-05-31", {RIVALRY}),  # before the membership
    ("2023-06", {ALPHA, RIVALRY}),  # a partial date: its last day
    ("2023-09-15", {ALPHA, RIVALRY}),
    ("2023-12-31", {ALPHA, RIVALRY}),  # `until: 2023-12` holds through the month's last day
    ("2024-01-01", {RIVALRY}),
    ("2024-03", {BETA, RIVALRY}),
    ("today", {BETA, RIVALRY}),
])
def test_as_of_draws_the_relationships_that_held_then(no_neo4j_env, files, tmp_path, as_of, expected):
    out = tmp_path / "tiny.svg"
    message = run_draw(files, out, "--as-of", as_of)
    root = ET.fromstring(out.read_bytes())
    assert set(edges_of(root)) == expected
    assert nodes_of(root) == TINY  # nodes are not dated: a picture as of a date keeps them
    day = today() if as_of == "today" else {"2023-06": "2023-06-30", "2024-03": "2024-03-31"}.get(as_of, as_of)
    # the article's 12 relationships begin with their evidence: it was published in December 2023
    assert message.endswith(f" nodes, {article_relationships(day) + len(expected)} relationships\n")
    assert subtitle(root).endswith(f"· as of {day}")


def article_relationships(day: str) -> int:
    return 12 if day >= ARTICLE_KNOWN_FROM else 0


ARTICLE_KNOWN_FROM = "2023-12-01"  # its source is published 2023-12: its undated facts hold from then


def test_the_default_is_today_and_all_time_draws_everything(no_neo4j_env, files, tmp_path):
    run_draw(files, tmp_path / "today.svg")
    assert set(edges_of(ET.parse(tmp_path / "today.svg").getroot())) == {BETA, RIVALRY}
    run_draw(files, tmp_path / "all.svg", "--all-time")
    root = ET.parse(tmp_path / "all.svg").getroot()
    assert set(edges_of(root)) == {ALPHA, BETA, RIVALRY}
    assert "as of" not in subtitle(root)


def test_facts_begin_with_their_evidence(no_neo4j_env, tmp_path):
    """The article's relationships carry no `since`: they hold from its publication, not in 2020."""
    for as_of, edges in (("2020", 0), ("2023-11-30", 0), ("2023-12-01", 12)):
        out = tmp_path / f"article-{as_of}.svg"
        result = CliRunner().invoke(cli, ["draw", "--out", str(out), "--backend", "embedded", "--as-of", as_of])
        assert result.exit_code == 0, result.output
        root = ET.parse(out).getroot()
        assert len([el for el in root.iter() if el.get("class") == "edge"]) == edges, as_of
        assert "as of" in subtitle(root)


@pytest.mark.parametrize("options, message", [
    (["--as-of", "2023-02-30"], "'2023-02-30' is not a real calendar date"),
    (["--as-of", "last year"], "'last year' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--as-of", "2023", "--all-time"], "--as-of and --all-time exclude each other"),
])
def test_a_bad_date_is_told_before_anything_is_drawn(no_neo4j_env, tmp_path, options, message):
    out = tmp_path / "x.svg"
    result = CliRunner().invoke(cli, ["draw", "--out", str(out), "--backend", "embedded", *options])
    assert result.exit_code == 2 and message in result.output
    assert not out.exists()


def test_the_python_api_draws_as_of_a_date(files, tmp_path):
    with AllianceGraph.embedded(files) as g:
        graph = g.to_networkx()
    one = draw(graph, tmp_path / "a.svg", focus="tiny-consortium", radius=2, as_of=dt.date(2023, 9, 1))
    assert set(edges_of(ET.parse(one.path).getroot())) == {ALPHA, RIVALRY} and one.edge_count == 2
    every = draw(graph, tmp_path / "b.svg", focus="tiny-consortium", radius=2)  # default: the graph as given
    assert every.edge_count == 3
    alone = draw(graph, tmp_path / "d.svg", focus="tiny-consortium", radius=2, as_of="2023-05")  # no member yet
    assert (alone.node_count, alone.edge_count) == (1, 0)
    with pytest.raises(QueryError, match="cannot draw as of 'soon'"):
        draw(graph, tmp_path / "c.svg", as_of="soon")
    assert not (tmp_path / "c.svg").exists()


def test_tooltips_say_when_a_relationship_held(no_neo4j_env, files, tmp_path):
    run_draw(files, tmp_path / "all.svg", "--all-time")
    edges = edges_of(ET.parse(tmp_path / "all.svg").getroot())
    tips = {k: next(t.text for t in el if t.tag.endswith("title")) for k, el in edges.items()}
    assert tips[ALPHA].endswith("· since 2023-06, until 2023-12")
    assert tips[BETA].endswith("· since 2024-03")
    assert "since" not in tips[RIVALRY]


# ------------------------------------------------------------------------------------------ the slider


def slider_of(page: str) -> dict[str, str]:
    found = re.findall(r"<input ([^>]*)>", page)
    assert len(found) == 1, found
    return dict(re.findall(r'([\w-]+)="([^"]*)"', found[0]))


def test_html_has_a_slider_over_the_dates_the_graph_changes_at(no_neo4j_env, files, tmp_path):
    out = tmp_path / "tiny.html"
    message = run_draw(files, out, "--as-of", "2023-09-15")
    page = out.read_text(encoding="utf-8")
    slider = slider_of(page)
    assert slider["type"] == "range" and slider["id"] == "when-range"
    # every valid_from, the day after every valid_to, the date asked for, today, and all time last
    stops = ["2023-06-01", "2023-09-15", ARTICLE_KNOWN_FROM, "2024-01-01", "2024-03-01", today(), "all-time"]
    assert slider["data-dates"].split(" ") == stops
    assert (slider["min"], slider["max"], slider["value"]) == ("0", "6", "1")  # it starts at --as-of
    assert slider["data-today"] == today()
    assert re.search(r'<output id="when-date"[^>]*>2023-09-15</output>', page)
    # the page keeps every relationship, each with its dates, the nodes placed as for all time
    root = inline_svg(page)
    edges = edges_of(root)
    assert set(edges) == {ALPHA, BETA, RIVALRY}
    assert (edges[ALPHA].get("data-valid-from"), edges[ALPHA].get("data-valid-to")) == ("2023-06-01", "2023-12-31")
    assert (edges[BETA].get("data-valid-from"), edges[BETA].get("data-valid-to")) == ("2024-03-01", None)
    assert (edges[RIVALRY].get("data-valid-from"), edges[RIVALRY].get("data-valid-to")) == (None, None)  # no date at all
    assert message == f"wrote {out} (html): 17 nodes, 15 relationships\n"
    run_draw(files, tmp_path / "all.svg", "--all-time")
    placed = {el.get("data-id"): el.get("transform") for el in root.iter() if el.get("class") == "node"}
    assert placed == {el.get("data-id"): el.get("transform")
                      for el in ET.parse(tmp_path / "all.svg").getroot().iter() if el.get("class") == "node"}
    # the script that moves with it, inline beside pan and zoom; nothing fetched
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2 and 'getElementById("when-range")' in scripts[1]
    assert "data-valid-from" in scripts[1] and "data-valid-to" in scripts[1]
    assert "http://" not in page and "https://" not in page and "<script src" not in page


def test_the_slider_starts_at_today_by_default_and_at_the_end_for_all_time(no_neo4j_env, files, tmp_path):
    run_draw(files, tmp_path / "today.html")
    slider = slider_of((tmp_path / "today.html").read_text(encoding="utf-8"))
    stops = slider["data-dates"].split(" ")
    assert stops == ["2023-06-01", ARTICLE_KNOWN_FROM, "2024-01-01", "2024-03-01", today(), "all-time"]
    assert stops[int(slider["value"])] == today()
    run_draw(files, tmp_path / "all.html", "--all-time")
    page = (tmp_path / "all.html").read_text(encoding="utf-8")
    slider = slider_of(page)
    assert slider["value"] == slider["max"] == "5"
    assert re.search(r'<output id="when-date"[^>]*>all time</output>', page)


def test_the_slider_shows_only_when_some_relationship_is_dated(no_neo4j_env, files, tmp_path):
    run_draw(files, tmp_path / "tiny.html")
    assert 'id="when-range"' in (tmp_path / "tiny.html").read_text(encoding="utf-8")
    out = tmp_path / "rivals.html"  # a file with no date at all: neither a `since` nor a published source
    (tmp_path / "only.yaml").write_text(RIVALS.replace("relationships:", """organisations:
  - {id: alpha-labs, name: Alpha Labs, kind: company, evidence: [{source: rivals-blog, quote: "Alpha Labs"}]}
  - {id: beta-ai, name: Beta AI, kind: company, evidence: [{source: rivals-blog, quote: "Beta AI"}]}
relationships:"""), encoding="utf-8")
    with AllianceGraph.embedded([tmp_path / "only.yaml"], builtin=False) as g:
        g.draw(out)
    page = out.read_text(encoding="utf-8")
    assert "<input" not in page and "when-range" not in page and "data-valid-" not in page
    assert page.count("<script>") == 1  # pan and zoom only
