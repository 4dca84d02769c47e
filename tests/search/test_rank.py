"""Candidate selection, hit grouping and word scores."""

from __future__ import annotations

import numpy as np

from polyglance.search.rank import group_rank, order_hits, top_ids
from polyglance.search.vocab import (
    contain_score,
    edits,
    fuzzy_score,
    infix_score,
    prefix_score,
    typo_score,
)


def _top(bound: np.ndarray, m: int) -> np.ndarray:
    """top_ids over every paragraph, as the searcher gives them (its positive ones)."""
    ids = np.flatnonzero(bound)
    got, vals = top_ids(ids, bound[ids], m)
    assert (bound[got] == vals).all()
    return got


def test_top_ids_keeps_the_best_and_spreads_ties() -> None:
    bound = np.zeros(1000, dtype=np.float32)
    bound[[5, 7]] = 90
    bound[100:900] = 50
    ids = _top(bound, 10)
    assert {5, 7} <= set(ids.tolist()) and len(ids) == 10
    tie = np.zeros(1000, dtype=np.float32)
    tie[::2] = 80
    ids = _top(tie, 10)
    assert len(ids) == 10 and ids.min() == 0 and ids.max() > 900  # spread, not the first ten
    assert len(_top(np.zeros(10, dtype=np.float32), 5)) == 0


def test_top_ids_never_gives_a_paragraph_of_zero_bound() -> None:
    # A best bound under 10 once made the second floor negative: every zero came along.
    weak = np.zeros(1000, dtype=np.float32)
    weak[[3, 30, 300]] = [6.0, 4.0, 5.5]
    assert sorted(_top(weak, 50).tolist()) == [3, 30, 300]
    assert sorted(_top(weak, 2).tolist()) == [3, 300]
    ids = np.array([4, 8, 9])
    got, _ = top_ids(ids, np.array([0.0, 3.0, 0.0], dtype=np.float32), 5)
    assert got.tolist() == [8]  # a zero bound among the ids given is left out too


def test_hits_follow_their_scores_and_ties_spread_articles() -> None:
    # rows: (id, doc, kind, lang, text, article)
    hits = [(95.0, (i, 1, "body", "en", "", 7)) for i in range(4)]
    hits += [(94.0, (10, 2, "body", "de", "", 7)), (95.0, (11, 3, "body", "en", "", None))]
    hits += [(98.0, (12, 1, "body", "en", "", 7))]
    order = order_hits(hits)
    scores = [s for s, _ in order]
    assert scores == sorted(scores, reverse=True)  # the order is the score shown
    assert [row[0] for _, row in order][:3] == [12, 11, 0]  # 95s: the other article first
    assert [row[0] for _, row in order][-1] == 10


def test_group_rank_counts_earlier_items_of_a_group() -> None:
    assert group_rank(np.array([3, 1, 3, 3, 1])).tolist() == [0, 0, 1, 2, 1]
    assert group_rank(np.array([], dtype=np.int64)).tolist() == []


def test_word_scores_are_ordered() -> None:
    assert contain_score("zucker", "zucker") == 100
    exact, prefix = 100, prefix_score("zucker", "zuckerberg")
    infix = infix_score("salem", "jerusalem")
    typo = fuzzy_score("zuckerbreg", "zuckerberg")
    assert exact > prefix > infix > typo > 0
    assert contain_score("salem", "jerusalem") == infix
    assert fuzzy_score("zuckerberg", "apple") == 0
    assert typo_score(4, 1) < typo_score(10, 1) < 80


def test_a_transposition_is_one_typo() -> None:
    assert edits("lyxn", "lynx") == 1
    assert edits("lnyx", "lynx") == 1
    assert edits("luhcs", "luchs") == 1
    assert edits("lnx", "lynx") == 1  # a letter missing
    assert edits("lnx", "lax") > 1  # three letters forgive no wrong letter
    assert fuzzy_score("lyxn", "lynx") > 0 and fuzzy_score("lynx", "lynn") == 0
    assert fuzzy_score("zurick", "zurich") > 0  # five letters and more: a wrong letter too


def test_a_word_inside_a_longer_word_is_no_typo_match() -> None:
    assert fuzzy_score("lynx", "kannatuskyselyn") == 0
    assert fuzzy_score("zuckerbrg", "zuckerbergs") > 0  # a typo in a prefix still is
