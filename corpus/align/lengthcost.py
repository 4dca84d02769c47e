"""Gale–Church length cost and a skip cost that grows with the length of what is skipped."""

from __future__ import annotations

import numpy as np

_P = 0.3275911
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def neg_log_two_tail(z: np.ndarray) -> np.ndarray:
    """``-log(2 * (1 - Phi(|z|)))``, vectorised and stable for large ``|z|``
    (Abramowitz–Stegun 7.1.26 for erfc)."""
    # in place, each step the very operation of the formula (fewer passes, same values):
    # t = 1 / (1 + P x), poly = t (A0 + t (A1 + t (A2 + t (A3 + t A4)))), x^2 - log(poly)
    x = np.abs(z)
    x /= np.sqrt(2.0)
    t = _P * x
    t += 1.0
    np.divide(1.0, t, out=t)
    poly = t * _A[4]
    for a in _A[3::-1]:
        poly += a
        poly *= t
    np.log(poly, out=poly)
    x *= x
    x -= poly
    return np.maximum(x, 0.0, out=x)


def gale_church(ls: np.ndarray, lt: np.ndarray, ratio: float, variance: float) -> np.ndarray:
    """Cost of pairing ``ls`` source characters with ``lt`` target characters, given the
    expected ``ratio`` (target per source character) and the variance per character."""
    scaled = ls * ratio
    sd = scaled + lt  # in place: (ls * ratio + lt) / 2, then sqrt(variance * mean + 1)
    sd /= 2.0
    sd *= variance
    sd += 1.0
    np.sqrt(sd, out=sd)
    z = lt - scaled
    z /= sd
    return neg_log_two_tail(z)


def skip_cost(length: np.ndarray, mean_length: float, base: float, slope: float) -> np.ndarray:
    """Cost of leaving ``length`` characters unaligned: ``base + slope * log1p(len / mean)``."""
    return base + slope * np.log1p(length / max(mean_length, 1.0))
