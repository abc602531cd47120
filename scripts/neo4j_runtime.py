"""What the local launcher runs Neo4j with: the pinned versions, the jars resolved by Maven, a
suitable Java and its options. Used by scripts/neo4j_local.py (stdlib only, like it)."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

LTS_VERSION = "5.26.30"
LATEST_VERSION = "2026.08.1"
VERSION_ALIASES = {"lts": LTS_VERSION, "latest": LATEST_VERSION}

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j-local"
POM = LAUNCHER_DIR / "pom.xml"


class LauncherError(RuntimeError):
    """Neo4j could not be fetched, started or found; the message says why and what to do."""


def state_root() -> Path:
    return Path(os.environ.get("AGRAPH_NEO4J_LOCAL_DIR") or ROOT / ".neo4j-local").absolute()


def normalize_version(version: str | None) -> str:
    if not version:
        return LTS_VERSION
    version = version.strip()
    version = VERSION_ALIASES.get(version.lower(), version)
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise LauncherError(f"bad Neo4j version {version!r}: expected e.g. {LTS_VERSION}, {LATEST_VERSION}, 'lts' or 'latest'")
    return version


def is_calendar_version(version: str) -> bool:
    return int(version.split(".")[0]) >= 2025


def required_java(version: str) -> int:
    return 21 if is_calendar_version(version) else 17


# --------------------------------------------------------------------------- Maven


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()[:16]


def fetch(version: str | None = None, quiet: bool = True) -> list[str]:
    """The classpath (jar paths) of Neo4j `version`, resolved by Maven once and then cached."""
    version = normalize_version(version)
    cache = state_root() / "classpath" / f"neo4j-{version}.json"
    digest = _pom_digest()
    try:
        cached = json.loads(cache.read_text())
        if cached.get("pom") == digest and cached["classpath"] and all(os.path.isfile(j) for j in cached["classpath"]):
            return cached["classpath"]
    except (OSError, ValueError, KeyError, TypeError):
        pass

    mvn = os.environ.get("AGRAPH_MVN") or shutil.which("mvn")
    if not mvn:
        raise LauncherError("Maven ('mvn') is needed once to fetch Neo4j from Maven Central: "
                            "install it (e.g. 'apt-get install maven' or 'brew install maven'), or set NEO4J_URI "
                            "to an existing server")
    cache.parent.mkdir(parents=True, exist_ok=True)
    out = cache.parent / f".cp-{version}-{os.getpid()}.txt"
    cmd = [mvn, "-q", "-B", "-f", str(POM), f"-Dneo4j.version={version}",
           "dependency:build-classpath", f"-Dmdep.outputFile={out}"]
    if not quiet:
        print(f"Resolving Neo4j {version} from Maven Central (first time only)...", file=sys.stderr, flush=True)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise LauncherError(f"Maven did not resolve Neo4j {version} within 30 minutes") from None
    try:
        if proc.returncode != 0 or not out.exists():
            output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # Maven's colour codes
            tail = "\n".join(line for line in output.strip().splitlines()[-25:] if line.strip() != "[ERROR]")
            raise LauncherError(f"Maven could not resolve Neo4j {version} (is it a version on Maven Central?):\n"
                                f"$ {shlex.join(cmd)}\n{tail}")
        classpath = [j for j in out.read_text().strip().split(os.pathsep) if j]
    finally:
        out.unlink(missing_ok=True)
    if not any(Path(j).name.startswith(f"neo4j-{version}") for j in classpath):
        raise LauncherError(f"Maven's classpath for Neo4j {version} has no neo4j-{version}.jar")
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"version": version, "pom": digest, "classpath": classpath}, indent=1))
    os.replace(tmp, cache)
    return classpath


# --------------------------------------------------------------------------- Java


def _java_major(java_home: Path) -> int | None:
    release = java_home / "release"
    try:
        m = re.search(r'^JAVA_VERSION="(\d+)(?:[.\-+"])', release.read_text(), re.M)
        if m:
            return int(m.group(1))
    except OSError:
        pass
    try:
        out = subprocess.run([str(java_home / "bin" / "java"), "-version"], capture_output=True, text=True,
                             timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def _java_home_of(java_bin: str) -> Path:
    return Path(os.path.realpath(java_bin)).parent.parent


def _candidate_homes() -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    if os.environ.get("JAVA_HOME"):
        found.append(("$JAVA_HOME", Path(os.environ["JAVA_HOME"])))
    on_path = shutil.which("java")
    if on_path:
        found.append(("java on PATH", _java_home_of(on_path)))
    patterns = ["/usr/lib/jvm/*", "/usr/java/*", "/opt/java/*", "/opt/jdk*",
                "/Library/Java/JavaVirtualMachines/*/Contents/Home",
                str(Path.home() / ".sdkman/candidates/java/*"), str(Path.home() / ".jdks/*")]
    for pattern in patterns:
        for p in sorted(glob.glob(pattern)):
            path = Path(p)
            if not path.is_symlink() and (path / "bin" / "java").exists():
                found.append((p, path))
    unique, seen = [], set()
    for label, home in found:
        key = os.path.realpath(home)
        if key not in seen and (home / "bin" / "java").exists():
            seen.add(key)
            unique.append((label, home))
    return unique


def find_java(version: str) -> tuple[Path, int]:
    """(java executable, major version) suited to Neo4j `version`; needs a JDK (javac) for Launcher.java."""
    need = required_java(version)
    tried: list[str] = []

    def usable(home: Path) -> int | None:
        major = _java_major(home)
        if major is None or major < need:
            tried.append(f"{home} (Java {major or '?'})")
            return None
        if not (home / "bin" / ("javac.exe" if os.name == "nt" else "javac")).exists():
            tried.append(f"{home} (Java {major}, a JRE: no javac)")
            return None
        return major

    if need >= 21 and os.environ.get("AGRAPH_JAVA21_HOME"):
        home = Path(os.environ["AGRAPH_JAVA21_HOME"])
        major = usable(home)
        if major is None:
            raise LauncherError(f"AGRAPH_JAVA21_HOME={home} is not a JDK 21 or newer ({tried[-1]})")
        return home / "bin" / "java", major

    candidates = []
    for label, home in _candidate_homes():
        major = usable(home)
        if major is not None:
            candidates.append((home, major))
    if not candidates:
        where = "; ".join(tried) or "no Java found"
        if need >= 21:
            raise LauncherError(
                f"Neo4j {version} needs a JDK 21 or newer, and none was found ({where}). Install one, e.g. "
                "'apt-get install openjdk-21-jdk-headless' or Temurin 21 (adoptium.net), and/or set "
                f"AGRAPH_JAVA21_HOME to its home; or use --version {LTS_VERSION}, which runs on Java 17")
        raise LauncherError(f"Neo4j {version} needs a JDK 17 or 21, and none was found ({where}). Install one, e.g. "
                            "'apt-get install openjdk-17-jdk-headless'")
    if need >= 21:
        # Prefer the oldest JDK >= 21 (the most likely to be a supported one), in discovery order.
        home, major = min(candidates, key=lambda c: c[1])
    else:
        # Neo4j 5 supports Java 17 and 21: the first such JDK ($JAVA_HOME, PATH, ...), else any newer one.
        supported = [c for c in candidates if c[1] in (17, 21)]
        home, major = (supported or candidates)[0]
    return home / "bin" / "java", major


def jvm_options(java_major: int) -> list[str]:
    opts = [
        f"-Xmx{os.environ.get('AGRAPH_NEO4J_HEAP', '768m')}",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-OmitStackTraceInFastThrow",
        "-Djdk.nio.maxCachedBufferSize=1024",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-Dlog4j2.disable.jmx=true",
        "-Dfile.encoding=UTF-8",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    ]
    if java_major >= 21:
        opts.append("--enable-native-access=ALL-UNNAMED")
    if java_major >= 24:
        opts.append("--sun-misc-unsafe-memory-access=allow")  # Neo4j uses Unsafe; silences JEP 498 warnings
    opts += shlex.split(os.environ.get("AGRAPH_NEO4J_JAVA_OPTS", ""))
    return opts


