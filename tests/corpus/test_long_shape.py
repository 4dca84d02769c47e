"""The long shape (corpus/long_shape.py) on paragraph lengths drawn at random: a
translation's lengths follow its original's, with noise and a few paragraphs lost; two
unrelated texts, or two texts alternating by one template, do not match."""

import numpy as np
import pytest

from polyglance.corpus.grouping import DocInfo, group_documents, packed_lengths
from polyglance.corpus.long_shape import (
    MIN_PARAGRAPHS,
    SHORT_MIN,
    long_shape_similarity,
    profile,
    short_shape_z,
    translations,
)


def _original(rng: np.random.Generator, n: int) -> np.ndarray:
    """Paragraph lengths as verses have them: log-normal around 120 characters."""
    return np.exp(rng.normal(np.log(120), 0.55, n))


def _translation(rng: np.random.Generator, lengths: np.ndarray, lost: int) -> np.ndarray:
    """The same paragraphs 1.3 times as long with 20% noise each, ``lost`` of them
    missing (a verse the translation leaves out shifts all that follow)."""
    out = lengths * 1.3 * np.exp(rng.normal(0, 0.2, len(lengths)))
    gone = rng.choice(len(out), size=lost, replace=False)
    return np.delete(out, gone)


@pytest.mark.parametrize(("n", "lost"), [(90, 0), (140, 4), (600, 12), (1100, 35)])
def test_a_translation_matches_its_original(n, lost):
    rng = np.random.default_rng(n)
    original = _original(rng, n)
    translated = _translation(rng, original, lost)
    assert translations(profile(original), profile(translated))
    assert translations(profile(translated), profile(original))


@pytest.mark.parametrize("n", [80, 120, 400])
def test_unrelated_texts_never_match(n):
    rng = np.random.default_rng(n)
    similarities = [
        long_shape_similarity(profile(_original(rng, n)), profile(_original(rng, n + k % 7)))
        for k in range(300)
    ]
    assert max(similarities) < 0.6
    assert not any(
        translations(profile(_original(rng, n)), profile(_original(rng, n))) for _ in range(300)
    )


def test_texts_alternating_by_one_template_do_not_match():
    """Short question, long answer, over and over: two such texts correlate at every even
    shift, which a translation does not."""
    rng = np.random.default_rng(7)

    def interview(n):
        return np.where(np.arange(n) % 2 == 0, 40.0, 400.0) * np.exp(rng.normal(0, 0.1, n))

    a, b = profile(interview(200)), profile(interview(200))
    assert long_shape_similarity(a, b) == 0.0
    assert not translations(a, b)


def test_short_or_unequal_texts_have_no_long_shape():
    rng = np.random.default_rng(3)
    original = _original(rng, MIN_PARAGRAPHS - 1)
    assert long_shape_similarity(profile(original), profile(original)) == 0.0
    longer = _original(rng, 300)
    assert long_shape_similarity(profile(longer[:200]), profile(longer)) == 0.0  # 2:3


@pytest.mark.parametrize("n", [30, 50, 79])
def test_shorter_texts_of_counts_at_most_one_apart_match_paragraph_by_paragraph(n):
    rng = np.random.default_rng(n)
    original = _original(rng, n)
    assert translations(profile(original), profile(_translation(rng, original, 0)))
    one_lost = _translation(rng, original, 1)  # the best paragraph to leave out is found
    assert translations(profile(original), profile(one_lost))
    two_lost = _translation(rng, original, 2)  # not compared at all
    assert not translations(profile(original), profile(two_lost))
    unrelated = [
        short_shape_z(profile(_original(rng, n)), profile(_original(rng, n))) for _ in range(500)
    ]
    assert max(unrelated) < 4.5


def test_too_short_texts_are_never_compared():
    rng = np.random.default_rng(5)
    original = _original(rng, SHORT_MIN - 1)
    assert short_shape_z(profile(original), profile(original)) == 0.0
    assert not translations(profile(original), profile(original))


def _doc(i, lang, lengths, anchors=frozenset()):
    return DocInfo(
        i,
        lang,
        frozenset(anchors),
        int(sum(lengths)),
        path=f"{lang}/{i}.txt",
        common=frozenset(f"{lang}{k}" for k in range(20)),  # each its own language
        lengths=tuple(int(x) for x in lengths[:30]),
        shape_lengths=packed_lengths([int(x) for x in lengths]),
    )


def test_grouping_joins_long_translations_that_share_no_anchor():
    """Three long texts in three languages and their translations, no name or number in
    common: grouped by their long shapes alone, each with its own translations."""
    rng = np.random.default_rng(11)
    originals = [_original(rng, n) for n in (300, 310, 305)]  # counts alike on purpose
    docs = []
    for original in originals:
        docs.append(_doc(len(docs) + 1, "xa", original))
        docs.append(_doc(len(docs) + 1, "xb", _translation(rng, original, 3)))
        docs.append(_doc(len(docs) + 1, "xc", _translation(rng, original, 5)))
    groups = sorted(g.members for g in group_documents(docs))
    assert groups == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_packed_lengths_are_kept_only_for_texts_long_enough_for_a_shape():
    assert packed_lengths([100] * (SHORT_MIN - 1)) == b""
    kept = packed_lengths([5, 70_000] + [100] * SHORT_MIN)
    assert np.frombuffer(kept, "<u2")[:3].tolist() == [5, 65535, 100]
