"""A word-translation table learned from many aligned documents (IBM Model 1, both ways).

Train it on the confident 1-1 beads of many document pairs of one language pair (a few
thousand bead pairs), then pass it to ``align_pair(..., lexicon=...)`` for a second pass:
its word pairs count as shared words. On one short document it is neutral at best.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .beads import Bead
from .tokens import unit_keys


@dataclass(frozen=True)
class Lexicon:
    """Folded source word -> folded target words judged translations of each other."""

    table: dict[str, frozenset[str]] = field(default_factory=dict)
    #: how much a pair counts, relative to a shared word (fades in with the training data)
    weight: float = 1.0
    #: when > 0, the table pairs word stems: the first ``stem`` letters of folded words
    stem: int = 0

    def word_pairs(
        self, src_words: Iterable[str], tgt_words: Iterable[str]
    ) -> list[tuple[str, str]]:
        """The table's pairs as pairs of the given words (either direction), stems expanded."""
        if not self.stem:
            return self.pairs()
        k = self.stem
        by_s: dict[str, list[str]] = defaultdict(list)
        by_t: dict[str, list[str]] = defaultdict(list)
        for w in sorted(set(src_words)):
            by_s[w[:k]].append(w)
        for w in sorted(set(tgt_words)):
            by_t[w[:k]].append(w)
        out: list[tuple[str, str]] = []
        for a, bs in self.table.items():
            for b in bs:
                for x, y in ((a, b), (b, a)):
                    out.extend((ws, wt) for ws in by_s.get(x, ()) for wt in by_t.get(y, ()))
        return out

    def pairs(self) -> list[tuple[str, str]]:
        """All (source word, target word) pairs."""
        return [(s, t) for s, ts in self.table.items() for t in ts]

    def merged(self, other: Lexicon) -> Lexicon:
        """Both tables in one (e.g. lexicons of several language pairs for ``align_multi``;
        pairs apply in either direction)."""
        keys = self.table.keys() | other.table.keys()
        if self.table and other.table and self.stem != other.stem:
            raise ValueError("cannot merge tables of word stems of different lengths")
        if not self.table or not other.table:
            weight = other.weight if not self.table else self.weight
        else:
            weight = (self.weight * len(self) + other.weight * len(other)) / (
                len(self) + len(other)
            )
        return Lexicon(
            {k: self.table.get(k, frozenset()) | other.table.get(k, frozenset()) for k in keys},
            weight,
            self.stem or other.stem,
        )

    def __len__(self) -> int:
        return sum(len(ts) for ts in self.table.values())

    @classmethod
    def train(
        cls,
        docs: Iterable[tuple[Sequence[str], Sequence[str], Sequence[Bead]]],
        min_confidence: float = 0.8,
        iterations: int = 4,
        threshold: float = 0.3,
        min_count: int = 3,
        stem: int = 0,
    ) -> Lexicon:
        """Learn word pairs from ``(src units, tgt units, beads)`` triples: IBM Model 1 both
        ways on the 1-1 beads of at least ``min_confidence``; keep pairs seen together at
        least ``min_count`` times whose probability is >= ``threshold`` in both directions.
        With ``stem``, words are cut to their first ``stem`` letters first (more counts per
        type: what a small corpus needs)."""
        sents: list[tuple[list[str], list[str]]] = []
        for src, tgt, beads in docs:
            for b in beads:
                if b.kind == (1, 1) and b.confidence >= min_confidence:
                    s = sorted({w[:stem] if stem else w for w in unit_keys(src[b.src[0]]).words})
                    t = sorted({w[:stem] if stem else w for w in unit_keys(tgt[b.tgt[0]]).words})
                    if s and t:
                        sents.append((s, t))
        freq_s: dict[str, int] = defaultdict(int)
        freq_t: dict[str, int] = defaultdict(int)
        for s, t in sents:
            for a in s:
                freq_s[a] += 1
            for w in t:
                freq_t[w] += 1
        # words seen fewer than min_count times cannot make a pair: leave them out of EM
        sents = [
            ([a for a in s if freq_s[a] >= min_count], [w for w in t if freq_t[w] >= min_count])
            for s, t in sents
        ]
        sents = [(s, t) for s, t in sents if s and t]
        if not sents:
            return cls({}, stem=stem)
        vs = sorted({a for s, _ in sents for a in s})
        vt = sorted({w for _, t in sents for w in t})
        si = {a: k + 1 for k, a in enumerate(vs)}  # 0 is NULL
        ti = {w: k + 1 for k, w in enumerate(vt)}
        ids = [
            (
                np.array([si[a] for a in s], dtype=np.int64),
                np.array([ti[w] for w in t], dtype=np.int64),
            )
            for s, t in sents
        ]
        fwd = _ibm1(ids, len(vt) + 1, iterations)
        bwd = _ibm1([(t, s) for s, t in ids], len(vs) + 1, iterations)
        both = {}
        for (x, y), (p, n) in fwd.items():
            q = bwd.get((y, x), (0.0, 0))[0]
            if x and y and n >= min_count and p >= threshold and q >= threshold:
                both[(vs[x - 1], vt[y - 1])] = p
        table: dict[str, set[str]] = defaultdict(set)
        for a, w in both:
            if a != w:
                table[a].add(w)
        return cls({a: frozenset(ws) for a, ws in table.items()}, stem=stem)


def _ibm1(
    sents: Sequence[tuple[np.ndarray, np.ndarray]], n_tgt: int, iterations: int
) -> dict[tuple[int, int], tuple[float, int]]:
    """``(source id, target id) -> (p(target | source), times seen together)`` by EM on
    flat arrays, with source id 0 as the NULL word added to every sentence."""
    src, tgt, grp = [], [], []
    g = 0
    for s, t in sents:
        s = np.concatenate([[0], s])
        src.append(np.repeat(s, len(t)))
        tgt.append(np.tile(t, len(s)))
        grp.append(g + np.tile(np.arange(len(t)), len(s)))
        g += len(t)
    s_all, t_all, grp_all = np.concatenate(src), np.concatenate(tgt), np.concatenate(grp)
    pairs, pair_of = np.unique(s_all * n_tgt + t_all, return_inverse=True)
    pair_src = pairs // n_tgt
    seen = np.bincount(pair_of)
    prob = np.ones(len(pairs))
    for _ in range(iterations):
        p = prob[pair_of]
        z = np.bincount(grp_all, p, minlength=g)
        c = p / z[grp_all]
        count = np.bincount(pair_of, c, minlength=len(pairs))
        total = np.bincount(pair_src, count)
        prob = count / total[pair_src]
    return {
        (int(x), int(y)): (float(q), int(k))
        for x, y, q, k in zip(pair_src, pairs % n_tgt, prob, seen, strict=True)
    }
