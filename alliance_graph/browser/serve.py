"""Where the server serves the guide and the style, the settings that open them on connect,
and a little HTTP server for a Neo4j server without them (``agraph browser serve``).

:func:`browser_settings` gives the server settings that make the Browser apply the style
and open the guide as soon as it connects (``browser.post_connect_cmd``), and allow it to
fetch them (``browser.remote_content_hostname_whitelist``: the Browser only fetches guides
and styles from the host names listed there, by default ``guides.neo4j.com`` and
``localhost``). Neo4j 5.26 and 2026.x both declare these two setting names, and the Browser
reads the allow-list under that name only. The Browser runs the post-connect commands at
once, so the style's frame may land above or below the guide's.

For a server started without the guide jar (Docker, a packaged install), :func:`serve_assets`
(``agraph browser serve``) serves the two files from this machine at
``http://localhost:<port>/browser/agraph/``; ``localhost`` is on the Browser's default
allow-list, so ``:style`` and ``:play`` with those URLs work with no server setting.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .assets import ASSET_FOLDER, GUIDE_FILE, STYLE_FILE, generated

#: The Browser's own default allow-list (kept, so that Neo4j's guides still play).
DEFAULT_ALLOWLIST = ("guides.neo4j.com", "localhost")
POST_CONNECT_SETTING = "browser.post_connect_cmd"
ALLOWLIST_SETTING = "browser.remote_content_hostname_whitelist"


def _base_url(http_port: int | None, base_url: str | None) -> str:
    if (http_port is None) == (base_url is None):
        raise ValueError("give the server's HTTP port or its base URL (one of them)")
    if http_port is not None:
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
    if host and host not in hosts:
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


class AssetServer(ThreadingHTTPServer):
    """The HTTP server of :func:`serve_assets`; ``base_url`` is its address."""

    base_url: str = ""


def serve_assets(port: int = 0) -> AssetServer:
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
    texts = generated()
    assets = {f"{ASSET_FOLDER}/{GUIDE_FILE}": (texts[GUIDE_FILE].encode("utf-8"), "text/html; charset=utf-8"),
              f"{ASSET_FOLDER}/{STYLE_FILE}": (texts[STYLE_FILE].encode("utf-8"), "text/plain; charset=utf-8")}
    handler = type("AssetHandler", (_AssetHandler,), {"assets": assets})
    server = AssetServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    server.base_url = f"http://localhost:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, name="agraph-browser-assets", daemon=True).start()
    return server
