"""Multi-way alignment: N texts into one table of rows, by the pivot that fits best.

Every pair of texts is aligned with ``align_pair``. Each text in turn serves as the pivot
of a candidate table: every other text is aligned to it (its pairwise beads), pivot units
that any text merges into one bead share one row, and units a text leaves unaligned
against the pivot fall into the gap between two pivot rows, where the texts' gap units
are aligned among themselves (recursively, the same way, with lengths judged against the
whole texts). The table kept is the one that costs least under *all* pairwise cost models
(``sum_of_pairs``): a pivot whose own pairwise alignments went wrong (one glued a title to
a lead, another merged what the others keep apart) loses to a pivot whose alignments the
other pairs confirm. Ties go to the text with the most units.

A merge: when one text has one paragraph for two of the others', the row holds that one
paragraph and the two of every other text (a cell cannot span two rows; putting the merged
paragraph in the first row and leaving the second empty for that text would show half of
it beside the wrong paragraphs), so each row is still a complete translation unit. In the
table's cost, such a row costs the texts that keep the two apart only their two 1-1 beads
and ``SPLIT_COST``. A paragraph with no counterpart has a row of its own.

A row's confidence: with two texts, that of its bead; with 3+, the probability that the
row is right (``row_confidences``), from every pair of texts, not the pivot's alone: a pair
whose beads tile the row says the least confidence of those beads, a pair whose bead
crosses the row's edge says no; a logistic model over the mean and the least of what the
pairs say (log-odds) and the share that say no, fitted on Bible tables of 3-6 texts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .beads import Bead
from .pair import BeadCosts, align_pairs_costs
from .params import KINDS

#: rows with more units of a text than this are costed as one bead, not split
MAX_BLOCK = 6
#: cost (nats) of each bead beyond the first that a row holds between two texts
SPLIT_COST = 1.0
#: the kinds a row's best split is made of (not the rarest: they cost more time than
#: they change)
_KINDS = ((1, 0), (0, 1), *(k for k in KINDS if k[0] and k[1] and sum(k) <= 5))


@dataclass(frozen=True)
class Row:
    """``cells[k]`` are the unit indices of text ``k`` in this row (possibly empty)."""

    cells: tuple[tuple[int, ...], ...]
    confidence: float


@dataclass(frozen=True)
class _Gap:
    """Units of the other texts between two pivot rows, and their beads' confidences."""

    units: list[list[int]]
    conf: dict[tuple[int, int], float]


def _pivot_groups(n: int, pair_beads: Sequence[Sequence[Bead]]) -> list[tuple[int, int]]:
    """Pivot unit runs ``[a, b)`` that no text's bead crosses."""
    joined = [False] * max(n - 1, 0)  # joined[i]: units i and i+1 share a row
    for beads in pair_beads:
        for b in beads:
            for i in b.src[:-1]:
                joined[i] = True
    groups = []
    start = 0
    for i in range(n):
        if i == n - 1 or not joined[i]:
            groups.append((start, i + 1))
            start = i + 1
    return groups


def _swap(beads: Sequence[Bead]) -> list[Bead]:
    return [Bead(b.tgt, b.src, b.confidence) for b in beads]


def align_multi(texts: Sequence[Sequence[str]], **options) -> list[Row]:
    """Align N texts (N >= 1) into rows; monotonic in every text, each unit in one row.
    ``options`` go to ``align_pair`` (e.g. ``lexicon=``). A row's confidence is the
    estimated probability that it is right (see ``row_confidence``)."""
    return _align(texts, None, options)


def _align(
    texts: Sequence[Sequence[str]], whole: Sequence[Sequence[str]] | None, options: dict
) -> list[Row]:
    """``align_multi``; ``whole[t]`` is the complete text that ``texts[t]`` is a stretch of
    (for gaps: lengths are judged against the whole texts, not the stretches)."""
    rows, pairs = _align_pairs(texts, whole, options)
    if len(texts) < 3:
        return rows
    return [Row(r.cells, c) for r, c in zip(rows, row_confidences(rows, pairs), strict=True)]


#: logistic weights (bias, mean and min over pairs of the log-odds of ``pair_confidence``,
#: share of pairs that cut the row otherwise) fitted on Bible chapters in 3-6 languages
#: with random groupings by bench/align_calibrate.py: held-out AUC (right vs wrong rows)
#: .94 / .90 on each half of the chapters, where the least of the pivot's beads had .87 / .81
ROW_WEIGHTS = (-1.2554, 1.0790, 0.1591, -0.1704)


def row_confidences(rows: Sequence[Row], pairs: dict[tuple[int, int], list[Bead]]) -> list[float]:
    """Per row of a table of 3+ texts, the probability that it is right (the gold row has
    exactly its cells): a logistic model (``ROW_WEIGHTS``) over what every pair of texts
    says of it (``row_features``), not the pivot's beads alone."""
    w = ROW_WEIGHTS
    out = []
    for f in row_features(rows, pairs):
        z = w[0] + sum(a * b for a, b in zip(w[1:], f, strict=True))
        out.append(1.0 / (1.0 + math.exp(-min(max(z, -30.0), 30.0))))
    return out


def pair_confidence(
    corners: dict[tuple[int, int], int], confs: Sequence[float], i0: int, i1: int, j0: int, j1: int
) -> float:
    """What one pair of texts says of a row holding its units ``i0 .. i1-1`` and
    ``j0 .. j1-1``: the least confidence of its beads that tile the row exactly, or 0 when
    one of its beads crosses the row's edge. ``corners``: the pair's path, each bead's end
    corner mapped to its position (``(0, 0)`` to 0); ``confs[p]``: the confidence of the
    bead ending at the corner of position ``p``."""
    p0, p1 = corners.get((i0, j0)), corners.get((i1, j1))
    if p0 is None or p1 is None:
        return 0.0
    return min(confs[p0 + 1 : p1 + 1], default=1.0)


def row_features(
    rows: Sequence[Row], pairs: dict[tuple[int, int], list[Bead]]
) -> list[tuple[float, float, float]]:
    """Per row: the mean and the least log-odds of ``pair_confidence`` over every pair of
    texts with units in it (clipped to [0.01, 0.99]), and the share of those pairs whose
    beads cross its edges."""
    k = len(rows[0].cells) if rows else 0
    corners: dict[tuple[int, int], tuple[dict[tuple[int, int], int], list[float]]] = {}
    for s in range(k):
        for t in range(s + 1, k):
            cs: dict[tuple[int, int], int] = {(0, 0): 0}
            confs = [1.0]
            i = j = 0
            for bead in pairs[(s, t)]:
                i, j = i + len(bead.src), j + len(bead.tgt)
                cs[(i, j)] = len(confs)
                confs.append(bead.confidence)
            corners[(s, t)] = (cs, confs)
    pos = [0] * k
    out = []
    for r in rows:
        logits, cut = [], 0
        for s in range(k):
            for t in range(s + 1, k):
                a, b = len(r.cells[s]), len(r.cells[t])
                if not a and not b:
                    continue
                c = pair_confidence(*corners[(s, t)], pos[s], pos[s] + a, pos[t], pos[t] + b)
                cut += c == 0.0
                c = min(max(c, 0.01), 0.99)
                logits.append(math.log(c / (1.0 - c)))
        for s in range(k):
            pos[s] += len(r.cells[s])
        if not logits:
            out.append((4.6, 4.6, 0.0))
            continue
        out.append((sum(logits) / len(logits), min(logits), cut / len(logits)))
    return out


def _align_pairs(
    texts: Sequence[Sequence[str]], whole: Sequence[Sequence[str]] | None, options: dict
) -> tuple[list[Row], dict[tuple[int, int], list[Bead]]]:
    """``_align`` with row confidences from the pivot's beads (the least of them), and the
    pairwise beads (both ways)."""
    k = len(texts)
    if k == 0:
        return [], {}
    if k == 1:  # one text: one row per unit, nothing to compare
        return [Row(((i,),), 1.0) for i in range(len(texts[0]))], {}

    both = [(s, t) for s in range(k) for t in range(s + 1, k)]
    jobs = [(texts[s], texts[t], None if whole is None else (whole[s], whole[t])) for s, t in both]
    pairs: dict[tuple[int, int], list[Bead]] = {}
    costs: dict[tuple[int, int], BeadCosts] = {}
    # the tables are judged (``sum_of_pairs``) with the costs of the kinds ``_block`` uses
    done = align_pairs_costs(jobs, keep_kinds=_KINDS, **options)
    for (s, t), (beads, model) in zip(both, done, strict=True):
        pairs[(s, t)], costs[(s, t)] = beads, model
        pairs[(t, s)] = _swap(beads)
    # the longest text first: it wins ties (most often it has every paragraph)
    order = sorted(range(k), key=lambda t: (-len(texts[t]), t))
    best: list[Row] = []
    best_cost = float("inf")
    blocks: dict[tuple[int, int, int, int, int, int], float] = {}  # the pivots share most
    for pivot in order:
        if not texts[pivot] and best:
            continue
        table = _pivot_table(texts, pivot, {t: pairs[(pivot, t)] for t in range(k) if t != pivot})
        rows = _fill_gaps(texts, whole or texts, table, options)
        cost = sum_of_pairs(rows, costs, k, blocks)
        if cost < best_cost - 1e-9 or not best:
            best, best_cost = rows, cost
    return best, pairs


def sum_of_pairs(
    rows: Sequence[Row],
    costs: dict[tuple[int, int], BeadCosts],
    k: int,
    blocks: dict[tuple[int, int, int, int, int, int], float] | None = None,
) -> float:
    """The cost of a table: for every pair of texts and every row, the cost of the best
    alignment of the row's units of the two texts under that pair's own cost model, plus
    ``SPLIT_COST`` for each bead beyond the first (a row holding two paragraphs of both
    texts costs what two 1-1 beads cost, and a little more: rows coarser than every pair
    needs lose). ``blocks`` keeps each row's cost per pair (by its units) for other tables
    of the same texts."""
    memo = {} if blocks is None else blocks
    total = 0.0
    for s in range(k):
        for t in range(s + 1, k):
            cost = costs[(s, t)]
            i = j = 0
            for row in rows:
                a, b = len(row.cells[s]), len(row.cells[t])
                if a or b:
                    key = (s, t, i, i + a, j, j + b)
                    c = memo.get(key)
                    if c is None:
                        c = memo[key] = _block(cost, i, i + a, j, j + b)
                    total += c
                i, j = i + a, j + b
    return total


def _block(cost: BeadCosts, i0: int, i1: int, j0: int, j1: int) -> float:
    """The cheapest monotonic bead path from (i0, j0) to (i1, j1), ``SPLIT_COST`` a bead
    beyond the first."""
    if (i1 - i0) + (j1 - j0) <= 1 or i1 - i0 > MAX_BLOCK or j1 - j0 > MAX_BLOCK:
        return cost(i0, i1, j0, j1)
    best: dict[tuple[int, int], float] = {(i0, j0): -SPLIT_COST}
    for i in range(i0, i1 + 1):
        for j in range(j0, j1 + 1):
            if (i, j) != (i0, j0):
                best[(i, j)] = SPLIT_COST + min(
                    best[(i - a, j - b)] + cost(i - a, i, j - b, j)
                    for a, b in _KINDS
                    if i - a >= i0 and j - b >= j0
                )
    return best[(i1, j1)]


def _pivot_table(
    texts: Sequence[Sequence[str]], pivot: int, pair: dict[int, list[Bead]]
) -> list[Row | _Gap]:
    """Rows by one pivot; a gap (units of other texts between two pivot rows) is left as
    it is, for ``_fill_gaps``."""
    k = len(texts)
    n = len(texts[pivot])
    others = [t for t in range(k) if t != pivot]
    groups = _pivot_groups(n, list(pair.values()))
    group_of = {}
    for g, (a, b) in enumerate(groups):
        for i in range(a, b):
            group_of[i] = g
    # per group: cells and confidences; per gap (before group g, g = len(groups) = at end)
    cells: list[list[list[int]]] = [[[] for _ in range(k)] for _ in groups]
    confs: list[list[float]] = [[] for _ in groups]
    gaps = [_Gap([[] for _ in range(k)], {}) for _ in range(len(groups) + 1)]
    for g, (a, b) in enumerate(groups):
        cells[g][pivot] = list(range(a, b))
    for t in others:
        last = -1  # group of the previous bead with pivot units
        pending: list[Bead] = []  # beads with no pivot unit since then
        for bead in [*pair[t], Bead((n,), ())]:  # a sentinel flushes the end
            if not bead.src:
                pending.append(bead)
                continue
            g = group_of.get(bead.src[0], len(groups))
            for p in pending:
                if g == last:  # inside one row: the unit joins it
                    cells[g][t].extend(p.tgt)
                    confs[g].append(p.confidence)
                else:
                    gaps[g].units[t].extend(p.tgt)
                    gaps[g].conf.update({(t, j): p.confidence for j in p.tgt})
            pending = []
            if g < len(groups):
                cells[g][t].extend(bead.tgt)
                confs[g].append(bead.confidence)
            last = g
    rows: list[Row | _Gap] = []
    for g in range(len(groups) + 1):
        if any(gaps[g].units):
            rows.append(gaps[g])
        if g < len(groups):
            conf = min(confs[g]) if confs[g] else 1.0
            rows.append(Row(tuple(tuple(c) for c in cells[g]), conf))
    return rows


def _fill_gaps(
    texts: Sequence[Sequence[str]],
    whole: Sequence[Sequence[str]],
    rows: Sequence[Row | _Gap],
    options: dict,
) -> list[Row]:
    out: list[Row] = []
    for r in rows:
        out.extend([r] if isinstance(r, Row) else _gap_rows(texts, whole, r, options))
    return out


def _gap_rows(
    texts: Sequence[Sequence[str]], whole: Sequence[Sequence[str]], gap: _Gap, options: dict
) -> list[Row]:
    """Rows for the units several texts have in one gap of the pivot."""
    k = len(texts)
    units = gap.units
    present = [t for t in range(k) if units[t]]
    if len(present) == 1:
        t = present[0]
        return [
            Row(tuple((j,) if s == t else () for s in range(k)), gap.conf.get((t, j), 0.5))
            for j in units[t]
        ]
    sub = _align(
        [[texts[t][j] for j in units[t]] for t in present], [whole[t] for t in present], options
    )
    rows = []
    for r in sub:
        full: list[tuple[int, ...]] = [()] * k
        for pos, t in enumerate(present):
            full[t] = tuple(units[t][j] for j in r.cells[pos])
        rows.append(Row(tuple(full), r.confidence))
    return rows
