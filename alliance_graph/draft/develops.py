"""``develops`` from the words between a product and an organisation of one sentence: "OpenAI's
ChatGPT", "ChatGPT from OpenAI", "ChatGPT maker OpenAI", "GPT-4 (OpenAI)", "Google (Bard, Gemini)",
"Claude d’Anthropic", "X a dévoilé son nouveau modèle Y", and a possessive pronoun ("its Claude
family"): the sentence's first organisation, the organisation right before it in a coordination ("proche
d’OpenAI et de son ChatGPT") or after "about licensing", or the subject of the sentence before.
"""

from __future__ import annotations

import re

# "proche d’OpenAI et de son ChatGPT", "in talks with Google about licensing its Gemini": the possessive
# is the organisation right before it, not the sentence's first
_NEAREST_OWNER = r"\s*,?\s*(?:et|and)\s+(?:de\s+|d[’']\s*|of\s+|with\s+)?|\s+(?:about|on|over)\s+\w+ing\s+|\s+pour\s+\w+er\s+"
# "its latest Large Language Model (LLM), called Claude 3", "its own ChatGPT rival, dubbed Claude"
_NAMED_AFTER = r"\b(?:its|their|son|sa|leur)\s+(?:[\w-]+\s+){0,3}[\w-]+(?:\s*\([A-Z]+\))?,?\s+(?:called|dubbed|named|baptisée?|appelée?)\s+$"
_IN_PARENTHESES = r"^\s*\((?:[^()]{0,60}?(?:,|/|\bet\b|\band\b)\s*)?$"  # "Google (Bard, Gemini)"
_DEVELOPS = {
    "fr": [("product-org", r"^\s*(?:de|du|d[’'])\s*$"),
           ("product-org", r"^\s*\(\s*$"),  # "GPT-4 (OpenAI)"
           ("org-product", _IN_PARENTHESES),
           ("org-product", r"^\s*,?\s*(?:le |la |l[’'])?(?:créat(?:eur|rice)|concepteur|développeur|éditeur|propriétaire) "
                           r"(?:de |du |d[’'])\s*$"),
           ("product-org", r"^\s*,?\s*(?:[\w’'-]+\s+){0,5}?(?:développée?s?|conçue?s?|créée?s?|lancée?s?|éditée?s?) par\s+"
                           r"(?:sa |son |la |le |l[’'])?(?:société |entreprise |start-?up |jeune pousse )?$"),
           ("org-product", r"^\s*(?:développe|a développé|a lancé|lance|conçoit|a conçu|a dévoilé|dévoile|a présenté|présente)\s+"
                           r"(?:son |sa |le |la |l[’']|un |une )?(?:nouveau |nouvel |nouvelle )?(?:modèle |chatbot |assistant )?"
                           r"(?:de langage )?\s*(?:baptisée? |appelée? )?$")],
    "en": [("org-product", r"^[’']s?\s+(?:(?:new|latest|own|flagship|revamped|next-generation|popular)\s+)*$"),
           ("product-org", r"^(?:[’']s)?\s+(?:maker|developer|creator|owner|publisher)\s+$"),  # "ChatGPT maker OpenAI"
           ("product-org", r"^\s*\(\s*$"),  # "GPT-4 (OpenAI)"
           ("org-product", _IN_PARENTHESES),
           ("product-org", r"^\s*,?\s*(?:from|by|made by|developed by|built by|created by)\s+"
                           r"(?:(?:the )?[A-Z][\w.]*-(?:backed|owned|based)\s+)?$"),  # "ChatGPT by Microsoft-backed OpenAI"
           ("product-org", r"^\s*,\s*(?:the |a )?(?:latest |newest |new |next )?(?:version|iteration|edition) of\s+$"),
           ("org-product", r"^\s*,?\s*(?:[-—–]\s*)?(?:the |a )?(?:maker|developer|creator|publisher|owner) of\s+(?:the |its )?$"),
           ("org-product", r"^\s*,?\s*(?:[-—–]\s*)?the (?:company|group|firm|startup|lab|start-up) behind\s+$"),
           ("org-product", r"^\s+(?:has |have |had |is |are )?(?:been )?(?:develops|developed|developing|makes|made|launched|"
                           r"launches|released|releases|built|building|created|introduced|unveiled|unveils)\s+(?:its |the |a )?(?:new |latest |own |flagship )*(?:AI )?"
                           r"(?:(?:language )?model|chatbot|assistant|LLM)?,?\s*(?:called |dubbed |named )?$"),
           ("org-product", r"^\s*(?:,\s*)?(?:[’']s\s*)?(?:the )?(?:company|group|firm|startup) that (?:makes|built|developed)\s+$")],
}


def found(s, skip) -> list[tuple]:
    """(organisation, product, quote span, why) of each develops candidate of the sentence ``s``
    (a :class:`.cues.Sentence`); organisations in ``skip`` (the attribution) take no part."""
    text, out = s.text, []
    rival = re.compile(r"\s*(?:rivals?|competitors?|concurrents?|alternatives?|killers?)\b", re.I)
    for p in s.products:  # "its Claude family", "son nouveau modèle Mistral Large": the sentence's first organisation
        pron = re.search(r"\b(?:its|their|son|sa|ses|leur)\s+(?:[\w-]+\s+){0,3}$", text[max(s.start, p.start - 40):p.start],
                         re.IGNORECASE) or re.search(_NAMED_AFTER, text[max(s.start, p.start - 70):p.start], re.IGNORECASE)
        owners = [o for o in s.orgs if o.end <= p.start and o.entity.id not in skip]
        where = "the first organisation of the sentence"
        if pron and not owners:  # "Its Claude family ...": the first organisation of the sentence before
            owners = [m for m in [s.previous_subject()] if m is not None]
            where = "the subject of the sentence before"
        if (pron and owners and (not re.search(r"[,;:]", text[p.start - len(pron.group()):p.start]) or pron.re.pattern == _NAMED_AFTER)
                and not re.match(r"\s*(?:rivals?|competitors?|concurrents?|alternatives?)\b", text[p.end:], re.I)):
            org = owners[0]
            if re.fullmatch(_NEAREST_OWNER, text[owners[-1].end:p.start - len(pron.group())], re.IGNORECASE):
                org, where = owners[-1], "the organisation right before it (a coordination or 'about licensing')"
            start = org.start if org.start >= s.start else p.start - len(pron.group())
            out.append((org, p, (start, p.end), f"{text[p.start - len(pron.group()):p.end]!r}: "
                                                 f"the possessive taken as {org.entity.name}, {where}"))
        for org in s.orgs:
            if re.match(r"-(?:backed|owned|based|funded)\b", text[org.end:]):
                continue  # "Oracle-backed Cohere": Oracle only qualifies the next name
            for order, gap in _DEVELOPS[s.lang]:
                a, b = (p, org) if order == "product-org" else (org, p)
                inside = re.match(r"[^()]*\)", text[b.end:])
                closed = "(" not in text[a.end:b.start] or re.match(r"\s*\)", text[b.end:]) or (
                    order == "org-product" and inside and not [o for o in s.orgs if a.end <= o.start < b.end + inside.end()])
                if (a.end <= b.start and re.match(gap, text[a.end:b.start], re.IGNORECASE) and not rival.match(text[p.end:])
                        and closed):
                    out.append((org, p, (a.start, b.end), f"{text[a.start:b.end]!r}: {p.entity.name} is {org.entity.name}'s"))
    for p, q in zip(s.products, s.products[1:], strict=False):  # "a new chatbot, Le Chat, and language model, Mistral Large"
        if re.fullmatch(r"\s*,?\s*(?:and|et)\s+(?:[a-z][\w-]*,?\s+){0,3}", text[p.end:q.start]):
            for org, prod, span, why in [x for x in out if x[1] is p]:
                out.append((org, q, (span[0], q.end), f"{why}; {q.entity.name} listed with it after a product noun"))
    return out
