#!/usr/bin/env python3
"""How good is `agraph draft`? Drafts each evaluation text and compares the draft with a hand-made
answer dataset: precision and recall for organisations (by id, or by a name or alias of the answer's
organisation) and for relationships (type and both ends; partners-with and competes-with unordered).
Prints a Markdown table (published in docs/draft-evaluation.md) and the time of each draft.

Usage: PYTHONPATH=. python3 scripts/evaluate_draft.py [--details]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance_graph.dataset import dataset_paths, read_dataset_files  # noqa: E402
from alliance_graph.draft.core import SourceInfo, draft_text  # noqa: E402
from alliance_graph.draft.names import Known  # noqa: E402
from alliance_graph.draft.reading import read_article  # noqa: E402
from alliance_graph.draft.writer import draft_yaml  # noqa: E402
from alliance_graph.text import normalise  # noqa: E402

DATA = ROOT / "alliance_graph" / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "draft"
SYMMETRIC = {"partners-with", "competes-with"}
DRAFTED = {"member-of", "partners-with", "competes-with", "develops", "cites"}  # claims (states, about) are not drafted
# (case, text, language, answer dataset, shipped datasets whose names the draft knows)
CASES = [
    ("AI Alliance article (fr)", DATA / "ai-alliance-article.fr.txt", "fr", DATA / "ai-alliance-article.yaml",
     ["ai-alliance-article"]),
    ("Frontier Model Forum text (en)", FIXTURES / "frontier-model-forum.en.txt", "en",
     FIXTURES / "frontier-model-forum.answer.yaml", ["ai-alliance-article"]),
    ("Frontier Model Forum text (en), FMF dataset known too", FIXTURES / "frontier-model-forum.en.txt", "en",
     FIXTURES / "frontier-model-forum.answer.yaml", ["ai-alliance-article", "frontier-model-forum"]),
]


def _key(rel_type: str, a: str, b: str) -> tuple:
    return (rel_type, *sorted((a, b))) if rel_type in SYMMETRIC else (rel_type, a, b)


def _score(found: set, expected: set) -> tuple[float, float, set, set]:
    hits = found & expected
    precision = len(hits) / len(found) if found else 1.0
    recall = len(hits) / len(expected) if expected else 1.0
    return precision, recall, found - expected, expected - found


def evaluate(name, text_path, lang, answer_path, known_sets):
    answer = read_dataset_files([answer_path])
    known = Known.from_dataset(read_dataset_files(dataset_paths(known_sets)))
    text = read_article(text_path)
    with tempfile.TemporaryDirectory() as tmp:
        source = SourceInfo("draft-under-evaluation", name, lang, str(text_path.resolve()))
        t = time.perf_counter()
        draft = draft_text(text, lang, source, known)
        total = time.perf_counter() - t
        out = Path(tmp) / "draft.yaml"
        out.write_text(draft_yaml(draft), encoding="utf-8")
        read_dataset_files([out])  # the draft passes the loader as written
    by_name = {normalise(n): o.id for o in answer.organisations.values() for n in (o.name, *o.aliases)}

    def answer_id(entity_id):
        rec = next((r for r in draft.records if r.entity.id == entity_id), None)
        if entity_id in answer.organisations or entity_id in answer.products or rec is None:
            return entity_id
        return by_name.get(normalise(rec.entity.name), entity_id)

    answer_sources = set(answer.sources)

    def end(x):  # the draft's source stands for the answer's
        return "<source>" if x == source.id or x in answer_sources else answer_id(x)

    orgs = {answer_id(r.entity.id) for r in draft.organisations}
    rels = {_key(r.type, end(r.ends[0]), end(r.ends[1])) for r in draft.relationships}
    expected_rels = {_key(r.type, end(r.source), end(r.target)) for r in answer.relationships.values()
                     if r.type in DRAFTED}
    return {"case": name, "orgs": _score(orgs, set(answer.organisations)), "rels": _score(rels, expected_rels),
            "model load": draft.seconds["model load"], "draft": draft.seconds["draft"], "total": total,
            "counts": (len(orgs), len(answer.organisations), len(rels), len(expected_rels))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="List what was missed and what was wrong.")
    args = parser.parse_args(argv)
    results = [evaluate(*case) for case in CASES]
    print("| case | organisations: precision | recall | relationships: precision | recall | model load (s) | draft (s) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        (op, orc, _, _), (rp, rrc, _, _) = r["orgs"], r["rels"]
        found_o, exp_o, found_r, exp_r = r["counts"]
        print(f"| {r['case']} | {op:.0%} | {orc:.0%} ({exp_o} expected) | {rp:.0%} | {rrc:.0%} ({exp_r} expected) "
              f"| {r['model load']:.1f} | {r['draft']:.2f} |")
    if args.details:
        for r in results:
            print(f"\n{r['case']}:")
            for what, (_, _, wrong, missed) in (("organisations", r["orgs"]), ("relationships", r["rels"])):
                print(f"  {what}: proposed wrongly {sorted(wrong) or 'none'}; missed {sorted(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
