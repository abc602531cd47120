"""Two people writing to one database at once, against the real server: nothing is lost.

Writers are real `agraph` processes (as two people sharing a database run them). After each race
the graph must be exactly the graph built in one go, embedded, from the files that should remain;
races are repeated (REPEATS) because one lucky interleaving proves nothing. Killed writers are
killed with SIGKILL at random moments (seeded, so a failure can be replayed).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from alliance_graph import AllianceGraph, WriteLockBusy, synthetic
from tests.conftest import ROOT, TEST_PASSWORD, admin_query, wipe_database
from tests.load_sequences import built_in_one_go, dump

pytestmark = pytest.mark.neo4j

REPEATS = {"two loads": 8, "load beside bulk load": 3, "load beside retract": 5, "killed": 4, "killed retract": 3}
SEED = int(os.environ.get("AGRAPH_RACE_SEED", "2112"))


def _source(sid: str) -> dict:
    return {"id": sid, "title": f"Source {sid}", "language": "en", "published": "2024-01-10"}


def _write(path: Path, sid: str, *, country: str, alias: str, camp: str, rival: str) -> Path:
    """One person's file: their source's view of the same organisation (acme) and a rivalry."""
    ev = [{"source": sid, "quote": f"{sid} says so"}]
    doc = {"dataset": sid, "sources": [_source(sid)],
           "organisations": [{"id": "acme", "name": "Acme AI", "kind": "company", "country": country,
                              "aliases": [alias], "camp": {"value": camp, "evidence": ev}, "evidence": ev},
                             {"id": rival, "name": rival.title(), "kind": "company", "evidence": ev}],
           "relationships": [{"type": "competes-with", "from": "acme", "to": rival, "evidence": ev}]}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("writers")
    return {
        "a": _write(folder / "a.yaml", "sa", country="US", alias="Acme", camp="open", rival="beta"),
        "b": _write(folder / "b.yaml", "sb", country="FR", alias="ACME Labs", camp="closed", rival="gamma"),
        "c": _write(folder / "c.yaml", "sc", country="DE", alias="Acme Intl", camp="open", rival="delta"),
        # the bulk load: a synthetic map (one source, "synthetic"), slow enough to be raced and killed
        "map": synthetic.write_csv(folder / "map", 1500, 12000, seed=5),
    }


@pytest.fixture(scope="module")
def expected(files):
    """The graph built in one go from each combination of files the tests end with."""
    cache: dict[tuple[str, ...], tuple] = {}

    def of(*names: str):
        if names not in cache:
            cache[names] = dump(built_in_one_go([files[n] for n in names]))
        return cache[names]

    return of


@pytest.fixture
def env(neo4j_settings):
    out = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "AGRAPH_PROFILE"))}
    out.update(NEO4J_URI=neo4j_settings.uri, NEO4J_USERNAME=neo4j_settings.username,
               NEO4J_PASSWORD=neo4j_settings.password or "", PYTHONPATH=str(ROOT), AGRAPH_LOCK_WAIT="300")
    return out


def agraph(env, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "alliance_graph", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = 300) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"{proc.args[3:]} exited {proc.returncode}:\n{err}"
    return err


def state(settings) -> tuple:
    with AllianceGraph.neo4j(settings) as g:
        return dump(g.to_networkx())


def markers(settings) -> list[dict]:
    return admin_query(settings, "MATCH (m:LoadMarker) RETURN m.command AS command, m.operation AS operation")


def lock_holder(settings):
    with AllianceGraph.neo4j(settings) as g:
        return g.store.lock_holder()


def wait_for_marker(settings, proc, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not markers(settings):
        if proc.poll() is not None:
            raise AssertionError(f"the writer ended (exit {proc.returncode}) before its marker was seen: "
                                 f"{proc.communicate()[1]}")
        assert time.monotonic() < end, "the bulk load wrote no marker"
        time.sleep(0.05)


@pytest.mark.parametrize("run", range(REPEATS["two loads"]))
def test_two_loads_of_one_organisation_at_once_keep_both_sources(neo4j_settings, env, files, expected, run):
    """Before the write lock: one source's statements vanished (a lost update)."""
    wipe_database(neo4j_settings)
    first, second = (("a", "b"), ("b", "a"))[run % 2]
    procs = [agraph(env, "load", str(files[first])), agraph(env, "load", str(files[second]))]
    for p in procs:
        finish(p)
    assert state(neo4j_settings) == expected("a", "b")
    with AllianceGraph.neo4j(neo4j_settings) as g:
        row = g.store.read("MATCH (o:Organisation {id: 'acme'}) RETURN o.aliases AS aliases")[0]
        assert {"Acme", "ACME Labs"} <= set(row["aliases"])
        assert g.warnings() == []
    assert lock_holder(neo4j_settings).free


@pytest.mark.parametrize("run", range(REPEATS["load beside bulk load"]))
def test_a_load_beside_a_bulk_load_deletes_nothing_of_it(neo4j_settings, env, files, expected, run):
    """Before the write lock: the second load read the bulk load half-written and deleted thousands
    of its relationships."""
    wipe_database(neo4j_settings)
    bulk = agraph(env, "load", str(files["map"]), "--bulk", "--batch-size", "200")
    wait_for_marker(neo4j_settings, bulk)
    time.sleep(random.Random(SEED + run).uniform(0, 0.5))
    small = agraph(env, "load", str(files["a"]))
    err = finish(small)
    finish(bulk)
    if "is running" in err:  # it saw the bulk load at work: then it waited for it
        assert "waiting for the write lock" in err, err
    assert state(neo4j_settings) == expected("map", "a")
    assert markers(neo4j_settings) == []


@pytest.mark.parametrize("run", range(REPEATS["load beside retract"]))
def test_a_load_beside_a_retract(neo4j_settings, env, files, expected, run):
    wipe_database(neo4j_settings)
    finish(agraph(env, "load", str(files["a"]), str(files["b"])))
    procs = [agraph(env, "retract", "sb"), agraph(env, "load", str(files["c"]))]
    if run % 2:
        procs.reverse()
    for p in procs:
        finish(p)
    assert state(neo4j_settings) == expected("a", "c")


def _kill_at_random(proc: subprocess.Popen, rng: random.Random, settings) -> bool:
    """SIGKILL the writer at a random moment after it started writing; whether it was killed before
    it finished (its marker is still there)."""
    wait_for_marker(settings, proc)
    time.sleep(rng.uniform(0, 2.0))
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return bool(markers(settings))


@pytest.mark.parametrize("run", range(REPEATS["killed"]))
def test_a_bulk_load_killed_at_random_then_others_then_rerun(neo4j_settings, env, files, expected, run):
    """A killed bulk load: its lock frees at once (a dead process of this host), its marker stays
    through another bulk load finishing, names the command that completes it, and that command
    gives the graph built in one go."""
    rng = random.Random(SEED * 7 + run)
    wipe_database(neo4j_settings)
    command = ["load", str(files["map"]), "--bulk", "--batch-size", "400"]
    killed = agraph(env, *command)
    killed_mid_run = _kill_at_random(killed, rng, neo4j_settings)
    # another person's bulk load, after the kill: it must neither wait for the dead writer nor clear its marker
    start = time.monotonic()
    finish(agraph(env, "load", str(files["a"]), "--bulk", "--wait", "30"))
    assert time.monotonic() - start < 30
    with AllianceGraph.neo4j(neo4j_settings) as g:
        warnings = g.warnings()
    if killed_mid_run:
        [warning] = warnings
        assert f"agraph load {files['map']}" in warning and "did not finish" in warning
    finish(agraph(env, *command[:2]))  # the command the warning gives
    assert state(neo4j_settings) == expected("map", "a")
    with AllianceGraph.neo4j(neo4j_settings) as g:
        assert g.warnings() == []


@pytest.mark.parametrize("run", range(REPEATS["killed retract"]))
def test_a_bulk_retract_killed_at_random_completes_when_run_again(neo4j_settings, env, files, expected, run):
    rng = random.Random(SEED * 13 + run)
    wipe_database(neo4j_settings)
    finish(agraph(env, "load", str(files["map"]), str(files["a"])))
    killed = agraph(env, "retract", "synthetic", "--bulk", "--batch-size", "50")
    killed_mid_run = _kill_at_random(killed, rng, neo4j_settings)
    with AllianceGraph.neo4j(neo4j_settings) as g:
        warnings = g.warnings()
    if killed_mid_run:
        [warning] = warnings
        assert "retract" in warning and "agraph retract synthetic" in warning
        finish(agraph(env, "retract", "synthetic"))  # the command the warning gives
    else:  # it had finished: there is nothing left to retract, and saying so is right
        assert warnings == []
    assert state(neo4j_settings) == expected("a")
    assert markers(neo4j_settings) == []


def test_a_live_lock_makes_a_writer_wait_then_fail_and_unlock_frees_it(neo4j_settings, env, files, expected):
    wipe_database(neo4j_settings)
    finish(agraph(env, "load", str(files["a"])))  # creates the schema
    # a writer on another host, alive as far as anyone here can tell
    admin_query(neo4j_settings, "MERGE (l:WriteLock {id: 'writers'}) SET l.token = 'x', l.owner = 'ana', "
                "l.host = 'elsewhere', l.pid = 4242, l.command = 'agraph load big/', l.started = datetime(), "
                "l.expires = datetime() + duration({minutes: 5})")
    p = agraph(env, "load", str(files["b"]), "--wait", "1")
    _, err = p.communicate(timeout=120)
    assert p.returncode == 1
    assert "another writer holds the database's write lock" in err and "agraph load big/" in err and "ana" in err
    assert "agraph unlock" in err and "Traceback" not in err
    refused = agraph(env, "unlock")
    _, err = refused.communicate(timeout=60)
    assert refused.returncode == 1 and "--force" in err
    out = finish(agraph(env, "unlock", "--force"))
    assert lock_holder(neo4j_settings).free, out
    finish(agraph(env, "load", str(files["b"])))
    assert state(neo4j_settings) == expected("a", "b")


def test_an_expired_lease_frees_the_lock(neo4j_settings, files, expected):
    wipe_database(neo4j_settings)
    with AllianceGraph.neo4j(neo4j_settings) as g:
        g.store.ensure_schema()
        admin_query(neo4j_settings, "MERGE (l:WriteLock {id: 'writers'}) SET l.token = 'x', l.host = 'elsewhere', "
                    "l.pid = 1, l.command = 'agraph load x.yaml', l.started = datetime() - duration({hours: 1}), "
                    "l.expires = datetime() - duration({minutes: 1})")
        told = []
        g.store.notify = told.append
        from alliance_graph import read_dataset_files
        g.load(read_dataset_files([files["a"]]))
    assert any("took over the write lock" in t and "lease ran out" in t for t in told)
    assert state(neo4j_settings) == expected("a")


def test_a_writer_whose_lock_was_taken_over_writes_nothing_more(neo4j_settings, files):
    from alliance_graph import LockLost, read_dataset_files

    wipe_database(neo4j_settings)
    dataset = read_dataset_files([files["map"]])
    committed = []

    def lose_the_lock_after_two_batches(rows):  # called after each committed batch
        committed.append(rows)
        if len(committed) == 2:  # meanwhile someone runs `agraph unlock --force`, and another writer takes it
            admin_query(neo4j_settings, "MATCH (l:WriteLock) SET l.token = 'someone-else'")

    with AllianceGraph.neo4j(neo4j_settings) as g:
        with pytest.raises(LockLost):
            g.load(dataset, bulk=True, batch_size=500, progress=lose_the_lock_after_two_batches)
        assert len(committed) == 2  # the third batch's fence stopped it before it wrote
        nodes = g.store.read("MATCH (n) WHERE n:Organisation OR n:Source RETURN count(n) AS n")[0]["n"]
        assert nodes == sum(committed)
        [warning] = g.warnings()
        assert "did not finish" in warning and "run `agraph load" in warning


def test_a_writer_busy_error_is_one_line_from_the_api(neo4j_settings, files):
    from alliance_graph import read_dataset_files

    wipe_database(neo4j_settings)
    with AllianceGraph.neo4j(neo4j_settings) as holder, AllianceGraph.neo4j(neo4j_settings) as other:
        with holder.writing("agraph load held.yaml"):
            with pytest.raises(WriteLockBusy) as info:
                with other.writing("agraph load other.yaml", wait=0.5):
                    pass
            assert "agraph load held.yaml" in str(info.value)
        other.load(read_dataset_files([files["a"]]))  # free again once the holder is done


@pytest.fixture(scope="module")
def small_memory_server(neo4j_server):
    """A second local server whose transactions may use only 12 MiB (a setting read at start)."""
    if neo4j_server["how"] != "local":
        pytest.skip("needs the local launcher to start a server with its own settings")  # never in CI: local there
    launcher = neo4j_server["launcher"]
    info = launcher.start(password=TEST_PASSWORD, name=f"{neo4j_server['info']['name']}-small-memory",
                          settings={"db.memory.transaction.max": "12m"})
    from alliance_graph import Settings

    yield Settings(info["uri"], "neo4j", TEST_PASSWORD)
    launcher.stop(info["name"])


def test_batches_halve_when_the_server_runs_short_of_memory(small_memory_server, files):
    """Before: a wipe and load of a large graph failed every time on the transaction memory limit,
    saying to run the same load again; only a smaller --batch-size worked."""
    from alliance_graph import LoadFailed, read_dataset_files

    # emptied in small transactions of their own (a server reused from an earlier run holds this test's graph)
    for emptying in ("MATCH ()-[r]->() WITH r LIMIT 500 DELETE r RETURN count(*) AS gone",
                     "MATCH (n) WITH n LIMIT 500 DETACH DELETE n RETURN count(*) AS gone"):
        while admin_query(small_memory_server, emptying)[0]["gone"]:
            pass
    dataset = read_dataset_files([files["map"]])
    told: list[str] = []
    with AllianceGraph.neo4j(small_memory_server) as g:
        g.store.notify = told.append
        with pytest.raises(LoadFailed) as info:  # one transaction cannot hold it: say what to do
            g.load(dataset, bulk=False)
        assert "--bulk" in str(info.value) and "nothing was written" in str(info.value)
        summary = g.load(dataset, bulk=True, batch_size=10_000)
        assert (summary.nodes_created, summary.relationships_created) == (1501, 12000)
        assert summary.smallest_batch and summary.smallest_batch < 10_000
        assert any("--batch-size" in t for t in told)
        told.clear()
        again = g.load(dataset, wipe=True, bulk=True, batch_size=10_000)
        assert (again.nodes_deleted, again.nodes_created, again.relationships_created) == (1501, 1501, 12000)
        assert any("nodes to wipe" in t for t in told)
        assert g.warnings() == []
        assert g.store.counts() == (1501, 12000)  # (reading the whole graph back does not fit in 12 MiB either)
