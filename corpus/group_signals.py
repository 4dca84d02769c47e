"""Signals for grouping that come from a document's own text, beside its anchors.

* **Common words** (:func:`common_words`, :func:`same_language`): the most frequent word
  types of a document, names left out. Two documents that share many of them are written
  in one language, whatever codes language ID gave them: a translation shares names and
  numbers with its original, never its function words. Measured over the 30 most
  frequent words: between texts of one language a median of 0.47-0.57 (Bible books and
  chunks; 5% below 0.2, in agglutinative languages), between translations at most 0.13
  (Bible books in 12 languages, English and Finnish news). Where language ID is unsure
  of either document 0.3 decides; between two confident, different codes only a majority
  does (close languages such as Spanish and Portuguese share many short words).
* **Shape** (:func:`shape_similarity`): a translation keeps its original's paragraphs,
  their order and their relative lengths; another article on the same story does not.
  Compared by a small monotone alignment of the paragraph lengths.
* **Numbers in order** (:func:`numbers_in_order`): the numbers of a text, in the order
  they appear; a translation keeps most of them in the same order.
* **Title words** (:func:`title_keys`): the title's words of four letters or more, cut
  to their first six (names and loan words meet across languages: ``Brexit``,
  ``Brexitin``), and its numbers. Two translations' titles share some; a title on
  another story of the same names, often none. Unlike anchors, a title's first word
  and its words in Title Case count.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from rapidfuzz.distance import LCSseq

from .anchors import _NUMBER

_WORD = re.compile(r"[^\W\d_]+")
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")
#: Title words are compared on this many folded characters.
TITLE_STEM = 6

#: Characters of content read for the common words, from paragraphs spread over the
#: text (at most this many evenly spaced).
SAMPLE_CHARS = 4000
SAMPLE_PARAGRAPHS = 40
#: The common words are this many most frequent word types ...
COMMON_WORDS = 30
#: ... and are only compared when both documents have at least this many.
MIN_COMMON_WORDS = 12
#: Two documents sharing this share of their common words are one language ...
SAME_LANGUAGE_SHARE = 0.5
#: ... or this share when language ID is unsure of either of them.
SAME_LANGUAGE_SHARE_UNSURE = 0.3


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """The most frequent word types of a text sample; capitalised words (names) left out."""
    counts: Counter[str] = Counter()
    size = 0
    texts = list(texts)
    # Paragraphs spread over the whole text: its first ones may be a list of names.
    for text in texts[:: max(1, len(texts) // SAMPLE_PARAGRAPHS)]:
        for word in _WORD.findall(text):
            if word[0].isupper() and not word.isupper():
                continue  # a name or a sentence start: says nothing of the language
            counts[word.casefold()] += 1
        size += len(text)
        if size >= SAMPLE_CHARS:
            break
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return frozenset(word for word, _ in ranked[:COMMON_WORDS])


def same_language(
    a: frozenset[str], b: frozenset[str], unsure: bool = False, share: float | None = None
) -> bool:
    """Whether two documents' common words say they are written in one language;
    ``unsure``: language ID is not confident of one of them; ``share``: of the smaller
    set, in place of the share ``unsure`` picks."""
    if len(a) < MIN_COMMON_WORDS or len(b) < MIN_COMMON_WORDS:
        return False
    if share is None:
        share = SAME_LANGUAGE_SHARE_UNSURE if unsure else SAME_LANGUAGE_SHARE
    return len(a & b) / min(len(a), len(b)) >= share


def numbers_in_order(texts: Iterable[str]) -> tuple[str, ...]:
    """The numbers of two digits or more of a text in order, as digit strings (separators
    and leading zeros dropped)."""
    found = []
    for text in texts:
        for match in _NUMBER.finditer(text):
            digits = re.sub(r"\D", "", match.group()).lstrip("0")
            if len(digits) >= 2:  # one digit agrees by chance too often
                found.append(digits)
    return tuple(found)


#: Numbers compared in order, at most (the comparison is quadratic).
NUMBERS_COMPARED = 60


def numbers_agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """Longest common subsequence of two number sequences over the longer one, in [0, 1]."""
    if not a or not b:
        return 0.0
    a, b = a[:NUMBERS_COMPARED], b[:NUMBERS_COMPARED]
    return LCSseq.similarity(list(a), list(b)) / max(len(a), len(b))


#: Paragraph lengths kept for the shape signal, at most ...
SHAPE_UNITS = 30
#: ... of which this many are aligned when the two counts differ (a small alignment) ...
SHAPE_ALIGNED_UNITS = 12
#: ... in a band this wide around the diagonal.
SHAPE_BAND = 2


def shape_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """How well two documents' paragraph lengths align as a translation's do, in [0, 1].

    Each matched pair of paragraphs scores by how close its length ratio is to the two
    texts' overall ratio; the result is the share of both texts' characters in well-matched
    pairs. With as many paragraphs on both sides they are paired in order (one sentence a
    line, the usual shape of a translation); otherwise the first few are aligned with
    1-1, 1-2, 2-1 and skipped paragraphs. One paragraph each says nothing: 0.
    """
    if min(len(a), len(b)) < 2:
        return 0.0
    if len(a) == len(b):
        a, b = a[:SHAPE_UNITS], b[:SHAPE_UNITS]
        if not sum(a) or not sum(b):
            return 0.0
        ratio = sum(b) / sum(a)
        gained = math.fsum((x * ratio + y) * _closeness(x * ratio, y) for x, y in zip(a, b))
        return gained / (sum(a) * ratio + sum(b))
    a, b = list(a[:SHAPE_ALIGNED_UNITS]), list(b[:SHAPE_ALIGNED_UNITS])
    if not sum(a) or not sum(b):
        return 0.0
    ratio = sum(b) / sum(a)
    n, m = len(a), len(b)
    low = float("-inf")
    best = [[low] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        centre = round(i * m / n)
        for j in range(max(0, centre - SHAPE_BAND), min(m, centre + SHAPE_BAND) + 1):
            if i == 0 and j == 0:
                continue
            here = max(best[i - 1][j] if i else low, best[i][j - 1] if j else low)
            for di, dj in ((1, 1), (1, 2), (2, 1)):
                if i >= di and j >= dj and best[i - di][j - dj] > low:
                    la, lb = sum(a[i - di : i]) * ratio, sum(b[j - dj : j])
                    gain = (la + lb) * _closeness(la, lb) * (1.0 if di + dj == 2 else 0.8)
                    here = max(here, best[i - di][j - dj] + gain)
            best[i][j] = here
    return max(0.0, best[n][m]) / (sum(a) * ratio + sum(b))


def _closeness(x: float, y: float) -> float:
    """1 for equal lengths, falling to 0 at a ratio of 1:2 (lengths of a translation's
    sentences are within some 20% of their original's)."""
    if x <= 0 or y <= 0:
        return 0.0
    off = abs(math.log(x / y))
    return max(0.0, 1.0 - off / math.log(1.5))


#: Folder names that name a language in a parallel corpus: ISO 639-1/-3, maybe a region.
_LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")


def parallel_key(path: str | None) -> tuple[str, str] | None:
    """(parent folder, relative name) when ``path`` sits in a language-named folder
    (``news/en/x.txt`` -> ``("news", "x.txt")``, also ``en/2015/x.txt`` -> ``("", "2015/x.txt")``)."""
    if not path:
        return None
    parts = PurePosixPath(path).parts
    for k in range(len(parts) - 2, -1, -1):
        if _LANGUAGE_FOLDER.match(parts[k]):
            return "/".join(parts[:k]), "/".join(parts[k + 1 :])
    return None


def title_keys(title: str | None) -> frozenset[str]:
    """The title's words (4+ letters, folded, first TITLE_STEM) and numbers (``#`` + digits)."""
    if not title:
        return frozenset()
    words = {w.casefold()[:TITLE_STEM] for w in _TITLE_WORD.findall(title)}
    numbers = {
        "#" + "".join(ch for ch in m.group() if ch.isdigit()) for m in _NUMBER.finditer(title)
    }
    return frozenset(words | {n for n in numbers if len(n) > 2})
