"""Folding and its offset map."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polyglance.search import fold, fold_with_map, map_span
from polyglance.search.fold import fold_char, fold_many


def test_case_accents_and_special_letters() -> None:
    assert fold("Jérusalem") == "jerusalem"
    assert fold("Zürich") == "zurich"
    assert fold("tài năng Đà Nẵng") == "tai nang da nang"
    assert fold("Straße ẞ") == "strasse ss"
    assert fold("Æsop Øre Œuvre Łódź") == "aesop ore oeuvre lodz"
    assert fold("ﬁne ＴＯＫＹＯ") == "fine tokyo"
    assert fold("e\u0301te\u0301") == "ete"  # decomposed accents


def test_other_scripts() -> None:
    assert fold("Σωκράτης") == "σωκρατησ"
    assert fold("ΑΘΉΝΑ") == fold("αθηνα")
    assert fold("Москва Ёлка") == "москва елка"
    assert fold("القُدْس") == "القدس"
    assert fold("અમદાવાદ") == "અમદાવાદ"  # Indic vowel signs are kept
    assert fold("東京で") == "東京で"  # kana keep their voicing marks
    assert fold("서울") == "서울"


def test_invisible_and_underscore() -> None:
    assert fold("co\u00adoperate") == "cooperate"
    assert fold("snake_case") == "snake case"


@given(st.text())
def test_map_is_consistent(text: str) -> None:
    folded, index = fold_with_map(text)
    assert folded == fold(text)
    assert len(index) == len(folded) + 1
    assert index[-1] == len(text)
    assert all(0 <= i <= len(text) for i in index)
    assert index == sorted(index)


@given(st.text(), st.data())
def test_map_span_is_inside_text(text: str, data: st.DataObject) -> None:
    folded, index = fold_with_map(text)
    a = data.draw(st.integers(0, len(folded)))
    b = data.draw(st.integers(a, len(folded)))
    x, y = map_span(index, a, b)
    assert 0 <= x <= y <= len(text)
    if b > a:
        assert fold(text[x:y]).find(folded[a:b]) >= 0


def test_map_span_covers_expanded_and_dropped() -> None:
    text = "Die Straße, e\u0301te\u0301!"
    folded, index = fold_with_map(text)
    a = folded.index("strasse")
    assert text[slice(*map_span(index, a, a + 7))] == "Straße"
    a = folded.index("ete")
    assert text[slice(*map_span(index, a, a + 3))] == "e\u0301te\u0301"


# letters folding to one, none (marks, invisible) and several (ß, æ, ﬁ) characters
_MIXED = st.text(st.sampled_from("aZ_ é\u0301\u0323\u200bßæﬁĀļЖ\u0730ઈᏥ漢\ud800"), max_size=30)


@given(st.one_of(st.text(), _MIXED))
def test_map_is_each_characters_fold(text: str) -> None:
    # the map, folded character by character (the fast paths must give exactly this)
    want_parts, want_index = [], []
    for i, c in enumerate(text):
        f = fold_char(c)
        want_parts.append(f)
        want_index += [i] * len(f)
    assert fold_with_map(text) == ("".join(want_parts), [*want_index, len(text)])


@given(st.lists(st.one_of(st.text(), _MIXED), max_size=12))
def test_fold_many_is_fold(texts: list[str]) -> None:
    assert fold_many(texts) == [fold(t) for t in texts]
