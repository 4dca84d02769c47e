"""Gale–Church length cost and a skip cost that grows with the length of what is skipped."""

from __future__ import annotations

import numpy as np

_P = 0.3275911
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def neg_log_two_tail(z: np.ndarray) -> np.ndarray:
    """``-log(2 * (1 - Phi(|z|)))``, vectorised and stable for large ``|z|``
    (Abramowitz–Stegun 7.1.26 for erfc)."""
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + _P * x)
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    return np.maximum(x * x - np.log(poly), 0.0)


def gale_church(ls: np.ndarray, lt: np.ndarray, ratio: float, variance: float) -> np.ndarray:
    """Cost of pairing ``ls`` source characters with ``lt`` target characters, given the
    expected ``ratio`` (target per source character) and the variance per character."""
    mean = (ls * ratio + lt) / 2.0
    z = (lt - ls * ratio) / np.sqrt(variance * mean + 1.0)
    return neg_log_two_tail(z)


def skip_cost(length: np.ndarray, mean_length: float, base: float, slope: float) -> np.ndarray:
    """Cost of leaving ``length`` characters unaligned: ``base + slope * log1p(len / mean)``."""
    return base + slope * np.log1p(length / max(mean_length, 1.0))
