"""Hostile text in names, aliases, quotes and parameters is stored and returned verbatim, and changes nothing else."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from alliance_graph import AllianceGraph, load_dataset, read_dataset_files
from alliance_graph.cli import cli
from tests.conftest import db_counts

pytestmark = pytest.mark.neo4j

HOSTILE = [
    "O'Reilly AI",
    'The "Quoted" Lab',
    "Back`tick` Labs",
    "Slash // Comment",
    "Brace }) DETACH DELETE n //",
    "Semi; MATCH (n) DETACH DELETE n;",
    "Line\nbreak Corp",
    "Dollar $param Inc",
    "MERGE CREATE DELETE",
    "深度求索",
    "Яндекс",
    "مختبر الذكاء",
    "\\u0027 escaped",
]


def hostile_dataset(tmp_path):
    source_text = "\n".join(HOSTILE) + "\n"
    (tmp_path / "hostile.txt").write_text(source_text, encoding="utf-8")
    orgs = [{"id": "club", "name": "Club", "kind": "alliance"}]
    rels = []
    for i, name in enumerate(HOSTILE):
        orgs.append({"id": f"h{i}", "name": name, "kind": "company", "aliases": [name + " alias"]})
        rels.append({"type": "member-of", "from": f"h{i}", "to": "club",
                     "evidence": [{"source": "hostile", "quote": name}]})
    data = {"sources": [{"id": "hostile", "title": "Hostile ' \" ` text", "language": "en", "text_file": "hostile.txt"}],
            "organisations": orgs, "relationships": rels}
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_hostile_text_round_trips_verbatim(neo4j_graph, tmp_path):
    neo4j_graph.load(load_dataset())
    before_article = neo4j_graph.to_networkx()
    ds = read_dataset_files([hostile_dataset(tmp_path)])
    summary = neo4j_graph.load(ds)
    assert summary.nodes_created == len(HOSTILE) + 2  # organisations, club, source
    members = {m.id: m for m in neo4j_graph.members("club")}
    for i, name in enumerate(HOSTILE):
        assert members[f"h{i}"].name == name
        assert members[f"h{i}"].evidence[0]["quote"] == name
        assert neo4j_graph.profile(name).aliases == [name + " alias"]
    # the article graph is untouched
    after = neo4j_graph.to_networkx()
    for node, data in before_article.nodes(data=True):
        assert after.nodes[node] == data
    assert db_counts(neo4j_graph) == (before_article.number_of_nodes() + len(HOSTILE) + 2,
                                      before_article.number_of_edges() + len(HOSTILE))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_parameters_are_only_values(neo4j_env, neo4j_graph, text):
    neo4j_graph.load(load_dataset())
    before = db_counts(neo4j_graph)
    runner = CliRunner()
    result = runner.invoke(cli, ["search", text, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.output) == []
    result = runner.invoke(cli, ["competitors", text], catch_exceptions=False)
    assert result.exit_code == 1 and "no organisation or product called" in result.output
    result = runner.invoke(cli, ["cypher", "RETURN $x AS x", "-p", f"x={text}", "--format", "json"], catch_exceptions=False)
    assert json.loads(result.output) == [{"x": text}]
    assert db_counts(neo4j_graph) == before


def test_embedded_and_neo4j_agree_on_hostile_names(neo4j_graph, tmp_path):
    path = hostile_dataset(tmp_path)
    neo4j_graph.load(read_dataset_files([path]))
    with AllianceGraph.embedded([path], builtin=False) as embedded:
        for name in HOSTILE:
            assert neo4j_graph.rows("search", text=name) == embedded.rows("search", text=name)
