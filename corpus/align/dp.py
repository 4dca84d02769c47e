"""A banded dynamic programme over beads: the cheapest monotonic path from (0, 0) to (n, m),
and (soft forward-backward) the posterior probability of each of its beads.

Cells live in a band: row ``i`` holds columns ``lo[i] .. hi[i]``, stored flat at
``off[i] + j - lo[i]``. Bead costs come precomputed per kind in the same flat layout: the
cost of the bead of kind (a, b) that *ends* at (i, j).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

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
        """``_per_row`` of this band."""
        return _per_row(self.band, values, reverse)


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
    if temp == 1.0:  # the posteriors' temperature: x / 1 and -1 * x are x and -x exactly
        return np.negative(np.logaddexp.reduce(c, axis=0))
    c /= temp
    return -temp * np.logaddexp.reduce(c, axis=0)


def _hard_step(c: np.ndarray, hard: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One row's best cost per cell over the kinds (rows of ``c``) and the kind taken (the
    first of equal ones; -1 where none reaches the cell)."""
    t = np.argmin(c, axis=0)
    val = c.min(axis=0)  # the value at t
    better = val < _INF
    return np.where(better, val, _INF), np.where(better, hard[t], -1).astype(np.int8)


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
    off = band.off
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
                best, bp = _hard_step(c, hard)
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
    return _trace(n, m, kinds, band, fwd, back), fwd, soft


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


def _per_row(band: Band, values: np.ndarray, reverse: bool = False) -> np.ndarray:
    """``values`` (flat, band layout) cumulated along each row: from its first cell (the
    first counted as 0), or with ``reverse`` from its last (the last counted as 0, each
    cell then holding the sum from the next cell to the end); the same sums, in the same
    order, as ``np.cumsum`` of each row alone."""
    rows, cols = band.cells()
    lo, off = band.lo, band.off
    n = len(lo) - 1
    width = int((band.hi - lo).max()) + 1
    w = (band.hi - lo + 1)[rows]
    q = cols - lo[rows]
    table = np.zeros((n + 1, width))
    keep = q >= 1
    if reverse:  # row i: its cells 1..w-1 from the last to the first
        table[rows[keep], (w - 1 - q)[keep]] = values[keep]
        acc = np.cumsum(table, axis=1)
        out = np.zeros(int(off[-1]))
        last = q == w - 1
        out[~last] = acc[rows[~last], (w - 2 - q)[~last]]
        return out
    table[rows[keep], q[keep]] = values[keep]
    return np.cumsum(table, axis=1)[rows, q]


Problem = tuple[int, int, Mapping[tuple[int, int], np.ndarray], Band]  # n, m, costs, band


class _Stack:
    """The bands of several problems side by side, row by row, so that one pass over the
    rows runs every problem's DP at once (elementwise the very operations a DP of one
    problem does). Row ``i`` takes ``len(bands) * span[i]`` slots from ``start[i]``: problem
    ``p``'s cells of that row at ``start[i] + p * span[i]``, in column order (or, with
    ``reverse``, last column first), then padding; one more slot at the end, ``inf``, is
    where every bead from or to outside the grid or a band points."""

    def __init__(self, bands: Sequence[Band], reverse: bool) -> None:
        self.bands = bands
        self.reverse = reverse
        self.rows = max(len(band.lo) for band in bands)
        self.width = np.zeros((len(bands), self.rows), dtype=np.int64)  # cells per row
        for p, band in enumerate(bands):
            self.width[p, : len(band.lo)] = band.hi - band.lo + 1
        self.span = self.width.max(axis=0)
        self.start = np.concatenate([[0], np.cumsum(len(bands) * self.span)])
        self.inf = int(self.start[-1])
        #: per problem, the slot of each of its band cells (flat band order)
        self.slots = [self._slot(p, *band.cells()) for p, band in enumerate(bands)]
        #: per problem and row, where its cells lie in its flat band arrays
        self.runs = [list(pairwise(band.off.tolist())) for band in bands]
        #: per row: every problem has as many cells in it as the widest
        self.uniform = (self.width == self.span).all(axis=0).tolist()
        #: per row: None when every problem has 2+ cells in it, else per slot whether its
        #: problem has (the steps along the row are taken there only, as a DP of one does)
        self.narrow = [
            None if wide.all() else np.repeat(wide, int(w))
            for wide, w in zip((self.width > 1).T, self.span, strict=True)
        ]

    def _slot(self, p: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Slots of problem ``p``'s cells at ``(rows, cols)`` (inside its band)."""
        q = cols - self.bands[p].lo[rows]
        if self.reverse:
            q = self.width[p, rows] - 1 - q
        return self.start[rows] + p * self.span[rows] + q

    def row(self, i: int) -> slice:
        return slice(int(self.start[i]), int(self.start[i + 1]))

    def shape(self, i: int) -> tuple[int, int]:
        """Row ``i`` as (problems, slots of each)."""
        return len(self.bands), int(self.span[i])

    def spread(self, values: Sequence[np.ndarray], fill: float) -> np.ndarray:
        """Per problem flat band values (or (kinds, cells) stacks) into one array of slots
        (``fill`` in the padding and the last slot)."""
        lead = values[0].shape[:-1]
        out = np.full((*lead, self.inf + 1), fill, dtype=values[0].dtype)
        for p, (band, v) in enumerate(zip(self.bands, values, strict=True)):
            if not lead:
                out[self.slots[p]] = v
                continue
            off = band.off
            for i in range(len(band.lo)):  # a row's cells are a run of slots
                s, a, b = int(self.start[i] + p * self.span[i]), int(off[i]), int(off[i + 1])
                out[..., s : s + b - a] = v[..., a:b][..., ::-1] if self.reverse else v[..., a:b]
        return out

    def block(self, values: Sequence[np.ndarray], i: int, fill: float) -> np.ndarray:
        """Row ``i`` of per problem (kinds, cells) stacks in flat band order, as (kinds, slots
        of the row) (``fill`` in the padding)."""
        parts = []
        for p, v in enumerate(values):
            if i < len(self.runs[p]):
                a, b = self.runs[p][i]
                parts.append(v[:, b - 1 : a - 1 if a else None : -1] if self.reverse else v[:, a:b])
            else:
                parts.append(v[:, :0])
        if self.uniform[i]:
            return np.concatenate(parts, axis=1)
        w = int(self.span[i])
        out = np.full((values[0].shape[0], len(values) * w), fill)
        for p, part in enumerate(parts):
            out[:, p * w : p * w + part.shape[1]] = part
        return out

    def gather(self, table: np.ndarray) -> list[np.ndarray]:
        """Per problem, its cells' values (flat band order) from an array of slots."""
        return [table[slots] for slots in self.slots]


_ENDS: dict[tuple, tuple[np.ndarray, ...]] = {}
_STACKED: dict[tuple, np.ndarray] = {}
#: per band (and per stack of bands) the other ends of beads kept, for the last few (the
#: pairs of a multi-way table or a batch share bands)
_ENDS_KEPT = 8
_STACKED_KEPT = 2


def _kept(cache: dict, key: tuple, value: Any, kept: int) -> Any:
    if len(cache) >= kept:
        del cache[next(iter(cache))]
    cache[key] = value
    return value


def _other_ends(
    band: Band, a: np.ndarray, b: np.ndarray, sign: int, reverse: bool
) -> tuple[np.ndarray, ...]:
    """(kinds, cells): for the bead of kind ``(a[k], b[k])`` ending (``sign`` -1) or
    starting (+1) at each band cell, the row of its other end, that end's position in the
    row (``reverse``: counted from the row's last cell), whether it lies in the band, and
    its flat band position (the number of cells when outside). Read-only, kept."""
    key = (band.lo.tobytes(), band.hi.tobytes(), a.tobytes(), b.tobytes(), sign, reverse)
    if key in _ENDS:
        return _ENDS[key]
    rows, cols = band.cells()
    lo, hi = band.lo, band.hi
    n = len(lo) - 1
    r = rows[None, :] + sign * a[:, None]
    c = cols[None, :] + sign * b[:, None]
    rc = np.clip(r, 0, n)
    lo_r = lo[rc]
    ok = (r >= 0) & (r <= n) & (c >= lo_r) & (c <= hi[rc])
    q = hi[rc] - c if reverse else c - lo_r
    flat = np.where(ok, band.off[rc] + c - lo_r, int(band.off[-1]))
    for x in (rc, q, ok, flat):
        x.setflags(write=False)
    return _kept(_ENDS, key, (rc, q, ok, flat), _ENDS_KEPT)


def _sources(stack: _Stack, a: np.ndarray, b: np.ndarray, forward: bool) -> np.ndarray:
    """(kinds, slots): the slot of the other end of the bead of each kind ending (starting,
    when not ``forward``) at each slot (``inf`` when outside the grid or a band, and for
    padding). Read-only, kept for the last stacks."""
    bands = tuple((band.lo.tobytes(), band.hi.tobytes()) for band in stack.bands)
    key = (bands, a.tobytes(), b.tobytes(), forward)
    if key in _STACKED:
        return _STACKED[key]
    ends = []
    shared: dict[tuple[bytes, bytes], tuple[np.ndarray, np.ndarray]] = {}
    for p, band in enumerate(stack.bands):
        if bands[p] not in shared:  # problems on one band share all but their own offsets
            rc, q, ok, _ = _other_ends(band, a, b, -1 if forward else 1, not forward)
            base = np.where(ok, stack.start[rc] + q, stack.inf)
            shared[bands[p]] = (base, np.where(ok, stack.span[rc], 0))
        base, per = shared[bands[p]]
        ends.append(base + p * per if p else base)
    out = stack.spread(ends, stack.inf).astype(np.intp, copy=False)
    out.setflags(write=False)
    return _kept(_STACKED, key, out, _STACKED_KEPT)


def _by_kind(
    costs: Mapping[tuple[int, int], np.ndarray], kinds: list[tuple[int, int]], which: list[int]
) -> np.ndarray:
    """(kinds, cells): the costs of ``kinds[t]`` for each ``t`` in ``which``."""
    if not which:
        return np.zeros((0, len(next(iter(costs.values())))))
    return np.stack([costs[kinds[t]] for t in which])


def best_paths(
    problems: Sequence[Problem],
    temp: float | None = None,
    soft_only: Collection[tuple[int, int]] = (),
) -> list[tuple[Path, np.ndarray, np.ndarray | None]]:
    """``best_path`` of every problem (their costs of the same kinds, in the same order),
    in one pass over the rows (the very results of ``best_path``, faster)."""
    if len(problems) == 1:
        return [best_path(*problems[0], temp, soft_only)]
    kinds = list(problems[0][2])
    stack = _Stack([band for *_, band in problems], reverse=False)
    down = [t for t, (a, _) in enumerate(kinds) if a > 0]  # all but (0, 1)
    hard = np.array([t for t in down if kinds[t] not in soft_only], dtype=np.int64)
    is_hard = np.isin(down, hard)
    a = np.array([kinds[t][0] for t in down], dtype=np.int64)
    b = np.array([kinds[t][1] for t in down], dtype=np.int64)
    src = _sources(stack, a, b, True)
    steps = [_by_kind(c, kinds, down) for _, _, c, _ in problems]
    first = bool(is_hard[: len(hard)].all())  # the hard kinds first (as ``KINDS``)
    src_h = src[: len(hard)] if first else src[is_hard]
    fwd = np.full(stack.inf + 1, _INF)  # the table is the result (padding never read)
    back = np.full(stack.inf + 1, -1, dtype=np.int8)
    soft = np.full(stack.inf + 1, _INF) if temp is not None else None
    horizontal = kinds.index((0, 1)) if (0, 1) in kinds else -1
    pre_all = None
    if horizontal >= 0:
        pre_all = stack.spread([_per_row(band, c[(0, 1)]) for _, _, c, band in problems], 0.0)
    with np.errstate(invalid="ignore"):
        for i in range(stack.rows):
            row, shape = stack.row(i), stack.shape(i)
            step = stack.block(steps, i, _INF) if i else None
            if step is None or not len(hard):
                best = np.full(row.stop - row.start, _INF)
                bp = np.full(row.stop - row.start, -1, dtype=np.int8)
                if i == 0:
                    best[:: shape[1]] = 0.0  # every problem's (0, 0)
            else:
                c = fwd[src_h[:, row]]
                c += step[: len(hard)] if first else step[is_hard]
                best, bp = _hard_step(c, hard)
            if soft is not None and temp is not None:  # both set or neither
                if step is None or not down:
                    sbest = np.full(row.stop - row.start, _INF)
                    if i == 0:
                        sbest[:: shape[1]] = 0.0
                else:
                    c = soft[src[:, row]]
                    c += step
                    sbest = _soft_step(c, temp)
            narrow = stack.narrow[i]
            if pre_all is not None and (narrow is None or narrow.any()):
                pre = pre_all[row]
                via = (np.minimum.accumulate((best - pre).reshape(shape), axis=1)).ravel() + pre
                better = via < best - 1e-9
                if narrow is not None:
                    better &= narrow
                best = np.where(better, via, best)
                bp[better] = horizontal
                if soft is not None and temp is not None:  # both set or neither
                    x = (-(sbest - pre) / temp).reshape(shape)
                    along = pre - temp * np.logaddexp.accumulate(x, axis=1).ravel()
                    sbest = along if narrow is None else np.where(narrow, along, sbest)
            fwd[row] = best
            back[row] = bp
            if soft is not None:
                soft[row] = _finite(sbest)
    out = []
    for p, (n, m, _, band) in enumerate(problems):
        f, bk = fwd[stack.slots[p]], back[stack.slots[p]]
        sf = soft[stack.slots[p]] if soft is not None else None
        out.append((_trace(n, m, kinds, band, f, bk), f, sf))
    return out


def _trace(
    n: int, m: int, kinds: list[tuple[int, int]], band: Band, fwd: np.ndarray, back: np.ndarray
) -> Path:
    """The path the back-pointers give from (n, m) to (0, 0)."""
    lo, hi, off = band.lo, band.hi, band.off
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
    return path


def soft_backwards(problems: Sequence[Problem], temp: float) -> list[np.ndarray]:
    """``soft_backward`` of every problem (costs of the same kinds, in the same order), in
    one pass over the rows (each row's cells last column first; the very results of
    ``soft_backward``, faster)."""
    if len(problems) == 1:
        return [soft_backward(*problems[0], temp)]
    kinds = list(problems[0][2])
    stack = _Stack([band for *_, band in problems], reverse=True)
    down = [t for t, (a, _) in enumerate(kinds) if a > 0]
    a = np.array([kinds[t][0] for t in down], dtype=np.int64)
    b = np.array([kinds[t][1] for t in down], dtype=np.int64)
    dst = _sources(stack, a, b, False)
    # the cost of each kind's bead from each cell: its cost by end cell, looked up there
    # (inf where the end lies outside: the last slot)
    steps = []
    for _, _, costs, band in problems:
        flat = _other_ends(band, a, b, 1, True)[3]
        by_end = np.concatenate([_by_kind(costs, kinds, down), np.full((len(down), 1), _INF)], 1)
        steps.append(np.take_along_axis(by_end, flat, axis=1))
    bwd = np.full(stack.inf + 1, _INF)
    suf_all = None
    if (0, 1) in kinds:
        suf_all = stack.spread(
            [_per_row(band, c[(0, 1)], reverse=True) for _, _, c, band in problems], 0.0
        )
    last = [int(stack.start[n] + p * stack.span[n]) for p, (n, *_) in enumerate(problems)]
    with np.errstate(invalid="ignore"):
        for i in range(stack.rows - 1, -1, -1):
            row, shape = stack.row(i), stack.shape(i)
            if not down:
                best = np.full(row.stop - row.start, _INF)
            else:
                c = bwd[dst[:, row]]
                c += stack.block(steps, i, _INF)
                best = _soft_step(c, temp)
            for p, (n, *_) in enumerate(problems):
                if n == i:  # the problem's last row: only (n, m) is reached, at no cost
                    q = last[p] - row.start
                    best[q : q + shape[1]] = _INF
                    best[q] = 0.0
            narrow = stack.narrow[i]
            if suf_all is not None and (narrow is None or narrow.any()):
                suf = suf_all[row]
                x = (-(best - suf) / temp).reshape(shape)
                along = suf - temp * np.logaddexp.accumulate(x, axis=1).ravel()
                best = along if narrow is None else np.where(narrow, along, best)
            bwd[row] = _finite(best)
    return stack.gather(bwd)


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
