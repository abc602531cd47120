"""Answers for analysis code and notebooks: lists that become typed DataFrames, HTML tables with
escaped text and readable evidence, a profile card, and a drawing shown inline."""

from __future__ import annotations

import html
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from alliance_graph import AllianceGraph, AllianceGraphError, MissingExtraError, QueryError
from alliance_graph.dates import ALL_TIME
from tests.extras import need

pd = need("pandas", "analysis", module_level=True)  # in the test extra too; skips (fails in CI) where absent

ROOT = Path(__file__).resolve().parents[2]
CLUB = ROOT / "tests" / "fixtures" / "timeline" / "club.yaml"
TRICKY = '<script>alert("x")</script> & Co'
TRICKY_QUOTE = 'we <b>love</b> "open" & <i>free</i> models'


@pytest.fixture(scope="module")
def article():
    with AllianceGraph.embedded() as g:
        yield g


@pytest.fixture(scope="module")
def club():
    with AllianceGraph.embedded([CLUB], builtin=False) as g:
        yield g


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    path = tmp_path_factory.mktemp("tricky") / "tricky.yaml"
    path.write_text(f"""\
dataset: tricky
sources:
  - {{id: s-tricky, title: "A <title> & more", language: en, published: 2024-05}}
organisations:
  - {{id: club, name: Club, kind: alliance, evidence: [{{source: s-tricky, quote: "the Club"}}]}}
  - {{id: tricky, name: '{TRICKY}', kind: company, evidence: [{{source: s-tricky, quote: 'about {TRICKY}'}}]}}
relationships:
  - {{type: member-of, from: tricky, to: club, role: founder, since: 2024-05,
     evidence: [{{source: s-tricky, quote: '{TRICKY_QUOTE}', via: club}}]}}
""", encoding="utf-8")
    with AllianceGraph.embedded([path], builtin=False) as g:
        yield g


class _Page(HTMLParser):
    """Collects the elements opened and the text of an HTML fragment; fails on unbalanced tags."""

    VOID = {"br", "img", "hr", "meta", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.open = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> _Page:
    page = _Page()
    page.feed(fragment)
    page.close()
    assert page.open == [], f"unclosed: {page.open}"
    return page


# --------------------------------------------------------------------------- lists stay lists


def test_question_answers_are_still_lists_of_named_tuples(article):
    members = article.members("AI Alliance")
    assert isinstance(members, list)
    assert members == [tuple(m) for m in members]  # compares as the plain list it was
    assert [m.name for m in members if m.role == "founder"] == ["IBM", "Meta"]
    assert members.columns == article.queries()["members"].columns
    assert type(members[:1]) is list and type(members + []) is list


def test_every_registry_query_becomes_a_frame_of_its_columns(article):
    for name, query in article.queries().items():
        if query.params:
            continue
        rows = article.run(name)
        df = article.frame(name)
        assert len(df) == len(rows), name
        plain = [c for c in df.columns if not c.endswith("_text") or c[:-5] not in query.columns]
        assert plain == list(query.columns), name


def test_counts_are_integers_and_evidence_a_list_column(article):
    df = article.members("AI Alliance").to_df()
    assert str(df["sources"].dtype) == "Int64"
    assert list(df["sources"]) == [m.sources for m in article.members("AI Alliance")]
    assert all(isinstance(ev, list) and {"source", "quote", "via"} <= set(ev[0]) for ev in df["evidence"])
    sources = article.frame("sources")
    assert str(sources["facts"].dtype) == str(sources["only"].dtype) == "Int64"
    assert str(article.stats().to_df()["count"].dtype) == "Int64"


def test_counts_stay_integers_in_an_empty_answer(article, club):
    assert article.conflicts() == []
    df = article.conflicts().to_df()
    assert df.empty and df["sources"].dtype == object  # there a list of source ids, not a count
    empty = club.members("Club", as_of="2022").to_df()
    assert empty.empty and str(empty["sources"].dtype) == "Int64"


def test_partial_dates_follow_the_date_rule_and_keep_their_text(club):
    df = club.run("relationships", node="club", as_of=ALL_TIME).to_df().set_index("other_id")
    assert pd.api.types.is_datetime64_any_dtype(df["since"]) and pd.api.types.is_datetime64_any_dtype(df["until"])
    assert df.loc["alpha", "since"] == pd.Timestamp("2023-01-02") and df.loc["alpha", "since_text"] == "2023-01-02"
    assert df.loc["beta", "since"] == pd.Timestamp("2023-02-01")  # a start: first day of its period
    assert df.loc["beta", "until"] == pd.Timestamp("2023-06-30")  # an end: last day of its period
    assert (df.loc["beta", "since_text"], df.loc["beta", "until_text"]) == ("2023-02", "2023-06")
    assert df.loc["gamma", "since"] == pd.Timestamp("2023-01-01")
    assert pd.isna(df.loc["gamma", "until"]) and df.loc["gamma", "until_text"] == "unknown"
    published = club.frame("sources").set_index("id")["published"]
    assert published["s-new"] == pd.Timestamp("2024-03-15") and pd.isna(published["s-undated"])


def test_explode_evidence_gives_one_row_per_item(club):
    rows = club.run("relationships", node="beta", as_of=ALL_TIME)
    df = rows.to_df(explode_evidence=True)
    assert "evidence" not in df.columns
    assert {"evidence_source", "evidence_quote", "evidence_via"} <= set(df.columns)
    expected = [(i, ev["source"], ev["quote"]) for i, r in enumerate(rows) for ev in r.evidence]
    assert list(zip(df.index, df["evidence_source"], df["evidence_quote"], strict=True)) == expected
    assert list(df["other_id"]) == [r.other_id for r in rows for _ in r.evidence]
    assert len(df) > len(rows)


def test_explode_evidence_of_an_answer_without_evidence_is_refused(article):
    with pytest.raises(QueryError, match="no evidence column"):
        article.frame("stats", explode_evidence=True)


def test_single_answers_and_diff_convert_too(club):
    df = club.profile("beta").to_df()
    assert list(df["name"]) == ["Beta"] and len(df) == 1
    diff = club.diff("2023-01-05", "2023-04-01")
    assert [(r["change"], r["org_id"]) for r in diff] == [("joined", "beta")]
    assert list(diff.to_df()["org"]) == ["Beta"]


def test_without_pandas_the_error_names_the_extra(article, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails as if it were not installed
    members = article.members("AI Alliance")
    for convert in (members.to_df, lambda: article.frame("members", alliance="AI Alliance")):
        with pytest.raises(MissingExtraError) as caught:
            convert()
        message = str(caught.value)
        assert isinstance(caught.value, AllianceGraphError)
        assert "\n" not in message and "pandas" in message
        assert "-m pip install '" in message and "[analysis]'" in message and "'alliance-graph[" not in message
    assert [m.name for m in members][:2] == ["IBM", "Meta"]  # the rows themselves need no pandas


# --------------------------------------------------------------------------- notebook display


def test_rows_render_as_an_html_table_with_every_value_escaped(tricky):
    members = tricky.members("Club")
    fragment = members._repr_html_()
    page = parse(fragment)
    assert "script" not in page.tags and "b" not in page.tags and "i" not in page.tags
    text = "".join(page.text)
    assert TRICKY in text and TRICKY_QUOTE in text  # shown as written, not run
    assert "<script>" not in fragment and html.escape(TRICKY) in fragment
    assert page.tags.count("tr") == 1 + len(members)
    assert [t for t in page.tags if t == "th"] == ["th"] * len(members.columns)


def test_evidence_in_a_table_reads_as_quotes_with_their_source(tricky):
    page = parse(tricky.members("Club")._repr_html_())
    text = " ".join(" ".join(page.text).split())
    assert f"“{TRICKY_QUOTE}” — s-tricky, via club" in text


def test_a_long_answer_shows_its_first_rows_and_says_so(monkeypatch):
    from alliance_graph import results

    with AllianceGraph.embedded(datasets=["ai-alliance-roster"]) as g:
        members = g.members("AI Alliance")
    monkeypatch.setattr(results, "MAX_HTML_ROWS", 10)
    page = parse(members._repr_html_())
    assert page.tags.count("tr") == 1 + 10
    assert f"members: {len(members)} rows (the first 10 shown; .to_df() has them all)" in "".join(page.text)
    assert len(members.to_df()) == len(members) == 85


def test_a_profile_is_a_card_and_still_a_named_tuple(article, tricky):
    profile = article.profile("Meta")
    assert profile.name == "Meta" and profile.camp == "open" and profile == article.run("profile", node="meta")[0]
    assert repr(profile).startswith("ProfileRow(id='meta'")
    page = parse(profile._repr_html_())
    text = " ".join(" ".join(page.text).split())
    assert text.startswith("Meta open") and "Organisation · company · id meta" in text
    assert profile.explanation in text
    card = tricky.profile("tricky")._repr_html_()
    assert "script" not in parse(card).tags and TRICKY in "".join(parse(card).text)
    assert article.camp_of("Microsoft").camp == "closed" and "closed" in article.camp_of("Microsoft")._repr_html_()


def test_draw_returns_a_picture_that_shows_its_svg(article, tmp_path):
    picture = article.draw(focus="OpenAI")
    svg = picture._repr_svg_()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and picture._repr_html_() is None
    assert (picture.format, picture.node_count, picture.path) == ("svg", 6, None)
    assert repr(picture) == "<Picture svg: 6 nodes, 6 relationships>"  # not the whole picture again as text
    assert "OpenAI" in svg and "Anthropic" in svg
    out = tmp_path / "article.svg"
    kept = article.draw(out)
    assert kept.path == out and out.read_text(encoding="utf-8") == kept.data and kept.node_count == 14


def test_draw_as_html_shows_the_page_in_a_frame(article, tmp_path):
    picture = article.draw(format="html", camp="closed")
    assert picture._repr_svg_() is None
    frame = picture._repr_html_()
    page = parse(frame)
    assert page.tags == ["iframe"]
    srcdoc = frame.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert html.unescape(srcdoc) == picture.data and picture.data.lstrip().lower().startswith("<!doctype html")
    assert article.draw(tmp_path / "page.html").format == "html"  # the suffix decides when no format is given
