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


def _p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def first_page_latencies(graph: AllianceGraph, runs: int = 20, warm: int = 3, limit: int = PAGE) -> list[tuple]:
    """(query, median ms, p95 ms, rows) of the first page of every paged query on ``graph``."""
    out = []
    for query in registry().values():
        if not query.pages:
            continue
        params = page_params(graph, query)
        for _ in range(warm):
            graph.rows(query.name, limit=limit, **params)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = graph.rows(query.name, limit=limit, **params)
            samples.append((time.perf_counter() - start) * 1000)
        out.append((query.name, statistics.median(samples), _p95(samples), len(rows)))
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
                flag = "ok" if p95 < TARGET_MS[g.backend] else "MISSED"
                print(f"{name:15} median {median:9.2f} ms  p95 {p95:9.2f} ms  rows {rows:3}  {flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
