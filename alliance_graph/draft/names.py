"""Names in the text: the names and aliases the graph knows, near matches, slugs and kind guesses.

A known name matches a run of words of the text when both fold to the same key
(:func:`alliance_graph.text.normalise`: case, accents, ligatures, typographic quotes), once
French elisions (``l’ d’ qu’ lorsqu’ ...``) are stripped from the front of a word and an
English possessive (``’s``) from its end. A mention must hold a capital letter, so the
common noun "meta" is not the company.

>>> known = Known([Entity("anthropic", "organisations", "Anthropic", "company", ("Anthropic",)),
...                Entity("cornell-university", "organisations", "Cornell University", "university",
...                       ("Cornell University", "Université Cornell"))])
>>> text = "des concurrents tels qu’Anthropic et l’UNIVERSITE cornell"
>>> [(text[m.start:m.end], m.entity.id) for m in known.find(text)]
[('Anthropic', 'anthropic'), ('UNIVERSITE cornell', 'cornell-university')]
>>> slug("Mistral AI"), guess_kind("Université de Montréal"), guess_kind("Acme Labs")
('mistral-ai', 'university', 'company')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import normalise

_WORD = re.compile(r"\w+(?:[’'&.\-]\w+)*\.?", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)[’']", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s?$", re.IGNORECASE)
MAX_NAME_WORDS = 8


@dataclass(frozen=True)
class Entity:
    """An organisation or product: known to the graph, or proposed by the draft."""

    id: str
    section: str  # organisations | products
    name: str
    kind: str
    names: tuple[str, ...] = ()
    known: bool = True


@dataclass(frozen=True)
class Mention:
    """A name in the text, ``text[start:end]``, linked to an entity; ``how`` says how it was found."""

    start: int
    end: int
    entity: Entity
    how: str  # known | near | new
    detail: str = ""


def words(text: str) -> list[tuple[int, int, str]]:
    """Words of ``text`` as (start, end, folded key), elisions and possessives stripped from the span.

    >>> [w[2] for w in words("qu’Anthropic, l’Université d’OpenAI's Inc.")]
    ['anthropic', 'universite', 'openai', 'inc.']
    """
    out = []
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        token = m.group()
        elided = _ELISION.match(token)
        if elided and len(token) > elided.end():
            start += elided.end()
        poss = re.search(r"[’']s$", text[start:end])
        if poss and end - start > 2:
            end -= len(poss.group())
        if text[end - 1] == "." and not re.fullmatch(r"(?:[A-Z]\.)+|(?:Inc|Corp|Co|Ltd)\.", text[start:end]):
            end -= 1  # a full stop ends the sentence, except in U.S. or Inc.
        if end > start:
            out.append((start, end, normalise(text[start:end])))
    return out


class Known:
    """The names and aliases of known entities, folded, as word sequences."""

    def __init__(self, entities):
        self.entities = {e.id: e for e in entities}
        self.by_key: dict[tuple[str, ...], Entity] = {}
        self.key_owner: dict[str, str] = {}  # folded name -> id (for near matches)
        for e in self.entities.values():
            for name in (e.name, *e.names):
                key = tuple(w[2].rstrip(".") for w in words(name))
                if key and len(key) <= MAX_NAME_WORDS:
                    self.by_key.setdefault(key, e)
                    self.key_owner.setdefault(normalise(name), e.id)
        self.longest = max((len(k) for k in self.by_key), default=0)

    @classmethod
    def from_dataset(cls, dataset) -> Known:
        ents = [Entity(o.id, "organisations", o.name, o.kind, (o.name, *o.aliases)) for o in dataset.organisations.values()]
        ents += [Entity(p.id, "products", p.name, p.kind, (p.name, *p.aliases)) for p in dataset.products.values()]
        return cls(ents)

    def find(self, text: str) -> list[Mention]:
        """Every mention of a known name, longest first at each position, never overlapping."""
        ws = words(text)
        keys = [w[2].rstrip(".") for w in ws]
        out, i = [], 0
        while i < len(ws):
            for n in range(min(self.longest, len(ws) - i), 0, -1):
                entity = self.by_key.get(tuple(keys[i:i + n]))
                if entity is None:
                    continue
                start, end = ws[i][0], ws[i + n - 1][1]
                gaps = [text[ws[j][1]:ws[j + 1][0]] for j in range(i, i + n - 1)]
                if any(re.search(r"[.!?;:\n]", g) for g in gaps) or not any(c.isupper() for c in text[start:end]):
                    continue
                out.append(Mention(start, end, entity, "known", f"the known name {text[start:end]!r} of `{entity.id}`"))
                i += n
                break
            else:
                i += 1
        return out

    def lookup(self, name: str) -> Entity | None:
        """The entity whose name or alias folds like ``name``."""
        return self.by_key.get(tuple(w[2].rstrip(".") for w in words(name)))

    def near(self, name: str, threshold: int = 90) -> list[tuple[str, int]]:
        """Known ids with a name near ``name`` (same rule as the loader's near-name warning), best first."""
        from ..dataset.near_names import score as near_score

        key = normalise(name)
        scores: dict[str, int] = {}
        for other, owner in self.key_owner.items():
            found = near_score(key, other)
            if found is not None:
                score = int(found)
                if score >= threshold and score > scores.get(owner, -1):
                    scores[owner] = score
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def slug(name: str) -> str:
    """A dataset id for a new name."""
    key = re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")
    return key[:100].strip("-") or "organisation"


_KIND_CUES = [
    ("alliance", r"\b(alliance|forum|consortium|coalition|partnership on)\b"),
    ("university", r"\b(university|universite|universitat|college|polytechnique|ecole|school of|mit)\b"),
    ("government-agency", r"\b(agency|agence|ministry|ministere|commission|department|office of|government|"
                          r"gouvernement|national science foundation|nsf)\b"),
    ("research-institute", r"\b(institute|institut|laboratory|laboratoire|research center|centre de recherche|cnrs|inria)\b"),
    ("media", r"\b(journal|times|post|news|press|presse|reuters|bloomberg|le monde|les echos|tribune|herald|gazette|"
              r"techcrunch|wired|magazine|radio|tv)\b"),
    ("analyst-firm", r"\b(gartner|forrester|idc|research firm|cabinet|analytics|insights)\b"),
    ("nonprofit", r"\b(foundation|fondation|association|society|societe savante|non-profit|nonprofit|ngo|ong)\b"),
]


def guess_kind(name: str, context: str = "") -> str:
    """A kind for a new organisation, from cue words in its name (then the words just before it); else company."""
    for text in (normalise(name), normalise(context)):
        for kind, pattern in _KIND_CUES:
            if re.search(pattern, text):
                return kind
    return "company"
