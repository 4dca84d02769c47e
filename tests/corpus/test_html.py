"""Web pages: main text, title, date, canonical URL and language, through the real index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from polyglance.corpus.html import declared_language, extract
from polyglance.corpus.records import CONTENT_KINDS
from polyglance.corpus.walk import Candidate, walk
from polyglance.tui.pipeline import index_corpus

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
EXPECTED = json.loads((HTML / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    index = tmp_path_factory.mktemp("html") / "index.sqlite"
    index_corpus(HTML, index)
    with sqlite3.connect(index) as connection:
        yield connection


def _doc(conn, name):
    return conn.execute(
        "SELECT id, lang, title, source_url, date FROM documents WHERE path=?", (name,)
    ).fetchone()


def test_walk_lists_html_and_htm():
    found = {e.relpath for e in walk(HTML) if isinstance(e, Candidate)}
    assert {"wetter-talbote.html", "velo-lejournaldulac.htm", "toshokan-machinews.html"} <= found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(conn, name):
    want = EXPECTED[name]
    _, lang, title, url, date = _doc(conn, name)
    assert (lang, title, url, date) == (
        want["lang"],
        want["title"],
        want["source_url"],
        want["date"],
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_main_text_kept_and_site_furniture_gone(conn, name):
    want = EXPECTED[name]
    doc_id = _doc(conn, name)[0]
    rows = conn.execute(
        "SELECT kind, text FROM paragraphs WHERE doc_id=? ORDER BY i", (doc_id,)
    ).fetchall()
    content = [text for kind, text in rows if kind in CONTENT_KINDS]
    for piece in want["content_must_include"]:
        assert any(piece in t for t in content), piece
    for noise in want["content_must_exclude"]:
        assert not any(noise in t for t in content), noise
    assert rows[0] == ("title", want["title"])
    if want["heading"]:
        assert ("heading", want["heading"]) in rows
    assert rows[1][0] == "lead"


def test_declared_language_is_a_hint_the_text_must_agree_with(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    body = (
        "<p>Der Gemeinderat hat am Montag beschlossen, die alte Brücke über den Fluss zu "
        "sanieren. Die Arbeiten sollen im Herbst beginnen und zwei Jahre dauern.</p>"
        "<p>Während der Bauzeit fährt ein Ersatzbus zwischen den beiden Ufern, sagte die "
        "Bürgermeisterin bei der Sitzung im Rathaus.</p>"
    )
    page = "<html lang='{}'><head><title>Alte Brücke wird saniert</title></head><body><article><h1>Alte Brücke wird saniert</h1>{}</article></body></html>"
    (corpus / "wrong.html").write_text(page.format("en", body), encoding="utf-8")
    (corpus / "right.html").write_text(page.format("de-AT", body), encoding="utf-8")
    index_corpus(corpus, tmp_path / "i.sqlite")
    with sqlite3.connect(tmp_path / "i.sqlite") as c:
        langs = dict(c.execute("SELECT path, lang FROM documents"))
    assert langs == {"wrong.html": "de", "right.html": "de"}


def test_declared_language_subtag():
    assert declared_language('<!DOCTYPE html><html class="x" lang="pt-BR">') == "pt"
    assert declared_language("<html><body>no lang</body></html>") is None


def test_legacy_encoded_page(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    html = (
        '<html lang="ru"><head><meta charset="windows-1251"><title>Новый мост через реку</title>'
        '</head><body><nav><a href="/">Главная</a> <a href="/n">Новости</a></nav><article>'
        "<h1>Новый мост через реку</h1><p>Городской совет в понедельник решил построить новый "
        "мост через реку. Работы начнутся осенью и продлятся два года.</p><p>На время "
        "строительства между берегами будет ходить автобус, сообщила мэр города.</p>"
        "</article></body></html>"
    )
    (corpus / "most.htm").write_bytes(html.encode("cp1251"))
    index_corpus(corpus, tmp_path / "i.sqlite")
    with sqlite3.connect(tmp_path / "i.sqlite") as c:
        lang, title = c.execute("SELECT lang, title FROM documents").fetchone()
        texts = [r[0] for r in c.execute("SELECT text FROM paragraphs ORDER BY i")]
    assert (lang, title) == ("ru", "Новый мост через реку")
    assert any("Городской совет" in t for t in texts) and not any("Главная" in t for t in texts)


def test_page_without_main_text_is_skipped_with_a_reason(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "empty.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    summary = index_corpus(corpus, tmp_path / "i.sqlite")
    assert summary.skipped and "main text" in summary.skipped[0][1]


def test_extract_gives_blocks_in_order():
    page = extract((HTML / "wetter-talbote.html").read_text(encoding="utf-8"))
    kinds = [b.kind for b in page.blocks]
    assert kinds[0] == "title" and "heading" in kinds and kinds.count("body") >= 4
