"""With no dataset named, the embedded graph holds every shipped dataset (issue 20): a new user's
`agraph camp open` answers from the article, the rosters and the model releases together."""

from __future__ import annotations

import json

from click.testing import CliRunner

from alliance_graph import AllianceGraph
from alliance_graph.cli import cli
from alliance_graph.dataset import bundled_datasets


def test_the_default_graph_holds_every_shipped_dataset(monkeypatch):
    monkeypatch.delenv("AGRAPH_DATASETS", raising=False)
    assert all(d.default for d in bundled_datasets())
    with AllianceGraph.embedded() as g:
        names = {r["id"] for r in g.rows("names", limit=None)}
        assert {"llama-2", "frontier-model-forum", "databricks", "openai"} <= names  # models, forum, roster, article
        assert g.camp_of("Meta").camp == "open" and any(b["kind"] == "product" for b in g.camp_of("Meta").bases)


def test_a_dataset_named_narrows_it_and_the_variable_sets_the_default(monkeypatch):
    monkeypatch.delenv("AGRAPH_DATASETS", raising=False)
    runner = CliRunner()
    every = runner.invoke(cli, ["camp", "open", "--format", "json", "--backend", "embedded"])
    article = runner.invoke(cli, ["camp", "open", "--format", "json", "--backend", "embedded",
                                  "--dataset", "ai-alliance-article"])
    assert every.exit_code == 0 and article.exit_code == 0, every.output + article.output
    assert len(json.loads(every.stdout)) > len(json.loads(article.stdout)) >= 2
    monkeypatch.setenv("AGRAPH_DATASETS", "ai-alliance-article")
    narrowed = runner.invoke(cli, ["camp", "open", "--format", "json", "--backend", "embedded"])
    assert json.loads(narrowed.stdout) == json.loads(article.stdout)
