"""Codes for the languages outside the language-ID model (unknown_languages.py)."""

from polyglance.corpus.grouping import DocInfo, one_language
from polyglance.corpus.unknown_languages import is_undetermined, label_unknown

WOLOF = frozenset(
    [
        "ci",
        "ak",
        "mu",
        "ñu",
        "la",
        "ba",
        "te",
        "yi",
        "ko",
        "ngir",
        "dafa",
        "nga",
        "di",
        "def",
        "xam",
        "waaye",
    ]
)
ROMANI = frozenset(
    [
        "te",
        "o",
        "e",
        "thaj",
        "si",
        "ando",
        "ke",
        "kaj",
        "le",
        "pe",
        "na",
        "sar",
        "ka",
        "vi",
        "phende",
    ]
)
SHORT = frozenset(["ci", "ak", "mu"])


def test_two_unknown_languages_get_a_code_each_in_path_order():
    docs = [(1, ROMANI), (2, WOLOF), (3, ROMANI | {"mi"}), (4, SHORT), (5, WOLOF - {"ci"})]
    assert label_unknown(docs) == {
        1: "und-x-1",
        2: "und-x-2",
        3: "und-x-1",
        4: "und",  # too short to tell
        5: "und-x-2",
    }


def test_one_unknown_language_stays_und():
    docs = [(1, WOLOF), (2, WOLOF | {"yaw"}), (3, SHORT)]
    assert label_unknown(docs) == {1: "und", 2: "und", 3: "und"}


def test_the_codes_are_undetermined_and_plain_und_may_be_any_of_them():
    assert all(map(is_undetermined, ("und", "und-x-1", "und-x-12")))
    assert not any(map(is_undetermined, ("en", "undx", "ur")))

    def doc(lang, common):
        return DocInfo(1, lang, frozenset(), 1000, common=common, lang_confidence=0.0)

    assert not one_language(doc("und-x-1", ROMANI), doc("und-x-2", WOLOF))
    assert one_language(doc("und", SHORT), doc("und-x-2", WOLOF))
    assert one_language(doc("und-x-1", WOLOF), doc("und-x-2", WOLOF))  # by their words
