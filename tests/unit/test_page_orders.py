"""Pages read from the orders kept beside the graph (issue 15) are exactly the rows after their cursor."""

from __future__ import annotations

import pytest

from alliance_graph import AllianceGraph, synthetic
from alliance_graph.paging import decode_cursor, encode_cursor
from alliance_graph.queries.registry import registry
from tests.golden_files import all_calls, golden_dataset, golden_graph, values_of

PAGED = sorted(name for name, q in registry().items() if q.pages)
DATES = ("all-time", None, "2023-12-31", "2024-06-01")


@pytest.fixture(scope="module")
def graph():
    with golden_graph() as g:
        yield g


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = synthetic.write_csv(tmp_path_factory.mktemp("map") / "map", 3000, 30_000, seed=42)
    return AllianceGraph.embedded(builtin=False, data=[folder])


@pytest.mark.parametrize("name, params", [("names", {}), ("camp", {"camp": "closed"}), ("rivalries", {}),
                                          ("search", {"text": "1"}), ("members", {"alliance": "alliance-0"})])
def test_pages_of_a_large_map_are_the_whole_answer_cut_at_the_cursor(big, name, params):
    """The orders kept beside the graph give the same rows as the whole answer (their speed is measured
    by scripts/bench_pages.py, not here: no timed tests)."""
    whole = big.rows(name, **params)
    assert len(whole) > 60, "the synthetic map gives many rows"
    page = big.rows(name, limit=20, **params)
    assert list(page) == list(whole[:20])
    assert big.rows(name, limit=20, after=page.next_cursor, **params) == whole[20:40]
    rows, after = [], None
    while True:  # walked to the end in pages of 7: every row once, in order
        page = big.rows(name, limit=7, after=after, **params)
        rows += page
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert rows == list(whole)


@pytest.mark.parametrize("name", PAGED)
def test_a_page_after_a_cursor_whose_row_is_gone_starts_at_the_next_row(graph, name):
    """A cursor names a key, not a row: when its row is gone (here: a key no row has, just after a row's),
    the page starts at the first row after that key, on every date."""
    query = registry()[name]
    for as_of in DATES:
        for args in all_calls(values_of(golden_dataset(), query)):
            whole = graph.rows(name, as_of=as_of, **args)
            for i, size in ((0, 2), (len(whole) // 2, 3)):
                if i >= len(whole):
                    continue
                cursor = graph.rows(name, as_of=as_of, limit=i + 1, **args).next_cursor
                if cursor is None:
                    continue
                key = decode_cursor(name, cursor, [p.type for p in query.page])
                gone = [*key[:-1], key[-1] + "~" if isinstance(key[-1], str) else key[-1]]
                page = graph.rows(name, as_of=as_of, limit=size, after=encode_cursor(name, gone), **args)
                assert list(page) == list(whole[i + 1:i + 1 + size]), (name, as_of, args, i)


@pytest.mark.parametrize("name", ["names", "camp", "rivalries", "search", "members", "relationships"])
def test_pages_on_a_date_are_the_rows_of_that_date(graph, name):
    query = registry()[name]
    for as_of in DATES[1:]:
        for args in all_calls(values_of(golden_dataset(), query)):
            whole = graph.rows(name, as_of=as_of, **args)
            rows, after = [], None
            while True:
                page = graph.rows(name, as_of=as_of, limit=2, after=after, **args)
                rows += page
                after = page.next_cursor
                if after is None:
                    break
            assert rows == list(whole), (name, as_of, args)
