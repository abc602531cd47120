"""How the picture looks: colours, node and edge styles, sizes by graph size, legend entries.

Nothing here knows about positions; :mod:`.layout` and :mod:`.scene` use these
values, and :mod:`alliance_graph.browser` takes the camp colours from here so that
the Neo4j Browser style matches the drawing. Relationship styles are declared with
each type in :data:`alliance_graph.model.REL_TYPES` (``RelType.style``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .. import model
from ..model import RelStyle, RelType

INK = "#1f2933"
MUTED = "#52606d"
WHITE = "#ffffff"
CAMP_FILL = {"open": "#138a72", "closed": "#d1495b", "mixed": "#c98a1b", "none": "#8a939c"}
CAMP_TEXT = {"open": "open camp", "closed": "closed camp", "none": "no camp", "mixed": "mixed camp"}
KIND_FILL = {"Product": "#6c4ab6", "Claim": "#d99a00", "Source": "#4f6d8a"}
KIND_SHAPE = {"Product": "diamond", "Claim": "square", "Source": "triangle"}  # organisations: circles
PANELS = {  # fill, border, heading colour
    "open": ("#e9f6f2", "#a7d8ca", "#0e6b58"),
    "middle": ("#f4f5f7", "#d6dadf", "#52606d"),
    "closed": ("#fcecee", "#f0b8c0", "#a4303f"),
}
FOCUS_FILL = "#ffd43b"
LEGEND_BORDER = "#d6dadf"

#: The family every caption is measured and drawn in (the TTFs in ``fonts/``), then
#: fallbacks for an SVG opened where DejaVu Sans is not installed (Verdana is a
#: similarly wide sans, so captions measured in DejaVu Sans still fit their room).
FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif"
TITLE_SIZE = 22.0
SUBTITLE_SIZE = 13.0
HEADING_SIZE = 14.0
LEGEND_SIZE = 12.0

#: Beyond this many nodes only the best-connected ones get a caption.
LABEL_ALL_LIMIT = 150


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    width: float
    dash: tuple[float, ...] | None
    arrow: bool
    text: str


class _EdgeStyles(Mapping):
    """Style key -> :class:`EdgeStyle`, read from ``model.REL_TYPES`` as it is when asked:
    each stored type under its own name, and each of its ``variants`` (a founding
    membership) under the variant's key, just before it."""

    def _table(self) -> dict[str, EdgeStyle]:
        return _edge_table(tuple(model.REL_TYPES.values()))

    def __getitem__(self, key: str) -> EdgeStyle:
        return self._table()[key]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


@lru_cache(maxsize=8)
def _edge_table(rel_types: tuple[RelType, ...]) -> dict[str, EdgeStyle]:
    def edge(style: RelStyle, caption: str, rt: RelType) -> EdgeStyle:
        return EdgeStyle(style.colour, style.width, style.dash, not rt.symmetric, caption)

    out: dict[str, EdgeStyle] = {}
    for rt in rel_types:
        for v in rt.variants:
            out[v.key] = edge(v.style, v.style.caption or rt.caption, rt)
        out[rt.neo4j_type] = edge(rt.style, rt.caption, rt)
    return out


#: Every relationship style, from the model (one definition of each type's colours, shared
#: with the Neo4j Browser style).
EDGE_STYLES: Mapping[str, EdgeStyle] = _EdgeStyles()
OTHER_EDGE = EdgeStyle("#9aa5b1", 1.2, None, True, "other")


def edge_style(rel_type: str, role: object = None, **props: object) -> tuple[str, EdgeStyle]:
    """The style key and style of a relationship (a founding membership has its own).

    >>> edge_style("MEMBER_OF", "founder")[0], edge_style("MEMBER_OF", "member")[0]
    ('FOUNDER_OF', 'MEMBER_OF')
    >>> edge_style("COMPETES_WITH")[1].dash, edge_style("NOT_A_TYPE")[1] is OTHER_EDGE
    ((7.0, 5.0), True)
    """
    rt = model.rel_type_of(rel_type)
    if rt is None:
        return rel_type, OTHER_EDGE
    values = {"role": role, **props}
    key = next((v.key for v in rt.variants if values.get(v.prop) == v.value), rel_type)
    return key, EDGE_STYLES[key]


@dataclass(frozen=True)
class Tier:
    """Sizes for a graph of a given size: bigger graphs get smaller nodes and captions."""

    font: float
    radius: float
    line_chars: int  # a caption line is about this many average characters wide
    edge_scale: float  # edge widths are multiplied by this
    edge_opacity: float
    bends: tuple[float, ...]  # how far an edge may bow to miss other nodes, as a share of its length


_BENDS = (0.0, 0.06, -0.06, 0.12, -0.12, 0.22, -0.22, 0.32, -0.32, 0.45, -0.45)


def tier(n: int) -> Tier:
    if n <= 40:
        return Tier(13.0, 13.0, 18, 1.0, 0.85, _BENDS)
    if n <= LABEL_ALL_LIMIT:
        return Tier(11.0, 10.0, 16, 0.8, 0.7, _BENDS[:7])
    return Tier(10.0, 7.0, 15, 0.55, 0.45, (0.0, 0.06, -0.06, 0.12, -0.12, 0.2, -0.2))


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of the legend: a node shape or an edge style, and its words."""

    text: str
    fill: str = ""
    shape: str = "circle"
    r: float = 6.0
    ring: bool = False
    edge: EdgeStyle | None = None
    type: str = ""


def legend_entries(labels: set[str], rel_types: set[str]) -> list[tuple[str, list[LegendEntry]]]:
    """The legend's rows, heading first: every camp and the relationship types paths travel
    (``RelType.in_paths``) always, claims, sources and the other relationship types only when drawn."""
    nodes = [
        LegendEntry("open camp", CAMP_FILL["open"]),
        LegendEntry("closed camp", CAMP_FILL["closed"]),
        LegendEntry("mixed camp", CAMP_FILL["mixed"]),
        LegendEntry("no camp", CAMP_FILL["none"]),
        LegendEntry("alliance (larger)", CAMP_FILL["open"], r=9.0, ring=True),
        LegendEntry("product", KIND_FILL["Product"], KIND_SHAPE["Product"]),
    ]
    nodes += [LegendEntry(label.lower(), KIND_FILL[label], KIND_SHAPE[label])
              for label in ("Claim", "Source") if label in labels]
    styles = EDGE_STYLES
    types = [key for rt in model.REL_TYPES.values() if rt.in_paths for key in _keys(rt)]
    types += [key for rt in model.REL_TYPES.values() if not rt.in_paths and rt.neo4j_type in rel_types
              for key in _keys(rt)]
    edges = [LegendEntry(styles[t].text, edge=styles[t], type=t) for t in types]
    return [("Nodes", nodes), ("Relationships", edges)]


def _keys(rt: RelType) -> list[str]:
    return [*(v.key for v in rt.variants), rt.neo4j_type]
