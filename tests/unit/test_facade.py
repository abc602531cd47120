"""The facade's question methods follow their queries' headers; suggestions read a bounded set."""

from __future__ import annotations

import inspect

import pytest

from alliance_graph import AllianceGraph
from alliance_graph.errors import UnknownEntityError
from alliance_graph.param_types import PARAM_TYPES, SUGGEST_POOL
from alliance_graph.queries.registry import registry

#: Methods named like a query that are not its wrapper (``resolve`` returns one id, by labels).
NOT_WRAPPERS = {"resolve"}
#: Methods that answer a query of another name (``timeline(name)`` asks ``timeline-of``, and
#: ``timeline()`` asks ``timeline``: its name is optional though the header's is not).
QUERY_OF = {"timeline": "timeline-of"}
#: Parameters a method names differently from its header: ``from`` is a Python keyword, ``id`` a builtin.
RENAMED = {("path", "a"): "from", ("path", "b"): "to", ("source", "source_id"): "id", ("timeline", "name"): "node"}
PAGING = {"limit", "after"}


def wrappers() -> dict[str, str]:
    """Every question method of AllianceGraph and the query it answers."""
    out = {}
    for name, _ in inspect.getmembers(AllianceGraph, inspect.isfunction):
        query = QUERY_OF[name] if QUERY_OF.get(name) in registry() else name.replace("_", "-")
        if query in registry() and name not in NOT_WRAPPERS:
            out[name] = query
    return out


def test_every_question_method_takes_its_query_parameters_and_pages_exactly_when_it_does():
    checked = wrappers()
    assert len(checked) >= 15, checked  # the test looks at the wrappers, not at nothing
    for method, name in checked.items():
        query = registry()[name]
        signature = inspect.signature(getattr(AllianceGraph, method))
        own = [p for p in signature.parameters.values() if p.name not in {"self", "as_of", *PAGING}]
        assert [RENAMED.get((method, p.name), p.name) for p in own] == [p.name for p in query.params], method
        if name == method.replace("_", "-"):
            assert [p.default is None for p in own] == [p.optional for p in query.params], method
        assert PAGING <= set(signature.parameters) if query.pages else not PAGING & set(signature.parameters), method


def test_a_method_answers_what_its_query_answers():
    with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
        assert g.members("AI Alliance") == g.run("members", alliance="AI Alliance")
        assert g.source("article-ai-alliance-fr", limit=2) == g.run("source", id="article-ai-alliance-fr", limit=2)


def test_every_header_type_is_in_the_table():
    assert {p.type for q in registry().values() for p in q.params} <= set(PARAM_TYPES)


def test_a_suggestion_reads_a_bounded_search_never_every_name(monkeypatch):
    with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
        asked = []
        run = g.store.run
        monkeypatch.setattr(g.store, "run", lambda query, params, as_of: asked.append((query.name, params)) or run(query, params, as_of))
        with pytest.raises(UnknownEntityError) as info:
            g.competitors("Antropic")
    assert info.value.suggestions[0] == "Anthropic"
    assert "names" not in {name for name, _ in asked}
    searches = [params for name, params in asked if name == "search"]
    assert searches and all(params["limit"] == SUGGEST_POOL + 1 for params in searches)


def test_checked_files_carry_what_the_load_needs(tmp_path):
    from alliance_graph.dataset import dataset_paths

    with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
        checked = g.check_files(dataset_paths(["frontier-model-forum"]))
        assert checked.graph is None  # the embedded graph is read again at no cost
        g.load(checked)
        assert len(g.members("Frontier Model Forum", as_of="2023-12-31")) == 4


@pytest.mark.parametrize("call", [lambda: AllianceGraph.open("neo4j", uri="bolt://127.0.0.1:9", timeout=3),
                                  lambda: AllianceGraph.neo4j(uri="bolt://127.0.0.1:9", passwrd="x")])
def test_an_unknown_neo4j_setting_is_named_with_the_settings_there_are(call):
    with pytest.raises(TypeError) as info:
        call()
    message = str(info.value)
    assert message.startswith("unknown Neo4j setting") and "uri, username, password" in message
    assert "Settings" not in message  # (not the internal class's own complaint)
