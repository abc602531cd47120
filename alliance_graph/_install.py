"""The command that installs an optional extra, for the way this copy of the package was installed.

alliance-graph is not published on a package index, so ``pip install 'alliance-graph[nlp]'`` would
point nowhere: the hint names the project folder this copy comes from (a clone: ``'.[nlp]'`` when
it is the current folder), the wheel or archive it was installed from, or, only for a copy that
pip recorded as coming from an index, the package name. The pip is the running Python's own:
``.venv/bin/python -m pip`` in the README's virtual environment.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

DISTRIBUTION = "alliance-graph"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _shown(path: Path, cwd: Path) -> str:
    """``path`` as short as it is true from ``cwd``: ``.`` for it, relative below it, else absolute."""
    try:
        rel = path.resolve().relative_to(cwd.resolve())
    except ValueError:
        return str(path)
    return "." if str(rel) == "." else f"./{rel}"


def _source_tree(package_dir: Path) -> Path | None:
    """The project folder holding ``package_dir`` when it is a clone's (its pyproject.toml names the project)."""
    root = package_dir.parent
    try:
        text = (root / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return None
    return root if f'name = "{DISTRIBUTION}"' in text else None


def _installed_from() -> str | None:
    """Where pip says this copy came from (PEP 610 direct_url.json): a folder, an archive, or None."""
    from importlib import metadata

    try:
        dist = metadata.distribution(DISTRIBUTION)
        text = dist.read_text("direct_url.json")
    except (metadata.PackageNotFoundError, OSError):
        return None
    if not text:
        return None
    try:
        url = json.loads(text).get("url", "")
    except ValueError:
        return None
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return url or None  # a VCS or web address: pip takes it again
    return unquote(parsed.path)


def _python(cwd: Path) -> str:
    """The Python to run pip with: this one when it is a virtual environment's (relative to ``cwd``
    when it is below it, as ``.venv/bin/python``), else ``python3``."""
    if sys.prefix == sys.base_prefix:
        return "python3"
    exe = os.path.abspath(sys.executable)
    rel = os.path.relpath(exe, cwd)
    return shlex.quote(exe if rel.startswith("..") else rel)


def extra_install_command(extra: str, *, package_dir: Path = _PACKAGE_DIR, cwd: Path | None = None) -> str:
    """The shell command that installs ``extra`` for this copy of the package.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     _ = (root / "pyproject.toml").write_text('name = "alliance-graph"')
    ...     extra_install_command("nlp", package_dir=root / "alliance_graph", cwd=root).endswith(
    ...         "-m pip install '.[nlp]'")
    True
    """
    cwd = Path.cwd() if cwd is None else cwd
    root = _source_tree(package_dir)
    where = _shown(root, cwd) if root is not None else None
    if where is None:
        origin = _installed_from()
        if origin and "://" not in origin and Path(origin).exists():
            where = _shown(Path(origin), cwd)
        elif origin:
            where = origin
    requirement = f"{where}[{extra}]" if where else f"{DISTRIBUTION}[{extra}]"
    return f"{_python(cwd)} -m pip install {shlex.quote(requirement)}"
