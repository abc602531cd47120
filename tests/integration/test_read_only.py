"""Raw Cypher through `agraph cypher` is read-only, checked by the server's own plan, verified on the real server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from alliance_graph import ReadOnlyError, load_dataset
from alliance_graph.cli import cli
from tests.conftest import db_counts

pytestmark = pytest.mark.neo4j

WRITES = [
    "CREATE (:Organisation {id: 'evil'})",
    "MERGE (o:Organisation {id: 'evil'}) RETURN o",
    "MATCH (o:Organisation {id: 'ibm'}) SET o.camp = 'closed'",
    "MATCH (o:Organisation {id: 'ibm'}) DETACH DELETE o",
    "MATCH (o:Organisation {id: 'ibm'}) REMOVE o:OpenCamp",
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Organisation) ON (n.kind)",
    "CALL db.createLabel('Evil')",
    "MATCH (o:Organisation) WITH o LIMIT 1 CALL { WITH o SET o.x = 1 } RETURN 1",
    "match (o:Organisation {id: 'ibm'})\n//comment\nset o.name = 'x'",
]


@pytest.fixture
def run(neo4j_env, neo4j_graph):
    neo4j_graph.load(load_dataset())
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_read_query_runs_with_parameters(run):
    result = run("cypher", "MATCH (o:Organisation {camp: $camp}) RETURN o.name AS name ORDER BY name",
                 "-p", "camp=closed", "--format", "json")
    assert result.exit_code == 0
    assert [r["name"] for r in json.loads(result.output)] == ["Anthropic", "Cohere", "Microsoft", "OpenAI"]


def test_nodes_come_back_as_plain_objects(run):
    result = run("cypher", "MATCH (o:Organisation {id: 'ibm'}) RETURN o", "--format", "json")
    [row] = json.loads(result.output)
    assert row["o"]["labels"] == ["OpenCamp", "Organisation"] and row["o"]["properties"]["name"] == "IBM"


@pytest.mark.parametrize("statement", WRITES)
def test_writes_are_refused_and_change_nothing(run, neo4j_graph, statement):
    before = db_counts(neo4j_graph)
    snapshot = neo4j_graph.to_networkx()
    result = run("cypher", statement)
    assert result.exit_code == 1
    assert result.output.startswith("Error: refused")
    assert db_counts(neo4j_graph) == before
    after = neo4j_graph.to_networkx()
    assert dict(after.nodes(data=True)) == dict(snapshot.nodes(data=True))
    labels = neo4j_graph.store.read("CALL db.labels() YIELD label RETURN collect(label) AS labels")[0]["labels"]
    assert "Evil" not in labels


def test_library_raises_read_only_error(neo4j_graph):
    with pytest.raises(ReadOnlyError):
        neo4j_graph.cypher("CREATE (n:Organisation {id: 'x'})")


FILE_AND_NETWORK_READS = [
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l LIMIT 1",
    "load csv with headers from 'file:///etc/hostname' as l return l",
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS l RETURN count(l)",
    "CALL () { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l LIMIT 1",
    "MATCH (o:Organisation) WITH o LIMIT 1\n// innocent\nLOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
]


@pytest.mark.parametrize("statement", FILE_AND_NETWORK_READS)
def test_file_and_url_reads_are_refused(run, statement):
    result = run("cypher", statement)
    assert result.exit_code == 1
    assert result.output.startswith("Error: refused: this query reads a file or URL (LOAD CSV)")
    assert "root:" not in result.output


def test_library_refuses_file_reads(neo4j_graph):
    with pytest.raises(ReadOnlyError, match="reads a file or URL"):
        neo4j_graph.cypher("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")


def test_procedures_outside_the_allow_list_are_refused(run):
    result = run("cypher", "CALL dbms.listConfig()")
    assert result.exit_code == 1 and "calls procedure dbms.listConfig, which is not on the read-only allow-list" in result.output


@pytest.mark.parametrize("statement,column", [("CALL dbms.components()", "edition"),
                                              ("CALL db.labels() YIELD label RETURN label ORDER BY label", "label"),
                                              ("SHOW INDEXES YIELD name RETURN name", "name")])
def test_read_only_procedures_and_commands_run(run, statement, column):
    result = run("cypher", statement, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(column in r for r in rows)


def test_syntax_error_quotes_the_users_statement(run):
    result = run("cypher", "MATCH (n RETURN n")
    assert result.exit_code == 1 and result.output.startswith("Error: Neo4j rejected the query:")
    assert "EXPLAIN" not in result.output
    assert "(line 1, column 10 (offset: 9))" in result.output
    lines = result.output.splitlines()
    statement = next(i for i, line in enumerate(lines) if line.strip() == "MATCH (n RETURN n")
    assert lines[statement + 1].index("^") == lines[statement].index("RETURN")


def test_syntax_error_in_a_long_statement_is_cut_at_words(run):
    words = " AND ".join(f"o.name <> 'organisation number {i}'" for i in range(20))
    statement = f"MATCH (o:Organisation) WHERE {words} RETRUN o.name"
    result = run("cypher", statement)
    assert result.exit_code == 1 and "EXPLAIN" not in result.output
    lines = result.output.splitlines()
    shown = next(line for line in lines if "RETRUN" in line and "Invalid input" not in line)
    excerpt = shown.strip().strip("…")
    assert excerpt in statement and len(shown) <= 110
    start = statement.index(excerpt)
    assert start == 0 or statement[start - 1] == " "  # begins on a word boundary
    assert lines[lines.index(shown) + 1].index("^") == shown.index("RETRUN")


def test_canned_queries_on_neo4j_from_cli(run):
    result = run("members", "AI Alliance", "--format", "csv")
    assert result.exit_code == 0 and result.output.splitlines()[1].startswith("ibm,IBM,company,founder,open,")
    unknown = run("competitors", "Antropic")
    assert unknown.exit_code == 1 and "did you mean: Anthropic?" in unknown.output


# --------------------------------------------------------------------------- issue 21, items 6 to 8


ADMIN_COMMANDS = [
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "terminate transaction 'neo4j-transaction-1'",
    "SHOW TRANSACTIONS YIELD parameters, currentQuery, clientAddress",
    "SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t",
    "// a comment first\nSHOW SETTINGS",
    "SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'server.directories' RETURN name, value",
    "CYPHER 5 SHOW SETTINGS",
    "SHOW DATABASES",
    "SHOW CURRENT USER",
    "USE neo4j MATCH (n) RETURN count(n)",
]


@pytest.mark.parametrize("statement", ADMIN_COMMANDS)
def test_6_7_server_commands_outside_the_allow_list_are_refused(run, statement):
    result = run("cypher", statement)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: refused: this query is "), result.output
    assert "nothing was run" in result.output and "SHOW INDEXES" in result.output
    assert len(result.output.strip().splitlines()) == 1, "one line, and no row of the command's answer"


def test_6_terminate_transactions_cannot_kill_another_clients_write(run, neo4j_settings, neo4j_graph):
    from neo4j import GraphDatabase

    auth = (neo4j_settings.username, neo4j_settings.password) if neo4j_settings.password else None
    with GraphDatabase.driver(neo4j_settings.uri, auth=auth) as driver:
        with driver.session(database=neo4j_settings.database) as writer, driver.session() as admin:
            tx = writer.begin_transaction()
            tx.run("UNWIND range(1, 1000) AS i CREATE (:Victim {i: i})").consume()
            ids = [r["id"] for r in admin.run("SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery "
                                              "WHERE currentQuery = '' OR currentQuery CONTAINS 'Victim' RETURN id")]
            assert ids
            for tx_id in ids:
                result = run("cypher", f"TERMINATE TRANSACTIONS '{tx_id}'")
                assert result.exit_code == 1 and "refused" in result.output
            tx.commit()  # still open: nothing killed it
        with driver.session(database=neo4j_settings.database) as s:
            assert s.run("MATCH (v:Victim) RETURN count(v) AS n").single()["n"] == 1000


def test_7_allowed_listing_commands_still_run(run):
    for statement in ("SHOW INDEXES", "SHOW CONSTRAINTS YIELD name RETURN name", "SHOW FUNCTIONS YIELD name RETURN name",
                      "SHOW PROCEDURES YIELD name RETURN name"):
        result = run("cypher", statement, "--format", "json", "--max-rows", "0")
        assert result.exit_code == 0, (statement, result.output)


def test_8_a_query_past_its_timeout_is_stopped_with_one_line(run):
    import time

    start = time.monotonic()
    result = run("cypher", "UNWIND range(1, 2000000000) AS i WITH i WHERE i % 7 = 100 RETURN count(*) AS n",
                 "--timeout", "1")
    assert time.monotonic() - start < 20
    assert result.exit_code == 1
    assert "ran for longer than its timeout of 1 s and was stopped" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_8_the_library_applies_the_timeout_too(neo4j_graph):
    from alliance_graph import QueryError

    with pytest.raises(QueryError, match="timeout of 0.5 s"):
        neo4j_graph.cypher("UNWIND range(1, 2000000000) AS i WITH i WHERE i % 7 = 100 RETURN count(*) AS n",
                           timeout=0.5)


def test_8_a_long_answer_is_cut_at_the_row_cap_and_says_so(neo4j_env, neo4j_graph):
    runner = CliRunner()
    result = runner.invoke(cli, ["cypher", "UNWIND range(1, 30000) AS i RETURN i", "--format", "ndjson"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 10_000
    assert "Cut: the answer has more than 10,000 rows" in result.stderr and "--max-rows" in result.stderr
    small = runner.invoke(cli, ["cypher", "UNWIND range(1, 30) AS i RETURN i", "--format", "csv", "--max-rows", "5"])
    assert small.stdout.splitlines() == ["i", "1", "2", "3", "4", "5"] and "Cut:" in small.stderr
    whole = runner.invoke(cli, ["cypher", "UNWIND range(1, 30) AS i RETURN i", "--format", "json", "--max-rows", "0"])
    assert len(json.loads(whole.stdout)) == 30 and "Cut" not in whole.stderr


def test_8_a_huge_answer_is_streamed_not_held(neo4j_env, neo4j_graph):
    """Thirty million rows: the first ones are printed at once and reading stops at the cap."""
    import time

    start = time.monotonic()
    result = CliRunner().invoke(cli, ["cypher", "UNWIND range(1, 30000000) AS i RETURN i, toString(i) AS s",
                                      "--format", "csv", "--max-rows", "100"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 101
    assert time.monotonic() - start < 15
    rows = neo4j_graph.cypher("UNWIND range(1, 30000000) AS i RETURN i", max_rows=3)
    assert [r["i"] for r in rows] == [1, 2, 3] and rows.truncated
