#!/usr/bin/env python3
"""Run a real Neo4j Community server on 127.0.0.1 without Docker, from Maven Central.

Maven resolves the server's jars (scripts/neo4j-local/pom.xml: the embedded ``org.neo4j:neo4j``
with its Bolt and HTTP connectors, plus the Neo4j Browser), and a small Java program
(scripts/neo4j-local/Launcher.java) runs them. Each instance keeps its data, logs and a
``state.json`` in ``.neo4j-local/<name>/`` at the repository root (the name defaults to the
Neo4j version). Every instance confines LOAD CSV file URLs to its own ``import/`` folder.

Command line::

    python scripts/neo4j_local.py start [--version V] [--password PW | --password-env VAR] [--setting k=v ...]
                                        [--name NAME] [--classpath JAR ...] [--http-port N] [--bolt-port N]
    python scripts/neo4j_local.py stop|status|env|restart [--name NAME | --version V] [--all]
    eval "$(python scripts/neo4j_local.py env)"                 # connect this shell (NEO4J_URI, ...)
    python scripts/neo4j_local.py fetch [--version V]          # resolve the jars only (CI warm-up)
    python scripts/neo4j_local.py lts-version|latest-version   # the pinned versions

``--version`` takes a version number, ``lts`` (default) or ``latest``. Calendar versions
(2025.x and later) need Java 21+: ``$AGRAPH_JAVA21_HOME``, else a JDK 21+ found on this
machine. ``status`` exits 0 when the server runs, 3 when it does not.

As a module (stdlib only)::

    info = start(version=None, password=None, settings=None, name=None, extra_classpath=None,
                 http_port=None, bolt_port=None)
    info["uri"], info["bolt_port"], info["http_port"], info["browser_url"], info["pid"], ...
    stop(info["name"]); status(info["name"]); restart(info["name"])

``start`` is idempotent: when the instance already runs it returns its details. A stopped
instance restarts on the same data directory and, when they are free, the same ports.

The password is never printed. It is kept, for ``restart`` and ``env``, in ``<instance>/password``
(mode 0600; ``state.json`` does not hold it). ``start``, ``restart`` and ``env`` print on stdout only
``export`` lines for ``eval``: the password line reads that file when the shell evaluates it
(``export NEO4J_PASSWORD="$(cat '<instance>/password')"``). Messages go to stderr.

Environment: AGRAPH_JAVA21_HOME (JDK for calendar versions), AGRAPH_NEO4J_LOCAL_DIR (instead of
.neo4j-local/), AGRAPH_NEO4J_HEAP (default 768m), AGRAPH_NEO4J_PAGECACHE (default 128m),
AGRAPH_NEO4J_JAVA_OPTS (extra JVM options), AGRAPH_NEO4J_START_TIMEOUT (seconds, default 180).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the package's launcher_state (standard library only)
from alliance_graph.launcher_state import HOST, STATE_FILE, pid_alive, port_answers  # noqa: E402
from neo4j_runtime import (  # noqa: E402  (the launcher's versions, Maven and Java)
    LATEST_VERSION,
    LTS_VERSION,
    VERSION_ALIASES,
    LauncherError,
    fetch,
    find_java,
    jvm_options,
    normalize_version,
    state_root,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows, which this script does not support
    fcntl = None

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j-local"
LAUNCHER_SRC = LAUNCHER_DIR / "Launcher.java"
USER = "neo4j"
PASSWORD_ENV = "AGRAPH_NEO4J_LOCAL_PASSWORD"  # how the password reaches the JVM (not on its command line)
PASSWORD_FILE = "password"  # in the instance directory, mode 0600: the only place the password is stored
READY_RE = re.compile(r"^NEO4J_READY bolt=(\d+) http=(\d+)\s*$", re.M)
FAILED_RE = re.compile(r"^NEO4J_FAILED (.*)$", re.M)
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EXIT_NOT_RUNNING = 3


# --------------------------------------------------------------------------- paths and state


def _instance_dir(name: str) -> Path:
    if not NAME_RE.fullmatch(name):
        raise LauncherError(f"bad instance name {name!r}: use letters, digits, '.', '_' and '-'")
    return state_root() / name


def _state_file(name: str) -> Path:
    return _instance_dir(name) / STATE_FILE


def _password_file(name: str) -> Path:
    return _instance_dir(name) / PASSWORD_FILE


def _read_state(name: str) -> dict | None:
    """The instance's state, with its "password" (from the password file, None without auth)."""
    try:
        state = json.loads(_state_file(name).read_text())
    except (OSError, ValueError):
        return None
    if "password" in state:  # written by an older launcher: move the password to its own file
        _write_state(name, state)
    else:
        try:
            state["password"] = _password_file(name).read_text()
        except FileNotFoundError:
            state["password"] = None
        except OSError as exc:
            raise LauncherError(f"cannot read the password of instance {name!r}: {exc}") from None
    return state


def _write_private(path: Path, text: str) -> None:
    """Writes `text` to `path` atomically, readable and writable by the owner only (0600)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_state(name: str, state: dict) -> None:
    """Writes state.json, and the password (if any) to the password file, never into state.json."""
    path = _state_file(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = dict(state)
    password = state.pop("password", None)
    state["auth"] = password is not None
    if password is None:
        _password_file(name).unlink(missing_ok=True)
    else:
        _write_private(_password_file(name), password)
    _write_private(path, json.dumps(state, indent=2, sort_keys=True) + "\n")


def _instances() -> list[str]:
    root = state_root()
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob(f"*/{STATE_FILE}"))


def resolve_name(name_or_version: str | None = None) -> str:
    """The instance meant by a name, a version, 'lts'/'latest', or nothing.

    With nothing: the only running instance, else the LTS one if it exists, else the only one.
    """
    if name_or_version:
        if (state_root() / name_or_version / STATE_FILE).exists():
            return name_or_version
        if name_or_version.lower() in VERSION_ALIASES:
            return VERSION_ALIASES[name_or_version.lower()]
        return name_or_version
    names = _instances()
    running = [n for n in names if _running_state(n) is not None]
    if len(running) == 1:
        return running[0]
    if LTS_VERSION in names or not names:
        return LTS_VERSION
    if len(names) == 1:
        return names[0]
    raise LauncherError(f"several instances exist ({', '.join(names)}): say which with --name")


@contextmanager
def _locked(name: str):
    """Serialises start/stop of one instance across processes (e.g. parallel pytest workers)."""
    directory = _instance_dir(name)
    directory.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(directory / ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- processes and ports


def _is_our_jvm(pid: int, home: str) -> bool:
    """Guards against a recycled pid: on Linux, checks that it is a Launcher for this home."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return pid_alive(pid)  # no /proc (macOS): trust the pid
    args = [a.decode(errors="replace") for a in cmdline]
    return any(a.endswith("Launcher.java") for a in args) and home in args


def _port_free(port: int | None) -> bool:
    if not port:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the JVM binds: TIME_WAIT is fine
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


def _free_port(exclude: set[int]) -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port not in exclude:
            return port
    raise LauncherError("could not find a free TCP port on 127.0.0.1")


def _running_state(name: str) -> dict | None:
    """The state of the instance if its JVM is alive, else None."""
    state = _read_state(name)
    if not state or not state.get("pid"):
        return None
    if pid_alive(state["pid"]) and _is_our_jvm(state["pid"], state.get("home", "")):
        return state
    return None


# --------------------------------------------------------------------------- start / stop / status


def _settings_list(settings) -> list[str]:
    if not settings:
        return []
    items = settings.items() if isinstance(settings, dict) else [s.split("=", 1) if "=" in s else (s, None) for s in settings]
    result = []
    for key, value in items:
        if value is None or not str(key).strip():
            raise LauncherError(f"bad setting {key!r}: expected key=value")
        if isinstance(value, bool):
            value = "true" if value else "false"
        result.append(f"{str(key).strip()}={value}")
    return result


def _info(state: dict, already_running: bool = False) -> dict:
    bolt, http = state["bolt_port"], state["http_port"]
    return {
        "name": state["name"],
        "uri": f"bolt://{HOST}:{bolt}",
        "bolt_port": bolt,
        "http_port": http,
        # Without auth, this query makes the Browser connect at once instead of showing its login form.
        "browser_url": f"http://{HOST}:{http}/browser/" + ("" if state.get("password") else "?preselectAuthMethod=NO_AUTH"),
        "pid": state.get("pid"),
        "version": state["version"],
        "password": state.get("password"),
        "password_file": str(_password_file(state["name"])) if state.get("password") else None,
        "username": USER,
        "settings": state.get("settings", []),
        "extra_classpath": state.get("extra_classpath", []),
        "home": state["home"],
        "log": state.get("log"),
        "java": state.get("java"),
        "already_running": already_running,
    }


def _tail(path: Path, lines: int, offset: int = 0) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read().decode(errors="replace")
    except OSError:
        return ""
    return "\n".join(data.splitlines()[-lines:])


def _failure(message: str, log: Path, offset: int, home: Path) -> LauncherError:
    parts = [message, f"--- {log} (last lines) ---", _tail(log, 40, offset) or "(empty)"]
    debug = home / "logs" / "debug.log"
    if debug.exists():
        parts += [f"--- {debug} (last lines) ---", _tail(debug, 15)]
    return LauncherError("\n".join(parts))


def _spawn(cmd: list[str], log: Path, env: dict, cwd: Path) -> int:
    """Starts `cmd` detached (new session, reparented away from us) and returns its pid."""
    helper = (
        "import subprocess, sys\n"
        "log = open(sys.argv[1], 'ab')\n"
        "p = subprocess.Popen(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,"
        " start_new_session=True)\n"
        "print(p.pid)\n"
    )
    out = subprocess.run([sys.executable, "-c", helper, str(log), *cmd], capture_output=True, text=True,
                         env=env, cwd=cwd, timeout=60)
    if out.returncode != 0 or not out.stdout.strip().isdigit():
        raise LauncherError(f"could not start Java: {out.stderr.strip() or out.stdout.strip()}")
    return int(out.stdout.strip())


def start(version: str | None = None, password: str | None = None, settings=None, name: str | None = None,
          timeout: float | None = None, quiet: bool = True, extra_classpath=None, http_port: int | None = None,
          bolt_port: int | None = None) -> dict:
    """Starts (or finds running) a Neo4j instance; returns its details (see module doc).

    `settings`: a dict or a list of "key=value" strings of Neo4j settings (e.g. browser.post_connect_cmd).
    Without `password` authentication is disabled; with it, user neo4j has that password.
    `extra_classpath`: jars put before Neo4j's own, e.g. the Browser with the alliance-graph guide
    (python -m alliance_graph.browser jar OUT), which the server then serves at /browser/.
    `http_port`, `bolt_port`: fixed ports (default: the previous ones when free, else free ones).
    """
    requested_version = normalize_version(version) if version else None
    name = name or requested_version or LTS_VERSION
    if timeout is None:
        timeout = float(os.environ.get("AGRAPH_NEO4J_START_TIMEOUT", "180"))
    setting_list = _settings_list(settings)
    extra = [os.path.abspath(j) for j in (extra_classpath or [])]
    missing = [j for j in extra if not os.path.isfile(j)]
    if missing:
        raise LauncherError(f"no such jar for the classpath: {', '.join(missing)}")
    if http_port is not None and http_port == bolt_port:
        raise LauncherError("the HTTP and Bolt ports must differ")

    with _locked(name):
        previous = _read_state(name) or {}
        version = requested_version or previous.get("version") or LTS_VERSION
        home = _instance_dir(name)

        running = _running_state(name)
        if running is not None:
            if running.get("ready") and port_answers(running["bolt_port"]):
                if running["version"] != version:
                    raise LauncherError(f"instance {name!r} is already running Neo4j {running['version']}, not {version}: "
                                        f"stop it first (python scripts/neo4j_local.py stop --name {name})")
                if running.get("password") != password:
                    raise LauncherError(f"instance {name!r} is already running with "
                                        f"{'another password' if running.get('password') and password else 'authentication ' + ('enabled' if running.get('password') else 'disabled')}: "
                                        f"stop it first (python scripts/neo4j_local.py stop --name {name})")
                if sorted(running.get("settings", [])) != sorted(setting_list) and setting_list:
                    print(f"neo4j_local: instance {name!r} already runs with settings {running.get('settings')}; "
                          f"restart it to apply {setting_list}", file=sys.stderr)
                if extra and running.get("extra_classpath", []) != extra:
                    print(f"neo4j_local: instance {name!r} already runs with classpath additions "
                          f"{running.get('extra_classpath', [])}; restart it to apply {extra}", file=sys.stderr)
                if http_port not in (None, running["http_port"]) or bolt_port not in (None, running["bolt_port"]):
                    raise LauncherError(f"instance {name!r} already runs on ports bolt {running['bolt_port']}, "
                                        f"http {running['http_port']}: stop it first")
                return _info(running, already_running=True)
            # Alive but not answering: a crashed start or a stuck server. Replace it.
            _terminate(running["pid"], 20)

        classpath = [*extra, *fetch(version, quiet=quiet)]
        java, java_major = find_java(version)

        for asked in (bolt_port, http_port):
            if asked is not None and not _port_free(asked):
                raise LauncherError(f"port {asked} on {HOST} is in use")
        bolt, http = bolt_port or previous.get("bolt_port"), http_port or previous.get("http_port")
        if not _port_free(bolt) or bolt == http_port:
            bolt = _free_port({http_port} if http_port else set())
        if not _port_free(http) or http == bolt:
            http = _free_port({bolt})

        home.mkdir(parents=True, exist_ok=True)
        log = home / "launcher.log"
        cmd = [str(java), *jvm_options(java_major), "-cp", os.pathsep.join(classpath), str(LAUNCHER_SRC),
               "--home", str(home), "--bolt-port", str(bolt), "--http-port", str(http),
               "--pagecache", os.environ.get("AGRAPH_NEO4J_PAGECACHE", "128m")]
        env = dict(os.environ)
        env.pop(PASSWORD_ENV, None)
        if password is not None:
            if password == "":
                raise LauncherError("the password must not be empty (pass None to disable authentication)")
            cmd += ["--password-env", PASSWORD_ENV]
            env[PASSWORD_ENV] = password
        for s in setting_list:
            cmd += ["--setting", s]
        with open(log, "ab") as f:
            f.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} start Neo4j {version} with {java} "
                    f"(Java {java_major}), bolt {bolt}, http {http}\n".encode())
        offset = log.stat().st_size

        if not quiet:
            print(f"Starting Neo4j {version} (Java {java_major}) in {home} ...", file=sys.stderr, flush=True)
        t0 = time.monotonic()
        pid = _spawn(cmd, log, env, home)
        state = {"name": name, "version": version, "pid": pid, "bolt_port": bolt, "http_port": http,
                 "password": password, "settings": setting_list, "extra_classpath": extra,
                 "home": str(home), "log": str(log),
                 "java": str(java), "ready": False, "started_at": time.time()}
        _write_state(name, state)

        deadline = t0 + timeout
        while True:
            text = _tail(log, 10_000, offset)
            failed = FAILED_RE.search(text)
            if failed:
                _terminate(pid, 10)
                _write_state(name, {**state, "pid": None})
                hint = ""
                if previous.get("version") and previous["version"] != version:
                    hint = (f" (its data was last used by Neo4j {previous['version']}; use that version, "
                            f"another --name, or delete {home})")
                raise _failure(f"Neo4j {version} failed to start{hint}: {failed.group(1)}", log, offset, home)
            if READY_RE.search(text) and port_answers(bolt):
                break
            if not pid_alive(pid):
                _write_state(name, {**state, "pid": None})
                raise _failure(f"Neo4j {version} exited during startup", log, offset, home)
            if time.monotonic() > deadline:
                _terminate(pid, 10)
                _write_state(name, {**state, "pid": None})
                raise _failure(f"Neo4j {version} was not ready within {timeout:.0f} s", log, offset, home)
            time.sleep(0.2)

        state.update(ready=True, startup_seconds=round(time.monotonic() - t0, 1))
        _write_state(name, state)
        return _info(state)


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM, wait up to `timeout` s, then SIGKILL."""
    if not pid_alive(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def stop(name_or_version: str | None = None, timeout: float = 60) -> bool:
    """Stops the instance (SIGTERM, then SIGKILL after `timeout` s). True if it was running."""
    name = resolve_name(name_or_version)
    if not _state_file(name).exists():
        return False
    with _locked(name):
        state = _read_state(name)
        running = _running_state(name)
        if running is not None:
            _terminate(running["pid"], timeout)
        if state:
            _write_state(name, {**state, "pid": None, "ready": False, "stopped_at": time.time()})
        return running is not None


def stop_all(timeout: float = 60) -> list[str]:
    return [n for n in _instances() if stop(n, timeout)]


def restart(name_or_version: str | None = None, timeout: float | None = None) -> dict:
    """Stops the instance and starts it again with the same version, password, settings, data and ports."""
    name = resolve_name(name_or_version)
    state = _read_state(name)
    if not state:
        raise LauncherError(f"no instance {name!r} to restart")
    stop(name)
    return start(version=state["version"], password=state.get("password"), settings=state.get("settings"),
                 name=name, timeout=timeout, extra_classpath=state.get("extra_classpath"))


def status(name_or_version: str | None = None) -> dict | None:
    """The details of the instance if it is running and answering, else None."""
    name = resolve_name(name_or_version)
    state = _running_state(name)
    if state is None or not state.get("ready") or not port_answers(state["bolt_port"]):
        return None
    return _info(state, already_running=True)


# --------------------------------------------------------------------------- command line


def _env_command(name: str) -> str:
    """The command that prints the export lines of instance `name`, as the user can type it here."""
    script = os.path.relpath(__file__) if not os.path.relpath(__file__).startswith("..") else __file__
    try:
        default = resolve_name(None) == name
    except LauncherError:
        default = False
    return f"python3 {shlex.quote(script)} env" + ("" if default else f" --name {shlex.quote(name)}")


def _print_start(info: dict) -> None:
    """The export lines on stdout (for eval), the human summary and the eval hint on stderr."""
    print("\n".join(_env_lines(info)), flush=True)
    word = "already running" if info["already_running"] else "started"
    auth = (f"user {info['username']}, password in {info['password_file']}" if info["password"]
            else "authentication disabled")
    print(f"Neo4j {info['version']} {word} (pid {info['pid']}, {auth}); data in {info['home']}\n"
          f"Browser: {info['browser_url']}\n"
          f"Connect this shell (sets NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD):\n"
          f"  eval \"$({_env_command(info['name'])})\"", file=sys.stderr)


def _env_lines(info: dict) -> list[str]:
    """Shell lines for eval that point NEO4J_* at the instance; the password is read from its file
    when the shell evaluates them, so it never appears in this output."""
    lines = [f"export NEO4J_URI={shlex.quote(info['uri'])}",
             f"export NEO4J_USERNAME={shlex.quote(info['username'])}"]
    if info["password"]:
        lines.append(f"export NEO4J_PASSWORD=\"$(cat {shlex.quote(info['password_file'])})\"")
    else:
        lines.append("unset NEO4J_PASSWORD")
    lines.append("unset NEO4J_DATABASE  # the server's default database")
    lines.append(f"export NEO4J_BROWSER_URL={shlex.quote(info['browser_url'])}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="neo4j_local.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def which(p, version_help="version (or 'lts', 'latest') naming the instance"):
        p.add_argument("--name", help="instance name (default: the version)")
        p.add_argument("--version", help=version_help)

    p = sub.add_parser("start", help="start (or find running) a local Neo4j; print export lines for eval (stdout)")
    which(p, f"Neo4j version, 'lts' (default, {LTS_VERSION}) or 'latest' ({LATEST_VERSION})")
    pw = p.add_mutually_exclusive_group()
    pw.add_argument("--password", help="enable authentication: user neo4j with this password (never printed)")
    pw.add_argument("--password-env", metavar="VAR",
                    help="enable authentication with the password in environment variable VAR")
    p.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE", help="a Neo4j setting (repeatable)")
    p.add_argument("--classpath", action="append", default=[], metavar="JAR",
                   help="a jar to put before Neo4j's own on the classpath (repeatable)")
    p.add_argument("--http-port", type=int, help="HTTP port (default: the previous one if free, else a free one)")
    p.add_argument("--bolt-port", type=int, help="Bolt port (default: the previous one if free, else a free one)")
    p.add_argument("--timeout", type=float, help="seconds to wait for readiness (default 180)")
    p.add_argument("--with-guide", action="store_true",
                   help="serve the alliance-graph Browser guide and style, applied on connect (needs the package installed)")
    for cmd, text in (("stop", "stop an instance"), ("status", "exit 0 if running, 3 if not"),
                      ("env", "print export lines for eval \"$(...)\": NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD (read from a file)"),
                      ("restart", "stop and start again with the same settings, data and ports")):
        p = sub.add_parser(cmd, help=text)
        which(p)
        if cmd in ("stop", "status"):
            p.add_argument("--all", action="store_true", help="every instance")
    p = sub.add_parser("fetch", help="only resolve the Neo4j jars with Maven (CI warm-up)")
    p.add_argument("--version", help="Neo4j version, 'lts' (default) or 'latest'")
    sub.add_parser("lts-version", help="print the pinned LTS version")
    sub.add_parser("latest-version", help="print the pinned newest calendar version")
    args = parser.parse_args(argv)

    try:
        if args.command == "lts-version":
            print(LTS_VERSION)
        elif args.command == "latest-version":
            print(LATEST_VERSION)
        elif args.command == "fetch":
            t0 = time.monotonic()
            cp = fetch(args.version, quiet=False)
            version = normalize_version(args.version)
            print(f"Neo4j {version}: {len(cp)} jars ready ({time.monotonic() - t0:.1f} s); "
                  f"Java: {find_java(version)[0] if _has_java(version) else 'none suitable found yet'}")
        elif args.command == "start":
            password = args.password
            if args.password_env:
                password = os.environ.get(args.password_env)
                if not password:
                    raise LauncherError(f"environment variable {args.password_env} (--password-env) is not set")
            if args.with_guide:
                _add_guide(args)
            info = start(version=args.version, password=password, settings=args.setting, name=args.name,
                         timeout=args.timeout, quiet=False, extra_classpath=args.classpath,
                         http_port=args.http_port, bolt_port=args.bolt_port)
            _print_start(info)
        elif args.command == "stop":
            if args.all:
                stopped = stop_all()
                print(f"stopped: {', '.join(stopped) or 'nothing was running'}")
            else:
                name = resolve_name(args.name or args.version)
                print(f"{name}: {'stopped' if stop(name) else 'was not running'}")
        elif args.command == "status":
            names = _instances() if args.all else [resolve_name(args.name or args.version)]
            any_running = False
            for name in names:
                info = status(name)
                if info:
                    any_running = True
                    print(f"{name}: running Neo4j {info['version']} pid {info['pid']} {info['uri']} "
                          f"{info['browser_url']} auth {'enabled' if info['password'] else 'disabled'}")
                else:
                    print(f"{name}: not running")
            return 0 if any_running else EXIT_NOT_RUNNING
        elif args.command == "env":
            info = status(args.name or args.version)
            if not info:
                print("no local Neo4j is running: start one with 'python scripts/neo4j_local.py start'", file=sys.stderr)
                return EXIT_NOT_RUNNING
            print("\n".join(_env_lines(info)))
        elif args.command == "restart":
            _print_start(restart(args.name or args.version))
    except LauncherError as exc:
        print(f"neo4j_local: {exc}", file=sys.stderr)
        return 1
    return 0


def _add_guide(args) -> None:
    """Add the Browser-with-guide jar and the post-connect settings to a `start` command's arguments."""
    version = normalize_version(args.version) if args.version else LTS_VERSION
    classpath = fetch(version)
    jar = state_root() / "agraph-browser.jar"
    browser_jar = next((p for p in classpath if os.path.basename(p).startswith("neo4j-browser-")), None)
    cmd = [sys.executable, "-m", "alliance_graph.browser", "jar", str(jar)]
    if browser_jar:
        cmd += ["--browser-jar", browser_jar]
    made = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)  # stdout is for export lines only
    if made.returncode != 0:
        raise LauncherError(f"could not build the Browser jar with the guide ({shlex.join(cmd)}):\n"
                            f"{(made.stderr or made.stdout).strip()}")
    if args.http_port is None:
        previous = _read_state(args.name or version) or {}
        args.http_port = previous.get("http_port") if _port_free(previous.get("http_port")) else _free_port(set())
    settings = subprocess.run([sys.executable, "-m", "alliance_graph.browser", "settings", str(args.http_port)],
                              check=True, cwd=ROOT, capture_output=True, text=True).stdout.splitlines()
    args.classpath = [str(jar), *args.classpath]
    args.setting = [*settings, *args.setting]


def _has_java(version: str) -> bool:
    try:
        find_java(version)
        return True
    except LauncherError:
        return False


if __name__ == "__main__":
    sys.exit(main())
