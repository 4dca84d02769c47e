"""Search on the real demo corpus (indexed into a temporary file): order, typos, floor,
regular expressions and case, counterparts of hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglance.corpus import config as config_mod
from polyglance.corpus.locations import demo_corpus_path
from polyglance.search import Searcher, aligned_cells
from polyglance.tui.pipeline import index_corpus

MIN_SCORE = config_mod.Config().search.min_score


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    index_corpus(demo_corpus_path(), path)
    return path


@pytest.fixture(scope="module")
def searcher(demo: Path) -> Searcher:
    return Searcher(demo)


def matched(hit) -> list[str]:
    return [hit.text[a:b] for a, b in hit.spans]


@pytest.mark.parametrize("query", ["lynx", "night train", "the", "tool library", "e", "re:[0-9]+"])
def test_hits_come_in_the_order_of_their_scores(searcher: Searcher, query: str) -> None:
    hits = searcher.search(query, limit=100)
    assert len(hits) > 3, query
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True), query


@pytest.mark.parametrize(
    ("query", "word"), [("lyxn", "lynx"), ("lnyx", "lynx"), ("lnx", "lynx"), ("Luhcs", "Luchs")]
)
def test_a_transposition_or_a_missing_letter_is_one_typo(
    searcher: Searcher, query: str, word: str
) -> None:
    hits = searcher.search(query, min_score=MIN_SCORE)
    assert hits and all(
        any(m.lower().startswith(word.lower()) for m in matched(h)) for h in hits
    ), query
    assert all(h.score < 90 for h in hits)  # a typo ranks below every exact match


def test_min_score_is_applied_by_the_searcher(searcher: Searcher) -> None:
    everything = searcher.search("lnx", limit=100)
    floor = (everything[0].score + everything[-1].score) / 2
    kept = searcher.search("lnx", limit=100, min_score=floor)
    assert kept and all(h.score >= floor for h in kept)
    assert len(kept) == sum(h.score >= floor for h in everything)
    assert searcher.search("lynx", min_score=101) == []


def test_regular_expressions(searcher: Searcher) -> None:
    hits = searcher.search("re:lyn.", limit=100)
    assert hits and all(m.lower().startswith("lyn") for h in hits for m in matched(h))
    assert {h.lang for h in searcher.search("re:Luchs(e|es)?\\b lang:de")} == {"de"}
    assert searcher.search("re:zzz+qqq") == []
    # an invalid expression is searched as text
    assert searcher.search("re:(lynx") == searcher.search("lynx")


def test_case_sensitive_on_request(searcher: Searcher) -> None:
    folded = searcher.search("luchs", limit=100)
    assert any("Luchs" in h.text for h in folded)
    assert searcher.search("case:luchs") == []
    exact = searcher.search("case:Luchs", limit=100)
    assert exact and all("Luchs" in h.text for h in exact)
    assert searcher.search("case:re:LUCHS") == []
    assert searcher.search("re:LUCHS", limit=100)


def test_a_regular_expression_scan_can_be_cancelled(searcher: Searcher) -> None:
    polls = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 1

    assert searcher.search("re:.", cancelled=cancelled) == []
    assert searcher.search("re:.")


def test_aligned_cells_give_each_hit_its_rows_counterparts(demo: Path, searcher: Searcher) -> None:
    import sqlite3

    hits = searcher.search("Luchs lang:de", limit=20)
    conn = sqlite3.connect(demo)
    cells = aligned_cells(conn, hits, ["en", "fr", "xx"])
    assert len(cells) == len(hits)
    assert all(list(c) == ["en", "fr", "xx"] and c["xx"] is None for c in cells)
    aligned = [c for h, c in zip(hits, cells) if h.row is not None]
    assert aligned and any(c["en"] and "lynx" in c["en"].lower() for c in aligned)
    for h, c in zip(hits, cells):
        if h.row is None:
            assert c == {"en": None, "fr": None, "xx": None}
    assert aligned_cells(conn, [], ["en"]) == []
