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
) -> tuple[list[tuple[int, int, int, int, float]], list[np.ndarray]]:
    """Cheapest path as beads ``(i0, i1, j0, j1, cost)``, in order, and the cost table
    (``rows[i][j - lo[i]]``: cheapest cost from (0, 0) to (i, j)).

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
    return path, rows


def backward(
    n: int,
    m: int,
    kinds: Sequence[tuple[int, int]],
    cost: CostFn,
    lo: np.ndarray,
    hi: np.ndarray,
) -> list[np.ndarray]:
    """``out[i][j - lo[i]]``: cheapest cost from cell (i, j) to (n, m) (the mirror of
    ``best_path``'s table, same band and costs)."""
    kinds = list(kinds)
    rows: list[np.ndarray] = [np.empty(0)] * (n + 1)
    for i in range(n, -1, -1):
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(cols), _INF)
        if i == n and hi[n] == m:
            best[-1] = 0.0
        for a, b in kinds:
            if a == 0 or i + a > n:
                continue
            nxt = rows[i + a]
            idx = cols + b - lo[i + a]
            ok = (idx >= 0) & (idx < len(nxt))
            if not ok.any():
                continue
            c = np.full(len(cols), _INF)
            c[ok] = nxt[idx[ok]] + cost(a, b, i + a, cols[ok] + b)
            best = np.minimum(best, c)
        if (0, 1) in kinds and len(cols) > 1:
            # best[j] = min(best[j], skip(j + 1) + best[j + 1]), scanned from the right
            step = cost(0, 1, i, cols[1:])  # step[k]: skip the unit ending at column cols[k+1]
            suf = np.concatenate([np.cumsum(step[::-1])[::-1], [0.0]])  # cost cols[k] -> end
            via = np.minimum.accumulate((best + suf[0] - suf)[::-1])[::-1]
            best = np.minimum(best, via - suf[0] + suf)
        rows[i] = best
    return rows


def margins(
    path: Sequence[tuple[int, int, int, int, float]],
    fwd_total: float,
    bwd: Sequence[np.ndarray],
    fwd: Sequence[np.ndarray],
    lo: np.ndarray,
    reach: int = 2,
) -> list[float]:
    """For each bead of the best path, how much dearer (in nats) the best path is that avoids
    one of its two corners: the cheapest cell off the path within ``reach`` anti-diagonals."""
    on_row: dict[int, list[int]] = {}
    for i0, i1, j0, j1, _ in path:
        on_row.setdefault(i0, []).append(j0)
        on_row.setdefault(i1, []).append(j1)
    n = len(fwd) - 1
    width = max(int(lo[i]) + len(fwd[i]) for i in range(n + 1))
    diag_best = np.full(n + width + 2, _INF)
    for i in range(n + 1):
        tot = fwd[i] + bwd[i]
        if i in on_row:
            tot[np.asarray(on_row[i]) - lo[i]] = _INF
        np.minimum.at(diag_best, i + np.arange(lo[i], lo[i] + len(tot)), tot)
    out = []
    for i0, i1, j0, j1, _ in path:
        worst = _INF
        for s in (i0 + j0, i1 + j1):
            a, b = max(0, s - reach), min(len(diag_best), s + reach + 1)
            worst = min(worst, float(diag_best[a:b].min()))
        out.append(worst - fwd_total)
    return out
