"""The bulk CSV form's fast path (plainly valid rows, plain checks) against the careful path
(every row through the per-record checks): the same dataset, graph and problems."""

from __future__ import annotations

import pytest

from alliance_graph import synthetic
from alliance_graph.dataset import read_dataset_files
from alliance_graph.dataset.builder import _Builder
from alliance_graph.errors import DatasetError
from alliance_graph.store.embedded import build_graph

SOURCES = "id,title,language\ns1,Test,fr\n"
ORGS = "id,name,kind\nalpha,Alpha,company\nbeta,Beta,company\ngamma,Gamma,company\nall,All,alliance\n"
GOOD = ["competes-with,alpha,beta,,,2020,,s1,q1,",
        "member-of,alpha,all,founder,,2019-05,2021,s1,q2,beta",
        "partners-with,gamma,beta,,investment,,unknown,s1,q3,",
        "member-of,gamma,all,,,,,s1,q4,"]
BAD = {  # a bad row -> what its problem says
    "competes-with,alpha,alpha,,,,,s1,q,": "to itself",
    "competes-with,alpha,beta,member,,,,s1,q,": "only applies to",
    "member-of,alpha,all,chief,,,,s1,q,": "is not allowed",
    "partners-with,alpha,gamma,,investment,2021-02-30,,s1,q,": "not a real calendar date",
    "partners-with,alpha,gamma,,investment,2021,2019,s1,q,": "is before 'since'",
    "competes-with,alpha,nobody,,,,,s1,q,": "unknown id 'nobody'",
    "competes-with,alpha,Beta,,,,,s1,q,": "is not a valid id",
    "competes-with,alpha,beta,,,,,s1,,": "needs a non-empty 'quote'",
    "competes-with,alpha,beta,,,,,s2,q,": "unknown source 's2'",
    "states,alpha,beta,,,,,s1,q,": "written by the 'claims' section",
    "competes-with,alpha,beta,,,,,s1,q,,extra": "more fields than header columns",
    "member-of,beta,gamma,,,,,s1,q,": "organisation of kind 'alliance'",
}
HEADER = "type,from,to,role,kind,since,until,source,quote,via\n"


def _read(folder, monkeypatch, fast: bool):
    monkeypatch.setattr(_Builder, "fast", fast)
    try:
        return read_dataset_files([folder]), None
    except DatasetError as exc:
        return None, exc.problems


def _write(folder, rows):
    folder.mkdir(exist_ok=True)
    (folder / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (folder / "organisations.csv").write_text(ORGS, encoding="utf-8")
    (folder / "relationships.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return folder


def test_fast_and_careful_paths_give_the_same_dataset_and_graph(tmp_path, monkeypatch):
    folder = synthetic.write_csv(tmp_path / "map", 300, 3000, seed=3)
    fast, _ = _read(folder, monkeypatch, True)
    careful, _ = _read(folder, monkeypatch, False)
    assert fast == careful and len(fast.relationships) == 3000
    g, h = build_graph(fast), build_graph(careful)
    assert list(g.nodes(data=True)) == list(h.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))


def test_fast_path_takes_the_properties_as_the_careful_path_does(tmp_path, monkeypatch):
    folder = _write(tmp_path / "good", GOOD)
    fast, _ = _read(folder, monkeypatch, True)
    careful, _ = _read(folder, monkeypatch, False)
    assert fast == careful
    rel = fast.relationships["member-of:alpha:all"]
    assert (rel.role, rel.since, rel.until, rel.evidence[0].via) == ("founder", "2019-05", "2021", "beta")
    assert fast.relationships["member-of:gamma:all"].role == "member"  # the default
    assert fast.relationships["partners-with:beta:gamma"].until == "unknown"  # symmetric: one direction


@pytest.mark.parametrize("bad", list(BAD))
def test_a_bad_row_among_good_ones_is_reported_with_its_file_and_line(tmp_path, monkeypatch, bad):
    folder = _write(tmp_path / "bad", [*GOOD[:2], bad, *GOOD[2:]])
    _, problems = _read(folder, monkeypatch, True)
    _, careful = _read(folder, monkeypatch, False)
    assert problems is not None and problems == careful
    assert [(p.file, p.line) for p in problems] == [(str(folder / "relationships.csv"), 4)]
    assert BAD[bad] in problems[0].message


def test_a_relationship_described_twice_is_checked_across_rows(tmp_path, monkeypatch):
    rows = ["partners-with,alpha,beta,,investment,2020,,s1,q1,", "partners-with,beta,alpha,,investment,2021,,s1,q2,"]
    folder = _write(tmp_path / "twice", rows)
    _, problems = _read(folder, monkeypatch, True)
    _, careful = _read(folder, monkeypatch, False)
    assert problems == careful and [p.line for p in problems] == [3]
    assert "gives 'since' = '2021' here but '2020' in relationships[0] partners-with alpha -> beta" in problems[0].message


def test_one_id_for_two_relationships_names_the_first_row(tmp_path, monkeypatch):
    folder = _write(tmp_path / "ids", [])
    (folder / "relationships.csv").write_text(
        "id,type,from,to,source,quote\nc1,competes-with,alpha,beta,s1,q1\nc1,competes-with,alpha,gamma,s1,q2\n",
        encoding="utf-8")
    _, problems = _read(folder, monkeypatch, True)
    _, careful = _read(folder, monkeypatch, False)
    assert problems == careful and [p.line for p in problems] == [3]
    assert f"is a competes-with from 'alpha' to 'beta' at {folder / 'relationships.csv'}:2" in problems[0].message
    assert problems[0].record == "relationships[1] id=c1"


def test_a_graph_built_consuming_its_dataset_is_the_same_graph(tmp_path, monkeypatch):
    folder = synthetic.write_csv(tmp_path / "map", 200, 1500, seed=8)
    kept, taken = read_dataset_files([folder]), read_dataset_files([folder])
    g, h = build_graph(kept), build_graph(taken, consume=True)
    assert list(g.nodes(data=True)) == list(h.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))
    assert len(kept.relationships) == 1500 and not taken.relationships
