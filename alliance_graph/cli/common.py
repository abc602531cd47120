"""What every command shares: the graph opened by one decorator and closed with the click
context, the options, the one output path, and library errors turned into one-line messages.

The graph is opened on first use (``open_graph()``), so a command that fails its own
checks first (``load --dry-run``, a wrong ``draw --out`` suffix) never connects, and it is
closed when the click context closes, whatever happens in between (the sqlite-utils pattern).
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from ..dates import ALL_TIME, as_of_date
from ..errors import AllianceGraphError
from ..model import BACKENDS
from ..output import FORMATS, render
from ..paging import DEFAULT_PAGE_SIZE
from ..profile import phase
from ..text import neutralise

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_CONNECTION = ("uri", "username", "password", "ask_password", "database")
_EMBEDDED = ("backend", "data", "datasets")  # options of the commands that may answer from the embedded graph


#: Whether a command of this process opened the embedded graph (the console script then ends without
#: freeing it object by object: cli.main).
EMBEDDED_OPENED = False

AS_OF_KEY = "agraph.as_of"  # the click context's meta: the date a command answers on (None: today)


class AgraphError(click.ClickException):
    """A library error shown as ``Error: message`` plus an optional hint line."""

    def __init__(self, exc: AllianceGraphError):
        super().__init__(str(exc))
        self.hint = getattr(exc, "hint", None)

    def format_message(self) -> str:  # a name or a path quoted in a message never reaches the terminal raw
        return neutralise(self.message + (f"\nHint: {self.hint}" if self.hint else ""))


class GraphOpener:
    """Opens the command's graph on the first call and registers its closing with the click context."""

    def __init__(self, ctx: click.Context, backend: str | None, options: dict):
        self.ctx, self.backend, self.options = ctx, backend, options
        self._graph = None

    @property
    def settings(self):
        """The Neo4j settings the options and NEO4J_* variables give, or None without a URI."""
        from ..store.connection import Settings

        o = self.options
        return Settings.from_env(uri=o.get("uri"), username=o.get("username"), password=self._password(),
                                 database=o.get("database"))

    def _password(self):
        if self.options.get("ask_password"):
            self.options["password"] = click.prompt("Neo4j password", hide_input=True)
            self.options["ask_password"] = False
        return self.options.get("password")

    def __call__(self):
        if self._graph is None:
            from ..api import AllianceGraph

            o = self.options
            graph = AllianceGraph.open(self.backend, o.get("data") or (), datasets=o.get("datasets") or None,
                                       cache=not self.ctx.meta.get("agraph.no_cache", False),
                                       uri=o.get("uri"), username=o.get("username"), password=self._password(),
                                       database=o.get("database"))
            self.ctx.call_on_close(graph.close)  # closed with the context, even if what follows raises
            self._graph = graph
            global EMBEDDED_OPENED
            EMBEDDED_OPENED = EMBEDDED_OPENED or graph.store.backend == "embedded"
            print_warnings(graph.warnings(), o.get("all_warnings"))
        return self._graph

    def say_if_stale(self) -> None:
        """After an answer as of today (or a later date) from data whose newest fact is more than six
        months older: say so, in one line on stderr. Not after an answer on a past date or over all
        time, nor json, ndjson or csv (what scripts read), nor an error; the embedded graph only
        (Neo4j is not asked)."""
        import datetime as _dt

        from ..freshness import freshness_of_graph, stale_note

        graph = self._graph
        if graph is None:
            return
        as_of = self.ctx.meta.get(AS_OF_KEY, ALL_TIME)
        if self.ctx.params.get("fmt") not in (None, "table") or as_of == ALL_TIME:
            return
        today = _dt.date.today().isoformat()
        if as_of is not None and as_of < today:
            return
        nx_graph = getattr(graph.store, "graph", None)
        if nx_graph is None:
            return
        note = stale_note(freshness_of_graph(nx_graph), as_of or today)
        if note:
            click.echo(neutralise(note), err=True)


WARNINGS_SHOWN = 5  # warnings printed before the count of the others (--all-warnings: every one)


def print_warnings(warnings, all_warnings: bool = False) -> None:
    """The warnings of the files read (near-duplicate names, sources citing one address), on stderr:
    the first :data:`WARNINGS_SHOWN`, then how many more and the option that lists them all, so
    that thousands of them (a generated map) never drown the answer."""
    warnings = [str(w) for w in warnings]
    shown = warnings if all_warnings or len(warnings) <= WARNINGS_SHOWN + 1 else warnings[:WARNINGS_SHOWN]
    for warning in shown:
        click.echo(f"Warning: {neutralise(warning)}", err=True)
    if len(shown) < len(warnings):
        more = len(warnings) - len(shown)
        click.echo(f"Warning: {more:,} more warnings not shown ({len(warnings):,} in all); the same command with "
                   "--all-warnings lists them all", err=True)


def all_warnings_option(fn):
    return click.option("--all-warnings", is_flag=True,
                        help=f"Print every warning about the files read (near-duplicate names, sources citing one "
                             f"address); by default the first {WARNINGS_SHOWN} and how many more.")(fn)


class SeveralPaths(click.Option):
    """A repeatable path option whose one occurrence also takes the words after it that name existing
    files or folders: ``--data *.yaml`` (the shell gives several names) as well as ``--data a --data b``.
    A word that names nothing on disk (a question's argument, say) ends the list."""

    def add_to_parser(self, parser, ctx):
        super().add_to_parser(parser, ctx)
        for name in self.opts:
            parsed = parser._long_opt.get(name) or parser._short_opt.get(name)
            if parsed is None:
                continue
            process = parsed.process

            def greedy(value, state, process=process):
                process(value, state)
                while state.rargs and not state.rargs[0].startswith("-") and Path(state.rargs[0]).exists():
                    process(state.rargs.pop(0), state)

            parsed.process = greedy


def neo4j_options(fn):
    """Where Neo4j is and who we are there."""
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


def dataset_option(help_text: str):
    """--dataset NAME (repeatable): shipped datasets by name (`agraph datasets` lists them)."""
    return click.option("--dataset", "datasets", metavar="NAME", multiple=True, help=help_text)


def uses_graph(*, neo4j_only: bool = False):
    """Give a command its graph: the connection options, plus ``--backend``, ``--dataset`` and ``--data``
    unless it needs Neo4j; the command receives ``open_graph`` (a :class:`GraphOpener`) instead of them.
    Library errors raised anywhere in the command become one-line click errors here, and only here."""

    def decorate(fn):
        @handle_errors
        @functools.wraps(fn)
        def command(**kwargs):
            options = {name: kwargs.pop(name, None) for name in (_CONNECTION if neo4j_only else _CONNECTION + _EMBEDDED)}
            options["all_warnings"] = kwargs.pop("all_warnings", False)
            backend = "neo4j" if neo4j_only else options["backend"]
            kwargs["open_graph"] = opener = GraphOpener(click.get_current_context(), backend, options)
            result = fn(**kwargs)
            opener.say_if_stale()  # after the answer, and only when there is one
            return result

        command = all_warnings_option(neo4j_options(command))
        if not neo4j_only:
            command = click.option("--data", cls=SeveralPaths, multiple=True, type=click.Path(path_type=Path),
                                   metavar="PATH...",
                                   help="Extra dataset files for the embedded graph: several after one --data "
                                        "(a shell glob: --data maps/*.yaml), repeatable; a folder means every "
                                        "*.yaml / *.yml file and bulk CSV folder in it.")(command)
            command = dataset_option("A shipped dataset for the embedded graph (repeatable; `agraph datasets` lists "
                                     "them); the graph holds exactly these. Default: every shipped dataset (AGRAPH_DATASETS to change).")(command)
            command = click.option("--backend", type=click.Choice(BACKENDS), default=None,
                                   help="Where the graph lives. Default: neo4j when NEO4J_URI is set, else embedded.")(command)
        return command

    return decorate


def handle_errors(fn):
    """For commands without a graph: library errors become one-line click errors."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AllianceGraphError as exc:
            raise AgraphError(exc) from None

    return wrapper


def output_options(fn):
    """--format and --full: how rows are printed (one output path, :func:`alliance_graph.output.render`)."""
    fn = click.option("--full", is_flag=True,
                      help="Tables: wrap long cells onto several lines instead of shortening them. Tables fit the "
                           "terminal (COLUMNS if set; 100 columns when output goes to no terminal); json, csv and "
                           "ndjson are never shortened.")(fn)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format: a table, a JSON array of row objects, CSV or NDJSON.")(fn)


def as_of_options(fn=None, *, default: str | None = None):
    """--as-of DATE and --all-time (they exclude each other): the command receives ``as_of``, a full
    date (YYYY-MM-DD), ``"all-time"``, or ``default`` (None: today) when neither is given."""
    if fn is None:
        return functools.partial(as_of_options, default=default)
    default_text = "all time" if default == ALL_TIME else "today"

    def check_date(ctx, param, value):
        if value is None:
            return None
        try:
            return as_of_date(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None

    @functools.wraps(fn)
    def command(*args, as_of_text=None, all_time=False, **kwargs):
        if as_of_text is not None and all_time:
            raise click.UsageError("--as-of and --all-time exclude each other: give one of them")
        kwargs["as_of"] = ALL_TIME if all_time else as_of_text if as_of_text is not None else default
        click.get_current_context().meta[AS_OF_KEY] = kwargs["as_of"]  # for the note on stale data (GraphOpener)
        return fn(*args, **kwargs)

    command = click.option("--all-time", is_flag=True,
                           help="Every fact, whenever it held: ended memberships and partnerships too.")(command)
    return click.option("--as-of", "as_of_text", metavar="DATE", default=None, callback=check_date,
                        help=f"The graph as it stood on this date (default: {default_text}): YYYY-MM-DD, YYYY-MM or "
                             "YYYY; a partial date means the last day of its period (--as-of 2024 is 2024-12-31). "
                             "A fact dated partially (since: 2024-05) holds over its whole period; one with "
                             "'until: unknown' has ended.")(command)


@phase("render")  # the rows printed too
def emit(rows, columns, fmt, full=False, empty: str | None = None, brief=None):
    """Print rows (named tuples or dicts) through the one output path; ``brief``: the columns of
    the one-row-per-answer table (see :func:`alliance_graph.output.render`)."""
    rows = [r._asdict() if hasattr(r, "_asdict") else r for r in rows]
    if not rows and fmt == "table" and empty:
        click.echo(empty)
        return
    text = render(rows, list(columns), fmt, full, brief=brief)
    click.echo(text, nl=not text.endswith("\n"))


def page_options(fn):
    """--limit N and --after CURSOR, for the commands of queries that page (see alliance_graph.paging).
    The command receives ``limit`` (None: not given; 0: every row) and ``after``; :func:`page_limit`
    turns them into the API's, :func:`next_page_hint` says how to get the next page."""
    fn = click.option("--after", metavar="CURSOR", default=None,
                      help="Start after the row this cursor names: the cursor a page printed (on standard error) "
                           "for the next page.")(fn)
    return click.option("--limit", type=click.IntRange(min=0), metavar="N", default=None,
                        help=f"At most N rows (0: every row). Default: the first {DEFAULT_PAGE_SIZE} rows in a table, "
                             "every row in json, csv and ndjson (scripts get the whole answer unless they ask for a "
                             "page). When more rows follow, standard error says how to get them.")(fn)


def page_limit(limit: int | None, fmt: str) -> int | None:
    """The API's ``limit`` for the --limit given (None: not given): a first page for a table, every
    row for the formats scripts read, every row for 0."""
    if limit is None:
        return DEFAULT_PAGE_SIZE if fmt == "table" else None
    return limit or None


def next_page_hint(rows) -> None:
    """When more rows follow this page, print on standard error the command that gives the next one
    (this command's own options, --after the page's cursor) and how to get every row."""
    cursor = getattr(rows, "next_cursor", None)
    if cursor is None:
        return
    import shlex
    from click.core import ParameterSource

    ctx = click.get_current_context()
    arguments: list[str] = []
    words: list[str] = []
    for param in ctx.command.params:
        name = param.name
        if name in ("after", "password", "ask_password") or name not in ctx.params:
            continue
        if ctx.get_parameter_source(name) != ParameterSource.COMMANDLINE:
            continue
        value = ctx.params[name]
        if isinstance(param, click.Argument):
            arguments.append(shlex.quote(str(value)))
            continue
        flag = max(param.opts, key=len)
        values = value if param.multiple else [value]
        for v in values:
            if isinstance(param, click.Option) and param.is_flag:
                if v:
                    words.append(flag)
            else:
                words += [flag, shlex.quote(str(v))]
    if "--limit" not in words:
        words += ["--limit", str(len(rows))]
    words = [ctx.command_path, *arguments, *words, "--after", cursor]
    click.echo(f"Showing {len(rows)} row{'' if len(rows) == 1 else 's'}; more follow. Next page: {neutralise(' '.join(words))}\n"
               f"Every row: the same command with --limit 0.", err=True)


def parse_params(pairs) -> dict:
    """``-p key=value`` options as a dict."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="-p")
        params[key] = value
    return params


def prepare_out(path: Path) -> None:
    """Make the folder a file given to ``--out`` goes into, with its parents, saying so on stderr;
    one that cannot be made is a one-line error."""
    folder = Path(path).parent
    if folder.is_dir():
        return
    if folder.exists():
        raise click.ClickException(f"cannot write {path}: {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot create the folder {folder} for {path}: {exc.strerror or exc}") from None
    click.echo(f"created folder {folder}", err=True)


def cannot_write(path, exc: OSError) -> click.ClickException:
    """An OSError writing ``path`` as a one-line error (permissions, a full disk, a folder in the way)."""
    return click.ClickException(f"cannot write {getattr(exc, 'filename', None) or path}: {exc.strerror or exc}")


def form_of_out(out: str, given: str | None, suffixes: dict[str, str], folder_form: str | None,
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
