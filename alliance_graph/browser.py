"""Neo4j Browser assets: a guide with one slide per canned query, and a GraSS stylesheet.

Both are generated from the query registry (``cypher/queries/*.cypher``), so the Browser
shows exactly the Cypher that the library and the ``agraph`` command run. The committed
copies live in ``docs/browser/``; ``python -m alliance_graph.browser --check`` fails when
they differ from what the registry generates, ``--write`` regenerates them.

How the server serves them
--------------------------
The Neo4j server serves the Browser from the classpath folder ``browser/`` of *one* jar:
the first on the classpath that has it (``ClassLoader.getResource("browser")``, then a
Jetty context rooted there). A jar holding only ``browser/agraph/guide.html`` is therefore
never served when it comes after the Browser's jar, and hides the whole Browser when it
comes first. :func:`build_guide_jar` thus writes a copy of the Browser's own jar with the
guide and the stylesheet added under ``browser/agraph/``; put it first on the server's
classpath and the server serves ``/browser/`` as before plus ``/browser/agraph/guide.html``
and ``/browser/agraph/style.grass``, same origin as the Browser (and with
``Access-Control-Allow-Origin: *``, as all its static files).

:func:`browser_settings` gives the server settings that make the Browser apply the style
and open the guide as soon as it connects (``browser.post_connect_cmd``), and allow it to
fetch them (``browser.remote_content_hostname_whitelist``: the Browser only fetches guides
and styles from the host names listed there, by default ``guides.neo4j.com`` and
``localhost``). Neo4j 5.26 and 2026.x both declare these two setting names, and the Browser
reads the allow-list under that name only. The Browser runs the post-connect commands at
once, so the style's frame may land above or below the guide's.

For a server started without the jar (Docker, a packaged install), :func:`serve_assets`
(``python -m alliance_graph.browser --serve``) serves the two files from this machine at
``http://localhost:<port>/browser/agraph/``; ``localhost`` is on the Browser's default
allow-list, so ``:style`` and ``:play`` with those URLs work with no server setting.

>>> slides = guide_html().count("<slide ")
>>> slides == len(registry()) + 1
True
>>> "node.OpenCamp" in style_grass() and "node.ClosedCamp" in style_grass()
True
"""

from __future__ import annotations

import argparse
import glob
import html
import json
import os
import re
import shlex
import sys
import threading
import zipfile
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from .draw import _CAMP_FILL, _EDGE_STYLES, _KIND_FILL
from .errors import AllianceGraphError
from .model import CAMP_LABELS, NEO4J_REL_TYPES
from .queries.registry import Query, registry

__all__ = [
    "ASSET_FOLDER",
    "DOCS_FOLDER",
    "GUIDE_FILE",
    "OVERVIEW_CYPHER",
    "STYLE_FILE",
    "asset_urls",
    "browser_commands",
    "browser_settings",
    "build_guide_jar",
    "check_assets",
    "example_params",
    "find_browser_jar",
    "guide_html",
    "guide_is_served",
    "main",
    "param_command",
    "serve_assets",
    "style_grass",
    "write_assets",
]

GUIDE_FILE = "guide.html"
STYLE_FILE = "style.grass"
#: Where the assets sit inside the jar; the server serves them at ``/browser/agraph/...``.
ASSET_FOLDER = "browser/agraph"
#: The committed copies (a source checkout only; a wheel has no docs/).
DOCS_FOLDER = Path(__file__).resolve().parent.parent / "docs" / "browser"

#: The Browser's own default allow-list (kept, so that Neo4j's guides still play).
DEFAULT_ALLOWLIST = ("guides.neo4j.com", "localhost")
POST_CONNECT_SETTING = "browser.post_connect_cmd"
ALLOWLIST_SETTING = "browser.remote_content_hostname_whitelist"

#: Slide order after the introduction: the story first; queries not listed follow by name.
SLIDE_ORDER = ("members", "camp", "camp-of", "competitors", "partners", "rivalries", "path", "why",
               "profile", "relationships", "search", "resolve", "names", "stats")

#: Used when a query's ``example:`` header gives no usable value for a parameter.
FALLBACK_VALUES = {"org": "openai", "node": "openai", "camp": "open", "search": "openai", "text": "openai"}

_TYPE_NOTES = {  # what the Browser needs, where agraph would also take names
    "org": "In the Browser: the organisation's id",
    "node": "In the Browser: the organisation's or product's id",
    "camp": "",
    "search": "In the Browser: lower case, without accents",
    "text": "",
}

#: The one runnable block that is not a registry query: the picture the style is for.
OVERVIEW_CYPHER = "MATCH p = (:Organisation)-[:MEMBER_OF|PARTNERS_WITH|COMPETES_WITH|DEVELOPS]->()\nRETURN p"


# ------------------------------------------------------------------------------- parameters


def _example_arguments(query: Query) -> dict[str, str]:
    """Raw parameter values read from the query's first ``example:`` line (names, not ids)."""
    if not query.examples:
        return {}
    try:
        words = shlex.split(query.examples[0])
    except ValueError:
        return {}
    if len(words) < 2 or words[0] != "agraph":
        return {}
    words = words[1:]
    if words[0] == "query":  # agraph query NAME -p key=value ...
        values = {}
        for flag, pair in zip(words[2:], words[3:]):
            if flag in ("-p", "--param") and "=" in pair:
                key, _, value = pair.partition("=")
                values[key] = value
        return values
    positional = [w for w in words[1:] if not w.startswith("-")]
    if len(positional) != len(query.params):
        return {}
    return {p.name: value for p, value in zip(query.params, positional)}


@lru_cache(maxsize=1)
def _article_graph():
    from .api import AllianceGraph

    return AllianceGraph.embedded()


def example_params(query: Query) -> dict[str, str]:
    """The parameter values the guide sets for ``query``, as the Cypher takes them (ids).

    They come from the query's ``example:`` header line, resolved on the article graph the
    way ``agraph`` resolves them (names and aliases become ids, search text is folded).

    >>> example_params(registry()["members"])
    {'alliance': 'ai-alliance'}
    >>> example_params(registry()["path"])
    {'from': 'meta', 'to': 'openai'}
    >>> example_params(registry()["stats"])
    {}
    """
    raw = _example_arguments(query)
    values = {p.name: raw.get(p.name) or FALLBACK_VALUES[p.type] for p in query.params}
    if not values:
        return {}
    try:
        return _article_graph().prepare(query, values)
    except AllianceGraphError:  # an example naming something the article lacks: keep the fallbacks
        return {p.name: FALLBACK_VALUES[p.type] for p in query.params}


def param_command(values: dict[str, str]) -> str:
    """The Browser command that sets exactly these parameters.

    >>> param_command({"from": "meta", "to": "openai"})
    ':param {from: "meta", to: "openai"}'
    """
    body = ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items())
    return ":param {" + body + "}"


# ------------------------------------------------------------------------------- the guide


def _ordered_queries() -> list[Query]:
    queries = registry()
    first = [queries[name] for name in SLIDE_ORDER if name in queries]
    rest = [q for name, q in queries.items() if name not in SLIDE_ORDER]
    return first + rest


def _runnable(text: str) -> str:
    return f'<pre class="pre-scrollable code runnable">{html.escape(text.rstrip(), quote=False)}</pre>'


def _swatch(colour: str, text: str) -> str:
    return (f'<span style="display:inline-block;padding:0 8px;border-radius:9px;color:#fff;'
            f'background:{colour}">{html.escape(text)}</span>')


def _evidence_quote(relationship_or_claim) -> str:
    return html.escape(relationship_or_claim.evidence[0].quote)


def _intro_slide() -> str:
    from .dataset import load_dataset

    ds = load_dataset()
    source = ds.sources["article-ai-alliance-fr"]
    size = ds.claims["ai-alliance-size"]
    spend_now, spend_2027 = ds.claims["idc-genai-spending-2023"], ds.claims["idc-genai-spending-2027"]
    competitors = ds.relationships["competes-with:openai:anthropic"]
    legend = " ".join([
        _swatch(_CAMP_FILL["open"], "open camp"), _swatch(_CAMP_FILL["closed"], "closed camp"),
        _swatch(_CAMP_FILL["none"], "no camp"), _swatch(_KIND_FILL["Product"], "product"),
        _swatch(_KIND_FILL["Claim"], "figure or forecast"), _swatch(_KIND_FILL["Source"], "source"),
    ])
    return f"""<slide class="row-fluid" id="agraph-intro">
  <div class="col-sm-3">
    <h3>Open or closed AI?</h3>
    <p class="lead">Who stands where in the AI industry, read from one news article, every fact with its quote.</p>
    <p>Source: <em>{html.escape(source.title)}</em> ({html.escape(source.language)}, {html.escape(source.published or '')}).</p>
  </div>
  <div class="col-sm-9">
    <ul>
      <li><strong>The open camp.</strong> Meta and IBM launch the <em>AI Alliance</em>, more than
        {size.value:g} companies and research institutes (Intel, Oracle, Cornell University, the
        National Science Foundation&hellip;) that promote open-source AI:
        <q>{_evidence_quote(size)}</q>.</li>
      <li><strong>The closed camp.</strong> OpenAI (ChatGPT), backed by its investment partner
        Microsoft, and its competitors Anthropic and Cohere build closed models that companies pay
        to use: <q>{_evidence_quote(competitors)}</q>.</li>
      <li><strong>The stakes.</strong> IDC (International Data Corp) forecasts worldwide company
        spending on generative AI of about ${spend_now.value / 1e9:g} billion in {spend_now.year}
        and ${spend_2027.value / 1e9:g} billion by {spend_2027.year}:
        <q>{_evidence_quote(spend_2027)}</q>.</li>
    </ul>
    <p>{legend}</p>
    <p>The article as a graph: organisations coloured by camp (the style applied when you
      connected; <code>:style reset</code> restores the Browser's own), their memberships,
      partnerships and rivalries, and the products they develop. Click to run:</p>
    {_runnable(OVERVIEW_CYPHER)}
    <p>Each of the next slides is one canned query of the
      <code>alliance-graph</code> registry: click its <code>:param</code> block to set the
      parameters, then its query to run it. The canned queries take <strong>ids</strong>
      (<code>ai-alliance</code>, <code>openai</code>&hellip;); looking organisations up by name or
      alias is what the <code>agraph</code> command adds.</p>
  </div>
</slide>"""


def _query_slide(query: Query) -> str:
    values = example_params(query)
    if query.params:
        items = "\n".join(
            f"      <li><code>${html.escape(p.name)}</code>: {html.escape(p.doc)}."
            f" {_TYPE_NOTES[p.type] + ', here' if _TYPE_NOTES[p.type] else 'Here'}"
            f" <code>{html.escape(values[p.name])}</code>.</li>" for p in query.params)
        params = (f"    <p>Parameters:</p>\n    <ul>\n{items}\n    </ul>\n"
                  f"    {_runnable(param_command(values))}\n")
    else:
        params = "    <p>No parameters.</p>\n"
    example = "".join(f"<br/><code>{html.escape(e)}</code>" for e in query.examples)
    return f"""<slide class="row-fluid" id="agraph-{html.escape(query.name)}">
  <div class="col-sm-3">
    <h3>{html.escape(query.name)}</h3>
    <p class="lead">{html.escape(query.summary)}</p>
    <p>From the command line:{example}</p>
  </div>
  <div class="col-sm-9">
{params}    <p>The query (<code>{html.escape(query.file)}</code>), columns
      {", ".join(f"<code>{html.escape(c)}</code>" for c in query.columns)}:</p>
    {_runnable(query.cypher)}
  </div>
</slide>"""


def guide_html() -> str:
    """The Browser guide: an introduction, then one slide per canned query.

    Each query slide has a runnable ``:param`` block with the article example (when the
    query takes parameters) and a runnable block holding the query's Cypher, verbatim.
    The text is ASCII (other characters as character references), so no charset can
    garble it.

    >>> text = guide_html()
    >>> text.startswith('<article class="guide">') and text.count('<slide ') == len(registry()) + 1
    True
    >>> ':param {alliance: &quot;ai-alliance&quot;}' in text or ':param {alliance: "ai-alliance"}' in text
    True
    """
    slides = [_intro_slide(), *(_query_slide(q) for q in _ordered_queries())]
    # No re-indentation: it would change the text of the runnable blocks.
    text = (
        '<article class="guide">\n'
        "<title>alliance-graph: open vs closed AI</title>\n"
        '<carousel class="deck container-fluid">\n'
        + "\n".join(slides)
        + "\n</carousel>\n</article>\n"
    )
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


# ------------------------------------------------------------------------------- the style


def _darker(colour: str, factor: float = 0.75) -> str:
    r, g, b = (int(colour[k: k + 2], 16) for k in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _rule(selector: str, props: dict[str, str]) -> str:
    lines = "".join(f"  {key}: {value};\n" for key, value in props.items())
    return f"{selector} {{\n{lines}}}\n"


def _node_colours(fill: str, text: str = "#ffffff") -> dict[str, str]:
    return {"color": fill, "border-color": _darker(fill), "text-color-internal": text}


def style_grass() -> str:
    """The GraSS stylesheet: organisations coloured by camp (as in ``agraph draw``).

    Rules apply in order, later ones winning, so ``node.OpenCamp`` and ``node.ClosedCamp``
    come after ``node.Organisation``. Alliances would be drawn larger through an
    ``Alliance`` label (the Browser styles by label only, not by property). GraSS has no
    comments: the Browser's parser would read one as part of the next selector.

    >>> grass = style_grass()
    >>> "node.OpenCamp {\\n  color: #138a72;" in grass, "node.ClosedCamp {\\n  color: #d1495b;" in grass
    (True, True)
    >>> "caption: '{name}';" in grass and "caption: '<type>';" in grass
    True
    """
    rules = [
        _rule("node", {"diameter": "50px", **_node_colours(_CAMP_FILL["none"]), "border-width": "2px",
                       "font-size": "10px"}),
        _rule("relationship", {"color": "#a5abb6", "shaft-width": "1px", "font-size": "8px", "padding": "3px",
                               "text-color-external": "#1f2933", "text-color-internal": "#ffffff",
                               "caption": "'<type>'"}),
        _rule("node.Organisation", {"diameter": "60px", **_node_colours(_CAMP_FILL["none"]),
                                    "caption": "'{name}'"}),
        _rule(f"node.{CAMP_LABELS['open']}", _node_colours(_CAMP_FILL["open"])),
        _rule(f"node.{CAMP_LABELS['closed']}", _node_colours(_CAMP_FILL["closed"])),
        _rule("node.Alliance", {"diameter": "90px", "font-size": "12px"}),
        _rule("node.Product", {"diameter": "45px", **_node_colours(_KIND_FILL["Product"]), "caption": "'{name}'"}),
        _rule("node.Claim", {"diameter": "40px", **_node_colours(_KIND_FILL["Claim"], "#1f2933"),
                             "caption": "'{id}'"}),
        _rule("node.Source", {"diameter": "40px", **_node_colours(_KIND_FILL["Source"]), "caption": "'{title}'"}),
    ]
    for rel_type in NEO4J_REL_TYPES:
        edge = _EDGE_STYLES[rel_type]
        width = max(1, round(edge.width))
        rules.append(_rule(f"relationship.{rel_type}", {"color": edge.colour, "shaft-width": f"{width}px",
                                                         "caption": "'<type>'"}))
    return "\n".join(rules)


# ------------------------------------------------------------------------------- files


def _assets() -> dict[str, str]:
    return {GUIDE_FILE: guide_html(), STYLE_FILE: style_grass()}


def write_assets(folder: str | Path) -> list[Path]:
    """Write ``guide.html`` and ``style.grass`` into ``folder`` (created if needed).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_assets(d)]
    ['guide.html', 'style.grass']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _assets().items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation on any platform
        written.append(path)
    return written


def check_assets(folder: str | Path = DOCS_FOLDER) -> list[str]:
    """The names of the files in ``folder`` that are missing or differ from the generated ones.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     before = check_assets(d)
    ...     _ = write_assets(d)
    ...     before, check_assets(d)
    (['guide.html', 'style.grass'], [])
    """
    folder = Path(folder)
    stale = []
    for name, text in _assets().items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(name)
    return stale


def _version_key(path: str) -> tuple:
    m = re.search(r"neo4j-browser-(\d+(?:\.\d+)*)", os.path.basename(path))
    return tuple(int(x) for x in m.group(1).split(".")) if m else ()


def find_browser_jar(classpath: list[str] | None = None) -> Path:
    """The Neo4j Browser jar: the one on ``classpath`` (e.g. the local launcher's
    ``fetch(version)``), else the newest in the local Maven repository.

    Raises
    ------
    FileNotFoundError
        When there is none; fetch one with ``python scripts/neo4j_local.py fetch``.

    >>> str(find_browser_jar(["/x/neo4j-5.26.30.jar", "/m2/neo4j-browser-5.24.0.jar"]))
    '/m2/neo4j-browser-5.24.0.jar'
    """
    if classpath is not None:
        found = [j for j in classpath if re.fullmatch(r"neo4j-browser-[\d.]+\.jar", os.path.basename(j))]
    else:
        m2 = Path(os.environ.get("MAVEN_REPOSITORY") or Path.home() / ".m2" / "repository")
        found = [j for j in glob.glob(str(m2 / "org/neo4j/client/neo4j-browser/*/neo4j-browser-*.jar"))
                 if re.fullmatch(r"neo4j-browser-[\d.]+\.jar", os.path.basename(j))]
    if not found:
        where = "on that classpath" if classpath is not None else "in the local Maven repository"
        raise FileNotFoundError(f"no Neo4j Browser jar {where}: fetch one with 'python scripts/neo4j_local.py fetch'")
    return Path(max(found, key=_version_key))


_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def build_guide_jar(path: str | Path, browser_jar: str | Path | None = None) -> Path:
    """Write a jar that is the Neo4j Browser plus ``browser/agraph/guide.html`` and
    ``browser/agraph/style.grass``; placed first on the server's classpath, the server
    serves the Browser as usual and the two assets at ``/browser/agraph/``.

    ``browser_jar``: the Browser jar to extend (default: :func:`find_browser_jar`). The
    output is byte-for-byte the same for the same inputs. About 17 MB, under a second.
    """
    path = Path(path)
    base = Path(browser_jar) if browser_jar is not None else find_browser_jar()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")

    def directory(z: zipfile.ZipFile, name: str) -> None:
        info = zipfile.ZipInfo(name, _FIXED_TIME)
        info.external_attr = 0o40755 << 16
        z.writestr(info, b"")

    try:
        with zipfile.ZipFile(base) as src, zipfile.ZipFile(tmp, "w") as out:
            out.writestr(zipfile.ZipInfo("META-INF/MANIFEST.MF", _FIXED_TIME),
                         f"Manifest-Version: 1.0\r\nCreated-By: alliance-graph (from {base.name})\r\n\r\n")
            seen = set()
            for info in src.infolist():
                name = info.filename
                if name.startswith("META-INF/") or name.startswith(ASSET_FOLDER + "/") or name in seen:
                    continue
                seen.add(name)
                if info.is_dir():
                    directory(out, name)
                else:
                    out.writestr(zipfile.ZipInfo(name, _FIXED_TIME), src.read(info),
                                 compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
            if "browser/" not in seen:
                raise ValueError(f"{base} has no browser/ folder: is it the Neo4j Browser jar?")
            directory(out, ASSET_FOLDER + "/")
            for name, text in _assets().items():
                out.writestr(zipfile.ZipInfo(f"{ASSET_FOLDER}/{name}", _FIXED_TIME), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


# ------------------------------------------------------------------------------- settings


def _base_url(http_port: int | None, base_url: str | None) -> str:
    if (http_port is None) == (base_url is None):
        raise ValueError("give the server's HTTP port or its base URL (one of them)")
    if base_url is None:
        return f"http://127.0.0.1:{int(http_port)}"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {base_url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def asset_urls(http_port: int | None = None, *, base_url: str | None = None) -> dict[str, str]:
    """Where the server (running with the guide jar) serves the guide and the style.

    >>> asset_urls(7474)["guide"]
    'http://127.0.0.1:7474/browser/agraph/guide.html'
    >>> asset_urls(base_url="https://neo4j.example.org/browser/")["style"]
    'https://neo4j.example.org/browser/agraph/style.grass'
    """
    base = _base_url(http_port, base_url)
    return {"guide": f"{base}/{ASSET_FOLDER}/{GUIDE_FILE}", "style": f"{base}/{ASSET_FOLDER}/{STYLE_FILE}"}


def browser_commands(http_port: int | None = None, *, base_url: str | None = None) -> list[str]:
    """The Browser commands that apply the style and open the guide, to type by hand.

    >>> browser_commands(7474)
    [':style http://127.0.0.1:7474/browser/agraph/style.grass', ':play http://127.0.0.1:7474/browser/agraph/guide.html']
    """
    urls = asset_urls(http_port, base_url=base_url)
    return [f":style {urls['style']}", f":play {urls['guide']}"]


def browser_settings(http_port: int | None = None, *, base_url: str | None = None) -> dict[str, str]:
    """Server settings that make the Browser apply the style and open the guide on connect.

    ``browser.post_connect_cmd`` holds commands separated by ``;`` (the Browser splits
    there and runs each with a ``:`` in front); the allow-list keeps the Browser's
    defaults and adds the server's host name. Pass them to the local launcher
    (``settings=`` or ``--setting k=v``), or to Docker as ``NEO4J_browser_post__connect__cmd``
    and ``NEO4J_browser_remote__content__hostname__whitelist``.

    >>> s = browser_settings(7474)
    >>> s["browser.post_connect_cmd"]
    'style http://127.0.0.1:7474/browser/agraph/style.grass; play http://127.0.0.1:7474/browser/agraph/guide.html'
    >>> s["browser.remote_content_hostname_whitelist"]
    'guides.neo4j.com,localhost,127.0.0.1'
    >>> browser_settings(base_url="http://localhost:7474")["browser.remote_content_hostname_whitelist"]
    'guides.neo4j.com,localhost'
    """
    base = _base_url(http_port, base_url)
    commands = "; ".join(c[1:] for c in browser_commands(base_url=base))
    hosts = list(DEFAULT_ALLOWLIST)
    host = urlsplit(base).hostname
    if host not in hosts:
        hosts.append(host)
    return {POST_CONNECT_SETTING: commands, ALLOWLIST_SETTING: ",".join(hosts)}


def guide_is_served(http_port: int | None = None, *, base_url: str | None = None, timeout: float = 3.0) -> bool:
    """Whether the server at that address serves the guide (it runs with the guide jar, or
    it is :func:`serve_assets`): what ``agraph browser`` can check before printing URLs.

    >>> server = serve_assets()
    >>> guide_is_served(base_url=server.base_url), guide_is_served(base_url="http://127.0.0.1:9")
    (True, False)
    >>> server.shutdown(); server.server_close()
    """
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(asset_urls(http_port, base_url=base_url)["guide"], timeout=timeout) as r:
            return r.status == 200 and r.read(64).startswith(b'<article class="guide">')
    except (urllib.error.URLError, OSError, ValueError):
        return False


# ------------------------------------------------------------------------------- without the jar


class _AssetHandler(BaseHTTPRequestHandler):
    """Serves the two assets from memory, readable from any origin. The Browser's requests
    carry extra headers (``pragma``, ``cache-control``, its tracing's ``sentry-trace``), so
    they are preflighted: the answer allows whatever headers the preflight asks for."""

    assets: dict[str, tuple[bytes, str]] = {}

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, OPTIONS")
        requested = self.headers.get("Access-Control-Request-Headers")
        self.send_header("Access-Control-Allow-Headers", requested or "pragma, cache-control")
        self.send_header("Access-Control-Allow-Private-Network", "true")

    def do_OPTIONS(self) -> None:  # noqa: N802 - the http.server naming
        self.send_response(204)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        found = self.assets.get(urlsplit(self.path).path.lstrip("/"))
        if found is None:
            self.send_error(404)
            return
        body, content_type = found
        self.send_response(200)
        self._cors()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # quiet
        pass


def serve_assets(port: int = 0) -> ThreadingHTTPServer:
    """Serve the guide and the style on 127.0.0.1 from a background thread, for a server
    that was not started with the guide jar (Docker, a packaged install).

    The URLs name ``localhost``, which the Browser's default allow-list already lets it
    fetch from, so the server needs no setting. ``server.base_url`` is the address to
    give :func:`browser_commands`; ``server.shutdown()`` stops it.

    >>> server = serve_assets()
    >>> browser_commands(base_url=server.base_url)[1] == f":play {server.base_url}/browser/agraph/guide.html"
    True
    >>> server.shutdown(); server.server_close()
    """
    assets = {f"{ASSET_FOLDER}/{GUIDE_FILE}": (guide_html().encode("utf-8"), "text/html; charset=utf-8"),
              f"{ASSET_FOLDER}/{STYLE_FILE}": (style_grass().encode("utf-8"), "text/plain; charset=utf-8")}
    handler = type("AssetHandler", (_AssetHandler,), {"assets": assets})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    server.base_url = f"http://localhost:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, name="agraph-browser-assets", daemon=True).start()
    return server


# ------------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m alliance_graph.browser",
        description="Generate, check or package the Neo4j Browser guide and GraSS style of the query registry.")
    parser.add_argument("--dir", type=Path, default=DOCS_FOLDER, help=f"folder of the committed files (default {DOCS_FOLDER})")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="exit 1 when the committed files are not up to date")
    action.add_argument("--write", action="store_true", help="regenerate the committed files")
    action.add_argument("--jar", type=Path, metavar="OUT", help="write the Browser jar with the guide and style added")
    action.add_argument("--settings", metavar="PORT|URL",
                        help="print the server settings (key=value lines) for this HTTP port or base URL")
    action.add_argument("--serve", type=int, nargs="?", const=0, metavar="PORT",
                        help="serve the guide and style on localhost until interrupted (for a server without the jar)")
    parser.add_argument("--browser-jar", type=Path, help="with --jar: the Neo4j Browser jar to extend")
    args = parser.parse_args(argv)

    if args.check:
        stale = check_assets(args.dir)
        if stale:
            print(f"{', '.join(stale)} in {args.dir} differ from the query registry: "
                  "run 'python -m alliance_graph.browser --write'", file=sys.stderr)
            return 1
        print(f"{args.dir}: up to date with the query registry")
    elif args.write:
        for path in write_assets(args.dir):
            print(f"wrote {path}")
    elif args.jar:
        try:
            path = build_guide_jar(args.jar, args.browser_jar)
        except (FileNotFoundError, ValueError, zipfile.BadZipFile) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}: put it first on the Neo4j server's classpath")
    elif args.serve is not None:
        server = serve_assets(args.serve)
        print("In the Neo4j Browser, run:\n  " + "\n  ".join(browser_commands(base_url=server.base_url))
              + "\n(Ctrl-C stops serving)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            server.server_close()
    else:
        value = args.settings
        try:
            settings = browser_settings(int(value)) if value.isdigit() else browser_settings(base_url=value)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for key, setting in settings.items():
            print(f"{key}={setting}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
