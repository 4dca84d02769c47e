"""Bead scoring: strict and lax precision, recall and F1 (the Vecalign convention)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .beads import Bead

_Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Scores:
    """Strict and lax precision, recall and F1, plus the counts they come from."""

    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float
    n_gold: int = 0
    n_test: int = 0

    def __str__(self) -> str:
        return (
            f"strict P/R/F1 {self.strict_precision:.3f}/{self.strict_recall:.3f}/"
            f"{self.strict_f1:.3f}  lax {self.lax_precision:.3f}/{self.lax_recall:.3f}/"
            f"{self.lax_f1:.3f}"
        )


def _counts(reference: Sequence[_Key], test: Sequence[_Key]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of ``test`` against ``reference``."""
    ref = set(reference)
    src_to_refs: dict[int, list[int]] = {}
    for k, (s, _) in enumerate(reference):
        for i in s:
            src_to_refs.setdefault(i, []).append(k)
    ts = tf = ls = lf = 0
    for key in test:
        if key in ref:
            ts += 1
            ls += 1
            continue
        tf += 1
        tgt = set(key[1])
        linked = any(
            tgt.intersection(reference[k][1]) for i in key[0] for k in src_to_refs.get(i, ())
        )
        ls += linked
        lf += not linked
    return ts, tf, ls, lf


def _keys(beads: Sequence[Bead]) -> list[_Key]:
    seen: dict[_Key, None] = {}
    for b in beads:
        if b.src or b.tgt:
            seen[(tuple(b.src), tuple(b.tgt))] = None
    return list(seen)


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(gold: Sequence[Sequence[Bead]], test: Sequence[Sequence[Bead]]) -> Scores:
    """Score per-file bead lists; counts are summed over files before P, R and F1."""
    if len(gold) != len(test):
        raise ValueError("gold and test must have one bead list per file")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    n_gold = n_test = 0
    for g, t in zip(gold, test, strict=True):
        gk, tk = _keys(g), _keys(t)
        g_both = [k for k in gk if k[0] and k[1]]
        n_gold += len(g_both)
        n_test += len(tk)
        p = [a + b for a, b in zip(p, _counts(gk, tk), strict=True)]
        r = [a + b for a, b in zip(r, _counts(tk, g_both), strict=True)]
    sp, sr = _ratio(p[0], p[1]), _ratio(r[0], r[1])
    lp, lr = _ratio(p[2], p[3]), _ratio(r[2], r[3])
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), n_gold, n_test)
