"""`agraph load`: validate dataset files, then write them into Neo4j as the load plan says."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from ..model import DEFAULT_BATCH_SIZE, SINGLE_TRANSACTION_LIMIT
from ..output import FORMATS
from .common import CONTEXT, dataset_option, emit, handle_errors, print_warnings, uses_graph


def _warn(dataset, open_graph) -> None:
    print_warnings(dataset.warnings, open_graph.options.get("all_warnings"))


def _command_line(operation: str, items, wipe: bool = False) -> str:
    from ..store.neo4j_store import command_line

    return command_line(operation, [str(i) for i in items], wipe)


def _tell_user(g) -> None:
    """Lines of the store for the user (waiting for the write lock, batches split) go to stderr."""
    if hasattr(g.store, "notify"):
        g.store.notify = lambda message: click.echo(f"note: {message}", err=True)


wait_option = click.option(
    "--wait", type=click.FloatRange(0), default=None, metavar="SECONDS",
    help="How long to wait for another writer's write lock (default 600, or AGRAPH_LOCK_WAIT); 0: not at all.")


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
@wait_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@uses_graph(neo4j_only=True)
def load(files, datasets, with_article, wipe, dry_run, bulk, batch_size, progress, wait, fmt, open_graph):
    """Validate dataset files and load them into Neo4j (by default the shipped datasets, or those
    AGRAPH_DATASETS names).
    The embedded graph needs no load: read commands take --dataset and --data.

    A load adds to what the database holds: files may describe ids already
    there (names, aliases and quotes accumulate) and refer to them. Loading a
    file again replaces what its sources said before; what other sources said
    stays; only the difference is written. `agraph retract` removes a source.
    One writer at a time: a load beside another load or retract waits for
    it (--wait), so neither loses the other's work.

    Everything is validated first, against the database too; any problem is
    reported, file by file with line numbers, and nothing is written. The
    plan is printed on stderr: up to 50,000 rows the load is one transaction
    (it completes or leaves the database as it was), above that batches under
    a load marker.

    \b
    Examples:
      agraph load                       # the shipped datasets, into NEO4J_URI
      agraph load fmf.yaml              # add a file to what the database holds
      agraph load --dataset ai-alliance-roster   # a shipped dataset (`agraph datasets`)
      agraph load --dry-run my.yaml     # validate only (against the database if one is set)
      agraph load --wipe my.yaml --with-article
    """
    from ..dataset import dataset_paths, default_dataset_paths, default_datasets, read_dataset_files

    named = dataset_paths(datasets)
    paths = [*named, *files] or dataset_paths(default_datasets())
    if (files or datasets) and with_article:
        paths = list(dict.fromkeys([*default_dataset_paths(), *paths]))
    if dry_run and open_graph.settings is None:  # nothing to check against: the files on their own
        g, dataset, against = None, read_dataset_files(paths), "on their own (no server configured)"
    elif dry_run:
        g = open_graph()
        dataset, against = g.read_files(paths, wipe=wipe), f"against {g.location}"
    if dry_run:
        _warn(dataset, open_graph)
        rows = [{"what": what, "count": count} for what, count in dataset.counts().items()]
        click.echo(f"valid: {len(paths)} file(s), checked {against}; dry run, nothing written. Would merge:",
                   err=fmt != "table")
        emit(rows, ["what", "count"], fmt)
        return
    g = open_graph()
    _tell_user(g)
    command = _command_line("load", paths, wipe)
    with g.writing(command, wait=wait):  # the files are checked against the graph this load changes
        checked = g.check_files(paths, wipe=wipe)
        _warn(checked.dataset, open_graph)
        plan = g.plan_load(checked.dataset, wipe=wipe, bulk=bulk, batch_size=batch_size)
        click.echo(f"writing {plan.describe()}", err=True)
        show = plan.bulk if progress is None else progress
        with click.progressbar(length=plan.rows, label="loading", file=sys.stderr if show else io.StringIO(),
                               show_eta=True, show_pos=True) as bar:
            summary = g.load(checked, plan=plan, progress=bar.update, command=command)
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
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per statement of a batched retract.")
@wait_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@uses_graph(neo4j_only=True)
def retract(source_ids, dry_run, bulk, batch_size, wait, fmt, open_graph):
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
    _tell_user(g)
    command = _command_line("retract", source_ids)
    if dry_run:
        change = g.retract(source_ids, dry_run=True, bulk=bulk, batch_size=batch_size)
    else:
        with g.writing(command, wait=wait):
            change = g.retract(source_ids, bulk=bulk, batch_size=batch_size, command=command)
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
    """List the datasets shipped with the package: what each holds, its file, its size, its newest
    fact (the latest date among its sources' published dates and its relationships' since and
    until) and when it was last checked against its sources (their newest retrieved date).

    An answer as of today from data whose newest fact is more than six months older says so
    on stderr.

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
             "relationships": d.relationships, "newest_fact": d.newest_fact, "checked": d.checked,
             "file": d.file.name, "description": d.description}
            for d in bundled_datasets()]
    emit(rows, ["name", "default", "organisations", "relationships", "newest_fact", "checked", "file", "description"],
         fmt, True)


@click.command(context_settings=CONTEXT)
@click.option("--force", is_flag=True, help="Clear the lock even if its holder may still be running.")
@uses_graph(neo4j_only=True)
def unlock(force, open_graph):
    """Free the database's write lock, left by a load or retract that died.

    Every load and retract holds the write lock while it runs; one that was
    killed leaves it behind. A lock frees itself a minute after its holder's
    last heartbeat, and at once when its holder was a process of this host
    that no longer runs; `agraph unlock` frees it now. A lock whose holder
    may still be running is left alone unless --force: clearing a live
    writer's lock makes it stop before its next write (nothing is lost, its
    marker says how to complete it).

    \b
    Examples:
      agraph unlock            # frees a dead writer's lock, or says who holds it
      agraph unlock --force
    """
    g = open_graph()
    holder, cleared = g.store.unlock(force=force)
    if holder.free:
        click.echo(f"the write lock of {g.location} is free; nothing to do")
    elif cleared:
        click.echo(f"cleared the write lock held by {holder.describe()}")
        for warning in g.warnings():
            click.echo(f"note: {warning}", err=True)
    else:
        raise click.ClickException(f"the write lock is held by {holder.describe()}, whose lease runs to "
                                   f"{holder.expires}: it may still be running; wait for it, or clear it "
                                   "with `agraph unlock --force`")


COMMANDS = [load, retract, unlock, datasets]
