"""Dates with their precision, and the one rule that says whether a fact holds on a date.

The rule (partial dates, ``until: unknown``, ``valid_from`` / ``valid_to``, as-of dates):
``docs/dates-and-paging.md#dates``.

>>> holds({"valid_from": "2024-05-01"}, "2024-04-30"), holds({"valid_from": "2024-05-01"}, "2024-05-01")
(False, True)
"""

from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import re
from collections.abc import Sequence
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypedDict

if TYPE_CHECKING:
    from .model import Relationship, Source

UNKNOWN_END = "unknown"  # the `until` value for "ended, date unknown"
ALL_TIME = "all-time"  # an as-of value meaning: every fact, whenever it held
NEVER = "0000-00-00"  # valid_to of an ended fact no dated source bounds: before every date
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _parts(date: str) -> tuple[str, str | None, str | None]:
    match = _DATE.match(date)
    if match is None:
        raise ValueError(f"{date!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    return year, month, day


def period_start(date: str) -> str:
    """The first day a partial date covers."""
    year, month, day = _parts(date)
    return f"{year}-{month or '01'}-{day or '01'}"


def period_end(date: str) -> str:
    """The last day a partial date covers."""
    year, month, day = _parts(date)
    if day:
        return date
    if not month:
        return f"{year}-12-31"
    return f"{year}-{month}-{calendar.monthrange(int(year), int(month))[1]:02d}"


def day_before(date: str) -> str:
    """The day before a full ``YYYY-MM-DD`` date."""
    return (_dt.date.fromisoformat(date) - _dt.timedelta(days=1)).isoformat()


def day_after(date: str) -> str:
    """The day after a full ``YYYY-MM-DD`` date."""
    return (_dt.date.fromisoformat(date) + _dt.timedelta(days=1)).isoformat()


def as_of_date(value: _dt.date | str | None) -> str | None:
    """An as-of value as a full date text: None (or "today") is today; :data:`ALL_TIME` gives None
    (no filter); a partial date is the last day of its period.

    >>> as_of_date("2024"), as_of_date("2024-02"), as_of_date(ALL_TIME)
    ('2024-12-31', '2024-02-29', None)

    Raises
    ------
    ValueError
        For text that is not a date.
    """
    if value is None or value == "today":
        return _dt.date.today().isoformat()
    if value == ALL_TIME:
        return None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        raise ValueError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (or 'today')")
    try:
        _dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    return period_end(text)


@dataclass(frozen=True)
class AsOf:
    """The date a question is about, parsed once: ``day`` a date, or None for all time.

    >>> AsOf.parse("2024-02").day, AsOf.parse(ALL_TIME) == AsOf.ALL_TIME
    (datetime.date(2024, 2, 29), True)
    >>> AsOf.parse("2024").cypher_param, AsOf.ALL_TIME.cypher_param
    ('2024-12-31', 'all-time')
    >>> AsOf.parse("2024").holds({"valid_to": "2023-12-31"}), AsOf.ALL_TIME.holds({"valid_to": "2023-12-31"})
    (False, True)
    """

    day: _dt.date | None
    #: Every fact, whenever it held (camps and releases read today).
    ALL_TIME: ClassVar[AsOf]

    @classmethod
    def parse(cls, value: AsOf | _dt.date | str | None) -> AsOf:
        """An as-of value: None or ``"today"`` (today), :data:`ALL_TIME`, a ``datetime.date`` or a
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` text (a partial date: the last day of its period).

        Raises
        ------
        ValueError
            For text that is not a date.
        """
        if isinstance(value, AsOf):
            return value
        text = as_of_date(value)
        return cls(None if text is None else _dt.date.fromisoformat(text))

    @property
    def text(self) -> str | None:
        """The day as ``YYYY-MM-DD``, None for all time (what :func:`holds` takes)."""
        return None if self.day is None else self.day.isoformat()

    @property
    def cypher_param(self) -> str:
        """The value of the registry queries' ``$asOf``: the day, or ``'all-time'``."""
        return ALL_TIME if self.day is None else self.day.isoformat()

    @property
    def camp_day(self) -> str:
        """The day camps and releases are read on: the day, today for all time."""
        return (self.day or _dt.date.today()).isoformat()

    def holds(self, props: dict) -> bool:
        """Does a stored fact hold on this date (always, for all time)? See :func:`holds`."""
        return holds(props, self.text)

    def period(self, starts: Sequence[str] | None) -> int:
        """The index of the period holding :attr:`camp_day` in a history whose periods begin on
        ``starts`` (``""``: as far back as the sources go; none: one period), -1 before the first.

        >>> AsOf.parse("2024-06-01").period(["", "2024-01-01"]), AsOf.parse("2023").period(None)
        (1, 0)
        """
        return bisect.bisect_right(starts or [""], self.camp_day) - 1


AsOf.ALL_TIME = AsOf(None)

#: What an ``as_of`` argument may be (see :meth:`AsOf.parse`).
AsOfValue = AsOf | _dt.date | str | None


def validity(since: str | None, until: str | None,
             ended_by: Sequence[str | None] = ()) -> tuple[str | None, str | None]:
    """``(valid_from, valid_to)`` of a fact (see ``docs/dates-and-paging.md``); ``ended_by``: the publication
    dates of the sources saying it ended at an unknown date.

    >>> validity("2023-12", None), validity(None, "2024"), validity("2023", UNKNOWN_END, ["2024-03-15"])
    (('2023-12-01', None), (None, '2024-12-31'), ('2023-01-01', '2024-03-14'))
    """
    start = period_start(since) if since else None
    if until == UNKNOWN_END:
        dated = sorted(period_start(d) for d in ended_by if d)
        return start, day_before(dated[0]) if dated else NEVER
    return start, period_end(until) if until else None


def source_date(source: Source) -> str | None:
    """The day a source's statements are known from: its publication date, or for a source that
    carries none, the day its text was read (``retrieved``: known by then at the latest)."""
    return source.published or source.retrieved


def known_from(rel: Relationship, sources: Mapping[str, Source]) -> str | None:
    """The first day of the earliest :func:`source_date` of the sources backing ``rel`` (its evidence
    or its statements), or None when none of them is dated: the day a fact with no ``since`` is known
    from."""
    ids = {e.source for e in rel.evidence} | {s.source for s in rel.statements}
    dated = [period_start(d) for i in ids if i in sources and (d := source_date(sources[i]))]
    return min(dated) if dated else None


class Validity(TypedDict, total=False):
    """The validity a relationship stores (see :func:`relationship_validity`)."""

    valid_from: str | None
    valid_to: str | None
    known_from: bool  # True: ``valid_from`` is the date of its earliest source, not a stated ``since``


def relationship_validity(rel: Relationship, sources: Mapping[str, Source]) -> Validity:
    """``{"valid_from": ..., "valid_to": ...}`` of a relationship (empty when it has no dates):
    :func:`validity` of its shown ``since`` / ``until``, an unknown end bounded by the publication
    dates of the ``sources`` (id -> source) whose statements say it ended. A fact with no ``since``
    begins with its evidence: it holds from :func:`known_from` (then ``known_from`` is True), and
    as far back as the sources go only when none of its sources is dated."""
    start = None if rel.since is not None else known_from(rel, sources)
    if rel.since is None and rel.until is None and start is None:
        return {}
    ended_by = [sources[s.source].published for s in rel.statements
                if s.field == "until" and s.value == UNKNOWN_END and s.source in sources]
    since_start, end = validity(rel.since, rel.until, ended_by)
    if start is None:
        return {"valid_from": since_start, "valid_to": end}
    if end is not None and end != NEVER and end < start:  # it ended before a source was published: keep its end
        start = None
    out: Validity = {"valid_from": start, "valid_to": end}
    if start is not None:
        out["known_from"] = True
    return out


def holds(props: dict, as_of: str | None) -> bool:
    """Does a stored fact (its ``valid_from`` / ``valid_to``) hold on ``as_of`` (None: all time)?"""
    if as_of is None:
        return True
    start, end = props.get("valid_from"), props.get("valid_to")
    return (start is None or start <= as_of) and (end is None or as_of <= end)
