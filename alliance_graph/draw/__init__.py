"""Drawing the graph: an SVG, PNG or self-contained HTML picture of who stands where.

The picture puts the open camp on the left, the closed camp on the right and
everything else (organisations of no camp, products, claims) in a middle column,
with products placed level with the organisation that develops them. The same
graph always gives the same picture, byte for byte.

How it is made, one module a step: :mod:`.select` picks the nodes, :mod:`.layout`
places them, :mod:`.routing` draws the relationships around them, :mod:`.scene`
turns all that (with :mod:`.style`'s colours and a legend) into one tree of
shapes whose captions are measured in the shipped font (:mod:`.measure`); then
:mod:`.svg`, :mod:`.html` and :mod:`.png` each write that same scene.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported by the drawing code, not for the CLI's --help
    import networkx as nx

from ..dates import ALL_TIME
from ..errors import QueryError
from ..profile import phase

__all__ = ["DEFAULT_TITLE", "FORMATS", "DrawFormatError", "DrawResult", "draw", "picture_format"]

FORMATS = ("svg", "png", "html")
DEFAULT_TITLE = "AI industry: open vs closed camps"
_SUFFIXES = {"svg": "svg", "png": "png", "html": "html", "htm": "html"}
_HOW = ("name the file .svg, .png or .html, or give the format: --as svg|png|html on the command line, "
        "fmt='svg', 'png' or 'html' in Python")


class DrawFormatError(QueryError):
    """The picture format is unknown, or cannot be told from the file name."""


@dataclass(frozen=True)
class DrawResult:
    """What :func:`draw` wrote: the file, its format, and how many nodes and edges it shows."""

    path: Path
    format: str
    node_count: int
    edge_count: int


def picture_format(out: Path | str, fmt: str | None = None) -> str:
    """The format to write ``out`` in: ``fmt`` if given, else from the file's suffix.

    >>> picture_format("graph.HTM"), picture_format("graph.out", "PNG")
    ('html', 'png')
    >>> picture_format("graph.jpg")
    Traceback (most recent call last):
    ...
    alliance_graph.draw.DrawFormatError: unknown picture format '.jpg': name the file .svg, .png or .html, \
or give the format: --as svg|png|html on the command line, fmt='svg', 'png' or 'html' in Python
    """
    if fmt is not None:
        if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
            raise DrawFormatError(f"unknown picture format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt.lower()
    path = Path(out)
    suffix = path.suffix.lower()
    if not suffix:
        raise DrawFormatError(f"cannot tell the picture format of {str(path)!r}: {_HOW}")
    if suffix[1:] not in _SUFFIXES:
        raise DrawFormatError(f"unknown picture format {path.suffix!r}: {_HOW}")
    return _SUFFIXES[suffix[1:]]


@phase("draw")
def draw(graph: nx.MultiDiGraph, out: Path | str, fmt: str | None = None, *, focus: str | None = None,
         radius: int = 1, camp: str | None = None, title: str | None = None,
         include_claims: bool = False, as_of=ALL_TIME) -> DrawResult:
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
    as_of
        Draw the graph as it stood on this date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, a
        ``datetime.date``, ``"today"`` or None for today): the relationships that did not hold
        then (:func:`alliance_graph.dates.holds` on their ``valid_from`` / ``valid_to``) are left
        out, every node stays. By default (:data:`ALL_TIME`) every relationship of ``graph``
        is drawn. An HTML page keeps every relationship and places the nodes as for all
        time; when some are dated, its date slider starts at ``as_of`` and hides what did not
        hold on the date it shows (see :mod:`.html`).

    Returns
    -------
    DrawResult
        The path written, the format, and the number of nodes and edges drawn.

    Raises
    ------
    DrawFormatError
        An unknown format or file suffix (a :class:`QueryError`).
    QueryError
        An unknown ``focus`` id or ``camp``, a negative ``radius``, or an ``as_of`` that is not a date.
    OSError
        When the file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from alliance_graph import AllianceGraph
    >>> g = AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx()
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
    """
    from . import layout, routing, scene, select, style, timeline

    path = Path(out)
    fmt = picture_format(path, fmt)
    date = timeline.date_of(as_of)
    dated = date is not None and any(timeline.is_dated(d) for _, _, d in graph.edges(data=True))
    # a page keeps every relationship and the layout of all time (today's camps): its slider hides by date
    graph = timeline.as_of(graph, None if fmt == "html" else date)
    sub = select.select(graph, focus=focus, radius=radius, camp=camp, include_claims=include_claims)
    title = DEFAULT_TITLE if title is None else title
    subtitle = select.subtitle(graph, sub, focus, radius, camp)
    if fmt != "html" and dated:
        subtitle += f" · as of {date}"
    lay = layout.layout(sub, None if focus is None else str(focus),
                        min_width=max(layout.MIN_WIDTH, scene.title_width(title, subtitle)))
    edges = routing.route(sub, lay.nodes, lay.band, lay.tier)
    legend = style.legend_entries({n.label for n in lay.nodes.values()},
                                  {str(d.get("type", "")) for _, _, d in sub.edges(data=True)})
    picture = scene.compose(lay, edges, legend, title=title, subtitle=subtitle)
    if fmt == "png":
        from .png import png

        path.write_bytes(png(picture))
    else:
        from .html import html
        from .svg import svg

        if fmt == "svg":
            text = svg(picture)
        else:
            today = timeline.date_of("today") or ""  # "today" is always a date
            text = html(picture, *timeline.stops(sub, date, today), today=today)
        path.write_text(text, encoding="utf-8", newline="\n")
    return DrawResult(path, fmt, sub.number_of_nodes(), sub.number_of_edges())
