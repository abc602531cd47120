"""Issue 21, items 6 to 8, without a server: the allow-list of statement kinds, and raw Cypher run
once (never retried) with its timeout, its errors said in one line. The same on a real server:
tests/integration/test_read_only.py."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from neo4j import exceptions as nx_exc

from alliance_graph import QueryError, ReadOnlyError, Settings
from alliance_graph.store.neo4j_store import Neo4jStore
from alliance_graph.store.read_only import check_plan, check_statement


@pytest.mark.parametrize("statement", [
    "MATCH (n) RETURN n", "optional match (n) return n", "WITH 1 AS x RETURN x", "UNWIND [1] AS x RETURN x",
    "RETURN 1", "CALL db.labels()", "CALL { MATCH (n) RETURN n } RETURN n", "/* hi */ // there\n MATCH (n) RETURN n",
    "CYPHER runtime=slotted MATCH (n) RETURN n", "SHOW INDEXES", "show constraints",
])
def test_queries_and_listing_commands_are_statement_kinds_that_may_run(statement):
    assert check_statement(statement) is None


@pytest.mark.parametrize("statement", [
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "SHOW TRANSACTIONS", "show transaction 'x'", "SHOW SETTINGS",
    "SHOW SETTING 'server.directories.data'", "USE system SHOW USERS", "CREATE (n)", "START DATABASE neo4j",
    "GRANT ROLE admin TO me", "ALTER USER neo4j SET PASSWORD 'x'", "FOREACH (x IN [1] | CREATE ())", "", "   ",
    "KILL everything", "// only a comment",
])
def test_every_other_statement_kind_is_refused_before_planning(statement):
    assert check_statement(statement) is not None


def _plan(*operators: str) -> dict:
    plan: dict = {"operatorType": "ProduceResults@neo4j", "args": {}, "children": []}
    node = plan
    for op in operators:
        child = {"operatorType": op, "args": {}, "children": []}
        node["children"].append(child)
        node = child
    return plan


@pytest.mark.parametrize("operator", ["ShowTransactions@neo4j", "TerminateTransactions@neo4j", "ShowSettings@neo4j",
                                      "ShowDatabases@neo4j", "AdministrationCommand@system", "ShowFuture@neo4j"])
def test_a_command_operator_outside_the_allow_list_is_refused_even_typed_as_a_read(operator):
    assert "not allowed" in check_plan("r", _plan(operator)) or "administration" in check_plan("r", _plan(operator))


def test_allowed_command_and_query_operators_pass():
    assert check_plan("r", _plan("ShowIndexes@neo4j")) is None
    assert check_plan("r", _plan("Filter@neo4j", "AllNodesScan@neo4j")) is None


class _FakeSession:
    def __init__(self, driver):
        self.driver = driver

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self, text, params=None):  # EXPLAIN: a plain read
        return SimpleNamespace(consume=lambda: SimpleNamespace(query_type="r", plan=_plan("AllNodesScan@neo4j")))

    def begin_transaction(self, timeout=None):
        self.driver.begun.append(timeout)
        driver = self.driver

        class Tx:
            def run(self, text, params):
                raise driver.error

            def close(self):
                driver.closed += 1

        return Tx()

    def execute_read(self, work, *args, **kwargs):  # the retrying path must not be taken
        raise AssertionError("raw Cypher must not run through execute_read, which retries")


class _FakeDriver:
    def __init__(self, error):
        self.error, self.begun, self.closed = error, [], 0

    def session(self, **kwargs):
        return _FakeSession(self)


@pytest.mark.parametrize("code, words", [
    ("Neo.TransientError.General.MemoryPoolOutOfMemoryError", "needs more memory than the server gives"),
    ("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "longer than its timeout of 12 s"),
    ("Neo.TransientError.General.OutOfMemoryError", "running it again would fail the same way"),
])
def test_errors_that_cannot_succeed_are_said_once_never_retried(code, words, caplog):
    error = nx_exc.Neo4jError._hydrate_neo4j(code=code, message="the server's own words")
    driver = _FakeDriver(error)
    store = Neo4jStore(Settings("bolt://127.0.0.1:7687"), driver=driver)
    with caplog.at_level(logging.DEBUG, logger="neo4j"), pytest.raises(QueryError) as info:
        store.read_only("MATCH (a), (b), (c) RETURN a, b, c", timeout=12)
    assert words in str(info.value) and "\n" not in str(info.value)
    assert driver.begun == [12] and driver.closed == 1, "one transaction, with the timeout, closed"
    assert not [r for r in caplog.records if "retr" in r.getMessage().lower()]


def test_a_refused_kind_never_reaches_the_server():
    driver = _FakeDriver(None)
    store = Neo4jStore(Settings("bolt://127.0.0.1:7687"), driver=driver)
    with pytest.raises(ReadOnlyError, match="TERMINATE"):
        store.read_only("TERMINATE TRANSACTIONS 'neo4j-transaction-7'")
    assert driver.begun == []


def test_the_library_checks_timeout_and_max_rows():
    from alliance_graph import AllianceGraph

    graph = AllianceGraph(Neo4jStore(Settings("bolt://127.0.0.1:7687"), driver=_FakeDriver(None)))
    for kwargs in ({"timeout": -1}, {"timeout": float("inf")}, {"max_rows": -1}, {"max_rows": "10"}):
        with pytest.raises(QueryError):
            graph.cypher("RETURN 1", **kwargs)
