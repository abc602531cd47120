"""The validated data model: what a dataset describes once it has been checked.

The allow-lists below are the only place where node labels, relationship types
and enumerated values are defined; the loader, the stores and the queries take
them from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .record_fields import MAX_TEXT, declare

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
CAMPS = ("open", "closed", "none")  # what a source may state
CAMP_ANSWERS = ("open", "closed", "mixed", "none")  # what a camp can be on a date (mixed: its bases disagree)
MEMBER_ROLES = ("founder", "member", "collaborator")
PARTNERSHIP_KINDS = ("investment", "commercial", "technical", "research")
CLAIM_QUALIFIERS = ("exact", "approximately", "more-than", "less-than", "at-least")

BACKENDS = ("embedded", "neo4j")
DEFAULT_BATCH_SIZE = 10_000  # rows per UNWIND statement: the best of the sweep in docs/benchmarks.md
SINGLE_TRANSACTION_LIMIT = 50_000  # rows; larger loads take the bulk path

# Node labels, each with the dataset section it comes from.
LABELS = {"organisations": "Organisation", "products": "Product", "claims": "Claim", "sources": "Source"}
CAMP_LABELS = {"open": "OpenCamp", "closed": "ClosedCamp"}
ALLIANCE_LABEL = "Alliance"  # also on organisations of kind alliance (Browser style, quick look-ups)


@dataclass(frozen=True, slots=True)
class OpennessComponent:
    """One component of a product's openness (after the Model Openness Framework and the
    European Open Source AI Index): what a source may state about it, and what it means.
    ``values`` lists the allowed values; none means free text (a licence's SPDX id or name).
    """

    name: str  # as written in dataset files, and the stored property (like every statement field)
    values: tuple[str, ...]
    description: str

    @property
    def prop(self) -> str:
        """The stored property: the field's own name (``training-data``), as for every field whose
        sources may disagree (``agraph conflicts`` reads the value shown under the field's name)."""
        return self.name


#: The openness components a product may state, in the order they are shown (docs/dataset-format.md's
#: table, the grade of alliance_graph/openness.py, storage and queries follow from this list).
OPENNESS_COMPONENTS: dict[str, OpennessComponent] = {c.name: c for c in (
    OpennessComponent("weights", ("downloadable", "api-only", "not-released"),
                      "the model's weights (downloadable after accepting terms is downloadable)"),
    OpennessComponent("licence", (), "the licence of the weights: an SPDX id (Apache-2.0, MIT) or the licence's name "
                                     "(Llama 2 Community License), or proprietary"),
    OpennessComponent("licence-osi-approved", ("yes", "no"), "whether a source says the licence is open source "
                                                             "(OSI-approved)"),
    OpennessComponent("training-data", ("available", "documented", "undisclosed"), "the training data"),
    OpennessComponent("training-code", ("available", "undisclosed"), "the training code"),
    OpennessComponent("paper", ("published", "none"), "a paper or technical report"),
    OpennessComponent("model-card", ("published", "none"), "a model card"),
)}


#: Names a relationship property may not take: a relationship record's own fields and evidence columns.
RESERVED_REL_NAMES = ("id", "type", "from", "to", "evidence", "source", "quote", "via", "props", "statements",
                      "disputed", "sources")
REL_PROP_KINDS = ("choice", "date", "text")
_HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
_SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_NEO4J_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class RelProp:
    """A property a relationship type carries, as written in dataset files (YAML key and CSV column)
    and stored in the graph (property), under its ``name``: a new property is one such line in a
    type's ``props``.

    ``values`` lists the allowed values of a choice; a property without values is a date
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) unless ``kind`` says ``text`` (at most 200
    characters). ``default`` is stored when the field is left out. Sources may disagree on it
    (``agraph conflicts``).
    """

    name: str
    values: tuple[str, ...] = ()
    default: str | None = None
    kind: str = ""  # "choice" with values, else "date"; or "text"

    @property
    def is_date(self) -> bool:
        return self.type == "date"

    @property
    def type(self) -> str:
        """Its kind: ``choice``, ``date`` or ``text``."""
        return self.kind or ("choice" if self.values else "date")


@dataclass(frozen=True, slots=True)
class RelStyle:
    """How a relationship type looks in ``agraph draw`` and in the Neo4j Browser style (GraSS).

    The Browser draws ``width`` rounded to whole pixels (at least 1) and ignores the
    dash; drawings put an arrow head on every type that is not symmetric. ``caption``
    names the type in the drawing's legend and tooltips (default: the type's name
    with spaces, e.g. ``member of``).
    """

    colour: str  # "#rrggbb", lower case
    width: float = 1.2
    dash: tuple[float, ...] | None = None
    caption: str = ""


@dataclass(frozen=True, slots=True)
class StyleVariant:
    """A relationship drawn its own way when one of its properties has a given value
    (a founding membership), under its own legend ``key``."""

    prop: str
    value: str
    key: str  # e.g. "FOUNDER_OF": the legend entry, never a stored type
    style: RelStyle


@dataclass(frozen=True, slots=True)
class RelType:
    """One relationship type of the allow-list, with everything derived from it:
    the schema's uniqueness constraint (``constraint_name``), the dataset fields it
    takes (``props``), its style in drawings and in the Browser, whether ``agraph path``
    travels along it, and its row in docs/dataset-format.md.

    A declaration that does not fit is refused when the module is imported:

    >>> RelType("joins", "JOINS", ("Organisation",), ("Organisation",), style=RelStyle("red"))
    Traceback (most recent call last):
    ...
    ValueError: relationship type 'joins': style colour 'red' is not #rrggbb
    """

    name: str  # as written in dataset files, e.g. "member-of"
    neo4j_type: str  # as stored in Neo4j, e.g. "MEMBER_OF"
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    symmetric: bool = False
    description: str = ""
    in_paths: bool = False  # does `agraph path` travel along it? (and always in the drawing's legend)
    style: RelStyle = field(default=None, kw_only=True)  # type: ignore[assignment]  # required: checked below
    props: tuple[RelProp, ...] = field(default=(), kw_only=True)
    # organisation kinds the `to` end must have (docs; dataset.cross_check tests member-of's by name)
    to_kinds: tuple[str, ...] = field(default=(), kw_only=True)
    # the claim field that writes it (stated_by), for a type not written in the relationships section
    claim_field: str | None = field(default=None, kw_only=True)
    variants: tuple[StyleVariant, ...] = field(default=(), kw_only=True)
    # the timeline's events of a dated one between organisations: (when it began, when it ended)
    events: tuple[str, str] | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        problems = []
        if not _SLUG.match(self.name):
            problems.append("the name must be a lower-case slug such as 'member-of'")
        if not _NEO4J_NAME.match(self.neo4j_type):
            problems.append(f"neo4j_type {self.neo4j_type!r} must be upper case, e.g. 'MEMBER_OF'")
        for end, labels in (("from", self.from_labels), ("to", self.to_labels)):
            unknown = [label for label in labels if label not in LABELS.values()] or ([] if labels else ["nothing"])
            if unknown:
                problems.append(f"{end}_labels {', '.join(map(repr, unknown))}: use labels of LABELS")
        if not isinstance(self.style, RelStyle):
            problems.append("give it a style=RelStyle(colour, width, ...) (drawings and the Browser need one)")
        styles = [self.style] + [v.style for v in self.variants]
        problems += [f"style colour {s.colour!r} is not #rrggbb" for s in styles
                     if isinstance(s, RelStyle) and not _HEX_COLOUR.match(s.colour)]
        names = [p.name for p in self.props]
        problems += [f"property {n!r} is a field of every relationship record; choose another name"
                     for n in names if n in RESERVED_REL_NAMES]
        problems += [f"property {n!r}: a property's name is lower case, such as 'stake' or 'stake_size'"
                     for n in names if not _SLUG.match(n.replace("_", "-"))]
        problems += [f"property {p.name!r}: kind {p.type!r} is not one of {', '.join(REL_PROP_KINDS)}"
                     for p in self.props if p.type not in REL_PROP_KINDS or (p.type == "choice") != bool(p.values)]
        if len(set(names)) != len(names):
            problems.append("a property is declared twice")
        problems += [f"property {p.name!r}: default {p.default!r} is not one of its values" for p in self.props
                     if p.default is not None and p.default not in p.values]
        problems += [f"variant {v.key!r}: {v.prop!r} = {v.value!r} is not a declared value" for v in self.variants
                     if v.value not in next((p.values for p in self.props if p.name == v.prop), ())]
        problems += [f"to_kinds: {k!r} is not one of ORG_KINDS" for k in self.to_kinds if k not in ORG_KINDS]
        if self.events is not None and (len(self.events) != 2 or not {"since", "until"} <= set(names)
                                        or self.from_labels != ("Organisation",) or self.to_labels != ("Organisation",)):
            problems.append("events: (began, ended) of a type between organisations with since and until")
        if problems:
            raise ValueError(f"relationship type {self.name!r}: " + "; ".join(problems))

    @property
    def constraint_name(self) -> str:
        """The name of its uniqueness constraint on ``id``, e.g. ``member_of_id``."""
        return self.name.replace("-", "_") + "_id"

    @property
    def caption(self) -> str:
        return self.style.caption or self.name.replace("-", " ")

    def prop(self, name: str) -> RelProp | None:
        return next((p for p in self.props if p.name == name), None)


_DATES = (RelProp("since"), RelProp("until"))

REL_TYPES: dict[str, RelType] = {
    t.name: t
    for t in (
        RelType("member-of", "MEMBER_OF", ("Organisation",), ("Organisation",),
                description="an organisation is a member (role founder or member) of an alliance", in_paths=True,
                props=(RelProp("role", MEMBER_ROLES, default="member"), *_DATES), to_kinds=("alliance",),
                style=RelStyle("#7b8794", 1.5), events=("joined", "left"),
                variants=(StyleVariant("role", "founder", "FOUNDER_OF",
                                       RelStyle("#3e4c59", 3.0, caption="member of (founder)")),)),
        RelType("partners-with", "PARTNERS_WITH", ("Organisation",), ("Organisation",), True,
                "two organisations are partners (kind investment, commercial, technical, research)", in_paths=True,
                props=(RelProp("kind", PARTNERSHIP_KINDS), *_DATES), style=RelStyle("#2f6fb3", 3.6),
                events=("partnership began", "partnership ended")),
        RelType("competes-with", "COMPETES_WITH", ("Organisation",), ("Organisation",), True,
                "two organisations compete", in_paths=True,
                props=_DATES, style=RelStyle("#c0392b", 1.8, (7.0, 5.0)),
                events=("competition began", "competition ended")),
        RelType("develops", "DEVELOPS", ("Organisation",), ("Product",),
                description="an organisation develops a product", in_paths=True,
                props=_DATES, style=RelStyle("#6c4ab6", 1.6)),
        RelType("cites", "CITES", ("Source",), ("Organisation",),
                description="a source cites an organisation as its own source",
                props=_DATES, style=RelStyle("#4f6d8a", 1.2, (2.0, 3.0))),
        RelType("states", "STATES", ("Organisation", "Source"), ("Claim",),
                description="an organisation or source states (or forecasts) a quantitative claim",
                claim_field="stated_by", style=RelStyle("#b07d00", 1.2, (2.0, 3.0))),
        RelType("about", "ABOUT", ("Claim",), ("Organisation", "Product"),
                description="a claim is about an organisation or product",
                claim_field="about", style=RelStyle("#b07d00", 1.2, (6.0, 3.0))),
    )
}
NEO4J_REL_TYPES = tuple(t.neo4j_type for t in REL_TYPES.values())
PATH_NEO4J_TYPES = tuple(t.neo4j_type for t in REL_TYPES.values() if t.in_paths)  # what `path` travels along
MAX_PATH_HOPS = 12  # the longest connection `path` looks for
OWNED_LABELS = tuple(LABELS.values())  # the labels alliance-graph owns (wipe, export, counts)


def main_label(labels) -> str | None:
    """The owned label among a node's ``labels`` (each node has exactly one), or None.

    >>> main_label(('OpenCamp', 'Organisation'))
    'Organisation'
    """
    return next((label for label in OWNED_LABELS if label in labels), None)


@dataclass(frozen=True, slots=True)
class NodeIndex:
    """A named index on a node property (a TEXT index for ``text``), created with the schema."""

    name: str
    label: str
    prop: str
    text: bool = False


#: The schema's indexes besides the uniqueness constraints (one per label and per relationship
#: type, named ``<label>_id`` and ``RelType.constraint_name``): see alliance_graph/store/schema.py.
NODE_INDEXES = (
    NodeIndex("organisation_camp", "Organisation", "camp"),
    NodeIndex("organisation_name", "Organisation", "name"),
    NodeIndex("organisation_search", "Organisation", "search_text", text=True),
    NodeIndex("product_search", "Product", "search_text", text=True),
    NodeIndex("product_name", "Product", "name"),  # names and search read pages in name order
    NodeIndex("organisation_kind", "Organisation", "kind"),  # stats counts kinds from the index's values
    NodeIndex("organisation_camp_changes", "Organisation", "camp_changes"),  # stats: the few whose camp changes
    # conflicts reads the few disputed facts from these and REL_INDEXES' (a list: null, not indexed, when undisputed)
    NodeIndex("organisation_disputed", "Organisation", "disputed"),
    NodeIndex("product_disputed", "Product", "disputed"),
    NodeIndex("claim_disputed", "Claim", "disputed"),
)


@dataclass(frozen=True, slots=True)
class RelIndex:
    """A named range index on a relationship property, created with the schema."""

    name: str
    type: str  # the stored type, e.g. MEMBER_OF
    prop: str


#: Range indexes on the dates of every relationship type (``since`` / ``until`` become ``valid_from`` /
#: ``valid_to``, and a fact with no ``since`` begins with its evidence, so any type can be dated): stats
#: finds the few relationships that do not hold on a date with them. And on ``since`` / ``until`` as
#: given, of the types with timeline events: the timeline reads its events in date order from them. And
#: on ``disputed`` of every type, for conflicts.
def _rel_index(t: RelType, prop: str) -> RelIndex:
    """The range index on ``prop`` of relationship type ``t``, named after its constraint."""
    return RelIndex(f"{t.constraint_name.removesuffix('_id')}_{prop}", t.neo4j_type, prop)


REL_INDEXES = tuple(_rel_index(t, prop) for t in REL_TYPES.values() for prop in ("valid_from", "valid_to")) \
    + tuple(_rel_index(t, prop) for t in REL_TYPES.values() if t.events for prop in ("since", "until")) \
    + tuple(_rel_index(t, "disputed") for t in REL_TYPES.values())
DATED_NEO4J_TYPES = tuple(dict.fromkeys(i.type for i in REL_INDEXES))  # relationship types that can have dates


def rel_type_of(neo4j_type: str) -> RelType | None:
    """The relationship type stored as ``neo4j_type`` (read from REL_TYPES as it is now)."""
    return next((t for t in REL_TYPES.values() if t.neo4j_type == neo4j_type), None)


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
class Statement:
    """What one source says about one field of a node or relationship (see alliance_graph/merge.py).

    ``value`` is text, except a claim's ``value`` (a number) and ``year`` (an integer).
    A field a record leaves out is not a statement: defaults only fill the value shown.
    """

    field: str
    value: str | float | int
    source: str


# The record types. Each field is declared once with its metadata (alliance_graph/record_fields.py):
# kind, required, limit, YAML key, CSV column, graph property, role among a source's statements.
# Reading, storing, writing back and merging take their fields from these declarations; see
# RECORDS for the extension point.

@dataclass(frozen=True, slots=True)
class Source:
    """A publication the facts are quoted from."""

    id: str = declare("id", required=True, doc="its id")
    title: str = declare("text", required=True, doc="title (or a descriptive title if the source has none)")
    language: str = declare("text", required=True, doc="e.g. `fr`")
    publisher: str | None = declare("text", doc="who published it, e.g. `Le Monde`")
    published: str | None = declare("date", doc="the date it was published. Where sources disagree, the newest one's "
                                    "value is shown (see [When sources disagree](#when-sources-disagree))")
    retrieved: str | None = declare("date", doc="the date its text was read")
    url: str | None = declare("url", doc="its address")
    description: str | None = declare("text", limit=MAX_TEXT, doc="what it is")
    text: str | None = declare("file", key="text_file", column="text_file", prop=None, doc=(  # the text, if shipped
        "path, relative to the YAML file, of the source's text: a regular file of at most 10 MB inside the YAML "
        "file's folder (or below it; no `..` or symbolic link leading out, see SECURITY.md). When given, every quote "
        "citing this source must occur in it verbatim (white space runs may differ, nothing else: typographic "
        "apostrophes `’` and quotes `« » “ ”` count). Without it, quotes are not checked against anything."))


@dataclass(frozen=True, slots=True)
class CampStatement:
    camp: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str = declare("id", required=True)
    name: str = declare("text", required=True, said="name")
    kind: str = declare("choice", required=True, values=ORG_KINDS, said="conflict")
    aliases: tuple[str, ...] = declare("list", said="alias")
    country: str | None = declare("text", said="conflict")
    description: str | None = declare("text", limit=MAX_TEXT, said="prose")
    camp: CampStatement | None = declare("camp", prop=None, said="conflict")  # only when a source states it
    evidence: tuple[Evidence, ...] = declare("evidence", column=None, prop=None, stored=())
    statements: tuple[Statement, ...] = ()  # every source's values; the fields above show one (merge.py)
    disputed: tuple[str, ...] = ()  # fields whose sources disagree


@dataclass(frozen=True, slots=True)
class Product:
    id: str = declare("id", required=True)
    name: str = declare("text", required=True, said="name")
    kind: str = declare("choice", required=True, values=PRODUCT_KINDS, said="conflict")
    aliases: tuple[str, ...] = declare("list", said="alias")
    launched: str | None = declare("date", said="conflict")  # its release date
    evidence: tuple[Evidence, ...] = declare("evidence", column=None, prop=None, stored=())
    statements: tuple[Statement, ...] = ()
    disputed: tuple[str, ...] = ()
    # (component, value shown), in OPENNESS_COMPONENTS order; each component a statement field of its own
    openness: tuple[tuple[str, str], ...] = declare("openness", column=None, prop=None, stored=())
    openness_evidence: tuple[tuple[str, Evidence], ...] = ()  # (component, a quote backing it)


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    id: str = declare("id", required=True)
    kind: str = declare("choice", values=("forecast", "figure"), default="figure", said="conflict", stored="figure")
    metric: str = declare("text", required=True, said="identity")
    value: float = declare("number", required=True, said="conflict")
    unit: str = declare("text", required=True, said="identity")
    year: int | None = declare("year", said="identity")
    qualifier: str = declare("choice", values=CLAIM_QUALIFIERS, default="exact", said="conflict", stored="exact")
    stated_by: str | None = declare("id", prop=None)  # written as a STATES relationship
    about: str | None = declare("id", prop=None)  # written as an ABOUT relationship
    evidence: tuple[Evidence, ...] = declare("evidence", required=True, prop=None)
    statements: tuple[Statement, ...] = ()
    disputed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relationship:
    """A relationship; its properties (``props``) are those its type declares (``RelType.props``),
    also read as attributes: ``rel.since`` is ``rel.props.get("since")``."""

    id: str = declare("id", required=True)  # in files: optional (default type:from:to)
    type: str = declare("choice", required=True)  # dataset name, a key of REL_TYPES
    source: str = declare("id", required=True, key="from", column="from", prop=None)  # node id at the start
    target: str = declare("id", required=True, key="to", column="to", prop=None)  # node id at the end
    evidence: tuple[Evidence, ...] = declare("evidence", required=True, prop=None, column=None)
    props: Mapping[str, str] = field(default_factory=dict)  # by RelProp name; a default is stored
    statements: tuple[Statement, ...] = ()
    disputed: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> str | None:
        props = self.props
        if name in props:
            return props[name]
        if name in _PROP_NAMES[1] or name in rel_prop_names():  # (the names as last worked out, then as now)
            return None
        raise AttributeError(f"'Relationship' object has no attribute {name!r}")


def rel_prop_names() -> dict[str, None]:
    """Every relationship property some type declares, in order of first declaration (REL_TYPES as it is now)."""
    key = tuple(REL_TYPES.values())
    if _PROP_NAMES[0] != key:
        _PROP_NAMES[:] = [key, {p.name: None for t in key for p in t.props}]
    return _PROP_NAMES[1]


_PROP_NAMES: list = [None, {}]

#: The record type of each dataset section: the extension point of the generic readers and writers,
#: which look their fields up here when they run (a test may put a subclass with a field more).
RECORDS: dict[str, type] = {"sources": Source, "organisations": Organisation, "products": Product,
                            "claims": Claim, "relationships": Relationship}


@dataclass
class Dataset:
    """Everything one or more dataset files describe, checked and cross-referenced."""

    sources: dict[str, Source] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # Problems that do not stop a load (near-duplicate names)
    # the sources every node and relationship was resolved against (merge.resolve), None when not known:
    # set by the dataset reader, merge and retract, so a merge resolves again only what it changes
    resolved_against: dict[str, Source] | None = field(default=None, compare=False, repr=False)

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
