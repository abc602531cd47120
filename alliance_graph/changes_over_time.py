"""What changed between two dates: who joined, left or changed role in each alliance, and whose
camp changed, composed from registry queries run as of both dates.

>>> from alliance_graph import AllianceGraph
>>> with AllianceGraph.embedded(datasets=["frontier-model-forum"]) as g:
...     [(r["change"], r["org"]) for r in diff(g, "2024-01", "2024-06")]
[('joined', 'Amazon'), ('joined', 'Meta')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .dates import ALL_TIME, as_of_date
from .errors import QueryError
from .model import CAMP_ANSWERS
from .results import Rows

if TYPE_CHECKING:
    from .api import AllianceGraph

#: The columns of :func:`diff`'s rows, in order.
DIFF_COLUMNS = ("change", "alliance_id", "alliance", "org_id", "org", "before", "after", "detail", "evidence")


def diff(graph: AllianceGraph, from_date, to_date) -> Rows:
    """What changed between two dates: who joined and who left each alliance (or changed role in
    it), and whose camp changed, one dict per change with :data:`DIFF_COLUMNS`.

    Composed from registry queries run as of both dates (``camp`` for every camp, then ``members``
    of every alliance), so both backends agree. ``change`` is ``joined`` (``after``: the role),
    ``left`` (``before``: the role), ``role-changed`` or ``camp-changed`` (``before``/``after``: the
    camps; ``detail``: the explanation at ``to_date``). ``evidence``: the membership's (or the
    camp's) evidence, as of the date where it holds. Partial dates mean the end of their period
    (``2024-02`` is 2024-02-29). Rows: alliance changes by alliance, change and member name, then
    camp changes by organisation name.

    Raises
    ------
    QueryError
        When a date is not a date, or ``from_date`` is after ``to_date``.
    """
    days = []
    for label, value in (("from", from_date), ("to", to_date)):
        try:
            day = as_of_date(value)
        except ValueError as exc:
            raise QueryError(f"diff {label}: {exc}") from None
        if day is None:
            raise QueryError(f"diff {label}: give a date, not {ALL_TIME!r}")
        days.append(day)
    start, end = days
    if start > end:
        raise QueryError(f"diff: FROM ({start}) is after TO ({end}); give the earlier date first")
    camps = [{r["id"]: {**r, "camp": c} for c in CAMP_ANSWERS for r in graph.rows("camp", camp=c, as_of=day)} for day in days]
    alliances = sorted({i: r for side in camps for i, r in side.items() if r.get("kind") == "alliance"}.items(),
                       key=lambda kv: (kv[1].get("name") or "", kv[0]))
    order = {"joined": 0, "left": 1, "role-changed": 2}
    out = []
    for alliance_id, alliance in alliances:
        before, after = ({m["id"]: m for m in graph.rows("members", alliance=alliance_id, as_of=day)} for day in days)
        changes = []
        for org_id in before.keys() | after.keys():
            was, now = before.get(org_id), after.get(org_id)
            if was and now and was["role"] == now["role"]:
                continue
            change = "joined" if was is None else "left" if now is None else "role-changed"
            row = now or was or {}  # one of them is there
            changes.append({"change": change, "alliance_id": alliance_id, "alliance": alliance.get("name"),
                            "org_id": org_id, "org": row["name"], "before": was and was["role"],
                            "after": now and now["role"], "detail": None, "evidence": row["evidence"]})
        changes.sort(key=lambda r: (order[r["change"]], r["org"] or "", r["org_id"]))
        out += changes
    camp_changes = []
    for org_id in camps[0].keys() | camps[1].keys():
        was, now = camps[0].get(org_id), camps[1].get(org_id)
        if was and now and was["camp"] == now["camp"]:
            continue
        row = now or was or {}
        camp_changes.append({"change": "camp-changed", "alliance_id": None, "alliance": None, "org_id": org_id,
                             "org": row.get("name"), "before": was and was["camp"], "after": now and now["camp"],
                             "detail": row.get("explanation"), "evidence": row.get("evidence") or []})
    camp_changes.sort(key=lambda r: (r["org"] or "", r["org_id"]))
    return Rows(out + camp_changes, DIFF_COLUMNS, "diff")
