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


def test_the_shipped_files_are_named_without_a_yaml_parser_as_the_parser_names_them():
    """The catalogue reads each shipped file's name from its plain ``dataset:`` line (no YAML parser on
    the way to a kept graph); the parser must agree on every shipped file, and a file that names itself
    otherwise (quoted, twice) is left to the parser."""
    from alliance_graph import _resources
    from alliance_graph.dataset import bundled

    files = sorted(_resources.data_dir().glob("*.yaml"))
    assert files
    for path in files:
        assert bundled._named(path.read_text(encoding="utf-8")) == bundled._read_top(path)[0], path
    assert bundled._named('dataset: "quoted"\n') is None
    assert bundled._named("dataset: a\ndataset: b\n") is None
    assert bundled._named("description: >\n  dataset: inside\ndataset: real # note\n") == "real"
