"""Writing a scene as one self-contained HTML page: the SVG inline, the fonts and script embedded.

The page embeds the two shipped faces of DejaVu Sans (about 270 KB as base64), so
captions are drawn in the font they were measured in, whatever is installed
where the page is opened; Chinese and other scripts the fonts lack fall back to
the reader's fonts. Nothing is fetched from the network.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from importlib import resources

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


@lru_cache(maxsize=1)
def _font_faces() -> str:
    faces = []
    for bold in (False, True):
        data = base64.b64encode(font_bytes(bold)).decode("ascii")
        faces.append(f"@font-face{{font-family:'DejaVu Sans';font-weight:{'bold' if bold else 'normal'};"
                     f"src:url(data:font/ttf;base64,{data}) format('truetype')}}")
    return "\n".join(faces)


@lru_cache(maxsize=1)
def _script() -> str:
    return resources.files(__package__).joinpath("pan_zoom.js").read_text(encoding="utf-8")


def html(scene: Scene) -> str:
    """The HTML page of ``scene``."""
    caption = (f"{scene.node_count} nodes, {scene.edge_count} relationships. "
               "Scroll to zoom, drag to pan, double-click to reset; hover for details.")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(scene.title)}</title>",
        f"<style>\n{_font_faces()}{_CSS}</style>",
        "</head>",
        "<body>",
        f'<div id="caption" data-node-count="{scene.node_count}">{esc(caption)}</div>',
        f'<div id="frame">{svg(scene, standalone=False)}</div>',
        '<div id="tip"></div>',
        f"<script>\n{_script()}</script>",
        "</body>",
        "</html>",
        "",
    ])
