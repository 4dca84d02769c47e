"""Anchors: names written inside a lower-case word after a prefix (Zulu, Irish)."""

import pytest

from polyglance.corpus.anchors import _inner_name, anchors


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("likaJesu", "Jesu"),  # Zulu noun-class prefixes
        ("laseJerusalema", "Jerusalema"),
        ("u-Isaya", "Isaya"),
        ("UJohane", "Johane"),  # the same at a sentence's start
        ("mBaile", "Baile"),  # Irish eclipsis
    ],
)
def test_a_name_after_a_lower_case_prefix_is_found(word, name):
    assert _inner_name(word) == name


@pytest.mark.parametrize("word", ["USA", "McDonald", "kwevangeli", "Ukuqala", "aB", "ab"])
def test_other_words_have_no_inner_name(word):
    assert _inner_name(word) is None


def test_prefixed_names_meet_the_plain_spelling_of_a_translation():
    zulu = anchors(["Kwavela uJohane ebhapathiza ehlane, laseJudiya nabo abaseJerusalema."])
    english = anchors(["John came baptizing in the wilderness of Judea, and all Jerusalem."])
    latvian = anchors(["Jānis bija tuksnesī, un visa Jūdejas zeme un visi Jeruzālemes ļaudis."])
    assert {"@judiy", "@jerus"} <= zulu
    assert "@jerus" in zulu & english
    assert zulu & latvian  # by the sound of the name: &jrs
    assert not any(key.startswith("@uj") or key.startswith("@lase") for key in zulu)
