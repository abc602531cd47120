"""Network analytics over the graph from :meth:`AllianceGraph.to_networkx` (either backend).

All functions look at organisations only and treat relationships as undirected
links (two organisations linked by several relationships count once).

>>> from alliance_graph import AllianceGraph
>>> g = AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx()
>>> [b.name for b in camp_bridges(g)]
['AI Alliance', 'OpenAI', 'Microsoft']
>>> round(camp_cohesion(g)["open"].inside_share, 2)
0.75
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["organisation_graph", "centrality", "camp_bridges", "camp_cohesion", "Score", "Bridge", "Cohesion"]


@dataclass(frozen=True)
class Score:
    id: str
    name: str
    camp: str
    score: float


@dataclass(frozen=True)
class Bridge:
    """An organisation linked to both camps."""

    id: str
    name: str
    camp: str
    open_links: int
    closed_links: int


@dataclass(frozen=True)
class Cohesion:
    """How tightly one camp holds together."""

    camp: str
    organisations: int
    links_inside: int
    links_across: int  # to organisations of the other camp
    density: float  # links inside / possible links inside
    inside_share: float  # links inside / (inside + across); 1.0 is a closed world


def organisation_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of organisations, with ``name`` and ``camp`` on each node.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A graph from :meth:`AllianceGraph.to_networkx`.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> from alliance_graph import AllianceGraph
    >>> organisation_graph(AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx()).number_of_nodes()
    13
    """
    orgs = {n for n, d in g.nodes(data=True) if "Organisation" in d.get("labels", ())}
    out = nx.Graph()
    for n in orgs:
        out.add_node(n, name=g.nodes[n].get("name", n), camp=g.nodes[n].get("camp", "none"))
    out.add_edges_from((u, v) for u, v in g.edges() if u in orgs and v in orgs and u != v)
    return out


def centrality(g: nx.MultiDiGraph, measure: str = "degree", top: int | None = 10) -> list[Score]:
    """Organisations ranked by a centrality measure.

    Parameters
    ----------
    g : networkx.MultiDiGraph
    measure : {"degree", "betweenness"}
    top : int or None
        How many to return (None: all).

    Returns
    -------
    list of Score, highest first (ties by name).

    Raises
    ------
    ValueError
        For an unknown measure.

    Examples
    --------
    >>> from alliance_graph import AllianceGraph
    >>> [s.name for s in centrality(AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx(), "betweenness", top=2)]
    ['AI Alliance', 'OpenAI']
    """
    og = organisation_graph(g)
    if measure == "degree":
        scores = nx.degree_centrality(og) if og.number_of_nodes() > 1 else {n: 0.0 for n in og}
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(og)
    else:
        raise ValueError(f"unknown measure {measure!r}; use 'degree' or 'betweenness'")
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], og.nodes[kv[0]]["name"], kv[0]))
    return [Score(n, og.nodes[n]["name"], og.nodes[n]["camp"], s) for n, s in ranked[:top]]


def camp_bridges(g: nx.MultiDiGraph) -> list[Bridge]:
    """Organisations with links to both the open and the closed camp, most balanced first.

    Examples
    --------
    >>> from alliance_graph import AllianceGraph
    >>> b = camp_bridges(AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx())[0]
    >>> (b.name, b.open_links, b.closed_links)
    ('AI Alliance', 6, 2)
    """
    og = organisation_graph(g)
    found = []
    for n in og:
        camps = [og.nodes[m]["camp"] for m in og[n]]
        o, c = camps.count("open"), camps.count("closed")
        if o and c:
            found.append(Bridge(n, og.nodes[n]["name"], og.nodes[n]["camp"], o, c))
    return sorted(found, key=lambda b: (-min(b.open_links, b.closed_links), -(b.open_links + b.closed_links), b.name))


def camp_cohesion(g: nx.MultiDiGraph) -> dict[str, Cohesion]:
    """Cohesion of the open and the closed camp.

    Examples
    --------
    >>> from alliance_graph import AllianceGraph
    >>> c = camp_cohesion(AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx())["closed"]
    >>> (c.organisations, c.links_inside, c.links_across)
    (4, 3, 2)
    """
    og = organisation_graph(g)
    out = {}
    for camp, other in (("open", "closed"), ("closed", "open")):
        members = [n for n in og if og.nodes[n]["camp"] == camp]
        inside = og.subgraph(members).number_of_edges()
        across = sum(1 for u, v in og.edges() if {og.nodes[u]["camp"], og.nodes[v]["camp"]} == {camp, other})
        possible = len(members) * (len(members) - 1) / 2
        out[camp] = Cohesion(camp, len(members), inside, across, inside / possible if possible else 0.0,
                             inside / (inside + across) if inside + across else 0.0)
    return out
