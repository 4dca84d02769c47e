"""A banded dynamic programme over beads: the cheapest monotonic path from (0, 0) to (n, m).

Cells live in a band: row ``i`` holds columns ``lo[i] .. hi[i]``, stored flat at
``off[i] + j - lo[i]``. Bead costs come precomputed per kind in the same flat layout: the
cost of the bead of kind (a, b) that *ends* at (i, j).
"""

from __future__ import annotations

from collections.abc import Mapping
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
    """Values of row ``r`` at ``cols`` (inf outside the band), and the in-band mask."""
    c0, c1 = int(lo[r]), int(hi[r])
    if len(cols) and cols[0] >= c0 and cols[-1] <= c1:  # cols ascend: all inside
        base = int(off[r]) - c0
        return flat[base + cols[0] : base + cols[-1] + 1], None
    ok = (cols >= c0) & (cols <= c1)
    out = np.full(len(cols), _INF)
    out[ok] = flat[off[r] + cols[ok] - c0]
    return out, ok


def best_path(
    n: int, m: int, costs: Mapping[tuple[int, int], np.ndarray], band: Band
) -> tuple[Path, np.ndarray]:
    """Cheapest path and the forward table (flat). ``costs`` is ordered: ties go to the
    kind listed first; ``(0, 1)`` is the only kind allowed an empty source side."""
    lo, hi, off = band.lo, band.hi, band.off
    kinds = list(costs)
    fwd = np.full(int(off[-1]), _INF)
    back = np.full(int(off[-1]), -1, dtype=np.int8)
    for i in range(n + 1):
        s, e = int(off[i]), int(off[i + 1])
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(e - s, _INF)
        bp = np.full(e - s, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(kinds):
            if a == 0 or i < a:
                continue
            prev, _ = _gather(fwd, off, lo, hi, i - a, cols - b)
            c = prev + costs[(a, b)][s:e]
            better = c < best
            best = np.where(better, c, best)
            bp[better] = t
        if (0, 1) in costs and e - s > 1:
            step = costs[(0, 1)][s:e].copy()
            step[0] = 0.0
            pre = np.cumsum(step)
            via = np.minimum.accumulate(best - pre) + pre
            better = via < best - 1e-9
            best = np.where(better, via, best)
            bp[better] = kinds.index((0, 1))
        fwd[s:e] = best
        back[s:e] = bp
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
    return path, fwd


def backward(n: int, m: int, costs: Mapping[tuple[int, int], np.ndarray], band: Band) -> np.ndarray:
    """Flat table of the cheapest cost from each cell to (n, m)."""
    lo, hi, off = band.lo, band.hi, band.off
    bwd = np.full(int(off[-1]), _INF)
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
            nxt, ok = _gather(bwd, off, lo, hi, r, cols + b)
            step, _ = _gather(costs[(a, b)], off, lo, hi, r, cols + b)
            best = np.minimum(best, nxt + step if ok is None else np.where(ok, nxt + step, _INF))
        if (0, 1) in costs and e - s > 1:
            step = costs[(0, 1)][s + 1 : e]  # skipping the unit that ends at cols[k + 1]
            suf = np.concatenate([np.cumsum(step[::-1])[::-1], [0.0]])
            via = np.minimum.accumulate((best - suf)[::-1])[::-1] + suf
            best = np.minimum(best, via)
        bwd[s:e] = best
    return bwd


def margins(
    path: Path, fwd: np.ndarray, bwd: np.ndarray, band: Band, reach: int = 2
) -> list[float]:
    """Per bead of the best path: how much dearer (nats) the cheapest path is that passes
    through a cell off the best path within ``reach`` anti-diagonals of one of its corners."""
    rows, cols = band.cells()
    total = fwd + bwd
    best = float(total[band.off[-2] + cols[-1] - band.lo[-1]]) if len(total) else 0.0
    on = np.zeros(len(total), dtype=bool)
    for i0, i1, j0, j1, _ in path:
        on[band.off[i0] + j0 - band.lo[i0]] = True
        on[band.off[i1] + j1 - band.lo[i1]] = True
    total = np.where(on, _INF, total)
    diag_best = np.full(int((rows + cols).max()) + 1 if len(rows) else 1, _INF)
    np.minimum.at(diag_best, rows + cols, total)
    out = []
    for i0, i1, j0, j1, _ in path:
        worst = _INF
        for d in (i0 + j0, i1 + j1):
            worst = min(worst, float(diag_best[max(0, d - reach) : d + reach + 1].min()))
        out.append(worst - best)
    return out


def _softmin(x: np.ndarray, y: np.ndarray, temp: float) -> np.ndarray:
    """``-temp * log(exp(-x / temp) + exp(-y / temp))``: a smooth minimum."""
    return -temp * np.logaddexp(-x / temp, -y / temp)


def soft_forward(
    n: int, m: int, costs: Mapping[tuple[int, int], np.ndarray], band: Band, temp: float
) -> np.ndarray:
    """Like the forward table of ``best_path``, but each cell holds the soft minimum over
    every path reaching it (``-temp * log`` of the sum of ``exp(-cost / temp)``)."""
    lo, hi, off = band.lo, band.hi, band.off
    fwd = np.full(int(off[-1]), _INF)
    with np.errstate(invalid="ignore"):
        for i in range(n + 1):
            s, e = int(off[i]), int(off[i + 1])
            cols = np.arange(lo[i], hi[i] + 1)
            best = np.full(e - s, _INF)
            if i == 0:
                best[0] = 0.0
            for a, b in costs:
                if a == 0 or i < a:
                    continue
                prev, _ = _gather(fwd, off, lo, hi, i - a, cols - b)
                best = _softmin(best, prev + costs[(a, b)][s:e], temp)
            if (0, 1) in costs and e - s > 1:
                step = costs[(0, 1)][s:e].copy()
                step[0] = 0.0
                pre = np.cumsum(step)
                best = pre - temp * np.logaddexp.accumulate(-(best - pre) / temp)
            fwd[s:e] = np.nan_to_num(best, nan=_INF)
    return fwd


def soft_backward(
    n: int, m: int, costs: Mapping[tuple[int, int], np.ndarray], band: Band, temp: float
) -> np.ndarray:
    """The soft minimum over every path from each cell to (n, m) (see ``soft_forward``)."""
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
                nxt, ok = _gather(bwd, off, lo, hi, r, cols + b)
                step, _ = _gather(costs[(a, b)], off, lo, hi, r, cols + b)
                c = nxt + step if ok is None else np.where(ok, nxt + step, _INF)
                best = _softmin(best, c, temp)
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
    """Per bead of ``path``: the share of all paths' soft weight (``soft_forward`` and
    ``soft_backward`` tables) that goes through exactly this bead, in [0, 1]."""
    lo, off = band.lo, band.off
    total = float(fwd[off[-2] + int(band.hi[-1]) - lo[-1]])
    out = []
    for i0, i1, j0, j1, c in path:
        f = float(fwd[off[i0] + j0 - lo[i0]])
        b = float(bwd[off[i1] + j1 - lo[i1]])
        out.append(float(np.exp(-min(max(f + c + b - total, 0.0), 700.0) / temp)))
    return out
