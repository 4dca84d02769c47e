"""What the panes show, read straight from a real index of the demo corpus."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polyglance.corpus.article_view import load_article
from polyglance.tui.pipeline import index_corpus

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = tmp_path_factory.mktemp("view") / "index.sqlite"
    index_corpus(DEMO, path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def _lynx(conn) -> int:
    return conn.execute("SELECT id FROM articles WHERE languages='de,en,fr,ru'").fetchone()[0]


def test_rows_hold_every_content_paragraph_once(conn):
    article = load_article(conn, _lynx(conn))
    assert article.languages == ["de", "en", "fr", "ru"]
    assert [r.row for r in article.rows] == list(range(len(article.rows)))
    for lang in article.languages:
        doc = conn.execute(
            "SELECT d.id FROM documents d JOIN article_docs a ON a.doc_id=d.id"
            " WHERE a.article_id=? AND d.lang=?",
            (article.id, lang),
        ).fetchone()[0]
        content = [
            t
            for (t,) in conn.execute(
                "SELECT text FROM paragraphs WHERE doc_id=? AND kind IN"
                " ('title','lead','heading','body','caption') ORDER BY i",
                (doc,),
            )
        ]
        shown = [p for r in article.rows if r.cells[lang] for p in r.cells[lang].split("\n\n")]
        assert shown == content


def test_extras_put_boilerplate_in_rows_of_their_own(conn):
    plain = load_article(conn, _lynx(conn))
    with_extras = load_article(conn, _lynx(conn), with_extras=True)
    extras = [r for r in with_extras.rows if r.extra]
    assert extras and all(r.row is None and r.confidence is None for r in extras)
    assert [r for r in with_extras.rows if not r.extra] == plain.rows
    assert any("Kommentare" in (r.cells["de"] or "") for r in extras)


def test_row_position_finds_aligned_rows_only(conn):
    article = load_article(conn, _lynx(conn), with_extras=True)
    last = max(r.row for r in article.rows if r.row is not None)
    position = article.row_position(last)
    assert position is not None and article.rows[position].row == last
    assert article.row_position(10_000) is None
