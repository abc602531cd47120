"""The `agraph` command line: a thin layer over :class:`alliance_graph.AllianceGraph`.

Library errors become one-line ``click.ClickException`` messages (with a hint)
here, and only here.
"""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path

import click

from . import __version__
from .errors import AllianceGraphError
from .model import BACKENDS, CAMPS, DEFAULT_BATCH_SIZE, SINGLE_TRANSACTION_LIMIT
from .output import FORMATS, render
from .queries.registry import get_query, registry

# The library (networkx, the Neo4j driver) is imported when a command runs, not for --help.

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class AgraphError(click.ClickException):
    """A library error shown as ``Error: message`` plus an optional hint line."""

    def __init__(self, exc: AllianceGraphError):
        super().__init__(str(exc))
        self.hint = getattr(exc, "hint", None)

    def format_message(self) -> str:
        return self.message + (f"\nHint: {self.hint}" if self.hint else "")


def _query_help(name: str) -> str:
    q = get_query(name)
    params = "".join(f"\n  {p.name.upper()}: {p.doc}" for p in q.params)
    examples = "\n".join(f"  {e}" for e in q.examples)
    return f"{q.summary}\n{params}\n\nColumns: {', '.join(q.columns)}\n\nExample:\n\n\b\n{examples}"


def neo4j_options(fn):
    """Where Neo4j is and who we are there (for the commands that need Neo4j)."""
    options = [
        click.option("--uri", envvar="NEO4J_URI", show_envvar=True, help="Neo4j URI, e.g. bolt://127.0.0.1:7687 or neo4j+s://host."),
        click.option("--username", envvar="NEO4J_USERNAME", show_envvar=True, default="neo4j", show_default=True),
        click.option("--password", envvar="NEO4J_PASSWORD", show_envvar=True, default=None,
                     help="Prefer the environment variable or --ask-password; the value is never printed."),
        click.option("--ask-password", is_flag=True, help="Prompt for the Neo4j password (input hidden)."),
        click.option("--database", envvar="NEO4J_DATABASE", show_envvar=True, default=None, help="Neo4j database name."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def connection_options(fn):
    """Options shared by every command that reads the graph from either backend."""
    fn = neo4j_options(fn)
    return click.option("--backend", type=click.Choice(BACKENDS), default=None,
                        help="Where the graph lives. Default: neo4j when NEO4J_URI is set, else embedded.")(fn)


def output_options(fn):
    """--format and --full: how rows are printed (one output path, :func:`alliance_graph.output.render`)."""
    fn = click.option("--full", is_flag=True,
                      help="Tables: wrap long cells onto several lines instead of shortening them. Tables fit the "
                           "terminal (COLUMNS if set; 100 columns when output goes to no terminal); json, csv and "
                           "ndjson are never shortened.")(fn)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format: a table, a JSON array of row objects, CSV or NDJSON.")(fn)


def read_options(fn):
    """Connection options plus output format and extra data files for the embedded graph."""
    fn = output_options(fn)
    fn = click.option("--data", multiple=True, type=click.Path(path_type=Path),
                      help="Extra dataset file for the embedded graph (repeatable).")(fn)
    return connection_options(fn)


def _open(backend, uri, username, password, ask_password, database, data=()):
    from .api import AllianceGraph

    if ask_password:
        password = click.prompt("Neo4j password", hide_input=True)
    settings = {"uri": uri, "username": username, "password": password, "database": database}
    graph = AllianceGraph.open(backend, data, **settings)
    for warning in graph.warnings():
        click.echo(f"Warning: {warning}", err=True)
    return graph


def handle_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AllianceGraphError as exc:
            raise AgraphError(exc) from None

    return wrapper


def _emit(rows, columns, fmt, full=False, empty: str | None = None):
    rows = [r._asdict() if hasattr(r, "_asdict") else r for r in rows]
    if not rows and fmt == "table" and empty:
        click.echo(empty)
        return
    text = render(rows, list(columns), fmt, full)
    click.echo(text, nl=not text.endswith("\n"))


def _graph_command(name: str, query: str, arguments: list[str], empty: str):
    """A command that runs one registry query, its help taken from the query header."""

    @click.command(name, help=_query_help(query), context_settings=CONTEXT)
    @read_options
    @handle_errors
    def command(backend, uri, username, password, ask_password, database, data, fmt, full, **args):
        q = get_query(query)
        with _open(backend, uri, username, password, ask_password, database, data) as g:
            params = {p.name: args[a] for p, a in zip(q.params, arguments)}
            rows = g.run(query, **params)
        _emit(rows, q.columns, fmt, full, empty)

    for arg in reversed(arguments):
        command = click.argument(arg)(command)
    return command


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="agraph")
def cli():
    """Who stands where in the AI industry: the AI Alliance article as an evidence-backed graph.

    Every command answers from Neo4j when NEO4J_URI is set (or --backend neo4j),
    and from the embedded graph built into the package otherwise.

    \b
    Examples:
      agraph members "AI Alliance"
      agraph camp closed
      agraph path Meta OpenAI
      agraph load --dry-run my-data.yaml
    """


cli.add_command(_graph_command("members", "members", ["alliance"], "No members found."))
cli.add_command(_graph_command("competitors", "competitors", ["org"], "No competitors recorded."))
cli.add_command(_graph_command("partners", "partners", ["org"], "No partners recorded."))
cli.add_command(_graph_command("rivalries", "rivalries", [], "No cross-camp rivalries recorded."))
cli.add_command(_graph_command("why", "why", ["a", "b"], "No direct relationship; try `agraph path`."))
cli.add_command(_graph_command("search", "search", ["text"], "Nothing matches."))
cli.add_command(_graph_command("stats", "stats", [], "The graph is empty."))


@cli.command(context_settings=CONTEXT)
@click.argument("a")
@click.argument("b")
@read_options
@handle_errors
def path(a, b, backend, uri, username, password, ask_password, database, data, fmt, full):
    """The shortest connection between two organisations, one row per hop with its evidence.

    Ties between equally short connections are broken by the smallest ids, so the
    answer is the same on both backends.

    \b
    Example:
      agraph path Meta OpenAI
    """
    q = get_query("path")
    with _open(backend, uri, username, password, ask_password, database, data) as g:
        rows = g.path(a, b)
    _emit(rows, q.columns, fmt, full, f"No connection between {a} and {b}.")


@cli.command(context_settings=CONTEXT)
@click.argument("camp_or_org", metavar="CAMP|ORG")
@read_options
@handle_errors
def camp(camp_or_org, backend, uri, username, password, ask_password, database, data, fmt, full):
    """Organisations of a camp (open, closed, none), or the camp of one organisation, with why.

    The basis is "stated" (a source says so; the evidence quotes it) or
    "inferred" (a written-down rule, the organisation it was inferred from,
    and that relationship's evidence).

    \b
    Examples:
      agraph camp closed
      agraph camp Microsoft
    """
    with _open(backend, uri, username, password, ask_password, database, data) as g:
        if camp_or_org in CAMPS:
            rows, q = g.camp(camp_or_org), get_query("camp")
        else:
            rows, q = [g.camp_of(camp_or_org)], get_query("camp-of")
    _emit(rows, q.columns, fmt, full, "No organisation in that camp.")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@read_options
@handle_errors
def show(name, backend, uri, username, password, ask_password, database, data, fmt, full):
    """Everything known about one organisation or product: kind, country, camp and why,
    and every relationship with its evidence and source.

    \b
    Example:
      agraph show IBM
      agraph show ChatGPT --format json
    """
    with _open(backend, uri, username, password, ask_password, database, data) as g:
        node = g.resolve(name)
        profile = g.profile(node)._asdict()
        rels = [r._asdict() for r in g.relationships(node)]
    if fmt == "table":
        click.echo(render([profile], list(profile), "table", full=True, layout="record"))
        click.echo("")
        _emit(rels, get_query("relationships").columns, fmt, full, "No relationships.")
    else:
        _emit([{**profile, "relationships": rels}], [*profile, "relationships"], fmt, full)


@cli.command("queries", context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def list_queries(fmt):
    """List the canned queries of the registry (cypher/queries/), with their parameters.

    \b
    Example:
      agraph queries
    """
    rows = [{"name": q.name, "params": " ".join(f"{p.name}({p.type})" for p in q.params),
             "columns": ", ".join(q.columns), "summary": q.summary} for q in registry().values()]
    _emit(rows, ["name", "params", "summary"] if fmt == "table" else ["name", "params", "columns", "summary"], fmt, True)


def _parse_params(pairs) -> dict:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="-p")
        params[key] = value
    return params


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("-p", "--param", "pairs", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@read_options
@handle_errors
def query(name, pairs, backend, uri, username, password, ask_password, database, data, fmt, full):
    """Run any canned query of the registry by name, with -p key=value parameters.

    \b
    Examples:
      agraph query members -p alliance="AI Alliance"
      agraph query path -p from=Meta -p to=OpenAI --format json
    """
    q = get_query(name)
    with _open(backend, uri, username, password, ask_password, database, data) as g:
        rows = g.run(name, **_parse_params(pairs))
    _emit(rows, q.columns, fmt, full, "No rows.")


@cli.command(context_settings=CONTEXT)
@click.argument("statement")
@click.option("-p", "--param", "pairs", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@output_options
@neo4j_options
@handle_errors
def cypher(statement, pairs, fmt, full, uri, username, password, ask_password, database):
    """Run raw, read-only Cypher on Neo4j (the embedded graph answers canned queries only).

    The server plans the statement first; anything that writes, changes the schema,
    reads a file or URL (LOAD CSV) or calls a procedure outside a short read-only
    allow-list is refused, and nothing runs. Values go in as -p parameters, never
    into the text.

    \b
    Examples:
      agraph cypher "MATCH (o:Organisation {camp: \\$camp}) RETURN o.name AS name" -p camp=open
      agraph cypher "CALL db.labels()"
    """
    with _open("neo4j", uri, username, password, ask_password, database) as g:
        rows = g.cypher(statement, _parse_params(pairs))
    columns = list(rows[0]) if rows else []
    _emit(rows, columns, fmt, full, "No rows.")


def _form_of_out(out: str, given: str | None, suffixes: dict[str, str], folder_form: str | None,
                 stdout_form: str | None) -> str:
    """The form --out asks for: a known suffix picks it, a folder (existing, or written with a
    trailing slash) or a name without suffix means ``folder_form``, ``-`` means ``stdout_form``;
    --as wins, but contradicting the suffix, the folder or ``-`` is an error."""
    if out == "-":
        if stdout_form is None or (given is not None and given == folder_form):
            raise click.UsageError(f"--out - (standard output) cannot hold {folder_form}, which is a folder of files; "
                                   "give a folder name")
        return given or stdout_form
    path = Path(out)
    suffix = path.suffix.lower()
    if out.endswith(("/", "\\")) or path.is_dir():
        implied, strong = folder_form, True
    elif suffix in suffixes:
        implied, strong = suffixes[suffix], True
    elif not suffix:
        implied, strong = folder_form, False
    else:
        implied, strong = None, False
    if given is not None:
        if strong and given != implied:
            what = "a folder" if implied == folder_form else f"a {suffix} file"
            raise click.UsageError(f"--as {given} contradicts --out {out} ({what} means {implied}); "
                                   f"change the suffix or leave out --as")
        return given
    if implied is None:
        known = ", ".join(f"{k} ({v})" for k, v in suffixes.items())
        raise click.UsageError(f"cannot tell the format of --out {out} from its suffix {suffix!r}: use {known}, "
                               f"a folder for {folder_form}, or say --as")
    return implied


EXPORT_SUFFIXES = {".json": "json", ".graphml": "graphml", ".yaml": "dataset", ".yml": "dataset"}


@cli.command(context_settings=CONTEXT)
@click.option("--as", "export_format", type=click.Choice(["json", "graphml", "csv", "dataset"]), default=None,
              help="json: nodes and relationships; graphml; csv: a folder with nodes.csv and relationships.csv; "
                   "dataset: one YAML dataset file that loads back into the same graph. "
                   "Default: from the --out suffix (.json, .graphml, .yaml/.yml); a folder or no suffix is csv.")
@click.option("--out", required=True, metavar="PATH",
              help="File or folder to write; - writes json, graphml or dataset to standard output.")
@connection_options
@click.option("--data", multiple=True, type=click.Path(path_type=Path), help="Extra dataset file (embedded).")
@handle_errors
def export(export_format, out, backend, uri, username, password, ask_password, database, data):
    """Write the whole graph, every property included, as JSON, GraphML, CSV, or a dataset
    file (docs/dataset-format.md) that `agraph load` and --data read back into the same graph.

    The dataset form writes only what a source states: inferred camps are inferred again
    on load. Internal look-up keys (search_text) are left out of every form.

    \b
    Examples:
      agraph export --out alliance.graphml
      agraph export --out alliance-csv/
      agraph export --out copy.yaml && agraph load --dry-run copy.yaml
      agraph export --as json --out - | jq '.nodes | length'
    """
    from .dataset import MAX_FILE_BYTES
    from .export import export_text, write_export

    fmt = _form_of_out(out, export_format, EXPORT_SUFFIXES, "csv", "json")
    with _open(backend, uri, username, password, ask_password, database, data) as g:
        graph = g.to_networkx()
    summary = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships"
    if out == "-":
        click.echo(export_text(graph, fmt), nl=False)
        click.echo(f"wrote {fmt} to standard output: {summary}", err=True)
        return
    for path in write_export(graph, fmt, Path(out)):
        click.echo(f"wrote {path}")
        if fmt == "dataset" and path.stat().st_size > MAX_FILE_BYTES:
            click.echo(f"Warning: {path} is over the {MAX_FILE_BYTES // 2**20} MB a YAML dataset may have, "
                       "so it will not load back as it is", err=True)
    click.echo(summary)


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--with-article", is_flag=True, help="Also load the built-in article dataset with FILES.")
@click.option("--wipe", is_flag=True, help="Delete the alliance-graph nodes first (same transaction), replacing the graph.")
@click.option("--dry-run", is_flag=True, help="Validate and show what would be written; needs no server.")
@click.option("--bulk/--single-transaction", default=None,
              help=f"Batches under a load marker, or one transaction. Default: bulk above {SINGLE_TRANSACTION_LIMIT} rows.")
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per UNWIND statement.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: for bulk loads).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@neo4j_options
@handle_errors
def load(files, with_article, wipe, dry_run, bulk, batch_size, progress, fmt, uri, username, password,
         ask_password, database):
    """Validate dataset files and load them into Neo4j (the built-in article by default).
    The embedded graph needs no load: read commands take extra files with --data.

    Everything is validated first; any problem is reported, file by file with
    line numbers, and nothing is written. The load itself is one transaction:
    it either completes or leaves the database as it was. Loading the same data
    again creates nothing.

    \b
    Examples:
      agraph load                       # the article, into NEO4J_URI
      agraph load --dry-run my.yaml     # validate only, no server needed
      agraph load --wipe my.yaml --with-article
    """
    from .dataset import default_dataset_paths, read_dataset_files

    paths = list(files) or default_dataset_paths()
    if files and with_article:
        paths = [*default_dataset_paths(), *files]
    dataset = read_dataset_files(paths)
    if dry_run:
        rows = [{"what": what, "count": count} for what, count in dataset.counts().items()]
        click.echo(f"valid: {len(paths)} file(s); dry run, nothing written. Would merge:", err=fmt != "table")
        _emit(rows, ["what", "count"], fmt)
        return
    with _open("neo4j", uri, username, password, ask_password, database) as g:
        plan = g.plan_load(dataset, wipe=wipe, bulk=bulk, batch_size=batch_size)
        click.echo(f"writing {plan.describe()}", err=True)
        show = plan.bulk if progress is None else progress
        with click.progressbar(length=plan.rows, label="loading", file=sys.stderr if show else io.StringIO(),
                               show_eta=True, show_pos=True) as bar:
            summary = g.load(dataset, plan=plan, progress=bar.update)
    if fmt == "table":
        click.echo(f"loaded {len(paths)} file(s) into {g.location}")
    _emit(summary.as_rows(), ["what", "created", "updated", "unchanged", "deleted"], fmt)


@cli.command(context_settings=CONTEXT)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="File to write; its suffix (.svg, .png, .html) picks the format unless --as is given.")
@click.option("--as", "fmt", type=click.Choice(["svg", "png", "html"]), default=None,
              help="Picture format, whatever the suffix of --out.")
@click.option("--focus", metavar="NAME", default=None, help="Only the neighbourhood of this organisation or product.")
@click.option("--radius", type=click.IntRange(0, 10), default=1, show_default=True, help="Hops around --focus.")
@click.option("--camp", "camp_filter", type=click.Choice(CAMPS), default=None, help="Only one camp.")
@click.option("--title", default=None)
@connection_options
@click.option("--data", multiple=True, type=click.Path(path_type=Path), help="Extra dataset file (embedded).")
@handle_errors
def draw(out, fmt, focus, radius, camp_filter, title, backend, uri, username, password, ask_password, database, data):
    """Draw the graph (or one organisation's neighbourhood, or one camp) as SVG, PNG or a
    self-contained interactive HTML page, coloured by camp, with a legend.

    \b
    Examples:
      agraph draw --out alliance.svg
      agraph draw --out openai.png --focus OpenAI --radius 2
      agraph draw --out closed.html --camp closed
    """
    from .draw import draw as draw_graph
    from .draw import picture_format

    fmt = picture_format(out, fmt)  # a wrong suffix is told before the graph is read
    with _open(backend, uri, username, password, ask_password, database, data) as g:
        node = g.resolve(focus) if focus else None
        graph = g.to_networkx()
    result = draw_graph(graph, out, fmt, focus=node, radius=radius, camp=camp_filter, title=title)
    click.echo(f"wrote {result.path} ({result.format}): {result.node_count} nodes, {result.edge_count} relationships")


@cli.command(context_settings=CONTEXT)
@click.option("--url", envvar="NEO4J_BROWSER_URL", show_envvar=True, default=None,
              help="The Browser's address, when the server cannot tell it (a Docker port mapping, Aura).")
@click.option("--uri", envvar="NEO4J_URI", show_envvar=True, default=None,
              help="Ask this server over Bolt where it serves HTTP.")
@click.option("--username", envvar="NEO4J_USERNAME", show_envvar=True, default="neo4j", show_default=True)
@click.option("--password", envvar="NEO4J_PASSWORD", show_envvar=True, default=None,
              help="Prefer the environment variable; the value is never printed.")
@click.option("--database", envvar="NEO4J_DATABASE", show_envvar=True, default=None, help="Neo4j database name.")
@click.option("--serve", is_flag=True, help="Serve the guide and style from here (for a server without them) until Ctrl-C.")
@click.option("--check-assets", is_flag=True,
              help="Exit 1 when guide.html or style.grass in --dir differ from what the registry generates.")
@click.option("--write-assets", is_flag=True, help="Regenerate guide.html and style.grass in --dir.")
@click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="With --check-assets / --write-assets: the folder (default: docs/browser/ of this checkout).")
@click.option("--jar", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the Neo4j Browser jar with the guide and style added (what --with-guide serves).")
@click.option("--browser-jar", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="With --jar: the Neo4j Browser jar to extend (default: the newest in the Maven repository).")
@click.option("--settings", "settings_for", metavar="PORT|URL", default=None,
              help="Print the server settings (key=value lines) that apply the style and open the guide on connect.")
def browser(url, uri, username, password, database, serve, check_assets, write_assets, folder, jar, browser_jar,
            settings_for):
    """Show the Neo4j Browser's address and how to open the alliance-graph style and guide.

    The guide has an opening slide drawn from the dataset (the camps, their alliances and
    leaders, the forecasts, each with its quote) and one slide per canned query (generated
    from cypher/queries/). A local server started with
    `python scripts/neo4j_local.py start --with-guide` serves both and applies them on
    connect; for any other server (Docker, Aura), `--serve` serves them from this machine.

    The address: NEO4J_BROWSER_URL (--url) if set; else, with NEO4J_URI, the server is
    asked over Bolt where it serves HTTP; else a running instance of
    scripts/neo4j_local.py is looked up in its state folder (AGRAPH_NEO4J_LOCAL_DIR or
    .neo4j-local/). With none of these the command says so and exits with status 1.

    The other options maintain the files (one at a time; they do not look for a server):
    --check-assets / --write-assets check / regenerate docs/browser/guide.html and
    style.grass, --jar and --settings are what the local launcher's --with-guide uses.

    \b
    Examples:
      agraph browser
      agraph browser --serve
      agraph browser --write-assets
      agraph browser --check-assets
      agraph browser --jar agraph-browser.jar
      agraph browser --settings 7474
    """
    import time
    import zipfile

    from . import browser as guide
    from .store.connection import Settings

    actions = [name for name, on in (("--serve", serve), ("--check-assets", check_assets),
                                     ("--write-assets", write_assets), ("--jar", jar is not None),
                                     ("--settings", settings_for is not None)) if on]
    if len(actions) > 1:
        raise click.UsageError(f"{' and '.join(actions)} do different things: give one of them")
    if browser_jar is not None and jar is None:
        raise click.UsageError("--browser-jar goes with --jar")
    folder = folder or guide.DOCS_FOLDER
    if check_assets:
        stale = guide.check_assets(folder)
        if stale:
            raise click.ClickException(f"{', '.join(stale)} in {folder} differ from what the query registry "
                                       "and the dataset generate: run 'agraph browser --write-assets'")
        click.echo(f"{folder}: up to date with the query registry")
        return
    if write_assets:
        for path in guide.write_assets(folder):
            click.echo(f"wrote {path}")
        return
    if jar is not None:
        try:
            path = guide.build_guide_jar(jar, browser_jar)
        except (FileNotFoundError, ValueError, zipfile.BadZipFile) as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"wrote {path}: put it first on the Neo4j server's classpath")
        return
    if settings_for is not None:
        try:
            settings = (guide.browser_settings(int(settings_for)) if settings_for.isdigit()
                        else guide.browser_settings(base_url=settings_for))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--settings") from None
        for key, value in settings.items():
            click.echo(f"{key}={value}")
        return

    connection = Settings.from_env({}, uri=uri, username=username, password=password, database=database)
    try:
        where = guide.locate_browser(url, connection)
    except AllianceGraphError as exc:
        if not serve:
            raise AgraphError(exc) from None
        click.echo(f"Warning: {exc}", err=True)
        where = None
    if where is not None:
        click.echo(f"Neo4j Browser: {where.url}")
        click.echo(f"  (found: {where.found_by})")
        for name, other in where.others:
            click.echo(f"  (also running: local instance {name!r} at {other})")
    if serve:
        server = guide.serve_assets()
        click.echo("Serving the guide and style; in the Browser, run:")
        for command in guide.browser_commands(base_url=server.base_url):
            click.echo(f"  {command}")
        click.echo("Press Ctrl-C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.shutdown()
        return
    if guide.guide_is_served(base_url=where.base):
        click.echo("In the Browser, run (a server started with --with-guide runs them on connect):")
        for command in guide.browser_commands(base_url=where.base):
            click.echo(f"  {command}")
    else:
        click.echo("This server does not serve the alliance-graph guide. Either start a local one with it:\n"
                   "  python scripts/neo4j_local.py start --with-guide --password PW\n"
                   "or serve the guide from here for any server:\n"
                   "  agraph browser --serve")


@cli.command(context_settings=CONTEXT)
@click.option("--orgs", type=click.IntRange(4), default=1000, show_default=True, help="Number of organisations.")
@click.option("--relationships", "rels", type=click.IntRange(0), default=10000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--as", "form", type=click.Choice(["csv", "yaml"]), default=None,
              help="csv: a folder in the bulk CSV form; yaml: one dataset file. "
                   "Default: from --out (.yaml/.yml is yaml; a folder or no suffix is csv; - is yaml).")
@click.option("--out", required=True, metavar="PATH", help="Folder (csv) or file (yaml) to write; - writes yaml to standard output.")
def generate(orgs, rels, seed, form, out):
    """Write a synthetic industry map, deterministic from --seed, for scale tests and benchmarks.

    \b
    Examples:
      agraph generate --orgs 100000 --relationships 1000000 --out big/
      agraph load big/
      agraph generate --orgs 50 --relationships 200 --out small.yaml
    """
    from . import synthetic

    form = _form_of_out(out, form, {".yaml": "yaml", ".yml": "yaml"}, "csv", "yaml")
    target = sys.stdout if out == "-" else Path(out)
    try:
        path = (synthetic.write_csv if form == "csv" else synthetic.write_yaml)(target, orgs, rels, seed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--relationships") from None
    where = f"{form} to standard output" if out == "-" else f"{path}"
    click.echo(f"wrote {where}: {orgs} organisations, {rels} relationships (seed {seed})", err=out == "-")


def main() -> None:  # the console script
    cli(prog_name="agraph")


__all__ = ["cli", "main"]
