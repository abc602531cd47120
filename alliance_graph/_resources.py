"""Where the package finds its shipped files: Cypher text and datasets.

In a wheel, the repository's top-level ``cypher/`` folder is installed as
``alliance_graph/cypher``; in a source checkout (editable install) it is read
from the repository itself. Either way there is one copy in git.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def cypher_dir() -> Path:
    for candidate in (_PKG / "cypher", _PKG.parent / "cypher"):
        if (candidate / "queries").is_dir():
            return candidate
    raise FileNotFoundError("the cypher/ folder is missing from this installation; reinstall alliance-graph")


def data_dir() -> Path:
    return _PKG / "data"


@lru_cache(maxsize=None)
def read_cypher(relative: str) -> str:
    """The text of one shipped ``.cypher`` file, e.g. ``read_cypher("load/nodes.cypher")``, with its
    ``{{macros}}`` filled in (see :mod:`alliance_graph.queries.macros`)."""
    from .queries.macros import expand_macros

    return expand_macros((cypher_dir() / relative).read_text(encoding="utf-8"), f"cypher/{relative}")
