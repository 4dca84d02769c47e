"""The demo documents, cleaned end to end through a real index: the counterpart, on the
built-in demo corpus, of the seeds' checks (tests/seeds/test_seeds_cleaning.py)."""

import sqlite3

import pytest

from polyglance.corpus.records import CONTENT_KINDS

#: page furniture of the demo pages: kept in the index, never content
NOISE = [
    "THE MOUNTAIN TIMES",
    "Subscribe",
    "Share this article",
    "Comments (12)",
    "Read more:",
    "[Image: lynx_release_valdorne.jpg]",
    "Nous utilisons des cookies",
    "![photo](https://cdn.lechamois.fr",
    "Kommentare (3)",
    "Jetzt mitdiskutieren!",
    "Главная",
    "Поделиться",
    "Share on Facebook",
    "Log in to join the discussion",
    "Diese Website verwendet Cookies",
    "Suscríbete a nuestro boletín",
    "この記事をシェアする",
    "Czytaj także:",
]
LYNX_SOURCE = "https://www.valdorne-wildlife.org/news/2024/lynx-release"


@pytest.fixture(scope="module")
def conn(demo_index):
    with sqlite3.connect(demo_index) as connection:
        yield connection


def doc(conn, prefix):
    return conn.execute(
        "SELECT id, lang, title, source_url, date FROM documents WHERE path LIKE ?", (prefix + "%",)
    ).fetchone()


def test_document_languages(conn):
    expected = {
        "bridge-gazetazalesia": "pl",
        "lynx-alpenpost": "de",
        "lynx-gornyvestnik": "ru",
        "lynx-lechamois": "fr",
        "lynx-mountaintimes": "en",
        "nighttrain-elviajero": "es",
        "nighttrain-odoiporos": "el",
        "nighttrain-railwire": "en",
        "nighttrain-schienenblatt": "de",
        "toollibrary-barriovivo": "es",
        "toollibrary-citybeat": "en",
        "toollibrary-lequartier": "fr",
        "toollibrary-machikado": "ja",
    }
    assert {prefix: doc(conn, prefix)[1] for prefix in expected} == expected


def test_english_metadata(conn):
    _, _, title, source, date = doc(conn, "lynx-mountaintimes")
    assert (title, source, date) == (
        "Six lynx released in the Valdorne valley",
        LYNX_SOURCE,
        "2024-03-12",
    )


@pytest.mark.parametrize("prefix", ["lynx-alpenpost", "lynx-gornyvestnik", "lynx-lechamois"])
def test_source_url(conn, prefix):
    assert doc(conn, prefix)[3] == LYNX_SOURCE


def test_french_date_in_words(conn):
    assert doc(conn, "lynx-lechamois")[4] == "2024-03-13"  # "publié le 13 mars 2024"


def test_no_noise_in_content(conn):
    marks = ",".join("?" * len(CONTENT_KINDS))
    texts = [
        r[0]
        for r in conn.execute(f"SELECT text FROM paragraphs WHERE kind IN ({marks})", CONTENT_KINDS)
    ]
    assert texts
    leaks = [(noise, t) for t in texts for noise in NOISE if noise in t]
    assert leaks == []


def test_noise_is_kept_and_labelled(conn):
    rows = conn.execute("SELECT kind, text FROM paragraphs").fetchall()
    kinds = {kind for kind, text in rows if any(text.startswith(noise) for noise in NOISE)}
    assert kinds == {"boilerplate"}
    assert all(noise in {text for _, text in rows} or any(t.startswith(noise) for _, t in rows)
               for noise in NOISE)  # fmt: skip
    sources = [text for kind, text in rows if text.startswith(("Source:", "Quelle:", "Źródło:"))]
    assert len(sources) == 5
    assert all(kind == "meta" for kind, text in rows if text in sources)
    assert any(kind == "meta" and text.startswith("By Jonas Reed") for kind, text in rows)


def test_structure_of_the_english_page(conn):
    doc_id = doc(conn, "lynx-mountaintimes")[0]
    kinds = [
        r[0]
        for r in conn.execute("SELECT kind FROM paragraphs WHERE doc_id=? ORDER BY i", (doc_id,))
    ]
    assert kinds[:7] == ["boilerplate"] * 7  # the masthead and the menu
    assert kinds[7:12] == ["title", "lead", "meta", "heading", "body"]
    assert kinds.count("heading") == 2 and kinds.count("caption") == 1
    assert kinds[-8:] == ["meta"] + ["boilerplate"] * 7  # the source, then the page's end
