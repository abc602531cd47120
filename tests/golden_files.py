"""Golden answers: every registry query's rows on the golden dataset, as Neo4j gives them.

The golden dataset is the shipped article dataset with :data:`EXTRA_FILES` loaded into
it: several sources on one graph (corroborated relationships, a disputed claim), so that
the source queries (``sources``, ``source``, ``conflicts``) answer something, and dated
relationships (the Frontier Model Forum, a partial date, ``until: unknown``, a
relationship that ended on a date, a camp that turns ``mixed``), so that ``{{valid}}``,
``{{camp_at}}``, ``{{bases_at}}`` and the timeline spans answer differently on each date.

``tests/golden/<query>.json`` is written by the integration suite from a real Neo4j
(``--update-golden`` or ``AGRAPH_UPDATE_GOLDEN=1``) and read by the unit tests, which
compare the embedded twins to it with no server. One file per registry query, a JSON
object written one call per line so that diffs show which answers changed::

    {"query": "members", "params": {"alliance": ["ai-alliance", ...]},
     "as_of": ["2023-10-01", ..., "all-time"], "page_size": 2,
     "omitted": "...", "calls": [
    {"args": {"alliance": "ai-alliance"}, "as_of": "2023-10-01", "rows": [...]},
    {"after": null, "args": {"alliance": "ai-alliance"}, "as_of": "2023-10-01", "next": "members:...", "rows": [...]},
    {"after": "members:...", "args": {"alliance": "ai-alliance"}, "as_of": "2023-10-01", "next": null, "rows": [...]},
    ...
    ]}

``params`` lists the values tried for each parameter (:func:`param_values`); every
combination is called at every date of :data:`AS_OF_DATES` (fixed dates and all time,
never today: today moves, and a file recorded "as of today" would rot). A query that pages
(its header has ``// page:``) is also walked in pages of :data:`PAGE_SIZE` rows: one line
per page, with the cursor it was asked ``after`` (null: the first page) and the ``next``
cursor it gave, so the keyset conditions and their index prefilters are checked offline by
asking the twin for the same page. Only the calls that answer rows are written (sorted), so
a call missing from ``calls`` answers no rows (and its first page is empty, with no next
cursor).
"""

from __future__ import annotations

import itertools
import json
import os
from functools import lru_cache
from pathlib import Path

from alliance_graph.dates import ALL_TIME
from alliance_graph.model import Dataset
from alliance_graph.param_types import PARAM_TYPES

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MANY_SOURCES = FIXTURES / "many_sources"
BUNDLED = Path(__file__).resolve().parent.parent / "alliance_graph" / "data"
#: Loaded on top of the article: five launch counts of the AI Alliance (40, 45, 47, 50); a second
#: source on OpenAI and its rivalry with Anthropic; the Frontier Model Forum as shipped (founded
#: 2023-07-26, Amazon and Meta joined 2024-05); a made-up club with every kind of dated event
#: (joined and left on partial dates, ``until: unknown`` bounded by a dated source and by none, a
#: partnership that ended in 2024); dated investments that give Hugging Face a camp that changes
#: (none, closed from 2023-09-25, ``mixed`` from the AI Alliance launch, 2023-12-05); Meta's rivals
#: OpenAI and Google (cross-camp rivalries over more than one page, Google's only before the launch).
EXTRA_FILES = [*sorted((MANY_SOURCES / "launch-counts").glob("*.yaml")), MANY_SOURCES / "openai-again" / "openai-anthropic.yaml",
               BUNDLED / "frontier-model-forum.yaml", FIXTURES / "timeline" / "club.yaml",
               FIXTURES / "dated" / "hugging-face-investors.yaml", FIXTURES / "dated" / "meta-rivals.yaml",
               FIXTURES / "openness" / "models.yaml"]
#: Every call is recorded at each of these: before the AI Alliance launch (2023-12-05) but after
#: the Forum's founding and Amazon's investment in Anthropic (Hugging Face closed); between the
#: launch and May 2024 (Hugging Face mixed, the club's Gamma not yet gone, Amazon and Meta not yet
#: in the Forum); after both (the club's partnership ended, Amazon and Meta in the Forum); and over
#: all time. Fixed dates: never today.
AS_OF_DATES = ("2023-10-01", "2024-03-01", "2025-06-30", ALL_TIME)
#: The page size of the recorded pages.
PAGE_SIZE = 2
#: The node values tried by a query of two node parameters (``path``, ``why``): every pair of nodes
#: at four dates would make files of about half a megabyte. Kept: the alliances, a product, the
#: closed companies of the article (OpenAI, Anthropic), and the nodes whose relationships are dated.
PAIR_NODES = ("ai-alliance", "alpha", "amazon", "anthropic", "chatgpt", "club", "frontier-model-forum", "gamma",
              "hugging-face", "openai")
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
    """The values tried for a parameter of type ``ptype`` on ``ds``: its examples (every id of its kind,
    sorted), or :data:`SEARCH_TEXTS` for free text."""
    kind = PARAM_TYPES[ptype]
    return list(SEARCH_TEXTS) if kind.free_text else kind.examples(ds)


def values_of(ds: Dataset, query) -> dict[str, list]:
    """The values tried per parameter: an optional one is also left out (None)."""
    return {p.name: [*([None] if p.optional else []), *param_values(ds, p.type)] for p in query.params}


def golden_values(ds: Dataset, query) -> dict[str, list[str]]:
    """The values a golden file tries: :func:`values_of`, but for a query of two node parameters
    only the :data:`PAIR_NODES` (every pair at every date would make its file too large)."""
    values = values_of(ds, query)
    if sum(p.type == "node" for p in query.params) > 1:
        values = {p.name: [v for v in values[p.name] if p.type != "node" or v in PAIR_NODES] for p in query.params}
    return values


def all_calls(values: dict[str, list[str]]) -> list[dict]:
    """Every combination of the parameter values (one call with no arguments for a query without parameters)."""
    return [dict(zip(values, combo, strict=True)) for combo in itertools.product(*values.values())]


def call_key(args: dict) -> str:
    return json.dumps(args, sort_keys=True, ensure_ascii=False)


def plain(rows: list[dict]) -> list[dict]:
    """Rows as JSON gives them back (tuples become lists), so answers compare with what a file holds."""
    return json.loads(json.dumps(rows, ensure_ascii=False))


def answers(graph, query, values: dict[str, list[str]], as_of=None) -> dict[str, list[dict]]:
    """Each call's rows, by :func:`call_key` (as of ``as_of``, default today)."""
    return {call_key(args): plain(graph.rows(query.name, as_of=as_of, **args)) for args in all_calls(values)}


def record_key(call: dict) -> str:
    """The key of one recorded call: its date, arguments and, for a page, the cursor it comes after."""
    return json.dumps({k: call[k] for k in ("as_of", "args", "after") if k in call}, sort_keys=True, ensure_ascii=False)


def record(graph, query, values: dict[str, list[str]]) -> dict[str, dict]:
    """Every call of ``query`` at every date of :data:`AS_OF_DATES`, by :func:`record_key`: its whole
    answer (``{"rows": ...}``), and for a query that pages each page of :data:`PAGE_SIZE` rows walked
    with the cursors ``graph`` gives (``{"rows": ..., "next": cursor}``), stopping at the first
    page of an empty answer."""
    out = {}
    for as_of in AS_OF_DATES:
        for args, rows in zip(all_calls(values), answers(graph, query, values, as_of).values(), strict=True):
            out[record_key({"as_of": as_of, "args": args})] = {"rows": rows}
            if not query.pages:
                continue
            after = None
            while True:
                page = graph.rows(query.name, as_of=as_of, limit=PAGE_SIZE, after=after, **args)
                out[record_key({"as_of": as_of, "args": args, "after": after})] = {"rows": plain(page),
                                                                                  "next": page.next_cursor}
                if page.next_cursor is None:
                    break
                after = page.next_cursor
    return out


def replay(graph, query, keys) -> dict[str, dict]:
    """The answers of ``graph`` to the recorded calls ``keys`` (:func:`record_key`): a page is asked
    with the cursor recorded for it, so each keyset condition is checked on its own."""
    out = {}
    for key in keys:
        call = json.loads(key)
        if "after" not in call:
            out[key] = {"rows": plain(graph.rows(query.name, as_of=call["as_of"], **call["args"]))}
        else:
            page = graph.rows(query.name, as_of=call["as_of"], limit=PAGE_SIZE, after=call["after"], **call["args"])
            out[key] = {"rows": plain(page), "next": page.next_cursor}
    return out


def path_of(name: str) -> Path:
    return GOLDEN_DIR / f"{name}.json"


def write_golden(query, values: dict[str, list[str]], recorded: dict[str, dict]) -> Path:
    """Write :func:`record`'s answers, one call per line, leaving out the calls that answer no rows."""
    dump = lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    page = f',"page_size":{PAGE_SIZE}' if query.pages else ""
    lines = [f'{{"query":{dump(query.name)},"params":{dump(values)},"as_of":{dump(list(AS_OF_DATES))}{page},'
             f'"omitted":{dump(OMITTED)},"calls":[']
    calls = [dump({**json.loads(key), **answer}) for key, answer in sorted(recorded.items()) if answer["rows"]]
    lines.append(",\n".join(calls))
    lines.append("]}")
    path = path_of(query.name)
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    return path


def read_golden(name: str) -> tuple[dict, dict[str, dict]]:
    """The file's head (``params``, ``as_of``, ``page_size``) and every recorded call's answer by
    :func:`record_key`; calls left out of the file answer no rows (and their first page is empty)."""
    data = json.loads(path_of(name).read_text(encoding="utf-8"))
    paged = "page_size" in data
    answers_ = {}
    for as_of in data["as_of"]:
        for args in all_calls(data["params"]):
            answers_[record_key({"as_of": as_of, "args": args})] = {"rows": []}
            if paged:
                answers_[record_key({"as_of": as_of, "args": args, "after": None})] = {"rows": [], "next": None}
    for call in data["calls"]:
        answers_[record_key(call)] = {k: call[k] for k in ("rows", "next") if k in call}
    head = {k: data[k] for k in ("params", "as_of", "page_size") if k in data}
    return head, answers_


def expected_head(query, ds: Dataset) -> dict:
    """The head a golden file of ``query`` on ``ds`` has (see :func:`read_golden`)."""
    head = {"params": golden_values(ds, query), "as_of": list(AS_OF_DATES)}
    if query.pages:
        head["page_size"] = PAGE_SIZE
    return head


def update_requested(config) -> bool:
    return bool(config.getoption("--update-golden")) or os.environ.get("AGRAPH_UPDATE_GOLDEN") == "1"


def differences(expected: dict, got: dict, show: int = 2) -> str:
    """'' when equal, else how many calls differ and the first few, with both answers."""
    bad = [k for k in sorted(expected.keys() | got.keys()) if expected.get(k) != got.get(k)]
    if not bad:
        return ""
    shown = "\n".join(f"  call {k}:\n    expected {json.dumps(expected.get(k), ensure_ascii=False)[:600]}\n"
                      f"    got      {json.dumps(got.get(k), ensure_ascii=False)[:600]}" for k in bad[:show])
    return f"{len(bad)} of {len(expected)} calls differ:\n{shown}"
