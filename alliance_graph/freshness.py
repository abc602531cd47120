"""How recent a graph's data is: its newest fact, when it was last checked, and whether an answer
"as of today" should say the data ends long before.

* The **newest fact** is the latest date among its sources' ``published`` dates and its
  relationships' ``since`` and ``until`` (``until: unknown`` has no date). Dates compare by the
  last day they cover (``2024-02`` is later than ``2024-02-08``).
* The date it was **last checked** against its sources is the newest ``retrieved`` date of its
  sources (when the text was read); None when no source says.
* Data whose newest fact ends more than :data:`STALE_MONTHS` months before the date asked is
  *stale* for that date: :func:`stale_note` says so in one line.

>>> from alliance_graph.model import Dataset, Source
>>> ds = Dataset(sources={"a": Source("a", "A", "en", published="2024-02", retrieved="2026-11-28")})
>>> freshness_of_dataset(ds)
Freshness(newest_fact='2024-02', checked='2026-11-28')
>>> stale_note(freshness_of_dataset(ds), "2024-06-01") is None
True
>>> print(stale_note(freshness_of_dataset(ds), "2999-12-05"))
Note: the newest fact in this graph is from 2024-02 (sources last checked 2026-11-28), more than 6 months before 2999-12-05: answers may miss what changed since (`agraph datasets` dates each dataset)
"""

from __future__ import annotations

import datetime as _dt
import weakref
from collections.abc import Iterable
from typing import NamedTuple

from .dates import UNKNOWN_END, period_end

STALE_MONTHS = 6  # data ending more than this many months before the date asked is said to be stale


class Freshness(NamedTuple):
    newest_fact: str | None  # a date as the data gives it (YYYY, YYYY-MM or YYYY-MM-DD)
    checked: str | None  # the newest `retrieved` date of the sources


def _latest(dates: Iterable[str | None]) -> str | None:
    best, best_end = None, ""
    for date in dates:
        if not date or date == UNKNOWN_END:
            continue
        try:
            end = period_end(str(date))
        except ValueError:
            continue
        if end > best_end:
            best, best_end = str(date), end
    return best


def freshness_of_dataset(ds) -> Freshness:
    """The newest fact and the last check of a :class:`~alliance_graph.model.Dataset`."""
    dates = [s.published for s in ds.sources.values()]
    dates += [d for r in ds.relationships.values() for d in (r.since, r.until)]
    return Freshness(_latest(dates), _latest(s.retrieved for s in ds.sources.values()))


#: Each graph's freshness, found once (a graph does not change once queried: store/embedded.py) and
#: kept with it between processes (store/graph_cache.py: :func:`known_freshness`,
#: :func:`remember_freshness`): the second command on a kept 200k graph does not walk its edges again
#: to say whether the data is stale.
_FRESH: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def known_freshness(graph) -> Freshness | None:
    """The freshness found for ``graph`` in this process, if any (for the kept graph to save)."""
    try:
        return _FRESH.get(graph)
    except TypeError:
        return None


def remember_freshness(graph, fresh: Freshness) -> None:
    """Take ``fresh`` as ``graph``'s freshness (read back with a kept graph)."""
    _FRESH[graph] = fresh


def freshness_of_graph(graph) -> Freshness:
    """The same, from a graph in the embedded store's networkx shape (Source nodes, dated edges)."""
    try:
        return _FRESH[graph]
    except (KeyError, TypeError):
        pass
    fresh = _freshness_of_graph(graph)
    try:
        _FRESH[graph] = fresh
    except TypeError:  # (not weakly referable)
        pass
    return fresh


def _freshness_of_graph(graph) -> Freshness:
    dates, checked = [], []
    for _, data in graph.nodes(data=True):
        if "Source" in data.get("labels", ()):
            dates.append(data.get("published"))
            checked.append(data.get("retrieved"))
    for _, _, data in graph.edges(data=True):
        dates += (data.get("since"), data.get("until"))
    return Freshness(_latest(dates), _latest(checked))


def _months_before(date: _dt.date, months: int) -> _dt.date:
    month = date.year * 12 + date.month - 1 - months
    year, month = divmod(month, 12)
    for day in (date.day, 30, 29, 28):
        try:
            return _dt.date(year, month + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_note(fresh: Freshness, as_of: str) -> str | None:
    """One line saying the data ends more than :data:`STALE_MONTHS` months before ``as_of`` (a full
    date), or None when it does not (or has no dated fact at all)."""
    if fresh.newest_fact is None:
        return None
    limit = _months_before(_dt.date.fromisoformat(as_of), STALE_MONTHS).isoformat()
    if period_end(fresh.newest_fact) >= limit:
        return None
    checked = f" (sources last checked {fresh.checked})" if fresh.checked else ""
    when = "ago" if as_of == _dt.date.today().isoformat() else f"before {as_of}"
    return (f"Note: the newest fact in this graph is from {fresh.newest_fact}{checked}, more than {STALE_MONTHS} "
            f"months {when}: answers may miss what changed since (`agraph datasets` dates each dataset)")
