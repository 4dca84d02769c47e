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
from .ibm1 import ibm1
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
        nt, ns = len(vt) + 1, len(vs) + 1
        fx, fy, fp, fn = ibm1(ids, nt, iterations)
        by, bx, bp, _ = ibm1([(t, s) for s, t in ids], ns, iterations)
        ok = (fx > 0) & (fy > 0) & (fn >= min_count) & (fp >= threshold)
        fx, fy = fx[ok], fy[ok]
        # p(source | target) of the same pairs: the backward pairs are sorted by their key
        bkey, want = by * ns + bx, fy * ns + fx
        at = np.minimum(np.searchsorted(bkey, want), len(bkey) - 1)
        q = np.where(bkey[at] == want, bp[at], 0.0)
        keep = q >= threshold
        table: dict[str, set[str]] = defaultdict(set)
        for x, y in zip(fx[keep].tolist(), fy[keep].tolist(), strict=True):
            a, w = vs[x - 1], vt[y - 1]
            if a != w:
                table[a].add(w)
        return cls({a: frozenset(ws) for a, ws in table.items()}, stem=stem)
