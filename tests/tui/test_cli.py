"""The command line, run as a user runs it: the installed `polyglance` entry point."""

import json
import os
import subprocess
import sys

import pytest


def run(*args, env=None, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def test_index_then_docs_json(seeds_dir, tmp_path):
    index = tmp_path / "i.sqlite"
    summary = json.loads(run("index", str(seeds_dir), "--index", str(index), "--json").stdout)
    assert summary["indexed"] == 5 and summary["skipped"] == []
    docs = json.loads(run("docs", "--index", str(index), "--json").stdout)
    assert [set(d) for d in docs] == [{"id", "path", "lang", "title", "source_url", "date", "paragraphs"}] * 5
    by_path = {d["path"][:3]: d for d in docs}
    assert by_path["000"]["lang"] == "nb" and by_path["000"]["date"] == "2025-06-24"
    assert all(d["paragraphs"] > 5 for d in docs)


def test_doc_json_by_path_and_id(seeds_index):
    detail = json.loads(run("doc", "000", "--index", str(seeds_index), "--json").stdout)
    assert detail["title"] == "Mark Zuckerbergs merkelige oppførsel"
    assert {"i", "kind", "lang", "text"} == set(detail["paragraphs"][0])
    assert any(p["kind"] == "boilerplate" for p in detail["paragraphs"])
    by_id = json.loads(run("doc", str(detail["id"]), "--index", str(seeds_index), "--json").stdout)
    assert by_id == detail


def test_text_output_and_stderr_summary(seeds_dir, tmp_path):
    result = run("index", str(seeds_dir), "--index", str(tmp_path / "i.sqlite"))
    assert result.stdout == ""
    assert "indexed 5 new or changed" in result.stderr
    listing = run("docs", "--index", str(tmp_path / "i.sqlite")).stdout
    assert "Mark Zuckerbergs" in listing and "001_" in listing


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("doc", "nope"), 2, "no document 'nope'"),
        (("index", "/no/such/folder"), 2, "no such folder"),
        (("frobnicate", "--what"), 2, "usage"),
    ],
)
def test_errors_and_exit_codes(seeds_index, args, code, message):
    result = run(*args, "--index", str(seeds_index), check=False)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_index_is_a_failure(tmp_path):
    result = run("docs", "--index", str(tmp_path / "none.sqlite"), check=False)
    assert result.returncode == 1 and "no index at" in result.stderr


def test_broken_config_names_the_line(tmp_path, seeds_index):
    bad = tmp_path / "bad.toml"
    bad.write_text("[search]\nlimit = = 3\n")
    result = run("docs", "--index", str(seeds_index), "--config", str(bad), check=False)
    assert result.returncode == 1
    assert "bad.toml" in result.stderr and "line 2" in result.stderr


def test_help_lists_commands():
    out = run("--help").stdout
    for command in ("index", "docs", "doc"):
        assert command in out


def test_unknown_folder_or_command_is_a_usage_error(tmp_path):
    result = run(str(tmp_path / "nope"), check=False)
    assert result.returncode == 2
    assert "no such folder" in result.stderr and "Traceback" not in result.stderr


def test_app_defaults_to_the_demo_corpus():
    from polyglance.corpus.locations import demo_corpus_path
    from polyglance.tui.cli_browse import build_app

    app = build_app(None, None, None)
    assert app.corpus == demo_corpus_path()
    assert sorted(p.suffix for p in app.corpus.iterdir()) == [".txt"] * len(list(app.corpus.iterdir()))


def test_app_with_a_broken_config_opens_with_the_error(tmp_path, seeds_index):
    from polyglance.tui.cli_browse import build_app

    bad = tmp_path / "bad.toml"
    bad.write_text("[display]\nshow_boilerplate = 3\n")
    app = build_app(None, str(seeds_index), str(bad))
    assert app.corpus is None
    assert "line 2, display.show_boilerplate" in app.config_error
