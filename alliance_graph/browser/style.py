"""The GraSS stylesheet: organisations coloured by camp, as in ``agraph draw``.

>>> "node.OpenCamp" in style_grass() and "node.ClosedCamp" in style_grass()
True
"""

from __future__ import annotations

from .. import model
from ..draw.style import CAMP_FILL, KIND_FILL
from ..model import ALLIANCE_LABEL, CAMP_LABELS


def _darker(colour: str, factor: float = 0.75) -> str:
    """The border colour of a fill: each channel times ``factor``.

    >>> _darker("#808080")
    '#606060'
    """
    r, g, b = (int(colour[k: k + 2], 16) for k in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _rule(selector: str, props: dict[str, str]) -> str:
    lines = "".join(f"  {key}: {value};\n" for key, value in props.items())
    return f"{selector} {{\n{lines}}}\n"


def _node_colours(fill: str, text: str = "#ffffff") -> dict[str, str]:
    return {"color": fill, "border-color": _darker(fill), "text-color-internal": text}


def style_grass() -> str:
    """The GraSS stylesheet: organisations coloured by camp (as in ``agraph draw``).

    Rules apply in order, later ones winning, so ``node.OpenCamp`` and ``node.ClosedCamp``
    come after ``node.Organisation``. Alliances are drawn larger through their ``Alliance``
    label (the Browser styles by label only, not by property). Each relationship type has
    the colour and width declared with it in ``model.REL_TYPES``, as in the drawings.
    GraSS has no comments: the Browser's parser would read one as part of the next selector.

    >>> grass = style_grass()
    >>> "node.OpenCamp {\\n  color: #138a72;" in grass, "node.ClosedCamp {\\n  color: #d1495b;" in grass
    (True, True)
    >>> "caption: '{name}';" in grass and "caption: '<type>';" in grass
    True
    """
    rules = [
        _rule("node", {"diameter": "50px", **_node_colours(CAMP_FILL["none"]), "border-width": "2px",
                       "font-size": "10px"}),
        _rule("relationship", {"color": "#a5abb6", "shaft-width": "1px", "font-size": "8px", "padding": "3px",
                               "text-color-external": "#1f2933", "text-color-internal": "#ffffff",
                               "caption": "'<type>'"}),
        _rule("node.Organisation", {"diameter": "60px", **_node_colours(CAMP_FILL["none"]),
                                    "caption": "'{name}'"}),
        _rule(f"node.{CAMP_LABELS['open']}", _node_colours(CAMP_FILL["open"])),
        _rule(f"node.{CAMP_LABELS['closed']}", _node_colours(CAMP_FILL["closed"])),
        _rule(f"node.{ALLIANCE_LABEL}", {"diameter": "90px", "font-size": "12px"}),
        _rule("node.Product", {"diameter": "45px", **_node_colours(KIND_FILL["Product"]), "caption": "'{name}'"}),
        _rule("node.Claim", {"diameter": "40px", **_node_colours(KIND_FILL["Claim"], "#1f2933"),
                             "caption": "'{id}'"}),
        _rule("node.Source", {"diameter": "40px", **_node_colours(KIND_FILL["Source"]), "caption": "'{title}'"}),
    ]
    for rel_type in model.REL_TYPES.values():  # each type's style as declared in the model
        style = rel_type.style
        width = max(1, round(style.width))
        rules.append(_rule(f"relationship.{rel_type.neo4j_type}", {"color": style.colour, "shaft-width": f"{width}px",
                                                                    "caption": "'<type>'"}))
    return "\n".join(rules)
