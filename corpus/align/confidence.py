"""A bead's confidence: the probability that it is right, from what the DP knows of it.

The main evidence is the bead's posterior: the share of the soft weight of all paths
through exactly this bead (``dp.posteriors``), taken under a model that also knows bead
kinds the best path never takes (``AlignParams.soft_priors``: 2-5, 4-4, ...), and used as
its log-odds (the "margin", in nats). ``bead_features`` computes many more candidates
(``CANDIDATES``: neighbours' margins, kind, length z-score, shared-word evidence, ...);
the model uses ``FEATURES``: the margin, its part below even odds, and "cut before" (the
unit before the bead does not end a sentence). Every other candidate lowered the held-out
AUC. A logistic model maps them to [0, 1], monotonic in the margin; its weights
(``WEIGHTS``) were fitted on the dev sets (Text+Berg 1957, Bible chapters with random
groupings, wmt16 en-fi news with random merges) by ``bench/align_calibrate.py``, which
prints the held-out figures (never fitted on the beads judged) and the reliability table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .lexical import Concepts

Path = list[tuple[int, int, int, int, float]]
#: Gale–Church variance per character, for the bead's length z-score
VARIANCE = 12.0

#: a unit that ends a sentence: with a full stop, ! or ? (perhaps inside quotes or
#: brackets), not with an abbreviation (``Nov .``, ``S.``) nor with ``:`` ``;`` ``,`` ``(``
_ENDS = re.compile(
    r"[.!?\u3002\uff01\uff1f\u2026][\s\"'\u00bb\u201c\u201d\u2019)\]\u300d\u300f\uff09]*$"
)
_ABBREVIATION = re.compile(r"\b\w{1,3}\s*\.\s*$")

#: every feature ``bead_features`` computes; the model uses those in ``FEATURES``
CANDIDATES = (
    "bias",
    "margin",
    "negative margin",
    "log margin",
    "neighbour margin",
    "window margin",
    "cut before",
    "skip",
    "skip x margin",
    "skip length",
    "merge",
    "big",
    "cost per unit",
    "share",
    "neighbour not 1-1",
    "length z",
    "shared",
    "no evidence",
    "unmatched",
    "log length",
)

#: chosen on held-out AUC (each half of Text+Berg 1957 fitted without it, Bible and wmt16
#: left out in turn; bench/align_calibrate.py): every feature beyond these lost there
FEATURES = ("bias", "margin", "negative margin", "cut before")

#: fitted by bench/align_calibrate.py (logistic regression, light L2), in FEATURES order
WEIGHTS = np.array([0.4745, 1.3334, -1.0819, -0.2593])  # fmt: skip


@lru_cache(maxsize=50_000)
def ends_sentence(unit: str) -> bool:
    """Whether a unit ends as a sentence does (an empty unit does)."""
    u = unit.rstrip()
    return not u or (bool(_ENDS.search(u)) and not _ABBREVIATION.search(u))


def bead_features(
    path: Path,
    margin: Sequence[float],
    share: float,
    src_len: Sequence[int],
    tgt_len: Sequence[int],
    ratio: float,
    mean_len: float,
    concepts: Concepts | None = None,
    units: tuple[Sequence[str], Sequence[str]] | None = None,
    features: Sequence[str] = FEATURES,
) -> np.ndarray:
    """One row per bead of ``path``, one column per name in ``features`` (``CANDIDATES``).

    ``margin``: the log-odds of each bead's posterior (nats, ``dp.posteriors``); ``units``:
    the two texts (for "cut before": the unit before the bead, on either side, does not
    end a sentence, so the bead starts inside a sentence split in two)."""
    k = len(path)
    col = {f: c for c, f in enumerate(CANDIDATES)}
    want = set(features)
    x = np.zeros((k, len(CANDIDATES)))
    if not k:
        return x[:, [col[f] for f in features]]
    g = np.clip(np.asarray(margin, dtype=float), -5.0, 20.0)
    nb = np.minimum(np.concatenate([[20.0], g[:-1]]), np.concatenate([g[1:], [20.0]]))
    ls = np.concatenate([[0], np.cumsum(src_len)]).astype(float)
    lt = np.concatenate([[0], np.cumsum(tgt_len)]).astype(float)
    ends = np.array([p[:4] for p in path], dtype=np.int64)
    i0, i1, j0, j1 = ends.T
    a, b = i1 - i0, j1 - j0
    ls_b, lt_b = ls[i1] - ls[i0], lt[j1] - lt[j0]
    chars = ls_b + lt_b / ratio
    cost = np.array([p[4] for p in path]) / np.maximum(a + b, 1)
    skip = ((a == 0) | (b == 0)).astype(float)
    merge = ((a + b == 3) & (skip == 0)).astype(float)
    x[:, col["bias"]] = 1.0
    x[:, col["margin"]] = g
    x[:, col["negative margin"]] = np.minimum(g, 0.0)  # below even odds, the slope differs
    x[:, col["log margin"]] = np.log1p(np.maximum(g, 0.0))
    x[:, col["neighbour margin"]] = np.clip(nb, -5.0, 20.0)
    pad = np.concatenate([[20.0, 20.0], g, [20.0, 20.0]])
    x[:, col["window margin"]] = np.min(np.stack([pad[s : s + k] for s in range(5)]), axis=0)
    if units is not None and "cut before" in want:
        x[:, col["cut before"]] = _cut_before(path, *units)
    x[:, col["skip"]] = skip
    x[:, col["skip x margin"]] = skip * g
    x[:, col["skip length"]] = skip * np.log1p(chars / max(mean_len, 1.0))
    x[:, col["merge"]] = merge
    x[:, col["big"]] = ((a + b >= 4) & (skip == 0)).astype(float)
    x[:, col["cost per unit"]] = np.clip(cost, -10.0, 10.0)
    x[:, col["share"]] = share
    odd = ((a != 1) | (b != 1)).astype(float)
    x[:, col["neighbour not 1-1"]] = np.maximum(
        np.concatenate([[0.0], odd[:-1]]), np.concatenate([odd[1:], [0.0]])
    )
    z = (lt_b - ls_b * ratio) / np.sqrt(VARIANCE * (ls_b * ratio + lt_b) / 2.0 + 1.0)
    x[:, col["length z"]] = np.where(skip > 0, 0.0, np.minimum(np.abs(z), 6.0))
    if concepts is not None and concepts.size:
        if want & {"shared", "no evidence", "unmatched"}:  # the costliest: only when asked
            shared, unmatched = _evidence(path, concepts)
            x[:, col["shared"]] = np.log1p(shared)
            x[:, col["no evidence"]] = ((shared <= 0) & (skip == 0)).astype(float)
            x[:, col["unmatched"]] = np.log1p(unmatched)
    else:
        x[:, col["no evidence"]] = 1.0 - skip
    x[:, col["log length"]] = np.log1p(chars / max(mean_len, 1.0))
    return x[:, [col[f] for f in features]]


def _cut_before(path: Path, src: Sequence[str], tgt: Sequence[str]) -> np.ndarray:
    """1 where the unit just before the bead, on a side the bead has units of, does not
    end a sentence."""
    out = np.zeros(len(path))
    for k, (i0, i1, j0, j1, _) in enumerate(path):
        cut = i1 > i0 and i0 > 0 and not ends_sentence(src[i0 - 1])
        cut = cut or (j1 > j0 and j0 > 0 and not ends_sentence(tgt[j0 - 1]))
        out[k] = float(cut)
    return out


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
    """The probability that each bead is right, from its ``bead_features`` row (of
    ``FEATURES``)."""
    w = WEIGHTS if weights is None else weights
    return [float(p) for p in logistic(x @ w)]


def columns(names: Sequence[str]) -> list[int]:
    """Positions of ``names`` in ``CANDIDATES``."""
    return [CANDIDATES.index(n) for n in names]
