"""`agraph browser` with only NEO4J_URI and credentials set asks that server over Bolt where
it serves HTTP, and prints that address (it used to print port 7474 of the Bolt host)."""

from __future__ import annotations

import urllib.request

import pytest
from click.testing import CliRunner

from alliance_graph.cli import cli

pytestmark = pytest.mark.neo4j


def test_browser_prints_the_address_the_server_gives(neo4j_server, neo4j_env, monkeypatch, tmp_path):
    monkeypatch.delenv("NEO4J_BROWSER_URL", raising=False)
    monkeypatch.setenv("AGRAPH_NEO4J_LOCAL_DIR", str(tmp_path))  # no launcher state: the answer comes over Bolt
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["browser"])
    assert result.exit_code == 0, result.output
    first, found = result.output.splitlines()[:2]
    assert first.startswith("Neo4j Browser: http")
    url = first.removeprefix("Neo4j Browser: ")
    assert "asked the server" in found
    if neo4j_server.get("info"):  # started by the local launcher, which knows its address
        assert url == neo4j_server["info"]["browser_url"]
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200 and b"<!doctype html>" in r.read(200).lower(), "the Browser answers there"


def test_browser_says_when_the_server_does_not_answer(neo4j_env, monkeypatch, tmp_path):
    monkeypatch.delenv("NEO4J_BROWSER_URL", raising=False)
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    result = CliRunner().invoke(cli, ["browser"])
    assert result.exit_code == 1
    assert "does not answer" in result.output and "Traceback" not in result.output
