"""Libraries of the package's optional extras that some tests need (pandas from ``analysis``,
spaCy from ``nlp``). Where one is genuinely absent (``pip install '.[test]'`` alone), such a test
skips and says which extra brings it; in CI (``AGRAPH_REQUIRE_NEO4J=1``, as scripts/test.sh
sets, or ``CI=true``) it fails instead, so a missing extra never hides tests there."""

from __future__ import annotations

import importlib
import os

import pytest


def in_ci() -> bool:
    return os.environ.get("AGRAPH_REQUIRE_NEO4J") == "1" or os.environ.get("CI", "").lower() == "true"


def need(module: str, extra: str, *, module_level: bool = False):
    """``module`` imported, or the test (with ``module_level``, the whole test module) skipped with the
    reason, or failed in CI."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        reason = f"{module} is not installed ({exc}); it comes with the {extra} extra: pip install '.[{extra}]'"
        if in_ci():
            pytest.fail(f"in CI every extra must be installed: {reason}", pytrace=False)
        pytest.skip(reason, allow_module_level=module_level)
