#!/usr/bin/env bash
# The whole test suite, with all set-up, on a fresh machine: installs the package with its
# test dependencies, fetches Neo4j from Maven Central (local launcher) unless NEO4J_URI or a
# Docker engine is there, and runs pytest; Neo4j tests must run (AGRAPH_REQUIRE_NEO4J=1).
# Then runs the Neo4j integration tests again on the newest calendar Neo4j release.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
export AGRAPH_REQUIRE_NEO4J="${AGRAPH_REQUIRE_NEO4J:-1}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

python3 -m pip install --quiet --root-user-action=ignore -e '.[test,analysis,nlp]'

# Debian's Chromium drives the Neo4j Browser test (never a browser downloaded by a test tool).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's chromium =="
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: install Debian's chromium package for the Browser test" >&2
  fi
fi

# Every stage runs, even after a failing one, and the summary names each stage's outcome.
status=0
results=()
stage() {  # stage NAME COMMAND...
  local name="$1"; shift
  echo "== ${name} =="
  if "$@"; then results+=("passed: ${name}"); else results+=("FAILED: ${name}"); status=1; fi
}

stage "unit, doctest and Neo4j integration tests (Neo4j LTS)" python3 -m pytest "$@"
stage "type check (mypy, configured in pyproject.toml)" python3 -m mypy alliance_graph

if [ -z "${NEO4J_URI:-}" ] && [ "${AGRAPH_SKIP_LATEST:-0}" != "1" ]; then
  latest=$(python3 scripts/neo4j_local.py latest-version)
  stage "Neo4j integration tests again on Neo4j ${latest}" \
    env AGRAPH_NEO4J_VERSION="$latest" python3 -m pytest tests/integration -m neo4j "$@"
fi

echo "== summary =="
printf '%s\n' "${results[@]}"
exit "$status"
