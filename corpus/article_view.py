"""What the panes show: an article's aligned rows, optionally with its boilerplate.

Plain Python over the index (no Textual), so it is tested without an app. With
``with_extras`` the boilerplate and meta paragraphs of each document are put in extra
rows, in document order, just before the aligned row that follows them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .manual_store import manual_flags
from .records import CONTENT_KINDS, ParagraphKind


@dataclass
class ViewRow:
    row: int | None  # the aligned row number; None for an extra (boilerplate) row
    confidence: float | None
    cells: dict[str, str | None] = field(default_factory=dict)
    manual: bool = False  # edited or confirmed by hand (kept across re-indexing)
    confirmed: bool = False  # checked as right by a person

    @property
    def extra(self) -> bool:
        return self.row is None


@dataclass
class ViewArticle:
    id: int
    title: str
    languages: list[str]  # every language of the article
    rows: list[ViewRow]

    def row_position(self, row: int) -> int | None:
        """Index in ``rows`` of the aligned row ``row``."""
        for position, view_row in enumerate(self.rows):
            if view_row.row == row:
                return position
        return None


def load_article(
    conn: sqlite3.Connection, article_id: int, with_extras: bool = False
) -> ViewArticle:
    title, languages = conn.execute(
        "SELECT title, languages FROM articles WHERE id=?", (article_id,)
    ).fetchone()
    members = conn.execute(
        "SELECT d.id, d.lang FROM article_docs a JOIN documents d ON d.id=a.doc_id"
        " WHERE a.article_id=? AND a.duplicate_of IS NULL ORDER BY d.id",
        (article_id,),
    ).fetchall()
    lang_of = dict(members)
    paragraphs: dict[int, list[tuple[int, ParagraphKind, str]]] = {doc: [] for doc in lang_of}
    marks = ",".join("?" * len(lang_of))
    for doc, i, kind, text in conn.execute(
        f"SELECT doc_id, i, kind, text FROM paragraphs WHERE doc_id IN ({marks}) ORDER BY doc_id, i",
        list(lang_of),
    ):
        paragraphs[doc].append((i, kind, text))
    texts = {(doc, i): text for doc, items in paragraphs.items() for i, _, text in items}
    cells: dict[int, dict[int, list[int]]] = {}
    for row, doc, para_i in conn.execute(
        "SELECT row, doc_id, para_i FROM alignment_cells WHERE article_id=? ORDER BY row, para_i",
        (article_id,),
    ):
        if doc in lang_of:
            cells.setdefault(row, {}).setdefault(doc, []).append(para_i)
    confidences = conn.execute(
        "SELECT row, confidence FROM alignment_rows WHERE article_id=? ORDER BY row", (article_id,)
    ).fetchall()
    flags = manual_flags(conn, article_id)

    rows: list[ViewRow] = []
    emitted = {doc: -1 for doc in lang_of}  # last paragraph index shown, per document

    def extras_before(limits: dict[int, int]) -> None:
        extra = ViewRow(None, None, {lang: None for lang in lang_of.values()})
        for doc, limit in limits.items():
            pending = [
                text
                for i, kind, text in paragraphs[doc]
                if emitted[doc] < i < limit and kind not in CONTENT_KINDS
            ]
            if pending:
                extra.cells[lang_of[doc]] = "\n\n".join(pending)
        if any(extra.cells.values()):
            rows.append(extra)

    for row, confidence in confidences:
        in_row = cells.get(row, {})
        if with_extras:
            extras_before({doc: min(items) for doc, items in in_row.items()})
        view_row = ViewRow(
            row,
            confidence,
            {lang: None for lang in lang_of.values()},
            manual=row in flags,
            confirmed=flags.get(row, False),
        )
        for doc, items in in_row.items():
            view_row.cells[lang_of[doc]] = "\n\n".join(texts[doc, i] for i in items)
            emitted[doc] = max(emitted[doc], *items)
        rows.append(view_row)
    if with_extras:
        extras_before({doc: 1 << 30 for doc in lang_of})
    return ViewArticle(article_id, title, languages.split(","), rows)
