"""Constants shared by the Cypher and the embedded twins are written once and filled in by the registry."""

from __future__ import annotations

import dataclasses
import re

import pytest

from alliance_graph import QueryError
from alliance_graph.model import MAX_PATH_HOPS, NEO4J_REL_TYPES, PATH_NEO4J_TYPES, Evidence
from alliance_graph.param_types import PARAM_TYPES
from alliance_graph.paging import PageKey
from alliance_graph.queries.macros import MACROS, PAGE_MACROS, SPAN_EVENTS, expand_macros
from alliance_graph.queries.registry import parse_query, registry
from alliance_graph.rows import evidence_items, evidence_props
from tests.conftest import ROOT

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


def test_a_query_says_in_its_header_that_it_is_dated_and_the_statement_must_agree():
    body = "MATCH (a)-[r]->(b) WHERE {{valid r}} RETURN r.id AS id\n"
    assert parse_query(HEADER + "// dated: yes\n" + body, "cypher/queries/demo.cypher").dated
    with pytest.raises(QueryError, match="reads \\$asOf .*declare '// dated: yes'"):
        parse_query(HEADER + body, "cypher/queries/demo.cypher")
    with pytest.raises(QueryError, match="never reads \\$asOf"):
        parse_query(HEADER + "// dated: yes\nMATCH (n) RETURN n.id AS id\n", "cypher/queries/demo.cypher")
    with pytest.raises(QueryError, match="write '// dated: yes'"):
        parse_query(HEADER + "// dated: maybe\n" + body, "cypher/queries/demo.cypher")
    assert {name for name, q in registry().items() if not q.dated} == {"names", "resolve", "timeline"}


def test_each_store_gets_the_date_once_parsed_and_an_undated_query_reads_every_date(monkeypatch):
    """The API parses as_of once (an AsOf) and hands it to the store; a timeline ignores it."""
    from alliance_graph import AllianceGraph
    from alliance_graph.dates import AsOf
    from alliance_graph.store.embedded import EmbeddedStore

    seen = []
    real = EmbeddedStore.run

    def spy(self, query, params, as_of=AsOf.ALL_TIME):
        seen.append((query.name, as_of))
        return real(self, query, params, as_of)

    monkeypatch.setattr(EmbeddedStore, "run", spy)
    with AllianceGraph.embedded(data=["alliance_graph/data/frontier-model-forum.yaml"]) as g:
        assert [m.name for m in g.members("frontier-model-forum", as_of="2023-12")] == ["Anthropic", "Google",
                                                                                       "Microsoft", "OpenAI"]
        assert len(g.members("frontier-model-forum", as_of="2024-06")) == 6
        assert g.store.view(AsOf.parse("2023-12")).graph.number_of_edges() < g.store.graph.number_of_edges()
        assert g.rows("timeline", as_of="2023-01") == g.rows("timeline", as_of="all-time")  # undated: every date
    assert ("members", AsOf.parse("2023-12-31")) in seen and ("members", AsOf.parse("2024-06-30")) in seen
    with pytest.raises(QueryError, match="as of: .* is not a date"):
        AllianceGraph.embedded().members("AI Alliance", as_of="last year")


def test_the_page_start_of_an_index_prefilter_is_written_from_the_typed_page_key():
    """{{page_start}} reads the cursor's value at the key's own position, only where the values before it
    are this branch's (written with their types), so a prefilter never hard-codes a position."""
    head = HEADER.replace("// columns: id\n", "// columns: id\n// page: rank int, label, name, id\n")
    body = ("MATCH (n:Product) WHERE n.name >= {{page_start name rank=1 label=Product}}\n"
            "WITH n, 1 AS rank, 'Product' AS label, n.name AS name, n.id AS id WHERE {{after}}\n"
            "RETURN id, {{page_key}} AS page_key ORDER BY rank, label, name, id LIMIT {{limit}}\n")
    q = parse_query(head + body, "cypher/queries/demo.cypher")
    assert "n.name >= coalesce(CASE WHEN $after[0] = 1 AND $after[1] = 'Product' THEN $after[2] END, '')" in q.cypher
    first = parse_query(head.replace("rank int, label, name, id", "name, id") + body.replace(
        "{{page_start name rank=1 label=Product}}", "{{page_start name}}"), "cypher/queries/demo.cypher")
    assert "n.name >= coalesce($after[0], '')" in first.cypher
    for bad, message in [("{{page_start name rank=1}}", "give the value of each key value before it"),
                         ("{{page_start name rank=x label=Product}}", "'x' is not a value of type int"),
                         ("{{page_start rank}}", "an ascending text value of the page key"),
                         ("{{page_start}}", "takes 1 or more argument")]:
        with pytest.raises(QueryError, match=message):
            parse_query(head + body.replace("{{page_start name rank=1 label=Product}}", bad), "cypher/queries/demo.cypher")


def test_no_paged_query_hard_codes_a_cursor_position():
    from alliance_graph import _resources

    for path in sorted((_resources.cypher_dir() / "queries").glob("*.cypher")):
        assert "$after[" not in path.read_text(encoding="utf-8"), f"{path.name}: write {{{{page_start ...}}}} instead"


def test_a_page_past_every_value_starts_at_what_a_null_is_stored_as():
    """{{page_start date null=unknown}}: after a row whose date is null (nulls last) the range starts at the
    stored 'unknown' (an until with no date); otherwise as without it; with earlier values, only on their branch."""
    key = PageKey.parse("date, rank int, name")
    expr = key.start("date", "null=unknown")
    assert expr == ("CASE WHEN $after IS NOT NULL AND $after[0] IS NULL THEN 'unknown' "
                    "ELSE coalesce($after[0], '') END")
    assert PageKey.parse("rank int, name").start("name", "rank=2", "null=zz") == (
        "CASE WHEN $after IS NOT NULL AND $after[0] = 2 AND $after[1] IS NULL THEN 'zz' "
        "ELSE coalesce(CASE WHEN $after[0] = 2 THEN $after[1] END, '') END")
    with pytest.raises(ValueError, match="give the value of each key value before it"):
        PageKey.parse("rank int, name").start("name", "null=zz")


def test_a_branch_per_relationship_type_and_per_span_type_and_field():
    """{{union_each_type T}}: one branch per relationship type of the model; {{union_each_span_type T F}}:
    one per type with timeline events and per date field, T and F replaced in each."""
    out = expand_macros("{{union_each_type T}}\nMATCH ()-[r:T]->() RETURN r\n{{end}}\n", "demo.cypher")
    assert [line for line in out.splitlines() if line.startswith("MATCH")] == [
        f"MATCH ()-[r:{t}]->() RETURN r" for t in NEO4J_REL_TYPES]
    out = expand_macros("{{union_each_span_type T F}}\nMATCH ()-[r:T]->() WHERE r.F >= '' RETURN r, 'F' AS f\n"
                        "{{end}}\n", "demo.cypher")
    assert [line for line in out.splitlines() if line.startswith("MATCH")] == [
        f"MATCH ()-[r:{t}]->() WHERE r.{f} >= '' RETURN r, '{f}' AS f" for t in SPAN_EVENTS for f in ("since", "until")]
    assert out.count("UNION ALL") == 2 * len(SPAN_EVENTS) - 1
    for bad, message in [("{{union_each_type T MEMBER_OF}}", "write '{{union_each_type T}}'"),
                         ("{{union_each_span_type T}}", "write '{{union_each_span_type T F}}'")]:
        with pytest.raises(QueryError, match=re.escape(message)):
            expand_macros(f"RETURN 1\n{bad}\nMATCH (n) RETURN n\n{{{{end}}}}\n", "demo.cypher")


def test_a_branch_per_label_is_written_once_and_errors_keep_the_lines_of_the_file():
    text = ("CALL {\n"
            "  {{union_each_label L Organisation Product}}\n"
            "  MATCH (n:L) WHERE n.name >= {{until_unknown}}\n"
            "  RETURN n\n"
            "  {{end}}\n"
            "}\n"
            "RETURN n")
    out = expand_macros(text, "demo.cypher")
    assert out.count("UNION ALL") == 1 and "MATCH (n:Organisation)" in out and "MATCH (n:Product)" in out
    assert "{{" not in out and out.endswith("}\nRETURN n")
    with pytest.raises(QueryError, match=r"demo.cypher, line 3: unknown macro"):
        expand_macros(text.replace("{{until_unknown}}", "{{nope}}"), "demo.cypher")
    with pytest.raises(QueryError, match=r"demo.cypher, line 7: unknown macro"):
        expand_macros(text.replace("RETURN n\n", "RETURN n\n", 1) + " {{nope}}", "demo.cypher")


def test_a_branch_per_label_takes_only_allow_listed_labels():
    text = "{{union_each_label L Organisation Person}}\nMATCH (n:L) RETURN n\n{{end}}\n"
    with pytest.raises(QueryError, match=r"demo.cypher, line 1: 'Person' is not in the allow-list"):
        expand_macros(text, "demo.cypher")
    with pytest.raises(QueryError, match=r"line 1: write '\{\{union_each_label L"):
        expand_macros("{{union_each_label}}\nx\n{{end}}\n", "demo.cypher")


def test_docs_queries_md_specifies_every_macro_and_parameter_type():
    """docs/queries.md is the spec of the query files: a new macro or parameter type is documented there."""
    doc = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert [m for m in [*MACROS, *PAGE_MACROS] if not re.search(r"\{\{" + m + r"[ }]", doc)] == []
    assert [t for t in PARAM_TYPES if f"| `{t}` |" not in doc] == []
