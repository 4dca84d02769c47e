"""Aligning articles in worker processes gives the rows of one process, in order, and a
worker that dies costs only speed."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from polyglance.corpus import align_pool, ordered_pool
from polyglance.corpus.align import Lexicon
from polyglance.corpus.align_pool import align_articles, work

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"

#: far above POOL_MIN_WORK: the workers start
MUCH = 10**9


def paragraphs(name: str) -> list[str]:
    text = (DEMO / f"{name}.txt").read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def demo_articles() -> list[list[list[str]]]:
    """The demo's stories as articles of 1-4 texts, some stretched to many paragraphs."""
    lynx = [paragraphs(n) for n in ("lynx-alpenpost", "lynx-lechamois", "lynx-mountaintimes")]
    train = [paragraphs(n) for n in ("nighttrain-railwire", "nighttrain-schienenblatt")]
    tools = [paragraphs(n) for n in ("toollibrary-citybeat", "toollibrary-lequartier")]
    long_lynx = [[f"{r}. {p}" for r in range(6) for p in text] for text in lynx]
    return [lynx, train, [paragraphs("bridge-gazetazalesia")], tools, long_lynx, train[::-1]]


def test_the_pool_gives_the_rows_of_one_process_in_order():
    articles = demo_articles()
    here = list(align_articles(articles, 0))
    pooled = list(align_articles(articles, MUCH))
    assert len(here) == len(articles)
    assert pooled == here  # the same cells and the same confidences, to the last bit
    assert [len(row.cells) for rows in pooled for row in rows[:1]] == [len(a) for a in articles]


def test_the_word_table_reaches_the_workers():
    articles = demo_articles()
    lexicon = Lexicon({"luchse": frozenset({"lynx"}), "tal": frozenset({"valley"})}, weight=2.0)
    here = list(align_articles(articles, 0, lexicon))
    assert list(align_articles(articles, MUCH, lexicon)) == here


def test_small_work_stays_in_this_process():
    articles = demo_articles()[:2]
    total = sum(work([len(t) for t in texts]) for texts in articles)
    assert total < align_pool.POOL_MIN_WORK
    before = set(multiprocessing.active_children())
    for _ in align_articles(articles, total):
        assert set(multiprocessing.active_children()) == before


@pytest.mark.skipif(os.cpu_count() == 1, reason="no pool on one core")
def test_a_killed_worker_costs_only_speed():
    articles = demo_articles() * 3
    expected = list(align_articles(articles, 0))
    results = align_articles(articles, MUCH)
    got = [next(results)]
    workers = multiprocessing.active_children()
    assert workers  # the pool is running
    for process in workers:
        os.kill(process.pid, signal.SIGKILL)
    got.extend(results)  # the rest is aligned here
    assert got == expected


def test_work_counts_every_pair_of_texts():
    assert work([10]) == 0
    assert work([10, 20]) == 30
    assert work([10, 20, 30]) == 120


def test_a_pool_that_cannot_start_costs_only_speed(monkeypatch):
    class Unstartable(ordered_pool.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            raise OSError(24, "Too many open files")

    articles = demo_articles()
    expected = list(align_articles(articles, 0))
    monkeypatch.setattr(ordered_pool, "ProcessPoolExecutor", Unstartable)
    assert list(align_articles(articles, MUCH)) == expected
