"""``agraph cache info|clear``: the embedded graphs kept between commands (see
:mod:`alliance_graph.store.graph_cache`)."""

from __future__ import annotations

import datetime as _dt

import click

from ..text import neutralise
from .common import CONTEXT


@click.group(context_settings=CONTEXT)
def cache():
    """The embedded graphs kept between commands: the first command on some data builds the graph
    and keeps it in the user's cache folder; later ones reopen it while the files, the shipped
    datasets and the package are unchanged. AGRAPH_CACHE_DIR moves the folder; --no-cache (or
    AGRAPH_NO_CACHE=1) neither reads nor writes it.

    \b
    Examples:
      agraph cache info
      agraph cache clear
    """


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


@cache.command(context_settings=CONTEXT)
def info():
    """Where the kept graphs are, and each one's inputs, size and day."""
    from ..store import graph_cache as gc_

    folder = gc_.cache_dir()
    click.echo(f"folder:  {neutralise(str(folder))}" + ("" if folder.is_dir() else " (not made yet)"))
    if gc_.disabled_by_env():
        click.echo("off:     AGRAPH_NO_CACHE is set")
    if not folder.is_dir():
        return
    try:
        gc_.ready_dir(create=False)
    except gc_.Refused as exc:
        click.echo(f"refused: {neutralise(str(exc))}; the cache is not used until that is fixed")
        return
    found = gc_.entries(folder)
    click.echo(f"entries: {len(found)}, {_size(sum(p.stat().st_size for p in found))}")
    for path in found:
        try:
            head = gc_.read_header(path)
        except (OSError, ValueError, gc_.Refused) as exc:
            click.echo(f"  {path.name}: unreadable ({neutralise(str(exc))})")
            continue
        made = _dt.datetime.fromtimestamp(head.get("made", 0)).strftime("%Y-%m-%d %H:%M")
        inputs = _inputs(head.get("inputs", []))
        click.echo(f"  {path.stem[:12]}  {made}  {_size(path.stat().st_size)}  {head.get('nodes')} nodes, "
                   f"{head.get('relationships')} relationships: {neutralise(inputs)}")


def _inputs(steps: list[list[str]]) -> str:
    """The steps of a kept graph's build in a line: the shipped datasets by name, other files by path.

    >>> from alliance_graph import _resources
    >>> shipped = str(_resources.data_dir() / "ai-alliance-article.yaml")
    >>> _inputs([[shipped], [str(_resources.data_dir() / "model-releases.yaml")], ["my/map", "extra.yaml"]])
    'shipped ai-alliance-article, model-releases, then my/map + extra.yaml'
    >>> _inputs([["my/map"], [shipped]]) == f"my/map, then {shipped}"  # (after other files: by its path, in its place)
    True
    """
    from pathlib import Path

    from .. import _resources

    data = _resources.data_dir()
    shipped = []
    for step in steps:  # (the shipped datasets come first, each a step of its own)
        if len(step) != 1 or Path(step[0]).parent != data:
            break
        shipped.append(Path(step[0]).stem)
    rest = [" + ".join(step) for step in steps[len(shipped):]]
    return ", then ".join(([f"shipped {', '.join(shipped)}"] if shipped else []) + rest)


@cache.command(context_settings=CONTEXT)
def clear():
    """Remove every kept graph (the next command on each dataset builds it again)."""
    from ..store import graph_cache as gc_

    count, size = gc_.clear()
    click.echo(f"removed {count} file{'' if count == 1 else 's'} ({_size(size)}) from {neutralise(str(gc_.cache_dir()))}")


COMMANDS = [cache]
