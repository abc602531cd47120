"""`agraph browser` names the Browser of a server that runs, or says plainly that it found
none: it reads the local launcher's state files (scripts/neo4j_local.py) and checks that
the instance's process lives and its HTTP port answers, and never guesses port 7474."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from alliance_graph import browser
from alliance_graph.cli import cli


@pytest.fixture
def nothing_configured(tmp_path, monkeypatch):
    """No NEO4J_* variables, an empty launcher state folder, and a working directory without one."""
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "NEO4J_BROWSER_URL"):
        monkeypatch.delenv(var, raising=False)
    states = tmp_path / "neo4j-local"
    states.mkdir()
    monkeypatch.setenv("AGRAPH_NEO4J_LOCAL_DIR", str(states))
    monkeypatch.chdir(tmp_path)
    return states


def _state(folder, name: str, **fields) -> None:
    (folder / name).mkdir()
    (folder / name / "state.json").write_text(json.dumps({"name": name, "version": "5.26.30", "ready": True,
                                                          "home": str(folder / name), **fields}))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_server_and_no_settings_says_so_plainly(nothing_configured):
    result = CliRunner().invoke(cli, ["browser"])
    assert result.exit_code == 1
    assert "no Neo4j server found" in result.output
    assert "python3 scripts/neo4j_local.py start --with-guide" in result.output
    assert "NEO4J_URI" in result.output and "NEO4J_BROWSER_URL" in result.output
    assert "7474" not in result.output and "Neo4j Browser:" not in result.output


def test_stale_launcher_state_is_not_a_server(nothing_configured):
    _state(nothing_configured, "gone", pid=_dead_pid(), bolt_port=_closed_port(), http_port=_closed_port())
    _state(nothing_configured, "deaf", pid=os.getpid(), bolt_port=_closed_port(), http_port=_closed_port())
    (nothing_configured / "broken").mkdir()
    (nothing_configured / "broken" / "state.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["browser"])
    assert result.exit_code == 1 and "no Neo4j server found" in result.output


def test_a_running_launcher_instance_is_found(nothing_configured):
    server = browser.serve_assets()  # answers on its port and serves the guide, as a --with-guide server does
    try:
        port = server.server_address[1]
        _state(nothing_configured, "old", pid=_dead_pid(), bolt_port=_closed_port(), http_port=_closed_port(),
               started_at=2e9)
        _state(nothing_configured, "guide", pid=os.getpid(), bolt_port=_closed_port(), http_port=port,
               password="pw", started_at=1.7e9, some_future_field={"x": 1})
        result = CliRunner().invoke(cli, ["browser"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Neo4j Browser: http://127.0.0.1:{port}/browser/"
    assert "'guide'" in lines[1]
    assert f"  :play http://127.0.0.1:{port}/browser/agraph/guide.html" in lines


def test_without_a_password_the_browser_skips_its_login_form(nothing_configured):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        _state(nothing_configured, "open", pid=os.getpid(), bolt_port=_closed_port(), http_port=port, password=None)
        found = browser.locate_browser()
    assert found.url == f"http://127.0.0.1:{port}/browser/?preselectAuthMethod=NO_AUTH"
    assert found.base == f"http://127.0.0.1:{port}"


def test_an_explicit_browser_url_wins(nothing_configured, monkeypatch):
    monkeypatch.setenv("NEO4J_BROWSER_URL", "https://graph.example.org:7473/browser/")
    assert browser.locate_browser(os.environ["NEO4J_BROWSER_URL"]).base == "https://graph.example.org:7473"
    for args in (["--url", "bolt://graph.example.org:7687"], ["open", "--url", "bolt://graph.example.org:7687"]):
        result = CliRunner().invoke(cli, ["browser", *args])
        assert result.exit_code == 1 and "not an http(s) URL" in result.output, args


def test_serve_without_a_server_still_serves():
    # `serve` blocks until Ctrl-C, so it is run as a process and stopped with SIGINT.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["AGRAPH_NEO4J_LOCAL_DIR"] = os.path.join(os.path.dirname(__file__), "no-such-folder")
    proc = subprocess.Popen([sys.executable, "-m", "alliance_graph.browser", "serve"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
    finally:
        proc.send_signal(2)
        _, err = proc.communicate(timeout=30)
    assert lines[0].startswith("Serving the guide and style")
    assert lines[2].startswith("  :play http://localhost:")
    assert "no Neo4j server found" in err
