"""The banded DP (``dp.best_path``, ``dp.soft_backward``) gives exactly the tables and path of
a plain row-by-row reference (the implementation it replaced), on small random cost grids
with ties and holes."""

from __future__ import annotations

import numpy as np
import pytest

from polyglance.corpus.align import KINDS, AlignParams
from polyglance.corpus.align.dp import (
    Band,
    best_path,
    best_paths,
    full_band,
    soft_backward,
    soft_backwards,
)

_INF = np.inf
#: inf - inf in rows with holes and overflows at temperatures below 1 (to inf, as they
#: should): the reference warns of them, the DP does not
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _ref_best_path(n, m, costs, band, temp=None, soft_only=()):
    lo, hi, off = band.lo, band.hi, band.off
    kinds = list(costs)
    down = [t for t, (a, _) in enumerate(kinds) if a > 0]
    width = int((hi - lo).max()) + 3
    fwd = np.full(int(off[-1]), _INF)
    soft = np.full(int(off[-1]), _INF)
    back = np.full(int(off[-1]), -1, dtype=np.int8)
    ftab = np.full((n + 1, width), _INF)
    stab = np.full((n + 1, width), _INF)
    for i in range(n + 1):
        s, e = int(off[i]), int(off[i + 1])
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(e - s, _INF)
        sbest = np.full(e - s, _INF)
        bp = np.full(e - s, -1, dtype=np.int8)
        if i == 0:
            best[0] = sbest[0] = 0.0
        k = [t for t in down if kinds[t][0] <= i]
        if k:
            rows = np.array([i - kinds[t][0] for t in k])
            bs = np.array([kinds[t][1] for t in k])
            pos = np.clip(cols[None, :] - bs[:, None] - lo[rows][:, None] + 1, 0, width - 1)
            step = np.stack([costs[kinds[t]][s:e] for t in k])
            hk = np.array([kinds[t] not in soft_only for t in k])
            if hk.any():
                c = ftab[rows[hk][:, None], pos[hk]] + step[hk]
                t = np.argmin(c, axis=0)
                val = c[t, np.arange(e - s)]
                better = val < best
                best = np.where(better, val, best)
                bp[better] = np.array(k)[hk][t[better]]
            if temp is not None:
                c = stab[rows[:, None], pos] + step
                sbest = -temp * np.logaddexp.reduce(np.vstack([-sbest[None, :], -c]) / temp, axis=0)
        if (0, 1) in costs and e - s > 1:
            step = costs[(0, 1)][s:e].copy()
            step[0] = 0.0
            pre = np.cumsum(step)
            via = np.minimum.accumulate(best - pre) + pre
            better = via < best - 1e-9
            best = np.where(better, via, best)
            bp[better] = kinds.index((0, 1))
            if temp is not None:
                with np.errstate(invalid="ignore"):
                    sbest = pre - temp * np.logaddexp.accumulate(-(sbest - pre) / temp)
        fwd[s:e], back[s:e], ftab[i, 1 : 1 + e - s] = best, bp, best
        sbest = np.nan_to_num(sbest, nan=_INF)
        soft[s:e], stab[i, 1 : 1 + e - s] = sbest, sbest
    if hi[n] != m or not np.isfinite(fwd[off[n] + m - lo[n]]):
        raise ValueError("no path through the band")
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = kinds[int(back[off[i] + j - lo[i]])]
        c = float(fwd[off[i] + j - lo[i]] - fwd[off[i - a] + j - b - lo[i - a]])
        path.append((i - a, i, j - b, j, c))
        i, j = i - a, j - b
    return path[::-1], fwd, soft if temp is not None else None


def _ref_soft_backward(n, m, costs, band, temp):
    lo, hi, off = band.lo, band.hi, band.off
    kinds = list(costs)
    down = [t for t, (a, _) in enumerate(kinds) if a > 0]
    width = int((hi - lo).max()) + 3
    bwd = np.full(int(off[-1]), _INF)
    btab = np.full((n + 1, width), _INF)
    ctab = np.full((len(down), n + 1, width), _INF)
    rows_all, cols_all = band.cells()
    for q, t in enumerate(down):
        ctab[q, rows_all, cols_all - lo[rows_all] + 1] = costs[kinds[t]]
    with np.errstate(invalid="ignore"):
        for i in range(n, -1, -1):
            s, e = int(off[i]), int(off[i + 1])
            cols = np.arange(lo[i], hi[i] + 1)
            best = np.full(e - s, _INF)
            if i == n:
                best[-1] = 0.0
            k = np.array([q for q, t in enumerate(down) if i + kinds[t][0] <= n], dtype=int)
            if len(k):
                rows = i + np.array([kinds[down[q]][0] for q in k])
                bs = np.array([kinds[down[q]][1] for q in k])
                pos = np.clip(cols[None, :] + bs[:, None] - lo[rows][:, None] + 1, 0, width - 1)
                c = btab[rows[:, None], pos] + ctab[k[:, None], rows[:, None], pos]
                best = -temp * np.logaddexp.reduce(np.vstack([-best[None, :], -c]) / temp, axis=0)
            if (0, 1) in costs and e - s > 1:
                step = costs[(0, 1)][s + 1 : e]
                suf = np.concatenate([np.cumsum(step[::-1])[::-1], [0.0]])
                acc = np.logaddexp.accumulate((-(best - suf) / temp)[::-1])[::-1]
                best = suf - temp * acc
            best = np.nan_to_num(best, nan=_INF)
            bwd[s:e], btab[i, 1 : 1 + e - s] = best, best
    return bwd


def _random_band(rng: np.random.Generator, n: int, m: int) -> Band:
    if rng.random() < 0.4:
        return full_band(n, m)
    centre = np.round(np.arange(n + 1) * m / max(n, 1)).astype(np.int64)
    w = int(rng.integers(0, 3))
    lo = np.maximum(centre - w - rng.integers(0, 2, n + 1), 0)
    hi = np.minimum(centre + w + rng.integers(0, 2, n + 1), m)
    lo = np.minimum.accumulate(lo[::-1])[::-1].copy()
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return Band(lo, hi)


def _random_costs(rng: np.random.Generator, band: Band, kinds) -> dict:
    rows, cols = band.cells()
    out = {}
    for a, b in kinds:
        if rng.random() < 0.5:  # small integers: many ties
            c = rng.integers(-3, 6, len(rows)).astype(float)
        else:
            c = rng.normal(0.0, 4.0, len(rows))
        c[rng.random(len(rows)) < 0.1] = _INF  # holes
        out[(a, b)] = np.where((rows >= a) & (cols >= b), c, _INF)
    return out


def _same(x: np.ndarray, y: np.ndarray) -> bool:
    return x.shape == y.shape and bool(np.all((x == y) | (np.isnan(x) & np.isnan(y))))


@pytest.mark.parametrize("seed", range(60))
def test_dp_tables_and_path_equal_the_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(0, 9)), int(rng.integers(0, 9))
    band = _random_band(rng, n, m)
    soft = tuple(AlignParams().soft_priors)
    kinds = list(KINDS) + (list(soft) if seed % 2 else [])
    if seed % 7 == 3:  # another order: the kinds only the soft table weighs come first
        kinds = [k for k in kinds if k in soft] + [k for k in kinds if k not in soft]
    costs = _random_costs(rng, band, kinds)
    soft_only = soft if seed % 2 else ()
    temp = None if seed % 5 == 4 else float(rng.choice([1.0, 0.7]))
    try:
        want = _ref_best_path(n, m, costs, band, temp, soft_only)
    except ValueError:
        with pytest.raises(ValueError):
            best_path(n, m, costs, band, temp, soft_only)
        return
    got = best_path(n, m, costs, band, temp, soft_only)
    assert got[0] == want[0]
    assert _same(got[1], want[1])
    if temp is not None:
        assert got[2] is not None and want[2] is not None
        assert _same(got[2], want[2])
        assert _same(
            soft_backward(n, m, costs, band, temp), _ref_soft_backward(n, m, costs, band, temp)
        )


@pytest.mark.parametrize("seed", range(40))
def test_dps_run_together_give_each_ones_own_tables_and_path(seed: int) -> None:
    """``best_paths`` / ``soft_backwards`` over several problems (grids of other sizes,
    bands, costs) give exactly what ``best_path`` / ``soft_backward`` give each alone."""
    rng = np.random.default_rng(1000 + seed)
    soft = tuple(AlignParams().soft_priors)
    kinds = list(KINDS) + (list(soft) if seed % 2 else [])
    soft_only = soft if seed % 2 else ()
    temp = None if seed % 5 == 4 else float(rng.choice([1.0, 0.7]))
    problems = []
    while len(problems) < int(rng.integers(2, 6)):
        n, m = int(rng.integers(0, 9)), int(rng.integers(0, 9))
        band = _random_band(rng, n, m)
        if seed % 3 == 0 and problems:  # the same band as another problem, other costs
            n, m, _, band = problems[0]
        costs = _random_costs(rng, band, kinds)
        try:
            best_path(n, m, costs, band, temp, soft_only)
        except ValueError:
            continue  # no path: a problem the aligner never hands over
        problems.append((n, m, costs, band))
    together = best_paths(problems, temp, soft_only)
    for (n, m, costs, band), got in zip(problems, together, strict=True):
        want = best_path(n, m, costs, band, temp, soft_only)
        assert got[0] == want[0]
        assert _same(got[1], want[1])
        if temp is not None:
            assert _same(got[2], want[2])
    if temp is not None:
        for p, got_b in zip(problems, soft_backwards(problems, temp), strict=True):
            assert _same(got_b, soft_backward(*p, temp))
