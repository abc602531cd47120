"""The `agraph` command line: a thin layer over :class:`alliance_graph.AllianceGraph`.

One module per kind of command: :mod:`.questions` (the canned queries, any query by
name, raw Cypher), :mod:`.loading` (``load``), :mod:`.files` (``export``, ``draw``,
``generate``), :mod:`.browser_command` (``browser``),
:mod:`.time_commands` (``timeline``, ``diff``), :mod:`.draft_command` (``draft``); :mod:`.common` opens the graph
(one decorator, closed with the click context), holds the shared options and the one
output path, and turns library errors into one-line messages, here and only here.
The library (networkx, the Neo4j driver) is imported when a command runs, not for --help.
"""

from __future__ import annotations

import logging
import sys

import click

from .. import __version__
from .. import profile as _profile
from . import browser_command, cache_command, common, draft_command, files, loading, questions, time_commands
from .common import CONTEXT


GLOBAL_FLAGS = ("--profile", "--no-cache")  # the group's options that a command's options may be followed by


class AgraphGroup(click.Group):
    """The ``agraph`` group: its flags (``--profile``, ``--no-cache``) are taken after the command name as well,
    anywhere before a ``--`` (``agraph camp closed --profile`` is ``agraph --profile camp closed``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        command = next((i for i, a in enumerate(args[:end]) if not a.startswith("-")), None)
        if command is not None:
            moved = [a for a in args[command + 1:end] if a in GLOBAL_FLAGS]
            if moved:
                rest = [a for a in args[command + 1:end] if a not in GLOBAL_FLAGS]
                args = [*moved, *args[:command + 1], *rest, *args[end:]]
        return super().parse_args(ctx, args)


@click.group(cls=AgraphGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="agraph")
@click.option("--profile", "profile", is_flag=True, envvar="AGRAPH_PROFILE",
              help="Print on stderr, after the command's output, where its time went: import, read, validate, "
                   "connect, query, render... in ms and share of the whole run, and the total from the process "
                   "start (also AGRAPH_PROFILE=1). Paste it into a report about a slow command. Also taken after "
                   "the command: agraph camp closed --profile.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Build the embedded graph from its files, neither reopening nor keeping a built one (the first "
                   "command on some data keeps its graph in the user's cache folder, AGRAPH_CACHE_DIR to move it, "
                   "and later ones reopen it while the inputs are unchanged; also AGRAPH_NO_CACHE=1; `agraph cache "
                   "info`).")
@click.pass_context
def cli(ctx: click.Context, profile: bool, no_cache: bool):
    """Who stands where in the AI industry, as an evidence-backed graph: the AI Alliance article, the
    alliances' rosters and the models organisations release, every fact with its quote.

    Every command answers from Neo4j when NEO4J_URI is set (or --backend neo4j),
    and from the embedded graph built into the package otherwise.

    \b
    Examples:
      agraph members "AI Alliance"
      agraph camp closed
      agraph path Meta OpenAI
      agraph load --dry-run my-data.yaml
      agraph --profile rivalries   # where the time went, on stderr
    """
    # The driver's own log lines (retries, notifications) never reach the terminal raw: errors
    # reach the user as one-line messages (.common), and nothing else the driver says is for them.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    ctx.meta["agraph.no_cache"] = no_cache
    if profile:
        _start_profile(ctx)


_AS_PROGRAM = False  # True when main() runs: the process is agraph, so its start is the command's start


def _start_profile(ctx: click.Context) -> None:
    """Record the phases of this command and print them on stderr when its context closes (after
    its output and the graph's closing, before an error message)."""
    recording = _profile.start(since_process_start=_AS_PROGRAM)

    def report():
        _profile.stop(recording)
        click.echo(recording.report(f"agraph {ctx.invoked_subcommand or ''} profile".replace("  ", " ")), err=True)

    ctx.call_on_close(report)


for _command in (*questions.COMMANDS, *loading.COMMANDS, *files.COMMANDS, *browser_command.COMMANDS,
                 *time_commands.COMMANDS, *draft_command.COMMANDS, *cache_command.COMMANDS):
    cli.add_command(_command)


def main() -> None:  # the console script
    """``agraph``: the command, then an exit that skips freeing an embedded graph object by object.

    Freeing the millions of objects of a 200k-relationship graph one by one at interpreter shutdown
    takes a tenth of a second and more, for nothing: the process ends. After a command that opened the
    embedded graph (its context closed, the graph written if new, files closed), the output is
    flushed, the ``atexit`` functions run, and the process ends with its exit status."""
    global _AS_PROGRAM
    _AS_PROGRAM = True
    try:
        cli(prog_name="agraph")
        code = 0
    except SystemExit as exc:
        if not common.EMBEDDED_OPENED or not isinstance(exc.code, (int, type(None))):
            raise
        code = exc.code or 0
    import threading

    if not common.EMBEDDED_OPENED or threading.active_count() > 1:  # (a thread still running: Python's exit waits)
        sys.exit(code)
    import atexit
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # (a closed pipe: Python's own exit fails there too, with status 120)
            code = code or 120
    os._exit(code)


__all__ = ["cli", "main"]
