"""The kept embedded graph (alliance_graph/store/graph_cache.py): reopened while the inputs are unchanged
(proved by the profile's phases and the entry's status, never by timing), rebuilt when an input, a file a
dataset names, the version or the package's code changes, ignored with one line when corrupt, foreign or
writable by others (and never unpickled then), whole when two processes build at once, and answering
what a fresh build answers (every golden call)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import alliance_graph
from alliance_graph import AllianceGraph
from alliance_graph.cli import cli
from alliance_graph.profile import profiling
from alliance_graph.queries.registry import registry
from alliance_graph.store import cache_files, graph_cache
from tests.conftest import ROOT
from tests.golden_files import EXTRA_FILES, differences, read_golden, replay

POSIX = hasattr(os, "getuid")






def opened(data, **kwargs):
    """(the AI Alliance's members, the phases recorded while opening the graph and closing it)."""
    with profiling() as p:
        g = AllianceGraph.embedded(data, builtin=False, cache=True, **kwargs)
        names = sorted(m.name for m in g.members("AI Alliance"))
        g.close()
    return names, set(p.timings())


def built(phases: set) -> bool:
    return {"read", "validate", "build"} <= phases


def test_the_second_opening_reopens_the_kept_graph(kept_cache, article_copy):
    first_names, first = opened([article_copy])
    assert built(first) and "cache" in first  # built, then kept
    assert len(list(kept_cache.glob("*.graph"))) == 1
    names, second = opened([article_copy])
    assert names == first_names
    assert "cache" in second and not ({"read", "validate", "build"} & second)  # nothing read, checked or built
    g = AllianceGraph.embedded([article_copy], builtin=False, cache=True)
    assert g.store.files == [str(article_copy)]  # the files and warnings come back too
    g.close()


def test_the_cli_reopens_it_and_no_cache_bypasses_it(kept_cache, no_neo4j_env):
    runner = CliRunner()
    run = lambda *a: runner.invoke(cli, ["--profile", *a, "stats", "--format", "json"], catch_exceptions=False)
    first, second, bypass = run(), run(), run("--no-cache")
    assert first.stdout == second.stdout == bypass.stdout
    assert "\nbuild " in first.stderr and "\ncache " in first.stderr
    assert "\nbuild " not in second.stderr and "\ncache " in second.stderr
    assert "\nbuild " in bypass.stderr and "\ncache " not in bypass.stderr
    info = runner.invoke(cli, ["cache", "info"], catch_exceptions=False).stdout
    assert str(kept_cache) in info and "entries: 1" in info and "relationships: shipped ai-alliance-article" in info
    cleared = runner.invoke(cli, ["cache", "clear"], catch_exceptions=False).stdout
    assert cleared.startswith("removed 2 files")  # the entry and the key
    assert not list(kept_cache.glob("*.graph"))
    assert "\nbuild " in run().stderr


def test_the_environment_turns_it_off(kept_cache, article_copy, monkeypatch):
    monkeypatch.setenv("AGRAPH_NO_CACHE", "1")
    opened([article_copy])
    assert not kept_cache.exists()


def test_a_changed_input_rebuilds_it(kept_cache, article_copy):
    opened([article_copy])
    text = article_copy.read_text(encoding="utf-8")
    article_copy.write_text(text.replace("name: IBM\n", "name: IBM Corp\n", 1), encoding="utf-8")
    names, phases = opened([article_copy])
    assert built(phases) and "IBM Corp" in names
    # a file the dataset names (the source's text_file) is an input too
    opened([article_copy])
    text_file = article_copy.parent / "ai-alliance-article.fr.txt"
    text_file.write_text(text_file.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
    assert built(opened([article_copy])[1])
    assert not built(opened([article_copy])[1])
    # other paths (the same content elsewhere) or other steps are other entries
    other = article_copy.parent / "copy.yaml"
    shutil.copy(article_copy, other)
    assert built(opened([other])[1])
    assert built(opened([article_copy], datasets=["frontier-model-forum"])[1])


def test_a_new_version_or_new_code_rebuilds_it(kept_cache, article_copy, monkeypatch):
    opened([article_copy])
    monkeypatch.setattr(alliance_graph, "__version__", "9.9.9")
    assert built(opened([article_copy])[1])
    assert not built(opened([article_copy])[1])
    monkeypatch.setattr(cache_files, "_SOURCE", "a developer changed a .py file")
    assert built(opened([article_copy])[1])
    monkeypatch.setattr(graph_cache, "_today", lambda: "2099-01-01")  # camps are read as of the day built
    assert built(opened([article_copy])[1])


def _entry(kept_cache: Path) -> Path:
    (entry,) = kept_cache.glob("*.graph")
    return entry


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "not an entry", "another key"])
def test_a_corrupt_entry_is_ignored_with_one_line_and_rebuilt(kept_cache, article_copy, capsys, damage):
    names, _ = opened([article_copy])
    entry = _entry(kept_cache)
    data = bytearray(entry.read_bytes())
    if damage == "flip a byte":
        data[-100] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "not an entry":
        data = bytearray(b"hello")
    else:
        (kept_cache / "key").write_bytes(os.urandom(32))
    entry.write_bytes(bytes(data))
    capsys.readouterr()
    again, phases = opened([article_copy])
    err = capsys.readouterr().err
    assert again == names and built(phases)
    assert len(err.strip().splitlines()) == 1 and str(entry) in err and "building it" in err
    assert not built(opened([article_copy])[1])  # kept anew, whole
    assert capsys.readouterr().err == ""


class _Boom:
    def __reduce__(self):
        return (os.system, (f"touch {MARK}",))


MARK = Path("/nonexistent")


def _plant(kept_cache: Path, article_copy: Path, tmp_path, sign: bool) -> Path:
    """A hostile pickle in place of the entry (signed with the user's key, or not): running it touches MARK."""
    global MARK
    MARK = tmp_path / "pwned"
    entry = _entry(kept_cache)
    payload = pickle.dumps(_Boom())
    header = b'{"format": 1}'
    key = (kept_cache / "key").read_bytes() if sign else os.urandom(32)
    mac = graph_cache._mac(key, entry.stem, header, payload)
    entry.write_bytes(graph_cache.MAGIC + mac + len(header).to_bytes(8, "big") + header + payload)
    return entry


def test_an_unsigned_pickle_is_never_unpickled(kept_cache, article_copy, tmp_path, capsys):
    opened([article_copy])
    _plant(kept_cache, article_copy, tmp_path, sign=False)
    capsys.readouterr()
    assert built(opened([article_copy])[1])
    assert not MARK.exists()
    assert "signature" in capsys.readouterr().err


@pytest.mark.skipif(not POSIX, reason="owners and modes are POSIX's")
@pytest.mark.parametrize("who", ["group-writable entry", "world-writable folder", "group-writable key", "a link"])
def test_a_file_others_could_write_is_never_read(kept_cache, article_copy, tmp_path, capsys, who):
    names, _ = opened([article_copy])
    entry = _plant(kept_cache, article_copy, tmp_path, sign=True)  # (signed: only the owner and mode checks stand in the way)
    if who == "group-writable entry":
        entry.chmod(0o620)
    elif who == "world-writable folder":
        kept_cache.chmod(0o777)
    elif who == "group-writable key":
        (kept_cache / "key").chmod(0o660)
    else:
        target = tmp_path / "elsewhere.graph"
        entry.rename(target)
        entry.symlink_to(target)
    capsys.readouterr()
    again, phases = opened([article_copy])
    err = capsys.readouterr().err
    assert not MARK.exists(), "a file others could write was unpickled"
    assert again == names and built(phases)
    assert len(err.strip().splitlines()) >= 1 and "agraph:" in err


@pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="needs root to give a file to another user")
def test_an_entry_of_another_user_is_never_read(kept_cache, article_copy, tmp_path, capsys):
    opened([article_copy])
    entry = _plant(kept_cache, article_copy, tmp_path, sign=True)
    os.chown(entry, 65534, 65534)
    capsys.readouterr()
    assert built(opened([article_copy])[1])
    assert not MARK.exists()
    assert "belongs to another user" in capsys.readouterr().err


@pytest.mark.skipif(not POSIX, reason="modes are POSIX's")
def test_the_folder_and_files_are_the_owners_alone(kept_cache, article_copy):
    opened([article_copy])
    assert kept_cache.stat().st_mode & 0o777 == 0o700
    for path in kept_cache.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_two_processes_building_at_once_leave_one_whole_entry(kept_cache, article_copy, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AGRAPH_CACHE_DIR": str(kept_cache)}
    env.pop("NEO4J_URI", None)
    command = [sys.executable, "-m", "alliance_graph", "--profile", "members", "AI Alliance", "--format", "json",
               "--dataset", "ai-alliance-roster", "--data", str(article_copy)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    outs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1
    assert not any("agraph:" in e for _, e in outs)  # no process saw a half-written entry
    assert len(list(kept_cache.glob("*.graph"))) == 1 and not list(kept_cache.glob(".*.tmp"))
    after = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert after.stdout == outs[0][0] and "\nbuild " not in after.stderr and "agraph:" not in after.stderr


def test_a_kept_graph_answers_every_golden_call_as_a_fresh_build(kept_cache):
    """Every golden call on a fresh build (which keeps the graph and the indexes, orders and as-of views the
    calls built beside it), then on the graph reopened from the entry: the same rows, cursors included."""
    answers = {}
    for attempt in ("fresh", "kept"):
        with profiling() as p:
            graph = AllianceGraph.embedded(EXTRA_FILES, cache=True)
        assert built(set(p.timings())) == (attempt == "fresh")
        if attempt == "kept":
            assert graph_cache.beside_size(graph.store) > 0  # the indexes came back with it
        answers[attempt] = {}
        for name, query in sorted(registry().items()):
            _, golden = read_golden(name)
            answers[attempt][name] = replay(graph, query, golden)
            assert not differences(golden, answers[attempt][name]), f"{attempt} {name}"
        graph.close()
    assert answers["kept"] == answers["fresh"]
