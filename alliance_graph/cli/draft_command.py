"""`agraph draft`: propose a dataset from a plain-text article, for a person to review."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..text import neutralise
from .common import CONTEXT, dataset_option, handle_errors


@click.command(context_settings=CONTEXT)
@click.argument("text_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", type=click.Choice(["fr", "en"]), required=True, help="The article's language.")
@click.option("--source-id", required=True, help="Id of the article as a source (a slug, e.g. lemonde-2024-05-ai).")
@click.option("--title", default=None, help="The article's title (default: the file's name, to be fixed in review).")
@click.option("--url", default=None)
@click.option("--published", default=None, help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--publisher", default=None)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="The draft, a .yaml file.")
@dataset_option("Shipped dataset whose organisations and products the draft links to (repeatable; default: "
                "ai-alliance-article).")
@click.option("--data", multiple=True, type=click.Path(path_type=Path),
              help="Dataset file whose names are known too (repeatable).")
@handle_errors
def draft(text_file, lang, source_id, title, url, published, publisher, out, datasets, data):
    """Propose organisations and relationships found in TEXT_FILE, each with a verbatim quote.

    The draft names TEXT_FILE as its source's text_file, so every quote is checked against
    it; it passes `agraph load --dry-run` as written. Names the graph knows (folded for case
    and accents; French elisions such as qu’ and l’ stripped) keep their ids; other names found
    by spaCy (the `nlp` extra) are proposed as new organisations. Relationships come from cues
    inside a sentence (member, founder, joined, partner, investor, competitor, rival; membre,
    fondateur, lancent, rejoint, inclut, partenaire, concurrent...), "according to X" / "selon X"
    becoming the evidence's via. Each record follows a `# REVIEW:` comment saying why it was
    proposed: review, then `agraph load`. Relationships no cue states but a small trained model finds
    likely come last, commented out (`# SUGGESTED, NOT PROPOSED`): they load only if uncommented.

    \b
    Examples:
      agraph draft article.txt --lang fr --source-id lemonde-ai --out lemonde-ai.yaml
      agraph load --dry-run lemonde-ai.yaml
    """
    from ..dataset import dataset_paths, default_dataset_paths, read_dataset_files
    from ..draft.core import SourceInfo, draft_text
    from ..draft.names import Known
    from ..draft.reading import read_article
    from ..draft.writer import draft_yaml

    text = read_article(text_file)  # a bad file is refused before anything slow
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise click.UsageError(f"--out {out}: the draft is a dataset file, give it a .yaml suffix")
    paths = [*dataset_paths(datasets), *data] if datasets or data else default_dataset_paths()
    base = read_dataset_files(paths)
    text_path = os.path.relpath(text_file.resolve(), out.resolve().parent)
    if text_path == os.pardir or text_path.startswith(os.pardir + os.sep):
        # a dataset reads only files in its own folder (SECURITY.md): the article goes next to the draft
        copy = out.parent / text_file.name
        if copy.exists() and read_article(copy) != text:
            raise click.UsageError(f"--out {out}: a dataset reads only files in its own folder, so the draft needs the "
                                   f"article next to it, and {copy} exists with other content; put --out in the "
                                   "article's folder, or choose another folder")
        text_path = text_file.name
    else:
        copy = None
    source = SourceInfo(source_id, title or f"{text_file.name} (title to be given)", lang,
                        text_path.replace(os.sep, "/"), publisher or "", url or "", published or "")
    result = draft_text(text, lang, source, Known.from_dataset(base))
    out.parent.mkdir(parents=True, exist_ok=True)
    if copy is not None and not copy.exists():
        copy.write_text(text, encoding="utf-8")
        click.echo(neutralise(f"copied the article to {copy}: a dataset reads only files in its own folder"), err=True)
    out.write_text(draft_yaml(result), encoding="utf-8")
    orgs = result.organisations
    hows = [r.mentions[0].how for r in orgs]
    s = result.seconds
    if not orgs:
        click.echo(f"no organisation found in {neutralise(str(text_file))}: {out} holds only the source (nothing to review); "
                   f"drafted in {s['draft']:.2f} s", err=True)
    read_dataset_files([out], base=base)  # the draft must pass the loader as written
    if orgs:
        click.echo(f"drafted {out}: {len(orgs)} organisation(s) ({hows.count('known')} known, {hows.count('near')} "
                   f"near a known name, {hows.count('new')} new), {len(result.products)} product(s), "
                   f"{len(result.relationships)} relationship(s)"
                   + (f" and {len(result.guessed)} suggested, commented out" if result.guessed else "")
                   + f"; model load {s['model load']:.1f} s, draft {s['draft']:.2f} s", err=True)
        click.echo(f"valid: `agraph load --dry-run {out}` passes. Review every `# REVIEW:` comment, then load it.",
                   err=True)


COMMANDS = [draft]
