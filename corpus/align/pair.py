"""Pairwise alignment: length cost + shared words/numbers/names, a banded DP, confidences."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .beads import Bead
from .blas import one_blas_thread
from .confidence import CANDIDATES, FEATURES, bead_features, calibrated
from .dp import (
    Band,
    Path,
    Problem,
    best_paths,
    full_band,
    posteriors,
    soft_backwards,
)
from .lengthcost import gale_church, skip_cost
from .lexical import Concepts, build_concepts, union_rows
from .lexicon import Lexicon
from .params import KINDS, SIGNALS, AlignParams
from .tokens import UnitKeys, lengths, unit_keys

_BLOCK = 128
#: temperature (nats) of the path weights behind each bead's posterior probability
POSTERIOR_TEMPERATURE = 1.0
CHANCE = 1.0


class _Stacks:
    """Per side and span k: unit concept vectors taken k at a time (cached), as float32
    weights (source) or 0/1 hits (target), with their row totals."""

    def __init__(self, concepts: Concepts, once: bool) -> None:
        self.c = concepts
        self.once = once
        self.cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def get(self, side: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        if (side, k) not in self.cache:
            x = _stack(self.c.tgt if side else self.c.src, k, self.once)
            mat = (x > 0).astype(np.float32) if side else x.astype(np.float32)
            self.cache[(side, k)] = (mat, x.sum(1))
        return self.cache[(side, k)]


class _Lexical:
    """The shared-word term of every bead kind's cost at the band cells of one pair (see
    ``cost``); what the kinds have in common (blocks of band rows, the concepts each block
    has, chance rates) is worked out once."""

    def __init__(self, stacks: _Stacks, rows: np.ndarray, cols: np.ndarray, miss: float) -> None:
        self.stacks = stacks
        self.miss = miss
        self.n_cells = len(rows)
        concepts = stacks.c
        m = max(len(concepts.tgt), 1)
        self.df_t = (concepts.tgt > 0).sum(0) / m
        n1 = len(concepts.src) + 1  # the stacks have a row per band row
        bounds = np.searchsorted(rows, np.arange(0, n1 + _BLOCK, _BLOCK))  # rows sorted
        #: per block of _BLOCK band rows: its first row, its cells, their columns' span, their
        #: rows and columns (within the block and absolute)
        self.blocks: list[
            tuple[int, slice, int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
        ]
        self.blocks = []
        for k, r0 in enumerate(range(0, n1, _BLOCK)):
            sel = slice(int(bounds[k]), int(bounds[k + 1]))
            if sel.start == sel.stop:
                continue
            rs, cs = rows[sel], cols[sel]
            c0, c1 = int(cs.min()), int(cs.max()) + 1
            self.blocks.append((r0, sel, c0, c1, rs - r0, cs - c0, rs, cs))
        self.used: dict[tuple[int, int], np.ndarray] = {}  # per span a and block

    def cost(self, a: int, b: int) -> np.ndarray:
        """Per cell: shared concept weight of the (a, b) bead ending there, less what chance
        would give, minus ``miss`` times the weight of its concepts matched outside the
        bead."""
        xs32, tot_s = self.stacks.get(0, a)
        xt_hit, tot_t = self.stacks.get(1, b)
        # matches a random target span of b units would get by chance: merging must beat that
        chance = xs32 @ (1.0 - (1.0 - self.df_t) ** b).astype(np.float32) * CHANCE
        out = np.zeros(self.n_cells)
        for k, (r0, sel, c0, c1, r, c, rs, cs) in enumerate(self.blocks):
            blk = xs32[r0 : r0 + _BLOCK]
            used = self.used.get((a, k))
            if used is None:  # only the concepts these rows have
                used = self.used[(a, k)] = np.nonzero(blk.any(0))[0]
            sh = (blk[:, used] @ xt_hit[c0:c1, used].T)[r, c].astype(np.float64)
            # in place: sh - chance - miss * (tot_s + tot_t - 2 sh)
            missed = tot_s[rs]
            missed += tot_t[cs]
            missed -= 2 * sh
            missed *= self.miss
            sh -= chance[rs]
            sh -= missed
            out[sel] = sh
        return out


def _stack(x: np.ndarray, k: int, once: bool) -> np.ndarray:
    """Row i: concept vector of units i-k .. i-1 together (max if ``once``, else sum)."""
    if once:
        return union_rows(x, k)
    out = np.zeros((len(x) + 1, x.shape[1]))
    if len(x) < k:
        return out
    for s in range(k):
        out[k:] += x[s : len(x) - k + 1 + s]
    return out


def _coarse(units: Sequence[str], f: int) -> list[str]:
    return [" ".join(units[k : k + f]) for k in range(0, len(units), f)]


def _coarse_keys(keys: Sequence[UnitKeys], f: int) -> list[UnitKeys]:
    """The keys of ``_coarse`` units: those of their units together (no word spans two)."""
    return [
        UnitKeys(
            frozenset().union(*(u.words for u in keys[k : k + f])),
            frozenset().union(*(u.numbers for u in keys[k : k + f])),
        )
        for k in range(0, len(keys), f)
    ]


def _band(n: int, m: int, path: Path, f: int, margin: int) -> Band:
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
    return Band(lo, hi)


Scale = tuple[float, float]


def scale(src: Sequence[str], tgt: Sequence[str]) -> Scale:
    """The expected length ratio (target per source character) and the mean unit length
    (in source characters) of two texts."""
    ls, lt = sum(lengths(src)), sum(lengths(tgt))
    ratio = (lt + 1.0) / (ls + 1.0)
    return ratio, (ls + lt / ratio) / max(len(src) + len(tgt), 1)


def _costs(
    src: Sequence[str],
    tgt: Sequence[str],
    concepts: Concepts | None,
    weight: float,
    band: Band,
    params: AlignParams,
    signals: Collection[str],
    scaled: Scale | None = None,
    soft: bool = False,
) -> dict[tuple[int, int], np.ndarray]:
    """Cost of every bead kind ending at every band cell, flat (see ``dp``); with ``soft``,
    also of the kinds only the posteriors weigh (``AlignParams.soft_priors``)."""
    n, m = len(src), len(tgt)
    ls = np.concatenate([[0], np.cumsum(lengths(src))]).astype(float)
    lt = np.concatenate([[0], np.cumsum(lengths(tgt))]).astype(float)
    ratio, mean_len = scaled or scale(src, tgt)
    slope = params.skip_slope if "length" in signals else 0.0
    rows, cols = band.cells()
    lexical = None
    if concepts is not None and concepts.size:
        stacks = _Stacks(concepts, "once" in signals)
        lexical = _Lexical(stacks, rows, cols, params.miss_ratio)
    out: dict[tuple[int, int], np.ndarray] = {}
    priors = {**params.soft_priors, **params.priors} if soft else params.priors
    # the characters of the a (b) units before each row (column); cells where the bead
    # would start outside the grid get inf at the end, whatever their span
    spans_s: dict[int, np.ndarray] = {}
    spans_t: dict[int, np.ndarray] = {}
    for a, b in cost_kinds(params, soft):
        ok = (rows >= a) & (cols >= b)
        span_s, span_t = _span(spans_s, ls, a)[rows], _span(spans_t, lt, b)[cols]
        if a == 0 or b == 0:
            c = skip_cost(span_s + span_t / ratio, mean_len, params.skip_base, slope)
            # what only one text has is most often at its start or end (title, lead, credits)
            # ... or near them: the discount fades over ``edge_units`` more units
            pos, end = (cols, m) if b == 0 else (rows, n)
            dist = np.minimum(pos, end - pos)
            e = params.edge_units + 1
            f = params.edge_skip_factor
            c = c * np.where(dist < e, f + (1.0 - f) * dist / e, 1.0)
        else:
            if "length" in signals:
                c = gale_church(span_s, span_t, ratio, params.variance) + priors[(a, b)]
            else:
                c = np.full(len(rows), priors[(a, b)])
            if lexical is not None:
                c = c - weight * lexical.cost(a, b)
        out[(a, b)] = np.where(ok, c, np.inf)
    return out


def cost_kinds(params: AlignParams, soft: bool) -> tuple[tuple[int, int], ...]:
    """The bead kinds ``_costs`` prices, in its order: skips, those with a prior, and with
    ``soft`` the kinds only the posteriors weigh."""
    priors = {**params.soft_priors, **params.priors} if soft else params.priors
    kinds = (*KINDS, *(params.soft_priors if soft else ()))
    return tuple(dict.fromkeys(k for k in kinds if not (k[0] and k[1]) or k in priors))


def _span(spans: dict[int, np.ndarray], cum: np.ndarray, k: int) -> np.ndarray:
    """``cum[i] - cum[i - k]`` for every i (``cum[i] - cum[0]`` where i < k), kept in
    ``spans``."""
    if k not in spans:
        spans[k] = cum - cum[np.maximum(np.arange(len(cum)) - k, 0)]
    return spans[k]


class BeadCosts:
    """The cost of any bead between two texts, under the model one ``align_pair`` used
    (for judging alignments made otherwise, e.g. the rows of a multi-way table)."""

    def __init__(
        self, costs: Mapping[tuple[int, int], np.ndarray], band: Band, share: float = 0.0
    ) -> None:
        self.costs = costs
        self.band = band
        self.off = band.off
        self.share = share  # how much the two texts share (see ``lexical._share``)
        self.concepts: Concepts | None = None  # the shared-word evidence, if any
        self.posteriors: list[float] = []  # per bead of the best path (``dp.posteriors``)
        # the band as lists: a multi-way table looks up thousands of single beads
        self._lo, self._hi, self._off = band.lo.tolist(), band.hi.tolist(), self.off.tolist()

    def _at(self, kind: tuple[int, int], i: int, j: int) -> float:
        lo, hi = self._lo[i], self._hi[i]
        if kind not in self.costs or not lo <= j <= hi:
            return math.inf
        return float(self.costs[kind][self._off[i] + j - lo])

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cost of the bead of source units ``i0 .. i1-1`` and target units ``j0 .. j1-1``;
        a kind the aligner does not know costs as much as leaving every unit unaligned."""
        c = self._at((i1 - i0, j1 - j0), i1, j1)
        if math.isfinite(c):
            return c
        skips = [self._at((1, 0), i + 1, j0) for i in range(i0, i1)]
        skips += [self._at((0, 1), i1, j + 1) for j in range(j0, j1)]
        return float(sum(x if math.isfinite(x) else 20.0 for x in skips))


#: with a word table at full weight, the priors of beads with 2+ units on both sides rise
#: by this (nats), as more word pairs fit in a bigger bead. Off: with the faded weights of
#: small tables it gained on Bible merges (+0.008) but lost on Text+Berg (-0.004; see the
#: ablation in bench/align_bench.py).
LEXICON_MANY_PRIOR = 0.0


def with_lexicon_priors(params: AlignParams, weight: float) -> AlignParams:
    """``params`` with the priors of many-to-many beads raised for a table of ``weight``."""
    bump = LEXICON_MANY_PRIOR * weight
    priors = {k: v + (bump if min(k) >= 2 else 0.0) for k, v in params.priors.items()}
    return replace(params, priors=priors)


KeyedJob = tuple[Sequence[str], Sequence[str], Sequence[UnitKeys], Sequence[UnitKeys], Scale | None]
Aligned = tuple[Path, list[float], "BeadCosts"]


def align_keys(
    src: Sequence[str],
    tgt: Sequence[str],
    src_keys: Sequence[UnitKeys],
    tgt_keys: Sequence[UnitKeys],
    params: AlignParams,
    signals: Collection[str],
    lexicon: Lexicon | None,
    with_margins: bool = False,
    scaled: Scale | None = None,
) -> Aligned:
    """The DP path for two texts whose unit keys are already known, and (if asked) each
    bead's margin: the log-odds of its posterior (see ``dp.posteriors``); and the bead costs.
    ``scaled`` overrides the length ratio and mean unit length (see ``scale``)."""
    job = (src, tgt, src_keys, tgt_keys, scaled)
    return align_keys_many([job], params, signals, lexicon, with_margins)[0]


#: band cells whose DPs run together at most (``dp.best_paths``): more saves little and
#: takes memory (a few hundred bytes a cell)
STACK_CELLS = 60_000


def align_keys_many(
    jobs: Sequence[KeyedJob],
    params: AlignParams,
    signals: Collection[str],
    lexicon: Lexicon | None,
    with_margins: bool = False,
    keep: Collection[tuple[int, int]] | None = None,
) -> list[Aligned]:
    """``align_keys`` of every ``(src, tgt, src_keys, tgt_keys, scaled)`` job, their DPs
    run a few at a time (the same operations on each cell as one by one: the same
    results). Each stack's bead costs are made just before its DP, and of them the
    returned ``BeadCosts`` keep only the kinds in ``keep`` (None: all): a multi-way table
    of twelve 1,000-verse texts judges its rows with a few kinds of 66 pairs' costs."""
    plans = [_plan(*job, params, signals, lexicon, with_margins) for job in jobs]
    t = POSTERIOR_TEMPERATURE
    out: list[Aligned | None] = [None] * len(jobs)
    for group in _stacks(plans):
        problems = [plans[k].problem() for k in group]
        found = best_paths(problems, t if with_margins else None, plans[group[0]].soft_only)
        back = [g for g, (path, _, _) in enumerate(found) if with_margins and path]
        bwd = soft_backwards([problems[g] for g in back], t) if back else []
        soft = dict(zip(back, bwd, strict=True))
        for g, k in enumerate(group):
            path, _, soft_fwd = found[g]
            out[k] = _finish(plans[k], problems[g], path, soft_fwd, soft.get(g), keep)
        del problems, found, bwd, soft  # before the next stack's costs are made
    return [x for x in out if x is not None]


@dataclass
class _Plan:
    """A pair of texts planned for its DP: the grid, the shared words, and what its bead
    costs are made of (made by ``problem``, when its DP is near)."""

    texts: tuple[Sequence[str], Sequence[str]]
    concepts: Concepts | None
    weight: float
    band: Band
    params: AlignParams
    signals: Collection[str]
    scaled: Scale | None
    soft: bool
    kinds: tuple[tuple[int, int], ...] = field(init=False)
    soft_only: frozenset[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.kinds = cost_kinds(self.params, self.soft)
        self.soft_only = frozenset(self.params.soft_priors) - frozenset(self.params.priors)

    def problem(self) -> Problem:
        src, tgt = self.texts
        costs = _costs(
            src,
            tgt,
            self.concepts,
            self.weight,
            self.band,
            self.params,
            self.signals,
            self.scaled,
            self.soft,
        )
        return (len(src), len(tgt), costs, self.band)


def _stacks(plans: Sequence[_Plan]) -> list[list[int]]:
    """Positions of ``plans`` in groups whose DPs run together: the same bead kinds, at
    most ``STACK_CELLS`` cells (or one job)."""
    kinds: dict[tuple, list[int]] = {}
    for k, r in enumerate(plans):
        kinds.setdefault((r.kinds, r.soft_only), []).append(k)
    out: list[list[int]] = []
    for group in kinds.values():
        chunk: list[int] = []
        cells = 0
        for k in group:
            size = int(plans[k].band.off[-1])
            if chunk and cells + size > STACK_CELLS:
                out.append(chunk)
                chunk, cells = [], 0
            chunk.append(k)
            cells += size
        out.append(chunk)
    return out


def _plan(
    src: Sequence[str],
    tgt: Sequence[str],
    src_keys: Sequence[UnitKeys],
    tgt_keys: Sequence[UnitKeys],
    scaled: Scale | None,
    params: AlignParams,
    signals: Collection[str],
    lexicon: Lexicon | None,
    with_margins: bool,
) -> _Plan:
    """The shared words and the band of one pair (see ``align_keys``)."""
    n, m = len(src), len(tgt)
    concepts = None
    weight = 0.0
    if lexicon is not None and "lexicon" in signals and len(lexicon):
        params = with_lexicon_priors(params, lexicon.weight)
    if {"words", "numbers"} & set(signals) and n and m:
        src_k, tgt_k = src_keys, tgt_keys
        if "words" not in signals:
            src_k = [UnitKeys(frozenset(), k.numbers) for k in src_keys]
            tgt_k = [UnitKeys(frozenset(), k.numbers) for k in tgt_keys]
        extra: list[tuple[str, str]] = []
        if lexicon is not None and "lexicon" in signals:
            extra = lexicon.word_pairs(
                (w for k in src_k for w in k.words), (w for k in tgt_k for w in k.words)
            )
        concepts = build_concepts(
            src_k,
            tgt_k,
            extra,
            params.number_weight,
            "fuzzy" in signals,
            "numbers" in signals,
            lexicon.weight if lexicon is not None and extra else 1.0,
        )
        floor = params.min_share_factor
        weight = params.word_weight * (floor + (1 - floor) * concepts.share)
    if n * m > params.max_cells and n > 1 and m > 1:
        f = math.ceil(math.sqrt(n * m / params.max_cells))
        cs, ct = _coarse(src, f), _coarse(tgt, f)
        ck = _coarse_keys(src_keys, f), _coarse_keys(tgt_keys, f)
        # the coarse path only places the band: the rarest kinds are not worth their cost
        small = replace(params, priors={k: v for k, v in params.priors.items() if sum(k) <= 5})
        coarse, _, _ = align_keys(cs, ct, ck[0], ck[1], small, signals, lexicon)
        band = _band(n, m, coarse, f, params.band_margin)
    else:
        band = full_band(n, m)
    return _Plan((src, tgt), concepts, weight, band, params, signals, scaled, with_margins)


def _finish(
    plan: _Plan,
    problem: Problem,
    path: Path,
    soft_fwd: np.ndarray | None,
    soft_bwd: np.ndarray | None,
    keep: Collection[tuple[int, int]] | None = None,
) -> Aligned:
    """``align_keys``'s answer from the DP's tables (the soft ones with margins); its
    ``BeadCosts`` with the kinds in ``keep`` (None: all)."""
    _, _, costs, band = problem
    if keep is not None:
        costs = {kind: c for kind, c in costs.items() if kind in keep}
    concepts = plan.concepts
    bead_costs = BeadCosts(costs, band, concepts.share if concepts is not None else 0.0)
    bead_costs.concepts = concepts
    if soft_bwd is None:
        return path, [], bead_costs
    assert soft_fwd is not None  # computed with a temperature, so with margins
    t = POSTERIOR_TEMPERATURE
    post = posteriors(path, soft_fwd, soft_bwd, band, t)
    bead_costs.posteriors = post
    # a bead's margin: the log-odds of its posterior, in nats (how much likelier the paths
    # through it are than all the others together)
    return path, [t * math.log(max(p, 1e-9) / max(1.0 - p, 1e-9)) for p in post], bead_costs


Job = tuple[Sequence[str], Sequence[str], tuple[Sequence[str], Sequence[str]] | None]


@one_blas_thread
def _details(
    jobs: Sequence[Job],
    signals: Collection[str],
    params: AlignParams | None,
    lexicon: Lexicon | None,
    features: Sequence[str],
    keep: Collection[tuple[int, int]] | None = None,
) -> list[tuple[list[Bead], BeadCosts, np.ndarray]]:
    """``align_pair_details`` of every ``(src, tgt, whole)`` job, with the confidence
    features named in ``features`` (which hold ``FEATURES``); their ``BeadCosts`` keep
    the kinds in ``keep`` (None: all)."""
    params = params or AlignParams()
    keyed = []
    for src, tgt, whole in jobs:
        sk = [unit_keys(u) for u in src]
        tk = [unit_keys(u) for u in tgt]
        keyed.append((src, tgt, sk, tk, scale(*whole) if whole is not None else None))
    done = align_keys_many(keyed, params, frozenset(signals), lexicon, True, keep)
    return [
        _beads(src, tgt, scaled, *found, features)
        for (src, tgt, _, _, scaled), found in zip(keyed, done, strict=True)
    ]


def _beads(
    src: Sequence[str],
    tgt: Sequence[str],
    scaled: Scale | None,
    path: Path,
    gaps: list[float],
    costs: BeadCosts,
    features: Sequence[str],
) -> tuple[list[Bead], BeadCosts, np.ndarray]:
    """The beads of a path, each with its confidence, and their ``features``."""
    ratio, mean_len = scaled or scale(src, tgt)
    x = bead_features(
        path,
        gaps,
        costs.share,
        lengths(src),
        lengths(tgt),
        ratio,
        mean_len,
        costs.concepts,
        (src, tgt),
        features,
    )
    conf = calibrated(x[:, [list(features).index(f) for f in FEATURES]])
    beads = [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), p)
        for (i0, i1, j0, j1, _), p in zip(path, conf, strict=True)
    ]
    return beads, costs, x


def align_pair_details(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    signals: Collection[str] = SIGNALS,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
    whole: tuple[Sequence[str], Sequence[str]] | None = None,
) -> tuple[list[Bead], BeadCosts, np.ndarray]:
    """``align_pair``, the cost of any other bead between the two texts, and each bead's
    confidence features (every one of ``confidence.CANDIDATES``)."""
    return _details([(src, tgt, whole)], signals, params, lexicon, CANDIDATES)[0]


def align_pair_costs(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    signals: Collection[str] = SIGNALS,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
    whole: tuple[Sequence[str], Sequence[str]] | None = None,
) -> tuple[list[Bead], BeadCosts]:
    """``align_pair``, and the cost of any other bead between the two texts."""
    return align_pairs_costs([(src, tgt, whole)], signals=signals, params=params, lexicon=lexicon)[
        0
    ]


def align_pairs_costs(
    jobs: Sequence[Job],
    *,
    signals: Collection[str] = SIGNALS,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
    keep_kinds: Collection[tuple[int, int]] | None = None,
) -> list[tuple[list[Bead], BeadCosts]]:
    """``align_pair_costs`` of every ``(src, tgt, whole)`` job (``whole`` as there, or None),
    with the same results, faster: their DPs run a few at a time. The ``BeadCosts`` price
    only the kinds in ``keep_kinds`` (None: all; any other costs as its units left
    unaligned): what a caller judges other alignments with, in less memory."""
    done = _details(jobs, signals, params, lexicon, FEATURES, keep_kinds)
    return [(beads, costs) for beads, costs, _ in done]


def align_pair(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    signals: Collection[str] = SIGNALS,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
    whole: tuple[Sequence[str], Sequence[str]] | None = None,
) -> list[Bead]:
    """Align two sequences of units (sentences or paragraphs) into monotonic beads.

    ``signals`` picks the evidence used (see ``SIGNALS``), ``params`` the costs, and
    ``lexicon`` adds word pairs learned from many documents (see ``Lexicon.train``).
    ``whole``: the complete texts when ``src`` and ``tgt`` are stretches of them (their
    length ratio and mean unit length are then used, not the stretches' own).
    Each bead's confidence is the estimated probability that it is right (see
    ``confidence``).
    """
    beads, _ = align_pair_costs(
        src, tgt, signals=signals, params=params, lexicon=lexicon, whole=whole
    )
    return beads
