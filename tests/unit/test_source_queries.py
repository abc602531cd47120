"""The source queries on the embedded graph: corroboration counts, evidence grouped by source,
what one source asserts, every source, and the disagreements between sources.

Each dataset is written as one file per source (each file defines its own source and cites only
it), loaded on top of the article dataset as `agraph --data` loads files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from alliance_graph import AllianceGraph, UnknownSourceError

ARTICLE = "article-ai-alliance-fr"
LAUNCH_COUNTS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "many_sources" / "launch-counts").glob("*.yaml"))

ALPHA = {  # a dated source, newer than the article (2023-12)
    "sources": [{"id": "alpha-2024", "title": "Alpha report", "publisher": "Alpha", "published": "2024-03-01",
                 "language": "en"}],
    "relationships": [
        {"type": "competes-with", "from": "openai", "to": "anthropic",
         "evidence": [{"source": "alpha-2024", "quote": "OpenAI and Anthropic compete"},
                      {"source": "alpha-2024", "quote": "a close race"}]},
        {"type": "partners-with", "from": "openai", "to": "microsoft", "kind": "investment",
         "evidence": [{"source": "alpha-2024", "quote": "Microsoft invested in OpenAI"}]},
    ],
}
BETA = {  # an undated source: older than any dated one
    "sources": [{"id": "beta-undated", "title": "Beta blog", "language": "en"}],
    "organisations": [{"id": "beta-lab", "name": "Beta Lab", "kind": "company",
                       "evidence": [{"source": "beta-undated", "quote": "Beta Lab is a company"}]}],
    "relationships": [
        {"type": "competes-with", "from": "anthropic", "to": "openai",
         "evidence": [{"source": "beta-undated", "quote": "Anthropic rivals OpenAI"}]},
        {"type": "partners-with", "from": "microsoft", "to": "openai", "kind": "commercial",
         "evidence": [{"source": "beta-undated", "quote": "Microsoft sells OpenAI models"}]},
    ],
}
GAMMA_KIND = {  # says IBM is a research institute: the article says company
    "sources": [{"id": "gamma-2025", "title": "Gamma", "published": "2022-01", "language": "en"}],
    "organisations": [{"id": "ibm", "name": "IBM", "kind": "research-institute",
                       "evidence": [{"source": "gamma-2025", "quote": "IBM, the research lab"}]}],
}


def write(folder: Path, **datasets) -> list[Path]:
    paths = []
    for name, data in datasets.items():
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def files(tmp_path):
    return write(tmp_path, alpha=ALPHA, beta=BETA)


@pytest.fixture
def g(files):
    with AllianceGraph.embedded(files) as graph:
        yield graph


def test_every_relationship_row_counts_its_sources(g):
    assert {r.name: r.sources for r in g.competitors("OpenAI")} == {"AI Alliance": 1, "Anthropic": 3, "Cohere": 1}
    assert [(r.name, r.sources) for r in g.partners("OpenAI")] == [("Microsoft", 3)]
    assert all(r.sources == 1 for r in g.members("AI Alliance"))
    assert all(r.sources >= 1 for r in g.path("Meta", "OpenAI"))
    assert all(r.sources == 1 for r in g.rivalries())
    rels = {(r.type, r.other_id): r for r in g.relationships("openai")}
    assert rels[("COMPETES_WITH", "anthropic")].sources == 3 and rels[("COMPETES_WITH", "cohere")].sources == 1
    assert rels[("PARTNERS_WITH", "microsoft")].disputed == ["kind"]
    assert rels[("COMPETES_WITH", "anthropic")].disputed == []


def test_why_groups_evidence_by_source_newest_first(g):
    (row,) = g.why("OpenAI", "Anthropic")
    order = ["alpha-2024", ARTICLE, "beta-undated"]  # 2024-03-01, 2023-12, no date
    assert [e["source"] for e in row.evidence] == ["alpha-2024", "alpha-2024", ARTICLE, "beta-undated"]
    assert [e["quote"] for e in row.evidence[:2]] == ["OpenAI and Anthropic compete", "a close race"]
    assert [b["source"] for b in row.by_source] == order and row.sources == 3
    assert row.by_source[0] == {"source": "alpha-2024", "title": "Alpha report", "publisher": "Alpha",
                                "published": "2024-03-01", "quotes": ["OpenAI and Anthropic compete", "a close race"],
                                "says": []}
    (partners,) = g.why("OpenAI", "Microsoft")
    assert partners.disputed == ["kind"]
    says = {b["source"]: b["says"] for b in partners.by_source}
    assert says["alpha-2024"] == ["kind=investment"] and says["beta-undated"] == ["kind=commercial"]


def test_sources_counts_what_each_supports_and_alone(g):
    rows = {r.id: r for r in g.sources()}
    assert list(rows) == ["alpha-2024", ARTICLE, "beta-undated"]  # newest first, undated last
    assert (rows["alpha-2024"].facts, rows["alpha-2024"].only) == (2, 0)
    assert (rows["beta-undated"].facts, rows["beta-undated"].only) == (3, 1)  # Beta Lab is its own
    with AllianceGraph.embedded() as article_only:
        (alone,) = article_only.sources()
    assert rows[ARTICLE].facts == alone.facts and rows[ARTICLE].only == alone.only - 2  # two relationships shared now


def test_source_lists_what_it_asserts(g):
    rows = g.source("beta-undated")
    assert [(r.what, r.label, r.name) for r in rows] == [
        ("node", "Organisation", "Beta Lab"),
        ("relationship", "COMPETES_WITH", "Anthropic -> OpenAI"),
        ("relationship", "PARTNERS_WITH", "Microsoft -> OpenAI"),
    ]
    lab, rivals, partners = rows
    assert lab.alone and not rivals.alone and not partners.alone
    assert set(lab.says) == {"name=Beta Lab", "kind=company"} and lab.quotes == ["Beta Lab is a company"]
    assert partners.says == ["kind=commercial"] and partners.quotes == ["Microsoft sells OpenAI models"]


def test_unknown_source_is_an_error_naming_close_ids(g):
    with pytest.raises(UnknownSourceError) as err:
        g.source("beta")
    assert err.value.suggestions[0] == "beta-undated"
    assert "beta-undated" in str(err.value) and "agraph sources" in err.value.hint


def test_conflicts_of_the_launch_counts():
    with AllianceGraph.embedded(LAUNCH_COUNTS) as g:
        rows = [r for r in g.conflicts() if r.id == "ai-alliance-size"]
    values = [r for r in rows if r.field == "value"]
    assert sorted(r.value for r in values) == ["40", "45", "47", "50"]
    assert [r.value for r in values if r.shown] == ["50"] and values[0].shown  # the shown value first
    fifty = next(r for r in values if r.value == "50")
    assert ARTICLE in fifty.sources and len(fifty.sources) == 3
    assert all(len(r.sources) == 1 for r in values if r.value != "50")
    fields = [r.field for r in rows]
    assert fields == sorted(fields)  # each disagreement's values together
    assert {r.label for r in rows} == {"Claim"} and {r.what for r in rows} == {"node"}


def test_no_conflicts_on_the_article_alone():
    with AllianceGraph.embedded() as g:
        assert g.conflicts() == []


def test_cli_show_marks_disputed_fields(run, tmp_path):
    (gamma,) = write(tmp_path, gamma=GAMMA_KIND)
    table = run("show", "IBM", "--data", str(gamma))
    assert table.exit_code == 0
    assert "kind:" in table.output
    kind_line = next(line for line in table.output.splitlines() if line.startswith("kind:"))
    assert "(disputed:" in kind_line and f"company [{ARTICLE}]" in kind_line and "research-institute [gamma-2025]" in kind_line
    (profile,) = json.loads(run("show", "IBM", "--data", str(gamma), "--format", "json").output)
    assert profile["disputed"] == ["kind"] and {c["value"] for c in profile["conflicts"]} == {"company", "research-institute"}
    (plain,) = json.loads(run("show", "IBM", "--format", "json").output)
    assert plain["disputed"] == [] and plain["conflicts"] == []


def test_cli_sources_source_and_conflicts(run, files):
    data = [arg for f in files for arg in ("--data", str(f))]
    listing = run("sources", *data, "--format", "json")
    assert [r["id"] for r in json.loads(listing.output)] == ["alpha-2024", ARTICLE, "beta-undated"]
    one = run("source", "beta-undated", *data)
    assert one.exit_code == 0 and "Beta Lab" in one.output
    unknown = run("source", "beta", *data)
    assert unknown.exit_code != 0 and "no source with id 'beta'" in unknown.output and "beta-undated" in unknown.output
    counts = run("conflicts", *[arg for f in LAUNCH_COUNTS for arg in ("--data", str(f))], "--format", "json")
    assert {r["value"] for r in json.loads(counts.output) if r["field"] == "value"} == {"40", "45", "47", "50"}
    assert run("conflicts").stdout.strip() == "No disagreements: the sources agree on every field."
