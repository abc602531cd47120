"""What a new user hit, round three (issue 22): tables instead of cards (item 5), warnings that
drown the answer (item 10), stale answers (item 12), one press release cited as two sources (item 8)."""

from __future__ import annotations

import json

import pytest

from alliance_graph import AllianceGraph


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


# --------------------------------------------------------------------------- item 12: stale without saying so


def test_datasets_give_each_one_s_newest_fact_and_last_check(run, tmp_path):
    import yaml

    from alliance_graph.dates import period_end
    from alliance_graph.freshness import freshness_of_dataset
    from alliance_graph import read_dataset_files

    rows = json.loads(run("datasets", "--format", "json").stdout)
    assert rows and all({"newest_fact", "checked"} <= set(r) for r in rows)
    for row in rows:  # never older than a source's publication, never newer than the file says
        from alliance_graph.dataset import dataset_paths

        [path] = dataset_paths([row["name"]])
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        published = [str(s["published"]) for s in doc.get("sources", []) if s.get("published")]
        assert all(period_end(row["newest_fact"]) >= period_end(p) for p in published)
        retrieved = [str(s["retrieved"]) for s in doc.get("sources", []) if s.get("retrieved")]
        assert row["checked"] == (max(retrieved) if retrieved else None)
    article = next(r for r in rows if r["name"] == "ai-alliance-article")
    assert (article["newest_fact"], article["checked"]) == ("2023-12", None)
    assert "newest_fact" in run("datasets").stdout

    path = tmp_path / "dated.yaml"  # relationship dates count, `until: unknown` does not, partial dates by their end
    path.write_text("""\
sources:
  - {id: s1, title: One, language: en, published: 2024-02-08, retrieved: 2026-01-02}
  - {id: s2, title: Two, language: en, published: 2023, retrieved: 2025-05-01}
organisations:
  - {id: alpha, name: Alpha, kind: company, evidence: [{source: s1, quote: q}]}
  - {id: beta, name: Beta, kind: company, evidence: [{source: s1, quote: q}]}
relationships:
  - {type: competes-with, from: alpha, to: beta, since: 2024-02, until: unknown, evidence: [{source: s2, quote: q}]}
""", encoding="utf-8")
    assert tuple(freshness_of_dataset(read_dataset_files([path]))) == ("2024-02", "2026-01-02")


def _notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Note: the newest fact")]


def test_an_answer_as_of_today_from_old_data_says_so_on_stderr(run):
    result = run("camp", "closed", "--dataset", "ai-alliance-article")
    assert result.exit_code == 0
    assert len(_notes(result)) == 1 and "from 2023-12, more than 6 months ago" in _notes(result)[0]
    assert "Note" not in result.stdout  # stdout holds the answer only
    assert _notes(run("why", "Meta", "AI Alliance", "--dataset", "ai-alliance-article"))  # any question
    assert _notes(run("camp", "closed", "--dataset", "ai-alliance-article", "--as-of", "2999-01-01"))


@pytest.mark.parametrize("options", [["--as-of", "2024-01"], ["--all-time"], ["--format", "json"],
                                     ["--format", "ndjson"], ["--format", "csv"]])
def test_no_note_on_a_past_date_over_all_time_or_for_scripts(run, options):
    result = run("camp", "closed", "--dataset", "ai-alliance-article", *options)
    assert result.exit_code == 0 and _notes(result) == []


def test_no_note_when_the_data_is_recent(run, tmp_path):
    import datetime as _dt

    from tests.bad_datasets import GOOD, write_good

    path = write_good(tmp_path)
    today = _dt.date.today().isoformat()
    path.write_text(GOOD.replace("text_file: source.txt", f"text_file: source.txt, published: {today}"), encoding="utf-8")
    result = run("camp", "closed", "--dataset", "ai-alliance-article", "--data", str(path))
    assert result.exit_code == 0 and _notes(result) == []


# --------------------------------------------------------------------------- item 8: one publication, one source


def _pair(tmp_path, url_b: str):
    from tests.bad_datasets import SOURCE_TEXT

    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("""\
sources:
  - {id: press-a, title: The press release, language: fr, url: "https://example.org/news/launch", text_file: source.txt}
organisations:
  - {id: alpha, name: Alpha, kind: company}
  - {id: beta, name: Beta, kind: company}
relationships:
  - {type: competes-with, from: alpha, to: beta, evidence: [{source: press-a, quote: "Alpha et Beta sont concurrents."}]}
""", encoding="utf-8")
    b.write_text(f"""\
sources:
  - {{id: press-b, title: The same press release, language: fr, url: "{url_b}", text_file: source.txt}}
relationships:
  - {{type: competes-with, from: alpha, to: beta, evidence: [{{source: press-b, quote: "Alpha et Beta sont concurrents."}}]}}
""", encoding="utf-8")
    return a, b


@pytest.mark.parametrize("together", [True, False])  # one read, or b loaded into a graph holding a
def test_two_source_ids_with_one_url_count_once_with_a_warning_naming_both(run, tmp_path, together):
    a, b = _pair(tmp_path, "HTTPS://example.org/news/launch/")
    args = ["--data", str(a), str(b)] if together else ["--data", str(a), "--data", str(b)]
    result = run("competitors", "Alpha", *args, "--format", "json")
    assert result.exit_code == 0
    [row] = json.loads(result.stdout)
    assert row["sources"] == 1  # one publication: corroborated once
    [warning] = [line for line in result.stderr.splitlines() if "same url" in line]
    assert "'press-b'" in warning and "'press-a'" in warning and str(b) in warning
    listed = json.loads(run("sources", *args, "--format", "json").stdout)
    assert "press-b" not in [s["id"] for s in listed] and "press-a" in [s["id"] for s in listed]


def test_two_sources_with_different_urls_count_twice(run, tmp_path):
    a, b = _pair(tmp_path, "https://example.org/news/other")
    result = run("competitors", "Alpha", "--data", str(a), str(b), "--format", "json")
    assert json.loads(result.stdout)[0]["sources"] == 2 and "same url" not in result.stderr


@pytest.mark.parametrize("fixture, dataset, alliance, first, second", [
    ("launch-counts/ai-alliance-website.yaml", "ai-alliance-roster", "AI Alliance", "ai-alliance-blog-2023-12-05-launch",
     "ai-alliance-2023-12-05-launch"),
    ("fmf/frontier-model-forum.yaml", "frontier-model-forum", "Frontier Model Forum", "fmf-voicebot-2023-07-26",
     "voicebot-2023-07-26-fmf"),
])
def test_a_fixture_citing_a_shipped_publication_counts_it_once(fixture, dataset, alliance, first, second):
    """The fixtures describe, under ids of their own, press releases a shipped dataset cites: loaded
    into it, each publication counts once, under the shipped id, and nothing it says is lost."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "fixtures" / "many_sources" / fixture
    with AllianceGraph.embedded(datasets=[dataset]) as alone, AllianceGraph.embedded([path], datasets=[dataset]) as g:
        assert any(f"source {second!r} has the same url as source {first!r}" in w for w in g.warnings())
        assert second not in [s.id for s in g.sources(as_of="all-time")]
        before = {(m.id, m.sources) for m in alone.members(alliance, as_of="all-time")}
        assert before and {(m.id, m.sources) for m in g.members(alliance, as_of="all-time")} == before


def test_shipped_datasets_cite_each_url_under_one_id():
    import yaml

    from alliance_graph.dataset import address_key, bundled_datasets

    ids: dict[str, set[str]] = {}
    for d in bundled_datasets():
        doc = yaml.safe_load(d.file.read_text(encoding="utf-8"))
        for source in doc.get("sources") or []:
            if source.get("url"):
                ids.setdefault(address_key(str(source["url"])), set()).add(source["id"])
    assert ids and {url: found for url, found in ids.items() if len(found) > 1} == {}
