"""A new source field and a new relationship property come from their declaration alone
(``model.RECORDS`` and ``RelType.props``): read from YAML and from the bulk CSV form, stored in
the embedded graph, written back by the dataset writer, and checked with the usual messages."""

from __future__ import annotations

import dataclasses

import pytest

from alliance_graph import model
from alliance_graph.dataset import read_dataset_files
from alliance_graph.dataset_writer import graph_to_dataset
from alliance_graph.errors import DatasetError
from alliance_graph.record_fields import declare
from alliance_graph.rows import graph_rows
from alliance_graph.store.embedded import build_graph


@dataclasses.dataclass(frozen=True, slots=True)
class EditionSource(model.Source):
    edition: str | None = declare("choice", values=("print", "online"))


@pytest.fixture
def declared(monkeypatch):
    """The declarations with a source field ``edition`` and a partnership property ``stake`` more."""
    monkeypatch.setitem(model.RECORDS, "sources", EditionSource)
    rt = model.REL_TYPES["partners-with"]
    monkeypatch.setitem(model.REL_TYPES, rt.name, dataclasses.replace(
        rt, props=(*rt.props, model.RelProp("stake", kind="text"))))


YAML = """\
sources:
  - {id: s1, title: A report, language: en, edition: online}
organisations:
  - {id: alpha, name: Alpha, kind: company, source: s1}
  - {id: beta, name: Beta, kind: company, source: s1}
relationships:
  - type: partners-with
    from: alpha
    to: beta
    kind: investment
    stake: "10%"
    evidence: [{source: s1, quote: Alpha holds ten per cent of Beta}]
"""


def _yaml(tmp_path, text=YAML):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _csv(tmp_path):
    folder = tmp_path / "bulk"
    folder.mkdir()
    (folder / "sources.csv").write_text("id,title,language,edition\ns1,A report,en,online\n", encoding="utf-8")
    (folder / "organisations.csv").write_text("id,name,kind\nalpha,Alpha,company\nbeta,Beta,company\n",
                                              encoding="utf-8")
    (folder / "relationships.csv").write_text(
        "type,from,to,kind,stake,source,quote\npartners-with,alpha,beta,investment,10%,s1,Alpha holds ten per cent\n",
        encoding="utf-8")
    return folder


@pytest.mark.parametrize("form", ["yaml", "csv"])
def test_a_declared_field_and_property_are_read_stored_and_written_back(tmp_path, declared, form):
    ds = read_dataset_files([_yaml(tmp_path) if form == "yaml" else _csv(tmp_path)])
    assert ds.sources["s1"].edition == "online"
    rel = ds.relationships["partners-with:alpha:beta"]
    assert rel.props == {"kind": "investment", "stake": "10%"} and rel.stake == "10%"
    nodes, rels = graph_rows(ds)
    assert next(n for n in nodes if n.id == "s1").props["edition"] == "online"
    assert rels[0].props["stake"] == "10%"
    g = build_graph(ds)
    assert g.nodes["s1"]["edition"] == "online"
    assert [d["stake"] for _a, _b, d in g.edges(data=True)] == ["10%"]
    doc = graph_to_dataset(g)
    assert doc["sources"][0]["edition"] == "online"
    assert doc["relationships"][0]["stake"] == "10%"
    (tmp_path / "again").mkdir()
    again = read_dataset_files([_yaml(tmp_path / "again", __import__("yaml").safe_dump(doc))])
    assert again.sources["s1"] == ds.sources["s1"] and again.relationships["partners-with:alpha:beta"].props == rel.props


def test_a_declared_field_is_checked_with_the_usual_messages(tmp_path, declared):
    text = YAML.replace("edition: online", "edition: radio").replace('stake: "10%"', "stake: ''")
    with pytest.raises(DatasetError) as err:
        read_dataset_files([_yaml(tmp_path, text)])
    messages = [(p.line, p.message) for p in err.value.problems]
    assert (2, "field 'edition' = 'radio' is not allowed; use one of: print, online") in messages
    assert (7, "field 'stake' is empty") in messages


def test_without_the_declaration_the_field_is_unknown(tmp_path):
    with pytest.raises(DatasetError) as err:
        read_dataset_files([_yaml(tmp_path)])
    messages = [p.message for p in err.value.problems]
    assert any(m.startswith("unknown field 'edition'") for m in messages)
    assert any(m.startswith("unknown field 'stake'") for m in messages)
