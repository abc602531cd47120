"""What `agraph export` and `agraph generate` write, and where: the --out suffix picks the form,
- is standard output, internal properties stay out, and a dataset export loads back into
the same graph."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from alliance_graph import AllianceGraph, synthetic
from alliance_graph.cli import cli
from alliance_graph.export import write_export


@pytest.fixture
def run(no_neo4j_env, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def graph_dump(g) -> tuple[dict, dict]:
    """Every node and relationship with all its attributes, comparable across graphs."""
    return (dict(g.nodes(data=True)),
            {k: (u, v, d) for u, v, k, d in g.edges(keys=True, data=True)})


# --------------------------------------------------------------------------- generate


def test_generate_out_suffix_picks_the_form(run, tmp_path):
    for out in ("gen.yaml", "gen", "gen-dir/"):
        result = run("generate", "--orgs", "20", "--relationships", "40", "--out", out)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "gen.yaml").is_file()
    assert yaml.safe_load((tmp_path / "gen.yaml").read_text(encoding="utf-8"))["dataset"] == "synthetic-1"
    with AllianceGraph.embedded([tmp_path / "gen.yaml"], builtin=False) as g:
        assert g.to_networkx().number_of_edges() == 40
    for folder in ("gen", "gen-dir"):  # a folder, or a name without suffix: the bulk CSV form
        assert sorted(p.name for p in (tmp_path / folder).iterdir()) == ["organisations.csv", "relationships.csv", "sources.csv"]


@pytest.mark.parametrize("args,message", [
    (("--as", "csv", "--out", "gen.yaml"), "--as csv contradicts --out gen.yaml"),
    (("--out", "gen.txt"), "cannot tell the format of --out gen.txt"),
    (("--as", "csv", "--out", "-"), "standard output"),
])
def test_generate_refuses_a_form_the_out_path_contradicts(run, tmp_path, args, message):
    result = run("generate", "--orgs", "20", "--relationships", "40", *args)
    assert result.exit_code == 2 and message in result.output
    assert list(tmp_path.iterdir()) == []


def test_generate_to_standard_output(run, tmp_path):
    result = run("generate", "--orgs", "20", "--relationships", "40", "--out", "-")
    assert result.exit_code == 0
    assert len(yaml.safe_load(result.stdout)["relationships"]) == 40
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt,parse", [
    ("json", lambda text: len(json.loads(text)["nodes"])),
    ("graphml", lambda text: len(ET.fromstring(text.encode()).findall(".//{http://graphml.graphdrawing.org/xmlns}node"))),
    ("dataset", lambda text: sum(len(v) for k, v in yaml.safe_load(text).items() if k in ("sources", "organisations", "products", "claims"))),
])
def test_export_dash_writes_to_standard_output(run, tmp_path, fmt, parse):
    result = run("export", "--as", fmt, "--out", "-")
    assert result.exit_code == 0
    assert parse(result.stdout) == 18
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_export_csv_to_dash_is_an_error(run, tmp_path):
    result = run("export", "--as", "csv", "--out", "-")
    assert result.exit_code == 2 and "folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_export_out_suffix_picks_the_form(run, tmp_path):
    kinds = {"g.json": "json", "g.graphml": "graphml", "g.yml": "dataset", "g.yaml": "dataset", "g-csv": "csv"}
    for out, kind in kinds.items():
        assert run("export", "--out", out).exit_code == 0
        path = tmp_path / out
        if kind == "csv":
            assert sorted(p.name for p in path.iterdir()) == ["nodes.csv", "relationships.csv"]
        else:
            text = path.read_text(encoding="utf-8")
            assert {"json": text.startswith("{"), "graphml": "<graphml" in text,
                    "dataset": "organisations:" in text}[kind], out


def test_export_as_contradicting_the_suffix_is_an_error(run, tmp_path):
    result = run("export", "--as", "json", "--out", "g.graphml")
    assert result.exit_code == 2 and "contradicts" in result.output
    assert list(tmp_path.iterdir()) == []


def test_no_export_carries_search_text(run, tmp_path):
    for args in (("--out", "g.json"), ("--out", "g.graphml"), ("--out", "g-csv"), ("--out", "g.yaml")):
        assert run("export", *args).exit_code == 0
    texts = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file()]
    assert len(texts) == 5 and all("search_text" not in t for t in texts)
    with (tmp_path / "g-csv" / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        assert "name" in next(csv.reader(fh))
    # the graph itself still has it: the look-ups use it
    assert "search_text" in AllianceGraph.embedded().to_networkx().nodes["ibm"]


# --------------------------------------------------------------------------- dataset round trip


def round_trip(g, tmp_path: Path):
    out = tmp_path / "export.yaml"
    write_export(g, "dataset", out)
    return AllianceGraph.embedded([out], builtin=False).to_networkx(), out


def test_article_exports_as_a_dataset_that_loads_back_the_same(tmp_path):
    original = AllianceGraph.embedded().to_networkx()
    again, out = round_trip(original, tmp_path)
    assert graph_dump(again) == graph_dump(original)
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    orgs = {o["id"]: o for o in doc["organisations"]}
    # only stated camps are written; inferred ones come back from the rules
    assert original.nodes["meta"]["camp_basis"] == "inferred" and "camp" not in orgs["meta"]
    assert orgs["ibm"]["camp"]["value"] == "open" and orgs["ibm"]["camp"]["evidence"]
    source = doc["sources"][0]
    assert source["title"] and source["language"] == "fr" and source["published"] == "2023-12"
    assert "text_file" not in source


def test_export_then_load_back_through_the_cli(run, tmp_path):
    assert run("export", "--out", "copy.yaml").exit_code == 0
    original = AllianceGraph.embedded().to_networkx()
    assert graph_dump(AllianceGraph.embedded([tmp_path / "copy.yaml"], builtin=False).to_networkx()) == graph_dump(original)
    assert run("load", "--dry-run", "copy.yaml").exit_code == 0


@pytest.mark.parametrize("form", ["yaml", "csv"])
def test_generated_map_round_trips(tmp_path, form):
    path = (synthetic.write_yaml if form == "yaml" else synthetic.write_csv)(
        tmp_path / ("gen.yaml" if form == "yaml" else "gen"), 50, 200, seed=3)
    original = AllianceGraph.embedded([path], builtin=False).to_networkx()
    assert original.number_of_edges() == 200
    assert {d.get("camp_basis") for _, d in original.nodes(data=True)} >= {"stated", "inferred"}
    again, _ = round_trip(original, tmp_path)
    assert graph_dump(again) == graph_dump(original)


TRICKY = """\
dataset: tricky
sources:
  - {id: s1, title: "Source: « one » # not a comment", language: "no", publisher: "NO", published: "2023-12-05",
     url: "https://example.org/a?b=c&d='e'", description: "multi\\nline"}
  - {id: s2, title: 東京の記事, language: ja, published: "2021"}
organisations:
  - id: alpha
    name: "Alpha: the {first} `one`"
    kind: company
    aliases: ["ALPHA-1", "Álpha"]
    country: "NO"
    description: "yes"
    camp: {value: none, evidence: [{source: s1, quote: "  leading and trailing spaces  "}]}
  - {id: beta, name: "Beta'; DROP", kind: company, evidence: [{source: s2, quote: "東京 \\"quoted\\" 'single'", via: alpha}]}
  - {id: club, name: Club, kind: alliance, camp: {value: open, evidence: [{source: s1, quote: "#hash: colon"}]}}
  - {id: gamma, name: Gamma, kind: university}
products:
  - {id: p1, name: "True", kind: model, aliases: ["null", "1.5"], launched: "2020-02"}
claims:
  - {id: c1, metric: "share: %", value: 0.125, unit: "%", year: 2024, qualifier: approximately, kind: forecast,
     stated_by: s2, about: p1, evidence: [{source: s2, quote: "12,5 %"}]}
  - {id: c2, metric: big, value: 143000000000, unit: USD, stated_by: gamma, evidence: [{source: s1, quote: "143"}]}
relationships:
  - {type: member-of, from: gamma, to: club, role: founder, since: "2019", until: "2023-01",
     evidence: [{source: s1, quote: "a"}, {source: s2, quote: "b", via: beta}]}
  - {type: partners-with, from: alpha, to: beta, kind: research, evidence: [{source: s1, quote: "x"}]}
  - {id: second-partnership, type: partners-with, from: alpha, to: beta, kind: investment, evidence: [{source: s1, quote: "y"}]}
  - {type: competes-with, from: beta, to: gamma, evidence: [{source: s1, quote: "z"}]}
  - {type: develops, from: alpha, to: p1, evidence: [{source: s1, quote: "w"}]}
  - {type: cites, from: s1, to: alpha, evidence: [{source: s1, quote: "v"}]}
"""


def test_tricky_values_round_trip(tmp_path):
    path = tmp_path / "tricky.yaml"
    path.write_text(TRICKY, encoding="utf-8")
    original = AllianceGraph.embedded([path], builtin=False).to_networkx()
    again, _ = round_trip(original, tmp_path)
    assert graph_dump(again) == graph_dump(original)
    assert again.nodes["alpha"]["camp_evidence_quotes"] == ["  leading and trailing spaces  "]
    assert again.edges["alpha", "beta", "second-partnership"]["kind"] == "investment"
