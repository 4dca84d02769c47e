"""Bring an index up to date with a corpus folder, incrementally.

Unchanged files (same size and mtime) are not even opened; files whose bytes have
the same hash as before are not re-read; changed files are cleaned again; files that
disappeared are dropped. Everything is written in one transaction (see store.py).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean_document
from .decode import Unreadable, decode
from .store import Index
from .walk import Candidate, Skip, walk

#: Files larger than this are not read (a text this size is not an article).
MAX_FILE_BYTES = 256 * 1024 * 1024

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
    removed_paragraphs: list[int] = field(default_factory=list, repr=False)
    added_paragraphs: list[int] = field(default_factory=list, repr=False)
    changed_docs: set[int] = field(default_factory=set, repr=False)

    def skip_reasons(self) -> Counter[str]:
        return Counter(reason.split(" (")[0] for _, reason in self.skipped)


def _read(candidate: Candidate) -> bytes:
    if candidate.size > MAX_FILE_BYTES:
        raise Unreadable(f"too large ({candidate.size // 2**20} MiB > {MAX_FILE_BYTES // 2**20} MiB)")
    try:
        with open(candidate.abspath, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from exc


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
    candidates = [e for e in entries if isinstance(e, Candidate)]
    summary.skipped = [(e.relpath, e.reason) for e in entries if isinstance(e, Skip)]
    summary.files_seen = len(entries)
    seen: set[str] = set()
    for done, candidate in enumerate(candidates, 1):
        if progress:
            progress(done, len(candidates), candidate.relpath)
        seen.add(candidate.relpath)
        previous = known.get(candidate.relpath)
        if previous and previous.size == candidate.size and previous.mtime_ns == candidate.mtime_ns:
            summary.unchanged += 1
            continue
        try:
            data = _read(candidate)
            sha = hashlib.sha256(data).hexdigest()
            if previous and previous.sha256 == sha:
                index.touch_document(previous.id, candidate.size, candidate.mtime_ns)
                summary.unchanged += 1
                continue
            decoded = decode(data)
        except Unreadable as exc:
            summary.skipped.append((candidate.relpath, str(exc)))
            if previous:
                summary.removed_paragraphs += index.delete_document(previous.id)
                summary.removed += 1
            continue
        doc = clean_document(candidate.relpath, decoded.text, decoded.encoding)
        doc_id, removed, added = index.put_document(
            doc, candidate.size, candidate.mtime_ns, sha, previous.id if previous else None
        )
        summary.removed_paragraphs += removed
        summary.added_paragraphs += added
        summary.changed_docs.add(doc_id)
        summary.indexed += 1
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
