"""Languages outside the language-ID model, and no false articles between one language's texts.

Generated at test time from ../shared/dev/bible-nt (the module skips where it is absent): chunks of
shuffled verses per language translate nothing, so no article may hold two of them;
short books in verse order, one document per book and language, translate each other.
"""

import random
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from polyglance.corpus.group_signals import common_words, same_language
from polyglance.corpus.language import UNDETERMINED, document_language
from polyglance.search import Searcher
from polyglance.tui.pipeline import index_corpus

from ..conftest import SHARED, require_module

BIBLE = require_module(SHARED / "dev" / "bible-nt")
_SEG = re.compile(r'<seg id="([^"]+)"[^>]*>(.*?)</seg>', re.S)
_TAG = re.compile(r"<[^>]+>")
SHORT_BOOKS = ("PHM", "JUD", "2JO", "3JO", "TIT")


def _verses(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [(vid, " ".join(_TAG.sub("", body).split())) for vid, body in _SEG.findall(text)]
    return [(vid, body) for vid, body in found if body]


@pytest.fixture(scope="module")
def bible():
    return {path.stem: _verses(path) for path in sorted(BIBLE.glob("*.xml"))}


def _sample(verses, seed, n=40):
    texts = [text for _, text in verses]
    random.Random(seed).shuffle(texts)
    return " ".join(texts[:n])[:3000]


@pytest.mark.parametrize("name", ["Cherokee-NT", "Syriac-NT", "Wolof-NT", "Romani-NT"])
def test_languages_outside_the_model_are_und(bible, name):
    assert document_language(_sample(bible[name], 1)).lang == UNDETERMINED


@pytest.mark.parametrize(
    ("name", "code"),
    [("Estonian-PART", "et"), ("Swahili-NT", "sw"), ("Ukranian-NT", "uk"), ("Basque-NT", "eu")],
)
def test_languages_in_the_model_keep_their_code(bible, name, code):
    assert document_language(_sample(bible[name], 1)).lang == code


def test_common_words_tell_one_language_from_a_translation(bible):
    for name in ("Wolof-NT", "Latvian-NT", "Gujarati-NT"):
        a = common_words([_sample(bible[name], 1)])
        b = common_words([_sample(bible[name], 2)])
        assert same_language(a, b), name
    books = defaultdict(dict)
    for name, verses in bible.items():
        for vid, text in verses:
            if vid.split(".")[1] == "JAM":
                books[name][vid] = text
    names = sorted(books)
    for x in names:
        for y in names:
            if x < y:
                a = common_words([" ".join(books[x].values())])
                b = common_words([" ".join(books[y].values())])
                assert not same_language(a, b), (x, y)


def _articles(index):
    with sqlite3.connect(index) as conn:
        rows = conn.execute(
            "SELECT a.article_id, d.path FROM article_docs a JOIN documents d ON d.id = a.doc_id"
        ).fetchall()
    found = defaultdict(list)
    for article, path in rows:
        found[article].append(path)
    return list(found.values())


@pytest.mark.parametrize(("verses", "chunks"), [(30, 4), (130, 2)])
def test_shuffled_chunks_give_no_multi_document_article(bible, tmp_path, verses, chunks):
    """Chunks long enough for a long shape (130 verses) too: their lengths, in random
    orders, must not pass for a translation's."""
    corpus = tmp_path / "shuffled"
    for name, pool in bible.items():
        texts = [text for _, text in pool]
        random.Random(name).shuffle(texts)
        for k in range(chunks):
            path = corpus / name / f"{k}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            chunk = texts[k * verses : (k + 1) * verses]
            path.write_text("\n\n".join(chunk) + "\n", encoding="utf-8")
    index_corpus(corpus, tmp_path / "i.sqlite")
    assert [paths for paths in _articles(tmp_path / "i.sqlite") if len(paths) > 1] == []


def test_books_in_verse_order_group_by_book(bible, tmp_path):
    corpus = tmp_path / "books"
    _write_books(bible, corpus, sorted(bible), SHORT_BOOKS)
    index_corpus(corpus, tmp_path / "i.sqlite")
    articles = _articles(tmp_path / "i.sqlite")
    for paths in articles:
        assert len({Path(p).stem for p in paths}) == 1, paths  # never two books in one
    largest = defaultdict(int)
    for paths in articles:
        largest[Path(paths[0]).stem] = max(largest[Path(paths[0]).stem], len(paths))
    # Short books carry few names to go by (2JO has hardly any): the others gather most
    # of their languages, unknown ones among them, each under a code of its own.
    print(dict(largest))
    assert sorted(largest.values())[-3:] >= [7, 7, 7], dict(largest)
    with sqlite3.connect(tmp_path / "i.sqlite") as conn:
        codes = dict(conn.execute("SELECT path, lang FROM documents"))
    unknown = {p.split("/")[0]: lang for p, lang in codes.items() if lang.startswith("und-x-")}
    assert {"Wolof-NT", "Romani-NT", "Cherokee-NT", "Syriac-NT"} <= set(unknown)
    assert len(set(unknown.values())) == len(unknown)  # one code per language
    assert all(codes[p] == unknown[p.split("/")[0]] for p in codes if p.split("/")[0] in unknown)
    mixed = [paths for paths in articles if sum(codes[p].startswith("und-x-") for p in paths) >= 2]
    assert mixed, "no article holds two unknown languages"


def _write_books(bible, corpus, names, books):
    for name in names:
        by_book = defaultdict(list)
        for vid, text in bible[name]:
            by_book[vid.split(".")[1]].append(text)
        for book in books:
            if not by_book.get(book):
                continue  # a partial translation without this book
            path = corpus / name / f"{book}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n\n".join(by_book[book]) + "\n", encoding="utf-8")


def test_long_books_in_scripts_that_share_no_name_group_by_their_shape(bible, tmp_path):
    """Cherokee, Syriac and Gujarati books share no name or number with the Latin-script
    ones, but a translation's verses are long and short where its original's are."""
    names = ("Basque-NT", "Cherokee-NT", "Gujarati-NT", "Latvian-NT", "Syriac-NT")
    books = ("1TI", "GAL", "EPH")  # 113, 149, 155 verses: close counts, told apart
    _write_books(bible, tmp_path / "books", names, books)
    index_corpus(tmp_path / "books", tmp_path / "i.sqlite")
    articles = sorted(sorted(paths) for paths in _articles(tmp_path / "i.sqlite"))
    assert articles == [[f"{name}/{book}.txt" for name in names] for book in sorted(books)]


def test_unknown_languages_get_codes_that_follow_the_folder_into_search(bible, tmp_path):
    corpus, index = tmp_path / "unknown", tmp_path / "i.sqlite"

    def add(name):
        texts = [text for _, text in bible[name]][:30]
        (corpus / name).mkdir(parents=True)
        (corpus / name / "0.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        return texts

    add("Romani-NT")
    wolof = add("Wolof-NT")
    word = next(w for w in wolof[0].split() if len(w) >= 6 and w.isalpha())

    def codes_and_hits(lang):
        with sqlite3.connect(index) as conn:
            codes = dict(conn.execute("SELECT path, lang FROM documents"))
            hits = Searcher(conn).search(word, langs=[lang], limit=5)
            return codes, [(h.lang, h.text) for h in hits]

    index_corpus(corpus, index)
    codes, hits = codes_and_hits("und-x-2")
    assert codes == {"Romani-NT/0.txt": "und-x-1", "Wolof-NT/0.txt": "und-x-2"}
    assert hits and all(lang == "und-x-2" for lang, _ in hits)
    assert hits[0][1] in wolof

    add("Cherokee-NT")  # sorts first: the codes are numbered again, search follows
    index_corpus(corpus, index)
    codes, hits = codes_and_hits("und-x-3")
    assert codes == {
        "Cherokee-NT/0.txt": "und-x-1",
        "Romani-NT/0.txt": "und-x-2",
        "Wolof-NT/0.txt": "und-x-3",
    }
    assert hits and all(lang == "und-x-3" for lang, _ in hits)
    assert codes_and_hits("und-x-2")[1] == []  # Romani has no such word
