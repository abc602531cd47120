"""Painting a scene with Pillow: the same shapes as the SVG, text in the same font file.

The picture is painted at twice its size (when not huge) and shrunk, for smooth
edges. Translucent strokes and fills are painted as their colour over white.
"""

from __future__ import annotations

import io
import itertools
import math

from .measure import font
from .shapes import Circle, Curve, Group, Polygon, Rect, Scene, Text, bezier

_MAX_PIXELS_TWICE = 6_000_000


def png(scene: Scene) -> bytes:
    """The PNG file of ``scene``, ``scene.width`` by ``scene.height`` pixels."""
    from PIL import Image, ImageDraw

    scale = 2 if scene.width * scene.height <= _MAX_PIXELS_TWICE else 1
    img = Image.new("RGB", (scene.width * scale, scene.height * scale), "#ffffff")
    painter = _Painter(ImageDraw.Draw(img), scale)
    for item in scene.items:
        painter.paint(item, 0.0, 0.0)
    if scale != 1:
        img = img.resize((scene.width, scene.height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def blend(colour: str, alpha: float) -> str:
    """``colour`` at ``alpha`` over white, as an opaque colour.

    >>> blend("#000000", 0.5)
    '#808080'
    """
    r, g, b = (int(colour[k: k + 2], 16) for k in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(round(c * alpha + 255 * (1 - alpha))) for c in (r, g, b)))


class _Painter:
    def __init__(self, dr, scale: int):
        self.dr, self.k = dr, scale

    def _w(self, width: float) -> int:
        return max(1, int(round(width * self.k)))

    def _xy(self, points, dx: float, dy: float) -> list[tuple[float, float]]:
        return [((x + dx) * self.k, (y + dy) * self.k) for x, y in points]

    def paint(self, item, dx: float, dy: float) -> None:
        k, dr = self.k, self.dr
        if isinstance(item, Group):
            for child in item.children:
                self.paint(child, dx + item.at[0], dy + item.at[1])
        elif isinstance(item, Rect):
            box = self._xy(((item.x, item.y), (item.x + item.w, item.y + item.h)), dx, dy)
            dr.rounded_rectangle(box, radius=item.rx * k, fill=item.fill, outline=item.stroke,
                                 width=k if item.stroke else 0)
        elif isinstance(item, Circle):
            (x0, y0), (x1, y1) = self._xy(((item.cx - item.r, item.cy - item.r), (item.cx + item.r, item.cy + item.r)),
                                          dx, dy)
            fill = blend(item.fill, item.opacity) if item.fill else None
            dr.ellipse([x0, y0, x1, y1], fill=fill, outline=item.stroke,
                       width=self._w(item.stroke_width) if item.stroke else 0)
        elif isinstance(item, Polygon):
            dr.polygon(self._xy(item.points, dx, dy), fill=blend(item.fill, item.opacity), outline=item.stroke,
                       width=self._w(item.stroke_width) if item.stroke else 0)
        elif isinstance(item, Curve):
            self._curve(item, dx, dy)
        elif isinstance(item, Text):
            (x, y), = self._xy(((item.x, item.y),), dx, dy)
            dr.text((x, y), item.text, font=font(item.size * k, item.bold), fill=item.fill,
                    anchor="ms" if item.anchor == "middle" else "ls",
                    stroke_width=int(round(item.halo * k)), stroke_fill="#ffffff")
        else:
            raise TypeError(f"cannot paint {type(item).__name__}")

    def _curve(self, item: Curve, dx: float, dy: float) -> None:
        if item.c is None:
            points = [item.p0, item.p1]
        else:
            steps = max(4, int((math.dist(item.p0, item.c) + math.dist(item.c, item.p1)) / 6))
            points = [bezier(item.p0, item.c, item.p1, i / steps) for i in range(steps + 1)]
        colour = blend(item.stroke, item.opacity)
        points = self._xy(points, dx, dy)
        width = self._w(item.width)
        if not item.dash:
            self.dr.line(points, fill=colour, width=width, joint="curve")
            return
        for a, b in _dashes(points, [v * self.k for v in item.dash]):
            self.dr.line([a, b], fill=colour, width=width)


def _dashes(points: list[tuple[float, float]], pattern: list[float]):
    """The drawn pieces of a dashed polyline: pairs of points."""
    k, left, on = 0, pattern[0], True
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while pos < seg:
            step = min(left, seg - pos)
            if on:
                a, b = pos / seg, (pos + step) / seg
                yield (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)
            pos += step
            left -= step
            if left <= 1e-9:
                k = (k + 1) % len(pattern)
                left, on = pattern[k], not on
