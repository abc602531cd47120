#!/usr/bin/env python3
"""What `bash scripts/test.sh` needs, checked in seconds before anything is installed or started.

- a Python 3.10+ that can make a virtual environment (``venv`` with ``ensurepip``), unless the
  environment (``.venv/``) already exists;
- a JDK 17 (or 21) for the LTS Neo4j and Maven to fetch it from Maven Central: the local
  launcher's own tests need them even when ``NEO4J_URI`` or Docker serves the other tests;
- a JDK 21 or newer for the stage on the newest calendar Neo4j (``AGRAPH_JAVA21_HOME``, or one
  found on this machine the way ``scripts/neo4j_runtime.py`` finds it), unless ``NEO4J_URI`` is
  set or ``AGRAPH_SKIP_LATEST=1`` leaves that stage out;
- Chromium for the Neo4j Browser test, unless run as root with apt (test.sh installs it then).

With ``AGRAPH_REQUIRE_NEO4J`` other than 1 the Neo4j tests may skip, and only Python is checked.

Prints each missing requirement with how to get it and exits 1; exits 0, silent, when all is
there. Stdlib only (it runs before the virtual environment exists).

Usage: python3 scripts/check_requirements.py [--venv .venv]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from neo4j_runtime import LATEST_VERSION, LTS_VERSION, LauncherError, find_java  # noqa: E402

MIN_PYTHON = (3, 10)


def _python_can_make_a_venv() -> bool:
    try:
        import ensurepip  # noqa: F401  (Debian ships it in python3-venv)
        import venv  # noqa: F401
    except ImportError:
        return False
    return True


def missing(env: Mapping[str, str], *, venv_exists: bool, python_version: tuple[int, int] = sys.version_info[:2],
            can_make_venv: Callable[[], bool] = _python_can_make_a_venv,
            which: Callable[[str], str | None] = shutil.which,
            java_for: Callable[[str], object] = find_java,
            is_root: bool = hasattr(os, "geteuid") and os.geteuid() == 0) -> list[str]:
    """One line per missing requirement, saying what it is for and how to get it (empty: all there)."""
    problems = []
    if not venv_exists:
        if python_version < MIN_PYTHON:
            problems.append(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer as python3 (this one is "
                            f"{python_version[0]}.{python_version[1]}): install a newer python3")
        elif not can_make_venv():
            problems.append("Python's venv module (with ensurepip), to make the virtual environment .venv/: "
                            "apt-get install python3-venv (Debian, Ubuntu), or a python3 from python.org or pyenv")
    if env.get("AGRAPH_REQUIRE_NEO4J", "1") != "1":
        return problems  # the Neo4j tests may skip: nothing below is required
    # The launcher's own tests (tests/integration/test_local_server.py, test_browser.py) start Neo4j with
    # scripts/neo4j_local.py whatever NEO4J_URI says, so a JDK and Maven are needed in every case.
    try:
        java_for(LTS_VERSION)
    except LauncherError as exc:
        problems.append(f"a JDK 17 (or 21) for the LTS Neo4j {LTS_VERSION}, started by scripts/neo4j_local.py: "
                        f"apt-get install openjdk-17-jdk-headless, or Temurin 17 from adoptium.net ({exc})")
    if not (env.get("AGRAPH_MVN") or which("mvn")):
        problems.append("Maven (mvn), which fetches Neo4j from Maven Central once: apt-get install maven "
                        "(or brew install maven)")
    if not env.get("NEO4J_URI") and env.get("AGRAPH_SKIP_LATEST", "0") != "1":
        try:
            java_for(LATEST_VERSION)
        except LauncherError:
            problems.append(f"a JDK 21 or newer for the stage on the newest Neo4j ({LATEST_VERSION}): "
                            "apt-get install openjdk-21-jdk-headless, or Temurin 21 from adoptium.net, and set "
                            "AGRAPH_JAVA21_HOME to its home if it is not in /usr/lib/jvm nor on PATH; "
                            "or leave that stage out with AGRAPH_SKIP_LATEST=1")
    chromium = env.get("AGRAPH_CHROMIUM") or which("chromium") or which("chromium-browser")
    if not chromium and not (is_root and which("apt-get")):  # as root with apt, test.sh installs it
        problems.append("Chromium, which drives the Neo4j Browser test: apt-get install chromium (as root, "
                        "scripts/test.sh installs it itself)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", default=".venv", help="the virtual environment test.sh uses (default: .venv)")
    args = parser.parse_args(argv)
    venv_exists = (Path(args.venv) / "bin" / "python").exists()
    problems = missing(os.environ, venv_exists=venv_exists)
    if problems:
        print("scripts/test.sh cannot run here; missing:", file=sys.stderr)
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
