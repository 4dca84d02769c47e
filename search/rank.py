"""Choosing candidates by their score bound, and ordering hits so groups do not flood."""

from __future__ import annotations

import numpy as np

#: Rank penalty for each earlier hit of the same article (or document) and language.
GROUP_PENALTY = 6.0
GROUP_PENALTY_STEPS = 4


def top_ids(bound: np.ndarray, m: int) -> np.ndarray:
    """Ids of about the ``m`` best positive bounds (ties spread evenly over the ids)."""
    top = float(bound.max()) if len(bound) else 0.0
    if top <= 0:
        return np.zeros(0, dtype=np.int64)
    for floor in (top - 0.01, top - 10.0, 0.0):
        ids = np.flatnonzero(bound > floor) if floor <= 0 else np.flatnonzero(bound >= floor)
        if len(ids) >= m or floor <= 0:
            break
    if len(ids) <= m:
        return ids
    vals = bound[ids]
    if vals.min() >= top - 0.01:  # one tier of equal bounds: spread the sample
        return ids[np.linspace(0, len(ids) - 1, m).astype(np.int64)]
    return ids[np.argpartition(-vals, m)[:m]]


def sort_key(item: tuple[float, float, tuple]) -> float:
    """The ordering key of a :func:`group_order` item."""
    return item[1]


def group_order(hits: list[tuple[float, tuple]]) -> list[tuple[float, float, tuple]]:
    """(score, key, row) by key: score less a penalty per earlier hit of the same group.

    Rows are ``_VERIFY_SQL`` rows; a group is an article (else a document) and a language.
    """
    hits = sorted(hits, key=lambda h: (-h[0], h[1][0]))
    seen: dict[tuple, int] = {}
    out = []
    for s, row in hits:
        g = (("a", row[5]) if row[5] is not None else ("d", row[1]), row[3])
        r = seen.get(g, 0)
        seen[g] = r + 1
        out.append((s, s - GROUP_PENALTY * min(r, GROUP_PENALTY_STEPS), row))
    out.sort(key=lambda h: (-h[1], -h[0], h[2][0]))
    return out
