"""A merge resolves again only what it changes (issue 23, the embedded build): the result must be
the dataset a merge that resolves everything gives, whatever the files say."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from alliance_graph import read_dataset_files
from alliance_graph.dataset import load_dataset
from alliance_graph.merge import merge, resolve_all, retract

BASE = {
    "sources": [{"id": "old", "title": "Old news", "language": "en", "published": "2023-01-10"},
                {"id": "memo", "title": "A memo", "language": "en", "published": "2023-06"}],
    "organisations": [
        {"id": "acme", "name": "Acme", "kind": "company", "country": "FR",
         "evidence": [{"source": "old", "quote": "Acme, a French company"}]},
        {"id": "bolt", "name": "Bolt", "kind": "company", "country": "DE",
         "evidence": [{"source": "memo", "quote": "Bolt of Germany"}]},
        {"id": "club", "name": "Club", "kind": "alliance",
         "evidence": [{"source": "old", "quote": "the Club"}]},
    ],
    "relationships": [
        {"type": "member-of", "from": "acme", "to": "club", "since": "2023-01",
         "evidence": [{"source": "old", "quote": "Acme joined the Club"}]},
    ],
}


def incoming(memo_published: str) -> dict:
    """A file read onto the base: a newer source saying other things of known organisations, a new
    organisation, and the base's memo again with another date (a reload of that source) saying
    other things of an organisation and relationship of the base's."""
    return {
        "sources": [{"id": "new", "title": "New news", "language": "en", "published": "2024-02-01"},
                    {"id": "memo", "title": "A memo", "language": "en", "published": memo_published}],
        "organisations": [
            {"id": "acme", "name": "Acme", "kind": "company", "country": "US",
             "evidence": [{"source": "new", "quote": "Acme, now American"}]},
            {"id": "bolt", "name": "Bolt", "kind": "company", "country": "AT",
             "evidence": [{"source": "memo", "quote": "Bolt of Austria"}]},
            {"id": "dyna", "name": "Dyna", "kind": "company",
             "evidence": [{"source": "new", "quote": "Dyna"}]},
        ],
        "relationships": [
            {"type": "member-of", "from": "bolt", "to": "club", "since": "2023-05",
             "evidence": [{"source": "memo", "quote": "Bolt joined the Club"}]},
            {"type": "member-of", "from": "dyna", "to": "club", "since": "2024-01",
             "evidence": [{"source": "new", "quote": "Dyna joined"}]},
        ],
    }


def write(folder: Path, name: str, doc: dict) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def unresolved(ds):
    """``ds`` as a dataset of unknown resolution: a merge must resolve all of it."""
    return replace(ds, sources=dict(ds.sources), organisations=dict(ds.organisations), products=dict(ds.products),
                   claims=dict(ds.claims), relationships=dict(ds.relationships), resolved_against=None)


@pytest.mark.parametrize("memo_published", ["2022-01", "2023-06", "2025-03-04"])
def test_a_merge_resolving_what_changed_equals_one_resolving_everything(tmp_path, memo_published):
    base = read_dataset_files([write(tmp_path, "base.yaml", BASE)])
    new = read_dataset_files([write(tmp_path, "new.yaml", incoming(memo_published))], base=base)
    full = merge(unresolved(base), unresolved(new))
    quick = merge(base, new)
    assert quick == full
    assert quick.organisations["acme"].disputed == ("country",)
    assert quick.organisations["acme"].country == "US"  # the newer source's value is shown
    # what the merge did not touch is the base's own object, resolved once
    assert quick.organisations["club"] is base.organisations["club"]


def test_a_file_read_without_the_base_is_resolved_again_in_the_merge(tmp_path):
    base = read_dataset_files([write(tmp_path, "base.yaml", BASE)])
    doc = incoming("2025-03-04")
    alone = {**doc, "organisations": doc["organisations"] + [
        {"id": "club", "name": "The Club", "kind": "alliance", "evidence": [{"source": "new", "quote": "The Club"}]}]}
    new = read_dataset_files([write(tmp_path, "new.yaml", alone)])  # (not onto the base)
    assert merge(base, new) == merge(unresolved(base), unresolved(new))


def test_the_shipped_datasets_merge_as_they_did_when_all_was_resolved():
    ds = load_dataset([Path(__file__).resolve().parents[1] / "fixtures" / "openness" / "models.yaml"])
    assert resolve_all(unresolved(ds)) == ds
    some = sorted(ds.sources)[:2]
    assert retract(ds, some) == retract(unresolved(ds), some)
