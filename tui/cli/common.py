"""What every command of the command line shares: exit codes, usage errors, the index to use.

One rule decides the index everywhere (README, "Where the index lives"): ``--index``,
else config's ``corpus.index``, else the corpus folder's own index in the user cache.
Commands without a folder then fall back to the index used last, then the demo's.
"""

from __future__ import annotations

import argparse
import sqlite3
import threading
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import locations
from polyglance.corpus.store import (
    Index,
    IndexProblem,
    check_root_pages,
    forget_sound,
    is_damage,
)
from polyglance.corpus.walk import shown_name

from . import output

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

#: Time the damage check of a read command may take. SQLite's quick_check reads some
#: 200 MB/s here: an index up to FULL_CHECK_BYTES is checked in full, a larger one for
#: this long (its first pages), so that a search stays fast whatever the index size.
DAMAGE_CHECK_BUDGET_S = 0.010
FULL_CHECK_BYTES = 2 * 2**20


class UsageError(Exception):
    """The command line asks for something that cannot work: message, exit status 2."""


@dataclass(frozen=True)
class IndexChoice:
    """The index a command uses, and why that one (for the message when it was implicit)."""

    path: Path
    why: str  # "--index", "config", "corpus", "last", "demo"

    @property
    def explicit(self) -> bool:
        return self.why == "--index"


def index_for_folder(explicit: str | None, config: config_mod.Config, folder: Path) -> IndexChoice:
    """The index of the corpus ``folder``: --index, else corpus.index, else its own."""
    if explicit:
        return IndexChoice(Path(explicit).expanduser(), "--index")
    configured = config.index_path()
    if configured is not None:
        return IndexChoice(configured, "config")
    return IndexChoice(locations.default_index_path(folder), "corpus")


def choose_index(args: argparse.Namespace, config: config_mod.Config) -> IndexChoice:
    """The index of a command without a folder: --index, else config's corpus.index, else
    the index of config's first corpus folder, else the index used last, else the demo's."""
    explicit = getattr(args, "index", None)
    paths = config.corpus_paths()
    if explicit or config.index_path() is not None or paths:
        folder = paths[0] if paths else locations.demo_corpus_path()
        return index_for_folder(explicit, config, folder)
    last = locations.last_index_pointer()
    if last.is_file():
        try:
            remembered = Path(last.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            remembered = None
        if remembered is not None and remembered.is_file():
            return IndexChoice(remembered, "last")
    demo_index = locations.default_index_path(locations.demo_corpus_path())
    if not demo_index.is_file():
        from .index import run_index  # the indexer only when the demo must be indexed

        run_index(locations.demo_corpus_path(), demo_index, quiet=True)
    return IndexChoice(demo_index, "demo")


def resolve_index(args: argparse.Namespace, config: config_mod.Config) -> Path:
    """The path of :func:`choose_index` (for commands that open the index themselves)."""
    return choose_index(args, config).path


_WHY = {
    "config": "corpus.index of {config}",
    "corpus": "the index of corpus.paths in {config}",
    "last": "the index of the last `polyglance index` or app run",
    "demo": "the built-in demo's index",
}


def open_index_for_reading(args: argparse.Namespace, config: config_mod.Config) -> Index:
    """Open the index a read command uses (docs, doc, articles, show, search, export...).

    On stderr: which index it is and its corpus, when --index did not name it; the
    index's notice (e.g. pre-commit data read from a read-only folder). An index that
    SQLite finds damaged raises IndexProblem rather than giving partial answers.
    """
    choice = choose_index(args, config)
    index = open_readonly(choice.path)
    try:
        root = index.get_meta("corpus_root")
        if not choice.explicit:
            why = _WHY[choice.why].format(config=shown_name(str(config.source)))
            corpus = f" (corpus {shown_name(root)})" if root else ""
            output.message(f"polyglance: using {shown_name(str(choice.path))}{corpus}: {why}")
        if index.notice:
            output.message(f"polyglance: note: {index.notice}")
        problem = damage_found(index)
        if problem:
            forget_sound(index.path)  # the next indexing run checks it in full
            raise IndexProblem(damaged_message(index.path, root, problem))
    except sqlite3.DatabaseError as exc:
        index.close()
        if not is_damage(exc):
            raise
        forget_sound(index.path)
        raise IndexProblem(damaged_message(index.path, None, str(exc))) from exc
    except BaseException:
        index.close()
        raise
    return index


def open_readonly(path: Path) -> Index:
    """Index.open(path, readonly=True), with a folder at ``path`` said as such (SQLite
    says "disk I/O error")."""
    if path.is_dir():
        raise IndexProblem(
            f"{shown_name(str(path))} is a folder, not an index file: give the index "
            "file with --index FILE"
        )
    return Index.open(path, readonly=True)


def damaged_message(path: Path, root: str | None, problem: str) -> str:
    folder = shown_name(root) if root else "DIR"
    return (
        f"the index is damaged ({problem}); rebuild it with "
        f"`polyglance index {folder} --index {shown_name(str(path))}`"
    )


def damage_found(index: Index, budget_s: float = DAMAGE_CHECK_BUDGET_S) -> str | None:
    """SQLite's first complaint about the file, or None when it finds none within
    ``budget_s`` (a check cut short by the budget finds none).

    quick_check runs as one step of SQLite's machine, so a progress handler cannot stop
    it: a thread interrupts it (sqlite3_interrupt: safe from another thread, a no-op
    when no statement runs).
    """
    conn = index.conn
    try:
        check_root_pages(conn)  # every table's first pages: cheap whatever the size
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return str(exc)
    size = 0
    for suffix in ("", "-wal"):  # what SQLite reads: the file and its write-ahead log
        with suppress(OSError):
            size += Path(f"{index.path}{suffix}").stat().st_size
    if size <= FULL_CHECK_BYTES:  # checked in full in about the budget: no timer needed
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
        first = str(rows[0][0]) if rows else "ok"
        return None if first == "ok" else first
    done = threading.Event()

    def stop_when_due() -> None:
        # Again and again: an interrupt that comes before the check starts is lost.
        if not done.wait(budget_s):
            while not done.is_set():
                conn.interrupt()
                done.wait(0.001)

    timer = threading.Thread(target=stop_when_due, daemon=True)
    timer.start()
    try:
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            return None
        raise
    finally:
        done.set()
        timer.join()
    first = str(rows[0][0]) if rows else "ok"
    return None if first == "ok" or "interrupt" in first.lower() else first
