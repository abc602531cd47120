"""Where each node goes: the open camp on the left, the closed camp on the right, the rest between.

Within a camp the organisations sit on concentric rings around the best-connected
one (an alliance, at the article's size), ordered by degree and then by name.
The middle column holds products level with the organisation that develops them
and, on a grid, organisations of no camp and everything else. Nothing here is
random, so the same graph always gets the same positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from .measure import text_width
from .nodes import Node, make_nodes, sort_key
from .select import neighbours
from .style import CAMP_TEXT, HEADING_SIZE, Tier
from .style import tier as tier_for

MARGIN = 24.0
TOP = MARGIN + 58  # below the title and subtitle
COLUMN_GAP = 36.0
PANEL_PAD = 16.0
HEADING = 30.0
MIN_WIDTH = 560.0


@dataclass
class Panel:
    group: str
    x: float
    y: float
    w: float
    h: float
    heading: str


@dataclass
class Layout:
    nodes: dict[str, Node]
    panels: list[Panel]
    width: float  # of the canvas
    band: tuple[float, float, float, float]  # where nodes and edges live: x0, y0, x1, y1
    tier: Tier


def layout(g: nx.MultiDiGraph, focus: str | None, min_width: float = MIN_WIDTH) -> Layout:
    """Positions for every node of ``g``, the three panels, and the canvas width (``min_width`` or more)."""
    t = tier_for(g.number_of_nodes())
    nodes = make_nodes(g, t, focus)
    ranked = list(nodes.values())
    near = {v: sorted(neighbours(g, v), key=str) for v in g}
    by_group = {grp: [n for n in ranked if n.group == grp] for grp in ("open", "middle", "closed")}

    # the two camps: concentric rings in local coordinates around (0, 0)
    rings = {side: _rings(by_group[side], side, near, nodes, t.radius * 6) for side in ("open", "closed")}
    boxes = {side: _bbox([nodes[v] for v in rings[side]]) for side in rings}
    top = TOP + HEADING + PANEL_PAD
    middle = by_group["middle"]
    content_h = max([_grid_min_height(middle), 160.0] + [boxes[s][3] - boxes[s][1] for s in rings if rings[s]])
    for side in ("open", "closed"):
        _, y0, _, y1 = boxes[side]
        for v, (lx, ly) in rings[side].items():
            nodes[v].x, nodes[v].y = lx, ly - y0 + top + (content_h - (y1 - y0)) / 2

    # the middle: products next to their developer's camp, the rest (no camp) on a grid
    lanes: dict[str, list[Node]] = {"open": [], "closed": []}
    centre: list[Node] = []
    for n in middle:
        sides = {nodes[u].group for u in near[n.id]}
        if n.label != "Organisation" and len(sides) == 1 and sides <= {"open", "closed"}:
            lanes[sides.pop()].append(n)
        else:
            centre.append(n)
    lane_cols = {side: _lane(lanes[side], nodes, near, top, content_h) for side in lanes}
    grid_cols = _grid(centre, top, content_h)

    # left to right: open camp, middle column, closed camp
    panels: list[Panel] = []
    x = MARGIN + PANEL_PAD
    x = _place_ring("open", x, rings, boxes, nodes, panels, top, content_h)
    if middle:
        x = _place_middle(middle, [*lane_cols["open"], *grid_cols, *lane_cols["closed"]], x, panels, top, content_h)
    x = _place_ring("closed", x, rings, boxes, nodes, panels, top, content_h)
    content_right = x - COLUMN_GAP + MARGIN - PANEL_PAD if panels else 2 * MARGIN
    width = max(content_right, min_width)
    if content_right < width:  # centre the drawing above a wider legend
        shift = (width - content_right) / 2
        for n in nodes.values():
            n.x += shift
        for p in panels:
            p.x += shift
    return Layout(nodes, panels, width, (0.0, top - PANEL_PAD, width, top + content_h + PANEL_PAD), t)


def _panel(group: str, x: float, top: float, w: float, content_h: float, heading: str) -> Panel:
    return Panel(group, x - PANEL_PAD, top - PANEL_PAD - HEADING, w + 2 * PANEL_PAD,
                 content_h + 2 * PANEL_PAD + HEADING, heading)


def _place_ring(side, x, rings, boxes, nodes, panels, top, content_h) -> float:
    if not rings[side]:
        return x
    bx0, _, bx1, _ = boxes[side]
    for v in rings[side]:
        nodes[v].x += x - bx0
    panels.append(_panel(side, x, top, bx1 - bx0, content_h, f"{CAMP_TEXT[side].capitalize()} ({len(rings[side])})"))
    return x + bx1 - bx0 + 2 * PANEL_PAD + COLUMN_GAP


def _place_middle(middle: list[Node], cols: list[list[Node]], x: float, panels: list[Panel], top: float,
                  content_h: float) -> float:
    start = x
    for k, col in enumerate(cols):
        x += 12 if k else 0  # a little air between columns of captions
        width = max(n.box_width for n in col)
        for n in col:
            n.x = x + width / 2
        x += width
    present = {n.label for n in middle}
    words = [w for label, w in (("Organisation", "no camp"), ("Product", "products"), ("Claim", "claims"),
                                ("Source", "sources"), ("", "other")) if label in present]
    heading = " · ".join(words)
    heading = f"{heading[:1].upper()}{heading[1:]} ({len(middle)})"
    width = x - start
    wanted = max(150.0, text_width(heading, HEADING_SIZE, bold=True) + 12 - 2 * PANEL_PAD)
    if width < wanted:  # keep the camps visibly apart, and the heading inside, when the middle is thin
        for n in middle:
            n.x += (wanted - width) / 2
        width = wanted
    panels.append(_panel("middle", start, top, width, content_h, heading))
    return start + width + PANEL_PAD + COLUMN_GAP


def _bbox(nodes: list[Node]) -> tuple[float, float, float, float]:
    if not nodes:
        return (0.0, 0.0, 0.0, 0.0)
    boxes = [n.bbox() for n in nodes]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b) % (2 * math.pi)
    return min(d, 2 * math.pi - d)


def _rings(members: list[Node], side: str, near: dict, nodes: dict[str, Node],
           min_gap: float) -> dict[str, tuple[float, float]]:
    """Concentric rings around the first (best-connected) member; each ring is spaced for its captions.

    Slots sit at half steps from the horizontal, so a line drawn level from the
    hub towards the middle column (to a product) passes between ring members.
    """
    local: dict[str, tuple[float, float]] = {}
    if not members:
        return local
    hub, rest = members[0], members[1:]
    hub.x = hub.y = 0.0
    local[hub.id] = (0.0, 0.0)
    radius, prev_extent = 0.0, max(hub.extent, 2 * hub.r + 20)
    towards_middle = 0.0 if side == "open" else math.pi
    i = 0
    while i < len(rest):
        radius_guess = radius + (prev_extent + rest[i].extent) / 2 * 0.85
        if radius == 0.0:
            radius_guess = max(radius_guess, min_gap + hub.r)
        ring: list[Node] = []
        widest = 0.0
        while i < len(rest):
            n = rest[i]
            if ring and bool(n.lines) != bool(ring[0].lines):
                break
            w = max(widest, n.extent)
            if ring and (len(ring) + 1) * w * 1.05 > 2 * math.pi * radius_guess * 1.35:
                break  # a ring may grow by a third rather than spill a few members onto a new one
            widest = w
            ring.append(n)
            i += 1
        widest = max(n.extent for n in ring)
        m = len(ring)
        radius = max(radius + (prev_extent + widest) / 2 * 0.85, radius_guess, m * widest * 1.05 / (2 * math.pi))
        slots = [math.pi + (j + 0.5) * 2 * math.pi / m for j in range(m)]
        free = list(range(m))
        wishes = []
        for n in ring:
            vx = vy = 0.0
            for u in near[n.id]:
                if u in local and local[u] != (0.0, 0.0):
                    ux, uy = local[u]
                    norm = math.hypot(ux, uy)
                    vx, vy = vx + ux / norm, vy + uy / norm
                elif nodes[u].group != side:
                    vx, vy = vx + 0.6 * math.cos(towards_middle), vy + 0.6 * math.sin(towards_middle)
            strength = math.hypot(vx, vy)
            wishes.append((n, math.atan2(vy, vx) if strength > 1e-9 else None, strength))
        wishes.sort(key=lambda w: (w[1] is None, -w[2]))  # stable: keeps the rank order otherwise
        for n, wish, _ in wishes:
            j = free[0] if wish is None else min(free, key=lambda k: (round(_angle_gap(slots[k], wish), 9), k))
            free.remove(j)
            local[n.id] = (round(radius * math.cos(slots[j]), 2), round(radius * math.sin(slots[j]), 2))
            n.x, n.y = local[n.id]
        prev_extent = widest
    return local


def _grid_min_height(nodes: list[Node]) -> float:
    """A height that lets the middle column be about as tall as it is wide."""
    if not nodes:
        return 0.0
    area = sum(n.box_width * n.box_height for n in nodes)
    return max(max(n.box_height for n in nodes), math.sqrt(area) * 0.8)


def _grid(nodes: list[Node], top: float, height: float) -> list[list[Node]]:
    """Columns of nodes (in rank order, top down), resting on the bottom of the band.

    This leaves the band's middle and top, where the camps' hubs sit and the
    lines between the camps run (they bow upwards first), free when the column
    is short.
    """
    cols: list[list[Node]] = []
    col: list[Node] = []
    used = 0.0
    for n in nodes:
        if col and used + n.box_height > height:
            cols.append(col)
            col, used = [], 0.0
        col.append(n)
        used += n.box_height
    if col:
        cols.append(col)
    for col in cols:
        y = top + height - sum(n.box_height for n in col)
        for n in col:
            n.y = round(y + n.r + 5, 2)
            y += n.box_height
    return cols


def _lane(nodes: list[Node], all_nodes: dict[str, Node], near: dict, top: float,
          height: float) -> list[list[Node]]:
    """Products of one camp, each as level with its developers as spacing allows."""
    if not nodes:
        return []
    wish = {}
    for n in nodes:
        near_ys = [all_nodes[u].y for u in near[n.id] if all_nodes[u].group != "middle"]
        wish[n.id] = sum(near_ys) / len(near_ys)
    ordered = sorted(nodes, key=lambda n: (wish[n.id], sort_key(n)))
    gap = max(n.box_height for n in nodes)
    count = max(1, math.ceil(len(ordered) * gap / height))
    cols = [ordered[k::count] for k in range(count)]
    for col in cols:
        lo, hi = top + col[0].r + 5, top + height - gap + col[0].r + 5
        ys: list[float] = []
        for n in col:  # downwards: each at its wish, or just below the one above
            ys.append(max(wish[n.id], lo, ys[-1] + gap if ys else lo))
        limit = hi
        for k in range(len(ys) - 1, -1, -1):  # upwards: push back inside the band
            ys[k] = min(ys[k], limit)
            limit = ys[k] - gap
        for n, y in zip(col, ys, strict=True):
            n.y = round(max(y, lo), 2)
    return cols
