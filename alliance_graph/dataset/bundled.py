"""The datasets shipped in ``alliance_graph/data/``, by name.

Each shipped YAML file names itself with its top-level ``dataset:`` key and says what it holds
in ``description:``. The article (:data:`DEFAULT_DATASET`) is what the embedded graph and
``agraph load`` use when no dataset is named; the others are opt-in (``--dataset NAME``).

>>> [d.name for d in bundled_datasets()][:1], DEFAULT_DATASET
(['ai-alliance-article'], 'ai-alliance-article')
>>> [p.name for p in dataset_paths(["frontier-model-forum"])]
['frontier-model-forum.yaml']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import _resources
from ..errors import UnknownDatasetError
from ..text import suggest

__all__ = ["DEFAULT_DATASET", "DATASETS_ENV", "BundledDataset", "bundled_datasets", "dataset_paths", "default_datasets"]

#: The first of the shipped datasets: the AI Alliance article (the others are loaded into it).
DEFAULT_DATASET = "ai-alliance-article"
#: The environment variable naming the datasets a graph holds when none is named (comma-separated).
DATASETS_ENV = "AGRAPH_DATASETS"


def default_datasets() -> list[str]:
    """The shipped datasets the embedded graph (and ``agraph load``) holds when none is named:
    those ``AGRAPH_DATASETS`` names (comma-separated), else every shipped dataset, the article first.

    >>> default_datasets()[0]
    'ai-alliance-article'
    """
    import os

    named = [n.strip() for n in (os.environ.get(DATASETS_ENV) or "").split(",") if n.strip()]
    return named or list(_catalogue())


@dataclass(frozen=True)
class BundledDataset:
    """One shipped dataset: its name, description, file and size; its newest fact (the latest of its
    sources' published dates and its relationships' since and until) and the date it was last
    checked against its sources (their newest ``retrieved`` date): see :mod:`alliance_graph.freshness`."""

    name: str
    description: str
    file: Path
    organisations: int
    relationships: int
    default: bool
    newest_fact: str | None = None
    checked: str | None = None


_NAME_LINE = re.compile(r"^dataset:[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)[ \t]*(?:#.*)?$", re.MULTILINE)


def _named(text: str) -> str | None:
    """The name a shipped file gives itself on one plain top-level ``dataset: NAME`` line, without a
    YAML parser (the name is all a graph's key needs: reading the shipped YAML took a tenth of the
    second command on a kept graph); None when the file says it otherwise (quoted, twice...)."""
    found = _NAME_LINE.findall(text)
    return found[0] if len(found) == 1 else None


def _read_top(path: Path) -> tuple[str | None, str]:
    """(name, description) from a shipped file's top-level keys, read as YAML."""
    import yaml

    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe (shipped files)
    if not isinstance(doc, dict):
        return None, ""
    name = doc.get("dataset")
    return (name if isinstance(name, str) and name else None), " ".join(str(doc.get("description") or "").split())


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Path]:
    """name -> file, default first, then by name; read from the files' top-level ``dataset:`` keys."""
    found: dict[str, Path] = {}
    for path in sorted(_resources.data_dir().glob("*.yaml")):
        name = _named(path.read_text(encoding="utf-8")) or _read_top(path)[0]
        if name:
            found[name] = path
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != DEFAULT_DATASET, kv[0])))


def bundled_datasets() -> list[BundledDataset]:
    """Every shipped dataset, the default first, with its counts of organisations and relationships."""
    from ..freshness import freshness_of_dataset
    from . import read_dataset_files

    out = []
    defaults = set(default_datasets())
    for name, path in _catalogue().items():
        description = _read_top(path)[1]
        ds = read_dataset_files([path])
        out.append(BundledDataset(name, description, path, len(ds.organisations), len(ds.relationships),
                                  name in defaults, *freshness_of_dataset(ds)))
    return out


def dataset_paths(names: Iterable[str]) -> list[Path]:
    """The files of the shipped datasets called ``names``, in the order given (a name given twice counts once).

    Raises
    ------
    UnknownDatasetError
        For a name no shipped dataset has; it lists the known names and the close ones.
    """
    catalogue = _catalogue()
    paths = []
    for name in dict.fromkeys(names):
        if name not in catalogue:
            known = list(catalogue)
            close = suggest(name, known, cutoff=50)
            raise UnknownDatasetError(name, known, close)
        paths.append(catalogue[name])
    return paths
