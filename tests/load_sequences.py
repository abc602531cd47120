"""Random multi-source datasets and random sequences of loads and retracts, for the property
"any sequence of loads and retracts gives the graph built in one go from the files that remain".

Each file is one source's view of a small world: it describes every node it refers to (so a
retract never leaves a reference to nothing) and may disagree with the other files on kinds,
countries, stated camps, relationship roles and since dates, and a claim's value. Used by the
embedded test (tests/unit) and the Neo4j test (tests/integration) alike.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import strategies as st

from alliance_graph import AllianceGraph
from alliance_graph.dataset import read_dataset_files

ORGS = ("o1", "o2", "o3", "o4")
ALLIANCE = "club"

_org = st.fixed_dictionaries({
    "kind": st.sampled_from(("company", "nonprofit")),
    "country": st.sampled_from((None, "US", "FR")),
    "camp": st.sampled_from((None, "open", "closed")),
    "alias": st.booleans(),
})
_rel = st.tuples(st.sampled_from(("competes-with", "partners-with", "member-of")), st.sampled_from(ORGS),
                 st.sampled_from(ORGS), st.sampled_from((None, "founder", "member")),
                 st.sampled_from((None, "2023", "2024-02")))
_file = st.fixed_dictionaries({
    "published": st.sampled_from((None, "2023-12", "2024-01-05", "2024-02")),
    "orgs": st.dictionaries(st.sampled_from(ORGS), _org, min_size=1, max_size=4),
    "rels": st.lists(_rel, max_size=5),
    "claim": st.sampled_from((None, 40, 45, 47, 50)),
})
#: Per source, two versions of its file (a reload of a corrected file loads the other one).
files_strategy = st.lists(st.tuples(_file, _file), min_size=2, max_size=4)


def operations_strategy(n_sources: int):
    """A sequence of ("load", i, version) and ("retract", i, 0) steps over ``n_sources`` sources."""
    return st.lists(st.tuples(st.sampled_from(("load", "load", "retract")), st.integers(0, n_sources - 1),
                              st.integers(0, 1)), min_size=1, max_size=7)


def write_files(specs: list[tuple[dict, dict]], folder: Path) -> list[tuple[Path, Path]]:
    """Two versions of one YAML file per source ``s<i>``: ``[(version 0, version 1), ...]``."""
    return [tuple(_write(i, spec, folder / f"file{i}v{v}.yaml") for v, spec in enumerate(pair))
            for i, pair in enumerate(specs)]


def _write(i: int, spec: dict, path: Path) -> Path:
    sid = f"s{i}"
    ev = [{"source": sid, "quote": f"quote {i}"}]
    orgs = dict(spec["orgs"])
    rels = []
    seen = set()
    for rtype, a, b, role, since in spec["rels"]:
        if rtype == "member-of":
            b = ALLIANCE
        elif a == b:
            continue
        key = (rtype, *sorted((a, b)))
        if key in seen:  # one source states one fact once
            continue
        seen.add(key)
        orgs.setdefault(a, {"kind": "company", "country": None, "camp": None, "alias": False})
        rec = {"type": rtype, "from": a, "to": b, "evidence": ev}
        if rtype == "member-of" and role:
            rec["role"] = role
        if since:
            rec["since"] = since
        rels.append(rec)
    if any(r["to"] == ALLIANCE for r in rels):
        orgs[ALLIANCE] = {"kind": "alliance", "country": None, "camp": "open" if i % 2 else None, "alias": False}
    records = []
    for oid, o in sorted(orgs.items()):
        rec = {"id": oid, "name": f"Org {oid}", "kind": o["kind"]}
        if o["alias"]:
            rec["aliases"] = [f"{oid} from {sid}"]
        if o["country"]:
            rec["country"] = o["country"]
        if o["camp"]:
            rec["camp"] = {"value": o["camp"], "evidence": ev}
        rec["evidence"] = ev
        records.append(rec)
    referenced = {r["to"] for r in rels} | {r["from"] for r in rels}
    missing = referenced - set(orgs)
    for oid in sorted(missing):
        records.append({"id": oid, "name": f"Org {oid}", "kind": "company", "evidence": ev})
    source = {"id": sid, "title": f"Source {i}", "language": "en"}
    if spec["published"]:
        source["published"] = spec["published"]
    doc = {"sources": [source], "organisations": records, "relationships": rels}
    if spec["claim"] is not None:
        doc["claims"] = [{"id": "club-size", "metric": "members", "value": spec["claim"], "unit": "organisations",
                          "qualifier": "exact" if spec["claim"] == 47 else "more-than", "about": records[0]["id"],
                          "evidence": ev}]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def dump(g) -> tuple[dict, dict]:
    """Every node and relationship with every property, comparable across stores and orders."""
    nodes = {n: {k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items()} for n, d in g.nodes(data=True)}
    rels = {d["id"]: (a, b, {k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items()})
            for a, b, d in g.edges(data=True)}
    return nodes, rels


def built_in_one_go(paths: list[Path]):
    """The graph of ``paths`` read together (empty when there are none)."""
    import networkx as nx

    if not paths:
        return nx.MultiDiGraph()
    return AllianceGraph.embedded(paths, builtin=False).to_networkx()


def run_sequence(graph: AllianceGraph, paths: list[tuple[Path, Path]], operations) -> list[Path]:
    """Apply the operations to ``graph`` (a retract of a source not loaded is skipped); returns the
    files whose sources are loaded at the end (the version loaded last of each)."""
    loaded: dict[int, Path] = {}
    for op, i, version in operations:
        if op == "load":
            graph.load(read_dataset_files([paths[i][version]]))
            loaded[i] = paths[i][version]
        elif i in loaded:
            graph.retract([f"s{i}"])
            del loaded[i]
    return list(loaded.values())


def temp_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="agraph-seq-"))
