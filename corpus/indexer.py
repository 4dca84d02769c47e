"""Bring an index up to date with a corpus folder, incrementally.

Unchanged files (same size and mtime) are not even opened; files whose bytes have
the same hash as before are not cleaned again; changed files are cleaned again; files
that disappeared are dropped. Reading and cleaning run in worker processes (one per
core) when there are many files; the index is written by this process only, in the
caller's transaction (see store.py).
"""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import workerproc
from .records import Document, Paragraph
from .store import Index, KnownFile
from .walk import Candidate, Skip, walk

if TYPE_CHECKING:
    from .clean import clean_document
    from .decode import Unreadable, decode
    from .html import apply_page, read_page
    from .paragraphs import split_paragraphs

#: Imported when a file is first read (see _cleaning): a run that reads no file, and a
#: command that only imports this module, do without them.
_CLEANING = (
    "clean_document",
    "Unreadable",
    "decode",
    "apply_page",
    "read_page",
    "split_paragraphs",
)


def _cleaning() -> None:
    """Import what reading and cleaning a file needs, once (names already set stay: a
    test may have replaced one)."""
    g = globals()
    if all(name in g for name in _CLEANING):
        return
    from .clean import clean_document
    from .decode import Unreadable, decode
    from .html import apply_page, read_page
    from .paragraphs import split_paragraphs

    found = (clean_document, Unreadable, decode, apply_page, read_page, split_paragraphs)
    for name, value in zip(_CLEANING, found, strict=True):
        g.setdefault(name, value)


def __getattr__(name: str) -> object:
    if name in _CLEANING:
        _cleaning()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Files larger than this are not read (a text this size is not an article).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Reads of a file that keeps changing before it is skipped for this run.
READ_ATTEMPTS = 3
#: Characters and paragraphs of a text that are cleaned in full (see clean_bounded).
FULL_CLEAN_CHARS = 500_000
FULL_CLEAN_PARAGRAPHS = 5_000
#: Below this many files to read, worker processes cost more than they save.
PARALLEL_MIN_FILES = 64
#: Files sent to a worker at a time.
POOL_CHUNK = 16

#: progress(done, total, what): called as the run goes; ``what`` names the stage, and
#: ``done``/``total`` count its own units:
#:
#: * ``"reading"``: files (read, decoded, cleaned, language identified; unchanged files
#:   count as done at once);
#: * ``"grouping"``: per cent of the grouping of the documents into articles (its phases,
#:   ``grouping.PHASES``), from 0 of 100 to 100 of 100;
#: * ``"aligning"``: articles aligned (only those that changed), of those to align;
#: * ``"learning word pairs"``: language pairs whose word pairs are learned from the
#:   aligned rows (the second pass's table; when the corpus has enough rows);
#: * ``"realigning"``: articles of 2+ documents aligned again with those word pairs;
#: * ``"search index"``: the search tables' own steps;
#: * ``"translation tables"``: language pairs whose translation table is learned (only
#:   when the aligned rows changed).
#:
#: A progress callback may raise :class:`IndexingStopped` to end the run.
Progress = Callable[[int, int, str], None]


class IndexingStopped(BaseException):
    """Raised by a progress callback to end the indexing run where it is (the app was
    left while it indexed): nothing of the run lands, the index stays as it was. Not an
    Exception, as KeyboardInterrupt is not: no fallback that catches errors catches it."""


STAGE_READING = "reading"
STAGE_GROUPING = "grouping"
STAGE_ALIGNING = "aligning"
STAGE_LEARNING = "learning word pairs"
STAGE_REALIGNING = "realigning"
STAGE_SEARCH = "search index"
STAGE_LOOKUP = "translation tables"
STAGES = (
    STAGE_READING,
    STAGE_GROUPING,
    STAGE_ALIGNING,
    STAGE_LEARNING,
    STAGE_REALIGNING,
    STAGE_SEARCH,
    STAGE_LOOKUP,
)


@dataclass
class Summary:
    """What an indexing run did; printed at the end and returned as JSON."""

    root: str
    index: str
    files_seen: int = 0
    indexed: int = 0  # read and cleaned in this run (new or changed)
    unchanged: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    notice: str | None = None
    articles: int | None = None  # set when articles were regrouped in this run
    realigned: int = 0
    removed_paragraphs: list[int] = field(default_factory=list, repr=False)
    added_paragraphs: list[int] = field(default_factory=list, repr=False)
    changed_docs: set[int] = field(default_factory=set, repr=False)
    workers: int = 0  # worker processes that read files (0: all read in this process)
    repaired: int = 0  # documents of the index whose stored text was repaired
    article_sizes: dict[int, int] = field(default_factory=dict)  # languages -> articles
    manual_notices: list[str] = field(default_factory=list)  # manual rows re-indexing dropped
    #: Language pairs whose translation table was learned in this run (None: none was).
    translation_pairs: list[tuple[str, str]] | None = None


@dataclass(frozen=True)
class Outcome:
    """What reading one file gave: a document, the same bytes as before, or a reason to skip.

    ``size`` and ``mtime_ns`` are those of the bytes actually read (the file may have
    changed since the folder was walked).
    """

    relpath: str
    sha256: str | None = None
    document: Document | None = None
    skip_reason: str | None = None
    size: int | None = None
    mtime_ns: int | None = None


def _read_upto(fd: int, n: int) -> bytes:
    """At most ``n`` bytes from the start of the open file ``fd``."""
    with open(fd, "rb", closefd=False) as handle:
        return handle.read(n)


def read_file(path: str) -> tuple[bytes, int, int]:
    """The bytes of the regular file ``path`` with the size and mtime they were read at.

    Never blocks on a FIFO or device, never follows a link that replaced the file, and
    reads again (a few times) a file that changes while it is read.
    """
    _cleaning()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(READ_ATTEMPTS):
        if attempt:
            time.sleep(0.02 * attempt)
        try:
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError as exc:
            raise Unreadable("disappeared before it could be read") from exc
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Unreadable("became a symbolic link while indexing") from exc
            raise Unreadable(f"cannot read: {exc.strerror or exc}") from exc
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                raise Unreadable("not a regular file")
            if before.st_size > MAX_FILE_BYTES:
                raise Unreadable(f"too large ({before.st_size // 2**20} MiB)")
            data = _read_upto(fd, before.st_size + 1)
            after = os.fstat(fd)
        except OSError as exc:
            raise Unreadable(f"cannot read: {exc.strerror or exc}") from exc
        finally:
            os.close(fd)
        if after.st_nlink == 0:
            raise Unreadable("disappeared while it was being read")
        stamp = (before.st_size, before.st_mtime_ns)
        if stamp == (after.st_size, after.st_mtime_ns) == (len(data), after.st_mtime_ns):
            return data, after.st_size, after.st_mtime_ns
    raise Unreadable("kept changing while it was being read (it will be read on the next run)")


def read_and_clean(candidate: Candidate, previous_sha: str | None) -> Outcome:
    """Read, hash, decode and clean one file (runs in a worker process)."""
    _cleaning()
    try:
        if candidate.size > MAX_FILE_BYTES:
            raise Unreadable(f"too large ({candidate.size // 2**20} MiB)")
        data, size, mtime_ns = read_file(candidate.abspath)
        sha = hashlib.sha256(data).hexdigest()
        if sha == previous_sha:
            return Outcome(candidate.relpath, sha, size=size, mtime_ns=mtime_ns)
        decoded = decode(data, repair=True)
        del data
        text, page = read_page(candidate.relpath, decoded.text)
        document = clean_bounded(candidate.relpath, text, decoded.encoding)
        document.repairs = dict(sorted(decoded.repairs.items()))
        if page is not None:
            apply_page(document, page)
    except Unreadable as exc:
        return Outcome(candidate.relpath, skip_reason=str(exc))
    except Exception as exc:  # a bug must cost one file, not the whole run
        reason = f"internal error while cleaning ({type(exc).__name__}: {exc}); please report it"
        return Outcome(candidate.relpath, skip_reason=reason)
    return Outcome(candidate.relpath, sha, document, size=size, mtime_ns=mtime_ns)


def clean_bounded(path: str, text: str, encoding: str) -> Document:
    """:func:`clean_document`, in time and memory bounded by the size of the text.

    Only the head of a huge text (``FULL_CLEAN_CHARS`` characters or ``FULL_CLEAN_PARAGRAPHS``
    paragraphs) is cleaned in full: languages per paragraph, kinds, anchors, title. The
    rest is split into bounded paragraphs kept as body text in the document's language,
    so that all of it is stored and searchable without language ID on megabytes.
    """
    _cleaning()
    raw = split_paragraphs(text)
    if not raw or (len(text) <= FULL_CLEAN_CHARS and len(raw) <= FULL_CLEAN_PARAGRAPHS):
        return clean_document(path, text, encoding)
    head = 1  # paragraphs cleaned in full: as many as fit in the budget, at least one
    while head < min(len(raw), FULL_CLEAN_PARAGRAPHS) and raw[head].end <= FULL_CLEAN_CHARS:
        head += 1
    cut = raw[head - 1].end
    document = clean_document(path, text[:cut], encoding)
    i = len(document.paragraphs)
    for r in raw:
        if r.start >= cut:
            document.paragraphs.append(
                Paragraph(
                    i=i, kind="body", lang=document.lang, text=r.text, start=r.start, end=r.end
                )
            )
            i += 1
    return document


def _read_and_clean_job(job: tuple[Candidate, str | None]) -> Outcome:
    return read_and_clean(*job)


@dataclass
class ReadStats:
    """How the files of a run were read: ``workers`` processes (0: all in this process)."""

    workers: int = 0
    fallback: str | None = None  # why the pool stopped and the rest was read here
    touched: int = 0  # files read again whose bytes had not changed (their stat had)


def _outcomes(jobs: list[tuple[Candidate, str | None]], stats: ReadStats) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs``, computed in worker processes when worth it.

    Whatever goes wrong with the pool (it cannot start, a worker dies, a result cannot
    be passed back) costs only speed: what is left is read in this process.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_MIN_FILES or workers < 2:
        yield from map(_read_and_clean_job, jobs)
        return
    done = 0
    try:
        for outcome in _pooled(jobs, workers, stats):
            done += 1
            yield outcome
        return
    except Exception as exc:  # never KeyboardInterrupt or GeneratorExit: those end the run
        stats.workers = stats.workers if done else 0
        stats.fallback = f"{type(exc).__name__}: {exc}"
    yield from map(_read_and_clean_job, jobs[done:])


def _pooled(
    jobs: list[tuple[Candidate, str | None]], workers: int, stats: ReadStats
) -> Iterator[Outcome]:
    workers = min(workers, -(-len(jobs) // POOL_CHUNK))
    # spawn, not fork: the app runs indexing from a thread, and forking threads is unsafe.
    context = multiprocessing.get_context("spawn")
    workerproc.ensure_resource_tracker()
    workerproc.quiet_broken_pool_races()
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=workerproc.init_worker, initargs=(os.getpid(),)
    )
    try:
        with workerproc.interrupts_deferred():  # no worker is left half-started
            results = pool.map(_read_and_clean_job, jobs, chunksize=POOL_CHUNK)
        stats.workers = workers
        yield from results
    except BaseException:
        # Workers first, then the pool: its manager fails what was left (cancelling it
        # first makes the manager trip over the cancelled futures, a traceback on the
        # terminal while the process ends).
        workerproc.stop_workers(pool)
        pool.shutdown(wait=True)
        raise
    pool.shutdown(wait=True)


def update_documents(index: Index, root: str | Path, progress: Progress | None = None) -> Summary:
    """Bring the documents of ``index`` in line with the files under ``root``.

    Must run inside ``index.writing()``; grouping, alignment and search are updated by
    the caller from the returned summary.
    """
    start = time.perf_counter()
    root = Path(root)
    summary = Summary(root=str(root.resolve()), index=str(index.path), notice=index.notice)
    known = index.known_files()
    entries = list(walk(root))
    summary.files_seen = len(entries)
    summary.skipped = [(e.relpath, e.reason) for e in entries if isinstance(e, Skip)]
    candidates = _distinct(entries, summary.skipped)
    seen = {c.relpath for c in candidates}

    jobs: list[tuple[Candidate, str | None]] = []
    for candidate in candidates:
        previous = known.get(candidate.relpath)
        if previous and (previous.size, previous.mtime_ns) == (candidate.size, candidate.mtime_ns):
            summary.unchanged += 1
        else:
            jobs.append((candidate, previous.sha256 if previous else None))
    done = summary.unchanged
    if progress:
        progress(done, len(candidates), STAGE_READING)
    stats = ReadStats()
    for (candidate, _), outcome in zip(jobs, _outcomes(jobs, stats), strict=True):
        done += 1
        if progress:
            progress(done, len(candidates), STAGE_READING)
        _store(index, summary, candidate, outcome, known.get(candidate.relpath))
        stats.touched += outcome.document is None and outcome.skip_reason is None

    summary.workers = stats.workers
    for path, gone in known.items():
        if path not in seen:
            summary.removed_paragraphs += index.delete_document(gone.id)
            summary.removed += 1
    # A run that changes nothing writes nothing: the file stays as the last run left it,
    # so that the next one need not check it again (see store.known_sound).
    changed = index.replace_skipped(summary.skipped)
    if index.get_meta("corpus_root") != summary.root:
        index.set_meta("corpus_root", summary.root)
        changed = True
    if changed or summary.indexed or summary.removed or stats.touched:
        index.set_meta("indexed_at", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    summary.languages = Counter(
        dict(index.conn.execute("SELECT lang, COUNT(*) FROM documents GROUP BY lang").fetchall())
    )
    summary.seconds = time.perf_counter() - start
    return summary


def _distinct(entries: list[Candidate | Skip], skipped: list[tuple[str, str]]) -> list[Candidate]:
    """The candidates, each shown name once (two raw names can print alike: see walk)."""
    candidates: dict[str, Candidate] = {}
    for entry in entries:
        if not isinstance(entry, Candidate):
            continue
        if entry.relpath in candidates:
            skipped.append((entry.relpath, "another file has the same printable name"))
        else:
            candidates[entry.relpath] = entry
    return list(candidates.values())


def _store(
    index: Index,
    summary: Summary,
    candidate: Candidate,
    outcome: Outcome,
    previous: KnownFile | None,
) -> None:
    size = candidate.size if outcome.size is None else outcome.size
    mtime_ns = candidate.mtime_ns if outcome.mtime_ns is None else outcome.mtime_ns
    if outcome.skip_reason is not None:
        summary.skipped.append((candidate.relpath, outcome.skip_reason))
        if previous:
            summary.removed_paragraphs += index.delete_document(previous.id)
            summary.removed += 1
    elif outcome.document is None:
        assert previous is not None  # same bytes as the stored document
        index.touch_document(previous.id, size, mtime_ns)
        summary.unchanged += 1
    else:
        doc_id, removed, added = index.put_document(
            outcome.document,
            size,
            mtime_ns,
            outcome.sha256 or "",
            previous.id if previous else None,
        )
        summary.removed_paragraphs += removed
        summary.added_paragraphs += added
        summary.changed_docs.add(doc_id)
        summary.indexed += 1
