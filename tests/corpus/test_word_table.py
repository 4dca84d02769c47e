"""The word table grouping learns: counted stem by stem, it gives what a plain table of
every co-occurring pair gives."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from polyglance.corpus import word_table
from polyglance.corpus.word_table import (
    MAX_DOC_SHARE,
    MIN_ASSOCIATION,
    MIN_TOGETHER,
    _associate,
)


def _plain_associate(pairs, doc_stems):
    """Every (u, v) met counted in one table (the code the stem-by-stem count replaced)."""
    df_a: Counter[str] = Counter()
    df_b: Counter[str] = Counter()
    for a, b in pairs:
        df_a.update(doc_stems[a])
        df_b.update(doc_stems[b])
    most = MAX_DOC_SHARE * len(pairs)
    together: Counter[tuple[str, str]] = Counter()
    for a, b in pairs:
        left = [u for u in doc_stems[a] if MIN_TOGETHER <= df_a[u] <= most]
        right = [v for v in doc_stems[b] if MIN_TOGETHER <= df_b[v] <= most]
        together.update((u, v) for u in left for v in right)
    best: dict[str, tuple[float, str]] = {}
    taken: dict[str, tuple[float, str]] = {}
    for (u, v), count in sorted(kv for kv in together.items() if kv[1] >= MIN_TOGETHER):
        association = count / max(df_a[u], df_b[v])
        if association >= MIN_ASSOCIATION and association > best.get(u, (0.0, ""))[0]:
            best[u] = (association, v)
    for u, (association, v) in sorted(best.items()):
        if association > taken.get(v, (0.0, ""))[0]:
            taken[v] = (association, u)
    return {u: v for v, (_, u) in taken.items()}


def _corpus(seed: int) -> tuple[list[tuple[int, int]], list[frozenset[str]]]:
    """Pairs of documents: a sample of words, and their (mostly kept) translations."""
    rng = random.Random(seed)
    vocab_a = [f"a{k}" for k in range(rng.randint(20, 80))]
    vocab_b = [f"b{k}" for k in range(rng.randint(20, 80))]
    translation = {u: rng.choice(vocab_b) for u in vocab_a}  # some share a translation
    stems: list[frozenset[str]] = []
    for _ in range(rng.randint(30, 120)):
        words = rng.sample(vocab_a, rng.randint(3, 15))
        stems.append(frozenset(words))
        kept = {translation[u] for u in words if rng.random() < 0.9}
        stems.append(frozenset(kept | set(rng.sample(vocab_b, 2))))
    return [(d, d + 1) for d in range(0, len(stems), 2)], stems


@pytest.mark.parametrize("seeds", [range(0, 20), range(20, 40)])
def test_stem_by_stem_count_equals_the_plain_table(seeds) -> None:
    learned = 0
    for seed in seeds:
        pairs, stems = _corpus(seed)
        table = _associate(pairs, stems)
        assert table == _plain_associate(pairs, stems), seed
        learned += bool(table)
        langs = ["en", "fi"] * (len(stems) // 2)
        assert word_table.learn(pairs, langs, stems) is not None
    assert learned >= len(seeds) // 2  # the comparison is not between empty tables


def test_a_learned_word_pair_is_one_key_on_both_sides_for_any_words() -> None:
    """The keys of the table go to a document's text and to its title alike: a title's word
    and its translation in the other title meet as one key."""
    pairs, stems = _corpus(3)
    langs = ["en", "fi"] * (len(stems) // 2)
    table = word_table.learn_table(pairs, langs, stems)
    learned = _associate(pairs, stems)
    assert table and learned
    u, v = sorted(learned.items())[0]
    assert table.keys("en", {u}) == table.keys("fi", {v}) != frozenset()
    assert table.keys("de", {u, v}) == frozenset()  # no table for that language
    # the per-document extras are these same keys
    extras = word_table.learn(pairs, langs, stems)
    assert all(
        extras[k] == table.keys(lang, stems[k]) for k, lang in enumerate(langs) if k in extras
    )
