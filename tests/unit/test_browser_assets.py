"""The Neo4j Browser guide and GraSS style: committed copies up to date with the query
registry, one slide per query, runnable blocks that are the registry's Cypher, a style
that tells the camps apart, and server settings the Browser understands."""

from __future__ import annotations

import dataclasses
import html
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import browser, draw, load_dataset, read_dataset_files
from alliance_graph.browser import guide as guide_module
from alliance_graph.cli import cli
from alliance_graph.model import NEO4J_REL_TYPES
from alliance_graph.param_types import PARAM_TYPES
from alliance_graph.queries.registry import registry

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "browser"


# ------------------------------------------------------------------------------- helpers


class _Guide(HTMLParser):
    """Slides (by id) and, per slide, the text of its ``pre.runnable`` blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.slides: dict[str, list[str]] = {}
        self.order: list[str] = []
        self.text: dict[str, str] = {}
        self._slide = None
        self._pre = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "slide":
            self._slide = attrs.get("id")
            self.slides[self._slide] = []
            self.order.append(self._slide)
            self.text[self._slide] = ""
        elif tag == "pre" and "runnable" in (attrs.get("class") or "").split():
            assert self._slide is not None, "runnable block outside a slide"
            self._pre = []

    def handle_endtag(self, tag):
        if tag == "pre" and self._pre is not None:
            self.slides[self._slide].append("".join(self._pre))
            self._pre = None
        elif tag == "slide":
            self._slide = None

    def handle_data(self, data):
        if self._pre is not None:
            self._pre.append(data)
        if self._slide is not None:
            self.text[self._slide] += data


def parse_guide(text: str) -> _Guide:
    parser = _Guide()
    parser.feed(text)
    parser.close()
    return parser


def parse_grass(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules in order, read the way the Neo4j Browser reads GraSS (quotes dropped,
    white space outside blocks ignored, a property kept only when it splits into exactly
    key and value on ':')."""
    rules, selector, body, in_block, quoted = [], "", "", False, False
    for ch in text:
        if ch in "'\"":
            quoted = not quoted
        elif ch == "{" and not quoted:
            in_block = True
        elif ch == "}" and not quoted:
            props = {}
            for item in body.split(";"):
                parts = item.split(":")
                if len(parts) == 2:
                    props[parts[0].strip()] = parts[1].strip()
            rules.append((selector, props))
            selector, body, in_block = "", "", False
        elif in_block:
            body += ch
        elif not ch.isspace():
            selector += ch
    assert not selector.strip() and not in_block, "text after the last rule"
    return rules


def post_connect_commands(value: str) -> list[str]:
    """``browser.post_connect_cmd`` split as the Browser splits it (``;`` outside quotes
    and backticks), each run with ``:`` in front."""
    marker = "\0"
    for pattern in (r"(`[^`]*?`)", r'("[^"]*?")', r"('[^']*?')"):
        value = re.sub(pattern, lambda m: m.group(1).replace(";", marker), value)
    return [":" + c.strip().replace(marker, ";") for c in value.split(";") if c.strip()]


def browser_sanitised(text: str) -> str:
    """What the Browser's guide sanitiser leaves of a guide (it drops on* attributes,
    scripts and javascript: links)."""
    text = re.sub(r"""(\s+(on[^\s=]+)[^\s=]*\s*=\s*("[^"]*"|'[^']*'|[\w\-.:]+\s*))""", "", text, flags=re.I)
    text = re.sub(r"<script\b[^<]*(?:(?!</script>)<[^<]*)*(</script>)?", "", text, flags=re.I)
    return re.sub(r"""href=".*javascript:[^"]*\"""", 'href=""', text)


@pytest.fixture(scope="module")
def guide() -> _Guide:
    return parse_guide(browser.guide_html())


@pytest.fixture(scope="module")
def grass() -> list[tuple[str, dict[str, str]]]:
    return parse_grass(browser.style_grass())


# ------------------------------------------------------------------------------- committed files


def agraph_browser(*args: str):
    return CliRunner().invoke(cli, ["browser", *args], catch_exceptions=False)


def test_committed_guide_and_style_are_up_to_date():
    stale = browser.check_assets(DOCS)
    assert stale == [], (f"{', '.join(stale)} in docs/browser/ differ from the query registry: "
                         "run 'agraph browser assets --write' and commit the result")


def test_check_fails_on_a_stale_copy_and_write_repairs_it(tmp_path):
    assert agraph_browser("assets", "--write", "--dir", str(tmp_path)).exit_code == 0
    assert agraph_browser("assets", "--check", "--dir", str(tmp_path)).exit_code == 0
    (tmp_path / "guide.html").write_text(browser.guide_html().replace("members", "memberz"), encoding="utf-8")
    stale = agraph_browser("assets", "--check", "--dir", str(tmp_path))
    assert stale.exit_code == 1
    assert "guide.html" in stale.output and "agraph browser assets --write" in stale.output
    assert agraph_browser("assets", "--write", "--dir", str(tmp_path)).exit_code == 0
    assert browser.check_assets(tmp_path) == []


def test_python_m_runs_the_same_command(tmp_path):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "alliance_graph.browser", "assets", "--check", "--dir", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1 and "agraph browser assets --write" in run.stderr
    assert "Usage: agraph browser" in subprocess.run([sys.executable, "-m", "alliance_graph.browser", "--help"],
                                                     capture_output=True, text=True, cwd=ROOT, timeout=120).stdout


def test_a_changed_query_file_makes_the_committed_guide_stale(monkeypatch):
    queries = dict(registry())
    members = queries["members"]
    queries["members"] = dataclasses.replace(members, cypher=members.cypher.replace("ORDER BY", "ORDER  BY"))
    monkeypatch.setattr(guide_module, "registry", lambda: queries)
    assert browser.check_assets(DOCS) == ["guide.html"]


# ------------------------------------------------------------------------------- the guide


def test_the_guide_is_in_the_browser_guide_format():
    text = browser.guide_html()
    assert text.startswith('<article class="guide">') and text.rstrip().endswith("</article>")
    assert text.count('<carousel class="deck container-fluid">') == 1
    assert text.count("<slide ") == text.count("</slide>") == len(registry()) + 2  # introduction, as of a date
    assert text.isascii(), "other characters go in as character references"
    assert browser_sanitised(text) == text, "the Browser's sanitiser would change the guide"


def test_one_slide_per_query_after_the_introduction(guide):
    assert guide.order[:2] == ["agraph-intro", "agraph-as-of"]
    assert sorted(guide.order[2:]) == sorted(f"agraph-{name}" for name in registry())
    assert guide.order[2] == "agraph-members", "the story starts with the alliance's members"


def test_the_as_of_slide_sets_the_date_and_runs_the_registry_query(guide):
    blocks = guide.slides["agraph-as-of"]
    assert any(b.startswith(":param {") and 'asOf: "2024-01-01"' in b and "limit: " in b for b in blocks)
    assert ":param asOf => null" in blocks
    assert registry()["members"].cypher.strip() in blocks


def test_every_query_block_is_the_registry_cypher_verbatim(guide):
    for name, query in registry().items():
        blocks = guide.slides[f"agraph-{name}"]
        assert blocks[-1] == query.cypher.strip(), name
        assert len(blocks) == 2, name  # every query takes $asOf, so every slide sets it


def test_param_blocks_set_exactly_the_query_parameters_to_article_ids(guide):
    ds = load_dataset()
    for name, query in registry().items():
        values = browser.example_params(query)
        paging = {"limit": browser.guide.GUIDE_PAGE_SIZE, "after": None} if query.pages else {}
        assert guide.slides[f"agraph-{name}"][0] == browser.param_command({**values, "asOf": None, **paging}), name
        if not query.params:
            continue
        assert list(values) == [p.name for p in query.params], name
        for p in query.params:
            kind = PARAM_TYPES[p.type]
            assert kind.free_text or values[p.name] in kind.examples(ds), (name, values)
    examples = {name: browser.example_params(q) for name, q in registry().items()}
    assert examples["members"] == {"alliance": "ai-alliance"}
    assert ds.organisations[examples["members"]["alliance"]].kind == "alliance"
    assert examples["competitors"] == examples["partners"] == {"org": "openai"}
    assert examples["path"] == {"from": "meta", "to": "openai"}
    assert examples["camp"]["camp"] in ("open", "closed", "none")


def test_param_command_uses_the_browser_map_form():
    assert browser.param_command({"alliance": "ai-alliance"}) == ':param {alliance: "ai-alliance"}'
    assert browser.param_command({"text": 'l"x'}) == ':param {text: "l\\"x"}'


def test_the_introduction_tells_the_article_story(guide):
    intro = " ".join(guide.text["agraph-intro"].split())
    for fact in ("Meta", "IBM", "AI Alliance", "more than 50", "open-source", "OpenAI", "ChatGPT", "Microsoft",
                 "Anthropic", "Cohere", "IDC", "143 billion by 2027", "16 billion"):
        assert fact in intro, fact
    article = load_dataset().sources["article-ai-alliance-fr"]
    assert article.title in intro
    intro_html = browser.guide_html().split("</slide>")[0]
    quotes = re.findall(r"<q>(.*?)</q>", intro_html, flags=re.S)
    assert len(quotes) >= 3, "a quote for each camp and for the forecasts"
    squashed = " ".join(article.text.split())
    for quote in quotes:
        assert " ".join(html.unescape(quote).split()) in squashed, quote
    assert guide.slides["agraph-intro"] == [browser.OVERVIEW_CYPHER]


OTHER_DATASET = """
dataset: other-industry
sources:
  - {id: memo, title: "A memo on robot makers", language: en, published: 2025-02}
organisations:
  - id: free-robots
    name: Free Robots Pact
    kind: alliance
    description: Pact of robot makers publishing their designs.
    camp: {value: open, evidence: [{source: memo, quote: "the Pact publishes every design"}]}
  - {id: acme, name: Acme Robotics, kind: company, evidence: [{source: memo, quote: "Acme started the Pact"}]}
  - {id: bolt, name: Bolt Works, kind: company, evidence: [{source: memo, quote: "Bolt Works joined"}]}
  - id: globex
    name: Globex
    kind: company
    camp: {value: closed, evidence: [{source: memo, quote: "Globex keeps its designs secret"}]}
  - id: initech
    name: Initech
    kind: company
    camp: {value: closed, evidence: [{source: memo, quote: "Initech sells closed robots"}]}
  - {id: umbrella, name: Umbrella Analytics, aliases: [UMB], kind: analyst-firm, evidence: [{source: memo, quote: "Umbrella says"}]}
products:
  - {id: grabber, name: Grabber 3000, kind: hardware, evidence: [{source: memo, quote: "the Grabber 3000"}]}
claims:
  - {id: robots-2030, kind: forecast, metric: robot sales, value: 2000000000, unit: USD, year: 2030, qualifier: exact,
     stated_by: umbrella, evidence: [{source: memo, quote: "robot sales of 2 billion dollars in 2030"}]}
  - {id: robots-2035, kind: forecast, metric: robot sales, value: 9000000000, unit: USD, year: 2035,
     qualifier: approximately, stated_by: umbrella, evidence: [{source: memo, quote: "about 9 billion by 2035"}]}
relationships:
  - {type: member-of, from: acme, to: free-robots, role: founder, evidence: [{source: memo, quote: "Acme started the Pact"}]}
  - {type: member-of, from: bolt, to: free-robots, role: member, evidence: [{source: memo, quote: "Bolt Works joined"}]}
  - {type: develops, from: globex, to: grabber, evidence: [{source: memo, quote: "Globex makes the Grabber 3000"}]}
  - {type: competes-with, from: globex, to: initech, evidence: [{source: memo, quote: "Globex and Initech compete"}]}
"""


def test_the_introduction_is_drawn_from_the_dataset_it_is_given(tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text(OTHER_DATASET, encoding="utf-8")
    ds = read_dataset_files([path])
    text = browser.guide_html(ds)
    other = parse_guide(text)
    intro = " ".join(other.text["agraph-intro"].split())
    for fact in ("Acme Robotics founded the Free Robots Pact", "Bolt Works", "A memo on robot makers",
                 "Globex (Grabber 3000)", "competitor Initech", "UMB (Umbrella Analytics) forecasts robot sales",
                 "$2 billion in 2030", "about $9 billion by 2035"):
        assert fact in intro, (fact, intro)
    for article_word in ("Meta", "IBM", "OpenAI", "AI Alliance", "ai-alliance", "openai", "IDC"):
        assert article_word not in text.split("</slide>")[0], article_word
    quotes = {e.quote for section in (ds.organisations, ds.claims, ds.relationships)
              for record in section.values()
              for e in (*record.evidence, *(getattr(getattr(record, "camp", None), "evidence", ()) or ()))}
    for quote in re.findall(r"<q>(.*?)</q>", text.split("</slide>")[0], flags=re.S):
        assert html.unescape(quote) in quotes, quote
    nodes = {**ds.organisations, **ds.products}
    for name, query in registry().items():  # every :param block names this dataset's nodes
        values = browser.example_params(query, ds)
        if query.params:
            paging = {"limit": browser.guide.GUIDE_PAGE_SIZE, "after": None} if query.pages else {}
            assert other.slides[f"agraph-{name}"][0] == browser.param_command({**values, "asOf": None, **paging})
        for p in query.params:
            if p.type in ("org", "node"):
                assert values[p.name] in nodes, (name, values)
    assert browser.example_params(registry()["members"], ds) == {"alliance": "free-robots"}
    assert len(set(browser.example_params(registry()["path"], ds).values())) == 2


# ------------------------------------------------------------------------------- the style


def test_grass_has_no_comments_and_every_property_parses():
    text = browser.style_grass()
    assert "/*" not in text and "//" not in text
    for selector, props in parse_grass(text):
        written = re.search(re.escape(selector) + r" \{\n(.*?)\n\}", text, flags=re.S).group(1)
        assert len(props) == len(written.splitlines()), selector


def test_open_and_closed_camps_get_distinct_colours_from_the_drawing(grass):
    rules = dict(grass)
    open_, closed = rules["node.OpenCamp"]["color"], rules["node.ClosedCamp"]["color"]
    assert open_ != closed
    assert (open_, closed) == (draw.style.CAMP_FILL["open"], draw.style.CAMP_FILL["closed"])
    selectors = [s for s, _ in grass]
    assert selectors.index("node.Organisation") < selectors.index("node.OpenCamp"), "later rules win"
    assert selectors.index("node.Organisation") < selectors.index("node.ClosedCamp")


def test_node_captions_and_kinds(grass):
    rules = dict(grass)
    assert rules["node.Organisation"]["caption"] == "{name}"
    colours = [rules[f"node.{label}"]["color"] for label in ("OpenCamp", "ClosedCamp", "Organisation",
                                                            "Product", "Claim", "Source")]
    assert len(set(colours)) == len(colours), colours
    size = lambda selector: int(rules[selector]["diameter"].removesuffix("px"))  # noqa: E731
    assert size("node.Alliance") > size("node.Organisation") > size("node.Product")


def test_every_relationship_type_shows_its_type(grass):
    rules = dict(grass)
    assert rules["relationship"]["caption"] == "<type>"
    for rel_type in NEO4J_REL_TYPES:
        assert rules[f"relationship.{rel_type}"]["caption"] == "<type>", rel_type


# ------------------------------------------------------------------------------- settings


def test_browser_settings_open_the_guide_and_apply_the_style():
    settings = browser.browser_settings(7474)
    assert set(settings) == {"browser.post_connect_cmd", "browser.remote_content_hostname_whitelist"}
    assert post_connect_commands(settings["browser.post_connect_cmd"]) == [
        ":style http://127.0.0.1:7474/browser/agraph/style.grass",
        ":play http://127.0.0.1:7474/browser/agraph/guide.html",
    ] == browser.browser_commands(7474)
    hosts = settings["browser.remote_content_hostname_whitelist"].split(",")
    assert hosts[:2] == ["guides.neo4j.com", "localhost"] and "127.0.0.1" in hosts


def test_browser_settings_from_a_base_url():
    settings = browser.browser_settings(base_url="https://graph.example.org:7473/browser/")
    assert "play https://graph.example.org:7473/browser/agraph/guide.html" in settings["browser.post_connect_cmd"]
    assert settings["browser.remote_content_hostname_whitelist"].endswith(",graph.example.org")
    with pytest.raises(ValueError):
        browser.browser_settings()
    with pytest.raises(ValueError):
        browser.browser_settings(7474, base_url="http://localhost:7474")
    with pytest.raises(ValueError):
        browser.browser_settings(base_url="bolt://localhost:7687")


def test_settings_command_line():
    result = agraph_browser("settings", "7474")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines == [f"{k}={v}" for k, v in browser.browser_settings(7474).items()], "nothing but the settings"
    assert lines[0].startswith("browser.post_connect_cmd=style http://127.0.0.1:7474/")
    assert agraph_browser("settings", "bolt://x:1").exit_code == 2
    assert agraph_browser("assets").exit_code == 2  # --check or --write


def test_an_old_flag_names_the_subcommand_that_replaced_it():
    old = agraph_browser("--settings", "7474")
    assert old.exit_code == 2 and "--settings is now a subcommand: agraph browser settings PORT|URL" in old.output
    assert "agraph browser assets --check" in agraph_browser("--check-assets").output
    assert "No such option '--nope'" in agraph_browser("--nope").output


# ------------------------------------------------------------------------------- the jar


def _fake_browser_jar(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
        z.writestr(zipfile.ZipInfo("browser/"), b"")
        z.writestr("browser/index.html", "<!doctype html><title>Neo4j Browser</title>")
        z.writestr("browser/app.js", "console.log('browser')")
    return path


def test_guide_jar_is_the_browser_plus_the_assets(tmp_path):
    base = _fake_browser_jar(tmp_path / "neo4j-browser-5.24.0.jar")
    jar = browser.build_guide_jar(tmp_path / "out" / "agraph-browser.jar", base)
    with zipfile.ZipFile(jar) as z:
        names = z.namelist()
        assert {"browser/", "browser/index.html", "browser/app.js", "browser/agraph/"} <= set(names)
        assert z.read("browser/agraph/guide.html").decode() == browser.guide_html()
        assert z.read("browser/agraph/style.grass").decode() == browser.style_grass()
        assert z.read("browser/index.html") == b"<!doctype html><title>Neo4j Browser</title>"
        assert len(names) == len(set(names))
    assert browser.build_guide_jar(tmp_path / "twice.jar", base).read_bytes() == jar.read_bytes()
    again = browser.build_guide_jar(tmp_path / "again.jar", jar)  # from an already extended jar
    with zipfile.ZipFile(again) as z:
        assert z.namelist() == names


def test_guide_jar_refuses_a_jar_without_the_browser(tmp_path):
    other = tmp_path / "other.jar"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("org/x/A.class", b"")
    with pytest.raises(ValueError, match="no browser/ folder"):
        browser.build_guide_jar(tmp_path / "out.jar", other)
    assert not (tmp_path / "out.jar").exists()


def test_find_browser_jar_picks_the_newest_on_the_classpath():
    classpath = ["/m2/neo4j-5.26.30.jar", "/m2/neo4j-browser-5.9.0.jar", "/m2/neo4j-browser-5.24.0.jar",
                 "/m2/neo4j-browser-extra-1.0.jar"]
    assert browser.find_browser_jar(classpath).name == "neo4j-browser-5.24.0.jar"
    with pytest.raises(FileNotFoundError):
        browser.find_browser_jar(["/m2/neo4j-5.26.30.jar"])


# ------------------------------------------------------------------------------- without the jar


def test_fallback_server_serves_the_assets_to_any_origin():
    import urllib.error
    import urllib.request

    server = browser.serve_assets()
    try:
        assert server.base_url.startswith("http://localhost:")
        base = f"http://127.0.0.1:{server.server_address[1]}/browser/agraph"
        request = urllib.request.Request(f"{base}/guide.html", headers={"Origin": "http://127.0.0.1:7474",
                                                                         "pragma": "no-cache"})
        with urllib.request.urlopen(request, timeout=10) as r:
            assert r.headers["Access-Control-Allow-Origin"] == "*"
            assert r.read().decode("utf-8") == browser.guide_html()
        with urllib.request.urlopen(f"{base}/style.grass", timeout=10) as r:
            assert r.read().decode("utf-8") == browser.style_grass()
        preflight = urllib.request.Request(f"{base}/guide.html", method="OPTIONS", headers={
            "Origin": "http://127.0.0.1:7474", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "cache-control,pragma,sentry-trace"})
        with urllib.request.urlopen(preflight, timeout=10) as r:
            assert r.status == 204
            assert r.headers["Access-Control-Allow-Headers"] == "cache-control,pragma,sentry-trace"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/../secret", timeout=10)
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()
