"""The allow-list drives everything: a relationship type declared in ``model.REL_TYPES``
gets its uniqueness constraint, its style in the Browser and in drawings, its dataset
field rules and its row in docs/dataset-format.md, with no other file to change, and a
declaration that does not fit (or a doc row that is missing) fails loudly, by name."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from alliance_graph import AllianceGraph, browser, doc_tables, model, read_dataset_files
from alliance_graph.draw import style as draw_style
from alliance_graph.errors import DatasetError
from alliance_graph.model import RelProp, RelStyle, RelType
from alliance_graph.store.schema import schema_statements
from tests.bad_datasets import SOURCE_TEXT
from tests.unit.test_browser_assets import parse_grass

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "dataset-format.md"

NEW = RelType("joint-venture-with", "JOINT_VENTURE_WITH", ("Organisation",), ("Organisation",), True,
              "two organisations run a joint venture",
              props=(RelProp("kind", ("equity", "contract"), default="equity"), RelProp("since"), RelProp("until")),
              style=RelStyle("#12a4b6", 2.6, (4.0, 2.0)))


@pytest.fixture
def new_type(monkeypatch):
    """REL_TYPES with one more type, as if it had been written into model.py."""
    monkeypatch.setitem(model.REL_TYPES, NEW.name, NEW)
    monkeypatch.setattr(model, "NEO4J_REL_TYPES", (*model.NEO4J_REL_TYPES, NEW.neo4j_type))
    return NEW


def write_dataset(folder: Path, rels: str) -> Path:
    (folder / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = folder / "data.yaml"
    path.write_text(f"""\
sources:
  - {{id: s1, title: Test source, language: fr, text_file: source.txt}}
organisations:
  - {{id: alpha, name: Alpha, kind: company}}
  - {{id: beta, name: Beta, kind: company}}
  - {{id: club, name: Club, kind: alliance}}
relationships:
{rels}""", encoding="utf-8")
    return path


EV = '[{source: s1, quote: "Alpha et Beta sont concurrents."}]'


# ------------------------------------------------------------------------------- the model as it is


def test_schema_keeps_the_names_existing_databases_have():
    names = [name for name, _ in schema_statements()]
    assert names == ["organisation_id", "product_id", "claim_id", "source_id", "member_of_id", "partners_with_id",
                     "competes_with_id", "develops_id", "cites_id", "states_id", "about_id", "organisation_camp",
                     "organisation_name", "organisation_search", "product_search", "product_name",
                     "organisation_kind", "organisation_camp_changes", "organisation_disputed", "product_disputed",
                     "claim_disputed", *(f"{t}_valid_{end}" for t in ("member_of", "partners_with", "competes_with",
                                                                           "develops", "cites", "states", "about") for end in ("from", "to")),
                     *(f"{t}_{field}" for t in ("member_of", "partners_with", "competes_with") for field in ("since", "until")),
                     *(f"{t}_disputed" for t in ("member_of", "partners_with", "competes_with", "develops", "cites", "states",
                                                 "about")),
                     "write_lock_id"]
    statements = dict(schema_statements())
    assert statements["member_of_id"] == \
        "CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE"
    assert statements["organisation_search"] == \
        "CREATE TEXT INDEX organisation_search IF NOT EXISTS FOR (n:Organisation) ON (n.search_text)"
    assert all(" IF NOT EXISTS " in s and ";" not in s and "__" not in s for s in statements.values())


def test_every_type_has_a_constraint_a_style_and_a_doc_row():
    statements = dict(schema_statements())
    grass = dict(parse_grass(browser.style_grass()))
    for rt in model.REL_TYPES.values():
        assert f"[r:{rt.neo4j_type}]" in statements[rt.constraint_name], rt.name
        assert grass[f"relationship.{rt.neo4j_type}"]["color"] == rt.style.colour, rt.name
        assert draw_style.edge_style(rt.neo4j_type)[1].colour == rt.style.colour, rt.name
    assert doc_tables.check(DOC.read_text(encoding="utf-8")) == []


def test_the_drawing_and_the_browser_share_one_colour_per_type():
    grass = dict(parse_grass(browser.style_grass()))
    for key, edge in draw_style.EDGE_STYLES.items():
        rule = grass.get(f"relationship.{key}")
        if rule is not None:
            assert rule["color"] == edge.colour, key
    assert draw_style.edge_style("MEMBER_OF", "founder")[0] == "FOUNDER_OF", "a founding membership stands out"


# ------------------------------------------------------------------------------- a new type


def test_a_new_type_gets_a_constraint_a_style_and_a_doc_row(new_type, tmp_path, capsys):
    statements = dict(schema_statements())
    assert statements["joint_venture_with_id"] == ("CREATE CONSTRAINT joint_venture_with_id IF NOT EXISTS "
                                                   "FOR ()-[r:JOINT_VENTURE_WITH]-() REQUIRE r.id IS UNIQUE")

    grass = dict(parse_grass(browser.style_grass()))
    assert grass["relationship.JOINT_VENTURE_WITH"] == {"color": "#12a4b6", "shaft-width": "3px",
                                                        "caption": "<type>"}
    key, edge = draw_style.edge_style("JOINT_VENTURE_WITH")
    assert (key, edge) == ("JOINT_VENTURE_WITH",
                           draw_style.EdgeStyle("#12a4b6", 2.6, (4.0, 2.0), False, "joint venture with"))
    assert "JOINT_VENTURE_WITH" in draw_style.EDGE_STYLES
    legend = dict(draw_style.legend_entries({"Organisation"}, {"JOINT_VENTURE_WITH"}))["Relationships"]
    assert "joint venture with" in [e.text for e in legend]

    # the committed doc has no row for it: the check says so, by name
    doc = DOC.read_text(encoding="utf-8")
    assert doc_tables.check(doc) == [
        "relationship type 'joint-venture-with' has no row in the table of relationship types"]
    copy = tmp_path / "dataset-format.md"
    copy.write_text(doc, encoding="utf-8")
    assert doc_tables.main(["--check", str(copy)]) == 1
    said = capsys.readouterr().err
    assert "'joint-venture-with' has no row" in said and "python -m alliance_graph.doc_tables --write" in said
    assert doc_tables.main(["--write", str(copy)]) == 0
    assert doc_tables.check(copy.read_text(encoding="utf-8")) == []
    assert ("| `joint-venture-with` | organisation → organisation | `JOINT_VENTURE_WITH` | yes | no | "
            "`kind`: `equity` (default) or `contract`; `since`, `until`: dates |") in copy.read_text(encoding="utf-8")


def test_a_new_type_takes_the_fields_it_declares(new_type, tmp_path):
    path = write_dataset(tmp_path, f"""\
  - {{type: joint-venture-with, from: alpha, to: beta, since: 2021, evidence: {EV}}}
  - {{type: partners-with, from: alpha, to: beta, kind: research, evidence: {EV}}}
""")
    ds = read_dataset_files([path])
    jv = ds.relationships["joint-venture-with:alpha:beta"]
    assert (jv.kind, jv.since, jv.role) == ("equity", "2021", None)
    with AllianceGraph.embedded([path], builtin=False) as g:
        types = {d["type"] for _, _, d in g.to_networkx().edges(data=True)}
    assert types == {"JOINT_VENTURE_WITH", "PARTNERS_WITH"}

    bad = write_dataset(tmp_path, f"""\
  - {{type: joint-venture-with, from: alpha, to: beta, kind: investment, evidence: {EV}}}
  - {{type: joint-venture-with, from: alpha, to: club, role: founder, evidence: {EV}}}
  - {{type: competes-with, from: alpha, to: beta, kind: equity, evidence: {EV}}}
""")
    with pytest.raises(DatasetError) as err:
        read_dataset_files([bad])
    text = str(err.value)
    assert "field 'kind' = 'investment' is not allowed; use one of: equity, contract" in text
    assert "field 'role' only applies to member-of relationships" in text
    assert "field 'kind' only applies to partners-with and joint-venture-with relationships" in text


def test_a_declaration_that_does_not_fit_fails_loudly():
    with pytest.raises(ValueError, match="relationship type 'joins': give it a style=RelStyle"):
        RelType("joins", "JOINS", ("Organisation",), ("Organisation",))
    with pytest.raises(ValueError, match="property 'type' is a field of every relationship record"):
        dataclasses.replace(NEW, props=(RelProp("type"),))
    with pytest.raises(ValueError, match="property 'weight': kind 'number' is not one of choice, date, text"):
        dataclasses.replace(NEW, props=(RelProp("weight", kind="number"),))
    with pytest.raises(ValueError, match="from_labels 'Person': use labels of LABELS"):
        dataclasses.replace(NEW, from_labels=("Person",))
    with pytest.raises(ValueError, match="default 'loan' is not one of its values"):
        dataclasses.replace(NEW, props=(RelProp("kind", ("equity",), default="loan"),))


def test_a_relationship_property_is_read_as_an_attribute_and_no_other_name_is():
    rel = model.Relationship("r", "member-of", "a", "b", (), {"role": "founder"})
    assert (rel.role, rel.since) == ("founder", None)  # every declared property, set or not
    with pytest.raises(AttributeError, match="no attribute 'rank'"):
        rel.rank  # noqa: B018
