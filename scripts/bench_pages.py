#!/usr/bin/env python3
"""First-page latency of every paged registry query (issue 15): how long the first page
(``limit=50``) takes, median and p95, on any graph (Neo4j or embedded).

scripts/benchmark.py calls :func:`first_page_latencies` per size; run alone it measures a
synthetic map on the embedded graph, or on Neo4j when NEO4J_URI is set (the map is loaded first):

    python scripts/bench_pages.py --orgs 100000 --rels 1000000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance_graph import AllianceGraph, read_dataset_files, synthetic  # noqa: E402
from alliance_graph.queries.registry import registry  # noqa: E402

PAGE = 50
TARGET_MS = {"neo4j": 50.0, "embedded": 100.0}


def page_params(graph: AllianceGraph, query) -> dict:
    """Parameters for one call of ``query`` on a synthetic map (or the article): the biggest alliance,
    a well-connected organisation, the closed camp, a common search text, the synthetic source."""
    from alliance_graph.errors import QueryError

    try:
        alliance = graph.resolve("alliance-0", ("Organisation",))
    except QueryError:
        alliance = "ai-alliance"
    source = synthetic.SOURCE_ID if alliance == "alliance-0" else "article-ai-alliance-fr"
    values = {"org": alliance, "node": alliance, "camp": "closed", "search": "1" if alliance == "alliance-0" else "a",
              "text": "x", "source": source}
    return {p.name: values[p.type] for p in query.params}


def percentile(values, q):
    """The ``q`` th percentile of ``values``: the value at that rank of the sorted values (nearest rank;
    with few values, the slowest). benchmark.py and bench_as_of.py use it too."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


LATER = 20  # the later page timed: the 20th, reached by walking the pages before it (cursors are opaque)


def _timed_pages(graph: AllianceGraph, name: str, params: dict, runs: int, warm: int, limit: int,
                 after: str | None = None) -> tuple[float, float, int]:
    """(median ms, p95 ms, rows) of one page of ``name`` starting after the cursor ``after`` (3 runs
    after one warm-up when a page takes over a second: a slow page at 1M relationships takes minutes)."""
    start = time.perf_counter()
    graph.rows(name, limit=limit, after=after, **params)
    if time.perf_counter() - start > 1.0:
        warm, runs = 0, min(runs, 3)
    for _ in range(warm - 1):
        graph.rows(name, limit=limit, after=after, **params)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        rows = graph.rows(name, limit=limit, after=after, **params)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95), len(rows)


def first_page_latencies(graph: AllianceGraph, runs: int = 20, warm: int = 3, limit: int = PAGE) -> list[tuple]:
    """(what, median ms, p95 ms, rows) of the first page of every paged query on ``graph``, and of its
    :data:`LATER` th page when the answer has that many (a page should cost the same wherever it
    starts); a query with an optional node is timed without it and with it ("timeline (node)")."""
    out = []
    for query in registry().values():
        if not query.pages:
            continue
        params = page_params(graph, query)
        variants = [(query.name, params)]
        optional = [p.name for p in query.params if p.optional and p.name in params]
        if optional:  # (without the optional parameters first, then with them)
            bare = {k: v for k, v in params.items() if k not in optional}
            first = graph.rows(query.name, limit=1, **bare)
            if first and first[0].get("subject_id"):  # (a node the answer has events of: the first event's)
                params = {**params, **{k: first[0]["subject_id"] for k in optional if any(p.name == k and p.type == "node" for p in query.params)}}
            variants = [(query.name, bare), (f"{query.name} ({', '.join(optional)})", params)]
        for label, values in variants:
            median, p95, rows = _timed_pages(graph, query.name, values, runs, warm, limit)
            out.append((f"{label}, first page", median, p95, rows))
            cursor = None
            for _ in range(LATER - 1):  # the cursor of the page before the later one
                page = graph.rows(query.name, limit=limit, after=cursor, **values)
                cursor = page.next_cursor  # (None: no page follows)
                if cursor is None:
                    break
            if cursor is not None:
                median, p95, rows = _timed_pages(graph, query.name, values, runs, warm, limit, cursor)
                out.append((f"{label}, page {LATER}", median, p95, rows))
            else:
                out.append((f"{label}, page {LATER}", None, None, 0))  # (the answer is shorter)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--rels", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--backend", choices=("embedded", "neo4j"), default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = synthetic.write_csv(Path(tmp) / "map", args.orgs, args.rels, seed=42)
        ds = read_dataset_files([folder])
        with AllianceGraph.open(args.backend) if args.backend != "embedded" else AllianceGraph.embedded(builtin=False, data=[folder]) as g:
            if g.backend == "neo4j":
                g.load(ds, wipe=True)
            print(f"first page ({PAGE} rows) on {g.backend}, {args.rels:,} relationships; target p95 < {TARGET_MS[g.backend]:.0f} ms")
            for name, median, p95, rows in first_page_latencies(g, args.runs):
                if p95 is None:
                    print(f"{name:32} (fewer pages)")
                    continue
                flag = "ok" if p95 < TARGET_MS[g.backend] else "MISSED"
                print(f"{name:32} median {median:9.2f} ms  p95 {p95:9.2f} ms  rows {rows:3}  {flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
