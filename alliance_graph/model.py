"""The validated data model: what a dataset describes once it has been checked.

The allow-lists below are the only place where node labels, relationship types
and enumerated values are defined; the loader, the stores and the queries take
them from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORG_KINDS = (
    "company",
    "university",
    "research-institute",
    "government-agency",
    "alliance",
    "media",
    "analyst-firm",
    "nonprofit",
)
PRODUCT_KINDS = ("chatbot", "model", "platform", "service", "hardware")
CAMPS = ("open", "closed", "none")
CAMP_BASES = ("stated", "inferred", "none")
MEMBER_ROLES = ("founder", "member")
PARTNERSHIP_KINDS = ("investment", "commercial", "technical", "research")
CLAIM_QUALIFIERS = ("exact", "approximately", "more-than", "less-than", "at-least")

BACKENDS = ("embedded", "neo4j")
DEFAULT_BATCH_SIZE = 5000  # rows per UNWIND statement (see docs/benchmarks.md for the sweep)
SINGLE_TRANSACTION_LIMIT = 50_000  # rows; larger loads take the bulk path

# Node labels, each with the dataset section it comes from.
LABELS = {"organisations": "Organisation", "products": "Product", "claims": "Claim", "sources": "Source"}
CAMP_LABELS = {"open": "OpenCamp", "closed": "ClosedCamp"}
ALLIANCE_LABEL = "Alliance"  # also on organisations of kind alliance (Browser style, quick look-ups)


@dataclass(frozen=True, slots=True)
class RelType:
    """One relationship type of the allow-list."""

    name: str  # as written in dataset files, e.g. "member-of"
    neo4j_type: str  # as stored in Neo4j, e.g. "MEMBER_OF"
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    symmetric: bool = False
    description: str = ""
    in_paths: bool = False  # does `agraph path` travel along it?


REL_TYPES: dict[str, RelType] = {
    t.name: t
    for t in (
        RelType("member-of", "MEMBER_OF", ("Organisation",), ("Organisation",),
                description="an organisation is a member (role founder or member) of an alliance", in_paths=True),
        RelType("partners-with", "PARTNERS_WITH", ("Organisation",), ("Organisation",), True,
                "two organisations are partners (kind investment, commercial, technical, research)", in_paths=True),
        RelType("competes-with", "COMPETES_WITH", ("Organisation",), ("Organisation",), True,
                "two organisations compete", in_paths=True),
        RelType("develops", "DEVELOPS", ("Organisation",), ("Product",),
                description="an organisation develops a product", in_paths=True),
        RelType("cites", "CITES", ("Source",), ("Organisation",),
                description="a source cites an organisation as its own source"),
        RelType("states", "STATES", ("Organisation", "Source"), ("Claim",),
                description="an organisation or source states (or forecasts) a quantitative claim"),
        RelType("about", "ABOUT", ("Claim",), ("Organisation", "Product"),
                description="a claim is about an organisation or product"),
    )
}
NEO4J_REL_TYPES = tuple(t.neo4j_type for t in REL_TYPES.values())
SYMMETRIC_NEO4J_TYPES = tuple(t.neo4j_type for t in REL_TYPES.values() if t.symmetric)
PATH_NEO4J_TYPES = tuple(t.neo4j_type for t in REL_TYPES.values() if t.in_paths)  # what `path` travels along
MAX_PATH_HOPS = 12  # the longest connection `path` looks for
OWNED_LABELS = tuple(LABELS.values())  # the labels alliance-graph owns (wipe, export, counts)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A verbatim quote from a source backing one fact.

    ``via`` names who the source attributes the fact to (e.g. the article says
    "according to the Wall Street Journal"), when it does.
    """

    source: str
    quote: str
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    language: str
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    description: str | None = None
    text: str | None = None  # the source text, when the dataset ships it


@dataclass(frozen=True, slots=True)
class CampStatement:
    camp: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    description: str | None = None
    camp: CampStatement | None = None  # only when a source states it
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    launched: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    metric: str
    value: float
    unit: str
    year: int | None
    qualifier: str
    evidence: tuple[Evidence, ...]
    stated_by: str | None = None
    about: str | None = None
    kind: str = "figure"  # "forecast" or "figure"


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    type: str  # dataset name, a key of REL_TYPES
    source: str  # node id at the start
    target: str  # node id at the end
    evidence: tuple[Evidence, ...]
    role: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass
class Dataset:
    """Everything one or more dataset files describe, checked and cross-referenced."""

    sources: dict[str, Source] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many nodes of each label and relationships of each (Neo4j) type, e.g. ``{"node :Organisation": 13}``."""
        out = {f"node :{label}": len(getattr(self, section)) for section, label in sorted(LABELS.items(), key=lambda kv: kv[1])
               if getattr(self, section)}
        types: dict[str, int] = {}
        for r in self.relationships.values():
            key = f"relationship :{REL_TYPES[r.type].neo4j_type}"
            types[key] = types.get(key, 0) + 1
        return {**out, **dict(sorted(types.items()))}

    def row_count(self) -> int:
        """Nodes plus relationships: what a load writes."""
        return sum(len(getattr(self, section)) for section in LABELS) + len(self.relationships)

    def label_of(self, node_id: str) -> str | None:
        for section, label in LABELS.items():
            if node_id in getattr(self, section):
                return label
        return None
