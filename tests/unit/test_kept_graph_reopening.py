"""Reopening the kept graph cheaply (issue 23, the second command): the collector leaves the reopened
graph alone while it is open and frees it once it is closed and dropped; the staleness note comes from
what was kept beside the graph; ``agraph`` ends without tearing the graph down and still writes its
whole output and its exit status."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph, freshness
from alliance_graph.cli import cli
from tests.conftest import ROOT







def test_a_reopened_graph_is_left_to_the_collector_once_closed(kept_cache, article_copy):
    AllianceGraph.embedded([article_copy], builtin=False, cache=True).close()  # built and kept
    before = gc.get_freeze_count()
    g = AllianceGraph.embedded([article_copy], builtin=False, cache=True)
    assert g.store.graph.number_of_edges() > 0
    assert gc.get_freeze_count() > before  # reopened: its objects out of the collector's passes
    ref = weakref.ref(g.store.graph)
    g.close()
    assert gc.get_freeze_count() == 0
    del g
    gc.collect()
    assert ref() is None  # closed and dropped: freed (a program may open many graphs)


def test_two_reopened_graphs_stay_frozen_until_the_last_closes(kept_cache, article_copy):
    AllianceGraph.embedded([article_copy], builtin=False, cache=True).close()  # built and kept
    first = AllianceGraph.embedded([article_copy], builtin=False, cache=True)
    second = AllianceGraph.embedded([article_copy], builtin=False, cache=True)
    first.close()
    assert gc.get_freeze_count() > 0  # the second one is still open: its objects stay out of the passes
    second.close()
    assert gc.get_freeze_count() == 0


def test_a_json_first_command_keeps_the_freshness_for_the_table_after_it(kept_cache, no_neo4j_env, monkeypatch):
    runner = CliRunner()
    args = ["members", "AI Alliance", "--dataset", "ai-alliance-article"]
    assert runner.invoke(cli, [*args, "--format", "json"], catch_exceptions=False).exit_code == 0  # builds, keeps
    monkeypatch.setattr(freshness, "_freshness_of_graph", lambda graph: pytest.fail("walked the graph again"))
    table = runner.invoke(cli, args, catch_exceptions=False)
    assert table.exit_code == 0 and "Note: the newest fact" in table.stderr


def test_the_staleness_note_comes_from_the_kept_graph(kept_cache, no_neo4j_env, monkeypatch):
    runner = CliRunner()
    args = ["members", "AI Alliance", "--dataset", "ai-alliance-article"]
    first = runner.invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0 and "Note: the newest fact" in first.stderr  # the article is old
    monkeypatch.setattr(freshness, "_freshness_of_graph", lambda graph: pytest.fail("walked the graph again"))
    second = runner.invoke(cli, args, catch_exceptions=False)
    assert second.exit_code == 0
    assert second.stdout == first.stdout and second.stderr == first.stderr


def _agraph(*args: str, kept_cache: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(PYTHONPATH=str(ROOT), AGRAPH_CACHE_DIR=str(kept_cache))
    return subprocess.run([sys.executable, "-m", "alliance_graph", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


def test_agraph_ends_with_its_whole_output_and_its_status(kept_cache, no_neo4j_env):
    args = ["members", "AI Alliance", "--limit", "0", "--format", "json"]
    expected = CliRunner().invoke(cli, ["--no-cache", *args], catch_exceptions=False)
    assert expected.exit_code == 0
    for _ in range(2):  # built and kept, then reopened: the whole output through a pipe each time
        done = _agraph(*args, kept_cache=kept_cache)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == json.loads(expected.stdout) != []  # (held in a pipe's buffer until flushed)
    missing = CliRunner().invoke(cli, ["--no-cache", "members", "No Such Alliance Anywhere"])
    failed = _agraph("members", "No Such Alliance Anywhere", kept_cache=kept_cache)
    assert missing.exit_code != 0 and failed.returncode == missing.exit_code
    assert failed.stderr.strip().splitlines()[-1] == missing.stderr.strip().splitlines()[-1]
