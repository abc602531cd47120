"""The commands that ask the graph a question: one per canned query, plus any query by name and raw Cypher."""

from __future__ import annotations

import click

from ..model import CAMP_ANSWERS
from ..output import render
from ..queries.registry import get_query, registry
from ..store.read_only import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from .common import CONTEXT, as_of_options, emit, next_page_hint, output_options, page_limit, page_options, \
    parse_params, uses_graph


#: The columns of an answer's table, one row per answer (the command's --full shows every column,
#: as a card per answer when they do not fit; --format json every field). An answer not named
#: here shows every column.
BRIEF = {
    "camp": ("id", "name", "explanation", "evidence"),  # the explanation names the basis, its rule and via
    "camp-of": ("id", "name", "camp", "explanation", "bases", "evidence"),
    "why": ("type", "from_id", "to_id", "role", "partnership", "since", "until", "sources", "disputed", "evidence"),
    "queries": ("name", "params", "summary"),
    "openness": ("org_name", "name", "released", "grade", "weights", "licence"),  # --full: components, quotes
}


def _query_help(name: str) -> str:
    q = get_query(name)
    params = "".join(f"\n  {p.name.upper()}: {p.doc}" for p in q.params)
    examples = "\n".join(f"  {e}" for e in q.examples)
    pages = f"\n\nPages by: {q.page_doc} (--limit, --after)." if q.pages else ""
    return f"{q.summary}\n{params}\n\nColumns: {', '.join(q.columns)}{pages}\n\nExample:\n\n\b\n{examples}"


def registry_command(query: str, empty: str) -> click.Command:
    """``agraph QUERY ARGS...``: runs one registry query, its arguments, help and paging taken from
    the query header; ``empty`` is what it says when no row answers."""
    q = get_query(query)

    def command(open_graph, fmt, full, as_of, limit=None, after=None, **args):
        params = {p.name: args[p.name] for p in q.params if args[p.name] is not None or not p.optional}
        if q.pages:
            params.update(limit=page_limit(limit, fmt), after=after)
        rows = open_graph().run(query, as_of=as_of, **params)
        emit(rows, q.columns, fmt, full, empty, brief=BRIEF.get(query))
        next_page_hint(rows)

    if q.pages:
        command = page_options(command)
    command = click.command(query, help=_query_help(query), context_settings=CONTEXT)(
        output_options(as_of_options(uses_graph()(command))))
    for p in reversed(q.params):
        command = click.argument(p.name, required=not p.optional)(command)
    return command


#: The queries that are commands of their own (every query is also `agraph query NAME`), with what
#: each says when nothing answers.
SHORTCUTS = {
    "members": "No members found.",
    "competitors": "No competitors recorded.",
    "partners": "No partners recorded.",
    "rivalries": "No cross-camp rivalries recorded.",
    "why": "No direct relationship; try `agraph path`.",
    "search": "Nothing matches.",
    "stats": "The graph is empty.",
    "sources": "The graph has no sources.",
    "source": "This source supports nothing in the graph.",
    "conflicts": "No disagreements: the sources agree on every field.",
    "openness": "No released model with openness recorded (the model-releases dataset has them: --dataset "
                "model-releases).",
}
REGISTRY_COMMANDS = [registry_command(query, empty) for query, empty in SHORTCUTS.items()]


@click.command(context_settings=CONTEXT)
@click.argument("a")
@click.argument("b")
@output_options
@as_of_options
@uses_graph()
def path(a, b, open_graph, fmt, full, as_of):
    """The shortest connection between two organisations or products, one row per hop with its evidence.

    Ties between equally short connections are broken by the smallest ids, so the
    answer is the same on both backends.

    \b
    Example:
      agraph path Meta OpenAI
    """
    emit(open_graph().path(a, b, as_of=as_of), get_query("path").columns, fmt, full, f"No connection between {a} and {b}.")


@click.command(context_settings=CONTEXT)
@click.argument("camp_or_org", metavar="CAMP|ORG")
@output_options
@page_options
@as_of_options
@uses_graph()
def camp(camp_or_org, open_graph, fmt, full, as_of, limit, after):
    """Organisations of a camp (open, closed, mixed, none), or the camp of one organisation, with why.

    A camp is assessed on the date asked (--as-of; default today; with
    --all-time, today's camp) from every basis that holds then: a source
    stating it ("stated", strong; the evidence quotes it) or a written-down
    rule applied to a relationship holding on that date ("inferred": the rule,
    its strength, the organisation it inferred it from, that relationship's
    evidence). For one organisation, every basis is listed with its strength;
    when they disagree the camp is "mixed". Rules and strengths:
    docs/dataset-format.md.

    \b
    Examples:
      agraph camp closed
      agraph camp Microsoft
      agraph camp IBM --as-of 2024-01 --format json

    The organisations of a camp come a page at a time (--limit, --after; by name, then id);
    the camp of one organisation is one row.
    """
    g = open_graph()
    if camp_or_org in CAMP_ANSWERS:
        rows, q = g.camp(camp_or_org, as_of=as_of, limit=page_limit(limit, fmt), after=after), get_query("camp")
    else:
        if limit is not None or after is not None:
            raise click.UsageError("--limit and --after page the organisations of a camp; the camp of one "
                                   "organisation is one row")
        rows, q = [g.camp_of(camp_or_org, as_of=as_of)], get_query("camp-of")
    emit(rows, q.columns, fmt, full, "No organisation in that camp.", brief=BRIEF[q.name])
    next_page_hint(rows)


@click.command(context_settings=CONTEXT)
@click.argument("name")
@output_options
@as_of_options
@uses_graph()
def show(name, open_graph, fmt, full, as_of):
    """Everything known about one organisation or product: kind, country, camp and why,
    and every relationship with its evidence and source.

    \b
    Example:
      agraph show IBM
      agraph show ChatGPT --format json
    """
    g = open_graph()
    node = g.resolve(name)
    profile = g.profile(node, as_of=as_of)._asdict()
    rels = [r._asdict() for r in g.relationships(node, as_of=as_of)]
    disputes = [c._asdict() for c in g.conflicts(as_of=as_of) if c.what == "node" and c.id == node] if profile["disputed"] else []
    if fmt == "table":
        shown = {**profile, **_marked_disputes(profile, disputes)}
        columns = [*profile, *(f for f in profile["disputed"] if f not in profile)]  # e.g. a product's launched
        click.echo(render([shown], columns, "table", full=True, layout="record"))
        click.echo("")
        emit(rels, get_query("relationships").columns, fmt, full, "No relationships.")
    else:
        emit([{**profile, "conflicts": disputes, "relationships": rels}], [*profile, "conflicts", "relationships"],
             fmt, full)


def _marked_disputes(profile: dict, disputes: list[dict]) -> dict:
    """Each disputed field's shown value marked, with every value and its sources, e.g.
    ``company (disputed: company [a, b]; lab [c])``; ``disputed`` itself left out of the table."""
    marked: dict = {"disputed": None}
    for field in profile["disputed"]:
        values = "; ".join(f"{d['value']} [{', '.join(d['sources'])}]" for d in disputes if d["field"] == field)
        shown = profile.get(field) if field in profile else next((d["value"] for d in disputes
                                                                   if d["field"] == field and d["shown"]), None)
        marked[field] = f"{'' if shown is None else shown} (disputed: {values})".strip()
    return marked


@click.command("queries", context_settings=CONTEXT)
@output_options
def list_queries(fmt, full):
    """List the canned queries of the registry (cypher/queries/), with their parameters:
    one line each; --full for the whole summary and the columns of each.

    \b
    Examples:
      agraph queries
      agraph queries --full
    """
    rows = [{"name": q.name, "params": " ".join(f"{p.name}({p.type})" for p in q.params),
             "columns": ", ".join(q.columns), "pages_by": q.page_doc, "summary": q.summary} for q in registry().values()]
    emit(rows, ["name", "params", "columns", "pages_by", "summary"], fmt, full, brief=BRIEF["queries"])


@click.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("-p", "--param", "pairs", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@output_options
@page_options
@as_of_options
@uses_graph()
def query(name, pairs, open_graph, fmt, full, as_of, limit, after):
    """Run any canned query of the registry by name, with -p key=value parameters.

    A query that pages (`agraph queries` marks it) answers a page at a time: --limit, --after.

    \b
    Examples:
      agraph query members -p alliance="AI Alliance"
      agraph query names --limit 20
      agraph query path -p from=Meta -p to=OpenAI --format json
    """
    q = get_query(name)
    paging = {"limit": page_limit(limit, fmt), "after": after} if q.pages else {"limit": limit or None, "after": after}
    rows = open_graph().run(name, as_of=as_of, **paging, **parse_params(pairs))
    emit(rows, q.columns, fmt, full, "No rows.")
    next_page_hint(rows)


@click.command(context_settings=CONTEXT)
@click.argument("statement")
@click.option("-p", "--param", "pairs", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="The server stops the query after this many seconds (0: the server's own limit only).")
@click.option("--max-rows", type=click.IntRange(min=0), default=DEFAULT_MAX_ROWS, show_default=True, metavar="N",
              help="Print at most N rows, then say the answer was cut (0: every row). csv and ndjson rows are "
                   "printed as they arrive; a table and json are printed once read.")
@output_options
@uses_graph(neo4j_only=True)
def cypher(statement, pairs, timeout, max_rows, open_graph, fmt, full):
    """Run raw, read-only Cypher on Neo4j (the embedded graph answers canned queries only).

    Only queries that read the graph (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL)
    and SHOW INDEXES, CONSTRAINTS, FUNCTIONS or PROCEDURES are run; any other command
    (TERMINATE TRANSACTIONS, SHOW TRANSACTIONS, SHOW SETTINGS...) is refused. The server
    plans the statement first; anything that writes, changes the schema, reads a file or
    URL (LOAD CSV) or calls a procedure outside a short read-only allow-list is refused,
    and nothing runs. Values go in as -p parameters, never into the text. A query runs
    once (never retried) and at most --timeout seconds. See SECURITY.md.

    \b
    Examples:
      agraph cypher "MATCH (o:Organisation {camp: \\$camp}) RETURN o.name AS name" -p camp=open
      agraph cypher "CALL db.labels()"
      agraph cypher "MATCH (o:Organisation) RETURN o.id" --format csv --max-rows 0 --timeout 120
    """
    graph = open_graph()
    cap = max_rows or None
    if fmt in ("csv", "ndjson"):  # a stream: each row printed as it arrives
        printed = {"columns": None}

        def print_row(row):
            if printed["columns"] is None:
                printed["columns"] = list(row)
                if fmt == "csv":
                    click.echo(render([], printed["columns"], "csv"), nl=False)
            text = render([row], printed["columns"], fmt)
            click.echo(text.split("\n", 1)[1] if fmt == "csv" else text, nl=False)

        rows = graph.cypher(statement, parse_params(pairs), timeout=timeout, max_rows=cap, on_row=print_row)
        if printed["columns"] is None and fmt == "csv" and rows.columns:
            click.echo(render([], list(rows.columns), "csv"), nl=False)
    else:
        rows = graph.cypher(statement, parse_params(pairs), timeout=timeout, max_rows=cap)
        emit(rows, list(rows[0]) if rows else list(rows.columns), fmt, full, "No rows.")
    if rows.truncated:
        click.echo(f"Cut: the answer has more than {max_rows:,} rows and only the first {max_rows:,} were printed; "
                   "--max-rows N prints more (0: every row), or narrow the query (LIMIT, WHERE, count()).", err=True)


COMMANDS = [*REGISTRY_COMMANDS, path, camp, show, list_queries, query, cypher]
