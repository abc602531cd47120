"""How the picture looks: colours, node and edge styles, sizes by graph size, legend entries.

Nothing here knows about positions; :mod:`.layout` and :mod:`.scene` use these
values, and :mod:`alliance_graph.browser` takes the camp colours from here so that
the Neo4j Browser style matches the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

INK = "#1f2933"
MUTED = "#52606d"
WHITE = "#ffffff"
CAMP_FILL = {"open": "#138a72", "closed": "#d1495b", "none": "#8a939c"}
CAMP_TEXT = {"open": "open camp", "closed": "closed camp", "none": "no camp"}
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


EDGE_STYLES = {
    "FOUNDER_OF": EdgeStyle("#3e4c59", 3.0, None, True, "member of (founder)"),
    "MEMBER_OF": EdgeStyle("#7b8794", 1.5, None, True, "member of"),
    "PARTNERS_WITH": EdgeStyle("#2f6fb3", 3.6, None, False, "partners with"),
    "COMPETES_WITH": EdgeStyle("#c0392b", 1.8, (7.0, 5.0), False, "competes with"),
    "DEVELOPS": EdgeStyle("#6c4ab6", 1.6, None, True, "develops"),
    "STATES": EdgeStyle("#b07d00", 1.2, (2.0, 3.0), True, "states"),
    "ABOUT": EdgeStyle("#b07d00", 1.2, (6.0, 3.0), True, "about"),
    "CITES": EdgeStyle("#4f6d8a", 1.2, (2.0, 3.0), True, "cites"),
}
OTHER_EDGE = EdgeStyle("#9aa5b1", 1.2, None, True, "other")
CORE_TYPES = ("FOUNDER_OF", "MEMBER_OF", "PARTNERS_WITH", "COMPETES_WITH", "DEVELOPS")


def edge_style(rel_type: str, role: object = None) -> tuple[str, EdgeStyle]:
    """The style key and style of a relationship (a founding membership has its own)."""
    key = "FOUNDER_OF" if rel_type == "MEMBER_OF" and role == "founder" else rel_type
    return key, EDGE_STYLES.get(key, OTHER_EDGE)


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
    """The legend's rows, heading first: every camp and the core relationship types always,
    claims, sources and their relationship types only when drawn."""
    nodes = [
        LegendEntry("open camp", CAMP_FILL["open"]),
        LegendEntry("closed camp", CAMP_FILL["closed"]),
        LegendEntry("no camp", CAMP_FILL["none"]),
        LegendEntry("alliance (larger)", CAMP_FILL["open"], r=9.0, ring=True),
        LegendEntry("product", KIND_FILL["Product"], KIND_SHAPE["Product"]),
    ]
    nodes += [LegendEntry(label.lower(), KIND_FILL[label], KIND_SHAPE[label])
              for label in ("Claim", "Source") if label in labels]
    types = [*CORE_TYPES, *(t for t in ("STATES", "ABOUT", "CITES") if t in rel_types)]
    edges = [LegendEntry(EDGE_STYLES[t].text, edge=EDGE_STYLES[t], type=t) for t in types]
    return [("Nodes", nodes), ("Relationships", edges)]
