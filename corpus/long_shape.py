"""The long shape: do two long texts' paragraph lengths rise and fall together, as a
translation's do?

A translation keeps its original's paragraphs in order and, above all, which of them
are long and which short: over a book of verses, the (log) lengths of the two texts
correlate at 0.8-0.9, whatever the languages or scripts, while two texts that do not
translate each other correlate at 0. This needs no shared word or name, so it finds the
translations of long texts that anchors cannot join (a Cherokee or Syriac book beside a
Latvian one).

The two texts are cut into windows of ``WINDOW`` paragraphs; each window of the shorter
is correlated with the longer at every offset from where it would sit in proportion
(a few verses missing on one side shift the rest); the offsets are chosen together
along the text (a Viterbi path, each change of offset costing ``OFFSET_PENALTY``), so
that a chance match of one window cannot pick its own offset freely. The similarity is
the median window correlation along that path, and counts only when the same path moved
by one to three paragraphs correlates far less (``SHARPNESS``): texts whose lengths
alternate by a template (a question and its answer, a heading and its body) match
themselves at any even shift, a translation only at its own.

Measured on bible-nt books (bench/group_bench.py bible), 12 languages, texts of 80
paragraphs or more in a length ratio of at least 0.9: the same book in two languages
0.83 median (84-90% at the thresholds below), two different books at most 0.54.

Shorter texts (SHORT_MIN to MIN_PARAGRAPHS paragraphs) are too few windows for that;
they are compared only when their counts are equal (or one apart: one paragraph left
out), paragraph by paragraph, and count as translations when that correlation is too
high to be chance (Fisher's z at least SHORT_Z: about one in a billion) and sharp as
above. Bible books of 20-79 verses: 52% of the same book's pairs of equal counts pass
and 63% of those one apart; different books reach z 2.3 and 2.9 at most.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Paragraphs per window.
WINDOW = 16
#: Texts shorter than this many paragraphs have no long shape (fewer than 5 windows:
#: a median over so few has too long a tail by chance).
MIN_PARAGRAPHS = 80
#: Texts whose paragraph counts are further apart than this ratio are not compared.
MIN_COUNT_RATIO = 0.9
#: Offsets tried around the proportional position: the difference of the counts (at
#: most MAX_DRIFT) plus EXTRA_OFFSETS each way.
MAX_DRIFT = 60
EXTRA_OFFSETS = 3
#: The cost of moving the path's offset by one paragraph, in correlation.
OFFSET_PENALTY = 0.3
#: The path moved by SHIFTS paragraphs must correlate at least this much less.
SHARPNESS = 0.3
SHIFTS = (-3, -2, -1, 1, 2, 3)
#: A similarity this high says "translations": SURE for texts of fewer than LONG
#: paragraphs (the shorter of the two), SURE_LONG from there on. Random orders of real
#: verse lengths reached 0.69 / 0.66 / 0.58 at most in 60,000 draws each of 80 / 96 / 128
#: paragraphs, two different Bible books 0.54 / 0.40 (80-300 / 300 or more).
SURE = 0.75
LONG = 128
SURE_LONG = 0.65
#: Texts of at least SHORT_MIN paragraphs and fewer than MIN_PARAGRAPHS: compared when
#: their counts are equal or one apart, translations from this Fisher z of their
#: correlation on (one apart: the best of the longer's paragraphs to leave out is
#: chosen, some 60 tries, which leaves a chance match still near one in ten million).
SHORT_MIN = 20
SHORT_Z = 6.0
SHORT_SHIFTS = (-2, -1, 1, 2)


def profile(lengths: Sequence[int] | np.ndarray) -> np.ndarray:
    """A text's paragraph lengths as standardised logs (what is compared)."""
    x = np.log1p(np.asarray(lengths, dtype=np.float64))
    spread = x.std()
    return (x - x.mean()) / (spread if spread > 0 else 1.0)


def comparable(n: int, m: int) -> bool:
    """Whether texts of ``n`` and ``m`` paragraphs have shapes worth comparing."""
    return _short(n, m) or _long(n, m)


def _short(n: int, m: int) -> bool:
    return abs(n - m) <= 1 and min(n, m) >= SHORT_MIN and max(n, m) < MIN_PARAGRAPHS


def _long(n: int, m: int) -> bool:
    return min(n, m) >= MIN_PARAGRAPHS and min(n, m) >= MIN_COUNT_RATIO * max(n, m)


def translations(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two ``profile``s' shapes say that the texts translate each other."""
    if _short(len(a), len(b)):
        return short_shape_z(a, b) >= SHORT_Z
    sure = SURE_LONG if min(len(a), len(b)) >= LONG else SURE
    return long_shape_similarity(a, b) >= sure


def short_shape_z(a: np.ndarray, b: np.ndarray) -> float:
    """Fisher's z of the paragraph-by-paragraph correlation of two ``profile``s of one
    count, or of counts one apart with the longer's best paragraph left out (0 when the
    texts moved by SHORT_SHIFTS correlate within SHARPNESS of it)."""
    if len(a) > len(b):
        a, b = b, a
    n = len(a)
    if n < SHORT_MIN or len(b) - n > 1:
        return 0.0
    if len(b) > n:  # the paragraph one text has more: the one whose removal fits best
        b = np.delete(b, int(_correlations(a, _each_left_out(b)).argmax()))
    r = _correlation(a, b)
    shifted = max(
        _correlation(a[s:], b[: n - s]) if s > 0 else _correlation(a[: n + s], b[-s:])
        for s in SHORT_SHIFTS
    )
    if r - shifted < SHARPNESS:
        return 0.0
    return float(np.arctanh(min(r, 0.9999)) * np.sqrt(n - 3))


def _each_left_out(b: np.ndarray) -> np.ndarray:
    """Row p: ``b`` without its element p."""
    m = len(b)
    keep = ~np.eye(m, dtype=bool)
    return np.broadcast_to(b, (m, m))[keep].reshape(m, m - 1)


def _correlations(a: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The correlation of ``a`` with each row."""
    x = a - a.mean()
    y = rows - rows.mean(axis=1, keepdims=True)
    size = np.sqrt((x @ x) * (y * y).sum(axis=1))
    return np.divide(y @ x, size, out=np.zeros(len(rows)), where=size > 0)


def _correlation(x: np.ndarray, y: np.ndarray) -> float:
    x, y = x - x.mean(), y - y.mean()
    size = float(np.sqrt((x @ x) * (y @ y)))
    return float(x @ y) / size if size > 0 else 0.0


def long_shape_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """How well two ``profile``s rise and fall together, in [-1, 1]; 0 when they are not
    long enough to compare or the match is not sharp."""
    if not _long(len(a), len(b)):
        return 0.0
    x, y = (a, b) if len(a) <= len(b) else (b, a)
    n, m = len(x), len(y)
    reach = min(m - n, MAX_DRIFT) + EXTRA_OFFSETS
    margin = max(abs(s) for s in SHIFTS)
    offsets = np.arange(-reach - margin, reach + margin + 1)
    starts = np.arange(0, n - WINDOW + 1, WINDOW)
    pieces = _centred(np.lib.stride_tricks.sliding_window_view(x, WINDOW)[starts])
    windows = _centred(np.lib.stride_tricks.sliding_window_view(y, WINDOW))
    # each window of the shorter text at every offset from its proportional place
    at = np.rint(starts * (m - WINDOW) / max(n - WINDOW, 1)).astype(np.int64)[:, None] + offsets
    inside = (at >= 0) & (at <= m - WINDOW)
    corr = np.einsum("kow,kw->ko", windows[np.clip(at, 0, m - WINDOW)], pieces)
    corr = np.where(inside, corr, -1.0)
    path = _best_path(corr[:, margin : len(offsets) - margin], offsets[margin:-margin]) + margin
    rows = np.arange(len(starts))[:, None]
    medians = np.median(corr[rows, path[:, None] + np.array((0, *SHIFTS))], axis=0)
    similarity, shifted = float(medians[0]), float(medians[1:].max())
    return similarity if similarity - shifted >= SHARPNESS else 0.0


def _centred(windows: np.ndarray) -> np.ndarray:
    """Each row minus its mean, divided by its norm (a row of one value: all 0), so that
    the dot product of two rows is their correlation."""
    centred = windows - windows.mean(axis=1, keepdims=True)
    norms = np.sqrt((centred**2).sum(axis=1, keepdims=True))
    return np.divide(centred, norms, out=np.zeros_like(centred), where=norms > 0)


def _best_path(score: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per window, the column of the offset on the path that maximises the windows'
    correlations minus OFFSET_PENALTY per paragraph of offset change (Viterbi)."""
    penalty = OFFSET_PENALTY * np.abs(offsets[:, None] - offsets[None, :])
    columns = np.arange(len(offsets))
    total = score[0]
    back = []
    for row in score[1:]:
        options = total[None, :] - penalty  # [to, from]
        came = options.argmax(axis=1)
        total = options[columns, came] + row
        back.append(came)
    column = int(total.argmax())
    path = [column]
    for came in reversed(back):
        column = int(came[column])
        path.append(column)
    return np.array(path[::-1])
