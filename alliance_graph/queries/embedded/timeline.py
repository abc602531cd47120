"""Twin of ``timeline``: every dated event (or those involving one node), keyed by date and event rank,
with the parts a row needs only (member counts, sources, evidence) made for the page asked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from ...dates import UNKNOWN_END, day_after, holds
from ...merge import value_text
from ...rows import evidence_items, statement_items
from ..macros import EVENT_ORDER, SPAN_EVENTS
from .base import Listing, Order, View, has, node_of, sort_key

#: The rank of each event among those of one date (the macro ``{{event_rank event}}``).
_RANK = {e: i for i, e in enumerate(EVENT_ORDER)}
#: An event: (its name, its kind's details, the ids of the nodes it involves).
Event = tuple[str, tuple, tuple]


def _said(props: dict, field: str, value: str) -> list[str]:
    """The sources stating ``field`` = ``value`` (text) of a node or relationship, in stored order."""
    return [st["source"] for st in statement_items(props) if st["field"] == field and st["value"] == value]


def _member_count(g: nx.MultiDiGraph, alliance: str, day: str) -> int:
    """How many memberships of ``alliance`` hold on ``day`` (the macro ``{{holds m day}}``)."""
    return sum(1 for o, _, d in g.in_edges(alliance, data=True)
               if d["type"] == "MEMBER_OF" and has(g, o, "Organisation") and holds(d, day))


def _key(date: str | None, event: str, subject: str | None, subject_id: str, obj: dict | None) -> list:
    """The page key of an event: date, rank, subject (name, id), object (name, id)."""
    return [date, _RANK.get(event, len(_RANK)), subject, subject_id,
            None if obj is None else obj.get("name"), None if obj is None else obj["id"]]


def _events(g: nx.MultiDiGraph) -> Iterator[tuple[list, Event]]:
    """(page key, event) of every dated event: spans, foundings, launches, figures and forecasts."""
    founders: dict[str, list[tuple[str, dict]]] = {}
    nodes = g.nodes
    for a, b, d in g.edges(data=True):
        if d["type"] not in SPAN_EVENTS or not ("Organisation" in nodes[a]["labels"] and "Organisation" in nodes[b]["labels"]):
            continue
        if d["type"] == "MEMBER_OF" and d.get("role") == "founder" and d.get("since") is not None:
            founders.setdefault(b, []).append((a, d))
        for i, field in enumerate(("since", "until")):
            value = d.get(field)
            if value is not None:
                event = SPAN_EVENTS[d["type"]][i]
                date = None if value == UNKNOWN_END else value
                yield _key(date, event, g.nodes[a].get("name"), a, g.nodes[b]), (event, ("span", a, b, d, field), (a, b))
    for al, rels in founders.items():
        first = min(d["valid_from"] for _, d in rels)
        firsts = sorted(((o, d) for o, d in rels if d["valid_from"] == first),
                        key=lambda od: sort_key([g.nodes[od[0]].get("name"), g.nodes[od[0]]["id"]]))
        yield (_key(firsts[0][1]["since"], "founded", g.nodes[al].get("name"), al, None),
               ("founded", ("founded", al, first, firsts), (al, *(o for o, _ in firsts))))
    for n, p in g.nodes(data=True):
        if "Product" in p["labels"] and p.get("launched") is not None:
            devs = sorted({o for o, _, d in g.in_edges(n, data=True) if d["type"] == "DEVELOPS" and has(g, o, "Organisation")})
            yield (_key(p["launched"], "launched", p.get("name"), n, g.nodes[devs[0]] if devs else None),
                   ("launched", ("launched", n, devs), (n, *devs)))
        elif "Claim" in p["labels"] and p.get("year") is not None:
            abouts = sorted(t for _, t, d in g.out_edges(n, data=True) if d["type"] == "ABOUT")
            bys = sorted(s for s, _, d in g.in_edges(n, data=True) if d["type"] == "STATES")
            about, by = (abouts[0] if abouts else None), (bys[0] if bys else None)
            yield (_key(value_text(p["year"]), p.get("kind"), p.get("metric"), n, None if about is None else g.nodes[about]),
                   (p.get("kind"), ("figure", n, about, by), tuple(t for t in (about, by) if t is not None)))


def _details(g: nx.MultiDiGraph, kind: tuple) -> tuple[Any, int | None, list, list, list | None]:
    """(detail, members, said, evidence, supporting) of an event."""
    if kind[0] == "span":
        _, a, b, d, field = kind
        value = d[field]
        unknown = value == UNKNOWN_END
        day = None
        if d["type"] == "MEMBER_OF" and not unknown:
            day = d["valid_from"] if field == "since" else day_after(d["valid_to"])
        detail = d.get("role") if d.get("role") is not None else d.get("kind")
        if unknown:
            detail = ("" if detail is None else detail + "; ") + "ended, date unknown"
        return (detail, None if day is None else _member_count(g, b, day), _said(d, field, value), evidence_items(d),
                d.get("sources"))
    if kind[0] == "founded":
        _, al, first, firsts = kind
        ev: list[dict] = []
        supporting: list[str] = []
        for _, d in firsts:
            ev += [e for e in evidence_items(d) if e not in ev]
            supporting += [s for s in d.get("sources") or [] if s not in supporting]
        return ("founders: " + ", ".join(g.nodes[o].get("name") for o, _ in firsts), _member_count(g, al, first),
                [s for _, d in firsts for s in _said(d, "since", d["since"])], ev, supporting)
    if kind[0] == "launched":
        p = g.nodes[kind[1]]
        return p.get("kind"), None, _said(p, "launched", p["launched"]), evidence_items(p), p.get("sources")
    _, n, _about, by = kind
    c = g.nodes[n]
    qualifier = "" if c["qualifier"] == "exact" else c["qualifier"].replace("-", " ") + " "
    stated = "" if by is None else ", stated by " + next(v for v in (g.nodes[by].get("name"), g.nodes[by].get("title"),
                                                                      g.nodes[by]["id"]) if v is not None)
    detail = f"{qualifier}{value_text(c['value'])} {c['unit']}{stated}"
    return detail, None, _said(c, "year", value_text(c["year"])), evidence_items(c), c.get("sources")


def _row(view: View, item: Event, key: list) -> dict:
    g = view.whole
    event, kind, _ = item
    detail, members, said, ev, supporting = _details(g, kind)
    said = list(dict.fromkeys(said))
    dated = [e for e in ev if e["source"] in said]
    return {"date": key[0], "event": event, "subject_id": key[3], "subject": key[2], "object_id": key[5],
            "object": key[4], "detail": detail, "members": members,
            "sources": len(said) if said else len(supporting or []), "evidence": dated or ev, "page_key": key}


def _timeline(view: View, params: dict) -> Iterable[tuple[list, Event]]:
    """Every event (kept in the view), or with ``node`` those involving it, in the same order."""
    node = params.get("node")
    if node is None:
        return _events(view.whole)
    if node_of(view.whole, node) is None:
        return []
    everything = view.order("timeline", {"node": None}, LISTINGS["timeline"], ())
    assert isinstance(everything, Order)
    return [(k, item) for k, item in zip(everything.page_keys, everything.items, strict=True) if node in item[2]]


LISTINGS = {"timeline": Listing(_timeline, _row, kept=0)}
