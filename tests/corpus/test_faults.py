"""Faults around the index: kill -9 mid-run, damaged or outdated index files, read-only
places, a full disk. The previous index always survives, and the user is told what to do."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyglance.corpus.store import Index, IndexDiskFull, IndexProblem
from polyglance.tui import pipeline
from polyglance.tui.cli import commands as cli
from polyglance.tui.pipeline import index_corpus

WORDS = [
    "council",
    "voted",
    "tuesday",
    "reopen",
    "night",
    "train",
    "line",
    "between",
    "cities",
    "campaign",
    "lasted",
    "eleven",
    "years",
    "gathered",
    "signatures",
    "mayor",
    "harbour",
    "ferry",
    "festival",
    "museum",
    "budget",
    "weather",
    "school",
    "river",
    "bridge",
]


def article(rng: random.Random, marker: str) -> str:
    title = f"Report {marker}: " + " ".join(rng.choice(WORDS) for _ in range(5))
    body = [
        " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + f" {marker} Oslo."
        for _ in range(10)
    ]
    return title + "\n\n" + "\n\n".join(body) + "\n"


def make_corpus(root: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (root / f"a{k:03}.txt").write_text(article(rng, f"m{k}"), encoding="utf-8")


def corpus_state(root: Path) -> set[tuple[str, str]]:
    """(path, sha256) of every file: what a complete index of ``root`` holds."""
    return {
        (p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(root.glob("*.txt"))
    }


def index_state(index: Path) -> set[tuple[str, str]] | None:
    """The documents of the index after checking its integrity; None if there is none."""
    if not index.exists():
        return None
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "documents" not in tables:
            return set()
        docs = set(conn.execute("SELECT path, sha256 FROM documents"))
        if docs:  # a complete state: grouped, aligned and searchable
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            assert meta.get("articles_done") == "1" and meta.get("search_done") == "1"
            orphans = conn.execute(
                "SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM article_docs)"
            ).fetchone()[0]
            assert orphans == 0
    return docs


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "polyglance.tui.cli", *args]


def count_docs(index: Path) -> int:
    with sqlite3.connect(index) as conn:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


# -- kill -9 ---------------------------------------------------------------------------------


KILLS = 20
#: Files in the corpus: enough for a run of a second or two (start-up included).
FILES = 24


def test_kill_9_at_random_points_leaves_previous_or_new_complete_index(tmp_path):
    seed = int(os.environ.get("POLYGLANCE_KILL_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    make_corpus(corpus, FILES, seed)
    command = cli_command("index", str(corpus), "--index", str(index), "--json")
    added = iter(range(FILES, 10_000))

    def new_state() -> set[tuple[str, str]]:
        """Half the files rewritten, two added, one removed."""
        files = sorted(corpus.glob("*.txt"))
        for path in rng.sample(files, len(files) // 2):
            path.write_text(article(rng, f"r{next(added)}"), encoding="utf-8")
        for k in (next(added), next(added)):
            (corpus / f"a{k:03}.txt").write_text(article(rng, f"n{k}"), encoding="utf-8")
        rng.choice(files).unlink()
        return corpus_state(corpus)

    def timed_run() -> float:
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return time.perf_counter() - started

    full_run = timed_run()
    assert index_state(index) == corpus_state(corpus)
    new = new_state()
    run_time = timed_run()  # what one run over such a change takes, start-up included
    previous = index_state(index)
    assert previous == new

    kills = finished = 0
    outcomes = [0, 0]  # previous state kept, new state reached
    for _ in range(3 * KILLS):
        if kills >= KILLS:
            break
        new = new_state()
        # Killed at a random time within (a little beyond) the length of a run.
        begun = time.perf_counter()
        deadline = begun + rng.uniform(0.05, 1.2) * run_time
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        while process.poll() is None and time.perf_counter() < deadline:
            time.sleep(0.005)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the CLI and any worker it started
            kills += 1
        else:
            finished += 1
            run_time = time.perf_counter() - begun
        process.wait(timeout=30)

        try:
            state = index_state(index)
        except sqlite3.DatabaseError as exc:
            raise AssertionError(f"seed {seed}, kill {kills}: {exc}") from exc
        assert state in (previous, new), f"seed {seed}: neither the previous nor the new index"
        with Index.open(index, readonly=True) as opened:  # opens for browsing, as it is
            assert opened.notice is None
        outcomes[state == new] += 1
        previous = state

    assert kills >= KILLS, f"seed {seed}: only {kills} kills ({finished} runs finished first)"
    print(
        f"kill -9: seed {seed}, {kills} kills, {finished} runs finished, full run "
        f"{full_run:.2f} s, run {run_time:.2f} s; previous state {outcomes[0]}, "
        f"new state {outcomes[1]}"
    )
    # And the index is usable afterwards: a run completes on it.
    timed_run()
    assert index_state(index) == corpus_state(corpus)
    with Index.open(index, readonly=True) as opened:
        assert opened.notice is None


# -- damaged and outdated index files -----------------------------------------------------------


@pytest.fixture
def small(tmp_path) -> tuple[Path, Path]:
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    make_corpus(corpus, 6)
    index_corpus(corpus, index)
    assert not Path(str(index) + "-wal").exists()  # closed cleanly: checkpointed
    return corpus, index


def run_cli(*args: str, capsys) -> tuple[int, str]:
    code = cli.main(list(args))
    err = capsys.readouterr().err
    return code, " ".join(err.split())


def test_truncated_index_is_detected_moved_aside_and_rebuilt(small, capsys):
    corpus, index = small
    os.truncate(index, index.stat().st_size // 2 + 1000)  # by path: no descriptor of ours
    with pytest.raises(IndexProblem, match="looks truncated"):
        Index.open(index, readonly=True)
    code, err = run_cli("docs", "--index", str(index), capsys=capsys)
    assert code == 1 and "damaged" in err and "re-index" in err
    summary = index_corpus(corpus, index)
    assert summary.notice and "truncated" in summary.notice and "moved it to" in summary.notice
    assert summary.indexed == 6 and count_docs(index) == 6
    aside = [p for p in index.parent.glob("i.sqlite.broken-*") if not p.name.endswith("-shm")]
    aside = [p for p in aside if not p.name.endswith("-wal")]
    assert len(aside) == 1 and aside[0].stat().st_size < index.stat().st_size * 2


def test_damaged_page_inside_the_index_is_found_by_quick_check(small, capsys):
    corpus, index = small
    size = index.stat().st_size
    with sqlite3.connect(index) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name='paragraphs'"
        ).fetchone()[0]
    with open(index, "r+b") as handle:  # same size, garbage in the paragraphs table's root
        handle.seek((root - 1) * page)
        handle.write(random.Random(3).randbytes(page))
    assert index.stat().st_size == size
    for command in (["doc", "a000.txt"], ["search", "council"]):
        code, err = run_cli(*command, "--index", str(index), capsys=capsys)
        assert code == 1 and "the index is damaged" in err and "Traceback" not in err
    summary = index_corpus(corpus, index)
    assert summary.notice and "moved it to" in summary.notice
    assert count_docs(index) == 6


def test_garbage_and_old_schema_when_browsing_say_to_reindex(small, capsys):
    corpus, index = small
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    code, err = run_cli("docs", "--index", str(index), capsys=capsys)
    assert code == 1 and "schema version 0" in err and "re-index" in err
    code, err = run_cli("index", str(corpus), "--index", str(index), capsys=capsys)
    assert code == 0 and "schema version 0" in err and "moved it to" in err

    index.write_bytes(b"\x00garbage" * 999)
    code, err = run_cli("docs", "--index", str(index), capsys=capsys)
    assert code == 1 and "not a usable polyglance index" in err
    code, err = run_cli("index", str(corpus), "--index", str(index), capsys=capsys)
    assert code == 1 and "not a polyglance index (not an SQLite database)" in err
    assert index.read_bytes() == b"\x00garbage" * 999  # not ours: left as it is


# -- read-only places ------------------------------------------------------------------------------


def unprivileged() -> list[str] | None:
    """A command prefix under which file permissions apply; None if there is none.

    Root ignores them; in a new user namespace (``unshare --user``) root is nobody.
    """
    if os.geteuid() != 0:
        return []
    if shutil.which("unshare") is None:
        return None
    probe = subprocess.run(["unshare", "--user", "true"], capture_output=True)
    return ["unshare", "--user"] if probe.returncode == 0 else None


def test_read_only_corpus_is_indexed_and_never_written(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    make_corpus(corpus, 5)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in corpus.iterdir()}
    for path in corpus.iterdir():
        path.chmod(0o444)
    corpus.chmod(0o555)
    try:
        assert index_corpus(corpus, index).indexed == 5
    finally:
        corpus.chmod(0o755)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in corpus.iterdir()}
    assert before == after


def test_index_under_a_file_is_a_clear_error(tmp_path):
    corpus = tmp_path / "c"
    make_corpus(corpus, 2)
    (tmp_path / "plain").write_text("a file, not a folder")
    result = subprocess.run(
        cli_command("index", str(corpus), "--index", str(tmp_path / "plain" / "i.sqlite")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    err = " ".join(result.stderr.split())
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot create the folder" in err and "--index FILE" in err


def test_unwritable_index_folder_is_a_clear_error(tmp_path):
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("running as root without user namespaces: permissions do not apply")
    corpus, folder = tmp_path / "c", tmp_path / "ro"
    make_corpus(corpus, 2)
    folder.mkdir()
    read_only_file = tmp_path / "rw" / "i.sqlite"
    index_corpus(corpus, read_only_file)
    read_only_file.chmod(0o444)
    folder.chmod(0o555)
    try:
        for target in (folder / "i.sqlite", folder / "sub" / "i.sqlite", read_only_file):
            result = subprocess.run(
                [*prefix, *cli_command("index", str(corpus), "--index", str(target))],
                capture_output=True,
                text=True,
                timeout=60,
            )
            err = " ".join(result.stderr.split())
            assert result.returncode == 1 and "Traceback" not in result.stderr, err
            assert "not writable" in err or "Permission denied" in err or "read-only" in err
            assert "--index FILE" in err, err
        result = subprocess.run(  # but it can be browsed
            [*prefix, *cli_command("docs", "--index", str(read_only_file), "--json")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0 and result.stdout.count('"path"') == 2, result.stderr
    finally:
        folder.chmod(0o755)


def leave_wal_behind(index: Path) -> None:
    """Commit a change and die without closing: the change stays in the -wal file."""
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"UPDATE documents SET title='Changed in the WAL' WHERE path='a000.txt'\")\n"
        "c.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(index)], check=True, timeout=60)
    assert Path(str(index) + "-wal").stat().st_size > 0


@pytest.mark.parametrize("with_wal", [False, True], ids=["clean", "wal-left"])
def test_browsing_an_index_in_a_read_only_folder(tmp_path, with_wal):
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("running as root without user namespaces: permissions do not apply")
    corpus, folder = tmp_path / "c", tmp_path / "ro"
    make_corpus(corpus, 3)
    index = folder / "i.sqlite"
    index_corpus(corpus, index)
    if with_wal:
        leave_wal_behind(index)
    folder.chmod(0o555)
    try:
        result = subprocess.run(
            [*prefix, *cli_command("docs", "--index", str(index), "--json")],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.count('"path"') == 3
    if with_wal:  # the committed change is seen, or the user is told it is not
        assert "Changed in the WAL" in result.stdout or "not visible" in result.stderr


# -- a full disk ---------------------------------------------------------------------------------------


def disk_full_after(monkeypatch, calls: int) -> None:
    real = Index.put_document
    seen = []

    def put_document(self, *args, **kwargs):
        seen.append(1)
        if len(seen) > calls:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Index, "put_document", put_document)


def test_disk_full_while_writing_documents_keeps_the_previous_index(small, monkeypatch):
    corpus, index = small
    make_corpus(corpus, 12, seed=1)  # 6 files rewritten, 6 new
    disk_full_after(monkeypatch, 3)
    with pytest.raises(IndexDiskFull, match="the disk is full"):
        index_corpus(corpus, index)
    assert count_docs(index) == 6
    assert index_state(index) is not None
    monkeypatch.undo()
    assert index_corpus(corpus, index).indexed == 12


def test_disk_full_in_the_last_step_keeps_the_previous_index(small, monkeypatch):
    corpus, index = small
    make_corpus(corpus, 9, seed=2)

    def full(index, summary, progress):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(pipeline, "_later_steps", lambda _parallel_folders: [full])
    with pytest.raises(IndexDiskFull):
        index_corpus(corpus, index)
    assert count_docs(index) == 6 and index_state(index) is not None


def test_cli_says_the_disk_is_full(small, monkeypatch, capsys):
    corpus, index = small
    make_corpus(corpus, 10, seed=4)
    disk_full_after(monkeypatch, 1)
    code, err = run_cli("index", str(corpus), "--index", str(index), capsys=capsys)
    assert code == 1
    assert "the disk is full" in err and "previous index is kept" in err
    assert "Traceback" not in err
    assert count_docs(index) == 6


def test_a_really_full_file_system(tmp_path):
    """On a 360 KiB tmpfs (in a user and mount namespace): the second, bigger run fills it."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare")
    probe = subprocess.run(["unshare", "-Urm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user and mount namespaces are not available here")
    corpus, mount = tmp_path / "c", tmp_path / "tiny"
    mount.mkdir()
    make_corpus(corpus, 3)
    index = mount / "i.sqlite"
    big = tmp_path / "big"
    make_corpus(big, 60, seed=5)
    verify = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "print(c.execute('PRAGMA integrity_check').fetchone()[0],"
        " c.execute('SELECT count(*) FROM documents').fetchone()[0])\n"
    )
    py = sys.executable
    script = "\n".join(
        [
            f"mount -t tmpfs -o size=360k tmpfs '{mount}' || exit 97",
            f"'{py}' -m polyglance.tui.cli index '{corpus}' --index '{index}' || exit 98",
            f"cp '{big}'/*.txt '{corpus}'/",
            f"'{py}' -m polyglance.tui.cli index '{corpus}' --index '{index}'",
            'echo "exit=$?"',
            f"'{py}' -c \"$VERIFY\" '{index}'",
        ]
    )
    result = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "VERIFY": verify},
    )
    if result.returncode == 97:
        pytest.skip("cannot mount a tmpfs here")
    out, err = result.stdout, " ".join(result.stderr.split())
    assert "exit=1" in out, (out, err)
    assert "the disk is full" in err and "Traceback" not in err
    assert out.strip().splitlines()[-1] == "ok 3"


@pytest.mark.parametrize("damaged", [False, True], ids=["sound-index", "damaged-index"])
def test_a_disk_already_full_says_so_and_keeps_the_index(tmp_path, damaged):
    """100% full before the run (a tmpfs in a user and mount namespace): the message says
    the disk is full, and the index file is the one that was there, damaged or not."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare")
    if subprocess.run(["unshare", "-Urm", "true"], capture_output=True).returncode != 0:
        pytest.skip("user and mount namespaces are not available here")
    corpus, mount = tmp_path / "c", tmp_path / "tiny"
    mount.mkdir()
    make_corpus(corpus, 3)
    index = mount / "i.sqlite"
    py = sys.executable
    cut = "import os, sys; p = sys.argv[1]; os.truncate(p, os.path.getsize(p) // 2 + 100)"
    digest = (
        "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())"
    )
    script = "\n".join(
        [
            f"mount -t tmpfs -o size=1m tmpfs '{mount}' || exit 97",
            f"'{py}' -m polyglance.tui.cli index '{corpus}' --index '{index}' >/dev/null || exit 98",
            f"'{py}' -c '{cut}' '{index}'" if damaged else "true",
            f"'{py}' -c \"{digest}\" '{index}'",
            f"dd if=/dev/zero of='{mount}/fill' bs=4k 2>/dev/null; true",
            f"cp '{corpus}/a000.txt' '{corpus}/new.txt' && echo more >> '{corpus}/new.txt'",
            f"'{py}' -m polyglance.tui.cli index '{corpus}' --index '{index}'",
            'echo "exit=$?"',
            f"'{py}' -c \"{digest}\" '{index}'",
            f"ls '{mount}'",
        ]
    )
    result = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script], capture_output=True, text=True, timeout=180
    )
    if result.returncode == 97:
        pytest.skip("cannot mount a tmpfs here")
    out, err = result.stdout.split(), " ".join(result.stderr.split())
    assert "exit=1" in out, (out, err)
    assert "the disk is full" in err and "I/O error" not in err and "Traceback" not in err, err
    before, after = out[0], out[out.index("exit=1") + 1]
    assert before == after  # the very same file: not emptied, not replaced
    assert not [name for name in out if ".broken-" in name], out
