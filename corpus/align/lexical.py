"""Shared-word evidence: link the words of two texts into concepts, one weighted vector a unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .tokens import UnitKeys

#: Minimum rapidfuzz ratio for two folded words to count as the same word.
FUZZY_CUTOFF = 85.0
WINDOW = 0.08
SHRINK = 0.25


@dataclass(frozen=True)
class Concepts:
    """Unit-by-concept weight matrices; a concept is a word (group) present on both sides."""

    src: np.ndarray  # (n, C) weight of each concept present in each source unit, else 0
    tgt: np.ndarray  # (m, C)
    share: float  # how much the texts share, beyond chance, in [0, 1]

    @property
    def size(self) -> int:
        return int(self.src.shape[1])


def _fuzzy_pairs(
    src: Iterable[str],
    tgt: Iterable[str],
    cutoff: float,
    by_t: dict[str, list[str]] | None = None,
) -> list[tuple[str, str]]:
    """Pairs of words with the same first letter and a fuzzy ratio >= cutoff (``by_t``:
    ``tgt`` grouped by first letter, if known)."""
    by_s = _by_letter(src)
    if by_t is None:
        by_t = _by_letter(tgt)
    pairs = []
    for letter, ss in by_s.items():
        tt = by_t.get(letter)
        if not tt:
            continue
        sim = process.cdist(ss, tt, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8)
        for a, b in zip(*np.nonzero(sim), strict=True):
            pairs.append((ss[a], tt[b]))
    return pairs


def _by_letter(words: Iterable[str]) -> dict[str, list[str]]:
    """Words by first letter, in their order."""
    out: dict[str, list[str]] = defaultdict(list)
    for w in words:
        out[w[0]].append(w)
    return out


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[int, str], tuple[int, str]] = {}

    def find(self, x: tuple[int, str]) -> tuple[int, str]:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: tuple[int, str], b: tuple[int, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def build_concepts(
    src: Sequence[UnitKeys],
    tgt: Sequence[UnitKeys],
    extra_pairs: Iterable[tuple[str, str]] = (),
    number_weight: float = 1.5,
    fuzzy: bool = True,
    numbers: bool = True,
    extra_weight: float = 1.0,
) -> Concepts:
    """Group words (exact or fuzzy, plus ``extra_pairs`` from a lexicon) and numbers into
    concepts, weight each by its rarity, and return one weight vector per unit. A concept
    linked only through ``extra_pairs`` counts ``extra_weight`` times as much."""
    vs, vt = _vocabulary(tuple(src)), _vocabulary(tuple(tgt))
    ws, wt = vs.words, vt.words
    uf = _UnionFind()
    for w in ws & wt:
        uf.union((0, w), (1, w))
    if fuzzy:
        fuzzy_pairs = _fuzzy_pairs(ws - wt, wt, FUZZY_CUTOFF, vt.by_letter)
        fuzzy_pairs += _fuzzy_pairs(ws & wt, wt - ws, FUZZY_CUTOFF)
        for a, b in fuzzy_pairs:
            uf.union((0, a), (1, b))
    direct = set(uf.parent)
    for a, b in extra_pairs:  # a lexicon's pairs work in either direction
        if a in ws and b in wt:
            uf.union((0, a), (1, b))
        if b in ws and a in wt:
            uf.union((0, b), (1, a))
    roots: dict[tuple[int, str], set[int]] = defaultdict(set)
    for node in list(uf.parent):
        roots[uf.find(node)].add(node[0])
    root_id: dict[tuple[int, str], int] = {}
    cid: dict[tuple[int, str], int] = {}
    # Concepts numbered by their nodes in sorted order, not as the sets gave them: the
    # columns' order is the order of every sum over them (the same input, the same floats,
    # whatever PYTHONHASHSEED).
    for node in sorted(uf.parent):
        r = uf.find(node)
        if len(roots[r]) == 2:
            cid[node] = root_id.setdefault(r, len(root_id))
    # numbers: exact match only, their own concepts
    ns = vs.numbers if numbers else set()
    nt = vt.numbers if numbers else set()
    n_words = len(root_id)
    num_id = {x: n_words + k for k, x in enumerate(sorted(ns & nt))}
    size = n_words + len(num_id)

    weights = []
    pairs = []
    for vocab, side in ((vs, 0), (vt, 1)):
        unit, concept = vocab.concepts([cid.get((side, w), -1) for w in vocab.word_list], num_id)
        df = np.bincount(concept, minlength=size).astype(float)  # units with each concept
        pairs.append((unit, concept))
        weights.append(df)
    df_s, df_t = weights
    weight = 1.0 / (1.0 + np.log(np.maximum(np.maximum(df_s, df_t), 1.0)))
    weight[n_words:] *= number_weight
    if extra_weight != 1.0 and n_words:
        by_words = np.zeros(n_words, dtype=bool)  # linked by a shared or fuzzy-matched word
        for node in direct:
            if node in cid:
                by_words[cid[node]] = True
        weight[:n_words] *= np.where(by_words, 1.0, extra_weight)
    xs = np.zeros((len(src), size))
    xt = np.zeros((len(tgt), size))
    for x, (unit, concept) in zip((xs, xt), pairs, strict=True):
        x[unit, concept] = weight[concept]
    return Concepts(xs, xt, _share(xs, xt))


class _Vocabulary:
    """The words and numbers of a text's units (as sets, built as ``build_concepts`` always
    built them: their order decides the concepts'), and which unit has which."""

    def __init__(self, units: tuple[UnitKeys, ...]) -> None:
        self.words: set[str] = set().union(*(k.words for k in units)) if units else set()
        self.numbers: set[str] = set().union(*(k.numbers for k in units)) if units else set()
        self.word_list = list(self.words)
        index = {w: k for k, w in enumerate(self.word_list)}
        self.word_units = np.array([i for i, k in enumerate(units) for _ in k.words], dtype=np.intp)
        self.word_ids = np.array([index[w] for k in units for w in k.words], dtype=np.intp)
        self.number_units = [i for i, k in enumerate(units) for _ in k.numbers]
        self.number_keys = [x for k in units for x in k.numbers]
        self.by_letter = _by_letter(self.word_list)  # as iterating ``words`` gives them

    def concepts(
        self, word_concept: list[int], number_concept: dict[str, int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each (unit, concept) the units have once, given each word's concept (by
        ``word_list``, -1 for none) and the numbers' (missing: none)."""
        concept = np.concatenate(
            [
                np.array(word_concept, dtype=np.intp)[self.word_ids],
                np.array([number_concept.get(x, -1) for x in self.number_keys], dtype=np.intp),
            ]
        )
        unit = np.concatenate([self.word_units, np.array(self.number_units, dtype=np.intp)])
        keep = concept >= 0
        size = int(concept.max(initial=-1)) + 1
        both = np.unique(unit[keep] * max(size, 1) + concept[keep])
        return both // max(size, 1), both % max(size, 1)


@lru_cache(maxsize=64)
def _vocabulary(units: tuple[UnitKeys, ...]) -> _Vocabulary:
    """``_Vocabulary`` of a text (the pairs of a multi-way table share their texts)."""
    return _Vocabulary(units)


def _share(xs: np.ndarray, xt: np.ndarray) -> float:
    """Purity of the shared evidence, in [0, 1]: the part of it lying near the proportional
    diagonal beyond what chance would put there. About 0 when the texts share nothing but
    accidents (distant languages, other scripts), near 1 for related languages."""
    n, m = len(xs), len(xt)
    if n == 0 or m == 0 or xs.shape[1] == 0:
        return 0.0
    sim = xs @ xt.T
    total = float(sim.sum())
    if total <= 0:
        return 0.0
    w = max(2, round(WINDOW * max(n, m)))
    rows = np.arange(n)
    centre = np.round((rows + 0.5) * m / n).astype(np.int64)
    cols = np.arange(m)
    near = np.abs(cols[None, :] - centre[:, None]) <= w
    diag = float(sim[near].sum())
    expected = total * near.sum() / (n * m)
    if diag <= expected:
        return 0.0
    purity = (diag - expected) / (total - expected)
    # shrink towards 0 when there is little evidence (a few chance matches prove nothing)
    evidence = (diag - expected) / (diag - expected + SHRINK * min(n, m))
    return float(purity * evidence)


def union_rows(x: np.ndarray, k: int) -> np.ndarray:
    """Row ``i`` (for i >= k) is the concept vector of units ``i-k .. i-1`` taken together,
    each concept counted once; rows 0..k-1 are zero. Shape (len(x) + 1, C)."""
    out = np.zeros((len(x) + 1, x.shape[1]))
    if k == 0 or len(x) < k:
        return out
    acc = x[: len(x) - k + 1].copy()
    for s in range(1, k):
        np.maximum(acc, x[s : len(x) - k + 1 + s], out=acc)
    out[k:] = acc
    return out
