"""Read the index: the records behind `docs`, `doc`, `articles` and `show`.

Each function returns plain dataclasses; their ``as_json()`` is the documented JSON
contract of the command line (see README.md, "JSON output"). Field names are stable.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass

from .records import CONTENT_KINDS

_CONTENT = "(" + ",".join(f"'{k}'" for k in CONTENT_KINDS) + ")"


@dataclass(frozen=True)
class DocSummary:
    id: int
    path: str
    lang: str
    title: str | None
    source_url: str | None
    date: str | None
    paragraphs: int  # content paragraphs

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ParagraphView:
    i: int
    kind: str
    lang: str
    text: str


@dataclass(frozen=True)
class DocDetail:
    summary: DocSummary
    encoding: str
    paragraphs: list[ParagraphView]

    def as_json(self) -> dict:
        return {
            **self.summary.as_json(),
            "encoding": self.encoding,
            "paragraphs": [asdict(p) for p in self.paragraphs],
        }


_DOC_COLUMNS = "id, path, lang, title, source_url, date, n_content"


def documents(conn: sqlite3.Connection) -> list[DocSummary]:
    rows = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY path")
    return [DocSummary(*row) for row in rows]


def find_document(conn: sqlite3.Connection, path_or_id: str) -> DocSummary | None:
    """A document by id, by exact relative path, or by a unique path suffix or prefix."""
    if path_or_id.isdigit() and str(int(path_or_id)) == path_or_id:
        row = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=?", (int(path_or_id),)).fetchone()
        if row:
            return DocSummary(*row)
    wanted = path_or_id.replace("\\", "/").removeprefix("./")
    row = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE path=?", (wanted,)).fetchone()
    if row:
        return DocSummary(*row)
    rows = conn.execute(
        f"SELECT {_DOC_COLUMNS} FROM documents WHERE path LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\'",
        ("%/" + _like(wanted), _like(wanted) + "%"),
    ).fetchall()
    if len(rows) == 1:
        return DocSummary(*rows[0])
    # A path given as the file's location on disk: match it against the end of the path.
    name_rows = [r for r in documents(conn) if wanted.endswith("/" + r.path) or wanted == r.path]
    return name_rows[0] if len(name_rows) == 1 else None


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def document_detail(conn: sqlite3.Connection, doc: DocSummary) -> DocDetail:
    encoding = conn.execute("SELECT encoding FROM documents WHERE id=?", (doc.id,)).fetchone()[0]
    rows = conn.execute(
        "SELECT i, kind, lang, text FROM paragraphs WHERE doc_id=? ORDER BY i", (doc.id,)
    )
    return DocDetail(doc, encoding, [ParagraphView(*r) for r in rows])


def skipped(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT path, reason FROM skipped ORDER BY path").fetchall()


def content_paragraphs(conn: sqlite3.Connection, doc_id: int) -> list[tuple[int, str]]:
    """(i, text) of the content paragraphs of a document, in order."""
    return conn.execute(
        f"SELECT i, text FROM paragraphs WHERE doc_id=? AND kind IN {_CONTENT} ORDER BY i", (doc_id,)
    ).fetchall()
