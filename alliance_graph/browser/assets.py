"""The two generated files, their names, and the committed copies in ``docs/browser/``.

``agraph browser assets --check`` fails when the committed copies differ from what the
query registry and the shipped dataset generate; ``agraph browser assets --write``
regenerates them.
"""

from __future__ import annotations

from pathlib import Path

GUIDE_FILE = "guide.html"
STYLE_FILE = "style.grass"
#: Where the assets sit inside the jar; the server serves them at ``/browser/agraph/...``.
ASSET_FOLDER = "browser/agraph"
#: The committed copies (a source checkout only; a wheel has no docs/).
DOCS_FOLDER = Path(__file__).resolve().parents[2] / "docs" / "browser"


def generated() -> dict[str, str]:
    """File name to text, as generated now."""
    from .guide import guide_html
    from .style import style_grass

    return {GUIDE_FILE: guide_html(), STYLE_FILE: style_grass()}


def write_assets(folder: str | Path = DOCS_FOLDER) -> list[Path]:
    """Write ``guide.html`` and ``style.grass`` into ``folder`` (created if needed).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_assets(d)]
    ['guide.html', 'style.grass']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generated().items():
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
    for name, text in generated().items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(name)
    return stale
