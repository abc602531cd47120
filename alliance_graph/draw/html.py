"""Writing a scene as one self-contained HTML page: the SVG inline, the fonts and script embedded.

When some relationships are dated, the page has a date slider (``slider.js``) over the
dates at which the graph changes: moving it hides the relationships that did not hold on
the chosen date and fades the nodes left with none; nodes keep their all-time places.

The page embeds the two shipped faces of DejaVu Sans (about 270 KB as base64), so
captions are drawn in the font they were measured in, whatever is installed
where the page is opened; Chinese and other scripts the fonts lack fall back to
the reader's fonts. Nothing is fetched from the network.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from ..dates import ALL_TIME
from .measure import font_bytes
from .shapes import Scene
from .svg import esc, svg

_CSS = """
body{margin:0;font-family:'DejaVu Sans',Verdana,sans-serif;background:#f7f8fa;color:#1f2933}
#frame{width:100vw;height:calc(100vh - 2.2em);overflow:hidden;cursor:grab;background:#fff;
user-select:none;touch-action:none}
#frame.dragging{cursor:grabbing}
#frame svg{width:100%;height:100%;display:block}
#caption{height:2.2em;line-height:2.2em;padding:0 1em;font-size:13px;color:#52606d}
#tip{position:fixed;pointer-events:none;display:none;background:#1f2933;color:#fff;padding:4px 8px;
border-radius:4px;font-size:13px;max-width:28em;white-space:pre-line;z-index:2}
"""
_SLIDER_CSS = """
body.dated #frame{height:calc(100vh - 4.6em)}
#when{height:2.4em;display:flex;align-items:center;gap:.8em;padding:0 1em;font-size:13px;color:#52606d;
border-bottom:1px solid #d9e2ec}
#when-range{flex:1;max-width:40em}
#when-date{font-weight:bold;color:#1f2933;min-width:9em}
.edge.off{display:none}
.node.faded{opacity:.25}
"""


@lru_cache(maxsize=1)
def _font_faces() -> str:
    faces = []
    for bold in (False, True):
        data = base64.b64encode(font_bytes(bold)).decode("ascii")
        faces.append(f"@font-face{{font-family:'DejaVu Sans';font-weight:{'bold' if bold else 'normal'};"
                     f"src:url(data:font/ttf;base64,{data}) format('truetype')}}")
    return "\n".join(faces)


@lru_cache(maxsize=2)
def _script(name: str = "pan_zoom.js") -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _stop_text(stop: str, today: str) -> str:
    """What the page says beside the slider (``slider.js`` says the same)."""
    return "all time" if stop == ALL_TIME else stop + (" (today)" if stop == today else "")


def _slider(stops: list[str], start: int, today: str) -> str:
    """The slider's bar: an input type=range over ``stops``, the date shown beside it."""
    return (f'<div id="when"><label for="when-range">As of</label>'
            f'<input type="range" id="when-range" min="0" max="{len(stops) - 1}" step="1" value="{start}" '
            f'data-dates="{esc(" ".join(stops))}" data-today="{esc(today)}">'
            f'<output id="when-date" for="when-range">{esc(_stop_text(stops[start], today))}</output>'
            f'<span id="when-count"></span></div>')


def html(scene: Scene, stops: Sequence[str] = (), start: int = 0, today: str = "") -> str:
    """The HTML page of ``scene``; with a date slider over ``stops`` (starting at ``stops[start]``)
    when any are given (see :func:`.timeline.stops`)."""
    caption = (f"{scene.node_count} nodes, {scene.edge_count} relationships. "
               "Scroll to zoom, drag to pan, double-click to reset; hover for details.")
    dated = bool(stops)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(scene.title)}</title>",
        f"<style>\n{_font_faces()}{_CSS}{_SLIDER_CSS if dated else ''}</style>",
        "</head>",
        '<body class="dated">' if dated else "<body>",
        *([_slider(list(stops), start, today)] if dated else []),
        f'<div id="caption" data-node-count="{scene.node_count}">{esc(caption)}</div>',
        f'<div id="frame">{svg(scene, standalone=False)}</div>',
        '<div id="tip"></div>',
        f"<script>\n{_script()}</script>",
        *([f"<script>\n{_script('slider.js')}</script>"] if dated else []),
        "</body>",
        "</html>",
        "",
    ])
