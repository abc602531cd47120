"""A learned second opinion: which pairs of names a sentence relates, and how.

The cue patterns of :mod:`.cues` are precise on the phrasings they were written for and blind to
others. This module scores every pair of names that share a sentence (two organisations, or an
organisation and a product) with a small multinomial logistic regression over the words around and
between them. The pairs the cues left out that it finds likely are *suggested*: written commented
out after the records, never loaded unless a reviewer uncomments them, because on texts it was not
trained on a quarter to a half of them were right (``docs/draft-evaluation.md``). It is trained
from the hand-written gold lists of the evaluation texts (``scripts/train_draft_model.py``); the
weights ship as ``pair_weights.json`` beside this module.

Features are deliberately plain, so that what it learns carries to new texts: the first six letters
of each folded word between the two names (alone, in pairs, first and last) and next to them, the
gap's length, the names between, the kinds of the two ends. A pair is written left to right; the label says the type
and, for the directed types, whether the relationship runs from the left name (``member-of``) or
from the right one (``member-of<``).

Examples
--------
>>> model = PairModel.train([(["b:invest", "bias"], "partners-with"), (["b:said", "bias"], NONE)] * 20)
>>> label, p = model.best(["b:invest", "bias"])
>>> label, p > 0.9
('partners-with', True)
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..text import normalise

NONE = "none"
LABELS = (NONE, "partners-with", "competes-with", "member-of", "member-of<", "develops", "develops<")
WEIGHTS = Path(__file__).with_name("pair_weights.json")
THRESHOLD = 0.5  # a pair the cues left out is suggested when the best label other than none is this likely
_WORD = re.compile(r"\w+|[^\w\s]")
_STEM = 6


def _stems(text: str) -> list[str]:
    return [w[:_STEM] for w in _WORD.findall(normalise(text))]


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11+"


def features(text: str, sentence: tuple[int, int], left, right, between: int) -> list[str]:
    """The features of the pair of mentions ``left`` (first in the text) and ``right`` in ``sentence``;
    ``between`` counts the other names between them."""
    a, b = sentence
    gap = _stems(text[left.end:right.start])
    out = ["bias", f"ends:{left.entity.section[0]}{right.entity.section[0]}",
           f"kinds:{left.entity.kind}>{right.entity.kind}", f"gap:{_bucket(len(gap))}", f"names:{min(between, 3)}"]
    if len(gap) > 12:
        gap = gap[:6] + gap[-6:]
    out += [f"b:{w}" for w in gap] + [f"bb:{x}_{y}" for x, y in zip(gap, gap[1:], strict=False)]
    if gap:
        out += [f"bf:{gap[0]}", f"bl:{gap[-1]}"]
    if gap and all(w in {",", "and", "et", "&"} for w in gap):
        out.append("listed")
    out += [f"l:{w}" for w in _stems(text[max(a, left.start - 40):left.start])[-3:]]
    out += [f"r:{w}" for w in _stems(text[right.end:min(b, right.end + 40)])[:3]]
    return out


@dataclass
class PairModel:
    """Weights per feature and label; :meth:`probabilities` is the softmax of their sums."""

    weights: dict[str, dict[str, float]]
    threshold: float = THRESHOLD

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> PairModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({f: {k: w for k, w in zip(data["labels"], ws, strict=True) if w}
                    for f, ws in data["weights"].items()})

    def dumps(self, about: dict) -> str:
        """The weights as JSON, one feature a line (rounded to 1/1000, features with no weight left out)."""
        rows = {f: [round(ws.get(k, 0.0), 3) for k in LABELS] for f, ws in sorted(self.weights.items())}
        lines = [f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(ws)}" for f, ws in rows.items() if any(ws)]
        head = json.dumps({**about, "labels": LABELS}, ensure_ascii=False, indent=1)[:-2]
        return head + ',\n "weights": {\n' + ",\n".join(lines) + "\n}}\n"

    def save(self, path: Path, about: dict) -> None:
        path.write_text(self.dumps(about), encoding="utf-8")

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        sums = dict.fromkeys(LABELS, 0.0)
        for f in feats:
            for label, w in self.weights.get(f, {}).items():
                sums[label] += w
        top = max(sums.values())
        exp = {k: math.exp(v - top) for k, v in sums.items()}
        total = sum(exp.values())
        return {k: v / total for k, v in exp.items()}

    def best(self, feats: list[str], allowed=None) -> tuple[str, float]:
        """The likeliest label other than none (of ``allowed``, when given), and its probability."""
        p = self.probabilities(feats)
        label = max((k for k in LABELS if k != NONE and (allowed is None or k in allowed)), key=lambda k: p[k])
        return label, p[label]

    @classmethod
    def train(cls, examples: list[tuple[list[str], str]], epochs: int = 12, rate: float = 0.2,
              l2: float = 1e-3) -> PairModel:
        """Stochastic gradient descent on the log loss, in the order given (deterministic)."""
        model = cls({})
        for epoch in range(epochs):
            step = rate / (1 + epoch)
            for feats, gold in examples:
                p = model.probabilities(feats)
                for f in feats:
                    ws = model.weights.setdefault(f, {})
                    for label in LABELS:
                        grad = p[label] - (1.0 if label == gold else 0.0)
                        w = ws.get(label, 0.0)
                        ws[label] = w - step * (grad + l2 * w)
        return model


def pairs(text: str, sentence_spans, mentions, skip=frozenset()):
    """Every pair of distinct names sharing a sentence, none of them in ``skip`` (the outlets the text
    cites): (left, right, sentence, features)."""
    out = []
    for span in sentence_spans:
        inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1] and m.entity.id not in skip]
        for i, left in enumerate(inside):
            for j in range(i + 1, len(inside)):
                right = inside[j]
                if right.entity.id == left.entity.id or right.start < left.end or \
                        left.entity.section == right.entity.section == "products":
                    continue
                between = len({m.entity.id for m in inside[i + 1:j]} - {left.entity.id, right.entity.id})
                out.append((left, right, span, features(text, span, left, right, between)))
    return out


_MODEL: PairModel | None = None


def shipped() -> PairModel:
    """The model trained on the development half of the evaluation texts, loaded once."""
    global _MODEL
    if _MODEL is None:
        _MODEL = PairModel.load()
    return _MODEL


def labelled(text: str, sentence_spans, mentions, lang: str):
    """The pairs of the text, the outlets it cites left out: what both training and drafting see."""
    from .attribution import outlets

    return pairs(text, sentence_spans, mentions, outlets(text, sentence_spans, mentions, lang))


def _allowed(left, right) -> set[str]:
    """The labels the pair can take: develops from an organisation to a product, membership of an
    alliance, partnership and rivalry between organisations."""
    sections = (left.entity.section, right.entity.section)
    if sections == ("organisations", "products"):
        return {"develops"}
    if sections == ("products", "organisations"):
        return {"develops<"}
    out = {"partners-with", "competes-with"}
    if right.entity.kind == "alliance":
        out.add("member-of")
    if left.entity.kind == "alliance":
        out.add("member-of<")
    return out


def propose(text: str, sentence_spans, mentions, lang: str, model: PairModel, taken: set[frozenset]):
    """Candidates for the pairs the cues left out (``taken``: the pairs they proposed or denied) that
    the model finds likely related, each through the same negation and modality checks as a cue's."""
    from .cues import Candidate, Sentence
    from .modality import modality

    out, seen = [], set(taken)
    for left, right, span, feats in labelled(text, sentence_spans, mentions, lang):
        key = frozenset((left.entity.id, right.entity.id))
        if key in seen:
            continue
        label, p = model.best(feats, _allowed(left, right))
        if p < model.threshold:
            continue  # a later sentence may still relate the two
        seen.add(key)
        rel_type = label.rstrip("<")
        ends = (right.entity.id, left.entity.id) if label.endswith("<") else (left.entity.id, right.entity.id)
        inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
        spans = [(left.start, left.end), (right.start, right.end)]
        negated, modal = modality(Sentence(text, span, inside, mentions, sentence_spans, lang), spans, None)
        out.append(Candidate(rel_type, ends, spans=spans, negated=negated, modal=modal,
                             reason=f"no cue pattern: the pair model gives {rel_type} a probability of {p:.2f} "
                                    "from the words around the two names (check)"))
    return out
