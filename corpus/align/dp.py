"""A banded dynamic programme over beads: the cheapest monotonic path from (0, 0) to (n, m),
and (soft forward-backward) the posterior probability of each of its beads.

Cells live in a band: row ``i`` holds columns ``lo[i] .. hi[i]``, stored flat at
``off[i] + j - lo[i]``. Bead costs come precomputed per kind in the same flat layout: the
cost of the bead of kind (a, b) that *ends* at (i, j).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

_INF = np.inf

Path = list[tuple[int, int, int, int, float]]  # (i0, i1, j0, j1, cost) per bead


@dataclass(frozen=True)
class Band:
    """Allowed columns per row, and where each row starts in flat arrays."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def off(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.hi - self.lo + 1)])

    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every cell, flat."""
        width = self.hi - self.lo + 1
        rows = np.repeat(np.arange(len(self.lo)), width)
        cols = np.arange(int(width.sum())) - np.repeat(self.off[:-1] - self.lo, width)
        return rows, cols


def full_band(n: int, m: int) -> Band:
    """The whole grid: every row spans columns 0..m."""
    return Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


def _gather(flat: np.ndarray, off: np.ndarray, lo: np.ndarray, hi: np.ndarray, r: int, cols):
    """Values of row ``r`` at ``cols`` (consecutive, ascending; inf outside the band), and
    None (kept for callers that took an in-band mask: outside values are inf anyway)."""
    c0, c1 = int(lo[r]), int(hi[r])
    k = len(cols)
    if not k:
        return np.empty(0), None
    first = int(cols[0])
    start, stop = max(c0, first), min(c1, first + k - 1)
    base = int(off[r]) - c0
    if start == first and stop == first + k - 1:  # all inside
        return flat[base + start : base + stop + 1], None
    out = np.full(k, _INF)
    if start <= stop:
        out[start - first : stop - first + 1] = flat[base + start : base + stop + 1]
    return out, None


def best_path(
    n: int,
    m: int,
    costs: Mapping[tuple[int, int], np.ndarray],
    band: Band,
    temp: float | None = None,
    soft_only: Collection[tuple[int, int]] = (),
) -> tuple[Path, np.ndarray, np.ndarray | None]:
    """Cheapest path, the forward table (flat) and, with ``temp``, the soft forward table
    (see ``soft_backward``; computed in the same pass). ``costs`` is ordered: ties go to the
    kind listed first; ``(0, 1)`` is the only kind allowed an empty source side. Kinds in
    ``soft_only`` count in the soft table only, never in the path."""
    lo, hi, off = band.lo, band.hi, band.off
    kinds = list(costs)
    fwd = np.full(int(off[-1]), _INF)
    soft = np.full(int(off[-1]), _INF) if temp is not None else None
    back = np.full(int(off[-1]), -1, dtype=np.int8)
    for i in range(n + 1):
        s, e = int(off[i]), int(off[i + 1])
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(e - s, _INF)
        sbest = np.full(e - s, _INF)
        bp = np.full(e - s, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
            sbest[0] = 0.0
        for t, (a, b) in enumerate(kinds):
            if a == 0 or i < a:
                continue
            step = costs[(a, b)][s:e]
            if (a, b) not in soft_only:
                prev, _ = _gather(fwd, off, lo, hi, i - a, cols - b)
                c = prev + step
                better = c < best
                best = np.where(better, c, best)
                bp[better] = t
            if soft is not None and temp is not None:  # both set or neither
                sprev = _gather(soft, off, lo, hi, i - a, cols - b)[0]
                sbest = _softmin(sbest, sprev + step, temp)
        if (0, 1) in costs and e - s > 1:
            step = costs[(0, 1)][s:e].copy()
            step[0] = 0.0
            pre = np.cumsum(step)
            via = np.minimum.accumulate(best - pre) + pre
            better = via < best - 1e-9
            best = np.where(better, via, best)
            bp[better] = kinds.index((0, 1))
            if soft is not None and temp is not None:  # both set or neither
                with np.errstate(invalid="ignore"):
                    sbest = pre - temp * np.logaddexp.accumulate(-(sbest - pre) / temp)
        fwd[s:e] = best
        back[s:e] = bp
        if soft is not None:
            soft[s:e] = np.nan_to_num(sbest, nan=_INF)
    if hi[n] != m or not np.isfinite(fwd[off[n] + m - lo[n]]):
        raise ValueError("no path through the band")
    path: Path = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = kinds[int(back[off[i] + j - lo[i]])]
        c = float(fwd[off[i] + j - lo[i]] - fwd[off[i - a] + j - b - lo[i - a]])
        path.append((i - a, i, j - b, j, c))
        i, j = i - a, j - b
    path.reverse()
    return path, fwd, soft


def _softmin(x: np.ndarray, y: np.ndarray, temp: float) -> np.ndarray:
    """``-temp * log(exp(-x / temp) + exp(-y / temp))``: a smooth minimum."""
    return -temp * np.logaddexp(-x / temp, -y / temp)


def soft_backward(
    n: int, m: int, costs: Mapping[tuple[int, int], np.ndarray], band: Band, temp: float
) -> np.ndarray:
    """The soft minimum (``-temp * log`` of the sum of ``exp(-cost / temp)``) over every
    path from each cell to (n, m); ``best_path`` gives the forward one."""
    lo, hi, off = band.lo, band.hi, band.off
    bwd = np.full(int(off[-1]), _INF)
    with np.errstate(invalid="ignore"):
        for i in range(n, -1, -1):
            s, e = int(off[i]), int(off[i + 1])
            cols = np.arange(lo[i], hi[i] + 1)
            best = np.full(e - s, _INF)
            if i == n:
                best[-1] = 0.0
            for a, b in costs:
                if a == 0 or i + a > n:
                    continue
                r = i + a
                nxt, _ = _gather(bwd, off, lo, hi, r, cols + b)
                step, _ = _gather(costs[(a, b)], off, lo, hi, r, cols + b)
                best = _softmin(best, nxt + step, temp)
            if (0, 1) in costs and e - s > 1:
                step = costs[(0, 1)][s + 1 : e]
                suf = np.concatenate([np.cumsum(step[::-1])[::-1], [0.0]])
                acc = np.logaddexp.accumulate((-(best - suf) / temp)[::-1])[::-1]
                best = suf - temp * acc
            bwd[s:e] = np.nan_to_num(best, nan=_INF)
    return bwd


def posteriors(
    path: Path, fwd: np.ndarray, bwd: np.ndarray, band: Band, temp: float
) -> list[float]:
    """Per bead of ``path``: the share of all paths' soft weight (soft forward table of
    ``best_path``, ``soft_backward``) that goes through exactly this bead, in [0, 1]."""
    lo, off = band.lo, band.off
    total = float(fwd[off[-2] + int(band.hi[-1]) - lo[-1]])
    out = []
    for i0, i1, j0, j1, c in path:
        f = float(fwd[off[i0] + j0 - lo[i0]])
        b = float(bwd[off[i1] + j1 - lo[i1]])
        out.append(float(np.exp(-min(max(f + c + b - total, 0.0), 700.0) / temp)))
    return out
