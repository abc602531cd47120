"""Drawing the graph: an SVG, PNG or self-contained HTML picture of who stands where.

The picture puts the open camp on the left, the closed camp on the right and
everything else (organisations of no camp, products, claims) in a middle column,
with products placed level with the organisation that develops them. Within a
camp the organisations sit on concentric rings around the best-connected one
(an alliance, at the article's size), ordered by degree and then by name, so the
same graph always gives the same picture, byte for byte.

The layout is computed once and rendered three ways: hand-written SVG, the same
picture rasterised with Pillow (PNG), and the SVG inline in an HTML page with a
little script for tooltips and pan/zoom (no network needed).
"""

from __future__ import annotations

import difflib
import html
import itertools
import math
import unicodedata
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx

from .errors import QueryError
from .model import CAMPS

__all__ = ["DEFAULT_TITLE", "FORMATS", "DrawResult", "draw"]

FORMATS = ("svg", "png", "html")
DEFAULT_TITLE = "AI industry: open vs closed camps"

#: Beyond this many nodes only the best-connected ones get a caption.
LABEL_ALL_LIMIT = 150

_SUFFIXES = {"svg": "svg", "png": "png", "html": "html", "htm": "html"}
_MAIN_LABELS = ("Organisation", "Product", "Claim", "Source")

# ------------------------------------------------------------------------------------------ style

_INK = "#1f2933"
_MUTED = "#52606d"
_CAMP_FILL = {"open": "#138a72", "closed": "#d1495b", "none": "#8a939c"}
_CAMP_TEXT = {"open": "open camp", "closed": "closed camp", "none": "no camp"}
_KIND_FILL = {"Product": "#6c4ab6", "Claim": "#d99a00", "Source": "#4f6d8a"}
_PANELS = {  # fill, border, heading colour
    "open": ("#e9f6f2", "#a7d8ca", "#0e6b58"),
    "middle": ("#f4f5f7", "#d6dadf", "#52606d"),
    "closed": ("#fcecee", "#f0b8c0", "#a4303f"),
}
_FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', sans-serif"


@dataclass(frozen=True)
class _EdgeStyle:
    colour: str
    width: float
    dash: tuple[float, ...] | None
    arrow: bool
    text: str


_EDGE_STYLES = {
    "FOUNDER_OF": _EdgeStyle("#3e4c59", 3.0, None, True, "member of (founder)"),
    "MEMBER_OF": _EdgeStyle("#7b8794", 1.5, None, True, "member of"),
    "PARTNERS_WITH": _EdgeStyle("#2f6fb3", 3.6, None, False, "partners with"),
    "COMPETES_WITH": _EdgeStyle("#c0392b", 1.8, (7.0, 5.0), False, "competes with"),
    "DEVELOPS": _EdgeStyle("#6c4ab6", 1.6, None, True, "develops"),
    "STATES": _EdgeStyle("#b07d00", 1.2, (2.0, 3.0), True, "states"),
    "ABOUT": _EdgeStyle("#b07d00", 1.2, (6.0, 3.0), True, "about"),
    "CITES": _EdgeStyle("#4f6d8a", 1.2, (2.0, 3.0), True, "cites"),
}
_OTHER_EDGE = _EdgeStyle("#9aa5b1", 1.2, None, True, "other")
_CORE_TYPES = ("FOUNDER_OF", "MEMBER_OF", "PARTNERS_WITH", "COMPETES_WITH", "DEVELOPS")


@dataclass(frozen=True)
class _Tier:
    """Sizes for a graph of a given size: bigger graphs get smaller nodes and captions."""

    font: float
    radius: float
    line_chars: int
    edge_scale: float  # edge widths are multiplied by this
    edge_opacity: float
    bends: tuple[float, ...]  # how far an edge may bow to miss other nodes, as a share of its length


_BENDS = (0.0, 0.06, -0.06, 0.12, -0.12, 0.22, -0.22, 0.32, -0.32, 0.45, -0.45)


def _tier(n: int) -> _Tier:
    if n <= 40:
        return _Tier(13.0, 13.0, 18, 1.0, 0.85, _BENDS)
    if n <= LABEL_ALL_LIMIT:
        return _Tier(11.0, 10.0, 16, 0.8, 0.7, _BENDS[:7])
    return _Tier(10.0, 7.0, 15, 0.55, 0.45, (0.0, 0.06, -0.06, 0.12, -0.12, 0.2, -0.2))


# ------------------------------------------------------------------------------------------ public API


@dataclass(frozen=True)
class DrawResult:
    """What :func:`draw` wrote: the file, its format, and how many nodes and edges it shows."""

    path: Path
    format: str
    node_count: int
    edge_count: int


def draw(graph: nx.MultiDiGraph, out: Path | str, fmt: str | None = None, *, focus: str | None = None,
         radius: int = 1, camp: str | None = None, title: str | None = None,
         include_claims: bool = False) -> DrawResult:
    """Draw ``graph`` to ``out`` as an SVG, PNG or self-contained HTML picture.

    Open-camp organisations are drawn on the left, closed-camp ones on the
    right, organisations of no camp and products in the middle (a product level
    with its developer). Nodes are coloured by camp and shaped by kind (alliances
    larger, products as diamonds); relationships are styled by type; a legend
    and a title are included. The same input always gives the same picture.

    Parameters
    ----------
    graph
        The graph as :meth:`AllianceGraph.to_networkx` returns it.
    out
        The file to write (its folder must exist).
    fmt
        ``"svg"``, ``"png"`` or ``"html"``; by default taken from the suffix of ``out``.
    focus
        A node id: draw only the nodes within ``radius`` hops of it (directions ignored).
    radius
        How many hops around ``focus`` to draw (0 or more).
    camp
        ``"open"``, ``"closed"`` or ``"none"``: draw only the organisations of that
        camp and the products (and claims) attached to them.
    title
        The heading of the picture (default :data:`DEFAULT_TITLE`).
    include_claims
        Draw claims (figures and forecasts) too; by default only organisations and
        products are drawn. Sources are drawn only when one is the ``focus``.

    Returns
    -------
    DrawResult
        The path written, the format, and the number of nodes and edges drawn.

    Raises
    ------
    QueryError
        An unknown format or file suffix, an unknown ``focus`` id or ``camp``, or
        a negative ``radius``.
    OSError
        When the file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from alliance_graph import AllianceGraph
    >>> g = AllianceGraph.embedded().to_networkx()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     r = draw(g, Path(tmp) / "article.svg")
    ...     (r.format, r.node_count, r.edge_count, r.path.name)
    ('svg', 14, 12, 'article.svg')
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     r = draw(g, Path(tmp) / "openai.html", focus="openai", radius=1)
    ...     (r.format, r.node_count, r.edge_count)
    ('html', 6, 6)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     draw(g, Path(tmp) / "closed", "svg", camp="closed").node_count
    5
    >>> draw(g, "article.pdf")
    Traceback (most recent call last):
    ...
    alliance_graph.errors.QueryError: cannot draw 'pdf': use one of svg, png, html (or give fmt=)
    """
    path = Path(out)
    fmt = _resolve_format(path, fmt)
    sub = _select(graph, focus=focus, radius=radius, camp=camp, include_claims=include_claims)
    scene = _layout(sub, title=DEFAULT_TITLE if title is None else title,
                    subtitle=_subtitle(graph, sub, focus, radius, camp),
                    focus=None if focus is None else str(focus))
    if fmt == "svg":
        path.write_text(_svg(scene), encoding="utf-8", newline="\n")
    elif fmt == "html":
        path.write_text(_html(scene), encoding="utf-8", newline="\n")
    else:
        path.write_bytes(_png(scene))
    return DrawResult(path, fmt, sub.number_of_nodes(), sub.number_of_edges())


def _resolve_format(path: Path, fmt: str | None) -> str:
    if fmt is None:
        suffix = path.suffix.lower().lstrip(".")
        if not suffix:
            raise QueryError(f"cannot tell the drawing format of {str(path)!r}: give fmt= "
                             f"({', '.join(FORMATS)}) or a file name ending in .svg, .png or .html")
        if suffix not in _SUFFIXES:
            raise QueryError(f"cannot draw {suffix!r}: use one of {', '.join(FORMATS)} (or give fmt=)")
        return _SUFFIXES[suffix]
    if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
        raise QueryError(f"unknown drawing format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt.lower()


# ------------------------------------------------------------------------------------------ selection


def _main_label(data: dict) -> str:
    labels = data.get("labels") or ()
    for label in _MAIN_LABELS:
        if label in labels:
            return label
    return ""


def _camp_of(data: dict) -> str:
    camp = data.get("camp")
    return camp if camp in CAMPS else "none"


def _undirected_neighbours(g: nx.MultiDiGraph, v: str) -> set[str]:
    return set(g.successors(v)) | set(g.predecessors(v))


def _select(graph: nx.MultiDiGraph, *, focus: str | None, radius: int, camp: str | None,
            include_claims: bool) -> nx.MultiDiGraph:
    """The part of ``graph`` to draw, with node ids as text."""
    kinds = {"Organisation", "Product"} | ({"Claim"} if include_claims else set())
    drawable = {v for v, d in graph.nodes(data=True) if _main_label(d) in kinds}
    keep = set(drawable)
    if camp is not None:
        if camp not in CAMPS:
            raise QueryError(f"camp must be one of {', '.join(CAMPS)}, not {camp!r}")
        orgs = {v for v in keep if _main_label(graph.nodes[v]) == "Organisation"
                and _camp_of(graph.nodes[v]) == camp}
        attached = {w for v in orgs for w in _undirected_neighbours(graph, v)
                    if w in keep and _main_label(graph.nodes[w]) != "Organisation"}
        claims = {w for v in attached for w in _undirected_neighbours(graph, v)
                  if w in keep and _main_label(graph.nodes[w]) == "Claim"}
        keep = orgs | attached | claims
    if focus is not None:
        if not isinstance(radius, int) or isinstance(radius, bool) or radius < 0:
            raise QueryError(f"radius must be a whole number of hops, 0 or more, not {radius!r}")
        if focus not in graph:
            close = difflib.get_close_matches(str(focus), sorted(map(str, graph.nodes)), n=3, cutoff=0.6)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise QueryError(f"cannot focus on {focus!r}: no node has that id{hint}")
        if focus not in keep:
            if focus in drawable:  # left out by the camp
                raise QueryError(f"cannot focus on {focus!r}: it is not in the {camp!r} camp being drawn")
            keep.add(focus)  # a claim or source: drawn when it is the focus
        seen = {focus: 0}
        queue = deque([focus])
        while queue:
            v = queue.popleft()
            if seen[v] == radius:
                continue
            for w in sorted(_undirected_neighbours(graph, v), key=str):
                if w in keep and w not in seen:
                    seen[w] = seen[v] + 1
                    queue.append(w)
        keep = set(seen)
    sub = graph.subgraph(keep).copy()
    if any(not isinstance(v, str) for v in sub):
        sub = nx.relabel_nodes(sub, str)
    return sub


def _subtitle(graph: nx.MultiDiGraph, sub: nx.MultiDiGraph, focus: str | None, radius: int,
              camp: str | None) -> str:
    counts: dict[str, int] = {}
    for _, d in sub.nodes(data=True):
        label = _main_label(d) or "Other"
        counts[label] = counts.get(label, 0) + 1
    words = {"Organisation": "organisation", "Product": "product", "Claim": "claim", "Source": "source",
             "Other": "other node"}
    parts = [f"{counts[k]} {words[k]}{'' if counts[k] == 1 else 's'}" for k in (*_MAIN_LABELS, "Other")
             if counts.get(k)]
    m = sub.number_of_edges()
    parts.append(f"{m} relationship{'' if m == 1 else 's'}")
    if camp is not None:
        parts.append(f"{_CAMP_TEXT[camp]} only")
    if focus is not None:
        parts.append(f"within {radius} hop{'' if radius == 1 else 's'} of {_caption(focus, graph.nodes[focus])}")
    return " · ".join(parts) if sub.number_of_nodes() else "nothing to draw"


def _caption(v: str, data: dict) -> str:
    text = data.get("name") or data.get("title") or data.get("metric") or v
    return str(text)


# ------------------------------------------------------------------------------------------ text


def _amount(data: dict) -> str:
    """A claim's figure in a few words, e.g. ``about 16 bn USD (2023)``."""
    value = data.get("value")
    try:
        v = float(value)
    except (TypeError, ValueError):
        return _clean_text(str(value))
    for size, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if abs(v) >= size:
            number = f"{v / size:.3g}{word}"
            break
    else:
        number = f"{v:.6g}"
    qualifier = {"approximately": "about ", "more-than": "over ", "less-than": "under ",
                 "at-least": "at least "}.get(str(data.get("qualifier") or ""), "")
    unit = f" {data['unit']}" if data.get("unit") else ""
    year = f" ({data['year']})" if data.get("year") else ""
    return _clean_text(f"{qualifier}{number}{unit}{year}")


def _clean_text(text: str) -> str:
    """Text safe for XML 1.0: no control characters, no lone surrogates, single spaces."""
    out = []
    for ch in str(text):
        o = ord(ch)
        if o < 32 or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF) or 0x7F <= o <= 0x9F:
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def _esc(text: str) -> str:
    return html.escape(_clean_text(text), quote=True)


def _char_width(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    if ch in " .,:;'!|iljI’()[]/-·":
        return 0.3
    if ch.isupper() or ch.isdigit() or ch in "mwMW@%&":
        return 0.67
    return 0.54


def _text_width(text: str, size: float) -> float:
    return sum(_char_width(ch) for ch in text) * size


def _wrap(text: str, size: float, max_chars: int, max_lines: int = 2) -> tuple[str, ...]:
    """Split a caption into at most ``max_lines`` lines of about ``max_chars`` average characters.

    >>> _wrap("National Science Foundation", 13, 18)
    ('National Science', 'Foundation')
    >>> _wrap("worldwide enterprise spending on generative AI solutions", 13, 18, max_lines=1)
    ('worldwide enterpri…',)
    """
    limit = max_chars * 0.56 * size
    text = _clean_text(text)
    if _text_width(text, size) <= limit:
        return (text,)
    tokens: list[tuple[str, bool]] = []  # (piece, preceded by a space)
    for word in text.split(" "):
        spaced = True
        while _text_width(word, size) > limit:  # a long word, or a script written without spaces
            cut, w = 0, 0.0
            while cut < len(word) and w + _char_width(word[cut]) * size <= limit:
                w += _char_width(word[cut]) * size
                cut += 1
            cut = max(cut, 1)
            tokens.append((word[:cut], spaced))
            word, spaced = word[cut:], False
        tokens.append((word, spaced))

    def joined(toks: list[tuple[str, bool]]) -> str:
        return "".join((" " if spaced and k else "") + piece for k, (piece, spaced) in enumerate(toks))

    lines: list[list[tuple[str, bool]]] = [[]]
    for token in tokens:
        if lines[-1] and _text_width(joined([*lines[-1], token]), size) > limit:
            lines.append([])
        lines[-1].append(token)
    if len(lines) > max_lines:
        last = joined([t for line in lines[max_lines - 1:] for t in line])
        while last and _text_width(last + "…", size) > limit:
            last = last[:-1]
        return (*(joined(line) for line in lines[: max_lines - 1]), last.rstrip() + "…")
    return tuple(joined(line) for line in lines)


# ------------------------------------------------------------------------------------------ scene


@dataclass
class _Node:
    id: str
    label: str  # Organisation, Product, Claim, Source or ""
    name: str
    kind: str
    camp: str
    group: str  # open, closed or middle
    degree: int
    alliance: bool
    r: float
    fill: str
    lines: tuple[str, ...]
    show_label: bool
    font: float
    focus: bool = False
    x: float = 0.0
    y: float = 0.0

    @property
    def shape(self) -> str:
        return {"Product": "diamond", "Claim": "square", "Source": "triangle"}.get(self.label, "circle")

    @property
    def label_height(self) -> float:
        return len(self.lines) * self.font * 1.2 + 3 if self.show_label else 0.0

    @property
    def box_width(self) -> float:
        label_w = max((_text_width(s, self.font) for s in self.lines), default=0.0) if self.show_label else 0.0
        return max(2 * self.r, label_w) + 10

    @property
    def box_height(self) -> float:
        return 2 * self.r + self.label_height + 10

    @property
    def extent(self) -> float:
        """The room a node needs around it, used to space rings and grids."""
        return max(self.box_width, self.box_height)

    def bbox(self) -> tuple[float, float, float, float]:
        w = self.box_width / 2
        return (self.x - w, self.y - self.r - 5, self.x + w, self.y + self.r + self.label_height + 5)

    def baselines(self) -> list[tuple[str, float]]:
        """Each caption line with its baseline y (text centred on the node's x)."""
        first = self.y + self.r + 3 + self.font * 0.95
        return [(line, first + i * self.font * 1.2) for i, line in enumerate(self.lines)]


@dataclass
class _Edge:
    id: str
    type: str
    source: str
    target: str
    style: _EdgeStyle
    p0: tuple[float, float]
    c: tuple[float, float] | None  # None: a straight line
    p1: tuple[float, float]
    arrow: tuple[tuple[float, float], ...] | None
    tip: str


@dataclass
class _Panel:
    group: str
    x: float
    y: float
    w: float
    h: float
    heading: str


@dataclass
class _LegendItem:
    kind: str  # "node", "edge" or "heading"
    x: float
    y: float  # the vertical middle of the row
    text: str
    fill: str = ""
    shape: str = "circle"
    r: float = 6.0
    ring: bool = False
    style: _EdgeStyle | None = None
    type: str = ""


@dataclass
class _Scene:
    width: int
    height: int
    title: str
    subtitle: str
    panels: list[_Panel]
    nodes: list[_Node]
    edges: list[_Edge]
    legend_box: tuple[float, float, float, float]
    legend: list[_LegendItem] = field(default_factory=list)
    legend_font: float = 12.0
    edge_opacity: float = 0.85


_MARGIN = 24.0
_COLUMN_GAP = 36.0
_PANEL_PAD = 16.0
_HEADING = 30.0


def _sort_key(n: _Node) -> tuple:
    return (not n.alliance, -n.degree, n.name.casefold(), n.id)


def _layout(g: nx.MultiDiGraph, *, title: str, subtitle: str, focus: str | None) -> _Scene:
    tier = _tier(g.number_of_nodes())
    degree = {v: g.degree(v) for v in g}
    max_degree = max(degree.values(), default=0) or 1
    nodes: dict[str, _Node] = {}
    for v in sorted(g.nodes, key=str):
        d = g.nodes[v]
        label = _main_label(d)
        camp = _camp_of(d)
        alliance = label == "Organisation" and d.get("kind") == "alliance"
        if label == "Organisation":
            group = camp if camp in ("open", "closed") else "middle"
            fill = _CAMP_FILL[camp]
            r = tier.radius * (1.6 if alliance else 1.0)
        else:
            group = "middle"
            fill = _KIND_FILL.get(label, _CAMP_FILL["none"])
            r = tier.radius * {"Product": 1.05, "Claim": 0.8, "Source": 0.95}.get(label, 0.8)
        r *= 1 + 0.3 * math.sqrt(degree[v] / max_degree)
        nodes[v] = _Node(id=str(v), label=label, name=_clean_text(_caption(v, d)),
                         kind=str(d.get("kind") or label.lower() or "node"),
                         camp=camp if label == "Organisation" else "", group=group, degree=degree[v],
                         alliance=alliance, r=round(r, 1), fill=fill, lines=(), show_label=True, font=tier.font,
                         focus=v == focus)
    ranked = sorted(nodes.values(), key=_sort_key)
    if len(ranked) > LABEL_ALL_LIMIT:
        shown = {n.id for n in ranked[: max(40, len(ranked) // 8)]} | ({str(focus)} if focus is not None else set())
    else:
        shown = {n.id for n in ranked}
    for n in ranked:
        n.show_label = n.id in shown
        n.lines = _wrap(n.name, n.font, tier.line_chars) if n.show_label else ()
        if n.show_label and n.label == "Claim" and g.nodes[n.id].get("value") is not None:
            # a figure reads better as "what: how much" than as a long, cut metric
            n.lines = (*_wrap(n.name, n.font, tier.line_chars, max_lines=1), _amount(g.nodes[n.id]))

    neighbours = {v: sorted(_undirected_neighbours(g, v), key=str) for v in g}
    by_group = {grp: [n for n in ranked if n.group == grp] for grp in ("open", "middle", "closed")}

    # the two camps: concentric rings in local coordinates around (0, 0)
    rings = {side: _rings(by_group[side], side, neighbours, nodes, tier.radius * 6) for side in ("open", "closed")}
    boxes = {side: _bbox([nodes[v] for v in rings[side]]) for side in rings}
    top = _MARGIN + 58 + _HEADING + _PANEL_PAD
    middle_nodes = by_group["middle"]
    grid_h = _grid_min_height(middle_nodes)
    content_h = max([grid_h, 160.0] + [boxes[side][3] - boxes[side][1] for side in rings if rings[side]])
    for side in ("open", "closed"):
        x0, y0, x1, y1 = boxes[side]
        for v, (lx, ly) in rings[side].items():
            nodes[v].x, nodes[v].y = lx, ly - y0 + top + (content_h - (y1 - y0)) / 2

    # the middle: products next to their developer's camp, the rest (no camp) on a grid
    lanes: dict[str, list[_Node]] = {"open": [], "closed": []}
    centre: list[_Node] = []
    for n in middle_nodes:
        if n.label == "Organisation":
            centre.append(n)
            continue
        anchors = [nodes[u] for u in neighbours[n.id] if nodes[u].group in ("open", "closed")]
        sides = {a.group for a in anchors}
        if len(sides) == 1 and not any(nodes[u].group == "middle" for u in neighbours[n.id]):
            lanes[sides.pop()].append(n)
        else:
            centre.append(n)
    lane_cols = {side: _lane(lanes[side], nodes, neighbours, top, content_h) for side in lanes}
    grid_cols = _grid(centre, top, content_h)

    # horizontal placement, left to right
    x = _MARGIN + _PANEL_PAD
    panels: list[_Panel] = []

    def place_ring(side: str, x: float) -> float:
        if not rings[side]:
            return x
        bx0, _, bx1, _ = boxes[side]
        for v in rings[side]:
            nodes[v].x += x - bx0
        count = len(rings[side])
        panels.append(_Panel(side, x - _PANEL_PAD, top - _PANEL_PAD - _HEADING, bx1 - bx0 + 2 * _PANEL_PAD,
                             content_h + 2 * _PANEL_PAD + _HEADING,
                             f"{_CAMP_TEXT[side].capitalize()} ({count})"))
        return x + bx1 - bx0 + 2 * _PANEL_PAD + _COLUMN_GAP

    x = place_ring("open", x)
    if middle_nodes:
        start = x
        for k, col in enumerate([*lane_cols["open"], *grid_cols, *lane_cols["closed"]]):
            x += 12 if k else 0  # a little air between columns of captions
            width = max(n.box_width for n in col)
            for n in col:
                n.x = x + width / 2
            x += width
        width = x - start
        if width < 150:  # keep the camps visibly apart even when the middle is thin
            for n in middle_nodes:
                n.x += (150 - width) / 2
            width = 150
        present = {n.label for n in middle_nodes}
        words = [w for label, w in (("Organisation", "no camp"), ("Product", "products"), ("Claim", "claims"),
                                    ("Source", "sources"), ("", "other")) if label in present]
        heading = " · ".join(words)
        heading = heading[:1].upper() + heading[1:]
        panels.append(_Panel("middle", start - _PANEL_PAD, top - _PANEL_PAD - _HEADING, width + 2 * _PANEL_PAD,
                             content_h + 2 * _PANEL_PAD + _HEADING, f"{heading} ({len(middle_nodes)})"))
        x = start + width + _PANEL_PAD + _COLUMN_GAP
    x = place_ring("closed", x)
    content_right = x - _COLUMN_GAP + _MARGIN - _PANEL_PAD if panels else 2 * _MARGIN

    legend_font = 12.0
    width = max(content_right, 560.0)
    legend_top = top + content_h + _PANEL_PAD + 20
    legend, legend_h = _legend(g, nodes, legend_top, width, legend_font)
    height = legend_top + legend_h + _MARGIN
    scene = _Scene(width=int(math.ceil(width)), height=int(math.ceil(height)), title=_clean_text(title),
                   subtitle=subtitle, panels=panels, nodes=[nodes[v] for v in sorted(nodes)], edges=[],
                   legend_box=(_MARGIN, legend_top, width - 2 * _MARGIN, legend_h), legend=legend,
                   legend_font=legend_font)
    if content_right < width:  # centre the drawing above a wider legend
        shift = (width - content_right) / 2
        for n in nodes.values():
            n.x += shift
        for p in panels:
            p.x += shift
    scene.edges = _edges(g, nodes, (0.0, top - _PANEL_PAD, width, top + content_h + _PANEL_PAD), tier)
    scene.edge_opacity = tier.edge_opacity
    return scene


def _bbox(nodes: list[_Node]) -> tuple[float, float, float, float]:
    if not nodes:
        return (0.0, 0.0, 0.0, 0.0)
    boxes = [n.bbox() for n in nodes]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b) % (2 * math.pi)
    return min(d, 2 * math.pi - d)


def _rings(members: list[_Node], side: str, neighbours: dict, nodes: dict[str, _Node],
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
        first = rest[i]
        radius_guess = radius + (prev_extent + first.extent) / 2 * 0.85
        if radius == 0.0:
            radius_guess = max(radius_guess, min_gap + hub.r)
        ring: list[_Node] = []
        widest = 0.0
        while i < len(rest):
            n = rest[i]
            if ring and n.show_label != ring[0].show_label:
                break
            w = max(widest, n.extent)
            if ring and (len(ring) + 1) * w * 1.05 > 2 * math.pi * radius_guess * 1.35:
                break  # a ring may grow by a third rather than spill a few members onto a new one
            widest = w
            ring.append(n)
            i += 1
        radius = radius + (prev_extent + max(n.extent for n in ring)) / 2 * 0.85
        m = len(ring)
        radius = max(radius, radius_guess, m * max(n.extent for n in ring) * 1.05 / (2 * math.pi))
        slots = [math.pi + (j + 0.5) * 2 * math.pi / m for j in range(m)]
        free = list(range(m))
        wishes = []
        for n in ring:
            vx = vy = 0.0
            for u in neighbours[n.id]:
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
            if wish is None:
                j = free[0]
            else:
                j = min(free, key=lambda k: (round(_angle_gap(slots[k], wish), 9), k))
            free.remove(j)
            local[n.id] = (round(radius * math.cos(slots[j]), 2), round(radius * math.sin(slots[j]), 2))
            n.x, n.y = local[n.id]
        prev_extent = max(n.extent for n in ring)
    return local


def _grid_min_height(nodes: list[_Node]) -> float:
    """A height that lets the middle column be about as tall as it is wide."""
    if not nodes:
        return 0.0
    area = sum(n.box_width * n.box_height for n in nodes)
    return max(max(n.box_height for n in nodes), math.sqrt(area) * 0.8)


def _grid(nodes: list[_Node], top: float, height: float) -> list[list[_Node]]:
    """Columns of nodes (in rank order, top down), resting on the bottom of the band.

    This leaves the band's middle and top, where the camps' hubs sit and the
    lines between the camps run (they bow upwards first), free when the column
    is short.
    """
    cols: list[list[_Node]] = []
    col: list[_Node] = []
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


def _lane(nodes: list[_Node], all_nodes: dict[str, _Node], neighbours: dict, top: float,
          height: float) -> list[list[_Node]]:
    """Products of one camp, each as level with its developers as spacing allows."""
    if not nodes:
        return []
    wish = {}
    for n in nodes:
        ys = [all_nodes[u].y for u in neighbours[n.id] if all_nodes[u].group != "middle"]
        wish[n.id] = sum(ys) / len(ys)
    ordered = sorted(nodes, key=lambda n: (wish[n.id], _sort_key(n)))
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


# ------------------------------------------------------------------------------------------ edges


def _bezier(p0, c, p1, t):
    a, b = (1 - t) * (1 - t), 2 * (1 - t) * t
    return (a * p0[0] + b * c[0] + t * t * p1[0], a * p0[1] + b * c[1] + t * t * p1[1])


def _exit_t(p0, c, p1, centre, dist, from_start: bool) -> float:
    """The parameter where the curve is ``dist`` away from ``centre`` (bisection)."""
    lo, hi = (0.0, 0.5) if from_start else (0.5, 1.0)
    for _ in range(30):
        mid = (lo + hi) / 2
        x, y = _bezier(p0, c, p1, mid)
        inside = math.hypot(x - centre[0], y - centre[1]) < dist
        if inside == from_start:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _sub_curve(p0, c, p1, t0, t1):
    """The part of a quadratic Bézier between ``t0`` and ``t1``: (start, control, end)."""
    a0, a1 = 1 - t0, 1 - t1
    q = (a0 * a1 * p0[0] + (a0 * t1 + t0 * a1) * c[0] + t0 * t1 * p1[0],
         a0 * a1 * p0[1] + (a0 * t1 + t0 * a1) * c[1] + t0 * t1 * p1[1])
    return _bezier(p0, c, p1, t0), q, _bezier(p0, c, p1, t1)


class _Obstacles:
    """Node shapes and captions on a coarse grid, to find quickly what a curve runs through."""

    def __init__(self, nodes: list[_Node], cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[str, int, tuple[float, float, float, float]]]] = {}
        for n in nodes:
            self._add(n.id, 10, (n.x - n.r - 5, n.y - n.r - 5, n.x + n.r + 5, n.y + n.r + 5))
            if n.show_label and n.lines:
                w = max(_text_width(line, n.font) for line in n.lines) / 2 + 2
                self._add(n.id, 1, (n.x - w, n.y + n.r + 2, n.x + w, n.y + n.r + n.label_height))

    def _add(self, owner: str, weight: int, box: tuple[float, float, float, float]) -> None:
        for cx in range(int(box[0] // self.cell), int(box[2] // self.cell) + 1):
            for cy in range(int(box[1] // self.cell), int(box[3] // self.cell) + 1):
                self.cells.setdefault((cx, cy), []).append((owner, weight, box))

    def at(self, x: float, y: float):
        for owner, weight, box in self.cells.get((int(x // self.cell), int(y // self.cell)), ()):
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                yield owner, weight, box


def _hits(index: _Obstacles, p0, c, p1, skip: set[str], step: float) -> int:
    """How badly a curve runs through other nodes (weight 10 each) and captions (weight 1 each)."""
    length = math.dist(p0, c) + math.dist(c, p1)
    samples = max(4, int(length / step))
    hit: dict[tuple, int] = {}
    for k in range(1, samples):
        x, y = _bezier(p0, c, p1, k / samples)
        for owner, weight, box in index.at(x, y):
            if owner not in skip:
                hit[(owner, box)] = weight
    return sum(hit.values())


def _edges(g: nx.MultiDiGraph, nodes: dict[str, _Node], bounds: tuple[float, float, float, float],
           tier: _Tier) -> list[_Edge]:
    max_r = max((n.r for n in nodes.values()), default=10.0)
    index = _Obstacles(list(nodes.values()), cell=2 * max_r + 12)
    used: dict[tuple[str, str], list[float]] = {}
    out: list[_Edge] = []
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1]))):
        a, b = nodes[str(u)], nodes[str(v)]
        rtype = str(d.get("type", ""))
        style_key = "FOUNDER_OF" if rtype == "MEMBER_OF" and d.get("role") == "founder" else rtype
        style = _EDGE_STYLES.get(style_key, _OTHER_EDGE)
        style = replace(style, width=round(style.width * tier.edge_scale, 2))
        pair = tuple(sorted((a.id, b.id)))
        lo, hi = nodes[pair[0]], nodes[pair[1]]
        chord = math.hypot(hi.x - lo.x, hi.y - lo.y)
        if chord < 1e-6 or a.id == b.id:
            continue
        nx_, ny_ = -(hi.y - lo.y) / chord, (hi.x - lo.x) / chord  # a normal of the canonical direction
        if ny_ > 0 or (ny_ == 0 and nx_ > 0):  # make "positive" bend upwards on screen
            nx_, ny_ = -nx_, -ny_
        mid = ((a.x + b.x) / 2, (a.y + b.y) / 2)
        taken = used.setdefault(pair, [])
        best = None
        for frac in tier.bends:
            if frac in taken:
                continue
            bend = frac * chord
            c = (mid[0] + 2 * bend * nx_, mid[1] + 2 * bend * ny_)
            top_y = mid[1] + bend * ny_
            if not (bounds[1] <= top_y <= bounds[3] and bounds[0] <= mid[0] + bend * nx_ <= bounds[2]):
                continue
            # running through a node costs 10, through a caption 1, and bowing a little as well
            score = _hits(index, (a.x, a.y), c, (b.x, b.y), {a.id, b.id}, 4.0) + abs(frac) * 10
            if best is None or score < best[0]:
                best = (score, frac, c)
            if score == 0:
                break
        if best is None:
            best = (0, 0.0, mid)
        _, frac, c = best
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
        arrow = None
        if style.arrow:
            tip = _bezier(p0, c, p1, t_tip)
            tx = 2 * (1 - t_tip) * (c[0] - p0[0]) + 2 * t_tip * (p1[0] - c[0])
            ty = 2 * (1 - t_tip) * (c[1] - p0[1]) + 2 * t_tip * (p1[1] - c[1])
            norm = math.hypot(tx, ty) or 1.0
            tx, ty = tx / norm, ty / norm
            half = arrow_len * 0.45
            base = (tip[0] - tx * arrow_len, tip[1] - ty * arrow_len)
            arrow = (_pt(tip), _pt((base[0] - ty * half, base[1] + tx * half)),
                     _pt((base[0] + ty * half, base[1] - tx * half)))
        extra = [d.get("role"), d.get("kind")]
        tip_text = f"{a.name} {style.text if style_key in _EDGE_STYLES else rtype} {b.name}"
        tip_text += "".join(f" ({e})" for e in extra if e and e != "founder")
        out.append(_Edge(str(key), rtype, a.id, b.id, style, _pt(s0), None if frac == 0.0 else _pt(q), _pt(s1),
                         arrow, _clean_text(tip_text)))
    return out


def _pt(p) -> tuple[float, float]:
    return (round(p[0], 1), round(p[1], 1))


# ------------------------------------------------------------------------------------------ legend


def _legend(g: nx.MultiDiGraph, nodes: dict[str, _Node], top: float, width: float,
            font: float) -> tuple[list[_LegendItem], float]:
    labels = {n.label for n in nodes.values()}
    node_items = [
        _LegendItem("node", 0, 0, "open camp", fill=_CAMP_FILL["open"]),
        _LegendItem("node", 0, 0, "closed camp", fill=_CAMP_FILL["closed"]),
        _LegendItem("node", 0, 0, "no camp", fill=_CAMP_FILL["none"]),
        _LegendItem("node", 0, 0, "alliance (larger)", fill=_CAMP_FILL["open"], r=9.0, ring=True),
        _LegendItem("node", 0, 0, "product", fill=_KIND_FILL["Product"], shape="diamond"),
    ]
    if "Claim" in labels:
        node_items.append(_LegendItem("node", 0, 0, "claim", fill=_KIND_FILL["Claim"], shape="square"))
    if "Source" in labels:
        node_items.append(_LegendItem("node", 0, 0, "source", fill=_KIND_FILL["Source"], shape="triangle"))
    present = {str(d.get("type", "")) for _, _, d in g.edges(data=True)}
    types = [*_CORE_TYPES, *(t for t in ("STATES", "ABOUT", "CITES") if t in present)]
    edge_items = [_LegendItem("edge", 0, 0, _EDGE_STYLES[t].text, style=_EDGE_STYLES[t], type=t) for t in types]
    rows = [("Nodes", node_items), ("Relationships", edge_items)]
    items: list[_LegendItem] = []
    row_h = 24.0
    y = top + 14 + row_h / 2
    left, right = _MARGIN + 14, width - _MARGIN - 14
    heading_w = max(_text_width(h, font * 1.15) for h, _ in rows) + 16  # bold, and fonts vary
    for heading, row in rows:
        items.append(_LegendItem("heading", left, y, heading))
        x = left + heading_w
        for item in row:
            swatch = 30.0 if item.kind == "edge" else 2 * item.r + 4
            w = swatch + 6 + _text_width(item.text, font) * 1.1 + 18
            if x + w > right and x > left + heading_w:
                x, y = left + heading_w, y + row_h
            item.x, item.y = x, y
            items.append(item)
            x += w
        y += row_h
    return items, y - top - row_h / 2 + 12


# ------------------------------------------------------------------------------------------ SVG


def _g(v: float) -> str:
    return f"{round(v, 3):g}"


def _f(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _shape_svg(shape: str, r: float, fill: str, stroke: str, stroke_width: float, cx: float = 0.0,
               cy: float = 0.0) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{_f(stroke_width)}"'
    if shape == "circle":
        return f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" {paint}/>'
    pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in _shape_points(shape, r, cx, cy))
    return f'<polygon points="{pts}" {paint} stroke-linejoin="round"/>'


def _shape_points(shape: str, r: float, cx: float, cy: float) -> list[tuple[float, float]]:
    if shape == "diamond":
        k = r * 1.2
        return [(cx, cy - k), (cx + k, cy), (cx, cy + k), (cx - k, cy)]
    if shape == "square":
        k = r * 0.9
        return [(cx - k, cy - k), (cx + k, cy - k), (cx + k, cy + k), (cx - k, cy + k)]
    if shape == "triangle":
        return [(cx, cy - r * 1.15), (cx + r, cy + r * 0.75), (cx - r, cy + r * 0.75)]
    return []


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[k: k + 2], 16) for k in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _edge_path(e: _Edge) -> str:
    if e.c is None:
        return f"M{_f(e.p0[0])} {_f(e.p0[1])} L{_f(e.p1[0])} {_f(e.p1[1])}"
    return f"M{_f(e.p0[0])} {_f(e.p0[1])} Q{_f(e.c[0])} {_f(e.c[1])} {_f(e.p1[0])} {_f(e.p1[1])}"


def _svg(scene: _Scene, *, standalone: bool = True) -> str:
    w, h = scene.width, scene.height
    out: list[str] = []
    if standalone:
        out.append('<?xml version="1.0" encoding="UTF-8"?>')
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    out.append(f'<svg{ns} class="alliance-graph" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
               f'data-node-count="{len(scene.nodes)}" data-edge-count="{len(scene.edges)}" '
               f'font-family="{_esc(_FONT_FAMILY)}" role="img" aria-label="{_esc(scene.title)}">')
    out.append(f"<title>{_esc(scene.title)}</title>")
    out.append("<style>.node:hover circle,.node:hover polygon{stroke:#1f2933;stroke-width:2.5}"
               ".edge:hover path{stroke-opacity:1}</style>")
    out.append(f'<rect width="{w}" height="{h}" fill="#ffffff"/>')
    out.append(f'<text id="title" x="{_f(_MARGIN)}" y="{_f(_MARGIN + 22)}" font-size="22" font-weight="bold" '
               f'fill="{_INK}">{_esc(scene.title)}</text>')
    out.append(f'<text id="subtitle" x="{_f(_MARGIN)}" y="{_f(_MARGIN + 46)}" font-size="13" '
               f'fill="{_MUTED}">{_esc(scene.subtitle)}</text>')
    out.append('<g id="regions">')
    for p in scene.panels:
        fill, border, ink = _PANELS[p.group]
        out.append(f'<g class="region" data-group="{p.group}"><rect x="{_f(p.x)}" y="{_f(p.y)}" width="{_f(p.w)}" '
                   f'height="{_f(p.h)}" rx="10" fill="{fill}" stroke="{border}"/>'
                   f'<text x="{_f(p.x + p.w / 2)}" y="{_f(p.y + 21)}" text-anchor="middle" font-size="14" '
                   f'font-weight="bold" fill="{ink}">{_esc(p.heading)}</text></g>')
    out.append("</g>")
    out.append('<g id="edges" fill="none">')
    for e in scene.edges:
        s = e.style
        dash = f' stroke-dasharray="{" ".join(_f(x) for x in s.dash)}"' if s.dash else ""
        arrow = ""
        if e.arrow:
            pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in e.arrow)
            arrow = f'<polygon points="{pts}" fill="{s.colour}" fill-opacity="{_g(scene.edge_opacity)}"/>'
        out.append(f'<g class="edge" data-type="{_esc(e.type)}" data-id="{_esc(e.id)}" data-source="{_esc(e.source)}" '
                   f'data-target="{_esc(e.target)}"><title>{_esc(e.tip)}</title>'
                   f'<path d="{_edge_path(e)}" stroke="{s.colour}" stroke-width="{_g(s.width)}" '
                   f'stroke-opacity="{_g(scene.edge_opacity)}" stroke-linecap="round"{dash}/>{arrow}</g>')
    out.append("</g>")
    out.append(f'<g id="nodes" font-size="{_f(scene.nodes[0].font if scene.nodes else 12)}" text-anchor="middle" '
               f'fill="{_INK}">')
    for n in scene.nodes:
        camp = f' data-camp="{n.camp}"' if n.camp else ""
        tip = f"{n.name} ({n.kind}{', ' + _CAMP_TEXT[n.camp] if n.camp else ''})"
        out.append(f'<g class="node" data-id="{_esc(n.id)}" data-name="{_esc(n.name)}" data-kind="{_esc(n.kind)}"'
                   f'{camp} data-label="{_esc(n.label)}" transform="translate({_f(n.x)},{_f(n.y)})">'
                   f"<title>{_esc(tip)}</title>")
        if n.focus:
            out.append(f'<circle r="{_f(n.r * 1.2 + 8)}" fill="#ffd43b" fill-opacity="0.45" stroke="none"/>')
        if n.alliance:
            out.append(f'<circle r="{_f(n.r + 4)}" fill="none" stroke="{n.fill}" stroke-width="2.5"/>')
        out.append(_shape_svg(n.shape, n.r, n.fill, "#ffffff", 1.5))
        for line, base in n.baselines():  # a white halo under each line keeps it readable over edges
            out.append(f'<text class="halo" y="{_f(base - n.y)}" fill="#ffffff" stroke="#ffffff" stroke-width="3" '
                       f'stroke-linejoin="round" aria-hidden="true">{_esc(line)}</text>'
                       f'<text y="{_f(base - n.y)}">{_esc(line)}</text>')
        out.append("</g>")
    out.append("</g>")
    lx, ly, lw, lh = scene.legend_box
    out.append(f'<g id="legend" font-size="{_f(scene.legend_font)}" fill="{_INK}">')
    out.append(f'<rect x="{_f(lx)}" y="{_f(ly)}" width="{_f(lw)}" height="{_f(lh)}" rx="8" fill="#ffffff" '
               f'stroke="#d6dadf"/>')
    for item in scene.legend:
        base = item.y + scene.legend_font * 0.35
        if item.kind == "heading":
            out.append(f'<text x="{_f(item.x)}" y="{_f(base)}" font-weight="bold">{_esc(item.text)}</text>')
            continue
        if item.kind == "edge":
            s = item.style
            dash = f' stroke-dasharray="{" ".join(_f(x) for x in s.dash)}"' if s.dash else ""
            end = item.x + (24 if s.arrow else 30)
            out.append(f'<g class="legend-edge" data-type="{item.type}"><path d="M{_f(item.x)} {_f(item.y)} '
                       f'L{_f(end)} {_f(item.y)}" stroke="{s.colour}" stroke-width="{_g(s.width)}"{dash} fill="none"/>')
            if s.arrow:
                out.append(f'<polygon points="{_f(end)},{_f(item.y - 4)} {_f(item.x + 31)},{_f(item.y)} '
                           f'{_f(end)},{_f(item.y + 4)}" fill="{s.colour}"/>')
            out.append("</g>")
            text_x = item.x + 36
        else:
            cx = item.x + item.r + 2
            out.append(f'<g class="legend-node">{_shape_svg(item.shape, item.r, item.fill, "#ffffff", 1, cx, item.y)}')
            if item.ring:
                out.append(f'<circle cx="{_f(cx)}" cy="{_f(item.y)}" r="{_f(item.r + 3)}" fill="none" '
                           f'stroke="{item.fill}" stroke-width="2"/>')
            out.append("</g>")
            text_x = item.x + 2 * item.r + 10
        out.append(f'<text x="{_f(text_x)}" y="{_f(base)}">{_esc(item.text)}</text>')
    out.append("</g>")
    if not scene.nodes:
        out.append(f'<text x="{_f(w / 2)}" y="{_f(h / 2)}" text-anchor="middle" font-size="16" fill="{_MUTED}">'
                   "nothing to draw</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------ HTML

_HTML_CSS = """
body{margin:0;font-family:Helvetica,Arial,sans-serif;background:#f7f8fa;color:#1f2933}
#frame{width:100vw;height:calc(100vh - 2.2em);overflow:hidden;cursor:grab;background:#fff;
user-select:none;touch-action:none}
#frame.dragging{cursor:grabbing}
#frame svg{width:100%;height:100%;display:block}
#caption{height:2.2em;line-height:2.2em;padding:0 1em;font-size:13px;color:#52606d}
#tip{position:fixed;pointer-events:none;display:none;background:#1f2933;color:#fff;padding:4px 8px;
border-radius:4px;font-size:13px;max-width:28em;white-space:pre-line;z-index:2}
"""

_HTML_JS = """
(function () {
  var frame = document.getElementById("frame");
  var svg = frame.querySelector("svg");
  var tip = document.getElementById("tip");
  var w = +svg.getAttribute("width"), h = +svg.getAttribute("height");
  var box = [0, 0, w, h];
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  Array.prototype.forEach.call(svg.querySelectorAll(".node > title, .edge > title"), function (t) {
    t.parentNode.setAttribute("data-tip", t.textContent);
    t.parentNode.removeChild(t);
  });
  function show() { svg.setAttribute("viewBox", box.join(" ")); }
  function point(ev) {
    var m = svg.getScreenCTM().inverse();
    var p = svg.createSVGPoint();
    p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(m);
  }
  frame.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = point(ev), k = ev.deltaY < 0 ? 1 / 1.15 : 1.15;
    if (box[2] * k < w / 40 || box[2] * k > w * 8) return;
    box = [p.x - (p.x - box[0]) * k, p.y - (p.y - box[1]) * k, box[2] * k, box[3] * k];
    show();
  }, {passive: false});
  var drag = null;
  frame.addEventListener("pointerdown", function (ev) {
    drag = {x: ev.clientX, y: ev.clientY, box: box.slice()};
    frame.classList.add("dragging");
  });
  window.addEventListener("pointerup", function () { drag = null; frame.classList.remove("dragging"); });
  window.addEventListener("pointermove", function (ev) {
    if (drag) {
      var m = svg.getScreenCTM();
      box = [drag.box[0] - (ev.clientX - drag.x) / m.a, drag.box[1] - (ev.clientY - drag.y) / m.d,
             box[2], box[3]];
      show();
    }
    var el = ev.target.closest ? ev.target.closest(".node, .edge") : null;
    if (!el || drag) { tip.style.display = "none"; return; }
    var text;
    if (el.classList.contains("node")) {
      text = el.getAttribute("data-name") + "\\nkind: " + el.getAttribute("data-kind") +
        (el.hasAttribute("data-camp") ? "\\ncamp: " + el.getAttribute("data-camp") : "") +
        "\\nid: " + el.getAttribute("data-id");
    } else {
      text = el.getAttribute("data-tip");
    }
    tip.textContent = text;
    tip.style.left = (ev.clientX + 14) + "px";
    tip.style.top = (ev.clientY + 14) + "px";
    tip.style.display = "block";
  });
  frame.addEventListener("dblclick", function () { box = [0, 0, w, h]; show(); });
})();
"""


def _html(scene: _Scene) -> str:
    caption = (f"{len(scene.nodes)} nodes, {len(scene.edges)} relationships. "
               "Scroll to zoom, drag to pan, double-click to reset; hover for details.")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(scene.title)}</title>",
        f"<style>{_HTML_CSS}</style>",
        "</head>",
        "<body>",
        f'<div id="caption" data-node-count="{len(scene.nodes)}">{_esc(caption)}</div>',
        f'<div id="frame">{_svg(scene, standalone=False)}</div>',
        '<div id="tip"></div>',
        f"<script>{_HTML_JS}</script>",
        "</body>",
        "</html>",
        "",
    ])


# ------------------------------------------------------------------------------------------ PNG


def _png(scene: _Scene) -> bytes:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError as exc:  # pragma: no cover - Pillow is a dependency
        raise ModuleNotFoundError("drawing PNG needs Pillow: pip install Pillow") from exc
    import io

    scale = 2 if scene.width * scene.height <= 6_000_000 else 1  # drawn large, then shrunk: smooth edges
    img = Image.new("RGB", (scene.width * scale, scene.height * scale), "#ffffff")
    dr = ImageDraw.Draw(img)
    fonts: dict[tuple[float, bool], object] = {}

    def font(size: float, bold: bool = False):
        key = (size, bold)
        if key not in fonts:
            try:
                fonts[key] = ImageFont.load_default(size=size * scale)
            except (TypeError, AttributeError, OSError):  # Pillow without FreeType, or older than 10.1
                fonts[key] = ImageFont.load_default()
        return fonts[key]

    def s(v: float) -> float:
        return v * scale

    def text(x: float, baseline: float, value: str, size: float, fill: str, anchor: str = "ls",
             halo: float = 0.0, bold: bool = False) -> None:
        f = font(size, bold)
        value = _clean_text(value)
        try:
            dr.text((s(x), s(baseline)), value, font=f, fill=fill, anchor=anchor,
                    stroke_width=int(round(s(halo))), stroke_fill="#ffffff")
            if bold:
                dr.text((s(x) + max(1, scale // 2), s(baseline)), value, font=f, fill=fill, anchor=anchor)
        except ValueError:  # bitmap fallback font: no anchors
            width = dr.textlength(value, font=f)
            left = s(x) - (width / 2 if anchor[0] == "m" else 0)
            dr.text((left, s(baseline) - s(size)), value, font=f, fill=fill)

    def shape(kind: str, cx: float, cy: float, r: float, fill: str, outline: str, width: float) -> None:
        if kind == "circle":
            dr.ellipse([s(cx - r), s(cy - r), s(cx + r), s(cy + r)], fill=fill, outline=outline,
                       width=max(1, int(round(s(width)))))
        else:
            pts = [(s(x), s(y)) for x, y in _shape_points(kind, r, cx, cy)]
            dr.polygon(pts, fill=fill, outline=outline, width=max(1, int(round(s(width)))))

    text(_MARGIN, _MARGIN + 22, scene.title, 22, _INK, bold=True)
    text(_MARGIN, _MARGIN + 46, scene.subtitle, 13, _MUTED)
    for p in scene.panels:
        fill, border, ink = _PANELS[p.group]
        dr.rounded_rectangle([s(p.x), s(p.y), s(p.x + p.w), s(p.y + p.h)], radius=s(10), fill=fill,
                             outline=border, width=scale)
        text(p.x + p.w / 2, p.y + 21, p.heading, 14, ink, anchor="ms", bold=True)
    for e in scene.edges:
        st = e.style
        colour = _blend(st.colour, scene.edge_opacity)
        if e.c is None:
            points = [e.p0, e.p1]
        else:
            length = math.dist(e.p0, e.c) + math.dist(e.c, e.p1)
            k = max(4, int(length / 6))
            points = [_bezier(e.p0, e.c, e.p1, i / k) for i in range(k + 1)]
        _polyline(dr, [(s(x), s(y)) for x, y in points], colour, s(st.width),
                  tuple(s(v) for v in st.dash) if st.dash else None)
        if e.arrow:
            dr.polygon([(s(x), s(y)) for x, y in e.arrow], fill=colour)
    for n in scene.nodes:
        if n.focus:
            rr = n.r * 1.2 + 8
            dr.ellipse([s(n.x - rr), s(n.y - rr), s(n.x + rr), s(n.y + rr)], fill=_blend("#ffd43b", 0.45))
        if n.alliance:
            rr = n.r + 4
            dr.ellipse([s(n.x - rr), s(n.y - rr), s(n.x + rr), s(n.y + rr)], outline=n.fill,
                       width=int(round(s(2.5))))
        shape(n.shape, n.x, n.y, n.r, n.fill, "#ffffff", 1.5)
    for n in scene.nodes:
        for line, base in n.baselines():
            text(n.x, base, line, n.font, _INK, anchor="ms", halo=1.5)
    lx, ly, lw, lh = scene.legend_box
    dr.rounded_rectangle([s(lx), s(ly), s(lx + lw), s(ly + lh)], radius=s(8), fill="#ffffff", outline="#d6dadf",
                         width=scale)
    lf = scene.legend_font
    for item in scene.legend:
        base = item.y + lf * 0.35
        if item.kind == "heading":
            text(item.x, base, item.text, lf, _INK, bold=True)
            continue
        if item.kind == "edge":
            st = item.style
            end = item.x + (24 if st.arrow else 30)
            _polyline(dr, [(s(item.x), s(item.y)), (s(end), s(item.y))], st.colour, s(st.width),
                      tuple(s(v) for v in st.dash) if st.dash else None)
            if st.arrow:
                dr.polygon([(s(end), s(item.y - 4)), (s(item.x + 31), s(item.y)), (s(end), s(item.y + 4))],
                           fill=st.colour)
            text_x = item.x + 36
        else:
            cx = item.x + item.r + 2
            shape(item.shape, cx, item.y, item.r, item.fill, "#ffffff", 1)
            if item.ring:
                rr = item.r + 3
                dr.ellipse([s(cx - rr), s(item.y - rr), s(cx + rr), s(item.y + rr)], outline=item.fill,
                           width=int(round(s(2))))
            text_x = item.x + 2 * item.r + 10
        text(text_x, base, item.text, lf, _INK)
    if not scene.nodes:
        text(scene.width / 2, scene.height / 2, "nothing to draw", 16, _MUTED, anchor="ms")
    if scale != 1:
        img = img.resize((scene.width, scene.height), Image.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _blend(colour: str, alpha: float) -> str:
    """``colour`` at ``alpha`` over white, as an opaque colour."""
    r, g, b = (int(colour[k: k + 2], 16) for k in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(round(c * alpha + 255 * (1 - alpha))) for c in (r, g, b)))


def _polyline(dr, points: list[tuple[float, float]], colour: str, width: float,
              dash: tuple[float, ...] | None) -> None:
    w = max(1, int(round(width)))
    if not dash:
        dr.line(points, fill=colour, width=w, joint="curve")
        return
    pattern = list(dash)
    k, left, on = 0, pattern[0], True
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while pos < seg:
            step = min(left, seg - pos)
            if on:
                a, b = pos / seg, (pos + step) / seg
                dr.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                        fill=colour, width=w)
            pos += step
            left -= step
            if left <= 1e-9:
                k = (k + 1) % len(pattern)
                left, on = pattern[k], not on

