"""Many sources, one graph, on a real Neo4j: incremental loads, reloads, retracts, and the
property that any sequence of loads and retracts equals one load of the files that remain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_graph import AllianceGraph
from alliance_graph.cli import cli
from alliance_graph.dataset import default_dataset_paths, read_dataset_files
from tests.conftest import db_counts, wipe_database
from tests.load_sequences import built_in_one_go, dump, files_strategy, operations_strategy, run_sequence, temp_folder, write_files

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "many_sources"
FMF = FIXTURES / "fmf" / "frontier-model-forum.yaml"


@pytest.fixture
def cli_run(neo4j_env):
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_a_file_referring_to_ids_in_the_database_loads_alone(cli_run, neo4j_graph):
    refused = cli_run("load", str(FMF), "--dry-run")
    assert refused.exit_code == 1 and "unknown id 'anthropic'" in refused.output  # nothing there yet
    assert db_counts(neo4j_graph) == (0, 0)
    assert cli_run("load").exit_code == 0
    assert cli_run("load", str(FMF), "--dry-run").exit_code == 0
    result = cli_run("load", str(FMF), "--format", "json")
    assert result.exit_code == 0, result.output
    members = {m.id: m.role for m in neo4j_graph.members("Frontier Model Forum")}
    assert members == {"anthropic": "founder", "google": "founder", "microsoft": "founder", "openai": "founder"}
    assert neo4j_graph.profile("OpenAI").name == "OpenAI"  # the article's record is untouched
    assert cli_run("load", str(FMF), "--format", "csv").stdout.splitlines()[1:] == [
        "nodes,0,0,22,0", "relationships,0,0,21,0"]  # again: nothing to write


def test_every_unknown_id_is_reported_at_once_against_the_database(cli_run, neo4j_graph, tmp_path):
    cli_run("load")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - {id: s1, title: T, language: en}\n"
                   "relationships:\n"
                   "  - {type: competes-with, from: openai, to: ghost-one, evidence: [{source: s1, quote: q}]}\n"
                   "  - {type: competes-with, from: ghost-two, to: anthropic, evidence: [{source: s1, quote: q}]}\n",
                   encoding="utf-8")
    before = db_counts(neo4j_graph)
    result = cli_run("load", str(bad))
    assert result.exit_code == 1
    assert "unknown id 'ghost-one'" in result.output and "unknown id 'ghost-two'" in result.output
    assert "unknown id 'openai'" not in result.output and db_counts(neo4j_graph) == before


def test_reloading_a_corrected_file_leaves_no_stale_copy_and_others_untouched(neo4j_graph, tmp_path):
    neo4j_graph.load(read_dataset_files(default_dataset_paths()))
    first = tmp_path / "press.yaml"
    text = ("sources:\n  - {id: press, title: Press, language: en, published: 2024-01-02}\n"
            "organisations:\n  - {id: openai, name: OpenAI, kind: company, country: US,"
            " evidence: [{source: press, quote: QUOTE}]}\n"
            "relationships:\n  - {type: competes-with, from: openai, to: anthropic, evidence: [{source: press, quote: QUOTE}]}\n")
    first.write_text(text.replace("QUOTE", "an early wording"), encoding="utf-8")
    neo4j_graph.load(neo4j_graph.read_files([first]))
    [why] = neo4j_graph.why("OpenAI", "Anthropic")
    assert why.sources == 2 and {e["source"] for e in why.evidence} == {"press", "article-ai-alliance-fr"}
    first.write_text(text.replace("QUOTE", "the corrected wording"), encoding="utf-8")
    neo4j_graph.load(neo4j_graph.read_files([first]))
    [why] = neo4j_graph.why("OpenAI", "Anthropic")
    quotes = [e["quote"] for e in why.evidence]
    assert "the corrected wording" in quotes and "an early wording" not in quotes
    assert "OpenAI, avec des concurrents tels qu’Anthropic et Cohere" in quotes
    embedded = AllianceGraph.embedded([first])
    assert dump(neo4j_graph.to_networkx()) == dump(embedded.to_networkx())


def test_retract_removes_what_only_the_source_supported_and_refuses_what_would_dangle(cli_run, neo4j_graph):
    cli_run("load")
    cli_run("load", *map(str, sorted((FIXTURES / "launch-counts").glob("*.yaml"))))
    cli_run("load", str(FMF))
    unknown = cli_run("retract", "no-such-source")
    assert unknown.exit_code == 1 and "no source with id 'no-such-source'" in unknown.output
    dangling = cli_run("retract", "article-ai-alliance-fr")
    assert dangling.exit_code == 1 and "would leave references to nothing" in dangling.output
    assert "'anthropic'" in dangling.output
    before = dump(neo4j_graph.to_networkx())
    preview = cli_run("retract", "voicebot-2023-07-26-fmf", "futurum-fmf", "--dry-run", "--format", "json")
    assert preview.exit_code == 0 and dump(neo4j_graph.to_networkx()) == before
    gone = {row["id"] for row in json.loads(preview.stdout)}
    assert {"frontier-model-forum", "google", "member-of:openai:frontier-model-forum"} <= gone
    assert "openai" not in gone
    done = cli_run("retract", "voicebot-2023-07-26-fmf", "futurum-fmf", "--format", "json")
    assert done.exit_code == 0
    assert {row["id"] for row in json.loads(done.stdout)} == gone
    assert "frontier-model-forum" not in neo4j_graph.to_networkx()
    ibj = cli_run("retract", "ibj-ai-alliance", "--format", "json")
    assert {row["id"] for row in json.loads(ibj.stdout)} == {"ibj-ai-alliance"}  # its claim has other sources
    values = {r.value for r in neo4j_graph.conflicts() if r.id == "ai-alliance-size" and r.field == "value"}
    assert values == {"45", "47", "50"}  # the "more than 40" is gone with its source


@st.composite
def scenario(draw):
    specs = draw(files_strategy)
    return specs, draw(operations_strategy(len(specs)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=scenario())
def test_any_sequence_of_loads_and_retracts_equals_one_load_of_what_remains(neo4j_settings, case):
    specs, operations = case
    wipe_database(neo4j_settings)
    paths = write_files(specs, temp_folder())
    with AllianceGraph.neo4j(neo4j_settings) as graph:
        remaining = run_sequence(graph, paths, operations)
        assert dump(graph.to_networkx()) == dump(built_in_one_go(remaining))
