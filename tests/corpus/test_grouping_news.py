"""Grouping real news: short items, and different articles on one story, from wmt16-enfi.

The corpora are generated at test time from ../shared/dev/wmt16-enfi (skipped where it is
absent, never copied into the repository): every file cut to its first 6-10 lines, as in
the held-out set; and pairs of an English article with the Finnish translation of
*another* article that shares the most names with it, without their own partners.
"""

import json
import random
import sqlite3

import pytest

from polyglance.corpus.anchors import anchors
from polyglance.tui.pipeline import index_corpus

from ..conftest import SHARED, require_module

WMT = require_module(SHARED / "dev" / "wmt16-enfi")


@pytest.fixture(scope="module")
def gold():
    return json.loads((WMT / "gold.json").read_text(encoding="utf-8"))


def _head(path, n):
    return path.read_text(encoding="utf-8").splitlines()[:n]


def _groups(index):
    with sqlite3.connect(index) as conn:
        rows = conn.execute(
            "SELECT a.article_id, d.path FROM article_docs a JOIN documents d ON d.id = a.doc_id"
        ).fetchall()
    found = {}
    for article, path in rows:
        found.setdefault(article, set()).add(path)
    return [frozenset(paths) for paths in found.values()]


def test_short_items_group_as_their_translations(gold, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("short")
    rng = random.Random(5)
    for pair in gold["articles"]:
        n = rng.randint(6, 10)
        for name in pair:
            (corpus / name).write_text("\n".join(_head(WMT / "clean" / name, n)) + "\n", "utf-8")
    index = corpus.parent / "short.sqlite"
    index_corpus(corpus, index)
    truth = {frozenset(pair) for pair in gold["articles"]}
    found = _groups(index)
    wrong = [g for g in found if len(g) > 1 and g not in truth]
    assert wrong == []
    assert len(truth & set(found)) >= 62  # 65-66 of 68 measured; 60 before


def test_other_articles_on_the_same_story_stay_apart(gold, tmp_path_factory):
    """An English article beside the Finnish translation of the article that shares most
    names with it (their own partners absent) must not become one article with it."""
    pairs = [tuple(p) for p in gold["articles"]]
    langs = gold["langs"]
    english = {p: next(f for f in p if langs[f] == "en") for p in pairs}
    finnish = {p: next(f for f in p if langs[f] == "fi") for p in pairs}
    names = {
        f: {a for a in anchors(_head(WMT / "clean" / f, 10)) if a.startswith("@")} for f in langs
    }
    hardest = []
    for p in pairs:
        shared, other = max(
            (len(names[english[p]] & names[finnish[q]]), q) for q in pairs if q != p
        )
        hardest.append((shared, p, other))
    hardest.sort(reverse=True)
    corpus = tmp_path_factory.mktemp("story")
    used, negatives = set(), []
    for shared, p, q in hardest:
        if shared < 2 or p in used or q in used or len(negatives) == 8:
            continue
        used |= {p, q}
        negatives.append((english[p], finnish[q]))
    assert len(negatives) >= 4  # the set has stories told by several articles
    complete = [p for p in pairs if p not in used][:10]
    for name in [f for pair in negatives for f in pair] + [f for p in complete for f in p]:
        (corpus / name).write_text("\n".join(_head(WMT / "clean" / name, 8)) + "\n", "utf-8")
    index = corpus.parent / "story.sqlite"
    index_corpus(corpus, index)
    found = _groups(index)
    apart = [frozenset([en]) in found and frozenset([fi]) in found for en, fi in negatives]
    print(f"{sum(apart)} of {len(negatives)} hard negatives apart")
    # Measured: 6 of 8 stay apart; two that share four or more names with nothing in the
    # text to tell them from a translation still join (see the report's figures).
    assert sum(apart) >= len(negatives) - 2
    assert sum(frozenset(p) in found for p in complete) >= 8
