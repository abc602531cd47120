"""Public names re-exported by a package and imported on first use, so that importing the
package (and ``agraph --help``) does not pay for networkx, the Neo4j driver or Pillow."""

from __future__ import annotations

from importlib import import_module


def lazy_exports(package: str, namespace: dict, exports: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for ``package``: ``exports`` maps a name to the submodule holding it."""

    def __getattr__(name: str):
        if name in exports:
            value = getattr(import_module(exports[name], package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted([*namespace, *exports])

    return __getattr__, __dir__
