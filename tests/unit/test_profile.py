"""Where the time goes: the phase timer (alliance_graph.profile) and `agraph --profile` / AGRAPH_PROFILE=1."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import profile
from alliance_graph.cli import cli
from alliance_graph.profile import phase, profiling
from tests.bad_datasets import write_good

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- the timer


def test_nested_phases_count_each_moment_once():
    with profiling() as p:
        with phase("outer"):
            time.sleep(0.01)
            with phase("inner"):
                time.sleep(0.1)
    t = p.timings()
    assert t["inner"] >= 0.1
    assert 0.01 <= t["outer"] < 0.1  # the inner phase's time is not counted in the outer one
    assert p.calls == {"outer": 1, "inner": 1}
    assert sum(t.values()) == pytest.approx(p.total)  # "other" included, nothing counted twice


def test_repeated_phases_are_summed():
    @phase("step")
    def step(x):
        time.sleep(0.01)
        return x * 2

    with profiling() as p:
        assert [step(i) for i in range(3)] == [0, 2, 4]
    assert p.calls["step"] == 3
    assert p.timings()["step"] >= 0.03


def test_a_phase_within_itself_is_one_call():
    @phase("query")
    def again(n):
        return again(n - 1) if n else "done"

    with profiling() as p:
        assert again(3) == "done"
    assert p.calls == {"query": 1}


def test_a_phase_that_raises_is_still_recorded():
    @phase("connect")
    def fails():
        time.sleep(0.02)
        raise ConnectionError("no server")

    with profiling() as p:
        with pytest.raises(ConnectionError):
            fails()
        with phase("after"):
            time.sleep(0.05)
    t = p.timings()
    assert t["connect"] >= 0.02 and p.calls["connect"] == 1
    assert t["connect"] < 0.05  # the phase ended with the exception: what follows is not counted in it
    assert t["after"] >= 0.05


def test_a_generator_phase_times_its_items_not_its_consumer():
    @phase("read")
    def records():
        for i in range(3):
            time.sleep(0.01)
            yield i

    with profiling() as p:
        with phase("validate"):
            for _ in records():
                time.sleep(0.04)
    t = p.timings()
    assert 0.03 <= t["read"] < 0.12
    assert t["validate"] >= 0.12
    assert p.calls == {"validate": 1, "read": 1}  # one generator, however many items


def test_imports_while_profiling_are_timed_and_counted(tmp_path, monkeypatch):
    (tmp_path / "agraph_profile_probe.py").write_text("import time\ntime.sleep(0.05)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "agraph_profile_probe", raising=False)
    original = builtins.__import__
    with profiling() as p:
        with phase("query"):
            import agraph_profile_probe  # noqa: F401
    assert p.timings()["lazy-import"] >= 0.05
    assert p.calls["lazy-import"] == 1  # one module loaded
    assert p.timings()["query"] < 0.05
    assert builtins.__import__ is original  # put back when profiling ends


def test_nothing_is_recorded_when_profiling_is_off():
    @phase("query")
    def answer():
        return 42

    assert profile.current() is None
    with profiling() as p:
        pass
    assert answer() == 42
    with phase("render"):
        pass
    assert p.seconds == {} and profile.current() is None


def test_timings_as_data(tmp_path):
    with profiling() as p:
        from alliance_graph import AllianceGraph

        with AllianceGraph.embedded(data=[write_good(tmp_path)]) as g:
            g.members("AI Alliance")
    rows = p.rows()
    assert [r["phase"] for r in rows][-2:] == ["other", "total"]
    assert {"read", "validate", "merge", "build", "query"} <= {r["phase"] for r in rows}
    assert sum(r["share"] for r in rows[:-1]) == pytest.approx(1.0)
    assert rows[-1]["ms"] == pytest.approx(p.total * 1000, abs=0.1)


def test_process_age_is_the_time_since_this_process_started():
    script = ("import sys, time; start = time.time(); sys.path.insert(0, sys.argv[1]); time.sleep(0.3)\n"
              "from alliance_graph.profile import process_age\n"
              "age, how = process_age(); print(age, time.time() - start, how)")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, check=True).stdout
    age, since_script, how = out.split(maxsplit=2)
    assert float(age) >= float(since_script) >= 0.3 and how.strip()
    if sys.platform.startswith("linux"):
        assert "/proc/self/stat" in how


# --------------------------------------------------------------------------- the command line


def _phases(stderr: str) -> dict[str, float]:
    """The ms of each row of the profile table printed on stderr."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:3] == ["phase", "ms", "share"])
    out = {}
    for line in lines[start + 1:]:
        parts = line.split()
        if len(parts) < 3 or not parts[2].endswith("%"):
            break
        out[parts[0]] = float(parts[1])
    return out


@pytest.fixture
def invoke(no_neo4j_env, monkeypatch):
    monkeypatch.delenv("AGRAPH_PROFILE", raising=False)
    runner = CliRunner()
    return lambda *args, env=None: runner.invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.mark.parametrize("how", ["option", "env"])
def test_profile_prints_every_phase_and_the_total_on_stderr_only(invoke, how):
    plain = invoke("--no-cache", "members", "AI Alliance", "--format", "json")  # (so the next one builds the graph)
    if how == "option":
        result = invoke("--profile", "members", "AI Alliance", "--format", "json")
    else:
        result = invoke("members", "AI Alliance", "--format", "json", env={"AGRAPH_PROFILE": "1"})
    assert result.exit_code == 0
    assert result.stdout == plain.stdout  # stdout unchanged: still one JSON array
    json.loads(result.stdout)
    assert result.stderr.startswith("agraph members profile:")
    phases = _phases(result.stderr)
    assert {"read", "validate", "build", "query", "render", "other", "total"} <= set(phases)
    assert "connect" not in phases  # no server
    assert sum(ms for name, ms in phases.items() if name != "total") == pytest.approx(phases["total"], abs=0.6)


def test_profile_of_a_dry_run_load(invoke, tmp_path):
    result = invoke("--profile", "load", "--dry-run", str(write_good(tmp_path)))
    assert result.exit_code == 0
    assert {"read", "validate", "render", "total"} <= set(_phases(result.stderr))


def test_profile_is_printed_for_a_failing_command_too(invoke):
    result = CliRunner().invoke(cli, ["--profile", "members", "No Such Alliance"])
    assert result.exit_code == 1
    assert "query" in _phases(result.stderr) and "Error:" in result.stderr


@pytest.mark.parametrize("env", [None, {"AGRAPH_PROFILE": "0"}, {"AGRAPH_PROFILE": ""}])
def test_no_profile_without_the_option(invoke, env):
    result = invoke("members", "AI Alliance", env=env)
    assert result.exit_code == 0 and [line for line in result.stderr.splitlines()
                                      if not line.startswith("Note: the newest fact")] == []  # (old data: said)
    assert profile.current() is None


def test_profile_of_the_agraph_process_counts_from_its_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PYTHONPATH"] = str(ROOT)
    before = time.time()
    run = subprocess.run([sys.executable, "-m", "alliance_graph", "--profile", "stats", "--format", "json"],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    wall_ms = (time.time() - before) * 1000
    assert run.returncode == 0, run.stderr
    json.loads(run.stdout)
    phases = _phases(run.stderr)
    assert "from process start" in run.stderr.splitlines()[0]
    assert {"import", "lazy-import", "read", "validate", "build", "query", "render"} <= set(phases)
    assert phases["import"] > 0
    assert phases["total"] <= wall_ms + 20  # /proc/self/stat gives the start to 1/100 s
