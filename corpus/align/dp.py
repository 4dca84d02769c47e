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


class _Rows:
    """The kinds with source units (``a >= 1``), stacked for one gather per row: a table
    of the band as rows of equal width (``table``), and every kind's costs."""

    def __init__(
        self, costs: Mapping[tuple[int, int], np.ndarray], band: Band, soft_only: Collection
    ) -> None:
        kinds = list(costs)
        self.index = np.array([t for t, (a, _) in enumerate(kinds) if a > 0], dtype=np.int64)
        self.a = np.array([kinds[t][0] for t in self.index], dtype=np.int64)
        self.b = np.array([kinds[t][1] for t in self.index], dtype=np.int64)
        self.hard = np.array([kinds[t] not in soft_only for t in self.index], dtype=bool)
        self.flat = np.stack([costs[kinds[t]] for t in self.index]) if len(self.index) else None
        self.band = band
        self.width = int((band.hi - band.lo).max()) + 3  # a column of inf either side

    def table(self) -> np.ndarray:
        return np.full((len(self.band.lo), self.width), _INF)

    def usable(self, i: int, n: int, forward: bool) -> np.ndarray:
        """Positions (in the stack) of the kinds whose other end is inside the grid."""
        return np.nonzero(self.a <= i if forward else i + self.a <= n)[0]

    def where(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Table columns of the absolute columns ``cols[k]`` of ``rows[k]``; outside a
        row's band they fall on a column of inf."""
        pos = cols - self.band.lo[rows][:, None] + 1
        return np.clip(pos, 0, self.width - 1)


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
    st = _Rows(costs, band, soft_only)
    fwd = np.full(int(off[-1]), _INF)
    soft = np.full(int(off[-1]), _INF) if temp is not None else None
    back = np.full(int(off[-1]), -1, dtype=np.int8)
    ftab = st.table()
    stab = st.table() if temp is not None else None
    horizontal = kinds.index((0, 1)) if (0, 1) in costs else -1
    for i in range(n + 1):
        s, e = int(off[i]), int(off[i + 1])
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(e - s, _INF)
        sbest = np.full(e - s, _INF)
        bp = np.full(e - s, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
            sbest[0] = 0.0
        k = st.usable(i, n, True)
        if len(k) and st.flat is not None:
            rows = i - st.a[k]
            pos = st.where(rows, cols[None, :] - st.b[k][:, None])
            step = st.flat[k, s:e]
            hk = st.hard[k]
            if hk.any():
                c = ftab[rows[hk][:, None], pos[hk]] + step[hk]
                t = np.argmin(c, axis=0)  # the first of equal kinds
                val = c[t, np.arange(e - s)]
                better = val < best
                best = np.where(better, val, best)
                bp[better] = st.index[k[hk][t[better]]]
            if stab is not None and temp is not None:  # both set or neither
                c = stab[rows[:, None], pos] + step
                sbest = -temp * np.logaddexp.reduce(np.vstack([-sbest[None, :], -c]) / temp, axis=0)
        if horizontal >= 0 and e - s > 1:
            step = costs[(0, 1)][s:e].copy()
            step[0] = 0.0
            pre = np.cumsum(step)
            via = np.minimum.accumulate(best - pre) + pre
            better = via < best - 1e-9
            best = np.where(better, via, best)
            bp[better] = horizontal
            if stab is not None and temp is not None:  # both set or neither
                with np.errstate(invalid="ignore"):
                    sbest = pre - temp * np.logaddexp.accumulate(-(sbest - pre) / temp)
        fwd[s:e] = best
        back[s:e] = bp
        ftab[i, 1 : 1 + e - s] = best
        if soft is not None and stab is not None:
            sbest = np.nan_to_num(sbest, nan=_INF)
            soft[s:e] = sbest
            stab[i, 1 : 1 + e - s] = sbest
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


def soft_backward(
    n: int, m: int, costs: Mapping[tuple[int, int], np.ndarray], band: Band, temp: float
) -> np.ndarray:
    """The soft minimum (``-temp * log`` of the sum of ``exp(-cost / temp)``) over every
    path from each cell to (n, m); ``best_path`` gives the forward one."""
    lo, hi, off = band.lo, band.hi, band.off
    st = _Rows(costs, band, ())
    bwd = np.full(int(off[-1]), _INF)
    btab = st.table()
    ctab = np.full((len(st.index), n + 1, st.width), _INF)  # costs by end cell, as tables
    rows_all, cols_all = band.cells()
    ctab[:, rows_all, cols_all - lo[rows_all] + 1] = st.flat if st.flat is not None else _INF
    with np.errstate(invalid="ignore"):
        for i in range(n, -1, -1):
            s, e = int(off[i]), int(off[i + 1])
            cols = np.arange(lo[i], hi[i] + 1)
            best = np.full(e - s, _INF)
            if i == n:
                best[-1] = 0.0
            k = st.usable(i, n, False)
            if len(k):
                rows = i + st.a[k]
                pos = st.where(rows, cols[None, :] + st.b[k][:, None])
                c = btab[rows[:, None], pos] + ctab[k[:, None], rows[:, None], pos]
                best = -temp * np.logaddexp.reduce(np.vstack([-best[None, :], -c]) / temp, axis=0)
            if (0, 1) in costs and e - s > 1:
                step = costs[(0, 1)][s + 1 : e]
                suf = np.concatenate([np.cumsum(step[::-1])[::-1], [0.0]])
                acc = np.logaddexp.accumulate((-(best - suf) / temp)[::-1])[::-1]
                best = suf - temp * acc
            best = np.nan_to_num(best, nan=_INF)
            bwd[s:e] = best
            btab[i, 1 : 1 + e - s] = best
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
