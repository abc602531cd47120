"""Shared fixtures. The real Neo4j server for integration tests is found, in order:

1. ``NEO4J_URI`` (with ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``) if set;
2. pytest-docker with the repository's ``docker-compose.yml`` if a Docker engine answers;
3. the local launcher ``scripts/neo4j_local.py`` (Neo4j from Maven Central, needs Java and Maven),
   at version ``AGRAPH_NEO4J_VERSION`` (default: the pinned LTS);
4. otherwise the Neo4j tests are skipped with the reason, or, with ``AGRAPH_REQUIRE_NEO4J=1``
   (as in CI), the run fails.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_graph import AllianceGraph, Settings

ROOT = Path(__file__).resolve().parent.parent
TEST_PASSWORD = "agraph-test-pw"
# The article the tests read is the copy the package ships, so the suite runs from a clone in any folder.
ARTICLE = ROOT / "alliance_graph" / "data" / "ai-alliance-article.fr.txt"
# Outside copies of the same article, compared with the shipped one only where they exist.
OUTSIDE_ARTICLES = [ROOT.parent / "shared" / "ai-alliance-article.fr.txt"]


_DATASETS_BEFORE: list = []


def pytest_runtest_setup(item):
    """The embedded graph of a test under tests/ holds the article unless the test names datasets:
    the suite's answers were written against the article. The default for users is every shipped
    dataset: tests/unit/test_default_datasets.py checks it with the variable unset, and the doctests
    of the package and docs (not under tests/) run with that default. Set before the test's fixtures
    (module-scoped ones included) are made."""
    _DATASETS_BEFORE.append(os.environ.get("AGRAPH_DATASETS"))
    os.environ["AGRAPH_DATASETS"] = "ai-alliance-article"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # after the test's fixtures are torn down (a monkeypatch of the variable is undone first)
    before = _DATASETS_BEFORE.pop() if _DATASETS_BEFORE else None
    if before is None:
        os.environ.pop("AGRAPH_DATASETS", None)
    else:
        os.environ["AGRAPH_DATASETS"] = before


def pytest_configure(config):
    """The suite never reads or writes the user's cache folder: kept embedded graphs go to a folder of
    the run's own (and, per test, to the test's tmp_path: see ``own_graph_cache``)."""
    import tempfile

    os.environ["AGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="agraph-test-cache-")


@pytest.fixture(autouse=True)
def own_graph_cache(tmp_path_factory, monkeypatch):
    """Each test keeps its embedded graphs in a folder of its own (so no test reopens another's)."""
    monkeypatch.setenv("AGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("graph-cache")))
    monkeypatch.delenv("AGRAPH_NO_CACHE", raising=False)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="write tests/golden/*.json from Neo4j's answers (tests/integration/test_backends_agree.py; "
                          "AGRAPH_UPDATE_GOLDEN=1 does the same)")


def load_launcher():
    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "scripts" / "neo4j_local.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = module
    spec.loader.exec_module(module)
    return module


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=15).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="session")
def docker_compose_file():
    return str(ROOT / "docker-compose.yml")


def _unavailable(reason: str):
    if os.environ.get("AGRAPH_REQUIRE_NEO4J") == "1":
        pytest.fail(f"AGRAPH_REQUIRE_NEO4J=1 but no Neo4j could be had: {reason}", pytrace=False)
    pytest.skip(f"no Neo4j server: {reason}")


@pytest.fixture(scope="session")
def neo4j_server(request):
    """A dict describing a running Neo4j: settings, how it was found, and (local only) the launcher."""
    settings = Settings.from_env()
    if settings is not None:
        yield {"settings": settings, "how": "NEO4J_URI", "launcher": None}
        return
    if _docker_answers():
        services = request.getfixturevalue("docker_services")
        port = services.port_for("neo4j", 7687)
        settings = Settings(f"bolt://127.0.0.1:{port}", "neo4j", TEST_PASSWORD)

        def ready():
            try:
                AllianceGraph.neo4j(settings).close()
                return True
            except Exception:
                return False

        services.wait_until_responsive(check=ready, timeout=180, pause=2)
        yield {"settings": settings, "how": "docker", "launcher": None}
        return
    if shutil.which("java") is None or shutil.which("mvn") is None:
        _unavailable("NEO4J_URI is not set, no Docker engine answers, and Java or Maven is missing for the local launcher")
    launcher = load_launcher()
    version = os.environ.get("AGRAPH_NEO4J_VERSION") or None
    try:
        name = os.environ.get("AGRAPH_TEST_INSTANCE") or f"test-{version or 'lts'}"
        info = launcher.start(version=version, password=TEST_PASSWORD, name=name)
    except Exception as exc:  # the launcher explains why (JDK, Maven, log tail)
        _unavailable(f"the local launcher failed: {exc}")
    settings = Settings(info["uri"], "neo4j", TEST_PASSWORD)
    yield {"settings": settings, "how": "local", "launcher": launcher, "info": info}
    launcher.stop(info["name"])


@pytest.fixture
def neo4j_settings(neo4j_server) -> Settings:
    return neo4j_server["settings"]


def admin_query(settings: Settings, cypher: str, **params) -> list[dict]:
    """Run a statement with a driver of the test's own (tests never reach into the library's driver)."""
    import neo4j

    auth = (settings.username, settings.password) if settings.password is not None else None
    with neo4j.GraphDatabase.driver(settings.uri, auth=auth, notifications_min_severity="OFF") as driver:
        with driver.session(database=settings.database) as session:  # auto-commit: IN TRANSACTIONS works
            return [dict(r) for r in session.run(cypher, params)]


def wipe_database(settings: Settings) -> None:
    """Delete every node of the test database, whatever its labels."""
    admin_query(settings, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


@pytest.fixture
def neo4j_graph(neo4j_settings):
    """An AllianceGraph over an EMPTY Neo4j database (wiped before the test)."""
    wipe_database(neo4j_settings)
    with AllianceGraph.neo4j(neo4j_settings) as g:
        yield g


@pytest.fixture
def neo4j_env(neo4j_settings, monkeypatch):
    """Environment variables pointing the CLI at the test server."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_settings.username)
    if neo4j_settings.password is not None:
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    else:
        monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    return neo4j_settings


@pytest.fixture
def no_neo4j_env(monkeypatch):
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)


def db_counts(graph: AllianceGraph) -> tuple[int, int]:
    """All nodes and relationships in the database, whatever their labels, but the write lock's
    node (the lock itself, not data: a writer that could not tell a stopped server it was done
    leaves it until its lease runs out; tests/integration/test_concurrent_writers.py checks it)."""
    [row] = graph.store.read("MATCH (n) WHERE NOT n:WriteLock WITH count(n) AS nodes "
                             "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels")
    return row["nodes"], row["rels"]
