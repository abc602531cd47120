"""The commands about time: what changed (``timeline``) and between two dates (``diff``)."""

from __future__ import annotations

import click

from ..queries.registry import get_query
from .common import CONTEXT, emit, next_page_hint, output_options, page_limit, page_options, uses_graph


@click.command(context_settings=CONTEXT)
@click.argument("name", required=False)
@output_options
@page_options
@uses_graph()
def timeline(name, open_graph, fmt, full, limit, after):
    """What changed, oldest first: every dated event with its evidence, or with NAME (an
    organisation or product, by name, alias or id) the events involving it.

    Events: founded (an alliance's earliest founder membership), joined and left (member of an
    alliance since / until), partnership and competition began or ended, launched (a product),
    figure or forecast (a claim with a year). For an alliance, MEMBERS is how many members it has
    right after each event. A date is as precise as the sources give it; an end at an unknown date
    is listed last, its detail saying "ended, date unknown". A timeline covers every date at once
    (registry query `timeline`). Events come a page at a time (--limit, --after).

    \b
    Examples:
      agraph timeline
      agraph timeline "AI Alliance" --data alliance_graph/data/ai-alliance-roster.yaml
    """
    g = open_graph()
    rows = g.timeline(name, limit=page_limit(limit, fmt), after=after)
    emit(rows, get_query("timeline").columns, fmt, full,
         "No dated events." if name is None else f"No dated events involving {name}.")
    next_page_hint(rows)


@click.command(context_settings=CONTEXT)
@click.argument("from_date", metavar="FROM")
@click.argument("to_date", metavar="TO")
@output_options
@uses_graph()
def diff(from_date, to_date, open_graph, fmt, full):
    """What changed between two dates (YYYY, YYYY-MM or YYYY-MM-DD; a partial date means the end of
    its period): who joined and who left each alliance (or changed role in it), and whose camp changed.

    Each alliance's members and every camp are asked as of FROM and as of TO, and compared;
    EVIDENCE is the membership's (or the camp's) evidence.

    \b
    Example:
      agraph diff 2023-12-01 2024-03-01 --data alliance_graph/data/ai-alliance-roster.yaml
    """
    from ..api import AllianceGraph

    g = open_graph()
    emit(g.diff(from_date, to_date), AllianceGraph.DIFF_COLUMNS, fmt, full,
         f"Nothing changed between {from_date} and {to_date}.")


COMMANDS = [timeline, diff]
