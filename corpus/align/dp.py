"""A banded dynamic programme over beads: the cheapest monotonic path from (0, 0) to (n, m)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

#: cost(a, b, i, cols) -> cost of the beads of type (a, b) ending at row i and at each column
CostFn = Callable[[int, int, int, np.ndarray], np.ndarray]

_INF = np.inf


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The whole grid: every row spans columns 0..m."""
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def best_path(
    n: int,
    m: int,
    kinds: Sequence[tuple[int, int]],
    cost: CostFn,
    lo: np.ndarray,
    hi: np.ndarray,
) -> list[tuple[int, int, int, int, float]]:
    """Cheapest path as beads ``(i0, i1, j0, j1, cost)``, in order.

    ``lo[i] .. hi[i]`` are the columns allowed in row ``i``; they must be non-decreasing,
    start at 0, end at m, and overlap from one row to the next. ``(0, 1)`` is the only kind
    with an empty source side allowed; ties go to the kind listed first.
    """
    kinds = list(kinds)
    skip_t = (0, 1) in kinds
    rows: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for i in range(n + 1):
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(cols), _INF)
        bp = np.full(len(cols), -1, dtype=np.int8)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(kinds):
            if a == 0 or i - a < 0:
                continue
            prev_row = rows[i - a]
            idx = cols - b - lo[i - a]
            ok = (idx >= 0) & (idx < len(prev_row))
            if not ok.any():
                continue
            prev = np.full(len(cols), _INF)
            prev[ok] = prev_row[idx[ok]]
            c = prev + cost(a, b, i, cols)
            better = c < best
            best = np.where(better, c, best)
            bp[better] = t
        if skip_t and len(cols) > 1:
            step = np.zeros(len(cols))
            step[1:] = cost(0, 1, i, cols[1:])
            pre = np.cumsum(step)
            via = np.minimum.accumulate(best - pre) + pre
            better = via < best - 1e-9
            best = np.where(better, via, best)
            bp[better] = kinds.index((0, 1))
        rows.append(best)
        back.append(bp)
    if not np.isfinite(rows[n][m - lo[n]]):
        raise ValueError("no path through the band")
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i][j - lo[i]])
        a, b = kinds[t]
        c = float(rows[i][j - lo[i]] - rows[i - a][j - b - lo[i - a]])
        path.append((i - a, i, j - b, j, c))
        i, j = i - a, j - b
    path.reverse()
    return path
