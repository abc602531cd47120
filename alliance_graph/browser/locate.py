"""Which Neo4j Browser ``agraph browser`` means: the server the user named, or the one the
local launcher started, never a guessed address.

In order:

1. an explicit address: ``--url`` or ``NEO4J_BROWSER_URL``;
2. ``NEO4J_URI`` (``--uri``, with ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD``): the server is
   asked over Bolt for its HTTP(S) connector (``cypher/server/http_address.cypher``) and
   the address is the Bolt host with that port;
3. a running instance of the local launcher (``scripts/neo4j_local.py``): its
   ``<name>/state.json`` under ``$AGRAPH_NEO4J_LOCAL_DIR``, else under ``.neo4j-local/`` of
   the source checkout or of the current directory, whose process is alive and whose HTTP
   port answers on 127.0.0.1; the most recently started one first;
4. otherwise :class:`NoServerFound`: ``agraph browser`` says so and exits with status 1.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import AllianceGraphError
from ..launcher_state import HOST, STATE_FILE, pid_alive, port_answers

LAUNCHER_HOST = HOST  # where scripts/neo4j_local.py binds every instance
START_HINT = "start one with `python3 scripts/neo4j_local.py start --with-guide`, or set NEO4J_URI " \
             "(and NEO4J_PASSWORD) or NEO4J_BROWSER_URL"


class NoServerFound(AllianceGraphError):
    """No address was given and no Neo4j server could be found."""

    def __init__(self, searched: list[Path]):
        where = ", ".join(str(d) for d in searched) or "nowhere"
        super().__init__("no Neo4j server found: NEO4J_URI and NEO4J_BROWSER_URL are not set and no "
                         f"local instance of scripts/neo4j_local.py is running (looked in {where})")
        self.hint = START_HINT


class AddressUnknown(AllianceGraphError):
    """The server answered over Bolt but would not say where it serves HTTP."""

    def __init__(self, reason: str):
        super().__init__(f"cannot tell the Neo4j Browser's address: {reason}")
        self.hint = "set NEO4J_BROWSER_URL (or --url) to the Browser's address"


@dataclass(frozen=True)
class BrowserLocation:
    """The Browser page of one server, how it was found, and other local instances running."""

    url: str
    found_by: str
    others: tuple[tuple[str, str], ...] = ()

    @property
    def base(self) -> str:
        """``scheme://host:port`` of the server's HTTP connector."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


# ------------------------------------------------------------------------------- over Bolt


def url_from_settings(bolt_uri: str, values: dict[str, str]) -> str:
    """The Browser page from the Bolt URI's host and the server's connector settings.

    >>> url_from_settings("bolt://db.example:7687", {"server.http.enabled": "true",
    ...     "server.http.listen_address": "0.0.0.0:17474", "dbms.security.auth_enabled": "true"})
    'http://db.example:17474/browser/'
    >>> url_from_settings("neo4j://[::1]:7687", {"server.http.enabled": "false", "server.https.enabled": "true",
    ...     "server.https.advertised_address": "localhost:7473", "dbms.security.auth_enabled": "false"})
    'https://[::1]:7473/browser/?preselectAuthMethod=NO_AUTH'
    """
    host = urlsplit(bolt_uri).hostname or LAUNCHER_HOST
    if ":" in host:
        host = f"[{host}]"
    for scheme, default_on in (("http", "true"), ("https", "false")):
        if (values.get(f"server.{scheme}.enabled") or default_on).lower() != "true":
            continue
        address = values.get(f"server.{scheme}.advertised_address") or values.get(f"server.{scheme}.listen_address") or ""
        port = address.rpartition(":")[2]
        if port.isdigit():
            no_auth = (values.get("dbms.security.auth_enabled") or "true").lower() == "false"
            return f"{scheme}://{host}:{port}/browser/" + ("?preselectAuthMethod=NO_AUTH" if no_auth else "")
    raise AddressUnknown("the server has no HTTP or HTTPS connector enabled, so it serves no Browser")


def ask_server(settings) -> BrowserLocation:
    """Ask the server of ``settings`` (a :class:`~alliance_graph.Settings`) over Bolt.

    Raises
    ------
    ConnectionFailed
        When the server does not answer or refuses the credentials.
    AddressUnknown
        When it will not show its settings (Neo4j 4, no privilege) or serves no HTTP.
    """
    from .._resources import read_cypher
    from ..errors import QueryError
    from ..store.neo4j_store import Neo4jStore

    # One try: a server that does not answer should not keep the command waiting.
    store = Neo4jStore(dataclasses.replace(settings, retry_seconds=0))
    try:
        rows = store.read(read_cypher("server/http_address.cypher"))
    except QueryError as exc:
        raise AddressUnknown(f"the server at {settings.safe_uri} would not show its HTTP settings ({exc})") from None
    finally:
        store.close()
    url = url_from_settings(settings.uri, {r["name"]: str(r["value"]) for r in rows})
    return BrowserLocation(url, f"asked the server at {settings.safe_uri}")


# ------------------------------------------------------------------------------- the local launcher


def launcher_dirs() -> list[Path]:
    """Where the local launcher keeps its instances' state."""
    if os.environ.get("AGRAPH_NEO4J_LOCAL_DIR"):
        return [Path(os.environ["AGRAPH_NEO4J_LOCAL_DIR"])]
    checkout = Path(__file__).resolve().parents[2]  # a source checkout, when the package runs from one
    candidates = [checkout] if (checkout / "scripts" / "neo4j_local.py").exists() else []
    found: list[Path] = []
    for d in (*(c / ".neo4j-local" for c in candidates), Path.cwd() / ".neo4j-local"):
        if d.resolve() not in [f.resolve() for f in found]:
            found.append(d)
    return found


def running_local_instances(dirs: list[Path] | None = None) -> list[dict]:
    """The launcher's instances that run now, most recently started first: ``name``, ``url``.

    Reads only the state fields ``pid``, ``http_port``, ``password``, ``ready``, ``name`` and
    ``started_at``; a state file that lacks the first two or is unreadable is skipped.
    """
    found = []
    for folder in dirs if dirs is not None else launcher_dirs():
        for path in sorted(Path(folder).glob(f"*/{STATE_FILE}")):
            try:
                state = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(state, dict):
                continue
            pid, port = state.get("pid"), state.get("http_port")
            if not (isinstance(pid, int) and isinstance(port, int)) or state.get("ready") is False:
                continue
            if not (pid_alive(pid) and port_answers(port)):
                continue
            url = f"http://{LAUNCHER_HOST}:{port}/browser/" + ("" if state.get("password") else "?preselectAuthMethod=NO_AUTH")
            started = state.get("started_at")
            found.append({"name": str(state.get("name") or path.parent.name), "url": url,
                          "started_at": started if isinstance(started, int | float) else 0})
    return sorted(found, key=lambda i: -i["started_at"])


# ------------------------------------------------------------------------------- all together


def locate_browser(url: str | None = None, settings=None, dirs: list[Path] | None = None) -> BrowserLocation:
    """The Browser meant by an explicit ``url``, else by ``settings`` (asked over Bolt), else
    the local launcher's running instance (see the module docstring).

    Raises
    ------
    NoServerFound, AddressUnknown, ConnectionFailed
    """
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise AddressUnknown(f"NEO4J_BROWSER_URL / --url is not an http(s) URL: {url!r}")
        return BrowserLocation(url, "given by NEO4J_BROWSER_URL or --url")
    if settings is not None:
        return ask_server(settings)
    dirs = launcher_dirs() if dirs is None else dirs
    running = running_local_instances(dirs)
    if not running:
        raise NoServerFound(dirs)
    first, *rest = running
    return BrowserLocation(first["url"], f"the local instance {first['name']!r} of scripts/neo4j_local.py",
                           tuple((r["name"], r["url"]) for r in rest))
