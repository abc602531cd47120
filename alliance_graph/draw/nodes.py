"""What each node looks like, before it is placed: kind, colour, size and caption.

Alliances are larger than other organisations, and every node grows a little
with its degree. Up to :data:`~.style.LABEL_ALL_LIMIT` nodes every node is
captioned; beyond, only the best-connected ones (and the focus).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from .measure import clean_text, text_width, wrap
from .select import amount, camp_of, caption, main_label, support
from .style import CAMP_FILL, KIND_FILL, KIND_SHAPE, LABEL_ALL_LIMIT, Tier


@dataclass
class Node:
    id: str
    label: str  # Organisation, Product, Claim, Source or ""
    name: str
    kind: str
    camp: str  # "" unless an organisation
    group: str  # open, closed or middle
    degree: int
    alliance: bool
    r: float
    fill: str
    font: float
    focus: bool = False
    sources: int = 0  # how many sources support it
    disputed: tuple[str, ...] = ()  # the fields its sources disagree on
    lines: tuple[str, ...] = ()  # the caption, empty when not shown
    label_width: float = 0.0  # of the widest caption line
    x: float = 0.0
    y: float = 0.0

    @property
    def shape(self) -> str:
        return KIND_SHAPE.get(self.label, "circle")

    def set_caption(self, lines: tuple[str, ...]) -> None:
        self.lines = lines
        self.label_width = max((text_width(s, self.font) for s in lines), default=0.0)

    @property
    def label_height(self) -> float:
        return len(self.lines) * self.font * 1.2 + 3 if self.lines else 0.0

    @property
    def box_width(self) -> float:
        return max(2 * self.r, self.label_width) + 10

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
        """Each caption line with its baseline, relative to the node's centre (text centred on it)."""
        first = self.r + 3 + self.font * 0.95
        return [(line, first + i * self.font * 1.2) for i, line in enumerate(self.lines)]


def sort_key(n: Node) -> tuple:
    return (not n.alliance, -n.degree, n.name.casefold(), n.id)


def make_nodes(g: nx.MultiDiGraph, t: Tier, focus: str | None) -> dict[str, Node]:
    """A node for each node of ``g``, best-connected first, captioned if there is room for it."""
    degree = {v: g.degree(v) for v in g}
    max_degree = max(degree.values(), default=0) or 1
    nodes: dict[str, Node] = {}
    for v in sorted(g.nodes, key=str):
        d = g.nodes[v]
        label, camp = main_label(d), camp_of(d)
        alliance = label == "Organisation" and d.get("kind") == "alliance"
        if label == "Organisation":
            group, fill = (camp if camp in ("open", "closed") else "middle"), CAMP_FILL[camp]
            r = t.radius * (1.6 if alliance else 1.0)
        else:
            group, fill = "middle", KIND_FILL.get(label, CAMP_FILL["none"])
            r = t.radius * {"Product": 1.05, "Claim": 0.8, "Source": 0.95}.get(label, 0.8)
        r *= 1 + 0.3 * math.sqrt(degree[v] / max_degree)
        sources, disputed = support(d)
        nodes[v] = Node(id=str(v), label=label, name=clean_text(caption(v, d)),
                        kind=str(d.get("kind") or label.lower() or "node"),
                        camp=camp if label == "Organisation" else "", group=group, degree=degree[v],
                        alliance=alliance, r=round(r, 1), fill=fill, font=t.font, focus=v == focus,
                        sources=sources, disputed=disputed)
    ranked = sorted(nodes.values(), key=sort_key)
    shown = {n.id for n in ranked}
    if len(ranked) > LABEL_ALL_LIMIT:
        shown = {n.id for n in ranked[: max(40, len(ranked) // 8)]} | ({str(focus)} if focus is not None else set())
    for n in ranked:
        if n.id not in shown:
            continue
        if n.label == "Claim" and g.nodes[n.id].get("value") is not None:
            # a figure reads better as "what: how much" than as a long, cut metric
            n.set_caption((*wrap(n.name, n.font, t.line_chars, max_lines=1), amount(g.nodes[n.id])))
        else:
            n.set_caption(wrap(n.name, n.font, t.line_chars))
    return {n.id: n for n in ranked}
