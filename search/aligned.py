"""The aligned counterparts of hits: the cell of each hit's row in other languages."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .hit import Hit

#: (article, row) pairs per query.
_CHUNK = 300

# The wanted rows first (CROSS JOIN keeps that order), each looked up by the index on
# (article_id, row): a row-value IN (VALUES ...) made SQLite scan every cell.
_CELLS_SQL = """
WITH wanted(article_id, row) AS (VALUES {})
SELECT c.article_id, c.row, d.lang, p.text
FROM wanted w
CROSS JOIN alignment_cells c ON c.article_id = w.article_id AND c.row = w.row
JOIN article_docs a ON a.doc_id = c.doc_id AND a.duplicate_of IS NULL
JOIN documents d ON d.id = c.doc_id
JOIN paragraphs p ON p.doc_id = c.doc_id AND p.i = c.para_i
WHERE d.lang IN ({})
ORDER BY c.article_id, c.row, d.lang, c.doc_id, p.i
"""


def aligned_cells(
    conn: sqlite3.Connection, hits: Sequence[Hit], langs: Sequence[str]
) -> list[dict[str, str | None]]:
    """For each hit, ``{lang: text or None}`` for every language of ``langs``, in order.

    The text is the cell of the hit's aligned row in that language, as ``polyglance show``
    gives it (its paragraphs joined with a blank line); None when the hit has no aligned
    row or the row has no such language. One query per 300 distinct rows.
    """
    langs = list(dict.fromkeys(langs))
    keys = sorted({(h.article, h.row) for h in hits if h.article is not None and h.row is not None})
    texts: dict[tuple[int, int, str], list[str]] = {}
    if langs:
        lang_marks = ",".join("?" * len(langs))
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            sql = _CELLS_SQL.format(",".join("(?, ?)" for _ in chunk), lang_marks)
            params = [v for key in chunk for v in key] + langs
            for article, row, lang, text in conn.execute(sql, params):
                texts.setdefault((article, row, lang), []).append(text)
    out: list[dict[str, str | None]] = []
    for h in hits:
        cells: dict[str, str | None] = {}
        for lang in langs:
            parts = (
                texts.get((h.article, h.row, lang))
                if h.article is not None and h.row is not None
                else None
            )
            cells[lang] = "\n\n".join(parts) if parts else None
        out.append(cells)
    return out
