"""The as-of benchmark: every canned query as of a date against the same query for all time.

    python scripts/benchmark.py --only as-of                          # 100k and 1M relationships
    python scripts/benchmark.py --only as-of --sizes 10000 --quick    # a smoke run

Issue 12's goal: a query as of a date takes at most 1.5x the time of the same query without a
date (``as_of=ALL_TIME``), on Neo4j and on the embedded graph. For each size the synthetic map
(alliance_graph.synthetic) is loaded into the benchmark's Neo4j server and built as an embedded
graph; each query's two variants are then timed alternately in one loop, so the noise of a shared
machine hits both alike. Names are resolved once beforehand (resolution does not depend on the
date): what is timed is the query itself, as the store runs it.

At the largest size it also reads the plans of the as-of variants and tries range indexes on the
relationships' ``valid_from`` / ``valid_to``: plans and timings with them, then drops them.
Writes the section "## As-of queries" of docs/benchmarks.md (benchmark.py's --out).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import time
from pathlib import Path

import neo4j

from alliance_graph import AllianceGraph, Settings, read_dataset_files, synthetic
from alliance_graph.dates import ALL_TIME, AsOf, holds
from alliance_graph.model import REL_TYPES
from alliance_graph.queries.registry import registry
from alliance_graph.rows import graph_rows
from alliance_graph.store.embedded import EmbeddedStore, graph_from_rows

import bench_pages  # (scripts/, beside this file: benchmark.py puts that folder on the path)

AS_OF = "2020-06-30"  # inside the synthetic map's dates (partnerships since 2015 to 2025)
GOAL = 1.5  # as-of time / all-time time, at most
HEADING = "## As-of queries"
INDEX_PROPS = ("valid_from", "valid_to")
CONTROLS = ("members", "rivalries")
# Left out at 1M relationships and more: each call would take minutes and gigabytes.
SKIP_LARGE = {"source": "returns every fact of the map's one source: a row per node and relationship"}  # re-timed with the trial indexes even when their plan does not change

# Why a query's as-of variant can cost more than its all-time one (printed for the misses).
MECHANISMS = {
    "valid": "every relationship it reads is tested against the date (`{{valid r}}`: two property reads and "
             "text comparisons) where all time stops at `$asOf = 'all-time'`",
    "camp_at": "nothing more: the date only picks another period of each organisation's camp list (`camp_from`), "
               "read for all time too (today's period); the rows differ",
    "view": "the embedded graph answers through a filtered view (networkx restricted_view) that tests "
            "every adjacency it walks against the left-out relationships; all time uses the graph itself",
}


def paired(graph: AllianceGraph, query, params, budget_s: float, max_runs: int):
    """Median and p95 (ms) of ``query`` for all time and as of AS_OF, timed alternately.

    Runs as many rounds as fit in ``budget_s`` (at most ``max_runs``; at least 5, 3 for rounds over
    6 s, 1 for rounds over a minute), after the first calls and, for quick ones, warm-up calls.
    Returns {variant: (p50, p95)}, row counts and runs.
    """
    variants = (ALL_TIME, AS_OF)
    prepared = graph.prepare(query, dict(params))
    rows = {}

    def call(v):
        rows[v] = len(graph.store.run(query, dict(prepared), AsOf.parse(v)))

    one_round = sum(timed_ms(call, v) for v in variants) / 1000  # first calls: planning, indexes of the view
    for _ in range(0 if one_round > 1 else 3 if one_round > 0.1 else 10):
        for v in variants:
            call(v)
    least = 1 if one_round > 60 else 3 if one_round > 6 else 5
    runs = max(least, min(max_runs, int(budget_s / max(one_round, 1e-6))))
    samples = {v: [] for v in variants}
    for i in range(runs):
        for v in (variants if i % 2 == 0 else variants[::-1]):
            samples[v].append(timed_ms(call, v))
    stats = {v: (statistics.median(s), bench_pages.percentile(s, 95)) for v, s in samples.items()}
    return stats, rows, runs


def timed_ms(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def plan_operators(bench, graph: AllianceGraph, query, params, as_of) -> list[str]:
    """The operators of the plan Neo4j chooses for ``query`` (EXPLAIN), in tree order."""
    prepared = {**graph.prepare(query, dict(params)), "asOf": AsOf.parse(as_of).cypher_param}
    with bench.admin_session() as s:
        plan = s.run("EXPLAIN " + query.cypher, prepared).consume().plan
    found = []

    def walk(op):
        found.append(op["operatorType"].split("@")[0])
        for child in op.get("children", []):
            walk(child)

    walk(plan)
    return found


def scans_of(operators) -> str:
    return ", ".join(sorted(set(operators) & set(_SCANS))) or "none"


_SCANS = ("AllNodesScan", "NodeByLabelScan", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
          "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan")


def index_statements(create: bool) -> list[str]:
    """Range indexes on ``valid_from`` / ``valid_to`` of every relationship type (types from the model's allow-list)."""
    out = []
    for t in REL_TYPES.values():
        for prop in INDEX_PROPS:
            name = f"bench_{t.constraint_name.removesuffix('_id')}_{prop}"
            out.append(f"CREATE INDEX {name} IF NOT EXISTS FOR ()-[r:{t.neo4j_type}]-() ON (r.{prop})" if create
                       else f"DROP INDEX {name} IF EXISTS")
    return out


def mechanisms(query, backend: str, excluded: int) -> str:
    """What the as-of variant of ``query`` does that the all-time one does not (see MECHANISMS)."""
    if "$asOf" not in query.cypher:
        return "nothing: the query ignores the date, so this is noise"
    if backend == "embedded":
        return MECHANISMS["view"] if excluded else "nothing (no relationship left out): noise"
    if "{{valid" in query.template:
        return MECHANISMS["valid"]
    return MECHANISMS["camp_at"] if "{{camp_at" in query.template or "{{bases_at" in query.template else "noise"


def main(args, bench) -> int:
    import neo4j_local as launcher

    sizes = [int(s) for s in (args.sizes or "100000,1000000").split(",")]
    budget_s, max_runs = (4.0, 10) if args.quick else (8.0, 30)
    bench.log("starting Neo4j")
    info, import_dir = bench.start_server(launcher)
    settings = Settings(info["uri"], "neo4j", bench.PASSWORD)
    bench._ADMIN.append(neo4j.GraphDatabase.driver(info["uri"], auth=("neo4j", bench.PASSWORD),
                                                   notifications_min_severity="OFF"))
    results = {"Neo4j": [], "embedded": []}
    data_rows, plan_rows, trial_rows, misses, skipped = [], [], [], [], []
    started = time.perf_counter()
    done = False

    def write() -> str:
        section = render(bench, info, sizes, budget_s, max_runs, data_rows, results, plan_rows, trial_rows, misses,
                         skipped, time.perf_counter() - started, done)
        out = Path(args.out)
        out.write_text(bench.replace_section(out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n",
                                             HEADING, section), encoding="utf-8")
        return section

    try:
        with AllianceGraph.neo4j(settings) as graph:
            graph.store.ensure_schema()
            for size in sizes:
                n_orgs = max(10, size // 10)
                folder = synthetic.write_csv(import_dir / f"syn-{size}", n_orgs, size, seed=42)
                bench.log(f"{size:,} relationships: read, load into Neo4j, build the embedded graph")
                nodes, rels = graph_rows(read_dataset_files([folder]))
                bench.wipe(graph)
                load_s, _ = bench.timed(graph.store.load_rows, nodes, rels, bulk=True)
                counts = bench.db_counts(graph)
                assert (counts["n"], counts["r"]) == (n_orgs + 1, size), counts
                store = EmbeddedStore(graph_from_rows(nodes, rels))
                del nodes, rels
                scan_ms = timed_ms(store.as_of, None)  # finds the dated relationships (once per graph)
                view_ms = timed_ms(store.as_of, AS_OF)  # the view of the date (once per date)
                dated = [d for _, _, d in store.graph.edges(data=True) if "valid_from" in d or "valid_to" in d]
                excluded = sum(not holds(d, AS_OF) for d in dated)
                data_rows.append((f"{size:,}", f"{len(dated):,}", f"{excluded:,}", f"{load_s:.0f}",
                                  f"{scan_ms:.0f}", f"{view_ms:.0f}"))
                emb = AllianceGraph(store)
                if size == sizes[-1]:
                    plan_rows, trial_rows = index_trial(bench, graph, emb, budget_s, max_runs)
                for q in registry().values():
                    if size >= 1_000_000 and q.name in SKIP_LARGE:
                        skipped.append((f"{size:,}", q.name, SKIP_LARGE[q.name]))
                        continue
                    params = bench.query_params(emb, q, big=True)
                    for backend, g in (("Neo4j", graph), ("embedded", emb)):
                        bench.log(f"{size:,} {q.name} {backend}")
                        stats, rows, runs = paired(g, q, params, budget_s, max_runs)
                        (a50, a95), (d50, d95) = stats[ALL_TIME], stats[AS_OF]
                        r50, r95 = d50 / a50, d95 / a95
                        dateless = "$asOf" not in q.cypher
                        if dateless:
                            verdict = "met (ignores the date)" if r50 <= GOAL else "missed (noise: ignores the date)"
                        else:
                            verdict = "met" if r50 <= GOAL else f"missed ({r50 / GOAL:.1f}x the goal)"
                        if r50 > GOAL:
                            misses.append((f"{size:,}", q.name, backend, f"{r50:.2f}", mechanisms(q, backend, excluded)))
                        results[backend].append((f"{size:,}", q.name, f"{rows[ALL_TIME]:,} / {rows[AS_OF]:,}", runs,
                                                 f"{a50:.2f}", f"{a95:.2f}", f"{d50:.2f}", f"{d95:.2f}",
                                                 f"{r50:.2f}", f"{r95:.2f}", verdict))
                    bench.log(f"elapsed {time.perf_counter() - started:.0f} s")
                    write()  # after every query: a run stopped early still leaves what it measured
                del emb, store
            done = True
    finally:
        if not args.keep_server:
            launcher.stop(bench.INSTANCE)
    print(write())
    return 0


def index_trial(bench, graph, emb, budget_s, max_runs):
    """Plans of every query (all time and as of), then the same with range indexes on the relationships'
    ``valid_from`` / ``valid_to``: the as-of queries whose plan changes, and the controls, timed without
    and with them. Returns (plan rows, trial rows); the indexes are dropped afterwards."""
    bench.log("plans, then a trial of range indexes on relationship valid_from / valid_to")
    queries = [(q, bench.query_params(emb, q, big=True)) for q in registry().values()]
    before = {}
    plan_rows = []
    for q, params in queries:
        ops_all = plan_operators(bench, graph, q, params, ALL_TIME)
        before[q.name] = plan_operators(bench, graph, q, params, AS_OF)
        plan_rows.append((q.name, scans_of(ops_all), scans_of(before[q.name]),
                          "same" if ops_all == before[q.name] else "differs"))
    untimed = {}
    for q, params in queries:
        if q.name in CONTROLS:
            untimed[q.name] = paired(graph, q, params, budget_s, max_runs)[0]
    with bench.admin_session() as s:
        for statement in index_statements(create=True):
            s.run(statement).consume()
        s.run("CALL db.awaitIndexes(1800)").consume()
        s.run("CALL db.clearQueryCaches()").consume()
    rows = []
    try:
        for q, params in queries:
            after = plan_operators(bench, graph, q, params, AS_OF)
            used = ", ".join(sorted({op for op in after if "RelationshipIndex" in op})) or "none"
            changed = after != before[q.name]
            dateless = "$asOf" not in q.cypher
            if dateless or not (changed or q.name in CONTROLS):
                rows.append((q.name, "yes" if changed else "no", used,
                             "ignores the date: not timed" if dateless else "not timed", "", "", ""))
                continue
            bench.log(f"trial: {q.name}")
            stats, _, _ = paired(graph, q, params, budget_s, max_runs)
            base = untimed.get(q.name)
            rows.append((q.name, "yes" if changed else "no (control)", used,
                         f"{base[AS_OF][0]:.2f}" if base else "-", f"{stats[AS_OF][0]:.2f}",
                         f"{base[AS_OF][0] / base[ALL_TIME][0]:.2f}" if base else "-",
                         f"{stats[AS_OF][0] / stats[ALL_TIME][0]:.2f}"))
    finally:
        with bench.admin_session() as s:
            for statement in index_statements(create=False):
                s.run(statement).consume()
            s.run("CALL db.clearQueryCaches()").consume()
    return plan_rows, rows


def render(bench, info, sizes, budget_s, max_runs, data_rows, results, plan_rows, trial_rows, misses, skipped,
           elapsed, done) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    largest = f"{sizes[-1]:,}"
    headers = ["relationships", "query", "rows all time / as of", "runs", "all time p50", "all time p95",
               "as of p50", "as of p95", "ratio p50", "ratio p95", "verdict (p50, goal <= 1.5x)"]
    summary = []
    for backend, rows in results.items():
        for size in sizes:
            mine = [r for r in rows if r[0] == f"{size:,}"]
            if not mine:
                continue
            met = sum(r[-1].startswith("met") for r in mine)
            worst = max(mine, key=lambda r: float(r[8]))
            summary.append((backend, f"{size:,}", f"{met} of {len(mine)}", f"{worst[8]}x ({worst[1]})"))
    parts = [
        f"{HEADING}\n\n"
        f"Issue 12's goal: a canned query as of a date within 1.5x the time of the same query without a date "
        f"(`as_of=ALL_TIME`). Measured {now} on {platform.machine()}, {os.cpu_count()} cores shared with other "
        f"work running at the same time, {mem:.0f} GiB, {platform.system()}; Python {platform.python_version()}, "
        f"neo4j driver {neo4j.__version__}, Neo4j {info['version']} (local launcher, heap "
        f"{os.environ['AGRAPH_NEO4J_HEAP']}, page cache {os.environ['AGRAPH_NEO4J_PAGECACHE']}); synthetic maps of "
        f"{', '.join(f'{s:,}' for s in sizes)} relationships (organisations = relationships / 10, seed 42), "
        f"as of {AS_OF}; " + (f"the run took {elapsed / 60:.0f} minutes.\n\n" if done else
                              f"**the run was stopped after {elapsed / 60:.0f} minutes: what follows is what it "
                              "measured until then.**\n\n") +
        "Reproduce: `python scripts/benchmark.py --only as-of` (`--sizes 10000 --quick` for a smoke run). "
        "Each query's two variants are timed alternately in one loop after warm-up calls, with the parameters "
        "of the latency table, names resolved beforehand (resolution does not depend on the date): the time is "
        "the query alone, from Python, rows included. Runs: as many rounds as fit in "
        f"{budget_s:.0f} s per query and backend, at most {max_runs}, at least 5 (3 for calls over 3 s); "
        "with few runs the p95 is the slowest run, so verdicts read the medians. Only the ratios mean much: "
        "the same numbers measured minutes apart on this machine vary by 2x and more.\n\n"
        "What the date filters: the synthetic map dates only its investment partnerships (5% of the "
        "relationships, `since` 2015 to 2025); memberships and competition are undated, so as of the date "
        "every relationship is still tested but most pass.\n\n"
        + bench.table(["relationships", "dated", "left out as of " + AS_OF, "Neo4j load (s)",
                       "embedded: find dated (ms, once)", "embedded: view of the date (ms, once per date)"], data_rows),
        "### Verdicts\n\n" + bench.table(["backend", "relationships", "met", "worst ratio"], summary),
    ]
    for backend, rows in results.items():
        parts.append(f"### {backend} (ms)\n\n" + bench.table(headers, rows))
    if skipped:
        parts.append("### Not measured\n\n" + bench.table(["relationships", "query", "why"], skipped))
    if misses:
        parts.append("### Why the misses\n\n" + bench.table(["relationships", "query", "backend", "ratio p50",
                                                              "what the as-of variant does more"], misses))
    parts.append(f"### Plans of the as-of queries at {largest} relationships\n\n"
                 "Every query receives `$asOf` as a parameter, so a query has one plan for every date and for "
                 "all time (Neo4j caches it by text); the date filter `($asOf = 'all-time' OR (r.valid_from IS "
                 "NULL OR r.valid_from <= day) AND (r.valid_to IS NULL OR day <= r.valid_to))` is a predicate "
                 "on relationships already found, which no index can answer (an OR with a parameter, and "
                 "undated relationships have no value to index). The camp of a date is computed from each "
                 "organisation's list of camp periods, so `camp` (and the camps in `rivalries` and `stats`) read "
                 "every organisation in both variants: the `organisation_camp` index holds today's camp only and "
                 "serves neither.\n\n"
                 + bench.table(["query", "scans (all time)", "scans (as of)", "plan as of vs all time"],
                               plan_rows))
    parts.append(f"### Trial: range indexes on relationship valid_from / valid_to ({largest} relationships, Neo4j)\n\n"
                 "One range index per relationship type and property, created, awaited, query caches cleared; "
                 "then each as-of plan read again, and the as-of queries whose plan changed timed (with "
                 f"{', '.join(CONTROLS)} as controls, timed before and after); the indexes are dropped afterwards. "
                 "Done before the timings above.\n\n"
                 + bench.table(["query", "plan changed", "relationship index used", "as of p50 before",
                                "as of p50 with indexes", "ratio before", "ratio with indexes"], trial_rows))
    return "\n\n".join(parts)
