"""The commands that write files: the whole graph exported, a picture, a synthetic map."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..dates import ALL_TIME
from ..draw import FORMATS as PICTURE_FORMATS
from ..export import EXPORT_FORMATS
from ..model import CAMP_ANSWERS
from ..synthetic import FORMS as SYNTHETIC_FORMS
from .common import CONTEXT, as_of_options, cannot_write, form_of_out, prepare_out, uses_graph

EXPORT_SUFFIXES = {".json": "json", ".graphml": "graphml", ".yaml": "dataset", ".yml": "dataset"}
EXPORT_ALIASES = {"yaml": "dataset", "yml": "dataset"}  # --as yaml: the dataset form is a .yaml file


def _export_form(ctx, param, value):
    return EXPORT_ALIASES.get(value, value)


@click.command(context_settings=CONTEXT)
@click.option("--as", "export_format", type=click.Choice((*EXPORT_FORMATS, *EXPORT_ALIASES)), default=None,
              callback=_export_form,
              help="json: nodes and relationships; graphml; csv: a folder with nodes.csv and relationships.csv; "
                   "dataset (or yaml): one YAML dataset file that loads back into the same graph. "
                   "Default: from the --out suffix (.json, .graphml, .yaml/.yml); a folder or no suffix is csv.")
@click.option("--out", required=True, metavar="PATH",
              help="File or folder to write; - writes json, graphml or dataset to standard output.")
@as_of_options(default=ALL_TIME)
@uses_graph()
def export(export_format, out, open_graph, as_of):
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
    from ..dataset import MAX_FILE_BYTES
    from ..export import export_text, write_export

    fmt = form_of_out(out, export_format, EXPORT_SUFFIXES, "csv", "json")
    graph = open_graph().to_networkx(as_of=as_of)
    summary = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships"
    if out == "-":
        click.echo(export_text(graph, fmt), nl=False)
        click.echo(f"wrote {fmt} to standard output: {summary}", err=True)
        return
    if fmt != "csv":
        prepare_out(Path(out))
    try:
        written = write_export(graph, fmt, Path(out))
    except OSError as exc:
        raise cannot_write(out, exc) from None
    for path in written:
        click.echo(f"wrote {path}")
        if fmt == "dataset" and path.stat().st_size > MAX_FILE_BYTES:
            click.echo(f"Warning: {path} is over the {MAX_FILE_BYTES // 2**20} MB a YAML dataset may have, "
                       "so it will not load back as it is", err=True)
    click.echo(summary)


@click.command(context_settings=CONTEXT)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="File to write; its suffix (.svg, .png, .html) picks the format unless --as is given.")
@click.option("--as", "fmt", type=click.Choice(PICTURE_FORMATS), default=None,
              help="Picture format, whatever the suffix of --out.")
@click.option("--focus", metavar="NAME", default=None, help="Only the neighbourhood of this organisation or product.")
@click.option("--radius", type=click.IntRange(0, 10), default=1, show_default=True, help="Hops around --focus.")
@click.option("--camp", "camp_filter", type=click.Choice(CAMP_ANSWERS), default=None,
              help="Only one camp (mixed: the organisations whose bases disagree).")
@click.option("--title", default=None)
@as_of_options
@uses_graph()
def draw(out, fmt, focus, radius, camp_filter, title, open_graph, as_of):
    """Draw the graph (or one organisation's neighbourhood, or one camp) as SVG, PNG or a
    self-contained interactive HTML page, coloured by camp, with a legend.

    The picture shows the graph as of today, or --as-of DATE, or --all-time. When some
    relationships are dated, the HTML page has a date slider that hides those that did not
    hold on the date it shows.

    \b
    Examples:
      agraph draw --out alliance.svg
      agraph draw --out openai.png --focus OpenAI --radius 2
      agraph draw --out closed.html --camp closed
      agraph draw --out forum-2023.svg --data frontier-model-forum --as-of 2023-12
    """
    from ..dates import ALL_TIME
    from ..draw import draw as draw_graph
    from ..draw import picture_format

    fmt = picture_format(out, fmt)  # a wrong suffix is told before the graph is read
    g = open_graph()
    node = g.resolve(focus) if focus else None
    # the whole graph: an HTML page keeps every relationship (placed as for all time) behind its date slider
    graph = g.to_networkx(as_of=ALL_TIME)
    prepare_out(out)
    try:
        result = draw_graph(graph, out, fmt, focus=node, radius=radius, camp=camp_filter, title=title,
                            as_of=as_of or "today")
    except OSError as exc:
        raise cannot_write(out, exc) from None
    click.echo(f"wrote {result.path} ({result.format}): {result.node_count} nodes, {result.edge_count} relationships")


@click.command(context_settings=CONTEXT)
@click.option("--orgs", type=click.IntRange(4), default=1000, show_default=True, help="Number of organisations.")
@click.option("--relationships", "rels", type=click.IntRange(0), default=10000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--as", "form", type=click.Choice(SYNTHETIC_FORMS), default=None,
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
    from .. import synthetic

    form = form_of_out(out, form, {".yaml": "yaml", ".yml": "yaml"}, "csv", "yaml")
    target = sys.stdout if out == "-" else Path(out)
    if form == "yaml" and out != "-":
        prepare_out(Path(out))
    try:
        path = (synthetic.write_csv if form == "csv" else synthetic.write_yaml)(target, orgs, rels, seed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--relationships") from None
    except OSError as exc:
        raise cannot_write(out, exc) from None
    where = f"{form} to standard output" if out == "-" else f"{path}"
    click.echo(f"wrote {where}: {orgs} organisations, {rels} relationships (seed {seed})", err=out == "-")


COMMANDS = [export, draw, generate]
