"""The translation tables' parts: lemmas as simplemma gives them, and no table into
``und`` (IBM Model 1 itself: tests/corpus/test_align_ibm1.py)."""

from __future__ import annotations

import math
import multiprocessing
import sqlite3
from pathlib import Path

import pytest
import simplemma

from polyglance.corpus import schema
from polyglance.search import lemmas, translation_model
from polyglance.search.translation_model import pairs_to_learn, train


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The lynxes were seen running across the frozen fields of the valleys"),
        ("es", "Los linces corrían por los campos helados de los valles más altos"),
    ],
)
def test_lemmas_from_the_stream_tables_are_simplemmas_own(lang: str, text: str) -> None:
    for word, _, _ in lemmas.words(text):
        assert lemmas.lemma(word, lang) == (simplemma.lemmatize(word, lang=lang) or word)


def test_no_table_is_learned_into_und() -> None:
    conn = sqlite3.connect(":memory:")
    schema.create(conn)
    for article, languages in ((1, "en,fi,und"), (2, "en,und"), (3, "fi,und")):
        conn.execute(
            "INSERT INTO articles(id, title, languages) VALUES(?, 't', ?)", (article, languages)
        )
        for row in range(5):
            conn.execute(
                "INSERT INTO alignment_rows(article_id, row, confidence) VALUES(?, ?, 1.0)",
                (article, row),
            )
    assert pairs_to_learn(conn) == [("en", "fi")]


def test_every_language_gets_its_best_pair_beyond_the_budget() -> None:
    """Twelve languages sharing long articles fill the budget; a small news pair beside
    them still gets its table, and so does a language whose pairs all fell beyond it."""
    conn = sqlite3.connect(":memory:")
    schema.create(conn)
    many = ",".join(f"l{k:02d}" for k in range(12))
    articles = [(1, many, 8000), (2, "en,fi", 1500), (3, "en,l00,sv", 700), (4, "de,sv", 50)]
    for article, languages, rows in articles:
        conn.execute(
            "INSERT INTO articles(id, title, languages) VALUES(?, 't', ?)", (article, languages)
        )
        conn.executemany(
            "INSERT INTO alignment_rows(article_id, row, confidence) VALUES(?, ?, 1.0)",
            [(article, row) for row in range(rows)],
        )
    pairs = pairs_to_learn(conn)
    budget = translation_model.LEARN_ROWS_BUDGET // 8000
    assert len(pairs) == budget + 3 and len(set(pairs)) == len(pairs)
    assert pairs[budget:] == [("en", "fi"), ("en", "sv"), ("de", "sv")]


def test_pairs_below_the_score_floor_are_dropped_but_each_words_best_stays(
    demo_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(demo_index)
    floor = translation_model.MIN_SCORE
    kept = {(s, t): (p, q) for s, t, p, q, _ in train(conn, "de", "en").pairs}
    monkeypatch.setattr(translation_model, "MIN_SCORE", 0.0)
    every = {(s, t): (p, q) for s, t, p, q, _ in train(conn, "de", "en").pairs}
    assert kept.keys() < every.keys()
    strong = {k for k, (p, q) in every.items() if math.sqrt(p * q) >= floor}
    assert strong <= kept.keys()
    best_p: dict[str, float] = {}
    best_q: dict[str, float] = {}
    for (s, t), (p, q) in every.items():
        best_p[s] = max(best_p.get(s, 0.0), p)
        best_q[t] = max(best_q.get(t, 0.0), q)
    weak = kept.keys() - strong
    assert all(kept[s, t][0] == best_p[s] or kept[s, t][1] == best_q[t] for s, t in weak)
    assert {s for s, _ in kept} == {s for s, _ in every}  # no word loses all its candidates


def test_a_rare_word_among_common_ones_keeps_its_best_candidate() -> None:
    # "harvinainen" appears once, in a row of 30 common words: every pair of it is weak
    common = [f"w{k}" for k in range(30)]
    sa = [["sana", *common] for _ in range(100)] + [["harvinainen"]]
    sb = [["word", *common] for _ in range(100)] + [common]
    post = {}
    for name, sents in (("a", sa), ("b", sb)):
        p: dict[str, list[int]] = {}
        for i, keys in enumerate(sents):
            for k in sorted(set(keys)):
                p.setdefault(k, []).append(i)
        post[name] = p
    pairs = translation_model._pairs(sa, sb, post["a"], post["b"])
    rare = [(t, p, q) for s, t, p, q, _ in pairs if s == "harvinainen"]
    assert len(rare) == 1 and math.sqrt(rare[0][1] * rare[0][2]) < translation_model.MIN_SCORE
    assert ("sana", "word") in {(s, t) for s, t, *_ in pairs}


def test_tables_learned_in_worker_processes_are_the_ones_learned_here(
    demo_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(demo_index)
    pairs = pairs_to_learn(conn)
    assert len(pairs) >= 2
    here = list(translation_model._trained(conn, pairs))  # the demo is small: here
    monkeypatch.setattr(translation_model, "POOL_MIN_ROWS", 0)
    before = set(multiprocessing.active_children())
    pooled = translation_model._trained(conn, pairs)
    first = next(pooled)
    assert set(multiprocessing.active_children()) - before  # the workers learn them
    assert [first, *pooled] == here
    assert [(m.a, m.b) for m in here] == pairs
