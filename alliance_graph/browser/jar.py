"""The Browser jar with the guide: what ``python3 scripts/neo4j_local.py start --with-guide``
puts first on the server's classpath.

The Neo4j server serves the Browser from the classpath folder ``browser/`` of *one* jar:
the first on the classpath that has it (``ClassLoader.getResource("browser")``, then a
Jetty context rooted there). A jar holding only ``browser/agraph/guide.html`` is therefore
never served when it comes after the Browser's jar, and hides the whole Browser when it
comes first. :func:`build_guide_jar` thus writes a copy of the Browser's own jar with the
guide and the stylesheet added under ``browser/agraph/``; put it first on the server's
classpath and the server serves ``/browser/`` as before plus ``/browser/agraph/guide.html``
and ``/browser/agraph/style.grass``, same origin as the Browser (and with
``Access-Control-Allow-Origin: *``, as all its static files).
"""

from __future__ import annotations

import glob
import os
import re
import zipfile
from pathlib import Path

from .assets import ASSET_FOLDER, generated


def _version_key(path: str) -> tuple:
    m = re.search(r"neo4j-browser-(\d+(?:\.\d+)*)", os.path.basename(path))
    return tuple(int(x) for x in m.group(1).split(".")) if m else ()


def find_browser_jar(classpath: list[str] | None = None) -> Path:
    """The Neo4j Browser jar: the one on ``classpath`` (e.g. the local launcher's
    ``fetch(version)``), else the newest in the local Maven repository.

    Raises
    ------
    FileNotFoundError
        When there is none; fetch one with ``python3 scripts/neo4j_local.py fetch``.

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
        raise FileNotFoundError(f"no Neo4j Browser jar {where}: fetch one with 'python3 scripts/neo4j_local.py fetch'")
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
            for name, text in generated().items():
                out.writestr(zipfile.ZipInfo(f"{ASSET_FOLDER}/{name}", _FIXED_TIME), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
