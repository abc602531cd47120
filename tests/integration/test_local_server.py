"""The local launcher (scripts/neo4j_local.py) as a user meets it.

Connecting: what ``start`` and ``env`` print, evaluated by a shell, connects the next command,
and the password never appears in their output. These tests start their own instance with the
command line (in a state folder whose path needs shell quoting), whatever NEO4J_URI says.

File URLs: LOAD CSV reads files only from the server's import folder. Run through the driver
(not ``agraph cypher``, which refuses LOAD CSV by itself) against the test server, when this
suite started it (the launcher, or docker-compose.yml); a server given by NEO4J_URI has a
configuration these tests cannot know, so they do not run there (and say so).
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError

from tests.conftest import ROOT, _unavailable

pytestmark = pytest.mark.neo4j

LAUNCHER = "scripts/neo4j_local.py"
NAME = "eval-test"
# Run `agraph` from this checkout, whatever is installed or on PATH.
AGRAPH = f"agraph() {{ {sys.executable} -c 'import sys; from alliance_graph.cli import main; sys.argv[0] = \"agraph\"; main()' \"$@\"; }}"


def _run(args: list[str], env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def _bash(script: str, env: dict) -> subprocess.CompletedProcess:
    return _run(["bash", "-c", f"{AGRAPH}\n{script}"], env, timeout=300)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """An instance started with `neo4j_local.py start --password`, its password and what start printed."""
    if shutil.which("java") is None or shutil.which("mvn") is None:
        _unavailable("Java or Maven is missing for the local launcher")
    state = tmp_path_factory.mktemp("launcher") / "state dir's"  # a path the shell lines must quote
    token = secrets.token_hex(8)  # found in any output that shows the password, quoted or not
    password = f"pw '{token}\" $HOME `id`;"  # quotes, expansions: nothing may evaluate it
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(AGRAPH_NEO4J_LOCAL_DIR=str(state), PYTHONPATH=str(ROOT), AGRAPH_NEO4J_HEAP="512m")
    started = _run([sys.executable, LAUNCHER, "start", "--name", NAME, "--password", password], env)
    if started.returncode != 0:
        _unavailable(f"the local launcher failed: {started.stderr}")
    yield {"env": env, "password": password, "token": token, "start": started, "state": state}
    _run([sys.executable, LAUNCHER, "stop", "--name", NAME], env)


def _connected(result: subprocess.CompletedProcess) -> None:
    """`agraph stats` answered from the new (empty) server, not from the embedded graph or an error."""
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "The graph is empty.", result.stdout


def test_evaluating_what_start_prints_connects_the_next_command(instance):
    env = {**instance["env"], "START_OUTPUT": instance["start"].stdout}
    _connected(_bash('eval "$START_OUTPUT" && agraph stats', env))


def test_env_prints_no_password_and_evaluated_connects_the_next_command(instance):
    printed = _run([sys.executable, LAUNCHER, "env", "--name", NAME], instance["env"])
    assert printed.returncode == 0 and instance["token"] not in printed.stdout + printed.stderr, printed.stdout
    _connected(_bash(f'eval "$({sys.executable} {LAUNCHER} env --name {NAME})" && agraph stats', instance["env"]))


def test_the_hint_start_prints_is_the_command_that_connects(instance):
    hint = instance["start"].stderr.strip().splitlines()[-1].strip()
    assert hint.startswith('eval "$(python3 scripts/neo4j_local.py env'), instance["start"].stderr
    _connected(_bash(f"{hint.replace('python3 ', sys.executable + ' ', 1)} && agraph stats", instance["env"]))


def test_the_password_is_never_printed_nor_readable_by_others(instance):
    env, password, token = instance["env"], instance["password"], instance["token"]
    outputs = {"start": instance["start"]}
    for command in (["start", "--name", NAME, "--password", password], ["env", "--name", NAME],
                    ["env"], ["status", "--name", NAME], ["status", "--all"]):
        outputs[" ".join(command)] = _run([sys.executable, LAUNCHER, *command], env)
    for command, result in outputs.items():
        assert result.returncode == 0, (command, result.stderr)
        assert token not in result.stdout + result.stderr, f"`{command}` printed the password"
    for path in instance["state"].rglob("*"):
        if path.is_file() and not path.is_symlink() and token.encode() in path.read_bytes():
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, f"{path} holds the password and is readable by others (mode {mode:o})"


# ------------------------------------------------------------------------------ LOAD CSV file URLs


@pytest.fixture
def server_we_started(neo4j_server):
    if neo4j_server["how"] == "NEO4J_URI":
        pytest.skip("NEO4J_URI points at a server this suite did not start: its import settings are unknown")
    return neo4j_server


def _load_csv(settings, url: str):
    with GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password)) as driver:
        records, _, _ = driver.execute_query("LOAD CSV FROM $url AS line RETURN line", url=url,
                                             database_=settings.database)
    return [r["line"] for r in records]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "file:///../../../../../../../../etc/passwd"])
def test_load_csv_cannot_read_files_outside_the_import_folder(server_we_started, url):
    try:
        lines = _load_csv(server_we_started["settings"], url)
    except Neo4jError as exc:
        assert "root:" not in str(exc)
        return
    assert lines == [], f"LOAD CSV read {url} from the server: {lines[:2]}"


def test_load_csv_reads_the_instance_import_folder_and_nothing_beside_it(server_we_started):
    if server_we_started["how"] != "local":
        pytest.skip("placing a file in the import folder needs the local launcher's instance directory")
    home = Path(server_we_started["info"]["home"])
    token = secrets.token_hex(8)
    (home / "import").mkdir(exist_ok=True)
    (home / "import" / "probe.csv").write_text(f"name,token\nprobe,{token}\n")
    (home / "beside-import.csv").write_text(f"secret,{token}\n")
    try:
        assert _load_csv(server_we_started["settings"], "file:///probe.csv") == [["name", "token"], ["probe", token]]
        with pytest.raises(Neo4jError):
            _load_csv(server_we_started["settings"], "file:///../beside-import.csv")
    finally:
        (home / "import" / "probe.csv").unlink()
        (home / "beside-import.csv").unlink()
