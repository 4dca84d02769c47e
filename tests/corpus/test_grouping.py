"""Grouping documents into articles: the demo, the demo without source lines, generated
and synthetic cases (the seeds' own checks are in tests/seeds/)."""

import random
import shutil
import sqlite3

import pytest

from polyglance.corpus import grouping
from polyglance.corpus.grouping import DocInfo, group_documents
from polyglance.tui.pipeline import index_corpus

from ..conftest import DEMO
from ..fixtures.generated import make_news_folder


def groups_by_prefix(index_path, width=3):
    with sqlite3.connect(index_path) as conn:
        rows = conn.execute(
            "SELECT a.article_id, d.path FROM article_docs a JOIN documents d ON d.id=a.doc_id"
        ).fetchall()
    groups = {}
    for article, path in rows:
        groups.setdefault(article, set()).add(path[:width] if width else path)
    return sorted(sorted(g) for g in groups.values())


def topics(index_path) -> list[list[str]]:
    """Each article as the sorted file names of its documents."""
    return groups_by_prefix(index_path, width=0)


DEMO_ARTICLES = [
    ["bridge-gazetazalesia.txt"],
    [f"lynx-{site}.txt" for site in ("alpenpost", "gornyvestnik", "lechamois", "mountaintimes")],
    [f"nighttrain-{site}.txt" for site in ("elviajero", "odoiporos", "railwire", "schienenblatt")],
    [f"toollibrary-{site}.txt" for site in ("barriovivo", "citybeat", "lequartier", "machikado")],
]


def test_demo_groups_into_three_articles_and_a_lone_one(demo_index):
    assert topics(demo_index) == DEMO_ARTICLES


def test_demo_without_source_lines_groups_the_same(tmp_path):
    """The shared source URL is one clue among many: without it the grouping holds."""
    corpus = tmp_path / "nosource"
    corpus.mkdir()
    for path in sorted(DEMO.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if "https://" not in line]
        assert len(kept) < len(lines) or path.name == "nighttrain-railwire.txt"
        (corpus / path.name).write_text("\n".join(kept), encoding="utf-8")
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    assert topics(index) == DEMO_ARTICLES


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


def test_a_tie_for_best_goes_to_the_candidate_that_is_best_in_return():
    """A short item whose only anchors ("BBC News") are in two texts of the other language
    scores 1.0 with both: the one whose own best is another text is not its translation."""
    bbc = {"@bbc", "@news", "&nbs"}
    joburg = bbc | {"@joburg", "@johan", "@shot", "@street"}
    docs = [
        DocInfo(1, "fi", frozenset(joburg), 1000, source_url="https://example.org/joburg"),
        DocInfo(2, "en", frozenset(bbc), 1000),
        DocInfo(3, "fi", frozenset(bbc | {"@newsin"}), 1000),
        DocInfo(4, "en", frozenset(joburg), 1000, source_url="https://example.org/joburg"),
    ]
    assert sorted(g.members for g in group_documents(docs)) == [[1, 4], [2, 3]]


def test_a_tie_between_two_equally_good_candidates_decides_nothing():
    bbc = {"@bbc", "@news", "&nbs"}
    docs = [
        DocInfo(1, "en", frozenset(bbc), 1000),
        DocInfo(2, "fi", frozenset(bbc | {"@newsin"}), 1000),
        DocInfo(3, "fi", frozenset(bbc | {"@uutiset"}), 1000),
    ]
    assert sorted(g.members for g in group_documents(docs)) == [[1], [2], [3]]


def test_a_text_whose_best_is_taken_by_its_own_translation_falls_back_to_its_next():
    """A long English article on Brexit that also names everything in a short Finnish item
    on Corbyn scores higher with that item than with its own Finnish translation; the
    item's own original takes it, and the article still joins its translation."""
    brexit = {f"@brexit{k}" for k in range(10)}
    corbyn = {"@corbyn", "@labour", "@questions", "#2015", "@jeremy", "@commons", "@debut"}
    long_en = brexit | corbyn | {f"@english{k}" for k in range(10)}
    docs = [
        DocInfo(1, "en", frozenset(long_en), 2000),
        DocInfo(2, "fi", frozenset(brexit | {f"@suomi{k}" for k in range(12)}), 2000),
        DocInfo(3, "fi", frozenset(corbyn), 1600),
        DocInfo(4, "en", frozenset(corbyn), 1600),
    ]
    assert sorted(g.members for g in group_documents(docs)) == [[1, 2], [3, 4]]


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
    make_news_folder(corpus / "generated", 30)
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
        articles,
        "learn_lexicon",
        lambda conn, progress: learned.append(original(conn, progress)) or learned[-1],
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


def test_small_corpora_get_no_word_table(demo_index):
    from polyglance.corpus.articles import learn_lexicon

    with sqlite3.connect(demo_index) as conn:
        assert learn_lexicon(conn) is None


def _weak_translations(same_shape: bool) -> list[DocInfo]:
    """Five languages sharing four names (each text has 16 names of its own): too little
    for a pair alone; paragraph lengths as a translation's, or not."""
    rng = random.Random(1)
    lengths = [rng.randint(40, 200) for _ in range(20)]
    docs = []
    for i, lang in enumerate(["de", "en", "fr", "it", "nl"], 1):
        own = [rng.randint(40, 200) for _ in range(20)]
        shape = tuple(int(x * (1 + 0.1 * rng.random())) for x in (lengths if same_shape else own))
        names = {f"@{lang}{k}" for k in range(16)} | {f"@name{k}" for k in range(4)}
        docs.append(
            DocInfo(i, lang, frozenset(names), sum(shape), path=f"{lang}/{i}.txt", lengths=shape)
        )
    return docs


def test_weak_pairs_closed_into_triangles_across_languages_join():
    """Each pair is the other's best and so is every third text: together they are one
    article, although no pair alone is enough (before: three articles and a pair)."""
    assert [g.members for g in group_documents(_weak_translations(True))] == [[1, 2, 3, 4, 5]]


def test_triangles_need_the_shape_of_a_translation():
    groups = group_documents(_weak_translations(False))
    assert [g.members for g in groups] == [[1], [2], [3], [4], [5]]


def _translated_pairs(n: int) -> list[DocInfo]:
    rng = random.Random(5)
    docs = []
    for k in range(n):
        story = {f"@name{k}x{w}" for w in range(8)} | {f"#{rng.randrange(10_000)}"}
        docs += [_doc(2 * k + 1, "en", story), _doc(2 * k + 2, "de", story)]
    return docs


def test_grouping_tells_its_progress_within_its_phases_and_stops_when_told(monkeypatch):
    monkeypatch.setattr(grouping, "TICK_EVERY", 1)
    docs = _translated_pairs(40)
    calls: list[tuple[int, int]] = []
    groups = group_documents(docs, progress=lambda done, total: calls.append((done, total)))
    assert sorted(len(g.members) for g in groups) == [2] * 40
    assert calls[0] == (0, 100) and calls[-1] == (100, 100) and calls == sorted(calls)
    anchors_end = grouping.PHASES[0][1]
    assert any(0 < done < anchors_end for done, _ in calls)  # told inside a phase, not after

    class Stop(BaseException):
        pass

    def stop_inside(done: int, total: int) -> None:
        if 0 < done < anchors_end:
            raise Stop

    with pytest.raises(Stop):
        group_documents(docs, progress=stop_inside)
