#!/usr/bin/env python3
"""How good is `agraph draft`? Drafts each evaluation text and compares the draft with a gold list
written by hand before any draft ran.

Real news (tests/fixtures/draft/real/): each ``NAME.txt`` is a short excerpt, ``NAME.gold.yaml`` its
header (URL, publisher, date, language, dev/test split) and its gold lists: organisations and products
(id: names a reader may use), relationships ``[type, from, to]`` (``SOURCE`` stands for the draft's
source in ``cites``), and ``negated``: relationships the text denies. A proposed organisation or
product is right when its id is a gold id or its name or an alias folds like a gold name; a
relationship when its type and both ends agree (partners-with and competes-with in either order).

Printed per text and micro-averaged: precision and recall of organisations, products and
relationships; the pair model's suggestions (written commented out, so not in the relationships'
scores): how many are right, and the relationship recall a reviewer who uncommented them all would
reach; negated facts proposed (a relationship of ``negated`` proposed as a fact); direction
errors (member-of or develops proposed the wrong way round); type confusions (the right pair with
the wrong type). ``--legacy`` adds the two texts the cues were first written against.

Usage: PYTHONPATH=. python3 scripts/evaluate_draft.py [--split dev|test|all] [--details] [--legacy]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance_graph.dataset import dataset_paths, read_dataset_files  # noqa: E402
from alliance_graph.draft.core import SourceInfo, draft_text  # noqa: E402
from alliance_graph.draft.names import Known  # noqa: E402
from alliance_graph.draft.pairs import PairModel  # noqa: E402
from alliance_graph.draft.reading import read_article  # noqa: E402
from alliance_graph.draft.writer import draft_yaml  # noqa: E402
from alliance_graph.text import normalise  # noqa: E402

DATA = ROOT / "alliance_graph" / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "draft"
REAL = FIXTURES / "real"
KNOWN = ["ai-alliance-article", "ai-alliance-roster", "frontier-model-forum"]  # every shipped dataset
SYMMETRIC = {"partners-with", "competes-with"}
DRAFTED = {"member-of", "partners-with", "competes-with", "develops", "cites"}
SOURCE = "SOURCE"
BASE = read_dataset_files(dataset_paths(KNOWN))
# (case, text, language, answer dataset, shipped datasets whose names the draft knows)
LEGACY = [
    ("AI Alliance article (fr)", DATA / "ai-alliance-article.fr.txt", "fr", DATA / "ai-alliance-article.yaml",
     ["ai-alliance-article"]),
    ("Frontier Model Forum text (en)", FIXTURES / "frontier-model-forum.en.txt", "en",
     FIXTURES / "frontier-model-forum.answer.yaml", ["ai-alliance-article"]),
]


def _key(rel_type: str, a: str, b: str) -> tuple:
    return (rel_type, *sorted((a, b))) if rel_type in SYMMETRIC else (rel_type, a, b)


class Score:
    def __init__(self, found: set, expected: set):
        self.found, self.expected = found, expected
        self.hits = found & expected

    @property
    def precision(self):
        return len(self.hits) / len(self.found) if self.found else 1.0

    @property
    def recall(self):
        return len(self.hits) / len(self.expected) if self.expected else 1.0

    def cell(self, which):
        if which == "p":
            return f"{self.precision:.0%} ({len(self.hits)}/{len(self.found)})" if self.found else "-"
        return f"{self.recall:.0%} ({len(self.hits)}/{len(self.expected)})" if self.expected else "-"


def _draft(text_path: Path, lang: str, known: Known, model: PairModel | None = None):
    text = read_article(text_path)
    source = SourceInfo("draft-under-evaluation", text_path.stem, lang, text_path.name)
    t = time.perf_counter()
    draft = draft_text(text, lang, source, known, model)
    total = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:  # a dataset reads files in its own folder only
        (Path(tmp) / text_path.name).write_text(text, encoding="utf-8")
        out = Path(tmp) / "draft.yaml"
        out.write_text(draft_yaml(draft), encoding="utf-8")
        read_dataset_files([out], base=BASE)  # the draft passes the loader as written, quotes checked
    return draft, total


def gold_cases(split: str) -> list[tuple[Path, dict]]:
    out = []
    for gold_path in sorted(REAL.glob("*.gold.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        if split in ("all", gold["split"]):
            out.append((gold_path.with_name(gold_path.name.replace(".gold.yaml", ".txt")), gold))
    return out


def gold_ids(gold: dict):
    """A function giving the gold id of a drafted entity (by its id, or a name or alias folded like a
    gold name), or ``?`` and its own id when the gold has no such entity."""
    orgs, prods = gold.get("organisations") or {}, gold.get("products") or {}
    by_name = {normalise(n): gid for section in (orgs, prods) for gid, names in section.items() for n in names}

    def gid(entity, aliases=()) -> str:
        if entity.id in orgs or entity.id in prods:
            return entity.id
        for n in (entity.name, *entity.names, *aliases):
            if normalise(n) in by_name:
                return by_name[normalise(n)]
        return "?" + entity.id

    return gid


def evaluate_real(text_path: Path, gold: dict, known: Known, model: PairModel | None = None) -> dict:
    draft, total = _draft(text_path, gold["language"], known, model)
    orgs, prods = gold.get("organisations") or {}, gold.get("products") or {}
    gid = gold_ids(gold)
    ids = {r.entity.id: gid(r.entity, r.aliases) for r in draft.records}

    def end(x):
        return SOURCE if x == draft.source.id else ids.get(x, "?" + x)

    rels = {_key(r.type, end(r.ends[0]), end(r.ends[1])) for r in draft.relationships}
    guessed = {_key(r.type, end(r.ends[0]), end(r.ends[1])) for r in draft.guessed} - rels
    expected = {_key(*r) for r in gold.get("relationships") or [] if r[0] in DRAFTED}
    negated = {_key(*r) for r in gold.get("negated") or []}
    wrong = rels - expected
    direction = {r for r in wrong if r[0] not in SYMMETRIC and (r[0], r[2], r[1]) in expected}
    pairs = {frozenset(e[1:]): e[0] for e in expected}
    confusion = {r for r in wrong if r not in direction and pairs.get(frozenset(r[1:]), r[0]) != r[0]}
    return {"case": text_path.stem, "lang": gold["language"], "publisher": gold["publisher"],
            "orgs": Score({ids[r.entity.id] for r in draft.organisations}, set(orgs)),
            "products": Score({ids[r.entity.id] for r in draft.products}, set(prods)),
            "rels": Score(rels, expected), "guessed": Score(guessed, expected),
            "with guessed": Score(rels | guessed, expected), "negated": rels & negated, "direction": direction,
            "confusion": confusion, "model load": draft.seconds["model load"], "total": total}


def evaluate_legacy(name, text_path, lang, answer_path, known_sets) -> dict:
    answer = read_dataset_files([answer_path])
    known = Known.from_dataset(read_dataset_files(dataset_paths(known_sets)))
    gold = {"language": lang, "publisher": "written for the project", "organisations":
            {o.id: [o.name, *o.aliases] for o in answer.organisations.values()},
            "products": {p.id: [p.name, *p.aliases] for p in answer.products.values()},
            "relationships": [[r.type, SOURCE if r.source in answer.sources else r.source,
                               SOURCE if r.target in answer.sources else r.target]
                              for r in answer.relationships.values()]}
    result = evaluate_real(text_path, gold, known)
    result["case"] = name
    return result


def _micro(results: list[dict]) -> dict:
    out = {"case": "**micro, all texts**", "lang": "", "publisher": ""}
    for part in ("orgs", "products", "rels", "guessed", "with guessed"):
        s = Score(set(), set())
        s.found = {(r["case"], x) for r in results for x in r[part].found}
        s.expected = {(r["case"], x) for r in results for x in r[part].expected}
        s.hits = s.found & s.expected
        out[part] = s
    for part in ("negated", "direction", "confusion"):
        out[part] = {(r["case"], x) for r in results for x in r[part]}
    out["model load"] = max((r["model load"] for r in results), default=0.0)
    out["total"] = sum(r["total"] for r in results)
    return out


def table(results: list[dict]) -> None:
    print("| text | lang | org P | org R | product P | product R | rel P | rel R | negated | direction | type "
          "| suggested P | rel R with suggested |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in [*results, _micro(results)]:
        print(f"| {r['case']} | {r['lang']} | {r['orgs'].cell('p')} | {r['orgs'].cell('r')} "
              f"| {r['products'].cell('p')} | {r['products'].cell('r')} | {r['rels'].cell('p')} "
              f"| {r['rels'].cell('r')} | {len(r['negated'])} | {len(r['direction'])} | {len(r['confusion'])} "
              f"| {r['guessed'].cell('p')} | {r['with guessed'].cell('r')} |")


def details(results: list[dict]) -> None:
    for r in results:
        print(f"\n{r['case']} ({r['total']:.2f} s, model load {r['model load']:.1f} s):")
        for part in ("orgs", "products", "rels", "guessed"):
            s = r[part]
            print(f"  {part}: wrong {sorted(s.found - s.expected) or '-'}; missed {sorted(s.expected - s.found) or '-'}")
        for part in ("negated", "direction", "confusion"):
            if r[part]:
                print(f"  {part}: {sorted(r[part])}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test",
                        help="Which half of the real texts (default: test, the half reported).")
    parser.add_argument("--details", action="store_true", help="List what was missed and what was wrong.")
    parser.add_argument("--legacy", action="store_true", help="Also the two texts the cues were first written on.")
    args = parser.parse_args(argv)
    known = Known.from_dataset(BASE)
    results = [evaluate_real(path, gold, known) for path, gold in gold_cases(args.split)]
    print(f"Real news, {args.split} half ({len(results)} texts; known names: {', '.join(KNOWN)})\n")
    table(results)
    if args.details:
        details(results)
    if args.legacy:
        legacy = [evaluate_legacy(*case) for case in LEGACY]
        print("\nTexts the cues were first written against\n")
        table(legacy)
        if args.details:
            details(legacy)
    print(f"\ntime: {sum(r['total'] for r in results):.1f} s in all; French model load "
          f"{max((r['model load'] for r in results), default=0):.1f} s (once per process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
