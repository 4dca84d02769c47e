"""Manual alignment rows in the index: read and write an article's table, keep it across runs.

The table an article shows is always ``alignment_rows``/``alignment_cells``. A row edited
or confirmed by hand is also recorded in ``manual_rows``/``manual_cells`` with what
recognises its paragraphs when a file changes (document path, ``i``, text hash), and
``manual_docs`` holds the documents of the article when it was written. These tables
have no foreign key: a changed document is deleted and inserted again, which takes its
paragraphs and alignment cells with it, but not the record of what the person decided.

Every write here is one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``, or the caller's
transaction when one is open): a process killed mid-edit leaves the table before or
after the edit, never half of it.

After each indexing run, ``manual_restore.restore_manual`` puts the manual rows back into
every article the run aligned again.

The API for the app: ``load_table`` (the stored ``Table``, manual marks included),
``apply_edit`` (one ``manual.Edit``, stored in one transaction), ``set_table`` (a whole
table, e.g. a state of an undo history), ``drop_manual`` (back to automatic); plus
``set_manual_rows`` and ``set_beads``/``table_beads`` for files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from . import schema
from .align import Bead, align_multi
from .manual import Edit, EditResult, Row, Table, TableError, apply, mark_all_manual, validate
from .manual_realign import CurrentDoc, RecordedRow, realign, short_hash, text_hash
from .records import CONTENT_SQL
from .store import transaction

MANUAL_TABLES = ("manual_rows", "manual_cells", "manual_docs", "manual_notices")


@dataclass(frozen=True)
class Member:
    doc_id: int
    path: str
    lang: str


class UnknownArticle(LookupError):
    pass


# -- transactions and tables -----------------------------------------------------------------


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (or the caller's, if one is open)."""
    if conn.in_transaction:
        yield conn
        return
    with transaction(conn):
        yield conn


def has_tables(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name IN (?,?,?,?)", MANUAL_TABLES
    ).fetchone()[0]
    return found == len(MANUAL_TABLES)


def ensure_tables(conn: sqlite3.Connection) -> None:
    """Create the manual tables in an index made before they existed (inside a transaction)."""
    if not has_tables(conn):
        for statement in schema.MANUAL_SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)


# -- reading -----------------------------------------------------------------------------------


def members(conn: sqlite3.Connection, article_id: int) -> dict[str, Member]:
    """The article's documents (duplicates left out), by language."""
    rows = conn.execute(
        "SELECT d.id, d.path, d.lang FROM article_docs a JOIN documents d ON d.id = a.doc_id"
        " WHERE a.article_id=? AND a.duplicate_of IS NULL ORDER BY d.lang, d.id",
        (article_id,),
    ).fetchall()
    found: dict[str, Member] = {}
    for doc_id, path, lang in rows:
        found.setdefault(lang, Member(doc_id, path, lang))
    return found


def article_languages(conn: sqlite3.Connection, article_id: int) -> tuple[str, ...]:
    """The table's columns: the languages of the article's documents, in the stored order."""
    row = conn.execute("SELECT languages FROM articles WHERE id=?", (article_id,)).fetchone()
    if row is None:
        raise UnknownArticle(f"no article {article_id}")
    present = members(conn, article_id)
    listed = [lang for lang in row[0].split(",") if lang in present]
    return (*listed, *sorted(lang for lang in present if lang not in listed))


def content(conn: sqlite3.Connection, doc_id: int) -> list[tuple[int, str]]:
    return conn.execute(
        f"SELECT i, text FROM paragraphs WHERE doc_id=? AND kind IN {CONTENT_SQL} ORDER BY i",
        (doc_id,),
    ).fetchall()


def content_ids(conn: sqlite3.Connection, article_id: int) -> dict[str, list[int]]:
    """lang -> the ``i`` of its document's content paragraphs, in order."""
    return {
        lang: [i for i, _ in content(conn, m.doc_id)]
        for lang, m in members(conn, article_id).items()
    }


def manual_flags(conn: sqlite3.Connection, article_id: int) -> dict[int, bool]:
    """Stored row number -> confirmed, for the article's manual rows."""
    if not has_tables(conn):
        return {}
    return {
        row: bool(confirmed)
        for row, confirmed in conn.execute(
            "SELECT row, confirmed FROM manual_rows WHERE article_id=?", (article_id,)
        )
    }


def load_table(conn: sqlite3.Connection, article_id: int) -> Table:
    """The article's stored table: every row (also empty ones), every language."""
    languages = article_languages(conn, article_id)
    cells: dict[int, dict[str, list[int]]] = {}
    for row, lang, i in conn.execute(
        "SELECT c.row, d.lang, c.para_i FROM alignment_cells c"
        " JOIN article_docs a ON a.doc_id = c.doc_id AND a.duplicate_of IS NULL"
        " JOIN documents d ON d.id = c.doc_id WHERE c.article_id=? ORDER BY c.row, c.para_i",
        (article_id,),
    ):
        cells.setdefault(row, {}).setdefault(lang, []).append(i)
    flags = manual_flags(conn, article_id)
    rows = []
    for row, confidence in conn.execute(
        "SELECT row, confidence FROM alignment_rows WHERE article_id=? ORDER BY row", (article_id,)
    ):
        found = cells.get(row, {})
        rows.append(
            Row(
                {lang: tuple(found.get(lang, ())) for lang in languages},
                manual=row in flags,
                confirmed=flags.get(row, False),
                confidence=float(confidence),
            )
        )
    return Table(languages, tuple(rows))


# -- writing -----------------------------------------------------------------------------------


def write_table(conn: sqlite3.Connection, article_id: int, table: Table) -> None:
    """Replace the article's stored table and manual record (no validation, no transaction:
    for callers that validated it, inside their own transaction)."""
    ensure_tables(conn)
    docs = members(conn, article_id)
    conn.execute("DELETE FROM alignment_cells WHERE article_id=?", (article_id,))
    conn.execute("DELETE FROM alignment_rows WHERE article_id=?", (article_id,))
    for name in ("manual_rows", "manual_cells", "manual_docs"):
        conn.execute(f"DELETE FROM {name} WHERE article_id=?", (article_id,))
    conn.executemany(
        "INSERT INTO alignment_rows(article_id, row, confidence) VALUES(?,?,?)",
        [
            (article_id, r, 1.0 if row.manual else row.confidence)
            for r, row in enumerate(table.rows)
        ],
    )
    conn.executemany(
        "INSERT INTO alignment_cells(article_id, row, doc_id, para_i) VALUES(?,?,?,?)",
        [
            (article_id, r, docs[lang].doc_id, i)
            for r, row in enumerate(table.rows)
            for lang in table.languages
            for i in row.cell(lang)
        ],
    )
    manual = [(r, row) for r, row in enumerate(table.rows) if row.manual]
    if not manual:
        return
    texts = {
        lang: dict(content(conn, m.doc_id)) for lang, m in docs.items() if lang in table.languages
    }
    conn.executemany(
        "INSERT INTO manual_rows(article_id, row, confirmed) VALUES(?,?,?)",
        [(article_id, r, int(row.confirmed)) for r, row in manual],
    )
    conn.executemany(
        "INSERT INTO manual_cells(article_id, row, lang, path, para_i, text_sha) VALUES(?,?,?,?,?,?)",
        [
            (article_id, r, lang, docs[lang].path, i, text_hash(texts[lang][i]))
            for r, row in manual
            for lang in table.languages
            for i in row.cell(lang)
        ],
    )
    order = {
        lang: " ".join(f"{i}:{short_hash(text)}" for i, text in texts[lang].items())
        for lang in texts
    }
    conn.executemany(
        "INSERT INTO manual_docs(article_id, lang, path, paragraphs) VALUES(?,?,?,?)",
        [
            (article_id, lang, docs[lang].path, order[lang])
            for lang in table.languages
            if lang in docs
        ],
    )


def set_table(conn: sqlite3.Connection, article_id: int, table: Table) -> None:
    """Validate ``table`` and store it as the article's table, in one transaction.

    Rows marked ``manual`` (and ``confirmed``) are recorded as such; the others are
    stored as automatic rows with their confidence. Raises ``TableError`` (nothing
    written) when the table is not valid for the article's documents.
    """
    with write_transaction(conn):
        validate(table, content_ids(conn, article_id))
        write_table(conn, article_id, table)


def apply_edit(conn: sqlite3.Connection, article_id: int, edit: Edit) -> EditResult:
    """Apply one edit to the stored table and store the result, in one transaction."""
    with write_transaction(conn):
        result = apply(load_table(conn, article_id), edit)
        validate(result.table, content_ids(conn, article_id))
        write_table(conn, article_id, result.table)
    return result


def set_manual_rows(
    conn: sqlite3.Connection, article_id: int, rows: list[dict[str, list[int]]]
) -> Table:
    """Store plain ``{lang: [i, ...]}`` rows (e.g. from a file) as the article's manual table.

    Languages a row leaves out are empty in it; rows empty in every language are dropped
    (after validation, so that an error names the row's position in ``rows``).
    """
    with write_transaction(conn):
        languages = article_languages(conn, article_id)
        table = Table(
            languages,
            tuple(
                Row({lang: tuple(r.get(lang, ())) for lang in sorted(set(languages) | set(r))})
                for r in rows
            ),
        )
        validate(table, content_ids(conn, article_id))
        table = mark_all_manual(Table(languages, tuple(r for r in table.rows if not r.empty)))
        write_table(conn, article_id, table)
    return table


def drop_manual(conn: sqlite3.Connection, article_id: int) -> Table:
    """Forget the article's manual rows and align it automatically again (one transaction)."""
    from .articles import learn_lexicon  # articles imports this module

    with write_transaction(conn):
        languages = article_languages(conn, article_id)
        docs = members(conn, article_id)
        langs = [lang for lang in languages if lang in docs]
        paragraphs = [content(conn, docs[lang].doc_id) for lang in langs]
        texts = [[text for _, text in doc] for doc in paragraphs]
        lexicon = learn_lexicon(conn) if len(langs) > 1 else None
        aligned = align_multi(texts, lexicon=lexicon) if lexicon else align_multi(texts)
        rows = tuple(
            Row(
                {
                    lang: tuple(paragraphs[k][u][0] for u in row.cells[k])
                    for k, lang in enumerate(langs)
                },
                confidence=round(float(row.confidence), 4),
            )
            for row in aligned
        )
        table = Table(languages, rows)
        write_table(conn, article_id, table)
    return table


# -- beads: one language pair in the `align` format ------------------------------------------


def table_beads(table: Table, content: dict[str, list[int]], src: str, tgt: str) -> list[Bead]:
    """The pair (src, tgt) of the table as beads over content positions (0-based)."""
    pos = {lang: {i: p for p, i in enumerate(content[lang])} for lang in (src, tgt)}
    beads = []
    for row in table.rows:
        a = tuple(pos[src][i] for i in row.cell(src))
        b = tuple(pos[tgt][i] for i in row.cell(tgt))
        if a or b:
            beads.append(Bead(a, b, 1.0 if row.manual else row.confidence))
    return beads


def set_beads(
    conn: sqlite3.Connection, article_id: int, beads: list[Bead], src: str, tgt: str
) -> Table:
    """Store beads of the pair (src, tgt) as manual rows; other languages of the article are
    aligned around them (placed with their counterparts, as for a language that joined)."""
    with write_transaction(conn):
        ids = content_ids(conn, article_id)
        for lang in (src, tgt):
            if lang not in ids:
                raise ValueError(f"article {article_id} has no {lang} document")
        try:
            rows = [
                {src: [ids[src][p] for p in b.src], tgt: [ids[tgt][p] for p in b.tgt]}
                for b in beads
            ]
        except IndexError as exc:
            raise ValueError(
                f"a bead names a paragraph beyond the last ({src}: {len(ids[src])},"
                f" {tgt}: {len(ids[tgt])} content paragraphs)"
            ) from exc
        pair = Table((src, tgt), tuple(Row({src: tuple(r[src]), tgt: tuple(r[tgt])}) for r in rows))
        try:
            validate(pair, {src: ids[src], tgt: ids[tgt]})  # row N: the N-th bead, from 0
        except TableError as exc:
            raise TableError(exc.row, str(exc).replace("row ", "bead ", 1)) from exc
        pair = Table((src, tgt), tuple(r for r in pair.rows if not r.empty))
        docs = members(conn, article_id)
        languages = article_languages(conn, article_id)
        if set(languages) == {src, tgt}:
            table = mark_all_manual(Table(languages, pair.rows))
        else:
            table = _around(
                conn,
                docs,
                languages,
                _recorded(conn, docs, pair),
                {src, tgt},
                load_table(conn, article_id).rows,
            )
        validate(table, ids)
        write_table(conn, article_id, table)
    return table


def _recorded(conn: sqlite3.Connection, docs: dict[str, Member], table: Table) -> list[RecordedRow]:
    texts = {lang: dict(content(conn, docs[lang].doc_id)) for lang in table.languages}
    return [
        RecordedRow(
            {
                lang: tuple((i, text_hash(texts[lang][i])) for i in row.cell(lang))
                for lang in table.languages
            }
        )
        for row in table.rows
    ]


def _around(
    conn: sqlite3.Connection,
    docs: dict[str, Member],
    languages: tuple[str, ...],
    recorded: list[RecordedRow],
    recorded_langs: set[str],
    auto: tuple[Row, ...],
) -> Table:
    current = {lang: CurrentDoc(m.path, content(conn, m.doc_id)) for lang, m in docs.items()}
    paths = {lang: docs[lang].path for lang in recorded_langs if lang in docs}
    return realign(recorded, paths, current, languages, auto).table
