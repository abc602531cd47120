"""`agraph load`: validate dataset files, then write them into Neo4j as the load plan says."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from ..model import DEFAULT_BATCH_SIZE, SINGLE_TRANSACTION_LIMIT
from ..output import FORMATS
from .common import CONTEXT, emit, uses_graph


@click.command(context_settings=CONTEXT)
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
@uses_graph(neo4j_only=True)
def load(files, with_article, wipe, dry_run, bulk, batch_size, progress, fmt, open_graph):
    """Validate dataset files and load them into Neo4j (the built-in article by default).
    The embedded graph needs no load: read commands take extra files with --data.

    Everything is validated first; any problem is reported, file by file with
    line numbers, and nothing is written. The plan is printed on stderr: up to
    50,000 rows the load is one transaction (it completes or leaves the database
    as it was), above that batches under a load marker. Loading the same data
    again creates nothing.

    \b
    Examples:
      agraph load                       # the article, into NEO4J_URI
      agraph load --dry-run my.yaml     # validate only, no server needed
      agraph load --wipe my.yaml --with-article
    """
    from ..dataset import default_dataset_paths, read_dataset_files

    paths = list(files) or default_dataset_paths()
    if files and with_article:
        paths = [*default_dataset_paths(), *files]
    dataset = read_dataset_files(paths)
    if dry_run:
        rows = [{"what": what, "count": count} for what, count in dataset.counts().items()]
        click.echo(f"valid: {len(paths)} file(s); dry run, nothing written. Would merge:", err=fmt != "table")
        emit(rows, ["what", "count"], fmt)
        return
    g = open_graph()
    plan = g.plan_load(dataset, wipe=wipe, bulk=bulk, batch_size=batch_size)
    click.echo(f"writing {plan.describe()}", err=True)
    show = plan.bulk if progress is None else progress
    with click.progressbar(length=plan.rows, label="loading", file=sys.stderr if show else io.StringIO(),
                           show_eta=True, show_pos=True) as bar:
        summary = g.load(dataset, plan=plan, progress=bar.update)
    if fmt == "table":
        click.echo(f"loaded {len(paths)} file(s) into {g.location}")
    emit(summary.as_rows(), ["what", "created", "updated", "unchanged", "deleted"], fmt)


COMMANDS = [load]
