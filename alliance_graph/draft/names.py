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
>>> slug("Mistral AI"), guess_kind("Université de Montréal")[0], guess_kind("Acme Labs")[0]
('mistral-ai', 'university', 'company')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import normalise

_WORD = re.compile(r"\w+(?:[’'&.\-]\w+)*\.?", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)[’']", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s?$", re.IGNORECASE)
_COMPOUND = re.compile(r"-(?:backed|funded|owned|based|led|designed|made|built|supported|controlled)$")
MAX_NAME_WORDS = 8
# Capitalised words that begin sentences, date things or head lists, and are no organisation's name
STOP_WORDS = {
    "the", "a", "an", "this", "that", "these", "its", "their", "le", "la", "les", "l", "un", "une", "ce", "cette", "ces",
    "son", "sa", "ses", "selon", "according", "via", "and", "et", "but", "mais", "or", "ou", "in", "on", "at", "for",
    "with", "after", "before", "since", "while", "when", "as", "if", "en", "dans", "avec", "pour", "par", "sur", "chez",
    "après", "avant", "depuis", "alors", "ainsi", "pourtant", "cependant", "meanwhile", "however", "also", "still",
    "today", "yesterday", "tomorrow", "hier", "aujourd’hui", "aujourd'hui", "demain", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "why", "what", "how", "who", "pourquoi", "comment", "quand", "key", "note", "update",
    "alliance", "l’alliance", "l'alliance", "ai", "ia", "big", "tech", "we", "nous", "il", "elle", "ils", "elles", "it",
    "they", "he", "she", "i", "je", "on", "no", "non", "nombreux", "nombreuses", "plusieurs", "certains", "tous",
    "many", "several", "some", "most", "all", "other", "others", "autres", "both", "les deux", "yes", "oui", "not", "pas", "ni", "neither", "nor",
    # demonyms and places that head names ("French", "Silicon Valley"): no organisation on their own
    "french", "american", "british", "european", "chinese", "german", "japanese", "indian", "canadian", "us", "u.s.",
    "uk", "eu", "français", "française", "américain", "américaine", "européen", "européenne", "europe", "france",
    "paris", "california", "london", "londres", "silicon", "valley", "washington", "beijing", "pékin"}


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
        if text[start:end].lower().endswith(".com") and end - start > 4:  # "Amazon.com" is Amazon
            end -= 4
        compound = _COMPOUND.search(text[start:end])
        if compound and compound.start() > 0:  # "Microsoft-backed OpenAI": Microsoft is a name
            end = start + compound.start()
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
        for e in self.entities.values():  # the other language's form, after the exact names of every entity
            for name in (e.name, *e.names):
                key = tuple(w[2].rstrip(".") for w in words(name))
                for other in translated(key) if len(key) <= MAX_NAME_WORDS else []:
                    self.by_key.setdefault(other, e)
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


_HEADS = {"alliance", "forum", "coalition", "consortium", "institute", "institut", "foundation", "fondation"}


def translated(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Forms of a folded name in the other language: "AI Alliance" as "Alliance IA", "University of
    Tokyo" as "Université de Tokyo", "Cornell University" as "Université Cornell" (and back).

    >>> translated(("ai", "alliance")), translated(("university", "of", "tokyo"))
    ([('alliance', 'ia'), ('alliance', 'ai'), ('ia', 'alliance')], [('universite', 'de', 'tokyo')])
    """
    out = []
    if key[:1] in (("the",), ("l",), ("la",)):
        key = key[1:]
        out.append(key)
    swap = {"ai": "ia", "ia": "ai", "university": "universite", "universite": "university"}
    if len(key) == 2 and key[1] in _HEADS:  # English head last, French head first
        out += [(key[1], swap.get(key[0], key[0])), (key[1], key[0])]
    if len(key) == 2 and key[0] in _HEADS:
        out += [(swap.get(key[1], key[1]), key[0]), (key[1], key[0])]
    if len(key) >= 3 and key[0] in ("university", "universite") and key[1] in ("of", "de"):
        out.append((swap[key[0]], "de" if key[1] == "of" else "of", *key[2:]))
    if len(key) >= 2 and key[-1] == "university":
        out.append(("universite", *key[:-1]))
    if any(w in ("ai", "ia") for w in key) and len(key) >= 2:
        out.append(tuple(swap.get(w, w) if w in ("ai", "ia") else w for w in key))
    return [k for k in dict.fromkeys(out) if k != key]


def slug(name: str) -> str:
    """A dataset id for a new name."""
    key = re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")
    return key[:100].strip("-") or "organisation"


_KIND_CUES = [
    ("media", r"\b(news agency|agence de presse|newspaper|quotidien|news outlet)\b"),
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


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` is an abbreviation of ``name``: two capitals or more, the first the name's
    first, all of them among the name's capitals in order ("CoSAI" of "Coalition for Secure AI").

    >>> abbreviates("CoSAI", "Coalition for Secure AI"), abbreviates("IVP", "Institutional Venture Partners")
    (True, True)
    >>> abbreviates("Alphabet", "Google"), abbreviates("AI", "Anthropic")
    (False, False)
    """
    caps, pool = [c for c in short if c.isupper()], iter(c for c in name if c.isupper())
    return (len(caps) >= 2 and short.strip().isalnum() and name[:1] == short[:1] and len(name.split()) > 1
            and all(c in pool for c in caps))


def guess_kind(name: str, context: str = "") -> tuple[str, str]:
    """(kind, why) for a new organisation: from a cue word in its name, else from a kind noun tied to the
    name (right before it: "the news agency IANS", "l’université X"), else ``company`` to check.

    >>> guess_kind("Acme University"), guess_kind("IANS", "the news agency "), guess_kind("Acme", "at Reuters, ")
    (('university', 'its name'), ('media', 'the words right before it'), ('company', 'no cue tied to it: check'))
    """
    tied = re.search(r"(?:^|[\s(])((?:[a-zà-ÿ][\w’'-]*\s+){1,3})$", context)
    for text, why in ((normalise(name), "its name"), (normalise(tied.group(1)) if tied else "", "the words right before it")):
        for kind, pattern in _KIND_CUES:
            if text and re.search(pattern, text):
                return kind, why
    return "company", "no cue tied to it: check"


def headlines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the title-case lines of ``text`` ("Apple's Big AI News Includes an OpenAI
    Partnership"): most of their longer words capitalised, no full stop at the end. Names there are
    only the known ones: every word of a headline looks like a name.

    >>> text = "Zentrix Unveils Bold New Plan For Europe\\nZentrix unveiled a plan on Monday."
    >>> [text[a:b] for a, b in headlines(text)]
    ['Zentrix Unveils Bold New Plan For Europe']
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        long = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) >= 4]
        if len(long) >= 3 and not line.endswith(".") and sum(w[0].isupper() for w in long) >= 0.7 * len(long):
            out.append(m.span())
    return out


def strip_name(name: str, mid_sentence: bool = False) -> tuple[str, int]:
    """``name`` without leading stop words ("Selon Decrypt", "Hier") nor an owner's possessive
    ("France’s Mistral", "Alphabet's Google"), and how many characters were cut from its front. A
    capitalised article after an attribution or inside a sentence belongs to the name ("D’après The
    Information", "..., La Famiglia").

    >>> strip_name("Selon Decrypt"), strip_name("France’s Mistral"), strip_name("Hier")
    (('Decrypt', 6), ('Mistral', 9), ('', 4))
    >>> strip_name("D’après The Information"), strip_name("La Famiglia", mid_sentence=True)
    (('The Information', 8), ('La Famiglia', 0))
    """
    cut = 0
    while True:
        if (cut or mid_sentence) and re.match(r"(?:The|La|Le|Les)\s+[A-Z]\w", name[cut:]):
            break  # "The Information", "La Famiglia": the article is part of the name
        m = re.match(r"(\S+?)(?:\s+|(?<=[’'])(?=\w))", name[cut:])
        owner = re.match(r"[\w.&-]+(?:\s+[\w.&-]+)?[’']s\s+(?=[A-Z0-9])", name[cut:])
        attribution = re.match(r"(?:d[’']après|according to|selon)\s+", name[cut:], re.IGNORECASE)
        if owner:
            cut += owner.end()
        elif attribution:  # "D’après The Information"
            cut += attribution.end()
        elif m and m.group(1).lower().rstrip(",") in STOP_WORDS:
            cut += m.end()
        else:
            break
    rest = name[cut:]
    if rest.lower().strip(" ,.’'") in STOP_WORDS:
        return "", len(name)
    return rest, cut


# Common given names (English and French): a capitalised name starting with one is a person, and so is
# its surname alone later in the text ("Mark Zuckerberg" ... "Zuckerberg").
FIRST_NAMES = set("""
aaron adam alan albert alex alexander alexandre alexis alice alain amy andrew andy angela anna anne antoine
arthur arvind ben benjamin bernard bill bob brad brian bruno carl caroline catherine cedric cédric charles
charlie chris christian christine christophe christopher claire clara claude colin craig daniel daniela dario
david demis dennis diane dominique donald doug edward elad elizabeth elon emily emma emmanuel eric éric
étienne fabrice florian françois francois frank fred frederic frédéric gabriel george georges gérard
gilles greg guillaume hélène helen henri henry hugo ian isabelle jack jacques james jane jason jean jeff
jennifer jensen jérôme jerome jim joe john jonathan jordan joseph julia julie julien justin karen kate
kevin laura laurent lisa louis lucas marc marie mark martin mary matt matthew maxime michael michel
mike mustafa nadella natalie nathalie nicolas nick olivier pascal patrick paul peter philippe pierre
rachel raphaël reid richard robert rodolphe romain ryan sam samuel sarah satya sebastien sébastien
simon sophie stéphane stephen steve steven sundar susan sylvain thierry thomas tim timothée tom ursula
valérie vincent virginie william xavier yann yoshua
""".split())


def persons(text: str) -> set[str]:
    """Folded full names and surnames of the persons of ``text``: capitalised names starting with a given name.

    >>> sorted(persons("Mark Zuckerberg met Satya Nadella; Zuckerberg spoke."))
    ['mark zuckerberg', 'nadella', 'satya nadella', 'zuckerberg']
    """
    out: set[str] = set()
    for m in re.finditer(r"\b([A-ZÀ-Þ][\w’'-]+)((?:\s+[A-ZÀ-Þ][\w’'-]+){1,2})", text):
        if m.group(1).lower() in FIRST_NAMES:
            out.add(normalise(m.group()))
            out.add(normalise(m.group(2).split()[-1]))
    return out
