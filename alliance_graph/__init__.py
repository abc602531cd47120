"""alliance-graph: who stands where in the AI industry, as an evidence-backed graph.

The public API is re-exported here; everything else is internal.

>>> from alliance_graph import AllianceGraph
>>> with AllianceGraph.embedded() as g:
...     g.camp_of("Microsoft").camp
'closed'
"""

from .api import AllianceGraph
from .dataset import default_dataset_paths, load_dataset, read_dataset_files
from .errors import (
    AllianceGraphError,
    BackendError,
    ConnectionFailed,
    DatasetError,
    LoadFailed,
    Problem,
    QueryError,
    ReadOnlyError,
    UnknownEntityError,
)
from .model import Dataset
from .store.neo4j_store import LoadSummary, Settings

__all__ = [
    "AllianceGraph",
    "AllianceGraphError",
    "BackendError",
    "ConnectionFailed",
    "Dataset",
    "DatasetError",
    "LoadFailed",
    "LoadSummary",
    "Problem",
    "QueryError",
    "ReadOnlyError",
    "Settings",
    "UnknownEntityError",
    "default_dataset_paths",
    "load_dataset",
    "read_dataset_files",
]
__version__ = "0.1.0"
