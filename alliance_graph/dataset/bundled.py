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

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import _resources
from ..errors import UnknownDatasetError

__all__ = ["DEFAULT_DATASET", "BundledDataset", "bundled_datasets", "dataset_paths"]

#: The dataset used when none is named: the AI Alliance article.
DEFAULT_DATASET = "ai-alliance-article"


@dataclass(frozen=True)
class BundledDataset:
    """One shipped dataset: its name, description, file and size."""

    name: str
    description: str
    file: Path
    organisations: int
    relationships: int
    default: bool


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, tuple[Path, str]]:
    """name -> (file, description), default first, then by name; read from the files' top-level keys."""
    import yaml

    found: dict[str, tuple[Path, str]] = {}
    for path in sorted(_resources.data_dir().glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe (shipped files)
        name = doc.get("dataset") if isinstance(doc, dict) else None
        if isinstance(name, str) and name:
            found[name] = (path, " ".join(str(doc.get("description") or "").split()))
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != DEFAULT_DATASET, kv[0])))


def bundled_datasets() -> list[BundledDataset]:
    """Every shipped dataset, the default first, with its counts of organisations and relationships."""
    from . import read_dataset_files

    out = []
    for name, (path, description) in _catalogue().items():
        ds = read_dataset_files([path])
        out.append(BundledDataset(name, description, path, len(ds.organisations), len(ds.relationships),
                                  name == DEFAULT_DATASET))
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
            close = [k for k in known if name and name.lower() in k]
            close += [k for k in difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.5) if k not in close]
            raise UnknownDatasetError(name, known, close)
        paths.append(catalogue[name][0])
    return paths
