"""The vocabulary's typo lookups against plain scans over every word."""

from __future__ import annotations

import functools
import sqlite3

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from polyglance.search import store, vocab
from polyglance.search.vocab import (
    Vocabulary,
    contain_score,
    fuzzy_matches,
    fuzzy_score,
    intersect_sorted,
)

LETTERS = "abcé"  # few letters: many words one typo apart


def vocabulary(words: list[str]) -> Vocabulary:
    v = Vocabulary()
    v.words = words
    v.lens = np.fromiter(map(len, words), np.int32, count=len(words))
    v.dfs = np.ones(len(words), np.int64)
    return v


def full_scan(words: list[str], t: str, k: int) -> set[int]:
    """Ids of the words of length ``len(t) ± k`` (at least 1) within ``k`` OSA typos."""
    return {
        i
        for i, w in enumerate(words)
        if w and abs(len(w) - len(t)) <= k and OSA.distance(t, w) <= k
    }


def edit(t: str, op: int, i: int, c: str) -> str:
    """``t`` with one typo at ``i``: a substitution, deletion, insertion or swap."""
    i %= len(t) + 1
    if op == 0 and i < len(t):
        return t[:i] + c + t[i + 1 :]
    if op == 1 and i < len(t):
        return t[:i] + t[i + 1 :]
    if op == 3 and i + 1 < len(t):
        return t[:i] + t[i + 1] + t[i] + t[i + 2 :]
    return t[:i] + c + t[i:]


word = st.text(LETTERS, min_size=0, max_size=8)
edits = st.tuples(st.integers(0, 3), st.integers(0, 9), st.sampled_from(LETTERS))


@settings(max_examples=300, deadline=None)
@given(
    t=st.text(LETTERS, min_size=1, max_size=7),
    others=st.lists(word, max_size=40),
    typos=st.lists(st.lists(edits, min_size=1, max_size=2), max_size=30),
    k=st.integers(1, 2),
)
def test_near_length_finds_what_the_full_scan_finds(
    t: str, others: list[str], typos: list[list[tuple[int, int, str]]], k: int
) -> None:
    words = list(others)
    for ops in typos:  # words one or two typos away from t
        w = t
        for op, i, c in ops:
            w = edit(w, op, i, c) if w else c
        words.append(w)
    v = vocabulary(words)
    got = v._near_length(t, k).tolist()
    assert len(got) == len(set(got))
    assert set(got) == full_scan(words, t, k)
    # the per-length buckets are kept: a second lookup gives the same
    assert set(v._near_length(t, k).tolist()) == set(got)


def test_near_length_edges_of_each_typo() -> None:
    # one typo at the start keeps the last letter, anywhere else the first letter
    words = ["bcd", "acd", "ab", "bd", "abcd", "xabcd", "xabc", "bacd", "abdc", "abd", "xbcx"]
    v = vocabulary(words)
    got = {words[i] for i in v._near_length("abcd", 1).tolist()}
    assert got == {"bcd", "acd", "abcd", "xabcd", "bacd", "abdc", "abd"}
    assert got == {words[i] for i in full_scan(words, "abcd", 1)}


@settings(max_examples=300, deadline=None)
@given(
    t=st.text(LETTERS, min_size=1, max_size=9),
    others=st.lists(st.text(LETTERS, max_size=12), max_size=30),
    typos=st.lists(st.tuples(st.lists(edits, min_size=1, max_size=3), word), max_size=30),
)
def test_fuzzy_matches_are_fuzzy_score(
    t: str, others: list[str], typos: list[tuple[list[tuple[int, int, str]], str]]
) -> None:
    words = list(others)
    for ops, tail in typos:  # typos of t, some of them continued (prefix matches)
        w = t
        for op, i, c in ops:
            w = edit(w, op, i, c) if w else c
        words += [w, w + tail]
    want = [(i, fuzzy_score(t, w)) for i, w in enumerate(words)]
    assert fuzzy_matches(t, words) == [(i, s) for i, s in want if s > 0]


@given(st.lists(st.sets(st.integers(0, 60), min_size=1), min_size=1, max_size=6))
def test_intersect_sorted_is_intersect1d(sets: list[set[int]]) -> None:
    lists = [np.array(sorted(x), dtype=np.uint32) for x in sets]
    want = functools.reduce(np.intersect1d, lists)
    assert intersect_sorted(lists).tolist() == want.tolist()


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text("abé", min_size=1, max_size=4), min_size=1, max_size=60, unique=True),
    dfs=st.lists(st.integers(0, 5), min_size=60, max_size=60),
    t=st.text("abé", min_size=1, max_size=2),
    limit=st.integers(1, 8),
)
def test_short_prefixes_from_memory_are_the_sql_lookup(
    words: list[str], dfs: list[int], t: str, limit: int
) -> None:
    # the words of a short query word are looked up in memory; they were looked up in
    # SQL: the same words, the `limit` most frequent (equal counts: lower id) and t itself
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE search_words(id INTEGER PRIMARY KEY, word TEXT UNIQUE, df INT)")
    conn.executemany(
        "INSERT INTO search_words VALUES (?, ?, ?)",
        [(i, w, dfs[i]) for i, w in enumerate(words)],
    )
    rows = conn.execute(
        "SELECT id, word FROM search_words WHERE word >= ? AND word < ? "
        "ORDER BY df DESC, id LIMIT ?",
        (t, t + "\U0010ffff", limit),
    ).fetchall()
    rows += conn.execute("SELECT id, word FROM search_words WHERE word = ?", (t,)).fetchall()
    want = {i: contain_score(t, w) for i, w in rows}
    v = vocabulary(words)
    v.dfs = np.array(dfs[: len(words)], np.int64)
    old = vocab.MAX_PREFIX_WORDS
    vocab.MAX_PREFIX_WORDS = limit
    try:
        assert v._short_prefixed(t) == want
    finally:
        vocab.MAX_PREFIX_WORDS = old


# words as save_vocab stores them: UTF-8 (no lone surrogates), one a line
_WORD_CHARS = st.characters(blacklist_characters="\n", blacklist_categories=("Cs",))


@given(
    st.lists(st.text(_WORD_CHARS, max_size=6), max_size=30),
    st.lists(st.text(_WORD_CHARS, max_size=4), max_size=3),
)
def test_the_lazy_word_list_is_the_list_of_words(words: list[str], more: list[str]) -> None:
    blob = "\n".join(words).encode("utf-8")
    if not blob:
        words = []  # an empty blob holds no word (save_vocab of [""] is not read back)
    lazy = store.WordList(blob)
    for w in more:
        lazy.append(w)
    want = words + more
    assert len(lazy) == len(want)
    assert [lazy[i] for i in range(len(want))] == want == list(lazy) == lazy[:]
    if want:
        assert lazy[-1] == want[-1]
    heads = [[ord(c) for c in w[:2].ljust(2, "\0")] for w in want]
    assert lazy.heads().tolist() == heads
