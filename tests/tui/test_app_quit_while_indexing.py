"""Leaving the app while it indexes: the process ends at once, its workers with it, and
nothing of the run lands. The real command on a pseudo-terminal, keys as a user types them."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.corpus.test_workers import long_articles, session_processes, survivors
from tests.fixtures.generated import make_news_folder

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

__all__ = ["long_articles"]  # the fixture, shared with the workers' tests

#: Leaving must end the process within this (the slowest step between two checks is the
#: grouping of the corpus, a fraction of a second here).
PROMPT_EXIT_S = 15.0


def open_app(folder: Path, index: Path) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "polyglance.tui.cli", str(folder), "--index", str(index)],
        stdin=slave,
        stdout=slave,
        stderr=slave,  # where Textual draws
        env={**env, "TERM": "xterm-256color", "HOME": str(index.parent)},
        start_new_session=True,
    )
    os.close(slave)
    return process, master


def read_until(master: int, wanted: bytes, timeout: float) -> bool:
    """Read the app's screen output until ``wanted`` shows (True) or ``timeout`` passes."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                seen = (seen + os.read(master, 65536))[-200_000:]
            except OSError:
                return False
            if wanted in seen:
                return True
    return False


def drain(master: int, process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """Keep reading the terminal (a full one would block the app) until the process ends
    and its output is read, or ``timeout`` passes; what was read."""
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process and its terminal are gone
                break
            out = (out + chunk)[-200_000:]
        elif process.poll() is not None:
            break
    return out


def aligning_workers_run(process: subprocess.Popen[bytes]) -> bool:
    others = [p for p in session_processes(process.pid) if p[0] != process.pid]
    return sum("spawn_main" in command for _, command in others) >= 2


def leave_while(
    folder: Path, index: Path, stage: bytes, ready=lambda process: True
) -> tuple[float, str]:
    """Open the app on ``folder``, press q once the progress shows ``stage`` and
    ``ready(process)`` holds; the seconds it took to end and what it said after. Nothing
    of its session may be left."""
    process, master = open_app(folder, index)
    try:
        if not read_until(master, b"Indexing: " + stage, timeout=120):
            pytest.skip(f"the {stage.decode()} stage was not seen")
        deadline = time.monotonic() + 60
        while not ready(process) and time.monotonic() < deadline:
            drain(master, process, timeout=0.2)
        if process.poll() is not None or not ready(process):
            pytest.skip("the run ended before it could be left")
        os.write(master, b"q")
        pressed = time.monotonic()
        after = b""
        while process.poll() is None and time.monotonic() < pressed + 120:
            after += drain(master, process, timeout=0.1)
        took = time.monotonic() - pressed
        said = (after + drain(master, process, timeout=5)).decode("utf-8", "replace")
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
            process.wait()
        os.close(master)
    left = survivors(process.pid)
    for pid, _ in left:
        os.kill(pid, 9)
    assert left == [], f"still running after q: {left}"
    assert "Traceback" not in said, said
    return took, said


def documents(index: Path) -> int:
    if not index.exists():
        return 0
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "documents" not in tables:
            return 0
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def test_leaving_while_reading_ends_the_process_and_its_reading_workers(tmp_path):
    folder = tmp_path / "news"
    make_news_folder(folder, 400)
    took, said = leave_while(folder, tmp_path / "i.sqlite", b"reading")
    assert took < PROMPT_EXIT_S, said
    assert "indexing stopped" in said
    assert documents(tmp_path / "i.sqlite") == 0  # nothing of the run landed


def test_leaving_while_aligning_ends_the_process_and_its_aligning_workers(long_articles, tmp_path):
    index = tmp_path / "i.sqlite"
    took, said = leave_while(long_articles, index, b"aligning", aligning_workers_run)
    assert took < PROMPT_EXIT_S, said
    assert "indexing stopped" in said
    assert documents(index) == 0
