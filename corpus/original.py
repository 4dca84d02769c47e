"""A document as its file reads before any repair: for checking what the repair did.

The index keeps only the repaired text; the original reading is made again from the file,
under the corpus root recorded in the index, and only if the file still has the bytes that
were indexed (same SHA-256).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass

from .decode import Unreadable, decode


class OriginalUnavailable(OSError):
    """The file cannot give the indexed document's original reading; the message says why."""


@dataclass(frozen=True)
class Original:
    path: str  # relative to the corpus root
    encoding: str
    text: str  # decoded and normalised, not repaired

    def as_json(self) -> dict:
        return {"path": self.path, "encoding": self.encoding, "text": self.text}


def original_text(conn: sqlite3.Connection, doc_id: int) -> Original:
    """Read document ``doc_id``'s file again and decode it without repair."""
    row = conn.execute("SELECT path, sha256 FROM documents WHERE id=?", (doc_id,)).fetchone()
    root_row = conn.execute("SELECT value FROM meta WHERE key='corpus_root'").fetchone()
    if row is None or root_row is None:
        raise OriginalUnavailable(f"document {doc_id} or its corpus root is not in the index")
    path, sha256 = row
    full = os.path.join(root_row[0], *path.split("/"))
    try:
        with open(full, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise OriginalUnavailable(f"{full}: the file is gone; index the corpus again") from exc
    except OSError as exc:
        raise OriginalUnavailable(f"{full}: cannot read it ({exc.strerror or exc})") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise OriginalUnavailable(
            f"{full}: the file changed since it was indexed; index the corpus again"
        )
    try:
        decoded = decode(data, repair=False)
    except Unreadable as exc:  # it was read when indexed: only a bug gets here
        raise OriginalUnavailable(f"{full}: {exc}") from exc
    return Original(path, decoded.encoding, decoded.text)
