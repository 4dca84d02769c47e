"""The command line, run as a user runs it: the installed `polyglance` entry point."""

import json
import os
import re
import subprocess
import sys

import pytest

from .conftest import LYNX, LYNX_TITLE


def run(*args, env=None, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def test_index_then_docs_json(demo_dir, tmp_path):
    index = tmp_path / "i.sqlite"
    summary = json.loads(run("index", str(demo_dir), "--index", str(index), "--json").stdout)
    assert summary["indexed"] == 13 and summary["skipped"] == []
    assert summary["languages"] == {
        "de": 2, "el": 1, "en": 3, "es": 2, "fr": 2, "ja": 1, "pl": 1, "ru": 1
    }  # fmt: skip
    docs = json.loads(run("docs", "--index", str(index), "--json").stdout)
    assert [set(d) for d in docs] == [
        {"id", "path", "lang", "title", "source_url", "date", "paragraphs"}
    ] * 13
    by_path = {d["path"]: d for d in docs}
    english = by_path["lynx-mountaintimes.txt"]
    assert english["lang"] == "en" and english["date"] == "2024-03-12"
    assert english["source_url"] == "https://www.valdorne-wildlife.org/news/2024/lynx-release"
    assert by_path["lynx-gornyvestnik.txt"]["lang"] == "ru"
    assert by_path["toollibrary-machikado.txt"]["lang"] == "ja"
    assert all(d["paragraphs"] > 5 for d in docs)


def test_doc_json_by_path_and_id(demo_index):
    detail = json.loads(
        run("doc", "lynx-mountaintimes", "--index", str(demo_index), "--json").stdout
    )
    assert detail["title"] == LYNX_TITLE
    assert {"i", "kind", "lang", "text"} == set(detail["paragraphs"][0])
    kinds = {p["text"]: p["kind"] for p in detail["paragraphs"]}
    assert kinds["THE MOUNTAIN TIMES | News from the high valleys"] == "boilerplate"
    assert kinds["Subscribe"] == "boilerplate" and kinds[LYNX_TITLE] == "title"
    assert kinds["Farmers remain cautious"] == "heading"
    by_id = json.loads(run("doc", str(detail["id"]), "--index", str(demo_index), "--json").stdout)
    assert by_id == detail


def test_text_output_and_stderr_summary(demo_dir, tmp_path):
    result = run("index", str(demo_dir), "--index", str(tmp_path / "i.sqlite"))
    assert result.stdout == ""
    assert "indexed 13 new or changed" in result.stderr
    listing = run("docs", "--index", str(tmp_path / "i.sqlite")).stdout
    assert LYNX_TITLE in listing and "lynx-gornyvestnik.txt" in listing
    assert "В долине Вальдорн выпустили шесть рысей" in listing


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("doc", "nope"), 2, "no document 'nope'"),
        (("index", "/no/such/folder"), 2, "no such folder"),
        (("frobnicate", "--what"), 2, "usage"),
    ],
)
def test_errors_and_exit_codes(demo_index, args, code, message):
    result = run(*args, "--index", str(demo_index), check=False)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_index_is_a_failure(tmp_path):
    result = run("docs", "--index", str(tmp_path / "none.sqlite"), check=False)
    assert result.returncode == 1 and "no index at" in result.stderr


def test_broken_config_names_the_line(tmp_path, demo_index):
    bad = tmp_path / "bad.toml"
    bad.write_text("[search]\nlimit = = 3\n")
    result = run("docs", "--index", str(demo_index), "--config", str(bad), check=False)
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
    from polyglance.tui.cli.browse import build_app

    app = build_app(None, None, None)
    assert app.corpus == demo_corpus_path()
    assert sorted(p.suffix for p in app.corpus.iterdir()) == [".txt"] * len(
        list(app.corpus.iterdir())
    )


def test_app_with_a_broken_config_opens_with_the_error(tmp_path, demo_index):
    from polyglance.tui.cli.browse import build_app

    bad = tmp_path / "bad.toml"
    bad.write_text("[display]\nshow_boilerplate = 3\n")
    app = build_app(None, str(demo_index), str(bad))
    assert app.corpus is None
    assert "line 2, display.show_boilerplate" in app.config_error


def test_articles_and_show_json(demo_index):
    articles = json.loads(run("articles", "--index", str(demo_index), "--json").stdout)
    assert [set(a) for a in articles] == [{"id", "title", "languages", "docs", "rows"}] * 4
    assert sorted(len(a["languages"]) for a in articles) == [1, 4, 4, 4]
    main = next(a for a in articles if a["title"] == LYNX_TITLE)
    assert main["languages"] == ["de", "en", "fr", "ru"]
    assert sorted(d["path"] for d in main["docs"]) == LYNX
    assert all(set(d) == {"id", "path", "lang"} for d in main["docs"])
    alone = next(a for a in articles if len(a["languages"]) == 1)
    assert [d["path"] for d in alone["docs"]] == ["bridge-gazetazalesia.txt"]

    shown = json.loads(
        run(
            "show", "lynx-mountaintimes", "--langs", "fr,en", "--index", str(demo_index), "--json"
        ).stdout
    )
    assert set(shown) == {"id", "title", "languages", "rows"}
    assert shown["id"] == main["id"] and shown["languages"] == ["fr", "en"]
    assert all(
        set(r) == {"index", "confidence", "cells", "paragraphs", "manual"}
        and list(r["cells"]) == list(r["paragraphs"]) == ["fr", "en"]
        and r["manual"] is False
        for r in shown["rows"]
    )
    assert shown["rows"][0]["cells"] == {
        "fr": "Six lynx relâchés dans la vallée de Valdorne",
        "en": LYNX_TITLE,
    }
    # the French lead has no English counterpart: a row of its own, with a gap
    assert shown["rows"][1]["cells"]["en"] is None
    assert shown["rows"][1]["cells"]["fr"].startswith("Un retour attendu depuis plus d'un siècle")
    assert all(0 <= r["confidence"] <= 1 for r in shown["rows"])


def run_on_terminal(*args, columns=100, rows=40):
    """The command with its stdout on a pseudo-terminal ``columns`` wide; its output."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyglance.tui.cli", *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**env, "TERM": "xterm-256color", "NO_COLOR": "1"},
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    out = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return re.sub("\x1b\\[[0-9;]*m", "", out)  # styles only: a layout test


def test_show_text_fits_the_terminal(demo_index):
    out = run_on_terminal("show", "lynx-alpenpost", "--index", str(demo_index), columns=100)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "Anselme" in out and "│" in out  # a table laid out for the terminal


def test_search_json_contract(demo_index):
    hits = json.loads(
        run("search", "Anselem", "--limit", "5", "--index", str(demo_index), "--json").stdout
    )
    assert 0 < len(hits) <= 5
    fields = {
        "article",
        "doc",
        "path",
        "lang",
        "paragraph",
        "row",
        "score",
        "kind",
        "title",
        "text",
        "spans",
    }
    assert all(set(h) == fields for h in hits)
    for hit in hits:
        assert "Pierre Anselme" in hit["text"] and 0 <= hit["score"] <= 100
        assert hit["path"] in LYNX and hit["row"] == hits[0]["row"]
        for start, end in hit["spans"]:
            assert hit["text"][start:end].lower().startswith("anselme")
    german = json.loads(
        run("search", "Valdorne", "--lang", "de", "--index", str(demo_index), "--json").stdout
    )
    assert german and {h["lang"] for h in german} == {"de"}
    assert {h["path"] for h in german} == {"lynx-alpenpost.txt"}


def test_align_and_align_eval(tmp_path):
    src = tmp_path / "src.txt"
    tgt = tmp_path / "tgt.txt"
    src.write_text(
        "Der Zug fährt um 8 Uhr ab.\nEr kommt um 21 Uhr in Wien an.\nDie Fahrt kostet 59 Euro.\n"
    )
    tgt.write_text(
        "Le train part à 8 heures.\nIl arrive à Vienne à 21 heures.\nLe trajet coûte 59 euros.\n"
    )
    beads = run("align", str(src), str(tgt)).stdout.splitlines()
    assert beads == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    gold = tmp_path / "gold.beads"
    gold.write_text("[0]:[0]\n[1]:[1]\n[2]:[2]\n")
    test = tmp_path / "test.beads"
    test.write_text("[0]:[0]\n[1, 2]:[1, 2]\n")
    scores = json.loads(run("align-eval", str(gold), str(test), "--json").stdout)
    assert scores["strict"]["precision"] == pytest.approx(0.5)
    assert scores["strict"]["recall"] == pytest.approx(1 / 3)
    assert scores["lax"]["recall"] == pytest.approx(1.0)
