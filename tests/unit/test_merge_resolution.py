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

def source(sid: str, title: str, published: str) -> dict:
    return {"id": sid, "title": title, "language": "en", "published": published}


def org(oid: str, kind: str, country: str | None, said_by: str, quote: str) -> dict:
    """An organisation one source describes (its name: its id capitalised)."""
    return {"id": oid, "name": oid.capitalize(), "kind": kind, **({"country": country} if country else {}),
            "evidence": [{"source": said_by, "quote": quote}]}


def member(who: str, since: str, said_by: str, quote: str) -> dict:
    return {"type": "member-of", "from": who, "to": "club", "since": since,
            "evidence": [{"source": said_by, "quote": quote}]}


BASE = {
    "sources": [source("old", "Old news", "2023-01-10"), source("memo", "A memo", "2023-06")],
    "organisations": [org("acme", "company", "FR", "old", "Acme, a French company"),
                      org("bolt", "company", "DE", "memo", "Bolt of Germany"),
                      org("club", "alliance", None, "old", "the Club")],
    "relationships": [member("acme", "2023-01", "old", "Acme joined the Club")],
}


def incoming(memo_published: str) -> dict:
    """A file read onto the base: a newer source saying other things of known organisations, a new
    organisation, and the base's memo again with another date (a reload of that source) saying
    other things of an organisation and relationship of the base's."""
    return {
        "sources": [source("new", "New news", "2024-02-01"), source("memo", "A memo", memo_published)],
        "organisations": [org("acme", "company", "US", "new", "Acme, now American"),
                          org("bolt", "company", "AT", "memo", "Bolt of Austria"),
                          org("dyna", "company", None, "new", "Dyna")],
        "relationships": [member("bolt", "2023-05", "memo", "Bolt joined the Club"),
                          member("dyna", "2024-01", "new", "Dyna joined")],
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
    alone = {**doc, "organisations": doc["organisations"] + [org("club", "alliance", None, "new", "The Club")]}
    new = read_dataset_files([write(tmp_path, "new.yaml", alone)])  # (not onto the base)
    assert merge(base, new) == merge(unresolved(base), unresolved(new))


def test_the_shipped_datasets_merge_as_they_did_when_all_was_resolved():
    ds = load_dataset([Path(__file__).resolve().parents[1] / "fixtures" / "openness" / "models.yaml"])
    assert resolve_all(unresolved(ds)) == ds
    some = sorted(ds.sources)[:2]
    assert retract(ds, some) == retract(unresolved(ds), some)
