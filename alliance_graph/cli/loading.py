"""`agraph load`: validate dataset files, then write them into Neo4j as the load plan says."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from ..model import DEFAULT_BATCH_SIZE, SINGLE_TRANSACTION_LIMIT
from ..output import FORMATS
from .common import CONTEXT, dataset_option, emit, handle_errors, uses_graph


def _warn(dataset) -> None:
    for problem in dataset.warnings:
        click.echo(f"Warning: {problem}", err=True)


@click.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@dataset_option("A shipped dataset to load (repeatable; `agraph datasets` lists them), with FILES if any.")
@click.option("--with-article", is_flag=True, help="Also load the built-in article dataset with FILES or --dataset.")
@click.option("--wipe", is_flag=True, help="Delete the alliance-graph nodes first (same transaction), replacing the graph.")
@click.option("--dry-run", is_flag=True, help="Validate (against the database when one is configured) and show "
                                              "what would be written; writes nothing.")
@click.option("--bulk/--single-transaction", default=None,
              help=f"Batches under a load marker, or one transaction. Default: bulk above {SINGLE_TRANSACTION_LIMIT} rows.")
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per UNWIND statement.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: for bulk loads).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@uses_graph(neo4j_only=True)
def load(files, datasets, with_article, wipe, dry_run, bulk, batch_size, progress, fmt, open_graph):
    """Validate dataset files and load them into Neo4j (the built-in article by default).
    The embedded graph needs no load: read commands take --dataset and --data.

    A load adds to what the database holds: files may describe ids already
    there (names, aliases and quotes accumulate) and refer to them. Loading a
    file again replaces what its sources said before; what other sources said
    stays; only the difference is written. `agraph retract` removes a source.

    Everything is validated first, against the database too; any problem is
    reported, file by file with line numbers, and nothing is written. The
    plan is printed on stderr: up to 50,000 rows the load is one transaction
    (it completes or leaves the database as it was), above that batches under
    a load marker.

    \b
    Examples:
      agraph load                       # the article, into NEO4J_URI
      agraph load fmf.yaml              # add a file to what the database holds
      agraph load --dataset ai-alliance-roster   # a shipped dataset (`agraph datasets`)
      agraph load --dry-run my.yaml     # validate only (against the database if one is set)
      agraph load --wipe my.yaml --with-article
    """
    from ..dataset import dataset_paths, default_dataset_paths, read_dataset_files

    named = dataset_paths(datasets)
    paths = [*named, *files] or default_dataset_paths()
    if (files or datasets) and with_article:
        paths = list(dict.fromkeys([*default_dataset_paths(), *paths]))
    if dry_run and open_graph.settings is None:  # nothing to check against: the files on their own
        g, dataset, against = None, read_dataset_files(paths), "on their own (no server configured)"
    else:
        g = open_graph()
        dataset, against = g.read_files(paths, wipe=wipe), f"against {g.location}"
    _warn(dataset)
    if dry_run:
        rows = [{"what": what, "count": count} for what, count in dataset.counts().items()]
        click.echo(f"valid: {len(paths)} file(s), checked {against}; dry run, nothing written. Would merge:",
                   err=fmt != "table")
        emit(rows, ["what", "count"], fmt)
        return
    assert g is not None  # only a dry run goes without a server
    plan = g.plan_load(dataset, wipe=wipe, bulk=bulk, batch_size=batch_size)
    click.echo(f"writing {plan.describe()}", err=True)
    show = plan.bulk if progress is None else progress
    with click.progressbar(length=plan.rows, label="loading", file=sys.stderr if show else io.StringIO(),
                           show_eta=True, show_pos=True) as bar:
        summary = g.load(dataset, plan=plan, progress=bar.update)
    if fmt == "table":
        click.echo(f"loaded {len(paths)} file(s) into {g.location}")
    if summary.unknown and fmt == "table":
        click.echo("written: rows already in the database when this load wrote them (another load got there "
                   "first); whether they changed was not checked", err=True)
    emit(summary.as_rows(), summary.columns(), fmt)


@click.command(context_settings=CONTEXT)
@click.argument("source_ids", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="List what would go; write nothing.")
@click.option("--bulk/--single-transaction", default=None,
              help=f"Batches under a load marker, or one transaction. Default: bulk above {SINGLE_TRANSACTION_LIMIT} rows.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@uses_graph(neo4j_only=True)
def retract(source_ids, dry_run, bulk, fmt, open_graph):
    """Remove sources from the Neo4j graph, and everything only they supported.

    What other sources also support stays, without these sources' values and
    quotes (the value shown may change). Lists what goes. A source that is not
    in the graph is an error; so is a retract that would leave another
    source's relationship pointing to a node no source describes any more.
    Nothing is written then. Same guarantees as `agraph load`.

    \b
    Examples:
      agraph sources                            # the sources the graph holds
      agraph retract ibj-ai-alliance --dry-run  # what would go
      agraph retract ibj-ai-alliance
    """
    g = open_graph()
    change = g.retract(source_ids, dry_run=dry_run, bulk=bulk)
    what = "would remove" if dry_run else "removed"
    s = change.summary
    if fmt == "table":
        click.echo(f"{what} {', '.join(source_ids)}: {s.nodes_deleted} node(s) and {s.relationships_deleted} "
                   f"relationship(s) only they supported; {s.nodes_updated + s.relationships_updated} other fact(s) "
                   f"lose their statements" + ("; dry run, nothing written" if dry_run else ""))
    emit(change.removed, ["what", "id", "label", "name"], fmt, empty="nothing else goes: every fact they support has another source")


@click.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@handle_errors
def datasets(fmt):
    """List the datasets shipped with the package: what each holds, its file, its size.

    Read commands answer from the default one (ai-alliance-article) unless given
    --dataset NAME (repeatable: the embedded graph of exactly those); `agraph load
    --dataset NAME` loads one into Neo4j.

    \b
    Examples:
      agraph datasets
      agraph members "Frontier Model Forum" --dataset frontier-model-forum
      agraph load --dataset ai-alliance-roster
    """
    from ..dataset import bundled_datasets

    rows = [{"name": d.name, "default": d.default, "organisations": d.organisations,
             "relationships": d.relationships, "file": d.file.name, "description": d.description}
            for d in bundled_datasets()]
    emit(rows, ["name", "default", "organisations", "relationships", "file", "description"], fmt, True)


COMMANDS = [load, retract, datasets]
