"""`agraph browser`: the Neo4j Browser's address, the guide and style, and their files; one
subcommand each (`open`, the default, `serve`, `assets`, `jar`, `settings`)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import browser as guide
from ..errors import AllianceGraphError
from .common import CONTEXT, uses_graph

#: The flags of the one-command `agraph browser` before the subcommands, and what replaced each.
_OLD_FLAGS = {"--serve": "serve", "--check-assets": "assets --check", "--write-assets": "assets --write",
              "--jar": "jar OUT", "--browser-jar": "jar OUT --browser-jar JAR", "--settings": "settings PORT|URL"}


class _Group(click.Group):
    """A group whose error for an old flag names the subcommand that replaced it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            if exc.option_name in _OLD_FLAGS:
                raise click.NoSuchOption(exc.option_name, ctx=ctx, message=(
                    f"{exc.option_name} is now a subcommand: agraph browser {_OLD_FLAGS[exc.option_name]}")) from None
            raise


_URL = click.option("--url", envvar="NEO4J_BROWSER_URL", show_envvar=True, default=None,
                    help="The Browser's address, when the server cannot tell it (a Docker port mapping, Aura).")


@click.group(cls=_Group, context_settings=CONTEXT, invoke_without_command=True)
@_URL
@click.pass_context
def browser(ctx, url):
    """The Neo4j Browser with the alliance-graph style and guide.

    The guide has an opening slide drawn from the dataset (the camps, their alliances and
    leaders, the forecasts, each with its quote) and one slide per canned query (generated
    from cypher/queries/). A local server started with
    `python3 scripts/neo4j_local.py start --with-guide` serves both and applies them on
    connect; for any other server (Docker, Aura), `agraph browser serve` serves them from
    this machine. With no subcommand: `agraph browser open`.

    \b
    Examples:
      agraph browser
      agraph browser serve
      agraph browser assets --write
      agraph browser assets --check
      agraph browser jar agraph-browser.jar
      agraph browser settings 7474
    """
    ctx.meta["browser_url"] = url  # `agraph browser --url U serve` as `agraph browser serve --url U`
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_browser, url=url)


def _address(url, settings, *, required: bool):
    """The Browser's address, printed; None (with a warning) when it is not found and not ``required``."""
    url = url or click.get_current_context().meta.get("browser_url")
    try:
        where = guide.locate_browser(url, settings)
    except AllianceGraphError as exc:
        if required:
            raise
        click.echo(f"Warning: {exc}", err=True)
        return None
    click.echo(f"Neo4j Browser: {where.url}")
    click.echo(f"  (found: {where.found_by})")
    for name, other in where.others:
        click.echo(f"  (also running: local instance {name!r} at {other})")
    return where


@browser.command("open", context_settings=CONTEXT)
@_URL
@uses_graph(neo4j_only=True)
def open_browser(url, open_graph):
    """Show the Neo4j Browser's address and how to open the style and guide there.

    The address: NEO4J_BROWSER_URL (--url) if set; else, with NEO4J_URI, the server is
    asked over Bolt where it serves HTTP; else a running instance of
    scripts/neo4j_local.py is looked up in its state folder (AGRAPH_NEO4J_LOCAL_DIR or
    .neo4j-local/). With none of these the command says so and exits with status 1.
    """
    where = _address(url, open_graph.settings, required=True)
    if guide.guide_is_served(base_url=where.base):
        click.echo("In the Browser, run (a server started with --with-guide runs them on connect):")
        for command in guide.browser_commands(base_url=where.base):
            click.echo(f"  {command}")
    else:
        click.echo("This server does not serve the alliance-graph guide. Either start a local one with it:\n"
                   "  python3 scripts/neo4j_local.py start --with-guide --password PW\n"
                   "or serve the guide from here for any server:\n"
                   "  agraph browser serve")


@browser.command(context_settings=CONTEXT)
@_URL
@uses_graph(neo4j_only=True)
def serve(url, open_graph):
    """Serve the guide and style from here (for a server without them) until Ctrl-C."""
    _address(url, open_graph.settings, required=False)
    server = guide.serve_assets()
    click.echo("Serving the guide and style; in the Browser, run:")
    for command in guide.browser_commands(base_url=server.base_url):
        click.echo(f"  {command}")
    click.echo("Press Ctrl-C to stop.")
    import time

    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()


@browser.command(context_settings=CONTEXT)
@click.option("--check", "action", flag_value="check", help="Exit 1 when the files differ from what the registry generates.")
@click.option("--write", "action", flag_value="write", help="Regenerate the files.")
@click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The folder (default: docs/browser/ of this checkout).")
def assets(action, folder):
    """Check (--check) or regenerate (--write) guide.html and style.grass in docs/browser/."""
    if action is None:
        raise click.UsageError("give --check or --write")
    folder = folder or guide.DOCS_FOLDER
    if action == "write":
        for path in guide.write_assets(folder):
            click.echo(f"wrote {path}")
        return
    stale = guide.check_assets(folder)
    if stale:
        raise click.ClickException(f"{', '.join(stale)} in {folder} differ from what the query registry "
                                   "and the dataset generate: run 'agraph browser assets --write'")
    click.echo(f"{folder}: up to date with the query registry")


@browser.command(context_settings=CONTEXT)
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--browser-jar", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="The Neo4j Browser jar to extend (default: the newest in the Maven repository).")
def jar(out, browser_jar):
    """Write the Neo4j Browser jar with the guide and style added to OUT (what the local
    launcher's --with-guide serves)."""
    import zipfile

    try:
        path = guide.build_guide_jar(out, browser_jar)
    except (FileNotFoundError, ValueError, zipfile.BadZipFile) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {path}: put it first on the Neo4j server's classpath")


@browser.command(context_settings=CONTEXT)
@click.argument("where", metavar="PORT|URL")
def settings(where):
    """Print the server settings (key=value lines) that apply the style and open the guide on
    connect, for the Browser at PORT (local HTTP) or URL."""
    try:
        values = guide.browser_settings(int(where)) if where.isdigit() else guide.browser_settings(base_url=where)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="PORT|URL") from None
    for key, value in values.items():
        click.echo(f"{key}={value}")


COMMANDS = [browser]
