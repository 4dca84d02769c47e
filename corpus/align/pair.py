"""Pairwise alignment: length cost + shared words/numbers/names, a banded DP, confidences."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

import numpy as np

from .beads import Bead
from .dp import backward, best_path, full_band, margins
from .lengthcost import gale_church, skip_cost
from .lexical import Concepts, build_concepts, union_rows
from .lexicon import Lexicon
from .params import KINDS, SIGNALS, AlignParams
from .tokens import UnitKeys, lengths, unit_keys

_BLOCK = 64
MARGIN_CENTRE = -0.5
MARGIN_SCALE = 1.7


class _LexicalCost:
    """Shared-concept weight of every bead, computed block by block on demand."""

    def __init__(self, concepts: Concepts, once: bool, miss: float) -> None:
        self.c = concepts
        self.miss = miss
        self.once = once
        self.src: dict[int, np.ndarray] = {}
        self.tgt: dict[int, np.ndarray] = {}
        self.blocks: dict[tuple[int, int, int], tuple[int, np.ndarray]] = {}

    def _rows(self, side: dict[int, np.ndarray], x: np.ndarray, k: int) -> np.ndarray:
        if k not in side:
            if self.once:
                side[k] = union_rows(x, k)
            else:
                out = np.zeros((len(x) + 1, x.shape[1]))
                for s in range(k):
                    out[k:] += x[s : len(x) - k + 1 + s]
                side[k] = out
        return side[k]

    def shared(self, a: int, b: int, i: int, cols: np.ndarray, lo: np.ndarray, hi: np.ndarray):
        if a == 0 or b == 0 or self.c.size == 0:
            return 0.0
        blk = i // _BLOCK
        key = (a, b, blk)
        if key not in self.blocks:
            r0, r1 = blk * _BLOCK, min(len(lo), (blk + 1) * _BLOCK)
            c0, c1 = int(lo[r0:r1].min()), int(hi[r0:r1].max()) + 1
            xs = self._rows(self.src, self.c.src, a)[r0:r1]
            xt = self._rows(self.tgt, self.c.tgt, b)[c0:c1]
            shared = xs @ (xt > 0).T
            missed = xs.sum(1)[:, None] + xt.sum(1)[None, :] - 2 * shared
            self.blocks[key] = (c0, shared - self.miss * missed)
        c0, mat = self.blocks[key]
        return mat[i - blk * _BLOCK, cols - c0]


def _coarse(units: Sequence[str], f: int) -> list[str]:
    return [" ".join(units[k : k + f]) for k in range(0, len(units), f)]


def _band(n: int, m: int, path, f: int, margin: int) -> tuple[np.ndarray, np.ndarray]:
    """Fine-grid band around a path found on units grouped by ``f``."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1, _ in path:
        r0, r1 = min(n, i0 * f), min(n, i1 * f)
        c0, c1 = min(m, j0 * f), min(m, j1 * f)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    w = margin + f
    lo = np.maximum(lo - w, 0)
    hi = np.minimum(hi + w, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1].copy()
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return lo, hi


def confidence(margin: float) -> float:
    """Map a bead's margin (nats by which the best path avoiding it is dearer) to [0, 1]."""
    return 1.0 / (1.0 + math.exp(-(margin - MARGIN_CENTRE) / MARGIN_SCALE))


def align_keys(
    src: Sequence[str],
    tgt: Sequence[str],
    src_keys: Sequence[UnitKeys],
    tgt_keys: Sequence[UnitKeys],
    params: AlignParams,
    signals: Collection[str],
    lexicon: Lexicon | None,
    with_margins: bool = False,
) -> tuple[list[tuple[int, int, int, int, float]], list[float]]:
    """The DP path for two texts whose unit keys are already known, and (if asked) each
    bead's margin: how much dearer the best path avoiding it is."""
    n, m = len(src), len(tgt)
    ls = np.concatenate([[0], np.cumsum(lengths(src))]).astype(float)
    lt = np.concatenate([[0], np.cumsum(lengths(tgt))]).astype(float)
    ratio = (lt[-1] + 1.0) / (ls[-1] + 1.0)
    mean_len = (ls[-1] + lt[-1] / ratio) / max(n + m, 1)
    use_len = "length" in signals
    extra = lexicon.pairs() if (lexicon is not None and "lexicon" in signals) else ()
    lex = None
    weight = 0.0
    if {"words", "numbers"} & set(signals) and n and m:
        src_k, tgt_k = src_keys, tgt_keys
        if "words" not in signals:
            src_k = [UnitKeys(frozenset(), k.numbers) for k in src_keys]
            tgt_k = [UnitKeys(frozenset(), k.numbers) for k in tgt_keys]
        concepts = build_concepts(
            src_k, tgt_k, extra, params.number_weight, "fuzzy" in signals, "numbers" in signals
        )
        lex = _LexicalCost(concepts, "once" in signals, params.miss_ratio)
        floor = params.min_share_factor
        weight = params.word_weight * (floor + (1 - floor) * concepts.share)

    if n * m > params.max_cells and n > 1 and m > 1:
        f = math.ceil(math.sqrt(n * m / params.max_cells))
        cs, ct = _coarse(src, f), _coarse(tgt, f)
        ck = [unit_keys(u) for u in cs], [unit_keys(u) for u in ct]
        coarse, _ = align_keys(cs, ct, ck[0], ck[1], params, signals, lexicon)
        lo, hi = _band(n, m, coarse, f, params.band_margin)
    else:
        lo, hi = full_band(n, m)

    def cost(a: int, b: int, i: int, cols: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            if a == 0:
                span = (lt[cols] - lt[np.maximum(cols - b, 0)]) / ratio
            else:
                span = np.full(len(cols), ls[i] - ls[i - a])
            c = skip_cost(span, mean_len, params.skip_base, params.skip_slope if use_len else 0.0)
            # material only one text has is most often at its start or end (title, lead, credits)
            edge = (cols == 0) | (cols == m) if b == 0 else np.full(len(cols), i in (0, n))
            return np.where(edge, c * params.edge_skip_factor, c)
        c = np.full(len(cols), params.priors[(a, b)])
        if use_len:
            span = lt[cols] - lt[np.maximum(cols - b, 0)]
            c = c + gale_church(ls[i] - ls[i - a], span, ratio, params.variance)
        if lex is not None:
            valid = cols >= b
            sh = np.zeros(len(cols))
            sh[valid] = lex.shared(a, b, i, cols[valid], lo, hi)
            c = c - weight * sh
        return c

    kinds = [k for k in KINDS if k in params.priors or 0 in k]
    path, fwd = best_path(n, m, kinds, cost, lo, hi)
    if not with_margins or not path:
        return path, []
    bwd = backward(n, m, kinds, cost, lo, hi)
    return path, margins(path, float(fwd[n][m - lo[n]]), bwd, fwd, lo)


def align_pair(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    signals: Collection[str] = SIGNALS,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
) -> list[Bead]:
    """Align two sequences of units (sentences or paragraphs) into monotonic beads.

    ``signals`` picks the evidence used (see ``SIGNALS``); ``lexicon`` adds word pairs
    learned from many documents (see ``Lexicon``).
    """
    params = params or AlignParams()
    sk = [unit_keys(u) for u in src]
    tk = [unit_keys(u) for u in tgt]
    path, gaps = align_keys(src, tgt, sk, tk, params, frozenset(signals), lexicon, True)
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), confidence(g))
        for (i0, i1, j0, j1, _), g in zip(path, gaps, strict=True)
    ]
