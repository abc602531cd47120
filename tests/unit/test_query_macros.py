"""Constants shared by the Cypher and the embedded twins are written once and filled in by the registry."""

from __future__ import annotations

import dataclasses
import re

import pytest

from alliance_graph import QueryError
from alliance_graph.model import MAX_PATH_HOPS, PATH_NEO4J_TYPES, Evidence
from alliance_graph.queries.registry import expand_macros, parse_query, registry
from alliance_graph.rows import evidence_items, evidence_props

HEADER = "// name: demo\n// summary: A demo.\n// columns: id\n"


def test_registry_queries_are_runnable_text_and_keep_what_was_written():
    for name, query in registry().items():
        assert "{{" not in query.cypher, name
    path = registry()["path"]
    assert "{{path_types}}*..{{max_hops}}" in path.template
    assert f"[:{'|'.join(PATH_NEO4J_TYPES)}*..{MAX_PATH_HOPS}]" in path.cypher


@pytest.mark.parametrize("body, message", [
    ("MATCH (n:{{owned_lables}}) RETURN n.id AS id", "unknown macro '{{owned_lables}}'"),
    ("MATCH (n) RETURN {{evidence}} AS id", "takes 1 to 2 argument(s), got 0"),
    ("MATCH (n) RETURN {{max_hops n}} AS id", "takes 0 argument(s), got 1"),
    ("MATCH (n) RETURN {{evidence n.x}} AS id", "'n.x' is not a variable or identifier"),
    ("MATCH (n) RETURN {{evidence n AS id", "'{{' starts no macro"),
])
def test_a_bad_macro_is_an_error_naming_the_file_and_line(body, message):
    with pytest.raises(QueryError) as info:
        parse_query(HEADER + "\n" + body + "\n", "cypher/queries/demo.cypher")
    assert str(info.value).startswith("cypher/queries/demo.cypher, line 5: ")
    assert message in str(info.value)


def test_continuation_lines_of_a_macro_line_up_under_it():
    text = expand_macros("RETURN x,\n       {{evidence r}} AS evidence", "demo.cypher")
    first, second, third = text.splitlines()
    assert second.index("[") + 1 == third.index("{")


def test_evidence_is_encoded_and_decoded_with_every_field_of_the_model():
    every_field = Evidence(**{f.name: f"the {f.name}" for f in dataclasses.fields(Evidence)})
    sparse = Evidence("s2", "q2")
    props = evidence_props((every_field, sparse), "camp_evidence")
    assert evidence_items(props, "camp_evidence") == [dataclasses.asdict(every_field),
                                                      {k: v if v is not None else "" for k, v in
                                                       dataclasses.asdict(sparse).items()}]
    cypher = expand_macros("{{evidence r camp_evidence}}", "demo.cypher")
    keys = re.findall(r"(\w+): r\.camp_evidence_(\w+)\[", cypher)
    assert [k for k, _ in keys] == [f.name for f in dataclasses.fields(Evidence)]
    assert {f"camp_evidence_{suffix}" for _, suffix in keys} == set(props)
