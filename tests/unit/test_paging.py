"""Keyset paging: the pages of every paged query, walked with its cursors, are exactly its whole answer."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph, QueryError
from alliance_graph.cli import cli
from alliance_graph.paging import DEFAULT_PAGE_SIZE, PageKey, PagePart, encode_cursor, sort_key
from alliance_graph.queries.registry import parse_query, registry
from tests.golden_files import all_calls, golden_dataset, golden_graph, values_of

PAGED = sorted(name for name, q in registry().items() if q.pages)


@pytest.fixture(scope="module")
def graph():
    with golden_graph() as g:
        yield g


def walk(graph, name, size, **args):
    pages, after = [], None
    while True:
        page = graph.rows(name, limit=size, after=after, **args)
        pages.append(page)
        if page.next_cursor is None:
            return pages
        after = page.next_cursor


def test_the_queries_whose_rows_grow_with_the_graph_page():
    assert {"names", "camp", "rivalries", "search", "sources", "source", "conflicts", "members", "relationships",
            "timeline"} <= set(PAGED)


@pytest.mark.parametrize("name", PAGED)
def test_walking_the_pages_gives_exactly_the_whole_answer(graph, name):
    query = registry()[name]
    for args in all_calls(values_of(golden_dataset(), query)):
        whole = graph.rows(name, as_of="all-time", **args)
        for size in (1, 2, 5):
            pages = []
            after = None
            while True:
                page = graph.rows(name, as_of="all-time", limit=size, after=after, **args)
                assert len(page) <= size
                pages.append(page)
                if page.next_cursor is None:
                    break
                after = page.next_cursor
            assert [row for page in pages for row in page] == whole, (name, args, size)
            assert all(len(page) == size for page in pages[:-1]), (name, args, size)
            assert len(pages) == max(1, -(-len(whole) // size)), "no empty page at the end when the rows divide evenly"


def test_ties_in_the_sort_key_are_kept_apart_by_the_id():
    """The roster's timeline has many events of one date, its members many rows of one role: one row a
    page still gives every row once."""
    graph = AllianceGraph.embedded(["alliance_graph/data/ai-alliance-roster.yaml"])
    timeline = graph.rows("timeline")
    dates = [r["date"] for r in timeline]
    assert len(dates) > len(set(dates)), "the golden timeline has events sharing a date"
    assert [r for p in walk(graph, "timeline", 1) for r in p] == timeline
    members = graph.rows("members", alliance="ai-alliance", as_of="all-time")
    assert len({m["role"] for m in members}) < len(members)
    assert [r for p in walk(graph, "members", 1, alliance="ai-alliance", as_of="all-time") for r in p] == members


def test_the_api_methods_and_frames_page_too(graph):
    first = graph.members("AI Alliance", limit=2)
    assert [m.name for m in first] == ["IBM", "Meta"] and first.next_cursor.startswith("members:")
    rest = graph.members("AI Alliance", after=first.next_cursor)
    assert [*first, *rest] == graph.members("AI Alliance") and rest.next_cursor is None
    assert len(graph.frame("names", limit=3)) == 3
    assert len(graph.timeline(limit=2)) == 2 and graph.timeline(limit=2).next_cursor.startswith("timeline:")


@pytest.mark.parametrize("after, message", [
    ("nonsense", "is not a cursor"),
    ("names:%%%", "is not a cursor of 'names'"),
    (encode_cursor("names", ["Organisation", "IBM"]), "its key has 3 values"),
    (encode_cursor("members", [0, "IBM", "ibm", "x"]), "is one of the query 'members', not of 'names'"),
    (encode_cursor("names", [1, "IBM", "ibm"]), "its key holds 1 where 'names' has a value of type text"),
])
def test_a_bad_cursor_is_a_clear_error(graph, after, message):
    with pytest.raises(QueryError, match="after: .*" + message.replace("(", r"\(")):
        graph.rows("names", limit=2, after=after)


@pytest.mark.parametrize("name, key, message", [
    ("members", ["0", "IBM", "ibm", "x"], "holds '0' where 'members' has a value of type int"),
    ("members", [True, "IBM", "ibm", "x"], "holds True where 'members' has a value of type int"),
    ("conflicts", ["node", "x", "name", "yes", "X"], "holds 'yes' where 'conflicts' has a value of type bool"),
    ("search", [0.5, "IBM", "ibm"], "holds 0.5 where 'search' has a value of type int"),
])
def test_a_cursor_whose_values_do_not_fit_the_typed_page_key_is_refused(graph, name, key, message):
    """The header types the key (``// page: rank int, name, id``): a cursor of other value types is refused,
    on both stores alike, before any query runs."""
    args = {"members": {"alliance": "ai-alliance"}, "search": {"text": "a"}}.get(name, {})
    with pytest.raises(QueryError, match="after: .*" + message):
        graph.rows(name, limit=2, after=encode_cursor(name, key), **args)
    null = [None] * len(key)  # null fits every type (and sorts last): an empty page
    assert graph.rows(name, limit=2, after=encode_cursor(name, null), **args) == []


def test_a_bad_limit_or_paging_a_query_that_does_not_page_is_an_error(graph):
    with pytest.raises(QueryError, match="at least 1"):
        graph.rows("names", limit=0)
    with pytest.raises(QueryError, match="'path' does not page"):
        graph.rows("path", limit=2, **{"from": "meta", "to": "openai"})


def test_the_sort_key_orders_nulls_last_ascending_and_descending():
    after = lambda key, cursor, desc: sort_key(key, desc) > sort_key(cursor, desc)  # noqa: E731
    assert after([None], ["2024"], [False]) and after([None], ["2024"], [True])
    assert after(["2023"], ["2024"], [True]) and not after(["2023"], ["2024"], [False])
    assert after(["a", "y"], ["a", "x"], [False, False]) and not after(["a", "x"], ["a", "x"], [False, False])
    assert after([0, None], [0, "b"], [False, True]) and after([1, "a"], [0, "b"], [False, True])


def test_a_paged_query_must_use_the_paging_macros():
    head = "// name: demo\n// summary: A demo.\n// columns: id\n// page: id\n"
    with pytest.raises(QueryError, match="filters with {{after}}"):
        parse_query(head + "MATCH (n) RETURN n.id AS id ORDER BY id\n", "cypher/queries/demo.cypher")
    with pytest.raises(QueryError, match="needs a page key"):
        parse_query("// name: demo\n// summary: A demo.\n// columns: id\nMATCH (n) WHERE {{after}} RETURN n.id AS id\n",
                    "cypher/queries/demo.cypher")
    q = parse_query(head + "MATCH (n) WITH n.id AS id WHERE {{after}} RETURN id, {{page_key}} AS page_key "
                           "ORDER BY id LIMIT {{limit}}\n", "cypher/queries/demo.cypher")
    assert q.page == PageKey((PagePart("id"),)) and "$after[0]" in q.cypher and "coalesce($limit" in q.cypher


# --------------------------------------------------------------------------- the command line


def test_whole_graph_commands_show_a_first_page_and_say_how_to_get_the_next(tmp_path):
    roster = "alliance_graph/data/ai-alliance-roster.yaml"
    runner = CliRunner()
    every = runner.invoke(cli, ["timeline", "--data", roster, "--format", "json"], catch_exceptions=False, prog_name="agraph")
    import json

    rows = json.loads(every.stdout)
    assert len(rows) > DEFAULT_PAGE_SIZE, "json gives every row unless a page is asked for"
    table = runner.invoke(cli, ["timeline", "--data", roster, "--format", "ndjson", "--limit", str(DEFAULT_PAGE_SIZE)],
                          catch_exceptions=False, prog_name="agraph")
    assert len(table.stdout.splitlines()) == DEFAULT_PAGE_SIZE
    default = runner.invoke(cli, ["timeline", "--data", roster], catch_exceptions=False, prog_name="agraph")
    hint = default.stderr.splitlines()[0]
    assert hint.startswith(f"Showing {DEFAULT_PAGE_SIZE} rows; more follow. Next page: agraph timeline --data {roster} "
                           f"--limit {DEFAULT_PAGE_SIZE} --after timeline:")
    command = hint.split("Next page: ")[1].split()[1:]
    second = runner.invoke(cli, [*command, "--format", "json"], catch_exceptions=False, prog_name="agraph")
    assert json.loads(second.stdout) == rows[DEFAULT_PAGE_SIZE:2 * DEFAULT_PAGE_SIZE]
    everything = runner.invoke(cli, ["timeline", "--data", roster, "--limit", "0", "--format", "csv"],
                               catch_exceptions=False, prog_name="agraph")
    assert everything.stderr == "" and len(everything.stdout.splitlines()) > DEFAULT_PAGE_SIZE + 1


def test_the_last_page_prints_no_hint_and_a_bad_cursor_is_one_line():
    runner = CliRunner()
    done = runner.invoke(cli, ["members", "AI Alliance", "--limit", "100"], catch_exceptions=False, prog_name="agraph")
    assert done.exit_code == 0 and [line for line in done.stderr.splitlines()
                                    if not line.startswith("Note: the newest fact")] == []  # (old data: said)
    bad = runner.invoke(cli, ["rivalries", "--after", "rivalries:xyz"], prog_name="agraph")
    assert bad.exit_code == 1 and "is not a cursor of 'rivalries'" in bad.stderr
    with_org = runner.invoke(cli, ["camp", "IBM", "--limit", "3"], prog_name="agraph")
    assert with_org.exit_code == 2 and "the camp of one organisation is one row" in with_org.stderr


def test_a_store_answers_exactly_the_columns_and_the_page_key_which_only_the_api_takes_off(graph):
    assert_store_rows_are_columns_and_page_key(graph)


def assert_store_rows_are_columns_and_page_key(graph) -> None:
    """Each query's store rows hold its columns (and ``page_key`` when it pages), in order; the API's none."""
    from alliance_graph.dates import AsOf

    answered = 0
    for name, query in registry().items():
        args = {p.name: next(v for v in values if v is not None)
                for p, values in zip(query.params, values_of(golden_dataset(), query).values(), strict=True)}
        params = {**graph.prepare(query, args), **({"limit": 3, "after": None} if query.pages else {})}
        rows = graph.store.run(query, params, AsOf.ALL_TIME)
        answered += bool(rows)
        assert all(list(r) == [*query.columns, *(["page_key"] if query.pages else [])] for r in rows), name
        assert all(list(r) == list(query.columns) for r in graph.rows(name, as_of="all-time", **args)), name
    assert answered >= len(registry()) // 2
