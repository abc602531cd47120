"""Golden answers: every registry query's rows on the golden dataset, as Neo4j gives them.

The golden dataset is the shipped article dataset with :data:`EXTRA_FILES` loaded into
it (several sources on one graph: corroborated relationships, a disputed claim), so that
the source queries (``sources``, ``source``, ``conflicts``) answer something.

``tests/golden/<query>.json`` is written by the integration suite from a real Neo4j
(``--update-golden`` or ``AGRAPH_UPDATE_GOLDEN=1``) and read by the unit tests, which
compare the embedded twins to it with no server. One file per registry query, a JSON
object written one call per line so that diffs show which answers changed::

    {"query": "members", "params": {"alliance": ["ai-alliance", ...]},
     "omitted": "calls that answer no rows", "calls": [
    {"args": {"alliance": "ai-alliance"}, "rows": [...]},
    ...
    ]}

``params`` lists the values tried for each parameter (:func:`param_values`); every
combination is called, and only the calls that answer rows are written (sorted by
their arguments), so a call missing from ``calls`` answers no rows.
"""

from __future__ import annotations

import itertools
import json
import os
from functools import lru_cache
from pathlib import Path

from alliance_graph.model import CAMPS, Dataset

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
MANY_SOURCES = Path(__file__).resolve().parent / "fixtures" / "many_sources"
#: Loaded on top of the article: five launch counts of the AI Alliance (40, 45, 47, 50) and a
#: second source on OpenAI and its rivalry with Anthropic.
EXTRA_FILES = [*sorted((MANY_SOURCES / "launch-counts").glob("*.yaml")), MANY_SOURCES / "openai-again" / "openai-anthropic.yaml"]
SEARCH_TEXTS = ["a", "cornell", "universite", "open", "é", "zzz", "ai alliance"]
UPDATE_COMMAND = ("AGRAPH_REQUIRE_NEO4J=1 PYTHONPATH=$PWD python3 -m pytest "
                  "tests/integration/test_backends_agree.py --update-golden")
OMITTED = "calls that answer no rows"


@lru_cache(maxsize=1)
def golden_dataset() -> Dataset:
    """The article dataset with :data:`EXTRA_FILES` loaded into it (as ``AllianceGraph.embedded`` does);
    built once: do not change it."""
    from alliance_graph import default_dataset_paths, read_dataset_files
    from alliance_graph.merge import merge

    base = read_dataset_files(default_dataset_paths())
    return merge(base, read_dataset_files(EXTRA_FILES, base=base))


def golden_graph():
    """The embedded graph of :func:`golden_dataset`."""
    from alliance_graph import AllianceGraph

    return AllianceGraph.embedded(EXTRA_FILES)


def param_values(ds: Dataset, ptype: str) -> list[str]:
    """The values tried for a parameter of type ``ptype`` on ``ds``: every id of its kind, sorted."""
    if ptype == "source":
        return sorted(ds.sources)
    if ptype == "org":
        return sorted(ds.organisations)
    if ptype == "node":
        return sorted([*ds.organisations, *ds.products])
    if ptype == "camp":
        return list(CAMPS)
    return list(SEARCH_TEXTS)


def values_of(ds: Dataset, query) -> dict[str, list[str]]:
    return {p.name: param_values(ds, p.type) for p in query.params}


def all_calls(values: dict[str, list[str]]) -> list[dict]:
    """Every combination of the parameter values (one call with no arguments for a query without parameters)."""
    return [dict(zip(values, combo)) for combo in itertools.product(*values.values())]


def call_key(args: dict) -> str:
    return json.dumps(args, sort_keys=True, ensure_ascii=False)


def plain(rows: list[dict]) -> list[dict]:
    """Rows as JSON gives them back (tuples become lists), so answers compare with what a file holds."""
    return json.loads(json.dumps(rows, ensure_ascii=False))


def answers(graph, query, values: dict[str, list[str]], as_of=None) -> dict[str, list[dict]]:
    """Each call's rows, by :func:`call_key` (as of ``as_of``, default today)."""
    return {call_key(args): plain(graph.rows(query.name, as_of=as_of, **args)) for args in all_calls(values)}


def path_of(name: str) -> Path:
    return GOLDEN_DIR / f"{name}.json"


def write_golden(query, values: dict[str, list[str]], answered: dict[str, list[dict]]) -> Path:
    dump = lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    lines = [f'{{"query":{dump(query.name)},"params":{dump(values)},"omitted":{dump(OMITTED)},"calls":[']
    calls = [f'{{"args":{dump(json.loads(key))},"rows":{dump(rows)}}}'
             for key, rows in sorted(answered.items()) if rows]
    lines.append(",\n".join(calls))
    lines.append("]}")
    path = path_of(query.name)
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    return path


def read_golden(name: str) -> tuple[dict[str, list[str]], dict[str, list[dict]]]:
    """The parameter values and every call's rows (calls left out of the file answer ``[]``)."""
    data = json.loads(path_of(name).read_text(encoding="utf-8"))
    rows = {call_key(args): [] for args in all_calls(data["params"])}
    rows.update({call_key(c["args"]): c["rows"] for c in data["calls"]})
    return data["params"], rows


def update_requested(config) -> bool:
    return bool(config.getoption("--update-golden")) or os.environ.get("AGRAPH_UPDATE_GOLDEN") == "1"


def differences(expected: dict[str, list[dict]], got: dict[str, list[dict]], show: int = 2) -> str:
    """'' when equal, else how many calls differ and the first few, with both answers."""
    bad = [k for k in sorted(expected.keys() | got.keys()) if expected.get(k) != got.get(k)]
    if not bad:
        return ""
    shown = "\n".join(f"  call {k}:\n    expected {json.dumps(expected.get(k), ensure_ascii=False)[:600]}\n"
                      f"    got      {json.dumps(got.get(k), ensure_ascii=False)[:600]}" for k in bad[:show])
    return f"{len(bad)} of {len(expected)} calls differ:\n{shown}"
