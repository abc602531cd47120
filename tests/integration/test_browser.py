"""The Neo4j Browser with the alliance-graph guide and style, driven by headless Chromium.

The test starts its own local Neo4j (the launcher, instance ``browser-test-<version>``)
with the guide jar first on the classpath and the settings of
:func:`alliance_graph.browser.browser_settings`, loads the article, opens the Browser,
fills its connect form, and checks that the post-connect command applied the style and
opened the guide; then it runs the members slide with two clicks (``:param``, then the
query) and the introduction's overview query, and looks at the result frames.

Chromium is Debian's (``apt-get install chromium``), driven over the Chrome DevTools
Protocol with ``websocket-client``; ``AGRAPH_CHROMIUM`` names another binary. Screenshots
go to the test's tmp dir, and to ``docs/browser/screenshot.png`` when
``AGRAPH_UPDATE_SCREENSHOT=1``.
"""

from __future__ import annotations

import base64
import inspect
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph, Settings, browser, load_dataset
from alliance_graph.cli import cli
from alliance_graph.draw.style import CAMP_FILL, KIND_FILL
from alliance_graph.queries.registry import get_query
from tests.conftest import ROOT, TEST_PASSWORD, _unavailable, load_launcher

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

REQUIRED = os.environ.get("AGRAPH_REQUIRE_NEO4J") == "1"
UPDATE_SCREENSHOT = os.environ.get("AGRAPH_UPDATE_SCREENSHOT") == "1"
WIDTH, HEIGHT = 1400, 1000


def _missing(reason: str):
    if REQUIRED:
        pytest.fail(f"AGRAPH_REQUIRE_NEO4J=1 but the Chromium tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_binary() -> str:
    """The Chromium to drive (``AGRAPH_CHROMIUM`` or Debian's), websocket-client installed; else
    the test is skipped, or fails under ``AGRAPH_REQUIRE_NEO4J=1``."""
    binary = os.environ.get("AGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        _missing("Chromium is not installed (apt-get install -y chromium)")
    try:
        import websocket  # noqa: F401
    except ImportError:
        _missing("websocket-client is not installed (pip install websocket-client)")
    return binary


# ------------------------------------------------------------------------------- Chromium over CDP


class Chromium:
    """Headless Chromium and one page, over the Chrome DevTools Protocol."""

    def __init__(self, binary: str):
        import websocket

        self.profile = tempfile.mkdtemp(prefix="agraph-chromium-")
        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={self.profile}", "--remote-debugging-address=127.0.0.1",
                # The Browser page asks for analytics scripts on the internet: resolve no name
                # but localhost, so nothing is looked up or sent off this machine.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--remote-debugging-port=0", f"--window-size={WIDTH},{HEIGHT}", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"Chromium did not start: {self.proc.stderr.read().decode(errors='replace')[-1500:]}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], suppress_origin=True, timeout=60)
        self._ids = itertools.count(1)

    def send(self, method: str, **params):
        call = next(self._ids)
        self.ws.send(json.dumps({"id": call, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:200]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, what: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                page = self.js("document.body ? document.body.innerText.slice(0, 1500) : ''")
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; the page shows:\n{page}")
            time.sleep(0.2)

    def type_into(self, selector: str, text: str) -> None:
        self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.focus(); e.select(); }})()")
        self.send("Input.insertText", text=text)  # real input events, which React listens to

    def choose(self, selector: str, value: str) -> None:
        self.js(f"""(() => {{
            const s = document.querySelector({json.dumps(selector)});
            Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, {json.dumps(value)});
            s.dispatchEvent(new Event('change', {{bubbles: true}}));
        }})()""")

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))
        return path

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            try:
                ws.close()
            except Exception:
                pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: Chromium and its helpers
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


# ------------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(launcher, version: str | None, name: str, jar: Path) -> dict:
    """Starts Neo4j with ``jar`` first on the classpath and the Browser settings."""
    params = inspect.signature(launcher.start).parameters
    if "extra_classpath" in params and "http_port" in params:
        port = _free_port()
        return launcher.start(version=version, password=TEST_PASSWORD, name=name, http_port=port,
                              settings=browser.browser_settings(port), extra_classpath=[str(jar)])
    # A launcher without those options: put the jar first by wrapping its fetch(), learn the HTTP
    # port from a first start, and start again with the settings (a restart keeps free ports).
    fetch = launcher.fetch
    launcher.fetch = lambda version=None, quiet=True: [str(jar), *fetch(version, quiet)]
    info = launcher.start(version=version, password=TEST_PASSWORD, name=name)
    launcher.stop(name)
    return launcher.start(version=version, password=TEST_PASSWORD, name=name,
                          settings=browser.browser_settings(info["http_port"]))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if shutil.which("java") is None or shutil.which("mvn") is None:
        _unavailable("Java or Maven is missing for the local launcher")
    launcher = load_launcher()
    version = os.environ.get("AGRAPH_NEO4J_VERSION") or None
    name = f"browser-test-{version or 'lts'}"
    t0 = time.monotonic()
    try:
        jar = browser.build_guide_jar(tmp_path_factory.mktemp("jar") / "agraph-browser.jar",
                                      browser.find_browser_jar(launcher.fetch(version)))
        launcher.stop(name)  # a leftover instance may run with other settings
        info = _start(launcher, version, name, jar)
    except Exception as exc:  # the launcher explains why (JDK, Maven, log tail)
        _unavailable(f"the local launcher failed: {exc}")
    try:
        with AllianceGraph.neo4j(Settings(info["uri"], "neo4j", TEST_PASSWORD)) as graph:
            graph.load(load_dataset(), wipe=True)
        info["start_seconds"] = round(time.monotonic() - t0, 1)
        yield info
    finally:
        launcher.stop(name)


@pytest.fixture(scope="module")
def page(server):
    chromium = Chromium(chromium_binary())
    try:
        yield chromium
    finally:
        chromium.close()


# ------------------------------------------------------------------------------- page helpers

_FRAMES = "[...document.querySelectorAll('[data-testid=frame]')]"
_COMMAND = "(f => (f.querySelector('[data-testid=frameCommand]') || {textContent: ''}).textContent.trim())"
_GUIDE = (f"{_FRAMES}.find(f => {_COMMAND}(f).startsWith(':play http') && f.querySelector('[data-testid=carousel]'))")


def _frame_count(page: Chromium) -> int:
    return page.js(f"{_FRAMES}.length")


def _show_slide(page: Chromium, title: str) -> None:
    """Steps the guide's carousel to the slide whose heading is ``title``."""
    heading = f"(({_GUIDE}).querySelector('.slide h3') || {{}}).textContent"
    for direction in ("previous", "next"):
        for _ in range(len(browser.registry()) + 2):
            if page.js(heading) == title:
                page.wait(f"({_GUIDE}).querySelectorAll('.slide pre.runnable > i').length > 0",
                          f"the run icons of slide {title!r}", 10)
                return
            button = f"({_GUIDE}).querySelector('.{direction}-slide')"
            if page.js(f"{button}.disabled"):
                break
            page.js(f"{button}.click()")
            time.sleep(0.1)
    raise AssertionError(f"no slide {title!r} in the guide")


def _run_block(page: Chromium, index: int, what: str, content: str, timeout: float = 30) -> None:
    """Clicks the run icon of the ``index``-th runnable block of the shown slide, then waits
    for a new frame at the top of the stream and for ``content`` (a CSS selector) in it."""
    before = _frame_count(page)
    page.js(f"({_GUIDE}).querySelectorAll('.slide pre.runnable')[{index}].querySelector('i').click()")
    page.wait(f"{_FRAMES}.length > {before}", f"a frame for {what}", timeout)
    page.wait(f"!!{_FRAMES}[0].querySelector({json.dumps(content)})", f"the result of {what}", timeout)


def _save(page: Chromium, path: Path) -> Path:
    page.screenshot(path)
    if UPDATE_SCREENSHOT:
        shutil.copyfile(path, ROOT / "docs" / "browser" / "screenshot.png")
    return path


# ------------------------------------------------------------------------------- the tests


def test_server_serves_the_committed_guide_and_style(server):
    urls = browser.asset_urls(server["http_port"])
    for key, expected in (("guide", browser.guide_html()), ("style", browser.style_grass())):
        with urllib.request.urlopen(urls[key], timeout=30) as r:
            assert r.read().decode("utf-8") == expected, key
    with urllib.request.urlopen(server["browser_url"], timeout=30) as r:
        assert b"<!doctype html>" in r.read(200).lower(), "the Browser itself is still served"


def test_agraph_browser_asks_the_server_for_its_address(server, monkeypatch, tmp_path):
    """With NEO4J_URI and the password only, the address comes from the server (not port 7474)."""
    monkeypatch.delenv("NEO4J_BROWSER_URL", raising=False)
    monkeypatch.setenv("AGRAPH_NEO4J_LOCAL_DIR", str(tmp_path))  # no launcher state to fall back on
    result = CliRunner().invoke(cli, ["browser"], env={"NEO4J_URI": server["uri"], "NEO4J_USERNAME": "neo4j",
                                                       "NEO4J_PASSWORD": TEST_PASSWORD})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Neo4j Browser: {server['browser_url']}"
    for command in browser.browser_commands(server["http_port"]):
        assert f"  {command}" in lines, result.output


def test_agraph_browser_finds_the_launchers_instance(server, monkeypatch):
    """With nothing set, the address comes from the launcher's state of the running instance."""
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "NEO4J_BROWSER_URL"):
        monkeypatch.delenv(var, raising=False)
    result = CliRunner().invoke(cli, ["browser"])
    assert result.exit_code == 0, result.output
    assert server["browser_url"] in result.output  # first, or listed among other running instances
    if result.output.startswith(f"Neo4j Browser: {server['browser_url']}\n"):
        assert f"  {browser.browser_commands(server['http_port'])[1]}" in result.output.splitlines()


def test_connecting_applies_the_style_and_opens_the_guide(server, page):
    page.send("Page.navigate", url=f"http://127.0.0.1:{server['http_port']}/browser/")
    page.wait("!!document.querySelector('[data-testid=connect]')", "the connect form", 90)
    page.choose("[data-testid=bolt-scheme-select]", "bolt://")
    page.type_into("[data-testid=boltaddress]", f"127.0.0.1:{server['bolt_port']}")
    page.type_into("[data-testid=username]", "neo4j")
    page.type_into("[data-testid=password]", TEST_PASSWORD)
    page.js("document.querySelector('[data-testid=connect]').click()")
    page.wait(f"!!{_GUIDE}", "the guide opened by browser.post_connect_cmd", 90)
    # The two commands run at once: the style may land after the guide (its frame above or below).
    expected = browser.browser_commands(server["http_port"])
    page.wait(f"{json.dumps(expected)}.every(c => {_FRAMES}.map({_COMMAND}).includes(c))",
              f"the frames of {expected}", 30)
    page.wait("(localStorage.getItem('neo4j.grass') || '').includes('OpenCamp')", "the style in local storage", 30)
    assert page.js(f"({_GUIDE}).querySelector('.slide h3').textContent") == "Open or closed AI?"
    slides = page.js(f"({_GUIDE}).querySelectorAll('[data-testid=carousel] li[aria-label]').length")
    assert slides == len(browser.registry()) + 2  # the introduction and "as of a date"
    grass = json.loads(page.js("localStorage.getItem('neo4j.grass')"))
    assert grass.get("node.OpenCamp", {}).get("color") == CAMP_FILL["open"], grass
    assert grass.get("node.ClosedCamp", {}).get("color") == CAMP_FILL["closed"], grass
    assert grass.get("node.Organisation", {}).get("caption") == "{name}", grass


def test_members_slide_runs_with_two_clicks(server, page, tmp_path):
    if not page.js(f"!!{_GUIDE}"):
        pytest.fail("the guide did not open (see the test before)")
    query = get_query("members")
    _show_slide(page, "members")
    _run_block(page, 0, ":param", "pre, code, [data-testid=frameContents]")
    assert page.js(f"{_COMMAND}({_FRAMES}[0])") == browser.param_command(browser.slide_params(query))
    _run_block(page, 1, "the members query", "table td")

    top = f"{_FRAMES}[0]"
    assert page.js(f"{_COMMAND}({top})").split() == query.cypher.split()
    cells = page.js(f"[...{top}.querySelectorAll('table td')].map(td => td.textContent.trim())")
    for name in ("Meta", "IBM"):
        assert f'"{name}"' in cells, (name, cells[:20])
    headers = page.js(f"[...{top}.querySelectorAll('table th')].map(th => th.textContent.trim()).filter(Boolean)")
    assert headers == [*query.columns, *(["page_key"] if query.pages else [])], headers  # the Cypher returns the key
    shot = _save(page, tmp_path / "members.png")
    assert shot.stat().st_size > 10_000


def test_as_of_slide_sets_the_date_and_asks_the_members_then(server, page):
    if not page.js(f"!!{_GUIDE}"):
        pytest.fail("the guide did not open (see the test before)")
    _show_slide(page, "As of a date")
    _run_block(page, 0, ":param asOf", "pre, code, [data-testid=frameContents]")
    _run_block(page, 1, "the members query as of 2024-01-01", "table td")
    cells = page.js(f"[...{_FRAMES}[0].querySelectorAll('table td')].map(td => td.textContent.trim())")
    assert '"Meta"' in cells and '"IBM"' in cells, cells[:20]


def test_overview_nodes_are_drawn_in_their_camp_colours(server, page, tmp_path):
    if not page.js(f"!!{_GUIDE}"):
        pytest.fail("the guide did not open (see the test before)")
    _show_slide(page, "Open or closed AI?")
    _run_block(page, 0, "the overview", "svg g.node circle.b-outline")
    top = f"{_FRAMES}[0]"
    page.wait(f"{top}.querySelectorAll('svg g.node').length >= 10", "the overview's nodes", 30)
    # Let the force layout settle before the picture: positions stop changing.
    positions = f"[...{top}.querySelectorAll('svg g.node')].map(n => n.getAttribute('transform')).join()"
    last, deadline = None, time.monotonic() + 15
    while time.monotonic() < deadline:
        now = page.js(positions)
        if now == last:
            break
        last = now
        time.sleep(0.5)
    fills = page.js(f"""Object.fromEntries([...{top}.querySelectorAll('svg g.node')].map(n =>
        [n.querySelector('text.caption') ? n.querySelector('text.caption').textContent.trim() : '',
         n.querySelector('circle.b-outline').getAttribute('fill')]))""")
    assert fills.get("Meta") == fills.get("IBM") == fills.get("AI Alliance") == CAMP_FILL["open"], fills
    assert fills.get("OpenAI") == fills.get("Microsoft") == CAMP_FILL["closed"], fills
    assert fills.get("ChatGPT") == KIND_FILL["Product"], fills
    shot = _save(page, tmp_path / "overview.png")
    assert shot.stat().st_size > 10_000


def test_guide_from_the_fallback_server_plays_on_localhost(server, page):
    """Without the jar: the assets served from this machine on ``localhost`` (on the
    Browser's default allow-list) play too, the guide's request preflighted and all."""
    if not page.js(f"!!{_GUIDE}"):
        pytest.fail("the guide did not open (see the tests before)")
    assets = browser.serve_assets()
    try:
        command = browser.browser_commands(base_url=assets.base_url)[1]
        before = _frame_count(page)
        page.js("document.querySelector('[data-testid=activeEditor]').click()")
        page.wait("document.activeElement && document.activeElement.tagName === 'TEXTAREA'", "the editor's focus", 10)
        page.send("Input.insertText", text=command)
        for kind in ("keyDown", "keyUp"):
            page.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13)
        page.wait(f"{_FRAMES}.length > {before}", "a frame for the fallback guide", 30)
        page.wait(f"!!{_FRAMES}[0].querySelector('[data-testid=carousel]')", "the fallback guide's slides", 30)
        assert page.js(f"{_COMMAND}({_FRAMES}[0])") == command
        assert page.js(f"{_FRAMES}[0].querySelector('.slide h3').textContent") == "Open or closed AI?"
    finally:
        assets.shutdown()
        assets.server_close()
