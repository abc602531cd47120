"""Issue 21, items 9 to 16: hostile files and values are refused in one line, nothing is read
that a dataset may not read, nothing hangs, and nothing reaches a terminal or a spreadsheet raw.

Each test names the item of the issue it covers. See SECURITY.md for the rules.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_graph import DatasetError, read_dataset_files
from alliance_graph.cli import cli
from alliance_graph.errors import ConnectionFailed, QueryError
from tests.bad_datasets import SOURCE_TEXT

GOOD_SOURCE = "sources:\n  - {{id: s1, title: Test source, language: fr, text_file: {text_file}}}\n"
QUOTED = """\
organisations:
  - {{id: alpha, name: {name}, kind: company, evidence: [{{source: s1, quote: {quote}}}]}}
"""


def _dataset(folder: Path, text_file="source.txt", name="Alpha", quote='"Alpha et Beta sont concurrents."') -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = folder / "data.yaml"
    path.write_text(GOOD_SOURCE.format(text_file=text_file) + QUOTED.format(name=name, quote=quote), encoding="utf-8")
    return path


def _problems(paths) -> str:
    with pytest.raises(DatasetError) as info:
        read_dataset_files(paths)
    return str(info.value)


def _in_time(fn, seconds=20.0):
    """fn() run in a thread that must end within ``seconds`` (a FIFO must not hang the reader)."""
    box = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s: it hangs"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def test_a_valid_dataset_still_reads(tmp_path):
    ds = read_dataset_files([_dataset(tmp_path)])
    assert ds.sources["s1"].text == SOURCE_TEXT


# --------------------------------------------------------------------------- 9: what a text_file may name


@pytest.mark.parametrize("text_file", ["/etc/passwd", "../outside.txt", "/proc/self/environ", "sub/../../outside.txt"])
def test_9_text_file_outside_the_dataset_folder_is_refused(tmp_path, text_file):
    (tmp_path / "outside.txt").write_text("Alpha et Beta sont concurrents.", encoding="utf-8")
    message = _problems([_dataset(tmp_path / "ds", text_file=text_file)])
    assert "outside the dataset's folder" in message
    assert "data.yaml:2" in message, "the message names the file and the line"


def test_9_a_symlink_leading_out_of_the_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Alpha et Beta sont concurrents. token=abc", encoding="utf-8")
    folder = tmp_path / "ds"
    path = _dataset(folder, text_file="link.txt")
    (folder / "link.txt").symlink_to(secret)
    assert "outside the dataset's folder" in _problems([path])


def test_9_the_quote_check_is_no_oracle_on_a_file_outside(tmp_path, monkeypatch):
    """A quote holding a prefix of an environment secret does not validate: the file is never read."""
    monkeypatch.setenv("AGRAPH_TEST_SECRET", "hunter2-very-secret")
    path = _dataset(tmp_path, text_file="/proc/self/environ", quote='"AGRAPH_TEST_SECRET=hun"')
    message = _problems([path])
    assert "outside the dataset's folder" in message and "hunter2" not in message


def test_9_a_symlink_inside_the_folder_is_fine(tmp_path):
    folder = tmp_path / "ds"
    path = _dataset(folder, text_file="link.txt")
    (folder / "link.txt").symlink_to(folder / "source.txt")
    assert read_dataset_files([path]).sources["s1"].text == SOURCE_TEXT


def test_9_a_bulk_csv_file_linking_out_of_its_folder_is_refused(tmp_path):
    folder = tmp_path / "bulk"
    folder.mkdir()
    (folder / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (folder / "sources.csv").write_text("id,title,language,text_file\ns1,Test,fr,source.txt\n", encoding="utf-8")
    (tmp_path / "elsewhere.csv").write_text("id,name,kind\nalpha,Alpha,company\n", encoding="utf-8")
    (folder / "organisations.csv").symlink_to(tmp_path / "elsewhere.csv")
    assert "organisations.csv: is outside the dataset's folder" in _problems([folder])


# --------------------------------------------------------------------------- 10: devices, FIFOs, sizes


def test_10_dev_zero_as_text_file_is_refused_at_once(tmp_path):
    folder = tmp_path / "ds"
    path = _dataset(folder, text_file="zero")
    (folder / "zero").symlink_to("/dev/zero")  # inside the folder by name, a device in fact
    message = _in_time(lambda: _problems([path]))
    assert "outside the dataset's folder" in message or "not a regular file" in message


def test_10_dev_zero_as_a_dataset_path_is_refused_at_once():
    message = _in_time(lambda: _problems(["/dev/zero"]))
    assert "/dev/zero: is a character device, not a regular file" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_10_a_fifo_as_text_file_or_dataset_path_does_not_hang(tmp_path):
    folder = tmp_path / "ds"
    path = _dataset(folder, text_file="pipe")
    os.mkfifo(folder / "pipe")
    assert "is a FIFO (named pipe), not a regular file" in _in_time(lambda: _problems([path]))
    assert "is a FIFO (named pipe), not a regular file" in _in_time(lambda: _problems([folder / "pipe"]))


def test_10_a_text_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from alliance_graph.dataset import sections  # (the source section's reader reads text files)

    monkeypatch.setattr(sections, "MAX_TEXT_FILE_BYTES", 10)
    assert "over the limit of 10 bytes" in _problems([_dataset(tmp_path)])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_10_draft_refuses_dev_zero_and_a_fifo_without_reading_them(tmp_path, no_neo4j_env):
    os.mkfifo(tmp_path / "pipe")
    for article in ("/dev/zero", str(tmp_path / "pipe")):
        result = _in_time(lambda: CliRunner().invoke(cli, ["draft", article, "--lang", "en", "--source-id", "x",
                                                           "--out", str(tmp_path / "d.yaml")]))
        assert result.exit_code == 1 and "not a regular file" in result.output, result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


# --------------------------------------------------------------------------- 11: YAML bombs


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
organisations: *i
"""


def test_11_an_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    message = _in_time(lambda: _problems([path]), seconds=10)
    assert "too many aliases" in message
    assert len(message) < 1000, "no value is printed whole"


def test_11_a_few_aliases_are_still_fine(tmp_path):
    folder = tmp_path / "ds"
    path = _dataset(folder)
    path.write_text(GOOD_SOURCE.format(text_file="source.txt") + """\
organisations:
  - {id: alpha, name: Alpha, kind: company, evidence: &ev [{source: s1, quote: "Alpha et Beta sont concurrents."}]}
  - {id: beta, name: Beta, kind: company, evidence: *ev}
""", encoding="utf-8")
    assert set(read_dataset_files([path]).organisations) == {"alpha", "beta"}


def test_11_a_huge_wrong_value_is_not_printed_whole(tmp_path):
    path = _dataset(tmp_path)
    path.write_text(GOOD_SOURCE.format(text_file="source.txt")
                    + "organisations:\n  - {id: alpha, kind: company, name: [" + ", ".join(["xyz"] * 50_000) + "]}\n",
                    encoding="utf-8")
    message = _problems([path])
    assert "must be text, got list" in message and len(message) < 1000


# --------------------------------------------------------------------------- 12: control characters


@pytest.mark.parametrize("name, what", [
    ('"Alpha\\e]0;owned\\a"', "U+001B"),  # ESC (title change), BEL
    ('"Alpha\\u202eahplA"', "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ('"Al\\u200bpha"', "U+200B (ZERO WIDTH SPACE)"),
    ('"Alpha\\x9b2J"', "U+009B"),  # C1 CSI
])
def test_12_control_characters_in_a_name_are_refused_with_file_and_line(tmp_path, name, what):
    message = _problems([_dataset(tmp_path, name=name)])
    assert f"data.yaml:4 [organisations[0] id=alpha]: field 'name' holds {what}" in message
    assert "delete it" in message
    assert "\x1b" not in message and "\u202e" not in message, "the message itself is safe to print"


def test_12_control_characters_in_a_quote_are_refused(tmp_path):
    message = _problems([_dataset(tmp_path, quote='"Alpha et Beta\\e[2J sont concurrents."')])
    assert "evidence[0] quote holds U+001B" in message


def test_12_a_quote_matches_a_text_holding_invisible_characters(tmp_path):
    path = _dataset(tmp_path)
    (tmp_path / "source.txt").write_text("Alpha et\u200b Beta sont\u202a concurrents.", encoding="utf-8")
    assert "alpha" in read_dataset_files([path]).organisations


def test_12_the_csv_fast_path_refuses_them_too(tmp_path):
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("id,title,language,text_file\ns1,Test,fr,source.txt\n", encoding="utf-8")
    (tmp_path / "organisations.csv").write_text("id,name,kind\nalpha,Alpha,company\nbeta,Beta,company\n",
                                                encoding="utf-8")
    (tmp_path / "relationships.csv").write_text(
        "type,from,to,source,quote\ncompetes-with,alpha,beta,s1,Alpha et Beta\x07 sont concurrents.\n",
        encoding="utf-8")
    assert "quote holds U+0007" in _problems([tmp_path])


def test_12_tables_and_error_lines_never_send_control_characters_raw():
    from alliance_graph.output import render

    hostile = "Evil\x1b]0;pwned\x07\u202eCorp\x9b2J"
    for text in (render([{"name": hostile, hostile: 1}], ["name", hostile], "table"),
                 render([{"name": hostile, "note": hostile * 5}], ["name", "note"], "table", layout="record")):
        assert not any(ch in text for ch in "\x1b\x07\u202e\x9b")
        assert "Evil\\x1b]0;pwned\\x07\\u202eCorp\\x9b2J" in text
    from alliance_graph.cli.common import AgraphError
    from alliance_graph.errors import UnknownEntityError

    assert "\x1b" not in AgraphError(UnknownEntityError(hostile)).format_message()


# --------------------------------------------------------------------------- 13: CSV and GraphML output


FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd", "-2+3+cmd", "\tTAB", "\rCR"]


def test_13_csv_output_neutralises_formulas_and_keeps_numbers():
    import csv
    import io

    from alliance_graph.output import render

    rows = [{"name": f, "n": -3, "t": "-3"} for f in FORMULAS]
    text = render(rows, ["name", "n", "t"], "csv")
    parsed = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [r[0] for r in parsed] == ["'" + f for f in FORMULAS]
    assert all(r[1] == "-3" and r[2] == "-3" for r in parsed), "numbers stay numbers"


@pytest.fixture
def hostile_graph():
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("evil", labels=("Organisation",), id="evil", name="=HYPERLINK(\"http://x\")\x1b[2J\x07",
               aliases=["@SUM(A1)"], kind="company")
    g.add_node("ok", labels=("Organisation",), id="ok", name="OK", kind="company", value=-3)
    g.add_edge("evil", "ok", key="r1", type="competes-with", id="r1", note="+cmd\x00")
    return g


def test_13_csv_export_neutralises_formulas(tmp_path, hostile_graph):
    import csv

    from alliance_graph.export import write_export

    nodes, _rels = write_export(hostile_graph, "csv", tmp_path / "out")
    with nodes.open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["evil"]["name"].startswith("'=HYPERLINK")
    assert rows["ok"]["value"] == "-3"
    for path in (nodes, _rels):
        for row in csv.reader(path.open(encoding="utf-8", newline="")):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), row


def test_13_graphml_of_data_with_control_characters_is_well_formed_xml(hostile_graph):
    from alliance_graph.export import export_text

    text = export_text(hostile_graph, "graphml")
    xml.dom.minidom.parseString(text.encode("utf-8"))  # raises on a document that is not XML
    assert "\\x1b[2J\\x07" in text


# --------------------------------------------------------------------------- 14: one-line errors


def test_14_yaml_nested_3000_deep_is_one_problem(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("organisations: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    message = _problems([path])
    assert "nested more than" in message and len(message.splitlines()) <= 3


def test_14_a_csv_field_over_128_kib_is_one_problem_with_its_line(tmp_path):
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("id,title,language,text_file\ns1,Test,fr,source.txt\n", encoding="utf-8")
    (tmp_path / "organisations.csv").write_text(
        "id,name,kind,description\nalpha,Alpha,company,ok\nbeta,Beta,company," + "x" * 200_000 + "\n",
        encoding="utf-8")
    message = _problems([tmp_path])
    assert "organisations.csv:3 " in message and "cannot be read as CSV on line 3 (field larger than field limit" in message


def test_14_a_csv_header_naming_a_column_twice_is_refused_with_its_line(tmp_path):
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("id,title,language,text_file\ns1,Test,fr,source.txt\n", encoding="utf-8")
    (tmp_path / "organisations.csv").write_text("id,name,kind,name\nalpha,Alpha,company,Evil\n", encoding="utf-8")
    message = _problems([tmp_path])
    assert "organisations.csv:1 [header]: names column 'name' twice" in message


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "https://db.example", "ftp://x", "127.0.0.1:7687"])
def test_14_a_uri_that_is_not_bolt_is_one_line(uri, no_neo4j_env):
    result = CliRunner().invoke(cli, ["stats", "--uri", uri])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: bad Neo4j URI") and len(result.output.strip().splitlines()) == 1


def test_14_a_forged_cursor_holding_a_huge_number_is_refused():
    from alliance_graph.paging import decode_cursor

    for value in (10**29, -(2**63) - 1, float("inf")):
        body = base64.urlsafe_b64encode(json.dumps([value, "x", "y"]).encode()).decode().rstrip("=")
        with pytest.raises(QueryError, match="holds a value no page key has"):
            decode_cursor("search", f"search:{body}", ("int", "text", "text"))
    nested = base64.urlsafe_b64encode(b"[" * 3000 + b"]" * 3000).decode()
    with pytest.raises(QueryError):
        decode_cursor("search", f"search:{nested}", ("int", "text", "text"))


def test_14_a_forged_cursor_is_one_line_on_the_cli(no_neo4j_env):
    body = base64.urlsafe_b64encode(json.dumps([10**29, "x", "y"]).encode()).decode().rstrip("=")
    result = CliRunner().invoke(cli, ["search", "ai", "--after", f"search:{body}"])
    assert result.exit_code == 1 and "Traceback" not in result.output and "no page key has" in result.output


# --------------------------------------------------------------------------- 15: draft YAML injection


def test_15_a_file_name_with_line_breaks_injects_nothing_into_the_draft():
    import yaml

    from alliance_graph.draft.core import Draft, SourceInfo
    from alliance_graph.draft.writer import draft_yaml

    evil = "a\norganisations:\n  - {id: injected, name: Injected, kind: company}\n#.txt"
    draft = Draft(SourceInfo("src", f"{evil} (title to be given)", "en", evil, "", "", ""), [], [], {})
    text = draft_yaml(draft)
    doc = yaml.safe_load(text)
    assert set(doc) == {"dataset", "sources"}, "no section was injected"
    assert doc["sources"][0]["text_file"] == evil and doc["sources"][0]["title"].startswith(evil)
    assert text.splitlines()[0].startswith("# DRAFT proposed by `agraph draft` from ")
    assert all(line.startswith("#") for line in text.splitlines()[:4])


# --------------------------------------------------------------------------- 16: no password in URI errors


@pytest.mark.parametrize("uri, secret", [
    ("Bolt://neo4j:Sup3rSecret@127.0.0.1:7687", "Sup3rSecret"),
    ("BOLT://neo4j:Sup3rSecret@127.0.0.1:7687", "Sup3rSecret"),
    ("bolt://neo4j:pa@ss/w0rd@127.0.0.1:7687", "pa@ss/w0rd"),
    ("neo4j+s://neo4j:p/a@ss@db.example", "p/a@ss"),
    ("Neo4j://me:x:y@z@db.example:7687/db?a=b", "x:y@z"),
])
def test_16_the_password_is_never_printed_in_a_bad_uri_message(uri, secret):
    from alliance_graph import Settings
    from alliance_graph.store.neo4j_store import Neo4jStore

    with pytest.raises(ConnectionFailed) as info:
        Neo4jStore(Settings(uri, password="other-secret"))
    message = str(info.value)
    assert message.startswith("bad Neo4j URI")
    for part in {secret, *secret.replace("/", "@").split("@")} - {""}:
        if len(part) >= 3:
            assert part not in message, message
    assert "other-secret" not in message
