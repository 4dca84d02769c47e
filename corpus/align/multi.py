"""Multi-way alignment: N texts into one table of rows, by pivot alignment.

The pivot is the text with the most units. Every other text is aligned to it with
``align_pair``; pivot units that any text merges into one bead share one row. Units that a
text leaves unaligned against the pivot fall into the gap between two pivot rows; the
texts' gap units are aligned among themselves (recursively, the same way), so extra
material that several texts share (but the pivot lacks) still lands in common rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .beads import Bead
from .pair import align_pair


@dataclass(frozen=True)
class Row:
    """``cells[k]`` are the unit indices of text ``k`` in this row (possibly empty)."""

    cells: tuple[tuple[int, ...], ...]
    confidence: float


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


def align_multi(texts: Sequence[Sequence[str]], **options) -> list[Row]:
    """Align N texts (N >= 1) into rows; monotonic in every text, each unit in one row.
    ``options`` go to ``align_pair`` (e.g. ``lexicon=``)."""
    k = len(texts)
    if k == 0:
        return []
    pivot = max(range(k), key=lambda t: (len(texts[t]), -t))
    n = len(texts[pivot])
    others = [t for t in range(k) if t != pivot]
    pair = {t: align_pair(texts[pivot], texts[t], **options) for t in others}
    groups = _pivot_groups(n, list(pair.values()))
    group_of = {}
    for g, (a, b) in enumerate(groups):
        for i in range(a, b):
            group_of[i] = g
    # per group: cells and confidences; per gap (before group g, g = len(groups) = at end)
    cells: list[list[list[int]]] = [[[] for _ in range(k)] for _ in groups]
    confs: list[list[float]] = [[] for _ in groups]
    gaps: list[list[list[int]]] = [[[] for _ in range(k)] for _ in range(len(groups) + 1)]
    gap_conf: list[dict[int, float]] = [{} for _ in range(len(groups) + 1)]
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
                    gaps[g][t].extend(p.tgt)
                    for j in p.tgt:
                        gap_conf[g][j * k + t] = p.confidence
            pending = []
            if g < len(groups):
                cells[g][t].extend(bead.tgt)
                confs[g].append(bead.confidence)
            last = g
    rows: list[Row] = []
    for g in range(len(groups) + 1):
        rows.extend(_gap_rows(texts, gaps[g], gap_conf[g], options))
        if g < len(groups):
            conf = min(confs[g]) if confs[g] else 1.0
            rows.append(Row(tuple(tuple(c) for c in cells[g]), conf))
    return rows


def _gap_rows(
    texts: Sequence[Sequence[str]],
    gap: list[list[int]],
    conf: dict[int, float],
    options: dict,
) -> list[Row]:
    """Rows for the units several texts have in one gap of the pivot."""
    k = len(texts)
    present = [t for t in range(k) if gap[t]]
    if not present:
        return []
    if len(present) == 1:
        t = present[0]
        return [
            Row(tuple((j,) if s == t else () for s in range(k)), conf.get(j * k + t, 0.5))
            for j in gap[t]
        ]
    sub = align_multi([[texts[t][j] for j in gap[t]] for t in present], **options)
    rows = []
    for r in sub:
        full: list[tuple[int, ...]] = [()] * k
        for pos, t in enumerate(present):
            full[t] = tuple(gap[t][j] for j in r.cells[pos])
        rows.append(Row(tuple(full), r.confidence))
    return rows
