"""The graph as of a date, and the dates at which it changes (the HTML page's slider).

Only relationships are dated (their stored ``valid_from`` / ``valid_to``, see
:mod:`alliance_graph.dates`): a picture as of a date leaves out the relationships that
did not hold then, and keeps every node.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edge("ibm", "ai-alliance", key="m", valid_from="2023-12-05")
'm'
>>> g.add_edge("meta", "ai-alliance", key="old", valid_from="2023-01-01", valid_to="2023-06-30")
'old'
>>> sorted(as_of(g, "2023-12-31").edges(keys=True)), sorted(as_of(g, "2023-03").edges(keys=True))
([('ibm', 'ai-alliance', 'm')], [('meta', 'ai-alliance', 'old')])
>>> changes(g)
['2023-01-01', '2023-07-01', '2023-12-05']
"""

from __future__ import annotations

import datetime as _dt

import networkx as nx

from .. import dates
from ..errors import QueryError

ALL_TIME = dates.ALL_TIME


def date_of(value) -> str | None:
    """An as-of value (a date, ``"today"``, None for today, or :data:`ALL_TIME`) as a full
    ``YYYY-MM-DD`` text, or None for all time.

    Raises
    ------
    QueryError
        For text that is not a date.
    """
    try:
        return dates.as_of_date(value)
    except ValueError as exc:
        raise QueryError(f"cannot draw as of {value!r}: {exc}") from None


def is_dated(data: dict) -> bool:
    """Does a relationship hold only for a while (a ``valid_from`` or a ``valid_to``)?"""
    return bool(data.get("valid_from") or data.get("valid_to"))


def as_of(graph: nx.MultiDiGraph, date: str | None, edges: bool = True) -> nx.MultiDiGraph:
    """``graph`` as on ``date`` (a full date; None: all time): without the relationships that did
    not hold then (unless ``edges`` is False: a page's slider hides them), every organisation in
    the camp it had then (today's for all time), read from its camp history as the questions read
    it (:func:`alliance_graph.rows.camp_as_of`). Every node stays; ``graph`` is not changed."""
    import datetime as _dt

    from ..rows import graph_as_of

    view = graph.copy()
    if date is not None and edges:
        view.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                                if not dates.holds(d, date)])
    return graph_as_of(view, date or _dt.date.today().isoformat())


def _day_after(date: str) -> str | None:
    try:
        return dates.day_after(date)
    except (ValueError, OverflowError):  # the NEVER marker, or the last day of year 9999
        return None


def changes(graph: nx.MultiDiGraph) -> list[str]:
    """The dates at which the relationships of ``graph`` change, in order: every ``valid_from``
    and the day after every ``valid_to``. Empty when no relationship is dated."""
    days: set[str] = set()
    for _, _, d in graph.edges(data=True):
        if d.get("valid_from"):
            days.add(str(d["valid_from"]))
        if d.get("valid_to"):
            after = _day_after(str(d["valid_to"]))
            if after:
                days.add(after)
    return sorted(days)


def stops(graph: nx.MultiDiGraph, date: str | None, today: str | None = None) -> tuple[list[str], int]:
    """The positions of the date slider and the one it starts at; ``([], 0)`` when no relationship
    of ``graph`` is dated (no slider).

    The positions are the dates at which the graph changes, today, the date asked for, and last
    :data:`ALL_TIME` (every relationship, whenever it held). The slider starts at ``date``
    (None: all time).

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", valid_from="2023-12-05", valid_to="2024-01-31")
    0
    >>> stops(g, "2023-12-31", today="2025-01-01")
    (['2023-12-05', '2023-12-31', '2024-02-01', '2025-01-01', 'all-time'], 1)
    >>> stops(g, None, today="2025-01-01")
    (['2023-12-05', '2024-02-01', '2025-01-01', 'all-time'], 3)
    >>> stops(nx.MultiDiGraph([("a", "b")]), "2024-01-01")
    ([], 0)
    """
    if not any(is_dated(d) for _, _, d in graph.edges(data=True)):
        return [], 0
    days = set(changes(graph)) | {today or _dt.date.today().isoformat()} | ({date} if date else set())
    positions = [*sorted(days), ALL_TIME]
    return positions, positions.index(date or ALL_TIME)
