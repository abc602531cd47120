"""Making the scene: title, panels, edges, nodes with captions, and the legend, as shapes."""

from __future__ import annotations

import math

from .layout import MARGIN, Layout, Panel
from .nodes import Node
from .measure import clean_text, text_width
from .routing import Edge
from .select import support_text
from .shapes import Circle, Curve, Group, Polygon, Rect, Scene, Text, node_shape
from .style import (CAMP_TEXT, FOCUS_FILL, FONT_FAMILY, HEADING_SIZE, INK, LEGEND_BORDER, LEGEND_SIZE, MUTED,
                    PANELS, SUBTITLE_SIZE, TITLE_SIZE, WHITE, LegendEntry)

_ROW = 24.0  # the height of a legend row


def text(x: float, y: float, value: str, size: float, fill: str = INK, **kw) -> Text:
    """A line of text, measured."""
    value = clean_text(value)
    return Text(x, y, value, size, fill, text_width(value, size, kw.get("bold", False)), **kw)


def title_width(title: str, subtitle: str) -> float:
    """The canvas width the title and subtitle need."""
    return max(text_width(clean_text(title), TITLE_SIZE, True), text_width(subtitle, SUBTITLE_SIZE)) + 2 * MARGIN


def compose(lay: Layout, edges: list[Edge], legend: list[tuple[str, list[LegendEntry]]], *, title: str,
            subtitle: str) -> Scene:
    """The whole picture: canvas size from the layout's width and the legend's height."""
    width = lay.width
    legend_top = lay.band[3] + 20
    legend_items, legend_h = _legend(legend, legend_top, width)
    height = math.ceil(legend_top + legend_h + MARGIN)
    nodes = [lay.nodes[v] for v in sorted(lay.nodes)]
    items: list = [
        Rect(0, 0, math.ceil(width), height, WHITE),
        text(MARGIN, MARGIN + 22, title, TITLE_SIZE, bold=True, id="title"),
        text(MARGIN, MARGIN + 46, subtitle, SUBTITLE_SIZE, MUTED, id="subtitle"),
        Group(tuple(_panel(p) for p in lay.panels), id="regions"),
        Group(tuple(_edge(e, lay.tier.edge_opacity) for e in edges), id="edges", inherit=(("fill", "none"),)),
        Group(tuple(_node(n) for n in nodes), id="nodes",
              inherit=(("font-size", f"{lay.tier.font:g}"), ("text-anchor", "middle"), ("fill", INK))),
        Group((Rect(MARGIN, legend_top, width - 2 * MARGIN, legend_h, WHITE, LEGEND_BORDER, rx=8),
               *legend_items), id="legend", inherit=(("font-size", f"{LEGEND_SIZE:g}"), ("fill", INK))),
    ]
    if not nodes:
        items.append(text(width / 2, height / 2, "nothing to draw", 16, MUTED, anchor="middle"))
    return Scene(math.ceil(width), height, clean_text(title), FONT_FAMILY, len(nodes), len(edges), tuple(items))


def _panel(p: Panel) -> Group:
    fill, border, ink = PANELS[p.group]
    return Group((Rect(p.x, p.y, p.w, p.h, fill, border, rx=10),
                  text(p.x + p.w / 2, p.y + 21, p.heading, HEADING_SIZE, ink, anchor="middle", bold=True)),
                 cls="region", data=(("group", p.group),))


def _edge(e: Edge, opacity: float) -> Group:
    s = e.style
    parts: list = [Curve(e.p0, e.c, e.p1, s.colour, s.width, s.dash, opacity)]
    if e.arrow:
        parts.append(Polygon(e.arrow, s.colour, opacity=opacity))
    data = (("type", e.type), ("id", e.id), ("source", e.source), ("target", e.target), *_support_data(e),
            *((("valid-from", e.valid_from),) if e.valid_from else ()),
            *((("valid-to", e.valid_to),) if e.valid_to else ()))
    return Group(tuple(parts), cls="edge", data=data, tip=e.tip)


def _support_data(item: Edge | Node) -> tuple[tuple[str, str], ...]:
    """``data-sources`` (how many sources support it) and ``data-disputed`` (the fields they disagree on)."""
    return ((("sources", str(item.sources)),) if item.sources else ()) + \
        ((("disputed", ", ".join(item.disputed)),) if item.disputed else ())


def _node(n: Node) -> Group:
    parts: list = []
    if n.focus:
        parts.append(Circle(0, 0, n.r * 1.2 + 8, FOCUS_FILL, opacity=0.45))
    if n.alliance:
        parts.append(Circle(0, 0, n.r + 4, None, n.fill, 2.5))
    parts.append(node_shape(n.shape, 0, 0, n.r, n.fill, WHITE, 1.5))
    parts += [text(0, base, line, n.font, anchor="middle", halo=1.5) for line, base in n.baselines()]
    data = [("id", n.id), ("name", n.name), ("kind", n.kind), *((("camp", n.camp),) if n.camp else ()),
            ("label", n.label), *_support_data(n)]
    tip = f"{n.name} ({n.kind}{', ' + CAMP_TEXT[n.camp] if n.camp else ''})"
    if n.sources or n.disputed:
        tip += " · " + support_text(n.sources, n.disputed)
    return Group(tuple(parts), cls="node", data=tuple(data), tip=tip, at=(n.x, n.y))


def _legend(rows: list[tuple[str, list[LegendEntry]]], top: float, width: float) -> tuple[list, float]:
    """The legend's swatches and words, rows wrapped to the canvas width; and its height."""
    items: list = []
    y = top + 14 + _ROW / 2
    left, right = MARGIN + 14, width - MARGIN - 14
    heading_w = max(text_width(h, LEGEND_SIZE, bold=True) for h, _ in rows) + 16
    for heading, entries in rows:
        items.append(text(left, y + LEGEND_SIZE * 0.35, heading, LEGEND_SIZE, bold=True))
        x = left + heading_w
        for entry in entries:
            swatch = 30.0 if entry.edge else 2 * entry.r + 4
            words = text(0, 0, entry.text, LEGEND_SIZE)
            w = swatch + 6 + words.width + 22
            if x + w > right and x > left + heading_w:
                x, y = left + heading_w, y + _ROW
            items += _swatch(entry, x, y)
            items.append(text(x + swatch + 6, y + LEGEND_SIZE * 0.35, entry.text, LEGEND_SIZE))
            x += w
        y += _ROW
    return items, y - top - _ROW / 2 + 12


def _swatch(entry: LegendEntry, x: float, y: float) -> list[Group]:
    s = entry.edge
    if s is not None:
        end = x + (24 if s.arrow else 30)
        parts: list = [Curve((x, y), None, (end, y), s.colour, s.width, s.dash)]
        if s.arrow:
            parts.append(Polygon(((end, y - 4), (x + 31, y), (end, y + 4)), s.colour))
        return [Group(tuple(parts), cls="legend-edge", data=(("type", entry.type),))]
    cx = x + entry.r + 2
    parts = [node_shape(entry.shape, cx, y, entry.r, entry.fill, WHITE, 1)]
    if entry.ring:
        parts.append(Circle(cx, y, entry.r + 3, None, entry.fill, 2))
    return [Group(tuple(parts), cls="legend-node")]
