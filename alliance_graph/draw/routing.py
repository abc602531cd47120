"""How each relationship is drawn between its two nodes: straight, or bowed to miss other nodes.

An edge is a quadratic Bézier curve from the rim of one node to the rim (or the
arrow head) of the other. Of a few bends, the first that runs through no other
node or caption wins, else the least bad (a node costs 10, a caption 1, and
bowing a little as well). Two relationships between the same pair never take the
same bend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import networkx as nx

from ..dates import UNKNOWN_END
from .nodes import Node
from .measure import clean_text
from .select import support, support_text
from .shapes import Point, bezier
from .style import EDGE_STYLES, EdgeStyle, Tier, edge_style


@dataclass(frozen=True)
class Edge:
    id: str
    type: str
    source: str
    target: str
    style: EdgeStyle
    p0: Point
    c: Point | None  # the control point; None: a straight line
    p1: Point
    arrow: tuple[Point, Point, Point] | None
    tip: str
    sources: int = 0  # how many sources support it
    disputed: tuple[str, ...] = ()  # the fields its sources disagree on
    valid_from: str | None = None  # the first day it holds (YYYY-MM-DD); None: as far back as the sources go
    valid_to: str | None = None  # the last day it holds; None: ongoing


def _exit_t(p0: Point, c: Point, p1: Point, centre: Point, dist: float, from_start: bool) -> float:
    """The parameter where the curve is ``dist`` away from ``centre`` (bisection)."""
    lo, hi = (0.0, 0.5) if from_start else (0.5, 1.0)
    for _ in range(30):
        mid = (lo + hi) / 2
        x, y = bezier(p0, c, p1, mid)
        inside = math.hypot(x - centre[0], y - centre[1]) < dist
        if inside == from_start:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _sub_curve(p0: Point, c: Point, p1: Point, t0: float, t1: float) -> tuple[Point, Point, Point]:
    """The part of a quadratic Bézier between ``t0`` and ``t1``: (start, control, end)."""
    a0, a1 = 1 - t0, 1 - t1
    q = (a0 * a1 * p0[0] + (a0 * t1 + t0 * a1) * c[0] + t0 * t1 * p1[0],
         a0 * a1 * p0[1] + (a0 * t1 + t0 * a1) * c[1] + t0 * t1 * p1[1])
    return bezier(p0, c, p1, t0), q, bezier(p0, c, p1, t1)


class _Obstacles:
    """Node shapes and captions on a coarse grid, to find quickly what a curve runs through."""

    def __init__(self, nodes: list[Node], cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[str, int, tuple[float, float, float, float]]]] = {}
        for n in nodes:
            self._add(n.id, 10, (n.x - n.r - 5, n.y - n.r - 5, n.x + n.r + 5, n.y + n.r + 5))
            if n.lines:
                w = n.label_width / 2 + 2
                self._add(n.id, 1, (n.x - w, n.y + n.r + 2, n.x + w, n.y + n.r + n.label_height))

    def _add(self, owner: str, weight: int, box: tuple[float, float, float, float]) -> None:
        for cx in range(int(box[0] // self.cell), int(box[2] // self.cell) + 1):
            for cy in range(int(box[1] // self.cell), int(box[3] // self.cell) + 1):
                self.cells.setdefault((cx, cy), []).append((owner, weight, box))

    def hits(self, p0: Point, c: Point, p1: Point, skip: set[str], step: float = 4.0) -> int:
        """How badly a curve runs through other nodes (weight 10 each) and captions (weight 1 each)."""
        samples = max(4, int((math.dist(p0, c) + math.dist(c, p1)) / step))
        hit: dict[tuple, int] = {}
        for k in range(1, samples):
            x, y = bezier(p0, c, p1, k / samples)
            for owner, weight, box in self.cells.get((int(x // self.cell), int(y // self.cell)), ()):
                if owner not in skip and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                    hit[(owner, box)] = weight
        return sum(hit.values())


def route(g: nx.MultiDiGraph, nodes: dict[str, Node], bounds: tuple[float, float, float, float],
          tier: Tier) -> list[Edge]:
    """Every relationship of ``g`` between two placed nodes that do not touch, in key order."""
    max_r = max((n.r for n in nodes.values()), default=10.0)
    index = _Obstacles(list(nodes.values()), cell=2 * max_r + 12)
    used: dict[tuple[str, str], list[float]] = {}
    out: list[Edge] = []
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1]))):
        a, b = nodes[str(u)], nodes[str(v)]
        rtype = str(d.get("type", ""))
        style_key, style = edge_style(rtype, d.get("role"))
        style = replace(style, width=round(style.width * tier.edge_scale, 2))
        pair = (a.id, b.id) if a.id <= b.id else (b.id, a.id)
        chord = math.dist((a.x, a.y), (b.x, b.y))
        if chord < 1e-6 or a.id == b.id:
            continue
        taken = used.setdefault(pair, [])
        frac, c = _best_bend(nodes[pair[0]], nodes[pair[1]], chord, bounds, tier, taken, index)
        taken.append(frac)
        p0, p1 = (a.x, a.y), (b.x, b.y)
        arrow_len = 7.0 + style.width * 1.6 if style.arrow else 0.0
        if a.r + b.r + arrow_len + 12 >= chord:
            continue  # the nodes touch: nothing to draw between them
        t0 = _exit_t(p0, c, p1, p0, a.r + (6 if a.alliance else 2), True)
        reach = b.r + (6 if b.alliance else 2)  # alliances wear an outer ring
        t_tip = _exit_t(p0, c, p1, p1, reach, False)
        t_end = _exit_t(p0, c, p1, p1, reach + arrow_len * 0.8, False) if style.arrow else t_tip
        s0, q, s1 = _sub_curve(p0, c, p1, t0, t_end)
        arrow = _arrow(p0, c, p1, t_tip, arrow_len) if style.arrow else None
        extra = [d.get("role"), d.get("kind")]
        tip = f"{a.name} {style.text if style_key in EDGE_STYLES else rtype} {b.name}"
        tip += "".join(f" ({e})" for e in extra if e and e != "founder")
        sources, disputed = support(d)
        if sources or disputed:
            tip += " · " + support_text(sources, disputed)
        tip += _period(d)
        out.append(Edge(str(key), rtype, a.id, b.id, style, _pt(s0), None if frac == 0.0 else _pt(q), _pt(s1),
                        arrow, clean_text(tip), sources, disputed,
                        str(d["valid_from"]) if d.get("valid_from") else None,
                        str(d["valid_to"]) if d.get("valid_to") else None))
    return out


def _period(d: dict) -> str:
    """`` · since 2023-12 until 2024`` as the sources date a relationship; empty when undated.

    >>> _period({"since": "2023-12", "until": "unknown"}), _period({})
    (' · since 2023-12, ended (date unknown)', '')
    """
    since, until = d.get("since"), d.get("until")
    words = ([f"since {since}"] if since else []) + \
        ([("ended (date unknown)" if until == UNKNOWN_END else f"until {until}")] if until else [])
    return " · " + ", ".join(words) if words else ""


def _best_bend(lo: Node, hi: Node, chord: float, bounds, tier: Tier, taken: list[float],
               index: _Obstacles) -> tuple[float, Point]:
    """The bend (a share of the chord) and control point of the least obstructed curve from lo to hi."""
    nx_, ny_ = -(hi.y - lo.y) / chord, (hi.x - lo.x) / chord  # a normal of the canonical direction
    if ny_ > 0 or (ny_ == 0 and nx_ > 0):  # make "positive" bend upwards on screen
        nx_, ny_ = -nx_, -ny_
    mid = ((lo.x + hi.x) / 2, (lo.y + hi.y) / 2)
    best = None
    for frac in tier.bends:
        if frac in taken:
            continue
        bend = frac * chord
        c = (mid[0] + 2 * bend * nx_, mid[1] + 2 * bend * ny_)
        if not (bounds[1] <= mid[1] + bend * ny_ <= bounds[3] and bounds[0] <= mid[0] + bend * nx_ <= bounds[2]):
            continue
        score = index.hits((lo.x, lo.y), c, (hi.x, hi.y), {lo.id, hi.id}) + abs(frac) * 10
        if best is None or score < best[0]:
            best = (score, frac, c)
        if score == 0:
            break
    return (0.0, mid) if best is None else best[1:]


def _arrow(p0: Point, c: Point, p1: Point, t: float, length: float) -> tuple[Point, Point, Point]:
    """An arrow head of ``length`` with its tip on the curve at ``t``, along the curve's direction."""
    tip = bezier(p0, c, p1, t)
    tx = 2 * (1 - t) * (c[0] - p0[0]) + 2 * t * (p1[0] - c[0])
    ty = 2 * (1 - t) * (c[1] - p0[1]) + 2 * t * (p1[1] - c[1])
    norm = math.hypot(tx, ty) or 1.0
    tx, ty = tx / norm, ty / norm
    half = length * 0.45
    base = (tip[0] - tx * length, tip[1] - ty * length)
    return (_pt(tip), _pt((base[0] - ty * half, base[1] + tx * half)), _pt((base[0] + ty * half, base[1] - tx * half)))


def _pt(p: Point) -> Point:
    return (round(p[0], 1), round(p[1], 1))
