"""Dataset YAML is read by libyaml's parser when PyYAML has it (alliance_graph/dataset/files.py,
``FAST_LOADER``), with the pure loader's limits, lines and messages: both loaders give the same documents
(lines included) on every shipped and test dataset, and the same problems on the bad-input corpus, the
hostile inputs and every character that could make them differ."""

from __future__ import annotations

import pytest
import yaml

from alliance_graph.dataset import files, read_dataset_files
from alliance_graph.errors import DatasetError
from tests.bad_datasets import CASES, write_case
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(files._CLineLoader is None, reason="PyYAML without libyaml")


def shape(value):
    """A document with the lines its mappings and lists remember."""
    if isinstance(value, dict):
        return ("map", getattr(value, "line", None), [(shape(k), shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", getattr(value, "lines", None), [shape(v) for v in value])
    return (type(value).__name__, value)


def outcome(text: str, loader):
    try:
        return "ok", shape(files._load_yaml(text, loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return "error", type(exc).__name__, getattr(exc, "problem", None) or str(exc), mark.line if mark else None
    except RecursionError:
        return "error", "RecursionError"


def test_the_known_difference_is_libyaml_reading_valid_yaml():
    assert files._load_yaml("{a: x?}\n", files._CLineLoader) == {"a": "x?"}


YAML_FILES = sorted({*(ROOT / "alliance_graph" / "data").glob("*.yaml"), *(ROOT / "tests").rglob("*.yaml"),
                     *(ROOT / "docs").rglob("*.yaml")})


def test_fast_loader_is_libyamls():
    assert files.FAST_LOADER is files._CLineLoader


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_loaders_read_every_dataset_alike(path):
    text = path.read_text(encoding="utf-8")
    assert outcome(text, files._CLineLoader) == outcome(text, files._LineLoader)


def test_both_loaders_read_a_generated_map_alike(tmp_path):
    from alliance_graph.synthetic import write_yaml

    out = tmp_path / "map.yaml"
    write_yaml(out, 60, 400, seed=3)
    text = out.read_text(encoding="utf-8")
    assert outcome(text, files._CLineLoader) == outcome(text, files._LineLoader)


def problems(path, loader, monkeypatch):
    monkeypatch.setattr(files, "FAST_LOADER", loader)
    try:
        read_dataset_files([path])
    except DatasetError as exc:
        return [(p.file, p.record, p.message, p.line) for p in exc.problems]
    return []


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_loaders_report_the_same_problems_on_the_bad_corpus(tmp_path, monkeypatch, case):
    path = write_case(tmp_path, case)
    fast = problems(path, files._CLineLoader, monkeypatch)
    assert fast == problems(path, files._LineLoader, monkeypatch)


HOSTILE = {
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)),
    "deep flow nesting": "organisations: " + "[" * 100_000,
    "deep block nesting": "".join(" " * i + f"k{i}:\n" for i in range(200)),
    "too many aliases": "a: &a x\nb: [" + ", ".join(["*a"] * 10_001) + "]\n",
    "duplicate key": "organisations:\n  - {id: a, id: b}\n",
    "timestamp": "sources:\n  - {id: s, published: 2024-01-02}\n",
    "merge key": "x: &x {kind: company}\norganisations:\n  - {<<: *x, id: a, name: A}\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_both_loaders_treat_hostile_yaml_alike(name):
    text = HOSTILE[name]
    assert outcome(text, files._CLineLoader) == outcome(text, files._LineLoader)


CHARACTERS = [*range(0x100), 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF, 0xE000, 0xD7FF, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF]
PLACES = ["a: 'x{}y'\n", "a: x{}y\n", 'a: "x{}y"\n', "a: |\n  x{}y\n", "# c{}\na: 1\n", "{}a: 1\n", "a: 1\n{}",
          "a:{}b\n", "- x{}\n", "{{a: x{}}}\n"]


#: Where libyaml reads valid YAML that PyYAML's pure parser refuses (a bug of PyYAML's): a plain value in a
#: flow mapping ending in "?" (``{name: What?}``). Nothing else differs.
KNOWN = {("0x3f", "{{a: x{}}}\n")}


def test_every_character_anywhere_is_accepted_or_refused_alike():
    differ = []
    for cp in CHARACTERS:
        for place in PLACES:
            text = place.format(chr(cp))
            fast, pure = outcome(text, files._CLineLoader), outcome(text, files._LineLoader)
            if fast != pure and (hex(cp), place) not in KNOWN:
                differ.append((hex(cp), place, fast, pure))
    assert not differ, differ[:5]
