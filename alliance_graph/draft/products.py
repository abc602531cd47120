"""Product names from patterns: the graph may not know a product yet, the text says what it is.

A product is proposed where the words around a capitalised name say so:

- an organisation's possessive before it: "Meta's Llama 2", "OpenAI’s GPT-4";
- a product noun before or after it: "a new AI chatbot, Le Chat", "language model, Mistral Large",
  "the model called X", "its Claude 2 chatbot"; French "le modèle Mistral Large", "l’assistant X",
  "son modèle baptisé X";
- French "Y de X" / "Y d’X" where X is an organisation and Y a name holding no organisation
  ("Gemini de Google", "Claude d’Anthropic");
- a name with a version number ("GPT-4", "Claude 2", "Llama-2"), when it is not an organisation.

Every other mention of a name found so is a mention of the same product. Each product found
says why (the ``why`` of its first mention); ``develops`` comes from :mod:`.cues`.
"""

from __future__ import annotations

import re

from .names import STOP_WORDS, abbreviates

_NAME = r"[A-Z][\w.+-]*(?:[ -](?:[A-Z0-9][\w.+-]*))*"
_KIND_NOUNS = {
    "chatbot": "chatbot", "assistant": "chatbot", "agent conversationnel": "chatbot", "robot conversationnel": "chatbot",
    "chat": "chatbot", "model": "model", "modèle": "model", "llm": "model", "language model": "model",
    "modèle de langage": "model", "chip": "hardware", "chips": "hardware", "puce": "hardware", "puces": "hardware",
    "platform": "platform", "plateforme": "platform", "moteur": "model",
}
_NOUN_BEFORE = {
    "en": r"(?:chatbot|assistant|(?:large |AI |foundation |flagship )?(?:language )?model|LLM|chip)s?,?\s+"
          r"(?:(?:called|dubbed|named|known as)\s+)?|(?:rival|competitor|alternative),?\s+(?:called|dubbed|named)\s+",
    "fr": r"(?:chatbot|assistant|agent conversationnel|robot conversationnel|modèle(?: de langage| d[’']IA)?|LLM|"
          r"moteur|IA(?: générative)?|puces?)\s*,?\s+(?:(?:baptisée?|appelée?|nommée?|dénommée?)\s+)?",
}
_NOUN_AFTER = {
    "en": r"^\s+(?:(?:family of )?(?:AI )?(?:chatbots?|assistants?|(?:large )?(?:language )?models?|LLMs?|chips?)"
          r"|artificial intelligence chatbot)\b",
    "fr": r"^$",  # French puts the noun first
}
_NOT_PRODUCTS = {"ai", "ia", "the", "le", "la", "les", "un", "une", "ceo", "pdg", "chief", "president", "head", "global",
                 "mr", "ms", "dr", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_GENERIC = {"large", "language", "model", "models", "llm", "llms", "ai", "artificial", "intelligence", "generative",
            "foundation", "machine", "learning", "chatbot", "assistant", "modèle", "modèles", "de", "langage", "ia"}
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Janvier|"
           r"Février|Mars|Avril|Mai|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre|Series|Série|Q[1-4]|"
           r"I/O|Windows|iOS|Android)")
_VERSION = re.compile(r"(?<![\w-])([A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+)?(?:-| )(?:\d{1,2}(?:\.\d)?[a-z]?|[1-9]\d?[BbMm]))"
                      r"(?![\w-]|\.\d)")


_DETERMINERS = {"en": {"its", "the", "their", "his", "her", "a", "an", "this", "that"},
                "fr": {"le", "la", "les", "son", "sa", "ses", "un", "une", "leur", "ce", "cette"}}


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim trailing punctuation, a possessive and a trailing "AI" ("Gemini AI" is Gemini)."""
    while end > start and text[end - 1] in ".,;:!?)»”\"'’":
        end -= 1
    m = re.search(r"[’']s$", text[start:end])
    if m:
        end -= 2
    m = re.search(r" (?:AI|IA)$", text[start:end])
    if m and end - start - 3 >= 2:
        end -= 3
    return start, end


def _name_at(text: str, pos: int, max_words: int = 3) -> tuple[int, int] | None:
    """The capitalised name starting at ``pos`` (at most ``max_words`` words), or None."""
    m = re.compile(r"[A-Z][\w.+-]*(?:[ -](?:[A-Z][\w.+-]*|\d{1,2}(?:\.\d)?[A-Za-z]?)(?![\w]))*").match(text, pos)
    if not m or re.search(r"-[a-z]", m.group()):
        return None  # "AWS-designed": a compound adjective, not a name
    words = m.group().split(" ")
    end = pos + len(" ".join(words[:max_words]))
    return _clean(text, pos, end)


def find(text: str, org_mentions, taken: list[tuple[int, int]], lang: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, why) of each product mention found by a pattern, then each other mention of its name.

    ``org_mentions`` anchor the patterns ("X's Y"); ``taken`` are spans no product may overlap (known
    names, organisations named by a cue of their own).
    """

    def free(a, b):
        return a < b and not any(x < b and a < y for x, y in taken)

    found: dict[tuple[int, int], tuple[str, str]] = {}

    def propose(a, b, kind, why):
        a, b = _clean(text, a, b)
        first = re.match(r"(\w+)\s+", text[a:b])
        if first and first.group(1).lower() in _DETERMINERS[lang]:
            a += first.end()
        name = text[a:b]
        if re.search(r"-[a-z]", name):
            return
        if set(re.findall(r"[a-z]+", name.lower())) <= _GENERIC:
            return  # "Large Language Model (LLM)": a kind of product, title-cased
        if b - a < 2 or name.lower() in _NOT_PRODUCTS or name.lower() in STOP_WORDS or re.fullmatch(_MONTHS + r".*", name) or not free(a, b):
            return
        if any(a < y and x < b for x, y in found):
            return
        found[(a, b)] = (kind, why)

    for org in org_mentions:  # "Meta's Llama 2": a name after an organisation's possessive
        m = re.match(r"[’']s?\s+(?:(?:new|latest|own|flagship|revamped|next-generation|popular)\s+)*", text[org.end:])
        if re.search(r"\b(?:engineers?|employees?|researchers?|staff|alumni|veterans?|scientists?)\s+(?:at|of|from)\s+$",
                     text[max(0, org.start - 30):org.start]):
            continue  # "former engineers at Google’s DeepMind": a part of the organisation, not a product
        if m and lang == "en" or (m and lang == "fr" and re.match(r"[’']s\s", text[org.end:])):
            span = _name_at(text, org.end + m.end())
            if span and free(*span):
                nxt = text[span[1]:span[1] + 20]
                if not re.match(r"\s*(?:[A-Z]|co-?founder|chief|CEO|president|head)", nxt):
                    propose(*span, _kind_after(text, span[1], lang), f"a name after {text[org.start:org.end]}'s")
    for m in re.finditer(r"(?<![\w-])" + _NOUN_BEFORE[lang], text):  # "the chatbot Le Chat" (a lower-case noun)
        span = _name_at(text, m.end())
        if re.search(r"(?:\b(?:d[’']|de l[’']|of|in)\s*)$", text[max(0, m.start() - 8):m.start()]) and \
                re.fullmatch(r"(?:IA|AI)\s*,\s*", m.group()):
            continue  # "fournisseur d’IA, Mistral AI": a field of work, not a product noun
        if span:
            noun = re.match(r"[\w ’']+?(?=\s*,|\s+(?:called|dubbed|named|known|baptis|appel|nomm|dénomm)|\s*$)",
                            m.group().strip())
            kind = _KIND_NOUNS.get((noun.group() if noun else m.group()).strip().lower().split(" ")[-1], "model")
            propose(*span, kind, f"the name after the product noun {m.group().strip(' ,')!r}")
    for m in re.finditer(_NAME, text):  # "its Claude 2 chatbot": the noun after the name
        after = re.match(_NOUN_AFTER[lang], text[m.end():])
        if after and after.group():
            span = _clean(text, m.start(), m.end())
            propose(*span, _kind_after(text, span[1], lang), f"the product noun {after.group().strip()!r} after the name")
    for m in re.finditer(r"(?<!\w)(?:its|their|son|sa|ses|leur)\s+(?:(?:new|latest|own|flagship|revamped|popular|"
                         r"nouveau|nouvel|nouvelle|propre)\s+)?(?=[A-Z])", text, re.IGNORECASE):  # "its revamped Siri"
        span = _name_at(text, m.end(), 2)
        if span:
            propose(*span, _kind_after(text, span[1], lang), f"a name after the possessive {m.group().strip()!r}")
    if lang == "fr":  # "Gemini de Google": a name "de" an organisation
        for org in org_mentions:
            before = re.search(r"(" + _NAME + r")\s+(?:de |du |d[’'])$", text[max(0, org.start - 60):org.start])
            if before:
                a = org.start - len(before.group())
                b = a + len(before.group(1))
                if not re.search(r"(?i)université|institut|laboratoire|école|centre|groupe|fondation|PDG|CEO", before.group(1)):
                    propose(a, b, "model", f"{text[a:org.end]!r}: a name of {text[org.start:org.end]}")
    for org in org_mentions:  # "Google (Bard, Gemini)": names in parentheses after an organisation
        m = re.match(r"\s*\(([^()]{1,80})\)", text[org.end:])
        initials = {"".join(w[0] for w in re.findall(r"[A-Za-z]+", x) if w[0].isupper()).upper()
                    for x in (m.group(1) if m else "", text[org.start:org.end])}
        if m and len(initials) > 1 and not ({text[org.start:org.end].upper(), m.group(1).strip().upper()} & initials) \
                and not abbreviates(m.group(1).strip(), text[org.start:org.end]) \
                and not re.fullmatch(r"\s*(?:NASDAQ|NYSE|Nasdaq|LSE|TSE|Euronext)\s*:\s*[A-Z.]{1,6}\s*", m.group(1)) \
                and not (re.search(r"\b(?:Inc|Corp|Ltd|plc|SA|AG|NV)\.?$", text[org.start:org.end + 1].strip())
                         and re.fullmatch(r"\s*[A-Z]{1,5}\s*", m.group(1))):
            # "(CoSAI)": the organisation's abbreviation; "(GOOGL)", "(NASDAQ: NVDA)": its ticker
            base = org.end + m.start(1)
            for part in re.finditer(r"[^,/]+", m.group(1)):
                inner = re.match(r"\s*(?:(?:et|and|ou|or)\s+)?(" + _NAME + r")\s*$", part.group())
                if inner:
                    a = base + part.start() + inner.start(1)
                    propose(a, a + len(inner.group(1)), "model", f"a name in parentheses after {text[org.start:org.end]}")
    for m in re.finditer(r"(" + _NAME + r"),\s+(?:its|their|son|sa|leur|[A-Z][\w-]*[’']s)\s+(?:[\w’'-]+\s+){0,4}?"
                         r"(?:modèles?|models?|chatbots?|assistants?|LLMs?)\b", text):  # "Mistral Large, son grand modèle"
        span = _name_at(text, m.start(1), 3)
        if span:
            propose(*span, _KIND_NOUNS.get(m.group().split()[-1].lower().rstrip("s"), "model"),
                    f"the name before {m.group()[len(m.group(1)):].strip(' ,')!r}")
    for org in org_mentions:  # "ChatGPT maker OpenAI", "Claude’s developer Anthropic"
        m = re.search(r"(" + _NAME + r")(?:[’']s)?\s+(?:maker|developer|creator)\s+$", text[max(0, org.start - 60):org.start])
        if m:
            a = org.start - len(m.group())
            span = _name_at(text, a, 3)
            if span:
                propose(*span, "model", f"the name before {m.group()[len(m.group(1)):].strip()!r} {text[org.start:org.end]}")
    for m in _VERSION.finditer(text):  # "GPT-4", "Claude 2"
        if not re.match(_MONTHS, m.group(1)):
            propose(m.start(1), m.end(1), _kind_after(text, m.end(1), lang), "a name with a version number")
    # names listed with a product are products ("Bard, Google Assistant and Search")
    changed = True
    while changed:
        changed = False
        for m in re.finditer(_NAME, text):
            a, b = _clean(text, m.start(), m.end())
            if (a, b) in found or not free(a, b) or any(a < y and x < b for x, y in found):
                continue
            for (x, y), (kind, why) in list(found.items()):
                gap = text[y:a] if y <= a else text[b:x] if b <= x else None
                if gap is not None and re.fullmatch(r",\s*|\s*,?\s*(?:and|et|or|ou)\s+", gap):
                    propose(a, b, kind, f"a name listed with the product {text[x:y]!r}")
                    changed = (a, b) in found
                    break
    # every other mention of a product's name is the product too
    names = {text[a:b]: (kind, why) for (a, b), (kind, why) in found.items()}
    for name, (kind, why) in names.items():
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            if (m.start(), m.end()) not in found and free(m.start(), m.end()) and not any(
                    m.start() < y and x < m.end() for x, y in found):
                found[(m.start(), m.end())] = (kind, why)
    return sorted((a, b, kind, why) for (a, b), (kind, why) in found.items())


def _kind_after(text: str, pos: int, lang: str) -> str:
    m = re.match(r"\s+(?:AI |artificial intelligence )?(chatbot|assistant|model|language model|LLM|chip)s?\b", text[pos:], re.I)
    return _KIND_NOUNS.get(m.group(1).lower(), "model") if m else "model"
