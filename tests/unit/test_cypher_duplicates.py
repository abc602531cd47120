"""No block of 6 or more lines is written twice across the shipped Cypher (cypher/**/*.cypher): what two
statements share is a macro (alliance_graph/queries/macros.py) or one query with a parameter."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = 6  # lines


def repeated_blocks(files: dict[str, str], size: int = BLOCK) -> list[tuple[tuple[str, int], tuple[str, int]]]:
    """Each pair of places ((file, first line), (file, first line)) starting the same ``size`` lines,
    compared without indentation and blank lines; a longer repeat is named once, at its start."""
    seen: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    numbered = {}
    for name, text in files.items():
        lines = [(i + 1, line.strip()) for i, line in enumerate(text.splitlines()) if line.strip()]
        numbered[name] = lines
        for k in range(len(lines) - size + 1):
            seen[tuple(t for _, t in lines[k:k + size])].append((name, k))
    pairs = []
    for places in seen.values():
        first = places[0]
        for other in places[1:]:
            if other[0] == first[0] and other[1] - first[1] < size:
                continue  # a run of one line repeated, overlapping itself
            before = (first[0], first[1] - 1), (other[0], other[1] - 1)
            if min(before[0][1], before[1][1]) >= 0 and numbered[first[0]][first[1] - 1][1] == \
                    numbered[other[0]][other[1] - 1][1]:
                continue  # the same repeat, named where it starts
            pairs.append(((first[0], numbered[first[0]][first[1]][0]), (other[0], numbered[other[0]][other[1]][0])))
    return pairs


def test_the_checker_finds_a_copied_block_and_nothing_else():
    block = "\n".join(f"MATCH (n{i}) RETURN n{i}" for i in range(7))
    found = repeated_blocks({"a.cypher": "// a\n" + block + "\n", "b.cypher": "RETURN 1\n\n" + block + "\nRETURN 2\n",
                             "c.cypher": "\n".join(["UNION ALL"] * 8)})
    assert found == [(("a.cypher", 2), ("b.cypher", 3))]
    assert repeated_blocks({"a.cypher": block.replace("n3", "m3"), "b.cypher": block}) == []


def test_no_block_of_six_lines_repeats_across_the_shipped_cypher():
    files = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted((ROOT / "cypher").rglob("*.cypher"))}
    assert len(files) > 20
    found = repeated_blocks(files)
    assert not found, "the same lines are written twice (make a macro, or one query with a parameter): " + "; ".join(
        f"{a}:{la} and {b}:{lb}" for (a, la), (b, lb) in found)
