"""The command line's faults of issues 11 and 12, each run as a user runs the command."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from polyglance.tui.cli import commands as cli
from polyglance.tui.pipeline import index_corpus

from .conftest import DEMO, LYNX, LYNX_TITLE
from .test_cli_hostile import unprivileged


def run(*args: str, env: dict | None = None, prefix: list[str] | None = None, timeout=120):
    result = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "polyglance.tui.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def index_copy(demo_index, tmp_path) -> Path:
    """A writable copy of the demo index."""
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(demo_index, copy)
    return copy


# -- 11.6: --config (and --index) on every command, the bare one included; --version ------


def test_bare_command_takes_config_and_index(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[search]\nlimit = 3\n")
    for argv in (["--config", str(config)], ["--config", str(config), str(tmp_path)]):
        args = cli.parse(argv)
        assert args.command == "browse" and args.config == str(config)
    assert cli.parse(["--index", "x.sqlite", "--config", "c.toml"]).index == "x.sqlite"
    # Through the real command: the app is not started on an index that is not one.
    text = tmp_path / "notes.txt"
    text.write_text("not an index\n")
    result = run("--config", str(config), "--index", str(text), timeout=60)
    assert result.returncode == 1, result.stderr
    assert "invalid choice" not in result.stderr
    assert "not a usable polyglance index" in result.stderr


def test_config_before_the_command_is_used(tmp_path, demo_index):
    config = tmp_path / "c.toml"
    config.write_text(f'[corpus]\nindex = "{demo_index}"\n')
    result = run("--config", str(config), "docs", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 13


@pytest.mark.parametrize(
    "argv",
    [
        ["index", "DIR"],
        ["browse"],
        ["docs"],
        ["doc", "000"],
        ["articles"],
        ["show", "1"],
        ["search", "x"],
        ["align", "a", "b"],
        ["align-eval", "a", "b"],
        ["export", "--all", "--format", "tsv"],
    ],
)
def test_every_command_takes_config(argv):
    assert cli.parse([*argv, "--config", "c.toml"]).config == "c.toml"
    assert cli.parse(["--config", "c.toml", *argv]).config == "c.toml"


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("polyglance ")


# -- 11.9: an ambiguous reference lists its candidates -----------------------------------


def test_ambiguous_document_prefix_lists_the_candidates(demo_index):
    result = run("doc", "lynx", "--index", str(demo_index))
    assert result.returncode == 2
    assert "ambiguous" in result.stderr and "matches 4 documents" in result.stderr
    docs = json.loads(run("docs", "--index", str(demo_index), "--json").stdout)
    for d in docs:
        assert (d["path"] in result.stderr) == (d["path"] in LYNX)
    assert run("doc", "lynx-m", "--index", str(demo_index), "--json").returncode == 0


@pytest.fixture(scope="module")
def news_index(tmp_path_factory) -> Path:
    """The demo laid out in one folder, news/: the prefix news/ names all four articles."""
    root = tmp_path_factory.mktemp("news")
    shutil.copytree(DEMO, root / "corpus" / "news")
    path = root / "news.sqlite"
    index_corpus(root / "corpus", path)
    return path


def test_ambiguous_article_reference_lists_the_articles(news_index):
    result = run("show", "news/", "--index", str(news_index))
    assert result.returncode == 2
    assert "ambiguous" in result.stderr and "matches 4 articles" in result.stderr
    articles = json.loads(run("articles", "--index", str(news_index), "--json").stdout)
    assert len(articles) == 4
    for a in articles:
        assert a["title"] in result.stderr
    # a prefix of the documents of one article is that article
    shown = run("show", "news/lynx", "--index", str(news_index), "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["title"] == LYNX_TITLE


def test_prefix_of_several_documents_of_one_article_shows_it(demo_index):
    articles = json.loads(run("articles", "--index", str(demo_index), "--json").stdout)
    for article in articles:
        stems = {d["path"].split("-")[0] for d in article["docs"]}
        others = [d for a in articles if a is not article for d in a["docs"]]
        if len(article["docs"]) > 1 and len(stems) == 1:
            stem = stems.pop()
            if any(d["path"].startswith(stem) for d in others):
                continue
            shown = run("show", stem, "--index", str(demo_index), "--json")
            assert shown.returncode == 0, shown.stderr
            assert json.loads(shown.stdout)["id"] == article["id"]
            doc = run("doc", stem, "--index", str(demo_index))
            assert doc.returncode == 2 and f"matches {len(article['docs'])} documents" in doc.stderr
            return
    pytest.fail("no article whose documents share a name prefix in the demo")


# -- 11.10: piped output is never wrapped or cut -----------------------------------------


def test_piped_doc_keeps_every_paragraph_on_one_line(demo_index):
    doc = "lynx-mountaintimes"
    detail = json.loads(run("doc", doc, "--index", str(demo_index), "--json").stdout)
    out = run("doc", doc, "--index", str(demo_index), env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    long = [p for p in detail["paragraphs"] if len(p["text"]) > 80 and "\n" not in p["text"]]
    assert long  # the test means something
    for p in long:
        assert any(
            line.endswith(p["text"]) and line.lstrip().startswith(str(p["i"])) for line in lines
        )
    assert len(lines) == 2 + len(detail["paragraphs"])


def test_piped_tables_are_tab_separated_and_whole(demo_index):
    out = run("docs", "--index", str(demo_index), env={"COLUMNS": "40"}).stdout
    lines = out.splitlines()
    assert lines[0].split("\t") == ["id", "lang", "date", "paras", "title", "path"]
    assert len(lines) == 14 and all(len(line.split("\t")) == 6 for line in lines)
    assert "Nachtzug zwischen Wien und Thessaloniki kehrt nach 12 Jahren zurück" in out
    article = "lynx-alpenpost"
    shown = run("show", article, "--index", str(demo_index), env={"COLUMNS": "40"}).stdout
    table = json.loads(run("show", article, "--index", str(demo_index), "--json").stdout)
    assert table["title"] == LYNX_TITLE and len(table["languages"]) == 4
    rows = shown.splitlines()[2:]
    assert len(rows) == len(table["rows"])
    for line, row in zip(rows, table["rows"], strict=True):
        fields = line.split("\t")
        assert fields[0] == str(row["index"]) and len(fields) == 2 + len(table["languages"])
        for text, lang in zip(fields[2:], table["languages"], strict=True):
            assert text == (row["cells"][lang] or "").replace("\n", "\\n")


def test_piped_search_hits_show_the_whole_paragraph(demo_index):
    hits = json.loads(run("search", "lynx", "--index", str(demo_index), "--json").stdout)
    out = run("search", "lynx", "--index", str(demo_index)).stdout
    longest = max(hits, key=lambda h: len(h["text"]))
    assert len(longest["text"]) > 120
    assert "    " + longest["text"].replace("\n", "\\n") in out.splitlines()


# -- 11.11 / 12.14: named progress stages; no empty first line ---------------------------


def test_progress_names_each_stage_with_its_own_count(demo_dir, tmp_path):
    from rich.console import Console

    from polyglance.tui.cli.index import run_index

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120, color_system=None)
    run_index(demo_dir, tmp_path / "i.sqlite", console=console)
    shown = buffer.getvalue()
    for stage in ("reading", "grouping", "aligning", "search index"):
        assert stage in shown
    assert "0/0" not in shown


def test_index_output_has_no_leading_empty_line(demo_dir, tmp_path):
    result = run("index", str(demo_dir), "--index", str(tmp_path / "i.sqlite"))
    assert result.returncode == 0
    assert result.stderr.startswith("indexed 13 new or changed"), repr(result.stderr[:80])


# -- 11.12: which index, when not given --------------------------------------------------


def test_implicit_index_is_named_once_with_its_corpus(demo_dir, tmp_path):
    index = tmp_path / "remembered.sqlite"
    assert run("index", str(demo_dir), "--index", str(index)).returncode == 0
    result = run("docs", "--json")
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 13
    said = [line for line in result.stderr.splitlines() if str(index) in line]
    assert len(said) == 1 and str(demo_dir) in said[0]
    explicit = run("docs", "--index", str(index), "--json")
    assert explicit.stderr == ""


# -- 12.9: one rule for the index, `index` included --------------------------------------


def test_index_command_follows_corpus_index_of_the_config(demo_dir, tmp_path):
    config = tmp_path / "conf" / "c.toml"
    config.parent.mkdir()
    config.write_text('[corpus]\nindex = "my.sqlite"\n')  # relative: to the config's folder
    cache = Path(os.environ["XDG_CACHE_HOME"])
    result = run("index", str(demo_dir), "--config", str(config), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["index"] == str(config.parent / "my.sqlite")
    assert (config.parent / "my.sqlite").is_file()
    assert not list(cache.rglob("*.sqlite"))
    docs = run("docs", "--config", str(config), "--json")
    assert len(json.loads(docs.stdout)) == 13


# -- 12.10: the index's notice; a damaged index is an error ------------------------------


def _corrupt_page_of(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` with garbage (a damaged page search never reads)."""
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[
            0
        ]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(bytes(range(256)) * (page_size // 256))


def test_search_on_a_damaged_index_fails_clearly(index_copy):
    _corrupt_page_of(index_copy, "skipped")
    result = run("search", "Luchs", "--index", str(index_copy), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "the index is damaged" in result.stderr and str(index_copy) in result.stderr
    assert run("docs", "--index", str(index_copy)).returncode == 1


def test_hot_wal_in_a_read_only_folder_is_said(index_copy, tmp_path):
    prefix = unprivileged()
    if os.geteuid() == 0 and not prefix:
        pytest.skip("root without user namespaces: a read-only folder is writable")
    folder = tmp_path / "ro"
    folder.mkdir()
    index = folder / "i.sqlite"
    shutil.move(index_copy, index)
    writer = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"INSERT OR REPLACE INTO meta(key, value) VALUES('probe', 'x')\")\n"
        "os._exit(0)\n"  # no checkpoint: the change stays in the -wal file
    )
    subprocess.run([sys.executable, "-c", writer, str(index)], check=True)
    Path(str(index) + "-shm").unlink(missing_ok=True)
    folder.chmod(0o555)
    try:
        result = run("docs", "--index", str(index), "--json", prefix=prefix)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "read-only folder" in result.stderr and "-wal" in result.stderr


# -- 12.14 / 12.6: config values are checked and shown as data ---------------------------


def test_nan_min_score_is_refused_by_every_command(tmp_path, demo_index):
    config = tmp_path / "c.toml"
    config.write_text("[search]\nmin_score = nan\n")
    result = run("search", "Luchs", "--index", str(demo_index), "--config", str(config))
    assert result.returncode == 1
    assert "c.toml, line 2, search.min_score" in result.stderr


def test_markup_in_config_warnings_is_printed_literally(tmp_path, demo_index):
    config = tmp_path / "c.toml"
    config.write_text('"[/]" = 1\n[search]\n"[/b]" = 2\n[display]\ntheme = "[/]"\n')
    result = run("docs", "--index", str(demo_index), "--config", str(config))
    assert result.returncode == 0
    assert "[/]: unknown section" in result.stderr.replace("[[/]]", "[/]")
    assert "search.[/b]: unknown key" in result.stderr


def test_browse_with_an_index_that_is_not_one_says_so_once(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    result = run("browse", "--index", str(text), timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("not a usable polyglance index") == 1
    assert "There is no index" not in result.stderr and text.read_text() == "hello\n"
    missing = run("browse", "--index", str(tmp_path / "none.sqlite"), timeout=60)
    assert missing.returncode == 1 and "no index at" in missing.stderr


def test_paths_with_terminal_controls_are_shown_escaped(tmp_path):
    evil = tmp_path / "evil\x1b]0;PWNED\x07dir"
    shutil.copytree(DEMO, evil)
    index = tmp_path / "idx\x1b[31m.sqlite"
    result = run("index", str(evil), "--index", str(index))
    assert result.returncode == 0, result.stderr
    docs = run("docs")  # the index used last: named, with its corpus folder
    assert docs.returncode == 0
    for err in (result.stderr, docs.stderr):
        assert "\x1b" not in err and "\x07" not in err
    assert "evil\\x1b]0;PWNED\\x07dir" in docs.stderr and "idx\\x1b[31m.sqlite" in docs.stderr
    missing = run("docs", "--index", str(tmp_path / "no\x1b]0;PWNED\x07ne.sqlite"))
    assert missing.returncode == 1 and "no index at" in missing.stderr
    assert "\x1b" not in missing.stderr and "\x07" not in missing.stderr


def test_damage_check_of_a_large_index_stays_within_its_budget(tmp_path):
    from polyglance.corpus.store import Index
    from polyglance.tui.cli.common import FULL_CHECK_BYTES, damage_found

    path = tmp_path / "large.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE big(id INTEGER PRIMARY KEY, data BLOB)")
        rows = ((os.urandom(300),) for _ in range(100_000))
        conn.executemany("INSERT INTO big(data) VALUES(?)", rows)
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        # quick_check walks a b-tree right to left: the leftmost leaves come last. The
        # second one: the first is read at once by the check of every table's first pages.
        try:
            leftmost = conn.execute(
                "SELECT pageno FROM dbstat WHERE name='big' AND pagetype='leaf'"
                " ORDER BY path LIMIT 1 OFFSET 1"
            ).fetchone()[0]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
    conn.close()
    assert path.stat().st_size > 10 * FULL_CHECK_BYTES
    with open(path, "r+b") as f:
        f.seek((leftmost - 1) * page_size)
        f.write(bytes(range(256)) * (page_size // 256))
    conn = sqlite3.connect(path, check_same_thread=False)
    index = Index(path, conn, True, None)
    try:
        assert damage_found(index, budget_s=0.001) is None  # cut short: inconclusive
        assert conn.execute("SELECT MAX(id) FROM big").fetchone()[0] == 100_000  # usable
        assert damage_found(index, budget_s=60) is not None  # in full: found
    finally:
        conn.close()


def test_a_folder_given_as_the_index_is_said_to_be_a_folder(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for argv in (["docs"], ["search", "x"], ["browse"]):
        result = run(*argv, "--index", str(folder), timeout=60)
        assert result.returncode == 1
        assert "is a folder, not an index file" in result.stderr
        assert "disk I/O error" not in result.stderr


def test_a_device_or_pipe_given_as_the_index_is_not_read(tmp_path):
    # /dev/null was "empty: re-index it with `polyglance index DIR --index /dev/null`",
    # and a pipe would be opened by SQLite and block
    pipe = tmp_path / "a-pipe"
    os.mkfifo(pipe)
    for index in (pipe, Path("/dev/null")):
        for argv in (["docs"], ["search", "x"]):
            result = run(*argv, "--index", str(index), timeout=60)
            assert result.returncode == 1, result.stderr
            assert "is not a regular file, so not an index" in result.stderr
            assert "re-index it" not in result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_damaged_first_page_is_found_whatever_the_budget(index_copy):
    """The check of every table's first pages costs nothing and needs no budget."""
    from polyglance.corpus.store import Index
    from polyglance.tui.cli.common import damage_found

    _corrupt_page_of(index_copy, "skipped")
    conn = sqlite3.connect(index_copy, check_same_thread=False)
    try:
        assert damage_found(Index(index_copy, conn, True, None), budget_s=0.0) is not None
    finally:
        conn.close()
