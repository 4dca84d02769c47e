"""One indexing run: documents, then articles and their alignment, then the search tables.

It sits above both core packages (the CLI and the app call it): ``polyglance.corpus``
never imports ``polyglance.search``. Like them it imports no Textual and no Rich.

All of it in one write transaction on the index, so that a run that is interrupted at
any point leaves the previous complete index, and a finished run a complete new one.
"""

from __future__ import annotations

import functools
import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from polyglance.corpus.indexer import (
    STAGE_ALIGNING,
    STAGE_GROUPING,
    STAGE_LEARNING,
    STAGE_LOOKUP,
    STAGE_REALIGNING,
    STAGE_SEARCH,
    Progress,
    Summary,
    update_documents,
)
from polyglance.corpus.records import CONTENT_SQL
from polyglance.corpus.store import (
    Index,
    IndexProblem,
    forget_sound,
    is_damage,
    write_problem,
)

# Grouping, alignment and the search tables are imported by the steps that use them: a
# command that only needs index_corpus importable (every read command, through the CLI's
# common module) does not load numpy and the aligner for it.


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived during a run: it ends as Ctrl-C does (nothing of it is written)."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` meanwhile (main thread only: signals go there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        raise Terminated("terminated")

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def index_corpus(
    root: str | os.PathLike[str],
    index_path: str | os.PathLike[str],
    progress: Progress | None = None,
    *,
    parallel_folders: bool = True,
) -> Summary:
    """Index the folder ``root`` into ``index_path`` and return what was done.

    ``parallel_folders``: config's ``[grouping] parallel_folders`` (see corpus.grouping).

    SQLite errors while writing (a full disk, a read-only file, a failing disk) come out
    as :class:`IndexProblem` with a message for the user; the previous index is intact.
    """
    start = time.perf_counter()
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such folder")
    index_path = Path(index_path)
    _refuse_index_inside(root, index_path)
    try:
        with _terminate_as_interrupt():
            try:
                summary = _run(root, index_path, progress, parallel_folders)
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    raise
                # Damage the opening did not check for (the file was known sound, see
                # store.known_sound): once more, with the whole file checked, so that it
                # is moved aside and rebuilt.
                forget_sound(index_path)
                summary = _run(root, index_path, progress, parallel_folders)
    except sqlite3.OperationalError as exc:
        raise write_problem(index_path, exc) from exc
    summary.seconds = time.perf_counter() - start
    return summary


def _run(
    root: Path, index_path: Path, progress: Progress | None, parallel_folders: bool
) -> Summary:
    index = Index.open(index_path)
    try:
        with index.writing():
            summary = update_documents(index, root, progress)
            for step in _later_steps(parallel_folders):
                step(index, summary, progress)
    except BaseException:
        index.close()
        index.put_back()  # a damaged index moved aside for nothing goes back
        raise
    index.close_clean()
    return summary


def _refuse_index_inside(root: Path, index_path: Path) -> None:
    """The index is never a file of the corpus (it would replace a document, or index
    itself): refuse any index path inside the corpus folder, links resolved."""
    corpus = os.path.realpath(root)
    index = os.path.realpath(index_path)
    if os.path.commonpath([corpus, index]) == corpus:
        raise IndexProblem(
            f"the index {index_path} would be inside the corpus folder {root}: "
            "choose a place outside it with --index FILE"
        )


def _stage(progress: Progress | None, name: str) -> Callable[[int, int], None]:
    """``progress`` as one stage tells it: ``(done, total)`` of the stage ``name``."""

    def told(done: int, total: int) -> None:
        if progress:
            progress(done, total, name)

    return told


def _articles_step(
    index: Index, summary: Summary, progress: Progress | None, *, parallel_folders: bool
) -> None:
    from polyglance.corpus.articles import SecondPass, update_articles
    from polyglance.corpus.unknown_languages import relabel_unknown_languages

    if summary.changed_docs or summary.removed or index.get_meta("articles_done") != "1":
        if progress:
            progress(0, 100, STAGE_GROUPING)
        # Texts in languages outside the model get a code per language before grouping;
        # a document whose code changed is aligned again and searched under its new code.
        relabelled, paragraphs = relabel_unknown_languages(index.conn)
        summary.changed_docs |= relabelled
        summary.removed_paragraphs += paragraphs
        summary.added_paragraphs += paragraphs

        summary.articles, summary.realigned = update_articles(
            index.conn,
            summary.changed_docs,
            _stage(progress, STAGE_ALIGNING),
            parallel_folders,
            _stage(progress, STAGE_GROUPING),
            SecondPass(_stage(progress, STAGE_LEARNING), _stage(progress, STAGE_REALIGNING)),
        )
        index.set_meta("articles_done", "1")


def _search_step(index: Index, summary: Summary, progress: Progress | None) -> None:
    from polyglance.search import build_search_index, update_search_index

    building = _stage(progress, STAGE_SEARCH)
    problem = _search_tables_problem(index) if index.get_meta("search_done") == "1" else None
    if problem:
        note = f"the search tables of {index.path} were {problem}; rebuilt them"
        summary.notice = f"{summary.notice}; {note}" if summary.notice else note
    if index.get_meta("search_done") != "1" or problem or _search_mostly_stale(index):
        build_search_index(index.conn, building)
        index.set_meta("search_done", "1")
    elif summary.removed_paragraphs or summary.added_paragraphs:
        building(0, 1)
        update_search_index(index.conn, summary.removed_paragraphs, summary.added_paragraphs)
        building(1, 1)


def _search_tables_problem(index: Index) -> str | None:
    """Why the search tables cannot be right (dropped or emptied by hand...), else None.

    Cheap checks only (no scan of the paragraphs): every table is there, none is empty
    while another is not, and the per-paragraph arrays cover every paragraph.
    """
    import numpy as np

    from polyglance.search import store as search_store

    conn = index.conn
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = [t for t in search_store.SEARCH_TABLES if t not in tables]
    if missing:
        return f"missing ({', '.join(missing)})"

    def has_rows(table: str) -> bool:
        return conn.execute(f"SELECT EXISTS(SELECT 1 FROM {table})").fetchone()[0] == 1

    if search_store.get_meta(conn, "build") is None:
        return "without their build stamp"
    content = conn.execute(
        f"SELECT EXISTS(SELECT 1 FROM paragraphs WHERE kind IN {CONTENT_SQL})"
    ).fetchone()[0]
    max_id = conn.execute("SELECT max(id) FROM paragraphs").fetchone()[0]
    kinds = search_store.load_array(conn, "kind", np.uint8)
    if max_id is not None and len(kinds) <= max_id:
        return "behind the paragraphs (per-paragraph arrays too short)"
    searchable = int(np.count_nonzero(kinds))
    if content and not searchable:
        return "empty"
    filled = {t: has_rows(t) for t in ("search_words", "search_postings", "search_grams")}
    if searchable and not all(filled.values()):
        empty = [t for t, rows in filled.items() if not rows]
        return f"emptied ({', '.join(empty)})"
    for name, dtype in (("lang", np.uint16), ("doc", np.int32)):
        if searchable and len(search_store.load_array(conn, name, dtype)) == 0:
            return f"incomplete (no {name} array)"
    return None


#: Rebuild the search tables when this share of their postings point at removed paragraphs.
STALE_SHARE_FOR_REBUILD = 0.3


def _search_mostly_stale(index: Index) -> bool:
    """Removed paragraphs are only masked in the search tables; rebuild when they pile up."""
    from polyglance.search.store import get_meta

    stale = int(get_meta(index.conn, "stale", "0") or 0)
    if not stale:
        return False  # without counting a million paragraphs
    total = index.conn.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
    return stale > STALE_SHARE_FOR_REBUILD * max(total, 1)


def _lookup_step(index: Index, summary: Summary, progress: Progress | None) -> None:
    """The translation tables (``polyglance lookup``, the app's ``t``), learned here and
    only here (readers never write the index), when the aligned rows changed since they
    were learned (or never were: an index from before this stage)."""
    from polyglance.search import translation_model

    if translation_model.learned_stamp(index.conn) == translation_model.stamp(index.conn):
        return

    summary.translation_pairs = translation_model.learn(index.conn, _stage(progress, STAGE_LOOKUP))


def _totals_step(index: Index, summary: Summary, progress: Progress | None) -> None:
    """What the whole index holds now, for the summary: documents repaired, articles by
    how many languages they have, and what re-indexing did to manual rows."""
    from polyglance.corpus.manual_restore import last_notices

    conn = index.conn
    summary.repaired = conn.execute(
        "SELECT COUNT(*) FROM documents WHERE repairs != '{}'"
    ).fetchone()[0]
    sizes = Counter(
        len(languages.split(",")) for (languages,) in conn.execute("SELECT languages FROM articles")
    )
    summary.article_sizes = dict(sorted(sizes.items()))
    summary.manual_notices = last_notices(conn)


def _later_steps(parallel_folders: bool) -> list[Callable[[Index, Summary, Progress | None], None]]:
    """Grouping and alignment, then search, then the translation tables, then the totals;
    each ``step(index, summary, progress)``."""
    articles = functools.partial(_articles_step, parallel_folders=parallel_folders)
    return [articles, _search_step, _lookup_step, _totals_step]
