#!/usr/bin/env python3
"""Train the pair model of `agraph draft` (alliance_graph/draft/pairs.py) on the development half of
the evaluation texts, and measure it by cross-validation before it ever sees the test half.

Each development text is drafted up to its names; every pair of names sharing a sentence is labelled
from the text's hand-written gold list (the type of the gold relationship between the two, or none).

    python3 scripts/train_draft_model.py               # train on the development half, write the weights
    python3 scripts/train_draft_model.py --check       # the shipped weights are what training makes now
    python3 scripts/train_draft_model.py --folds 6     # cross-validation: each fold's suggestions made
                                                       # by a model trained on the other folds
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_draft import BASE, _key, _micro, evaluate_real, gold_cases, gold_ids, table  # noqa: E402

from alliance_graph.draft.core import mentions_of  # noqa: E402
from alliance_graph.draft.names import Known  # noqa: E402
from alliance_graph.draft.pairs import NONE, THRESHOLD, WEIGHTS, PairModel, labelled  # noqa: E402
from alliance_graph.draft.reading import read_article  # noqa: E402

# when a pair has several gold relationships, the label it is trained on
_ORDER = ("member-of", "develops", "partners-with", "competes-with")


def examples(text_path: Path, gold: dict, known: Known) -> list[tuple[list[str], str, tuple]]:
    """The labelled pairs of one evaluation text: (features, label, the gold relationship it stands for)."""
    text, lang = read_article(text_path), gold["language"]
    sents, mentions = mentions_of(text, lang, known)
    gid = gold_ids(gold)
    rels = {_key(*r) for r in gold.get("relationships") or []}
    out = []
    for left, right, _span, feats in labelled(text, sents, mentions, lang):
        a, b = gid(left.entity), gid(right.entity)
        label, key = NONE, ()
        for rel_type in _ORDER:
            if _key(rel_type, a, b) in rels:
                label, key = rel_type, _key(rel_type, a, b)
            elif rel_type in ("member-of", "develops") and _key(rel_type, b, a) in rels:
                label, key = rel_type + "<", _key(rel_type, b, a)
            else:
                continue
            break
        out.append((feats, label, (text_path.stem, *key) if key else ()))
    return out


def train(cases, known: Known) -> PairModel:
    """Trained twice: a gold relationship is stated in one sentence, but its two names may meet in
    several, so the second model keeps, of each relationship's pairs, only the one the first model
    finds likeliest (multiple-instance learning); the others are left out, neither right nor wrong."""
    data = [ex for path, gold in cases for ex in examples(path, gold, known)]
    first = PairModel.train([(feats, label) for feats, label, _ in data])
    best: dict[tuple, tuple[float, int]] = {}
    for i, (feats, label, key) in enumerate(data):
        if key:
            p = first.probabilities(feats)[label]
            if key not in best or p > best[key][0]:
                best[key] = (p, i)
    keep = {i for _, i in best.values()}
    return PairModel.train([(feats, label) for i, (feats, label, key) in enumerate(data) if not key or i in keep])


def _about(cases) -> dict:
    return {"trained on": sorted(path.stem for path, _ in cases),
            "made by": "python3 scripts/train_draft_model.py (the development half of tests/fixtures/draft/real)"}


def cross_validate(cases, known: Known, folds: int, thresholds=(THRESHOLD,)) -> None:
    groups = [cases[i::folds] for i in range(folds)]
    results: dict[float, list] = {}
    for i, held in enumerate(groups):
        model = train([c for j, g in enumerate(groups) if j != i for c in g], known)
        for path, gold in held:
            for threshold in thresholds:
                model.threshold = threshold
                results.setdefault(threshold, []).append(evaluate_real(path, gold, known, model))
    print(f"Cross-validation over the development half: {len(cases)} texts, {folds} folds; each fold's "
          "suggestions come from a model trained on the other folds\n")
    for threshold, rows in results.items():
        print(f"\nsuggested from a probability of {threshold}\n")
        table([_micro(rows)])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="Cross-validate with this many folds instead.")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[THRESHOLD],
                        help="With --folds: the probabilities from which a pair is proposed, compared.")
    parser.add_argument("--check", action="store_true", help="Fail when the shipped weights differ from training.")
    args = parser.parse_args(argv)
    known = Known.from_dataset(BASE)
    cases = gold_cases("dev")
    if args.folds:
        cross_validate(cases, known, args.folds, args.thresholds)
        return 0
    model = train(cases, known)
    if args.check:
        same = json.loads(model.dumps(_about(cases))) == json.loads(WEIGHTS.read_text(encoding="utf-8"))
        print("the shipped weights are what training makes" if same else "the shipped weights differ: train again")
        return 0 if same else 1
    model.save(WEIGHTS, _about(cases))
    print(f"wrote {WEIGHTS.name}: {len(model.weights)} features, trained on {len(cases)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
