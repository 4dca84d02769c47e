"""Grouping documents into articles: seeds, seeds without source lines, the demo, synthetic cases."""

import shutil
import sqlite3
from pathlib import Path

from polyglance.corpus.grouping import DocInfo, group_documents
from polyglance.tui.pipeline import index_corpus

from ..conftest import SEEDS, require

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"


def groups_by_prefix(index_path, width=3):
    with sqlite3.connect(index_path) as conn:
        rows = conn.execute(
            "SELECT a.article_id, d.path FROM article_docs a JOIN documents d ON d.id=a.doc_id"
        ).fetchall()
    groups = {}
    for article, path in rows:
        groups.setdefault(article, set()).add(path[:width] if width else path)
    return sorted(sorted(g) for g in groups.values())


def test_seeds_group_into_one_article_and_a_lone_one(seeds_index):
    assert groups_by_prefix(seeds_index) == [["000", "001", "002", "004"], ["003"]]


def test_seeds_without_source_lines_group_the_same(tmp_path):
    corpus = tmp_path / "nosource"
    corpus.mkdir()
    for path in require(SEEDS).iterdir():
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if "https://" not in line]
        assert len(kept) < len(lines) or path.name.startswith("003")
        (corpus / path.name).write_text("\n".join(kept), encoding="utf-8")
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    assert groups_by_prefix(index) == [["000", "001", "002", "004"], ["003"]]


def test_demo_corpus_groups_by_topic(tmp_path):
    index = tmp_path / "i.sqlite"
    index_corpus(DEMO, index)
    topics = [sorted({p.split("-")[0] for p in g}) for g in groups_by_prefix(index, width=0)]
    assert sorted(topics) == [["bridge"], ["lynx"], ["nighttrain"], ["toollibrary"]]
    sizes = sorted(len(g) for g in groups_by_prefix(index, width=0))
    assert sizes == [1, 4, 4, 4]


def _doc(i, lang, anchors, chars=1000):
    return DocInfo(i, lang, frozenset(anchors), chars)


SHARED = {"#2024", "#1800", "@valdo", "@saint", "#60", "@lynx", "#12", "@alban", "@ranger"}


def test_same_language_never_shares_an_article_but_duplicates_join():
    docs = [
        _doc(1, "en", SHARED),
        _doc(2, "de", SHARED | {"@bern"}),
        _doc(3, "en", SHARED),  # a copy of 1
        _doc(
            4, "en", SHARED - {"#60", "#12", "@alban"} | {"@other", "#99", "#98"}
        ),  # same story, another text
    ]
    groups = group_documents(docs)
    main = next(g for g in groups if 1 in g.members)
    assert main.members == [1, 2]
    assert main.duplicates == {3: 1}
    assert any(g.members == [4] for g in groups)


def test_unrelated_documents_stay_apart_and_lengths_matter():
    docs = [
        _doc(1, "en", SHARED),
        _doc(2, "fr", {"#7", "@paris", "@louvre", "#1999", "@seine"}),
        _doc(3, "de", SHARED, chars=50),  # shares everything but is a twentieth as long
    ]
    groups = group_documents(docs)
    assert [g.members for g in groups] == [[1], [2], [3]]


def test_every_document_in_exactly_one_group(tmp_path):
    corpus = tmp_path / "mixed"
    shutil.copytree(DEMO, corpus)
    shutil.copytree(require(SEEDS), corpus / "seeds")
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    with sqlite3.connect(index) as conn:
        docs = {r[0] for r in conn.execute("SELECT id FROM documents")}
        grouped = [r[0] for r in conn.execute("SELECT doc_id FROM article_docs")]
    assert sorted(grouped) == sorted(docs)


def test_second_pass_with_a_word_table_learned_from_the_corpus(tmp_path, monkeypatch):
    """With enough aligned rows the index learns word pairs and aligns again with them."""
    from polyglance.corpus import articles

    monkeypatch.setattr(articles, "LEXICON_MIN_PAIRS", 10)
    monkeypatch.setattr(articles, "LEXICON_MIN_PAIRS_PER_LANGUAGE_PAIR", 5)
    learned = []
    original = articles.learn_lexicon
    monkeypatch.setattr(
        articles, "learn_lexicon", lambda conn: learned.append(original(conn)) or learned[-1]
    )
    index = tmp_path / "i.sqlite"
    index_corpus(DEMO, index)
    assert learned and learned[0] is not None and len(learned[0]) > 0
    with sqlite3.connect(index) as conn:
        paragraphs = conn.execute(
            "SELECT COUNT(*) FROM paragraphs WHERE kind IN ('title','lead','heading','body','caption')"
        ).fetchone()[0]
        cells = conn.execute("SELECT COUNT(*) FROM alignment_cells").fetchone()[0]
    assert cells == paragraphs  # every content paragraph still in exactly one row


def test_small_corpora_get_no_word_table(seeds_index):
    from polyglance.corpus.articles import learn_lexicon

    with sqlite3.connect(seeds_index) as conn:
        assert learn_lexicon(conn) is None
