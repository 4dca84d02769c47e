"""Bring an index up to date with a corpus folder, incrementally.

Unchanged files (same size and mtime) are not even opened; files whose bytes have
the same hash as before are not cleaned again; changed files are cleaned again; files
that disappeared are dropped. Reading and cleaning run in worker processes (one per
core) when there are many files; the index is written by this process only, in the
caller's transaction (see store.py).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean_document
from .decode import Unreadable, decode
from .records import Document
from .store import Index
from .walk import Candidate, Skip, walk

#: Files larger than this are not read (a text this size is not an article).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Below this many files to read, worker processes cost more than they save.
PARALLEL_MIN_FILES = 64

#: progress(done, total, what): called as files are processed.
Progress = Callable[[int, int, str], None]


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


@dataclass(frozen=True)
class Outcome:
    """What reading one file gave: a document, the same bytes as before, or a reason to skip."""

    relpath: str
    sha256: str | None = None
    document: Document | None = None
    skip_reason: str | None = None


def read_and_clean(candidate: Candidate, previous_sha: str | None) -> Outcome:
    """Read, hash, decode and clean one file (runs in a worker process)."""
    try:
        if candidate.size > MAX_FILE_BYTES:
            raise Unreadable(f"too large ({candidate.size // 2**20} MiB)")
        try:
            with open(candidate.abspath, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise Unreadable(f"cannot read: {exc.strerror or exc}") from exc
        sha = hashlib.sha256(data).hexdigest()
        if sha == previous_sha:
            return Outcome(candidate.relpath, sha)
        decoded = decode(data)
    except Unreadable as exc:
        return Outcome(candidate.relpath, skip_reason=str(exc))
    document = clean_document(candidate.relpath, decoded.text, decoded.encoding)
    return Outcome(candidate.relpath, sha, document)


def _read_and_clean_job(job: tuple[Candidate, str | None]) -> Outcome:
    return read_and_clean(*job)


def _outcomes(jobs: list[tuple[Candidate, str | None]]) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs``, computed in worker processes when worth it."""
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_MIN_FILES or workers < 2:
        yield from map(_read_and_clean_job, jobs)
        return
    # spawn, not fork: the app runs indexing from a thread, and forking threads is unsafe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        try:
            yield from pool.map(_read_and_clean_job, jobs, chunksize=16)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


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
    candidates = [e for e in entries if isinstance(e, Candidate)]
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
        progress(done, len(candidates), "")
    for (candidate, _), outcome in zip(jobs, _outcomes(jobs)):
        done += 1
        if progress:
            progress(done, len(candidates), candidate.relpath)
        _store(index, summary, candidate, outcome, known.get(candidate.relpath))

    for path, gone in known.items():
        if path not in seen:
            summary.removed_paragraphs += index.delete_document(gone.id)
            summary.removed += 1
    index.replace_skipped(summary.skipped)
    index.set_meta("corpus_root", summary.root)
    index.set_meta("indexed_at", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    summary.languages = Counter(
        dict(index.conn.execute("SELECT lang, COUNT(*) FROM documents GROUP BY lang").fetchall())
    )
    summary.seconds = time.perf_counter() - start
    return summary


def _store(index: Index, summary: Summary, candidate: Candidate, outcome: Outcome, previous) -> None:
    if outcome.skip_reason is not None:
        summary.skipped.append((candidate.relpath, outcome.skip_reason))
        if previous:
            summary.removed_paragraphs += index.delete_document(previous.id)
            summary.removed += 1
    elif outcome.document is None:
        index.touch_document(previous.id, candidate.size, candidate.mtime_ns)
        summary.unchanged += 1
    else:
        doc_id, removed, added = index.put_document(
            outcome.document, candidate.size, candidate.mtime_ns, outcome.sha256 or "",
            previous.id if previous else None,
        )
        summary.removed_paragraphs += removed
        summary.added_paragraphs += added
        summary.changed_docs.add(doc_id)
        summary.indexed += 1

