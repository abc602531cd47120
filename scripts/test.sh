#!/usr/bin/env bash
# The whole test suite, with all set-up, on a fresh machine: checks the requirements first (in
# seconds: scripts/check_requirements.py names what is missing and how to get it), makes or reuses
# a virtual environment in .venv/ (so it works on an externally managed Python too, PEP 668),
# installs the package there with its test dependencies, fetches Neo4j from Maven Central (local
# launcher) unless NEO4J_URI or a Docker engine is there, and runs pytest with the environment's
# Python; Neo4j tests must run (AGRAPH_REQUIRE_NEO4J=1). Then runs the Neo4j integration tests
# again on the newest calendar Neo4j release. Run as root, it installs Debian's chromium with apt.
# Usage: bash scripts/test.sh [pytest args...]
# AGRAPH_TEST_SETUP_ONLY=1: stop after the set-up (checks, .venv, install), before the first test.
# AGRAPH_CHROMIUM=PATH: the Chromium the Browser test drives (then none is installed with apt).
set -euo pipefail
cd "$(dirname "$0")/.."
export AGRAPH_REQUIRE_NEO4J="${AGRAPH_REQUIRE_NEO4J:-1}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

if ! command -v python3 >/dev/null 2>&1; then
  echo "scripts/test.sh cannot run here; missing: python3 (3.10 or newer, with its venv module)" >&2
  exit 1
fi
python3 scripts/check_requirements.py --venv .venv

# The virtual environment: made once with the python3 on PATH, then reused (made again if broken).
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; then
  echo "== making the virtual environment .venv/ =="
  rm -rf .venv
  python3 -m venv .venv
fi
export VIRTUAL_ENV="$PWD/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"  # python3, pip and agraph are the environment's, here and in the tests
python="$VIRTUAL_ENV/bin/python"
"$python" -m pip install --quiet -e '.[test,analysis,nlp]'

# Debian's Chromium drives the Neo4j Browser test (never a browser downloaded by a test tool).
if [ -z "${AGRAPH_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's chromium =="
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: install Debian's chromium package for the Browser test" >&2
  fi
fi

if [ "${AGRAPH_TEST_SETUP_ONLY:-0}" = "1" ]; then
  echo "set-up done: $("$python" -c 'import sys; print(sys.prefix)'), $("$python" -m pytest --version 2>&1)"
  exit 0
fi

# Every stage runs, even after a failing one, and the summary names each stage's outcome.
status=0
results=()
stage() {  # stage NAME COMMAND...
  local name="$1"; shift
  echo "== ${name} =="
  if "$@"; then results+=("passed: ${name}"); else results+=("FAILED: ${name}"); status=1; fi
}

stage "unit, doctest and Neo4j integration tests (Neo4j LTS)" "$python" -m pytest "$@"
stage "type check (mypy, configured in pyproject.toml)" "$python" -m mypy alliance_graph
stage "lint (ruff, configured in pyproject.toml)" "$python" -m ruff check alliance_graph scripts tests

if [ -z "${NEO4J_URI:-}" ] && [ "${AGRAPH_SKIP_LATEST:-0}" != "1" ]; then
  latest=$("$python" scripts/neo4j_local.py latest-version)
  stage "Neo4j integration tests again on Neo4j ${latest}" \
    env AGRAPH_NEO4J_VERSION="$latest" "$python" -m pytest tests/integration -m neo4j "$@"
fi

echo "== summary =="
printf '%s\n' "${results[@]}"
exit "$status"
