"""`agraph browser`: the Neo4j Browser's address, the guide and style, and their files."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AllianceGraphError
from .common import CONTEXT, uses_graph


@click.command(context_settings=CONTEXT)
@click.option("--url", envvar="NEO4J_BROWSER_URL", show_envvar=True, default=None,
              help="The Browser's address, when the server cannot tell it (a Docker port mapping, Aura).")
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
@uses_graph(neo4j_only=True)
def browser(url, serve, check_assets, write_assets, folder, jar, browser_jar, settings_for, open_graph):
    """Show the Neo4j Browser's address and how to open the alliance-graph style and guide.

    The guide has an opening slide drawn from the dataset (the camps, their alliances and
    leaders, the forecasts, each with its quote) and one slide per canned query (generated
    from cypher/queries/). A local server started with
    `python3 scripts/neo4j_local.py start --with-guide` serves both and applies them on
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

    from .. import browser as guide

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

    try:
        where = guide.locate_browser(url, open_graph.settings)
    except AllianceGraphError as exc:
        if not serve:
            raise
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
                   "  python3 scripts/neo4j_local.py start --with-guide --password PW\n"
                   "or serve the guide from here for any server:\n"
                   "  agraph browser --serve")


COMMANDS = [browser]
