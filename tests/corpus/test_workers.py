"""The reading worker processes: they start wherever indexing is called from (the Textual
app replaces sys.stdout/sys.stderr with objects without a file descriptor), never print
onto the terminal, ignore Ctrl-C (the parent handles it) and die with their parent."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.corpus.test_faults import cli_command, count_docs, make_corpus

#: Enough files for the worker processes (see indexer.PARALLEL_MIN_FILES).
FILES = 120

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def run_script(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter: no resource tracker or pool started before."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_pool_starts_when_stdout_and_stderr_have_no_file_descriptor(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    make_corpus(corpus, FILES)
    result = run_script(
        """
        import json, sys
        from polyglance.tui.pipeline import index_corpus

        class Captured:  # what Textual puts in sys.stdout and sys.stderr while it runs
            def __init__(self): self.text = []
            def write(self, text): self.text.append(text); return len(text)
            def flush(self): pass
            def fileno(self): return -1
            def isatty(self): return False

        real_stdout = sys.stdout
        sys.stdout, sys.stderr = Captured(), Captured()
        summary = index_corpus(sys.argv[1], sys.argv[2])
        written = "".join(sys.stdout.text + sys.stderr.text)
        print(json.dumps({"indexed": summary.indexed, "workers": summary.workers,
                          "written": written}), file=real_stdout)
        """,
        str(corpus),
        str(index),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["indexed"] == FILES and count_docs(index) == FILES
    assert report["workers"] >= 2  # read in worker processes, not in the fallback
    assert report["written"] == ""


def test_a_pool_that_cannot_start_falls_back_to_reading_here(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    make_corpus(corpus, FILES)
    result = run_script(
        """
        import sys
        import concurrent.futures
        from polyglance.corpus import indexer
        from polyglance.tui.pipeline import index_corpus

        class Unstartable(concurrent.futures.ProcessPoolExecutor):
            def __init__(self, *args, **kwargs):
                raise OSError(24, "Too many open files")

        indexer.ProcessPoolExecutor = Unstartable
        summary = index_corpus(sys.argv[1], sys.argv[2])
        print(summary.indexed, summary.workers)
        """,
        str(corpus),
        str(index),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(FILES), "0"]
    assert count_docs(index) == FILES


# -- signals ----------------------------------------------------------------------------------


def session_processes(sid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every live process of the session ``sid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = (
                Path(f"/proc/{entry}/cmdline")
                .read_bytes()
                .replace(b"\0", b" ")
                .decode("utf-8", "replace")
            )
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state not in ("Z", "X"):
            found.append((int(entry), cmdline))
    return found


def ignores_sigint(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    ignored = next(line for line in status.splitlines() if line.startswith("SigIgn:"))
    return bool(int(ignored.split()[1], 16) & (1 << (signal.SIGINT - 1)))


def wait_for_workers(process: subprocess.Popen[bytes], when: str, timeout: float) -> bool:
    """Wait until the indexer has started a process (``start``: the resource tracker, then
    the workers follow at once), or until two workers are ready (``reading``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        others = [p for p in session_processes(process.pid) if p[0] != process.pid]
        if when == "start" and others:
            return True
        ready = [pid for pid, command in others if "spawn_main" in command and ignores_sigint(pid)]
        if when == "reading" and len(ready) >= 2:
            return True
        time.sleep(0.002)
    return False


def survivors(sid: int, timeout: float = 10.0) -> list[tuple[int, str]]:
    deadline = time.monotonic() + timeout
    while (left := session_processes(sid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("signals") / "c"
    make_corpus(corpus, 300, seed=7)
    return corpus


CASES = [
    # (signal, to the whole process group as a terminal does, when)
    ("SIGINT", True, "start"),  # Ctrl-C while the workers start
    ("SIGINT", True, "reading"),
    ("SIGTERM", False, "start"),
    ("SIGTERM", False, "reading"),
    ("SIGKILL", False, "start"),
    ("SIGKILL", False, "reading"),
]


def index_and_signal(
    corpus: Path, index: Path, name: str, group: bool, when: str, pause: float, timeout: float
) -> tuple[subprocess.Popen[bytes], bool, str, list[tuple[int, str]]]:
    """``polyglance index`` of ``corpus``, sent the signal ``name`` (to its whole process
    group if ``group``, as a terminal does) once its workers are seen (``when``, as for
    wait_for_workers) and up to ``pause`` seconds more: the process, whether the workers
    were seen, its stderr and what was left of its session (killed, once listed)."""
    process = subprocess.Popen(
        cli_command("index", str(corpus), "--index", str(index)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        started = wait_for_workers(process, when, timeout=timeout)
        time.sleep(random.Random(name).uniform(0.0, pause))
        if started and process.poll() is None:
            number = getattr(signal, name)
            if group:
                os.killpg(process.pid, number)
            else:
                os.kill(process.pid, number)
        _, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    left = survivors(process.pid)
    for pid, _ in left:  # not to leave them behind when the test fails
        os.kill(pid, signal.SIGKILL)
    return process, started, err.decode("utf-8", "replace"), left


@pytest.mark.parametrize(("name", "group", "when"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_signals_end_the_run_and_every_worker(many_files, tmp_path, name, group, when):
    index = tmp_path / "i.sqlite"
    pause = 0.3 if when == "reading" else 0.0
    process, started, stderr, left = index_and_signal(
        many_files, index, name, group, when, pause, timeout=60
    )
    assert left == [], f"still running after {name}: {left}\n{stderr}"
    if name != "SIGKILL" or when == "reading":
        # (A worker still receiving its start-up data from a parent killed by SIGKILL
        # cannot be kept from saying so: it dies at once, all the same.)
        assert "Traceback" not in stderr, stderr
    if not started:
        pytest.skip("the run ended before the workers were seen")
    if name != "SIGKILL":
        assert process.returncode in (0, 130), stderr
        if process.returncode == 130:
            assert "interrupted" in stderr
    assert documents(index) in (0, 300)  # nothing half-written: none, or all of them


def documents(index: Path) -> int:
    """Documents in the index; 0 when there is no index or no table yet."""
    if not index.exists():
        return 0
    with sqlite3.connect(index) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return (
            conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            if "documents" in tables
            else 0
        )


# -- the aligning workers ---------------------------------------------------------------------

#: The demo's stories, each in four languages (language folder -> file of the demo): the
#: aligning corpus has enough work for the aligning workers (align_pool.POOL_MIN_WORK)
#: and too few files for the reading ones.
STORIES = {
    "lynx": {"de": "alpenpost", "fr": "lechamois", "en": "mountaintimes", "ru": "gornyvestnik"},
    "nighttrain": {"de": "schienenblatt", "el": "odoiporos", "en": "railwire", "es": "elviajero"},
    "toollibrary": {"en": "citybeat", "es": "barriovivo", "fr": "lequartier", "ja": "machikado"},
}
#: Each text is its story told this many times over, numbered.
REPEATS = 70


@pytest.fixture(scope="module")
def long_articles(tmp_path_factory) -> Path:
    """The demo's stories, each file stretched to hundreds of numbered paragraphs, in the
    parallel-corpus layout (``de/lynx.txt`` beside ``en/lynx.txt``)."""
    from polyglance.corpus import align_pool

    demo = Path(__file__).resolve().parents[2] / "corpus" / "demo"
    corpus = tmp_path_factory.mktemp("aligning") / "c"
    total = 0
    for story, files in STORIES.items():
        lengths = []
        for lang, name in files.items():
            text = (demo / f"{story}-{name}.txt").read_text(encoding="utf-8")
            paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
            body = [f"{r + 1}. {p}" for r in range(REPEATS) for p in paragraphs]
            (corpus / lang).mkdir(parents=True, exist_ok=True)
            (corpus / lang / f"{story}.txt").write_text("\n\n".join(body) + "\n", "utf-8")
            lengths.append(len(body))
        total += align_pool.work(lengths)
    assert total >= align_pool.POOL_MIN_WORK
    return corpus


ALIGNING_CASES = [("SIGINT", True), ("SIGTERM", False), ("SIGKILL", False)]


@pytest.mark.parametrize(("name", "group"), ALIGNING_CASES, ids=[c[0] for c in ALIGNING_CASES])
def test_signals_while_aligning_end_the_run_and_every_worker(long_articles, tmp_path, name, group):
    index = tmp_path / "i.sqlite"
    # "reading": two workers ready; the corpus is too small for reading workers, so
    # these are the aligning ones
    process, started, stderr, left = index_and_signal(
        long_articles, index, name, group, "reading", 0.5, timeout=120
    )
    assert left == [], f"still running after {name}: {left}\n{stderr}"
    if not started:
        pytest.skip("the run ended before the workers were seen")
    if name != "SIGKILL":
        assert "Traceback" not in stderr, stderr
        assert process.returncode in (0, 130), stderr
    files = sum(map(len, STORIES.values()))
    assert documents(index) in (0, files)  # nothing half-written: none, or all of them


def test_an_index_aligned_by_the_workers_is_complete(long_articles, tmp_path):
    index = tmp_path / "i.sqlite"
    result = subprocess.run(
        cli_command("index", str(long_articles), "--index", str(index), "--json"),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == {"4": len(STORIES)}
    from polyglance.corpus.records import CONTENT_SQL

    with sqlite3.connect(index) as conn:
        unaligned = conn.execute(
            f"SELECT count(*) FROM paragraphs p WHERE kind IN {CONTENT_SQL}"
            " AND NOT EXISTS (SELECT 1 FROM alignment_cells c"
            "  WHERE c.doc_id = p.doc_id AND c.para_i = p.i)"
        ).fetchone()[0]
    assert unaligned == 0  # every content paragraph is in a row
