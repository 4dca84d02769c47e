"""`polyglance index` and `polyglance search` on hostile input, run as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from polyglance.tui.cli import commands as cli

from ..fixtures.hostile import make_hostile_corpus, remove_tree


def unprivileged() -> list[str]:
    """A prefix under which chmod 000 stops reading: root is nobody in a user namespace."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "--user", "true"], capture_output=True)
    return ["unshare", "--user"] if probe.returncode == 0 else []


def run(*args: str | bytes, prefix: list[str] | None = None, check: bool = True):
    result = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "polyglance.tui.cli", *args],
        capture_output=True,
        timeout=180,
    )
    out = result.stdout.decode("utf-8", "replace")
    err = result.stderr.decode("utf-8", "replace")
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{out}\n{err}")
    assert "Traceback" not in err, err
    return result.returncode, out, err


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli-hostile")
    h = make_hostile_corpus(base / "corpus", huge_bytes=1 * 2**20, n_lines=6000, depth=20)
    prefix = unprivileged()
    index = base / "index.sqlite"
    _, out, _ = run("index", str(h.root), "--index", str(index), "--json", prefix=prefix)
    yield h, json.loads(out), index, prefix
    remove_tree(h.root)


def test_index_reports_every_skipped_file_and_indexes_every_readable_one(indexed):
    h, summary, index, prefix = indexed
    skipped = {s["path"]: s["reason"] for s in summary["skipped"]}
    _, out, _ = run("docs", "--index", str(index), "--json")
    docs = {d["path"] for d in json.loads(out)}
    permissions_apply = os.geteuid() != 0 or bool(prefix)
    for path, expect in h.files.items():
        if expect.outcome == "indexed":
            assert path in docs, (path, skipped.get(path))
        elif expect.outcome == "skipped":
            assert expect.reason in skipped.get(path, ""), (path, skipped.get(path))
        elif expect.outcome == "both":
            assert path in docs and expect.reason in skipped[path]
        elif permissions_apply and (path in h.caveats or path.startswith("locked-folder/")):
            assert path not in docs  # without root's powers, chmod 000 bites
    if permissions_apply:
        assert "Permission denied" in skipped["unreadable.txt"]
        assert "cannot list folder" in skipped["locked-folder/"]
    assert summary["indexed"] == len(docs)


def test_text_output_carries_no_terminal_control(indexed):
    h, _, index, prefix = indexed
    _, _, err = run("index", str(h.root), "--index", str(index), prefix=prefix)
    assert "skipped caf\\xe9-latin1-name.txt: another file" in " ".join(err.split())
    _, docs, _ = run("docs", "--index", str(index))
    for output in (err, docs):
        assert "\x1b" not in output and "\x9b" not in output and "\u202e" not in output
        assert "PWNED-TITLE\x07" not in output
    _, doc, _ = run("doc", "escapes.txt", "--index", str(index))
    assert "\x1b" not in doc and "\x07" not in doc and "word0after0" in doc


def test_rich_markup_in_text_is_printed_literally(indexed):
    _, _, index, _ = indexed
    _, out, _ = run("doc", "rich-markup.txt", "--index", str(index))
    assert "[bold red]not bold[/bold red]" in out
    _, out, _ = run("search", "bold red", "--index", str(index), "--json")
    assert any("[bold red]" in hit["text"] for hit in json.loads(out))


ODD_QUERIES = [
    "x" * 10_000,
    "Zürich " * 1500,
    "?!.,;:()[]{}«»—…",
    "   ",
    "\t\n",
    "",
    '"unbalanced quote',
    "'",
    '"',
    "!",
    "!!",
    "! !",
    "'!\"",
    "lang:",
    "lang:xx",
    "lang:zz,qq council",
    "lang:,,,",
    "kind:",
    "kind:nothing council",
    "council lang:en kind:title",
    "[bold red]",
    "\u202etxet\u202c",
    "Z\u0337\u0322a\u0336l\u0338g\u0335o" + "\u0301" * 500,
    "👩‍👩‍👧‍👦 🇳🇴",
    "東京都",
    "שלום",
    "\x1b]0;title\x07",
    "*" * 300,
    "\\",
    "%_",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 20,
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_queries_answer_without_error(indexed, query, capsys):
    _, _, index, _ = indexed
    code = cli.main(["search", query, "--index", str(index), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    hits = json.loads(out)
    assert isinstance(hits, list)
    for hit in hits:
        assert 0 <= hit.get("score", 0) <= 100
    assert cli.main(["search", query, "--index", str(index), "--limit", "3"]) == 0


def test_odd_queries_through_the_installed_command(indexed):
    _, _, index, _ = indexed
    for query in (b"x" * 10_000, b'"open lang:xx !', b"caf\xe9 \xff\xfe", b"\xe2\x80\xae!"):
        code, out, _ = run("search", "--index", str(index), "--json", "--", query)
        assert code == 0 and isinstance(json.loads(out), list)
    for query in (b"caf\xe9 \xff\xfe council", b"\x1b[31m council"):
        code, out, _ = run("search", "--index", str(index), "--", query)
        assert code == 0 and "\x1b" not in out
