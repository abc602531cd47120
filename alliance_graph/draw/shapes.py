"""The scene: the picture as a tree of plain shapes, made once and written as SVG, HTML or PNG.

Every position, size, colour and caption width is decided when the scene is made
(:mod:`.scene`); the writers (:mod:`.svg`, :mod:`.png`) only translate shapes.
Groups carry what only the SVG keeps (ids, classes, ``data-*`` attributes and a
tooltip) and may shift their children; text carries its measured width.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    rx: float = 0.0


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None  # None: an outline only
    stroke: str | None = None
    stroke_width: float = 0.0
    opacity: float = 1.0  # of the fill


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]
    fill: str
    stroke: str | None = None
    stroke_width: float = 0.0
    opacity: float = 1.0  # of the fill


@dataclass(frozen=True)
class Curve:
    """A line, or a quadratic Bézier curve when ``c`` is given."""

    p0: Point
    c: Point | None
    p1: Point
    stroke: str
    width: float
    dash: tuple[float, ...] | None = None
    opacity: float = 1.0


@dataclass(frozen=True)
class Text:
    """One line of text; ``y`` is its baseline, ``anchor`` ``start`` or ``middle``."""

    x: float
    y: float
    text: str
    size: float
    fill: str
    width: float  # measured in the shipped font
    anchor: str = "start"
    bold: bool = False
    halo: float = 0.0  # a white outline this wide keeps the text readable over lines
    id: str | None = None


@dataclass(frozen=True)
class Group:
    children: tuple
    id: str | None = None
    cls: str | None = None
    data: tuple[tuple[str, str], ...] = ()  # data-* attributes, in order
    tip: str | None = None  # a tooltip
    at: Point = (0.0, 0.0)  # the children's origin
    inherit: tuple[tuple[str, str], ...] = ()  # SVG presentation attributes the children share


@dataclass(frozen=True)
class Scene:
    width: int
    height: int
    title: str
    font_family: str
    node_count: int
    edge_count: int
    items: tuple = field(default_factory=tuple)


def bezier(p0: Point, c: Point, p1: Point, t: float) -> Point:
    """The point at ``t`` (0 to 1) of the quadratic Bézier curve from p0 to p1 with control point c."""
    a, b = (1 - t) * (1 - t), 2 * (1 - t) * t
    return (a * p0[0] + b * c[0] + t * t * p1[0], a * p0[1] + b * c[1] + t * t * p1[1])


def shape_points(shape: str, r: float, cx: float = 0.0, cy: float = 0.0) -> tuple[Point, ...]:
    """The corners of a diamond, square or triangle of radius about ``r`` around (cx, cy)."""
    if shape == "diamond":
        k = r * 1.2
        return ((cx, cy - k), (cx + k, cy), (cx, cy + k), (cx - k, cy))
    if shape == "square":
        k = r * 0.9
        return ((cx - k, cy - k), (cx + k, cy - k), (cx + k, cy + k), (cx - k, cy + k))
    if shape == "triangle":
        return ((cx, cy - r * 1.15), (cx + r, cy + r * 0.75), (cx - r, cy + r * 0.75))
    return ()


def node_shape(shape: str, cx: float, cy: float, r: float, fill: str, stroke: str, width: float):
    """A circle, or the polygon of another shape."""
    if shape == "circle":
        return Circle(cx, cy, r, fill, stroke, width)
    return Polygon(shape_points(shape, r, cx, cy), fill, stroke, width)
