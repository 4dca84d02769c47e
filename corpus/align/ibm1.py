"""IBM Model 1 by EM on flat arrays: the word-translation probabilities that both the
aligner's learned table (``lexicon``) and the search's translation tables are made of."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: word links built at a time (each takes a few int64 temporaries)
CHUNK_LINKS = 1 << 20


def sorted_unique(ids: np.ndarray) -> np.ndarray:
    """Sorted distinct values, by sorting (numpy 2's hash-based ``np.unique`` is many times
    slower on large integer arrays here)."""
    s = np.sort(np.asarray(ids), kind="stable")
    if len(s) < 2:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def ibm1(
    sents: Sequence[tuple[np.ndarray, np.ndarray]], n_tgt: int, iterations: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """IBM Model 1 by EM, source id 0 the NULL word of every sentence (ids from 1):
    arrays of (source id, target id, p(target | source), sentences holding both), sorted
    by source id, then target id.

    Memory: one int64 key and one position per word link, filled in place; the per-link
    source, target and sentence ids are not kept."""
    n_src = np.array([len(s) + 1 for s, _ in sents], dtype=np.int64)
    n_t = np.array([len(t) for _, t in sents], dtype=np.int64)
    sizes = n_src * n_t
    n_links = int(sizes.sum())
    keys = np.empty(n_links, dtype=np.int64)  # source id * n_tgt + target id, per link
    grp_all = np.empty(n_links, dtype=np.int64)  # the target token of each link
    # every sentence's words end to end, the source side with its NULL first
    start_s = np.cumsum(n_src) - n_src  # each sentence's NULL in words_s
    words_s = np.zeros(int(n_src.sum()), dtype=np.int64)
    real = np.arange(len(words_s)) - np.repeat(start_s, n_src) > 0
    words_s[real] = np.concatenate([np.zeros(0, np.int64), *(s for s, _ in sents)])
    words_t = np.concatenate([np.zeros(0, np.int64), *(t for _, t in sents)])
    start_t = np.cumsum(n_t) - n_t
    g = len(words_t)
    link_end = np.cumsum(sizes)
    first = 0
    while first < len(sents):  # a chunk of sentences at a time: bounded temporaries
        last = int(np.searchsorted(link_end, link_end[first] - sizes[first] + CHUNK_LINKS))
        last = min(max(last, first + 1), len(sents))
        at, end = int(link_end[first] - sizes[first]), int(link_end[last - 1])
        sent = np.repeat(np.arange(first, last), sizes[first:last])
        r = np.arange(at, end) - (link_end[sent] - sizes[sent])  # link within its sentence
        i, j = np.divmod(r, n_t[sent])  # source word i, target word j: i-major
        keys[at:end] = words_s[start_s[sent] + i] * n_tgt + words_t[start_t[sent] + j]
        grp_all[at:end] = start_t[sent] + j
        first = last
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    del keys
    new = np.empty(n_links, dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    pairs = ordered[new]
    del ordered
    pair_of = np.empty(n_links, dtype=np.int64)
    pair_of[order] = np.cumsum(new) - 1
    del order, new
    pair_src = pairs // n_tgt
    sent_of = np.repeat(np.arange(len(sents), dtype=np.int64), sizes)
    sent_of *= len(pairs)
    sent_of += pair_of
    seen = sorted_unique(sent_of) % len(pairs)
    del sent_of
    n_sents = np.bincount(seen, minlength=len(pairs))
    del seen
    prob = np.ones(len(pairs))
    for _ in range(iterations):
        p = prob[pair_of]
        z = np.bincount(grp_all, p, minlength=g)
        np.divide(p, z[grp_all], out=p)
        count = np.bincount(pair_of, p, minlength=len(pairs))
        del p
        total = np.bincount(pair_src, count)
        prob = count / total[pair_src]
    return pair_src, pairs % n_tgt, prob, n_sents
