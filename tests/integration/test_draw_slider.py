"""The date slider of `agraph draw --out FILE.html`, moved in headless Chromium: edges that did
not hold on the date shown are hidden, nodes left with none are faded, nothing moves.

Chromium and websocket-client as for tests/integration/test_browser.py (no Neo4j needed);
without them the test is skipped, or fails under ``AGRAPH_REQUIRE_NEO4J=1``.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from alliance_graph.cli import cli
from tests.unit.test_draw_dates import ALPHA, BETA, CONSORTIUM, RIVALRY, RIVALS

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def chromium():
    from tests.integration.test_browser import Chromium, chromium_binary

    page = Chromium(chromium_binary())
    try:
        yield page
    finally:
        page.close()


def test_moving_the_slider_hides_what_did_not_hold(no_neo4j_env, chromium, tmp_path):
    files = []
    for name, text in (("consortium.yaml", CONSORTIUM), ("rivals.yaml", RIVALS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files += ["--data", str(tmp_path / name)]
    out = tmp_path / "tiny.html"
    result = CliRunner().invoke(cli, ["draw", "--out", str(out), "--backend", "embedded", "--as-of", "2023-09-15",
                                      *files])
    assert result.exit_code == 0, result.output
    page = chromium
    page.send("Page.navigate", url=out.as_uri())
    page.wait("document.readyState === 'complete' && !!document.getElementById('when-range')", "the page")

    def state() -> dict:
        return page.js(f"""(() => {{
            const shown = id => getComputedStyle(document.querySelector(`.edge[data-id="${{id}}"]`)).display !== 'none';
            const node = id => document.querySelector(`.node[data-id="${{id}}"]`);
            return {{date: document.getElementById('when-date').textContent,
                     count: document.getElementById('when-count').textContent,
                     edges: Object.fromEntries({json.dumps([ALPHA, BETA, RIVALRY])}.map(id => [id, shown(id)])),
                     faded: getComputedStyle(node('tiny-consortium')).opacity !== '1',
                     place: node('tiny-consortium').getAttribute('transform')}};
        }})()""")

    def move_right() -> None:  # a real key press on the focused slider
        page.js("document.getElementById('when-range').focus()")
        for kind in ("keyDown", "keyUp"):
            page.send("Input.dispatchKeyEvent", type=kind, key="ArrowRight", code="ArrowRight",
                      windowsVirtualKeyCode=39)

    start = state()  # at --as-of: Alpha Labs is a member, Beta AI not yet
    assert start["date"] == "2023-09-15"
    assert start["edges"] == {ALPHA: True, BETA: False, RIVALRY: True} and not start["faded"]
    # the article's twelve relationships begin with its publication (2023-12): not yet
    assert start["count"] == "2 of 15 relationships held then"
    move_right()  # 2023-12-01: the article's relationships are known from then
    article = state()
    assert article["date"] == "2023-12-01" and article["count"] == "14 of 15 relationships held then"
    assert article["edges"] == {ALPHA: True, BETA: False, RIVALRY: True}
    move_right()  # 2024-01-01: Alpha Labs has left, Beta AI not joined: the consortium is left alone
    gap = state()
    assert gap["date"] == "2024-01-01"
    assert gap["edges"] == {ALPHA: False, BETA: False, RIVALRY: True} and gap["faded"]
    assert gap["place"] == start["place"]  # nothing moves
    move_right()  # 2024-03-01: Beta AI joins
    joined = state()
    assert joined["date"] == "2024-03-01"
    assert joined["edges"] == {ALPHA: False, BETA: True, RIVALRY: True} and not joined["faded"]
    page.js("(r => { r.value = r.max; r.dispatchEvent(new Event('input')); })(document.getElementById('when-range'))")
    everything = state()
    assert everything["date"] == "all time" and all(everything["edges"].values())
    assert everything["count"] == "15 of 15 relationships"
