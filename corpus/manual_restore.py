"""After an indexing run: put each article's manual rows back (see manual_store).

``restore_manual`` is called at the end of ``articles.update_articles``, in the indexing
transaction. An article whose stored table still holds its manual rows exactly as
recorded is left as it is (the usual case, and cheap). Otherwise (a document changed,
joined or left, or the article's id changed with its first document) the manual rows
whose paragraphs are unchanged are kept as fixed points and the rest of the article is
aligned around them (``manual_realign``); rows that changed fall back to automatic. What
happened is returned as notices and kept in ``manual_notices`` until the next run.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .manual_realign import CurrentDoc, Realigned, RecordedRow, realign, text_hash
from .manual_store import (
    article_languages,
    content,
    has_tables,
    load_table,
    manual_flags,
    members,
    write_table,
)


@dataclass(frozen=True)
class Notice:
    """What re-indexing did to an article's manual rows."""

    article_id: int
    kept: int
    dropped: int
    text: str


def _load_record(
    conn: sqlite3.Connection, article_id: int
) -> tuple[list[int], list[RecordedRow], dict[str, str]]:
    """(stored row numbers, recorded rows, lang -> path) of an article's manual record."""
    flags = dict(
        conn.execute(
            "SELECT row, confirmed FROM manual_rows WHERE article_id=? ORDER BY row", (article_id,)
        ).fetchall()
    )
    cells: dict[int, dict[str, list[tuple[int, str]]]] = {}
    for row, lang, i, sha in conn.execute(
        "SELECT row, lang, para_i, text_sha FROM manual_cells WHERE article_id=? ORDER BY row, lang, para_i",
        (article_id,),
    ):
        cells.setdefault(row, {}).setdefault(lang, []).append((i, sha))
    numbers = sorted(flags)
    recorded = [
        RecordedRow({lang: tuple(c) for lang, c in cells.get(r, {}).items()}, bool(flags[r]))
        for r in numbers
    ]
    paths = dict(
        conn.execute(
            "SELECT lang, path FROM manual_docs WHERE article_id=?", (article_id,)
        ).fetchall()
    )
    return numbers, recorded, paths


def _order(conn: sqlite3.Connection, article_id: int) -> dict[str, list[tuple[int, str]]]:
    """lang -> (i, short hash) of each content paragraph of its document when recorded."""
    found = {}
    for lang, text in conn.execute(
        "SELECT lang, paragraphs FROM manual_docs WHERE article_id=?", (article_id,)
    ):
        pairs = [item.split(":", 1) for item in text.split()]
        found[lang] = [(int(i), h) for i, h in pairs]
    return found


def _intact(
    conn: sqlite3.Connection,
    article_id: int,
    numbers: list[int],
    recorded: list[RecordedRow],
    paths: dict[str, str],
) -> bool:
    """Whether the stored table still holds every manual row exactly as recorded."""
    docs = members(conn, article_id)
    if {lang: m.path for lang, m in docs.items()} != paths:
        return False
    stored: dict[int, dict[str, list[tuple[int, str]]]] = {}
    for row, lang, i, text in conn.execute(
        "SELECT c.row, d.lang, c.para_i, p.text FROM alignment_cells c"
        " JOIN documents d ON d.id = c.doc_id"
        " JOIN paragraphs p ON p.doc_id = c.doc_id AND p.i = c.para_i"
        " WHERE c.article_id=? ORDER BY c.row, d.lang, c.para_i",
        (article_id,),
    ):
        stored.setdefault(row, {}).setdefault(lang, []).append((i, text_hash(text)))
    for number, row in zip(numbers, recorded, strict=True):
        exists = conn.execute(
            "SELECT 1 FROM alignment_rows WHERE article_id=? AND row=?", (article_id, number)
        ).fetchone()
        if not exists:
            return False
        want = {lang: list(c) for lang, c in row.cells.items() if c}
        if stored.get(number, {}) != want:
            return False
    return True


def _current_article(
    conn: sqlite3.Connection, article_id: int, paths: dict[str, str]
) -> int | None:
    """The article that now holds the recorded documents (its id changes with its first one)."""
    if conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone():
        return article_id
    for path in sorted(paths.values()):
        row = conn.execute(
            "SELECT a.article_id FROM article_docs a JOIN documents d ON d.id = a.doc_id"
            " WHERE d.path=? AND a.duplicate_of IS NULL",
            (path,),
        ).fetchone()
        if row:
            return row[0]
    return None


def restore_manual(conn: sqlite3.Connection) -> list[Notice]:
    """Put manual rows back into every article whose table the indexing run replaced.

    Runs inside the indexing transaction, after alignment. An article whose stored table
    still holds its manual rows is left as it is (cheap: the usual case). Otherwise the
    manual rows whose paragraphs are unchanged are kept and the rest of the article is
    aligned around them; the others are dropped with a notice.
    """
    if not has_tables(conn):
        return []
    conn.execute("DELETE FROM manual_notices")
    notices: list[Notice] = []
    recorded_articles = [
        r[0] for r in conn.execute("SELECT DISTINCT article_id FROM manual_rows ORDER BY 1")
    ]
    for old_id in recorded_articles:
        numbers, recorded, paths = _load_record(conn, old_id)
        article_id = _current_article(conn, old_id, paths)
        if article_id is None or (article_id != old_id and manual_flags(conn, article_id)):
            why = (
                "its documents are gone"
                if article_id is None
                else f"its documents joined article {article_id}, which has manual rows of its own"
            )
            text = f"article {old_id}: {why}; {len(recorded)} manual row(s) forgotten"
            notices.append(Notice(old_id, 0, len(recorded), text))
            _forget(conn, old_id)
            continue
        if article_id == old_id and _intact(conn, article_id, numbers, recorded, paths):
            conn.executemany(  # re-aligned to the same rows: still the person's rows
                "UPDATE alignment_rows SET confidence=1.0 WHERE article_id=? AND row=?",
                [(article_id, n) for n in numbers],
            )
            continue
        docs = members(conn, article_id)
        languages = article_languages(conn, article_id)
        current = {lang: CurrentDoc(m.path, content(conn, m.doc_id)) for lang, m in docs.items()}
        stored = load_table(conn, article_id).rows  # as this run aligned it
        result = realign(recorded, paths, current, languages, stored, _order(conn, old_id))
        _forget(conn, old_id)
        if result.kept:
            write_table(conn, article_id, result.table)
        if result.dropped or result.added_langs or result.left_langs or article_id != old_id:
            notices.append(_notice(article_id, old_id, result))
    conn.executemany(
        "INSERT INTO manual_notices(article_id, notice) VALUES(?,?)",
        [(n.article_id, n.text) for n in notices],
    )
    return notices


def _notice(article_id: int, old_id: int, result: Realigned) -> Notice:
    parts = [f"article {article_id}:"]
    if old_id != article_id:
        parts.append(f"(was article {old_id})")
    if result.dropped:
        parts.append(
            f"{result.dropped} manual row(s) changed in a document and are aligned"
            " automatically again;"
        )
    parts.append(f"{result.kept} manual row(s) kept")
    if result.added_langs:
        parts.append(f"({', '.join(result.added_langs)} placed automatically around them)")
    if result.left_langs:
        parts.append(f"({', '.join(result.left_langs)} no longer in the article)")
    return Notice(article_id, result.kept, result.dropped, " ".join(parts))


def _forget(conn: sqlite3.Connection, article_id: int) -> None:
    for name in ("manual_rows", "manual_cells", "manual_docs"):
        conn.execute(f"DELETE FROM {name} WHERE article_id=?", (article_id,))


def last_notices(conn: sqlite3.Connection) -> list[str]:
    """The notices of the last indexing run about manual rows."""
    if not has_tables(conn):
        return []
    return [r[0] for r in conn.execute("SELECT notice FROM manual_notices ORDER BY rowid")]
