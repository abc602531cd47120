"""Every module of the package stays under 500 lines (split by topic before it grows past)."""

from __future__ import annotations

from pathlib import Path

import alliance_graph

LIMIT = 500


def test_no_module_is_over_500_lines():
    root = Path(alliance_graph.__file__).parent
    sizes = {str(p.relative_to(root)): len(p.read_text(encoding="utf-8").splitlines()) for p in root.rglob("*.py")}
    assert sizes, "no module found"
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
