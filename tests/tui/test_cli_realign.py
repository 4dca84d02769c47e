"""`polyglance realign` and `show --beads`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus.manual_fixture import make_index


def run(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def index(tmp_path) -> str:
    return str(make_index(tmp_path)[1])


def show(index: str, *extra: str) -> dict:
    return json.loads(run("show", "en.txt", "--index", index, "--json", *extra).stdout)


def test_show_json_rows_have_paragraphs_and_manual(index):
    shown = show(index)
    assert [r["paragraphs"] for r in shown["rows"]][:2] == [
        {"de": [0], "en": [0], "fr": [0]},
        {"de": [1], "en": [1], "fr": [1]},
    ]
    assert not any(r["manual"] for r in shown["rows"])
    doc = json.loads(run("doc", "en.txt", "--index", index, "--json").stdout)
    assert [p["i"] for p in doc["paragraphs"]] == [
        i for r in shown["rows"] for i in r["paragraphs"]["en"]
    ]


def test_round_trip_show_realign_show(index, tmp_path):
    before = show(index)
    rows_file = tmp_path / "rows.json"
    rows_file.write_text(json.dumps(before["rows"]), encoding="utf-8")
    result = run("realign", "en.txt", "--rows", str(rows_file), "--index", index)
    assert "7 rows stored as manual" in result.stderr
    after = show(index)
    assert [r["paragraphs"] for r in after["rows"]] == [r["paragraphs"] for r in before["rows"]]
    assert [r["cells"] for r in after["rows"]] == [r["cells"] for r in before["rows"]]
    assert all(r["manual"] for r in after["rows"])


def test_realign_rows_from_stdin_changes_the_table(index):
    rows = [r["paragraphs"] for r in show(index)["rows"]]
    merged = [rows[0], {lang: rows[1][lang] + rows[2][lang] for lang in rows[1]}, *rows[3:]]
    run(
        "realign",
        "1",
        "--rows",
        "-",
        "--index",
        index,
        stdin=json.dumps(show(index) | {"rows": [{"paragraphs": r} for r in merged]}),
    )
    after = show(index)
    assert [r["paragraphs"] for r in after["rows"]] == merged
    assert after["rows"][1]["cells"]["en"].count("\n\n") == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            '[{"paragraphs": {"de": [1], "en": [0], "fr": [0]}}]',
            "row 0: de paragraph 1 comes before paragraph 0",
        ),
        (
            '[{"paragraphs": {"de": [0, 1, 2, 3, 4, 5, 6], "en": [0, 1, 2, 3, 4, 5, 6]}}]',
            "fr paragraphs 0, 1",
        ),
        ('[{"paragraphs": {"de": "0"}}]', "row 0: expected"),
        ("[{", "not JSON"),
    ],
)
def test_realign_refuses_a_bad_file_and_changes_nothing(index, tmp_path, rows, message):
    before = show(index)
    bad = tmp_path / "bad.json"
    bad.write_text(rows, encoding="utf-8")
    result = run("realign", "en.txt", "--rows", str(bad), "--index", index, check=False)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert show(index) == before


def test_realign_auto_drops_manual_rows(index):
    automatic = show(index)
    rows = [r["paragraphs"] for r in automatic["rows"]]
    merged = [{lang: rows[0][lang] + rows[1][lang] for lang in rows[0]}, *rows[2:]]
    run(
        "realign",
        "en.txt",
        "--rows",
        "-",
        "--index",
        index,
        stdin=json.dumps([{"paragraphs": r} for r in merged]),
    )
    assert show(index)["rows"][0]["manual"]
    run("realign", "en.txt", "--auto", "--index", index)
    assert show(index) == automatic


def test_beads_out_and_in(index, tmp_path):
    out = run("show", "en.txt", "--langs", "de,fr", "--beads", "--index", index).stdout
    assert out.splitlines() == [f"[{i}]:[{i}]" for i in range(7)]
    beads = tmp_path / "de-fr.beads"
    beads.write_text(
        "# by hand\n[0]:[0]\n[1, 2]:[1, 2]\n[3]:[]\n[]:[3]\n[4]:[4]\n[5, 6]:[5, 6]\n",
        encoding="utf-8",
    )
    run("realign", "en.txt", "--beads", str(beads), "--langs", "de,fr", "--index", index)
    again = run("show", "en.txt", "--langs", "de,fr", "--beads", "--index", index).stdout
    assert again.splitlines() == [
        "[0]:[0]",
        "[1, 2]:[1, 2]",
        "[3]:[]",
        "[]:[3]",
        "[4]:[4]",
        "[5, 6]:[5, 6]",
    ]
    shown = show(index)
    assert all(r["manual"] for r in shown["rows"])
    assert shown["rows"][1]["paragraphs"]["en"] == [1, 2]  # English placed with its counterparts


def test_beads_errors(index, tmp_path):
    beads = tmp_path / "bad.beads"
    beads.write_text("[0]:[0]\n[2]:[1]\n", encoding="utf-8")
    result = run(
        "realign",
        "en.txt",
        "--beads",
        str(beads),
        "--langs",
        "de,fr",
        "--index",
        index,
        check=False,
    )
    assert (
        result.returncode == 2
        and "bead 1: de paragraph 2 comes before paragraph 1" in result.stderr
    )
    result = run("realign", "en.txt", "--beads", str(beads), "--index", index, check=False)
    assert result.returncode == 2 and "--langs SRC,TGT" in result.stderr
    beads.write_text("[0]:[0]\n[1-6]:[1]\n", encoding="utf-8")
    result = run(
        "realign",
        "en.txt",
        "--beads",
        str(beads),
        "--langs",
        "de,fr",
        "--index",
        index,
        check=False,
    )
    assert result.returncode == 2 and "line 2: not a bead" in result.stderr
    beads.write_text("[0]:[0]\n", encoding="utf-8")
    result = run(
        "realign",
        "en.txt",
        "--beads",
        str(beads),
        "--langs",
        "de,nb",
        "--index",
        index,
        check=False,
    )
    assert result.returncode == 2 and "no nb document" in result.stderr


def test_realign_needs_an_existing_index_and_article(index, tmp_path):
    missing = tmp_path / "nope.sqlite"
    result = run("realign", "1", "--auto", "--index", str(missing), check=False)
    assert result.returncode == 1 and "no index" in result.stderr
    assert not Path(missing).exists()
    result = run("realign", "99", "--auto", "--index", index, check=False)
    assert result.returncode == 2 and "no article '99'" in result.stderr
