"""A bead's confidence: the probability that it is right, from what the DP knows of it.

Features per bead (``bead_features``): its posterior (the share of the soft weight of all
paths through exactly this bead, ``dp.posteriors``) and its log-odds (the "margin", in
nats), the margins of its neighbours (errors come in runs), its kind (1-1, a skip, a
merge of 3 or of 4+ units), its cost per unit and length z-score, the shared-word
evidence inside it and the words whose counterpart lies outside it, its length, and how
much the two texts share. A logistic
model maps them to [0, 1]; its weights (``WEIGHTS``) were fitted on the dev sets (Text+Berg
1957, Bible chapters with random groupings, wmt16 en-fi news, plain and with random
merges) by ``bench/align_calibrate.py``, which prints the reliability table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .lexical import Concepts

Path = list[tuple[int, int, int, int, float]]
#: Gale–Church variance per character, for the bead's length z-score
VARIANCE = 12.0

FEATURES = (
    "bias",
    "margin",
    "log margin",
    "neighbour margin",
    "skip",
    "skip x margin",
    "skip length",
    "merge",
    "merge x margin",
    "big",
    "cost per unit",
    "share",
    "neighbour not 1-1",
    "length z",
    "window margin",
    "shared",
    "no evidence",
    "unmatched",
    "log length",
    "posterior",
    "log posterior",
)

#: fitted by bench/align_calibrate.py (logistic regression, light L2), in FEATURES order
WEIGHTS = np.array([
    1.9193, 0.6537, 1.1145, 0.0338, -2.5189, -0.4411, -1.0483, -0.6052,
    -0.0426, -1.4784, 0.1768, -0.3293, -0.4956, -1.0596, 0.1641, 0.3761,
    -0.4946, -0.7082, -0.3614, -0.1423, -1.1459,
])  # fmt: skip


def bead_features(
    path: Path,
    margin: Sequence[float],
    share: float,
    src_len: Sequence[int],
    tgt_len: Sequence[int],
    ratio: float,
    mean_len: float,
    concepts: Concepts | None = None,
    posterior: Sequence[float] = (),
) -> np.ndarray:
    """One row of ``FEATURES`` per bead of ``path``."""
    k = len(path)
    x = np.zeros((k, len(FEATURES)))
    if not k:
        return x
    g = np.clip(np.asarray(margin, dtype=float), -5.0, 20.0)
    nb = np.minimum(np.concatenate([[20.0], g[:-1]]), np.concatenate([g[1:], [20.0]]))
    ls = np.concatenate([[0], np.cumsum(src_len)]).astype(float)
    lt = np.concatenate([[0], np.cumsum(tgt_len)]).astype(float)
    a = np.array([i1 - i0 for i0, i1, _, _, _ in path])
    b = np.array([j1 - j0 for _, _, j0, j1, _ in path])
    chars = np.array([ls[i1] - ls[i0] + (lt[j1] - lt[j0]) / ratio for i0, i1, j0, j1, _ in path])
    cost = np.array([c for *_, c in path]) / np.maximum(a + b, 1)
    skip = ((a == 0) | (b == 0)).astype(float)
    merge = ((a + b == 3) & (skip == 0)).astype(float)
    x[:, 0] = 1.0
    x[:, 1] = g
    x[:, 2] = np.log1p(np.maximum(g, 0.0))
    x[:, 3] = np.clip(nb, -5.0, 20.0)
    x[:, 4] = skip
    x[:, 5] = skip * g
    x[:, 6] = skip * np.log1p(chars / max(mean_len, 1.0))
    x[:, 7] = merge
    x[:, 8] = merge * g
    x[:, 9] = ((a + b >= 4) & (skip == 0)).astype(float)
    x[:, 10] = np.clip(cost, -10.0, 10.0)
    x[:, 11] = share
    odd = ((a != 1) | (b != 1)).astype(float)
    x[:, 12] = np.maximum(np.concatenate([[0.0], odd[:-1]]), np.concatenate([odd[1:], [0.0]]))
    ls_b = np.array([ls[i1] - ls[i0] for i0, i1, _, _, _ in path])
    lt_b = np.array([lt[j1] - lt[j0] for _, _, j0, j1, _ in path])
    z = (lt_b - ls_b * ratio) / np.sqrt(VARIANCE * (ls_b * ratio + lt_b) / 2.0 + 1.0)
    x[:, 13] = np.where(skip > 0, 0.0, np.minimum(np.abs(z), 6.0))
    pad = np.concatenate([[20.0, 20.0], g, [20.0, 20.0]])
    x[:, 14] = np.min(np.stack([pad[s : s + k] for s in range(5)]), axis=0)
    if concepts is not None and concepts.size:
        shared, unmatched = _evidence(path, concepts)
        x[:, 15] = np.log1p(shared)
        x[:, 16] = ((shared <= 0) & (skip == 0)).astype(float)
        x[:, 17] = np.log1p(unmatched)
    else:
        x[:, 16] = 1.0 - skip
    x[:, 18] = np.log1p(chars / max(mean_len, 1.0))
    if len(posterior) == k:
        post = np.clip(np.asarray(posterior, dtype=float), 1e-6, 1.0)
        x[:, 19] = post
        x[:, 20] = np.log(post)
    return x


def _evidence(path: Path, concepts: Concepts) -> tuple[np.ndarray, np.ndarray]:
    """Per bead: the weight of the concepts both its sides have, and of those only one
    side has although the other text has them (their counterpart is elsewhere)."""
    shared = np.zeros(len(path))
    unmatched = np.zeros(len(path))
    for k, (i0, i1, j0, j1, _) in enumerate(path):
        s = concepts.src[i0:i1].max(0) if i1 > i0 else np.zeros(concepts.size)
        t = concepts.tgt[j0:j1].max(0) if j1 > j0 else np.zeros(concepts.size)
        both = (s > 0) & (t > 0)
        shared[k] = float(s[both].sum())
        unmatched[k] = float(s[~both].sum() + t[~both].sum())
    return shared, unmatched


def logistic(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def calibrated(x: np.ndarray, weights: np.ndarray | None = None) -> list[float]:
    """The probability that each bead is right, from its ``bead_features`` row."""
    w = WEIGHTS if weights is None else weights
    return [float(p) for p in logistic(x @ w)]
