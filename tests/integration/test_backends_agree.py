"""Every registry query answers the same rows on Neo4j and on the embedded graph."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_graph import AllianceGraph, read_dataset_files
from alliance_graph.model import CAMPS, ORG_KINDS, PARTNERSHIP_KINDS
from alliance_graph.queries.registry import registry
from alliance_graph.store.embedded import EmbeddedStore
from tests.conftest import wipe_database
from tests.golden_files import UPDATE_COMMAND, all_calls, answers, call_key, differences, expected_head, golden_dataset, \
    golden_graph, golden_values, path_of, plain, read_golden, record, replay, update_requested, values_of, write_golden

pytestmark = pytest.mark.neo4j


def assert_same_answers(neo4j: AllianceGraph, embedded: AllianceGraph, ds, as_of=None, page_size=None) -> None:
    """Every registry query, every call (parameters by type, as the golden files make them), same rows,
    as of the date ``as_of`` (default today); with ``page_size``, a query that pages also gives the same
    pages and cursors on both, and its pages put together are its whole answer."""
    for query in registry().values():
        values = values_of(ds, query)
        whole = answers(neo4j, query, values, as_of)
        diff = differences(whole, answers(embedded, query, values, as_of))
        assert not diff, f"{query.name} as of {as_of}: the embedded twin differs from Neo4j; {diff}"
        if page_size and query.pages:
            for args in all_calls(values):
                pages = [walk_pages(g, query.name, page_size, as_of, args) for g in (neo4j, embedded)]
                assert pages[0] == pages[1], f"{query.name}{args} as of {as_of}: the pages differ between the backends"
                assert [row for rows, _ in pages[0] for row in rows] == whole[call_key(args)], \
                    f"{query.name}{args} as of {as_of}: the pages put together are not the whole answer"


def walk_pages(graph: AllianceGraph, name: str, size: int, as_of, args: dict) -> list[tuple[list, str | None]]:
    """Every page of a paged query, each (its rows, the cursor it gives)."""
    pages, after = [], None
    while True:
        page = graph.rows(name, as_of=as_of, limit=size, after=after, **args)
        pages.append((plain(page), page.next_cursor))
        if page.next_cursor is None:
            return pages
        after = page.next_cursor


@pytest.fixture(scope="module")
def loaded(neo4j_server):
    wipe_database(neo4j_server["settings"])
    with AllianceGraph.neo4j(neo4j_server["settings"]) as g:
        g.load(golden_dataset())  # the article and other sources on it (tests/golden_files.py)
        yield g


@pytest.fixture(scope="module")
def embedded_golden():
    with golden_graph() as embedded:
        yield embedded


@pytest.mark.parametrize("name", sorted(registry()))
def test_query_answers_identically_on_both_backends_and_as_golden(loaded, embedded_golden, request, name):
    """Neo4j's answers, at every golden date and page by page, are the golden file's (written here with
    --update-golden); the twin's are Neo4j's."""
    query, ds = registry()[name], golden_dataset()
    values = golden_values(ds, query)
    truth = record(loaded, query, values)
    if query.pages:  # Neo4j's pages put together are its whole answer
        for key, answer in truth.items():
            call = json.loads(key)
            if "after" not in call:
                pages, after = [], None
                while True:
                    page = truth[json.dumps({**call, "after": after}, sort_keys=True, ensure_ascii=False)]
                    pages += page["rows"]
                    if page["next"] is None:
                        break
                    after = page["next"]
                assert pages == answer["rows"], f"{name}{call}: Neo4j's pages put together are not its whole answer"
    if update_requested(request.config):
        write_golden(query, values, truth)
    else:
        how = f"if Neo4j's new answers are right, rewrite the golden files with {UPDATE_COMMAND} and commit tests/golden/"
        assert path_of(name).exists(), f"{path_of(name).name} is missing: {how}"
        head, golden = read_golden(name)
        assert head == expected_head(query, ds), f"{path_of(name).name} tried other values, dates or page size: {how}"
        diff = differences(golden, truth)
        assert not diff, f"{name}: Neo4j's answers differ from {path_of(name).name}; {diff}\n{how}"
    diff = differences(truth, replay(embedded_golden, query, truth))
    assert not diff, f"{name}: the embedded twin differs from Neo4j; {diff}"


def test_neo4j_answers_exactly_the_columns_and_the_page_key_which_only_the_api_takes_off(loaded):
    from tests.unit.test_paging import assert_store_rows_are_columns_and_page_key

    assert_store_rows_are_columns_and_page_key(loaded)


def test_article_answers_on_neo4j(loaded):
    members = loaded.members("AI Alliance")
    assert [m.name for m in members if m.role == "founder"] == ["IBM", "Meta"]
    assert {"Intel", "Oracle", "Cornell University", "National Science Foundation"} <= {m.name for m in members}
    assert {"Anthropic", "Cohere"} <= {c.name for c in loaded.competitors("OpenAI")}
    assert [p.name for p in loaded.partners("OpenAI")] == ["Microsoft"]
    assert len(loaded.path("IBM", "OpenAI")) == 2  # (Meta competes with OpenAI directly in the golden dataset)


# --------------------------------------------------------------------------- random datasets

WORDS = ["Alpha", "Beta", "Gamma", "Delta", "Éclair", "Zeta", "Ωmega", "Nord", "Sud", "L’Est"]


@st.composite
def datasets(draw):
    n_orgs = draw(st.integers(2, 9))
    orgs = []
    for i in range(n_orgs):
        kind = draw(st.sampled_from(ORG_KINDS))
        org = {"id": f"o{i}", "name": f"{draw(st.sampled_from(WORDS))} {i}", "kind": kind}
        if draw(st.integers(0, 3)) == 0:
            org["camp"] = {"value": draw(st.sampled_from(CAMPS)), "evidence": [{"source": "s", "quote": f"q{i}"}]}
        orgs.append(org)
    rels, seen = [], set()
    for _ in range(draw(st.integers(0, 16))):
        rtype = draw(st.sampled_from(["member-of", "partners-with", "competes-with"]))
        a, b = draw(st.integers(0, n_orgs - 1)), draw(st.integers(0, n_orgs - 1))
        if a == b or (rtype, min(a, b), max(a, b)) in seen:
            continue
        if rtype == "member-of":
            orgs[b]["kind"] = "alliance"
        seen.add((rtype, min(a, b), max(a, b)))
        rel = {"type": rtype, "from": f"o{a}", "to": f"o{b}", "evidence": [{"source": "s", "quote": f"{rtype} {a} {b}"}]}
        if rtype == "member-of":
            rel["role"] = draw(st.sampled_from(["founder", "member"]))
        if rtype == "partners-with":
            rel["kind"] = draw(st.sampled_from(PARTNERSHIP_KINDS))
        since = draw(st.sampled_from([None, "2022", "2023-06", "2023-12-05", "2024-02"]))
        until = draw(st.sampled_from([None, None, "2023-12", "2024-06-30", "unknown"]))
        if since:
            rel["since"] = since
        if until and not (since and until != "unknown" and until < since):
            rel["until"] = until
        rels.append(rel)
    products = []
    for j in range(draw(st.integers(0, 4))):  # models with openness, released on dates around the others
        product = {"id": f"p{j}", "name": f"Model {j}", "kind": "model",
                   "evidence": [{"source": "s", "quote": f"model {j}"}], "openness": {}}
        launched = draw(st.sampled_from([None, "2023", "2023-06-15", "2024-02"]))
        if launched:
            product["launched"] = launched
        for component in ("weights", "licence", "licence-osi-approved", "training-code"):
            value = draw(st.sampled_from([None, *OPENNESS_VALUES[component]]))
            if value is not None:
                product["openness"][component] = {"value": value,
                                                  "evidence": [{"source": "s", "quote": f"{component} of {j}"}]}
        products.append(product)
        maker = draw(st.integers(0, n_orgs - 1))
        rels.append({"type": "develops", "from": f"o{maker}", "to": f"p{j}",
                     "evidence": [{"source": "s", "quote": f"o{maker} makes p{j}"}]})
    published = draw(st.sampled_from([None, "2024-03-15"]))
    source = {"id": "s", "title": "Generated", "language": "en", **({"published": published} if published else {})}
    return {"sources": [source], "organisations": orgs, "products": products, "relationships": rels}


OPENNESS_VALUES = {"weights": ("downloadable", "api-only"), "licence": ("Apache-2.0", "Custom Licence"),
                   "licence-osi-approved": ("yes", "no"), "training-code": ("available", "undisclosed")}


#: Dates around the generated ones, whole and partial, and all time.
AS_OF = st.sampled_from([None, "all-time", "2021-12-31", "2022", "2023-06", "2023-06-01", "2023-12-31",
                         "2024-01", "2024-03-14", "2024-03-15", "2024-07-01", "2030"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=datasets(), as_of=AS_OF)
def test_random_datasets_agree(neo4j_server, tmp_path_factory, data, as_of):
    import yaml

    path = tmp_path_factory.mktemp("gen") / "generated.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ds = read_dataset_files([path])
    with AllianceGraph.neo4j(neo4j_server["settings"]) as neo4j:
        neo4j.load(ds, wipe=True)
        embedded = AllianceGraph(EmbeddedStore.from_dataset(ds))
        assert_same_answers(neo4j, embedded, ds, as_of, page_size=2)
