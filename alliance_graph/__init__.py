"""alliance-graph: who stands where in the AI industry, as an evidence-backed graph.

The public API is re-exported here (loaded on first use, so that ``agraph --help``
does not pay for networkx and the Neo4j driver); everything else is internal.

>>> from alliance_graph import AllianceGraph
>>> with AllianceGraph.embedded() as g:  # every shipped dataset: the article, rosters, model releases
...     g.camp_of("Microsoft").camp  # its own open models against its closed partner, OpenAI
'mixed'
"""


from ._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "AllianceGraph": ".api",
    "AllianceGraphError": ".errors",
    "BackendError": ".errors",
    "ConnectionFailed": ".errors",
    "Dataset": ".model",
    "DatasetError": ".errors",
    "LoadFailed": ".errors",
    "LoadPlan": ".store.base",
    "LockLost": ".errors",
    "WriteLockBusy": ".errors",
    "MissingExtraError": ".errors",
    "LoadSummary": ".store.base",
    "Store": ".store.base",
    "Problem": ".errors",
    "QueryError": ".errors",
    "ReadOnlyError": ".errors",
    "Settings": ".store.connection",
    "UnknownDatasetError": ".errors",
    "UnknownEntityError": ".errors",
    "UnknownSourceError": ".errors",
    "bundled_datasets": ".dataset",
    "dataset_paths": ".dataset",
    "default_dataset_paths": ".dataset",
    "load_dataset": ".dataset",
    "read_dataset_files": ".dataset",
}
__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
