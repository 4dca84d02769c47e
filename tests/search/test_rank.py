"""Candidate selection, hit grouping and word scores."""

from __future__ import annotations

import numpy as np

from polyglance.search.rank import GROUP_PENALTY, group_order, top_ids
from polyglance.search.vocab import (
    contain_score,
    fuzzy_cutoff,
    fuzzy_score,
    infix_score,
    prefix_score,
)


def test_top_ids_keeps_the_best_and_spreads_ties() -> None:
    bound = np.zeros(1000, dtype=np.float32)
    bound[[5, 7]] = 90
    bound[100:900] = 50
    ids = top_ids(bound, 10)
    assert {5, 7} <= set(ids.tolist()) and len(ids) == 10
    tie = np.zeros(1000, dtype=np.float32)
    tie[::2] = 80
    ids = top_ids(tie, 10)
    assert len(ids) == 10 and ids.min() == 0 and ids.max() > 900  # spread, not the first ten
    assert len(top_ids(np.zeros(10, dtype=np.float32), 5)) == 0


def test_group_order_demotes_repeats_of_one_article_and_language() -> None:
    # rows: (id, doc, kind, lang, text, article)
    hits = [(95.0, (i, 1, "body", "en", "", 7)) for i in range(4)]
    hits += [(94.0, (10, 2, "body", "de", "", 7)), (90.0, (11, 3, "body", "en", "", None))]
    order = group_order(hits)
    assert [row[0] for _, _, row in order][:3] == [0, 10, 11]
    assert order[0][1] == 95.0 and order[-1][1] == 95.0 - 3 * GROUP_PENALTY


def test_word_scores_are_ordered() -> None:
    assert contain_score("zucker", "zucker") == 100
    exact, prefix = 100, prefix_score("zucker", "zuckerberg")
    infix = infix_score("salem", "jerusalem")
    typo = fuzzy_score("zuckerbreg", "zuckerberg")
    assert exact > prefix > infix > typo > 0
    assert contain_score("salem", "jerusalem") == infix
    assert fuzzy_score("zuckerberg", "apple") == 0
    assert fuzzy_cutoff(4) < fuzzy_cutoff(5)
