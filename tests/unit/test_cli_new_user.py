"""What a new user hits (issue 22): output folders that do not exist yet, hints that name a command
that works, options as a user types them (several --data files, a folder, --profile after the command,
export --as yaml, draw --camp mixed), and CSV datasets saved by Excel."""

from __future__ import annotations

import json
import sys

import pytest

from tests.bad_datasets import write_good

ARTICLE_COUNTS = "18 nodes, 17 relationships"

SECOND = """\
dataset: second
sources:
  - {id: second-note, title: A second note, language: en}
organisations:
  - {id: gamma-works, name: Gamma Works, kind: company, evidence: [{source: second-note, quote: "Gamma Works"}]}
"""

MIXED = """\
dataset: mixed
sources:
  - {id: s1, title: One, language: en}
  - {id: s2, title: Two, language: en}
organisations:
  - {id: beta-corp, name: Beta Corp, kind: company, camp: {value: closed, evidence: [{source: s2, quote: "Beta is closed"}]}, evidence: [{source: s2, quote: "Beta"}]}
  - {id: gamma-co, name: Gamma Co, kind: company, camp: {value: open, evidence: [{source: s1, quote: "Gamma is open"}]}, evidence: [{source: s1, quote: "Gamma"}]}
relationships:
  - {type: partners-with, from: gamma-co, to: beta-corp, kind: investment, evidence: [{source: s1, quote: "Gamma invests in Beta"}]}
"""


# --------------------------------------------------------------------------- output folders (item 3)

@pytest.mark.parametrize("command,name,wrote", [
    (["export"], "x.json", ARTICLE_COUNTS),
    (["export"], "x.yaml", ARTICLE_COUNTS),
    (["draw"], "x.svg", "(svg)"),
    (["generate", "--orgs", "10", "--relationships", "10"], "x.yaml", "10 organisations"),
])
def test_a_missing_output_folder_is_created_and_said(run, tmp_path, command, name, wrote):
    out = tmp_path / "d" / "e" / name
    result = run(*command, "--out", out)
    assert result.exit_code == 0, result.output
    assert out.is_file() and wrote in result.output
    assert f"created folder {out.parent}" in result.output  # (stderr, mixed in by CliRunner)


@pytest.mark.parametrize("command", [["export"], ["draw"], ["generate", "--orgs", "10", "--relationships", "10"]])
def test_an_unwritable_output_is_a_one_line_error(run, tmp_path, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    suffix = ".svg" if command == ["draw"] else ".yaml"
    result = run(*command, "--out", blocker / f"x{suffix}")  # its folder is a file
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {blocker / f'x{suffix}'}: {blocker} is a file, not a folder\n"


@pytest.mark.parametrize("command,module,writer", [
    (["export"], "alliance_graph.export", "write_export"),
    (["generate", "--orgs", "10", "--relationships", "10"], "alliance_graph.synthetic", "write_yaml"),
])
def test_a_permission_error_is_a_one_line_error(run, tmp_path, monkeypatch, command, module, writer):
    out = tmp_path / "locked" / "x.yaml"
    out.parent.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr(f"{module}.{writer}", refuse)
    result = run(*command, "--out", out)
    assert (result.exit_code, result.output) == (1, f"Error: cannot write {out}: Permission denied\n")


def test_an_unwritable_picture_file_is_a_one_line_error(run, tmp_path):
    taken = tmp_path / "picture.svg"
    taken.mkdir()
    result = run("draw", "--out", taken)
    assert result.exit_code == 1 and result.output.startswith(f"Error: cannot write {taken}: ")
    assert len(result.output.splitlines()) == 1


# --------------------------------------------------------------------------- hints that work (item 4)

def test_a_missing_extra_names_a_command_that_works_from_the_clone(run, tmp_path, monkeypatch):
    """Run from the project folder, the hint is the clone's own install, never the unpublished name."""
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    monkeypatch.setitem(sys.modules, "pandas", None)
    from alliance_graph import AllianceGraph, MissingExtraError

    with AllianceGraph.embedded() as g, pytest.raises(MissingExtraError) as caught:
        g.members("AI Alliance").to_df()
    message = str(caught.value)
    assert "-m pip install '.[analysis]'" in message
    assert "alliance-graph[" not in message


def test_the_install_command_follows_where_the_package_came_from(tmp_path, monkeypatch):
    from alliance_graph import _install

    clone = tmp_path / "my clone"
    (clone / "alliance_graph").mkdir(parents=True)
    (clone / "pyproject.toml").write_text('[project]\nname = "alliance-graph"\n')
    monkeypatch.setattr(_install.sys, "base_prefix", _install.sys.prefix)  # not a virtual environment
    assert _install.extra_install_command("nlp", package_dir=clone / "alliance_graph", cwd=clone) == \
        "python3 -m pip install '.[nlp]'"
    assert _install.extra_install_command("nlp", package_dir=clone / "alliance_graph", cwd=tmp_path) == \
        "python3 -m pip install './my clone[nlp]'"
    # an installed copy (site-packages): where pip says it came from, else the name pip found it under
    site = tmp_path / "site-packages" / "alliance_graph"
    monkeypatch.setattr(_install, "_installed_from", lambda: str(clone))
    assert _install.extra_install_command("nlp", package_dir=site, cwd=clone) == "python3 -m pip install '.[nlp]'"
    monkeypatch.setattr(_install, "_installed_from", lambda: None)
    assert _install.extra_install_command("nlp", package_dir=site, cwd=clone) == \
        "python3 -m pip install 'alliance-graph[nlp]'"


def test_the_install_command_uses_the_virtual_environment_it_runs_in(tmp_path, monkeypatch):
    from alliance_graph import _install

    (tmp_path / "pyproject.toml").write_text('name = "alliance-graph"\n')
    monkeypatch.setattr(_install.sys, "executable", str(tmp_path / ".venv" / "bin" / "python"))
    monkeypatch.setattr(_install.sys, "prefix", str(tmp_path / ".venv"))
    monkeypatch.setattr(_install.sys, "base_prefix", "/usr")
    assert _install.extra_install_command("analysis", package_dir=tmp_path / "alliance_graph", cwd=tmp_path) == \
        ".venv/bin/python -m pip install '.[analysis]'"


def test_no_hint_names_the_unpublished_package():
    from tests.conftest import ROOT

    offenders = []
    for path in [*ROOT.joinpath("alliance_graph").rglob("*.py"), ROOT / "README.md", *ROOT.joinpath("docs").glob("*.md")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "install 'alliance-graph[" in line and "finds nothing" not in line and "would" not in line \
                    and "never" not in line and "_install.py" not in str(path):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


# --------------------------------------------------------------------------- options (item 6)

def test_data_takes_several_files_after_one_option(run, tmp_path):
    good = write_good(tmp_path / "a")
    second = tmp_path / "b" / "second.yaml"
    second.parent.mkdir()
    second.write_text(SECOND, encoding="utf-8")
    result = run("search", "a", "--data", good, second, "--format", "json")  # as `--data */*.yaml` gives them
    assert result.exit_code == 0, result.output
    names = {r["name"] for r in json.loads(result.output)}
    assert {"Alpha", "Gamma Works"} <= names
    # a word naming no file ends the list: it is the command's argument
    result = run("competitors", "--data", good, second, "Alpha", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in json.loads(result.output)] == ["Beta"]


def test_data_takes_a_folder_of_datasets(run, tmp_path):
    folder = tmp_path / "maps"
    good = write_good(folder)
    (folder / "second.yml").write_text(SECOND, encoding="utf-8")
    (folder / "notes.txt").write_text("not a dataset")
    assert good.parent == folder
    result = run("search", "a", "--data", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    assert {"Alpha", "Gamma Works"} <= {r["name"] for r in json.loads(result.output)}
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("stats", "--data", empty)
    assert result.exit_code == 1 and "is a folder holding no dataset" in result.output


def test_profile_is_accepted_after_the_command(run):
    result = run("camp", "closed", "--profile", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "agraph camp profile:" in result.output
    assert "OpenAI" in result.output
    plain = run("camp", "closed", "--format", "json")
    assert "profile" not in plain.output


def test_export_as_yaml_is_the_dataset_form(run, tmp_path):
    result = run("export", "--as", "yaml", "--out", tmp_path / "copy.yaml")
    assert result.exit_code == 0, result.output
    back = run("stats", "--data", tmp_path / "copy.yaml", "--dataset", "frontier-model-forum", "--format", "json")
    assert back.exit_code == 0, back.output
    to_stdout = run("export", "--as", "yaml", "--out", "-")
    assert to_stdout.exit_code == 0 and to_stdout.output.startswith("# Exported by `agraph export --as dataset`")
    wrong = run("export", "--as", "yaml", "--out", tmp_path / "x.json")
    assert wrong.exit_code == 2 and "contradicts" in wrong.output


def test_draw_camp_mixed(run, tmp_path):
    data = tmp_path / "mixed.yaml"
    data.write_text(MIXED, encoding="utf-8")
    assert json.loads(run("camp", "Gamma Co", "--data", data, "--format", "json").output)[0]["camp"] == "mixed"
    out = tmp_path / "mixed.svg"
    result = run("draw", "--out", out, "--camp", "mixed", "--data", data)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out} (svg): 1 nodes")
    assert "Gamma Co" in out.read_text(encoding="utf-8") and "mixed camp only" in out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- Excel's CSV (item 11)

@pytest.fixture
def csv_folder(run, tmp_path):
    folder = tmp_path / "map"
    assert run("generate", "--orgs", "6", "--relationships", "5", "--out", f"{folder}/").exit_code == 0
    return folder


def test_a_csv_header_with_a_byte_order_mark_is_accepted(run, csv_folder):
    plain = run("stats", "--data", csv_folder, "--format", "json")
    for name in ("sources.csv", "organisations.csv", "relationships.csv"):
        path = csv_folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # Excel's "CSV UTF-8"
    marked = run("stats", "--data", csv_folder, "--format", "json")
    assert marked.exit_code == 0, marked.output
    assert marked.output == plain.output


def test_an_unterminated_quote_is_named_with_its_line(run, csv_folder):
    path = csv_folder / "organisations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ',"', 1)  # line 4 opens a quote that nothing closes
    path.write_text("".join(lines), encoding="utf-8")
    result = run("stats", "--data", csv_folder)
    assert result.exit_code == 1
    assert (f"{path}:4 [organisations line 4]: a quoted value opens on line 4 and is never closed"
            in result.output), result.output
    assert "missing required field" not in result.output


def test_a_stray_quote_after_a_quoted_value_is_named_with_its_line(run, csv_folder):
    path = csv_folder / "organisations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first, rest = lines[2].split(",", 1)
    lines[2] = f'"{first}"x,{rest}'
    path.write_text("".join(lines), encoding="utf-8")
    result = run("stats", "--data", csv_folder)
    assert result.exit_code == 1
    assert f"{path}:3 [organisations line 3]: is not valid CSV on line 3" in result.output, result.output

