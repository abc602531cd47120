"""docs/notebooks/open-vs-closed.ipynb runs in a real kernel on the embedded graph, every cell's asserts holding."""

from __future__ import annotations

import json

import nbformat

from alliance_graph import AllianceGraph
from tests.notebooks import NOTEBOOK, run_notebook, stdout_of


def test_the_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert json.loads(NOTEBOOK.read_text(encoding="utf-8"))["nbformat"] == 4


def test_the_notebook_runs_on_the_embedded_graph(tmp_path):
    # from a folder outside the clone, as a new user opens it from anywhere (issue 22, item 7)
    nb = run_notebook(backend="embedded", cwd=tmp_path)  # one kernel, every cell; a failing assert fails here
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert stdout_of(nb, "print(g.backend").startswith("embedded - the embedded graph")
    with AllianceGraph.embedded() as g:
        hops = [f"{h.from_name} -[{h.type}]-> {h.to_name}" for h in g.path("Meta", "OpenAI")]
    assert stdout_of(nb, 'g.path("Meta", "OpenAI")').splitlines() == hops
    drawing = next(c for c in code if "draw(graph, out)" in c.source)
    assert any("image/svg+xml" in o.get("data", {}) for o in drawing.outputs)  # the drawing shows inline
    assert "50 shown" in stdout_of(nb, "g.conflicts()")


def test_without_the_fixtures_the_notebook_says_what_is_missing(tmp_path, monkeypatch):
    """Its first cell, run where no clone's fixtures can be found, stops with a message naming them."""
    import pytest

    first = next(c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AGRAPH_FIXTURES", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match=r"tests/fixtures/many_sources/.*AGRAPH_FIXTURES"):
        exec(compile(first.source, "first cell", "exec"), {"__name__": "notebook"})
    monkeypatch.delenv("AGRAPH_FIXTURES")  # from a folder outside the clone, beside the package imported
    scope = {"__name__": "notebook"}
    exec(compile(first.source, "first cell", "exec"), scope)
    scope["g"].close()
    assert (scope["FIXTURES"] / "many_sources" / "launch-counts").is_dir()
