"""IBM Model 1 in little memory: the same model as written plainly."""

from __future__ import annotations

import numpy as np
import pytest

from polyglance.corpus.align.ibm1 import ibm1, sorted_unique


def _plain_ibm1(sents, n_tgt, iterations=8):
    """IBM Model 1 written plainly (the code the memory-lean one replaced)."""
    src, tgt, grp, sent = [], [], [], []
    g = 0
    for k, (s, t) in enumerate(sents):
        s = np.concatenate([[0], s])
        src.append(np.repeat(s, len(t)))
        tgt.append(np.tile(t, len(s)))
        grp.append(g + np.tile(np.arange(len(t)), len(s)))
        sent.append(np.full(len(s) * len(t), k, dtype=np.int64))
        g += len(t)
    s_all, t_all, grp_all = np.concatenate(src), np.concatenate(tgt), np.concatenate(grp)
    keys = s_all * n_tgt + t_all
    pairs, pair_of = np.unique(keys, return_inverse=True)
    pair_src = pairs // n_tgt
    seen = sorted_unique(np.concatenate(sent) * len(pairs) + pair_of) % len(pairs)
    n_sents = np.bincount(seen, minlength=len(pairs))
    prob = np.ones(len(pairs))
    for _ in range(iterations):
        p = prob[pair_of]
        z = np.bincount(grp_all, p, minlength=g)
        count = np.bincount(pair_of, p / z[grp_all], minlength=len(pairs))
        total = np.bincount(pair_src, count)
        prob = count / total[pair_src]
    return pair_src, pairs % n_tgt, prob, n_sents


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ibm1_equals_the_plain_model(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sents = [
        (rng.integers(1, 60, rng.integers(0, 12)), rng.integers(1, 50, rng.integers(1, 12)))
        for _ in range(300)
    ]
    for ours, plain in zip(ibm1(sents, 50, 8), _plain_ibm1(sents, 50), strict=True):
        assert np.array_equal(ours, plain)


def test_ibm1_learns_the_word_that_goes_with_another() -> None:
    # source 1 = "house", 2 = "the"; target 1 = "talo", 2 = "iso"
    sents = [(np.array([2, 1]), np.array([1])), (np.array([1]), np.array([1, 2]))]
    sents += [(np.array([2]), np.array([2]))]
    src, tgt, prob, rows = ibm1(sents, 3, 8)
    p = {(x, y): (q, n) for x, y, q, n in zip(src.tolist(), tgt.tolist(), prob, rows)}
    assert p[1, 1][0] > p[1, 2][0]
    assert p[1, 1][1] == 2 and p[2, 2][1] == 1  # rows holding both
