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
_MAX = np.finfo(float).max

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


class _Grid:
    """The band as a table of rows of equal width (a column of inf either side of every
    row, and a last row of inf), flat, for one gather per DP row: ``source`` gives, per
    kind and band cell, where in that table the other end of the bead lies (the inf row
    when it lies outside the grid, an inf column when outside the band)."""

    def __init__(self, band: Band) -> None:
        self.band = band
        self.n = len(band.lo) - 1
        self.width = int((band.hi - band.lo).max()) + 3
        self.size = (self.n + 2) * self.width
        self.rows, self.cols = band.cells()

    def table(self) -> np.ndarray:
        return np.full(self.size, _INF)

    def start(self, i: int) -> int:
        """Where row ``i``'s first band cell lies in the table."""
        return i * self.width + 1

    def source(self, a: np.ndarray, b: np.ndarray, forward: bool) -> np.ndarray:
        """(kinds, cells): the table position of the cell a bead of kind ``(a[k], b[k])``
        starts at (``forward``) or, backward, ends at, for a bead ending (starting) at each
        band cell. Read-only (shared by every DP on the same band and kinds)."""
        lo, hi = self.band.lo, self.band.hi
        key = (lo.tobytes(), hi.tobytes(), a.tobytes(), b.tobytes(), forward)
        return _source(key, lo, a, b, forward, self.rows, self.cols, self.width)

    def per_row(self, values: np.ndarray, reverse: bool = False) -> np.ndarray:
        """``values`` (flat, band layout) cumulated along each row: from its first cell
        (the first counted as 0), or with ``reverse`` from its last (the last counted as 0,
        each cell then holding the sum from the next cell to the end); the same sums, in
        the same order, as ``np.cumsum`` of each row alone."""
        lo, off = self.band.lo, self.band.off
        w = (self.band.hi - lo + 1)[self.rows]
        q = self.cols - lo[self.rows]
        table = np.zeros((self.n + 1, self.width))
        if reverse:  # row i: its cells 1..w-1 from the last to the first
            keep = q >= 1
            table[self.rows[keep], (w - 1 - q)[keep]] = values[keep]
            acc = np.cumsum(table, axis=1)
            out = np.zeros(int(off[-1]))
            last = q == w - 1
            out[~last] = acc[self.rows[~last], (w - 2 - q)[~last]]
            return out
        keep = q >= 1
        table[self.rows[keep], q[keep]] = values[keep]
        return np.cumsum(table, axis=1)[self.rows, q]


_SOURCES: dict[tuple, np.ndarray] = {}
#: source tables kept (a multi-way alignment or a batch aligns many pairs on one band)
_SOURCES_KEPT = 8


def _source(
    key: tuple,
    lo: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    forward: bool,
    rows: np.ndarray,
    cols: np.ndarray,
    width: int,
) -> np.ndarray:
    """``_Grid.source``, kept for the last few bands (by ``key``)."""
    if key in _SOURCES:
        return _SOURCES[key]
    n = len(lo) - 1
    sign = -1 if forward else 1
    r = np.arange(n + 1)[None, :] + sign * a[:, None]  # (kinds, rows): the other end's row
    inside = (r >= 0) & (r <= n)
    r = np.where(inside, r, n + 1)  # outside the grid: the row of inf
    # in row i, band cell q (column lo[i] + q) has its other end at table column q + shift
    shift = lo[None, :] - np.concatenate([lo, [0]])[r] + sign * b[:, None] + 1
    q = cols - lo[rows]
    out = q[None, :] + shift[:, rows]
    np.clip(out, 0, width - 1, out=out)  # outside the band: a column of inf
    out += (r * width)[:, rows]
    out = out.astype(np.intp, copy=False)
    out.setflags(write=False)
    if len(_SOURCES) >= _SOURCES_KEPT:
        del _SOURCES[next(iter(_SOURCES))]
    _SOURCES[key] = out
    return out


def _finite(x: np.ndarray) -> np.ndarray:
    """``np.nan_to_num(x, nan=inf)``, in place: NaN to inf, ±inf to the largest float."""
    np.minimum(x, _MAX, out=x)
    np.maximum(x, -_MAX, out=x)
    return np.fmin(x, _INF, out=x)


def _soft_step(c: np.ndarray, temp: float) -> np.ndarray:
    """``-temp * log(sum(exp(-c / temp)))`` over the kinds (axis 0), summed in their order."""
    np.negative(c, out=c)
    c /= temp
    return -temp * np.logaddexp.reduce(c, axis=0)


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
    grid = _Grid(band)
    down = [t for t, (a, _) in enumerate(kinds) if a > 0]  # all but (0, 1)
    hard = np.array([t for t in down if kinds[t] not in soft_only], dtype=np.int64)
    a = np.array([kinds[t][0] for t in down], dtype=np.int64)
    b = np.array([kinds[t][1] for t in down], dtype=np.int64)
    src = grid.source(a, b, True)
    step = np.stack([costs[kinds[t]] for t in down]) if down else np.zeros((0, int(off[-1])))
    is_hard = np.isin(down, hard)
    if is_hard[: len(hard)].all():  # the hard kinds first (as ``KINDS``): no copies
        src_h, step_h = src[: len(hard)], step[: len(hard)]
    else:
        src_h, step_h = src[is_hard], step[is_hard]
    total = int(off[-1])
    fwd = np.full(total, _INF)
    soft = np.full(total, _INF) if temp is not None else None
    back = np.full(total, -1, dtype=np.int8)
    ftab = grid.table()
    stab = grid.table() if temp is not None else None
    horizontal = kinds.index((0, 1)) if (0, 1) in costs else -1
    pre_all = grid.per_row(costs[(0, 1)]) if horizontal >= 0 else None
    with np.errstate(invalid="ignore"):
        for i in range(n + 1):
            s, e = int(off[i]), int(off[i + 1])
            if i == 0 or not len(hard):
                best = np.full(e - s, _INF)
                bp = np.full(e - s, -1, dtype=np.int8)
                if i == 0:
                    best[0] = 0.0
            else:
                c = ftab[src_h[:, s:e]]
                c += step_h[:, s:e]
                t = np.argmin(c, axis=0)  # the first of equal kinds
                val = c.min(axis=0)  # the value at t
                better = val < _INF
                best = np.where(better, val, _INF)
                bp = np.where(better, hard[t], -1).astype(np.int8)
            if stab is not None and temp is not None:  # both set or neither
                if i == 0 or not down:
                    sbest = np.full(e - s, _INF)
                    if i == 0:
                        sbest[0] = 0.0
                else:
                    c = stab[src[:, s:e]]
                    c += step[:, s:e]
                    sbest = _soft_step(c, temp)
            if pre_all is not None and e - s > 1:
                pre = pre_all[s:e]
                via = np.minimum.accumulate(best - pre) + pre
                better = via < best - 1e-9
                best = np.where(better, via, best)
                bp[better] = horizontal
                if stab is not None and temp is not None:  # both set or neither
                    sbest = pre - temp * np.logaddexp.accumulate(-(sbest - pre) / temp)
            fwd[s:e] = best
            back[s:e] = bp
            r = grid.start(i)
            ftab[r : r + e - s] = best
            if soft is not None and stab is not None:
                sbest = _finite(sbest)
                soft[s:e] = sbest
                stab[r : r + e - s] = sbest
    if hi[n] != m or not np.isfinite(fwd[off[n] + m - lo[n]]):
        raise ValueError("no path through the band")
    path: Path = []
    i, j = n, m
    while i > 0 or j > 0:
        a_, b_ = kinds[int(back[off[i] + j - lo[i]])]
        c_ = float(fwd[off[i] + j - lo[i]] - fwd[off[i - a_] + j - b_ - lo[i - a_]])
        path.append((i - a_, i, j - b_, j, c_))
        i, j = i - a_, j - b_
    path.reverse()
    return path, fwd, soft


def soft_backward(
    n: int, m: int, costs: Mapping[tuple[int, int], np.ndarray], band: Band, temp: float
) -> np.ndarray:
    """The soft minimum (``-temp * log`` of the sum of ``exp(-cost / temp)``) over every
    path from each cell to (n, m); ``best_path`` gives the forward one."""
    off = band.off
    kinds = list(costs)
    grid = _Grid(band)
    down = [t for t, (a, _) in enumerate(kinds) if a > 0]
    a = np.array([kinds[t][0] for t in down], dtype=np.int64)
    b = np.array([kinds[t][1] for t in down], dtype=np.int64)
    dst = grid.source(a, b, False)
    # the cost of each kind's bead from each cell, at the same positions: costs by end
    # cell as tables of the band, one after the other
    tables = np.full((len(down), grid.size), _INF)
    at = grid.rows * grid.width + grid.cols - band.lo[grid.rows] + 1
    for k, t in enumerate(down):
        tables[k, at] = costs[kinds[t]]
    cdst = (dst + grid.size * np.arange(len(down))[:, None]).astype(np.intp)
    ctab = tables.ravel()
    bwd = np.full(int(off[-1]), _INF)
    btab = grid.table()
    suf_all = grid.per_row(costs[(0, 1)], reverse=True) if (0, 1) in costs else None
    with np.errstate(invalid="ignore"):
        for i in range(n, -1, -1):
            s, e = int(off[i]), int(off[i + 1])
            if i == n or not down:
                best = np.full(e - s, _INF)
                if i == n:
                    best[-1] = 0.0
            else:
                c = btab[dst[:, s:e]]
                c += ctab[cdst[:, s:e]]
                best = _soft_step(c, temp)
            if suf_all is not None and e - s > 1:
                suf = suf_all[s:e]
                acc = np.logaddexp.accumulate((-(best - suf) / temp)[::-1])[::-1]
                best = suf - temp * acc
            best = _finite(best)
            bwd[s:e] = best
            r = grid.start(i)
            btab[r : r + e - s] = best
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
