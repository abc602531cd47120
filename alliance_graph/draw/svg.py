"""Writing a scene as SVG text (standalone, or inline in the HTML page)."""

from __future__ import annotations

import html

from .measure import clean_text
from .shapes import Circle, Curve, Group, Polygon, Rect, Scene, Text

_HOVER = ".node:hover circle,.node:hover polygon{stroke:#1f2933;stroke-width:2.5}.edge:hover path{stroke-opacity:1}"


def esc(value: object) -> str:
    return html.escape(clean_text(value), quote=True)


def _f(v: float) -> str:
    """A coordinate: one decimal, no trailing ``.0``."""
    out = f"{v:.1f}"
    return out[:-2] if out.endswith(".0") else out


def _g(v: float) -> str:
    """A width or opacity: up to three decimals."""
    return f"{round(v, 3):g}"


def _pts(points) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def svg(scene: Scene, *, standalone: bool = True) -> str:
    """The SVG document of ``scene``; without the XML declaration and namespace when inline in HTML."""
    w, h = scene.width, scene.height
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>'] if standalone else []
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    out.append(f'<svg{ns} class="alliance-graph" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
               f'data-node-count="{scene.node_count}" data-edge-count="{scene.edge_count}" '
               f'font-family="{esc(scene.font_family)}" role="img" aria-label="{esc(scene.title)}">')
    out.append(f"<title>{esc(scene.title)}</title>")
    out.append(f"<style>{_HOVER}</style>")
    for item in scene.items:
        _write(item, out, {"text-anchor": "start"})
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _attrs(pairs, inherited: dict) -> str:
    """``name="value"`` for each pair not already inherited from a group."""
    return "".join(f' {k}="{v}"' for k, v in pairs if inherited.get(k) != v)


def _write(item, out: list[str], inherited: dict, depth: int = 0) -> None:
    if isinstance(item, Group):
        attrs = [("id", item.id), ("class", item.cls), *((f"data-{k}", esc(v)) for k, v in item.data)]
        opening = "".join(f' {k}="{v}"' for k, v in attrs if v is not None) + _attrs(item.inherit, inherited)
        if item.at != (0.0, 0.0):
            opening += f' transform="translate({_f(item.at[0])},{_f(item.at[1])})"'
        parts: list[str] = [f"<title>{esc(item.tip)}</title>"] if item.tip is not None else []
        inner = {**inherited, **dict(item.inherit)}
        for child in item.children:
            _write(child, parts, inner, depth + 1)
        if depth == 0:  # the big groups on lines of their own; a node or an edge on one line
            out += [f"<g{opening}>", *parts, "</g>"]
        else:
            out.append(f"<g{opening}>{''.join(parts)}</g>")
    elif isinstance(item, Text):
        out.append(_text(item, inherited))
    else:
        out.append(_shape(item, inherited))


def _shape(item, inherited: dict) -> str:
    if isinstance(item, Rect):
        stroke = f' stroke="{item.stroke}"' if item.stroke else ""
        rx = f' rx="{_f(item.rx)}"' if item.rx else ""
        return (f'<rect x="{_f(item.x)}" y="{_f(item.y)}" width="{_f(item.w)}" height="{_f(item.h)}"{rx} '
                f'fill="{item.fill}"{stroke}/>')
    if isinstance(item, Curve):
        d = (f"M{_f(item.p0[0])} {_f(item.p0[1])} " +
             (f"Q{_f(item.c[0])} {_f(item.c[1])} " if item.c else "L") + f"{_f(item.p1[0])} {_f(item.p1[1])}")
        pairs = [("stroke", item.stroke), ("stroke-width", _g(item.width)), ("fill", "none")]
        if item.opacity != 1:
            pairs.append(("stroke-opacity", _g(item.opacity)))
        pairs.append(("stroke-linecap", "round"))
        if item.dash:
            pairs.append(("stroke-dasharray", " ".join(_f(x) for x in item.dash)))
        return f'<path d="{d}"{_attrs(pairs, inherited)}/>'
    paint = [("fill", item.fill or "none")]
    if item.opacity != 1:
        paint.append(("fill-opacity", _g(item.opacity)))
    paint += [("stroke", item.stroke or "none")] + ([("stroke-width", _g(item.stroke_width))] if item.stroke else [])
    if isinstance(item, Circle):
        return f'<circle cx="{_f(item.cx)}" cy="{_f(item.cy)}" r="{_f(item.r)}"{_attrs(paint, inherited)}/>'
    if isinstance(item, Polygon):
        join = [("stroke-linejoin", "round")] if item.stroke else []
        return f'<polygon points="{_pts(item.points)}"{_attrs(paint + join, inherited)}/>'
    raise TypeError(f"cannot write {type(item).__name__} as SVG")


def _text(t: Text, inherited: dict) -> str:
    where = (f' id="{t.id}"' if t.id else "") + f' x="{_f(t.x)}" y="{_f(t.y)}"'
    style = [("font-size", _g(t.size)), ("text-anchor", t.anchor)] + ([("font-weight", "bold")] if t.bold else [])
    line = f"<text{where}{_attrs([*style, ('fill', t.fill)], inherited)}>{esc(t.text)}</text>"
    if not t.halo:
        return line
    halo = [*style, ("fill", "#ffffff"), ("stroke", "#ffffff"), ("stroke-width", _g(2 * t.halo)),
            ("stroke-linejoin", "round"), ("aria-hidden", "true")]
    return f'<text class="halo"{where}{_attrs(halo, inherited)}>{esc(t.text)}</text>' + line
