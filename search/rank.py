"""Choosing candidates by their score bound, and ordering hits best first.

Hits are ordered by the score they show, nothing else. Among hits of equal score, one
with fewer earlier hits of its group (its article, else its document, and its language)
comes first, so that a tie does not fill the list with one article.
"""

from __future__ import annotations

import numpy as np


def top_ids(ids: np.ndarray, bounds: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """About the ``m`` best of ``ids`` by their positive ``bounds`` (ties spread evenly over
    the ids), with their bounds."""
    keep = bounds > 0
    if not keep.all():
        ids, bounds = ids[keep], bounds[keep]
    if not len(ids):
        return ids, bounds
    top = float(bounds.max())
    chosen = np.arange(len(ids))
    for floor in (top - 0.01, top - 10.0, 0.0):
        chosen = np.flatnonzero(bounds >= floor) if floor > 0 else np.arange(len(ids))
        if len(chosen) >= m or floor <= 0:
            break
    if len(chosen) > m:
        vals = bounds[chosen]
        if vals.min() >= top - 0.01:  # one tier of equal bounds: spread the sample
            chosen = chosen[np.linspace(0, len(chosen) - 1, m).astype(np.int64)]
        else:
            chosen = chosen[np.argpartition(-vals, m)[:m]]
    return ids[chosen], bounds[chosen]


def group_rank(groups: np.ndarray) -> np.ndarray:
    """For items already in order: how many earlier items share each item's group."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    first = np.flatnonzero(np.diff(g, prepend=g[:1] - 1))
    within = np.arange(len(g)) - np.repeat(first, np.diff(np.append(first, len(g))))
    out = np.empty(len(g), dtype=np.int64)
    out[order] = within
    return out


def order_hits(hits: list[tuple[float, tuple]]) -> list[tuple[float, tuple]]:
    """(score, row) best first: by score; equal scores by fewer earlier hits of the group.

    Rows are ``_VERIFY_SQL`` rows; a group is an article (else a document) and a language.
    """
    hits = sorted(hits, key=lambda h: (-h[0], h[1][0]))
    seen: dict[tuple, int] = {}
    keyed = []
    for s, row in hits:
        g = (("a", row[5]) if row[5] is not None else ("d", row[1]), row[3])
        r = seen.get(g, 0)
        seen[g] = r + 1
        keyed.append((-s, r, row[0], s, row))
    keyed.sort(key=lambda k: k[:3])
    return [(s, row) for *_, s, row in keyed]
