"""Reading and validating dataset files (YAML, or the bulk CSV form) into a :class:`~alliance_graph.model.Dataset`.

Validation happens before anything is written anywhere. Every problem of every
file is collected, each naming the file, the record and (where the file tells) the
line, and raised together as one :class:`~alliance_graph.errors.DatasetError`.
A record with a field error still declares its id (so references to it are not
called unknown) and its references and quotes are still checked: one run reports
everything, with no knock-on noise from what was already reported.

One module per step: :mod:`.files` (files to raw records with lines), :mod:`.fields`
(one record's fields, by their declarations in ``model.py``), :mod:`.sections` and
:mod:`.relationships` (each section's records; the bulk CSV fast path), :mod:`.builder`
(records combined), :mod:`.checks` (checks across records).
The file format is documented in ``docs/dataset-format.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import _resources
from ..errors import DatasetError, Problem
from ..model import Dataset
from .._gc import without_gc_passes
from ..profile import phase
from .builder import READERS, _Builder
from .bundled import DATASETS_ENV, DEFAULT_DATASET, BundledDataset, bundled_datasets, dataset_paths, default_datasets
from .files import (BULK_FILES, MAX_FILE_BYTES, MAX_PROBLEMS, SECTIONS, _csv_record, _csv_rows, _parse_file, expand_folders,
                    is_bulk_folder)

__all__ = ["load_dataset", "default_dataset_paths", "default_datasets", "DATASETS_ENV", "read_dataset_files",
           "bundled_datasets", "dataset_paths",
           "BundledDataset", "DEFAULT_DATASET", "BULK_FILES", "MAX_FILE_BYTES", "SECTIONS"]


def default_dataset_paths() -> list[Path]:
    """The files of the AI Alliance article, the first shipped dataset; :func:`dataset_paths` gives any
    other's, and :func:`default_datasets` names what a graph holds when no dataset is named."""
    return [_resources.data_dir() / "ai-alliance-article.yaml"]


@phase("validate")  # its files' reading is timed as "read" (.files)
@without_gc_passes
def read_dataset_files(paths: Iterable[str | Path], base: Dataset | None = None) -> Dataset:
    """Read, check and combine dataset files.

    Parameters
    ----------
    paths : iterable of str or Path
        YAML dataset files (or bulk CSV folders); they may refer to each other's ids and describe
        the same ids (see :mod:`alliance_graph.merge`).
    base : Dataset, optional
        The graph the files will be loaded into: their references, kinds and names are checked
        against it too. The result holds the files' own content only; merge it with
        :func:`alliance_graph.merge.merge`.

    Returns
    -------
    Dataset
        The combined, validated dataset.

    Raises
    ------
    DatasetError
        With every problem of every file, when any file is invalid.

    Examples
    --------
    >>> ds = read_dataset_files(default_dataset_paths())
    >>> ds.organisations["ibm"].name
    'IBM'
    """
    builder = _Builder(base)
    files = expand_folders(paths)
    if not files:
        raise DatasetError([Problem("(none)", "", "no dataset file given")])
    order: dict[str, int] = {}  # file -> rank, to list problems file by file in the order given
    complete = True  # False when a CSV file was too broken to read to its end
    for path in files:
        order.setdefault(str(path), len(order))
        builder.unit = str(path)
        if is_bulk_folder(path):
            for section in BULK_FILES:
                method = READERS[section]
                csv_path = path / BULK_FILES[section]
                order.setdefault(str(csv_path), len(order))
                first = len(builder.problems)
                rows = _csv_rows(path, section, builder.problems)
                header = next(rows, None)
                if header is None:
                    continue
                # A plainly valid row takes the builder's fast path (plain checks, no per-record machinery);
                # any other row (or every row of a file with unexpected columns) the careful one, which
                # reports its problems. Both give the same dataset for a valid row.
                fast = builder.fast_csv(str(csv_path), section, header)
                share = builder.interned.setdefault
                for i, (line, row) in enumerate(rows):
                    if fast is None or not fast(i, line, row):
                        raw = _csv_record(csv_path, section, header, line, row, builder.problems, share)
                        method(builder, csv_path, section, i, raw)
                        raw.clear()  # what the checks across records need was taken out of it; the rest goes now
                    if len(builder.problems) - first >= MAX_PROBLEMS:
                        rows.close()
                        complete = False
                        builder.problems.append(Problem(
                            str(csv_path), "", f"stopped reading after {MAX_PROBLEMS} problems in this file: its later rows, "
                            "and the checks across records (unknown ids, quotes), were not run; fix these and run again", line))
                        break
            builder.ds.files.append(str(path))
            continue
        doc = _parse_file(path, builder.problems)
        if doc is not None:
            builder.read(path, doc)
            builder.ds.files.append(str(path))
    if complete:
        builder.cross_check()
    if builder.problems:
        problems = list(dict.fromkeys(builder.problems))  # a problem found twice is said once
        problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
        raise DatasetError(problems)
    ds = _one_source_per_address(builder.finish(), base, builder.origin)
    ds.resolved_against = {**(base.sources if base is not None else {}), **ds.sources}
    return ds


def address_key(url: str) -> str:
    """A source's URL as compared for "the same address": scheme and host in lower case, no
    trailing slash, no fragment.

    >>> address_key("HTTPS://Voicebot.ai/2023/07/26/forum/#top") == address_key("https://voicebot.ai/2023/07/26/forum")
    True
    """
    url = url.strip().split("#", 1)[0]
    scheme, sep, rest = url.partition("://")
    if sep:
        host, slash, path = rest.partition("/")
        url = f"{scheme.lower()}://{host.lower()}{slash}{path}"
    return url.rstrip("/")


def _one_source_per_address(ds: Dataset, base: Dataset | None, origin: dict) -> Dataset:
    """A source of the files whose URL is a source's already known (in ``base`` or earlier in the
    files) is that source: one publication counts once in corroboration. Its facts are counted as
    the first id's (its evidence and statements cite that id) and it is left out, with a warning
    naming both ids. A source of the same id is the same source anyway (a reload)."""
    from dataclasses import replace

    from ..merge import resolve
    from ..model import CampStatement

    first: dict[str, str] = {}  # address -> the first source id citing it
    for source in (base.sources.values() if base is not None else ()):
        if source.url:
            first.setdefault(address_key(source.url), source.id)
    alias: dict[str, str] = {}
    for sid, source in ds.sources.items():
        if source.url:
            known = first.setdefault(address_key(source.url), sid)
            if known != sid and (base is None or sid not in base.sources):
                alias[sid] = known
    if not alias:
        return ds
    for sid, known in alias.items():
        rec = origin.get(sid)
        ds.warnings.append(Problem(getattr(rec, "file", "") or "", getattr(rec, "label", "") or f"source {sid}",
                                   f"source {sid!r} has the same url as source {known!r} ({ds.sources[sid].url}): one "
                                   f"publication, so it counts once: what {sid!r} supports is counted as {known!r}'s; "
                                   f"use the id {known!r}", getattr(rec, "line", None)))
        del ds.sources[sid]

    def cited(items):
        return tuple(replace(i, source=alias.get(i.source, i.source)) for i in items)

    sources = {**(base.sources if base is not None else {}), **ds.sources}
    for section in ("organisations", "products", "claims", "relationships"):
        items = getattr(ds, section)
        for key, entity in items.items():
            if not any(x.source in alias for x in (*entity.evidence, *entity.statements)) and not (
                    getattr(entity, "camp", None) is not None and any(e.source in alias for e in entity.camp.evidence)):
                continue
            extra = {}
            if getattr(entity, "camp", None) is not None:
                extra["camp"] = CampStatement(entity.camp.camp, cited(entity.camp.evidence))
            items[key] = resolve(replace(entity, evidence=cited(entity.evidence), statements=cited(entity.statements),
                                         **extra), sources)
    return ds


def load_dataset(paths: Iterable[str | Path] | None = None) -> Dataset:
    """The shipped article dataset, with any extra files loaded into it (as ``agraph load`` would
    into a database holding the article: see :func:`alliance_graph.merge.merge`).

    >>> ds = load_dataset()
    >>> len(ds.organisations) > 10
    True
    """
    builtin = read_dataset_files(default_dataset_paths())
    extra = list(paths or [])
    if not extra:
        return builtin
    from ..merge import merge

    return merge(builtin, read_dataset_files(extra, base=builtin))
