"""Articles in the index: grouping the documents, aligning each article, storing the rows.

Only articles whose membership changed, or one of whose documents changed, are aligned
again; the others keep their stored rows. An article's id is the smallest id of its
documents, so it stays the same across runs while its first document stays.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .align import align_multi
from .grouping import DocInfo, Group, group_documents
from .records import CONTENT_KINDS

_CONTENT = "(" + ",".join(f"'{k}'" for k in CONTENT_KINDS) + ")"

#: The article title is taken from a document in this language when there is one.
TITLE_LANGUAGE = "en"


def load_doc_infos(conn: sqlite3.Connection) -> list[DocInfo]:
    rows = conn.execute(
        "SELECT id, lang, anchors, content_chars, source_url, date FROM documents ORDER BY id"
    )
    return [
        DocInfo(i, lang, frozenset(a.split()), chars, url, date)
        for i, lang, a, chars, url, date in rows
    ]


def _members(conn: sqlite3.Connection) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for article, doc in conn.execute(
        "SELECT article_id, doc_id FROM article_docs WHERE duplicate_of IS NULL"
    ):
        found.setdefault(article, set()).add(doc)
    return found


def _title(conn: sqlite3.Connection, members: list[int]) -> str:
    marks = ",".join("?" * len(members))
    rows = conn.execute(
        f"SELECT lang, title FROM documents WHERE id IN ({marks}) ORDER BY id", members
    ).fetchall()
    titled = [(lang, title) for lang, title in rows if title]
    for lang, title in titled:
        if lang == TITLE_LANGUAGE:
            return title
    if titled:
        return titled[0][1]
    first = conn.execute(
        f"SELECT text FROM paragraphs WHERE doc_id=? AND kind IN {_CONTENT} ORDER BY i LIMIT 1",
        (members[0],),
    ).fetchone()
    if not first:
        return "(empty)"
    words = first[0].split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


def align_article(conn: sqlite3.Connection, article_id: int, members: list[int]) -> None:
    """Align the content paragraphs of ``members`` (one document per language) and store the rows."""
    paragraphs = [
        conn.execute(
            f"SELECT i, text FROM paragraphs WHERE doc_id=? AND kind IN {_CONTENT} ORDER BY i",
            (doc,),
        ).fetchall()
        for doc in members
    ]
    rows = align_multi([[text for _, text in doc_paragraphs] for doc_paragraphs in paragraphs])
    conn.executemany(
        "INSERT INTO alignment_rows(article_id, row, confidence) VALUES(?,?,?)",
        [(article_id, r, round(float(row.confidence), 4)) for r, row in enumerate(rows)],
    )
    conn.executemany(
        "INSERT INTO alignment_cells(article_id, row, doc_id, para_i) VALUES(?,?,?,?)",
        [
            (article_id, r, members[k], paragraphs[k][unit][0])
            for r, row in enumerate(rows)
            for k, units in enumerate(row.cells)
            for unit in units
        ],
    )


def update_articles(conn: sqlite3.Connection, changed_docs: Iterable[int]) -> tuple[int, int]:
    """Regroup every document and re-align what changed; returns (articles, re-aligned)."""
    changed = set(changed_docs)
    groups: list[Group] = group_documents(load_doc_infos(conn))
    before = _members(conn)
    keep: set[int] = set()
    realigned = 0
    for group in groups:
        article_id = group.members[0]
        keep.add(article_id)
        unchanged = before.get(article_id) == set(group.members) and not changed & set(
            group.members
        )
        if not unchanged:
            conn.execute("DELETE FROM articles WHERE id=?", (article_id,))
            langs = [
                r[0]
                for r in conn.execute(
                    f"SELECT lang FROM documents WHERE id IN ({','.join('?' * len(group.members))})",
                    group.members,
                )
            ]
            conn.execute(
                "INSERT INTO articles(id, title, languages) VALUES(?,?,?)",
                (article_id, _title(conn, group.members), ",".join(sorted(set(langs)))),
            )
            align_article(conn, article_id, group.members)
            realigned += 1
        conn.execute("DELETE FROM article_docs WHERE article_id=?", (article_id,))
        conn.executemany(
            "INSERT OR REPLACE INTO article_docs(article_id, doc_id, duplicate_of) VALUES(?,?,?)",
            [(article_id, d, None) for d in group.members]
            + [(article_id, d, original) for d, original in group.duplicates.items()],
        )
    stale = [a for a in (r[0] for r in conn.execute("SELECT id FROM articles")) if a not in keep]
    conn.executemany("DELETE FROM articles WHERE id=?", [(a,) for a in stale])
    return len(groups), realigned
