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

import click

from .. import __version__
from . import browser_command, draft_command, files, loading, questions, time_commands
from .common import CONTEXT


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


for _command in (*questions.COMMANDS, *loading.COMMANDS, *files.COMMANDS, *browser_command.COMMANDS,
                 *time_commands.COMMANDS, *draft_command.COMMANDS):
    cli.add_command(_command)


def main() -> None:  # the console script
    cli(prog_name="agraph")


__all__ = ["cli", "main"]
