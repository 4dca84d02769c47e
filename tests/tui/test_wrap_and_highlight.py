"""The pure pieces under the panes: word wrap with offsets, anchor colours, query marks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from polyglance.tui.highlight import anchor_spans
from polyglance.tui.wrap import wrap_offsets


def test_wrap_breaks_at_spaces_and_keeps_offsets():
    text = "The lynx returned to the valley"
    lines = wrap_offsets(text, 10)
    assert [text[s:e].strip() for s, e in lines] == ["The lynx", "returned", "to the", "valley"]


def test_wrap_cuts_a_word_longer_than_the_line():
    assert wrap_offsets("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]


def test_wrap_counts_wide_characters_as_two_cells():
    text = "本ではなくドリルを借りる"
    for s, e in wrap_offsets(text, 6):
        assert cell_len(text[s:e]) <= 6


def test_wrap_keeps_line_breaks_and_empty_text():
    assert wrap_offsets("a\nb", 10) == [(0, 1), (2, 3)]
    assert wrap_offsets("", 10) == [(0, 0)]


@given(st.text(alphabet=st.sampled_from("ab cd\né本"), max_size=60), st.integers(1, 12))
def test_wrap_lines_fit_and_lose_no_word(text, width):
    lines = wrap_offsets(text, width)
    for s, e in lines:
        assert 0 <= s <= e <= len(text)
        assert cell_len(text[s:e]) <= max(width, 2)
    kept = "".join(text[s:e] for s, e in lines)
    assert kept.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_anchor_spans_mark_numbers_names_urls_and_quotes():
    text = "Marta Koller said „Wir haben“ on 12.03.2024: 1,8 Millionen, see https://x.example/a"
    spans = {text[s:e] for s, e, _ in anchor_spans(text, "monokai")}
    assert "Marta Koller" in spans
    assert "„Wir haben“" in spans
    assert "12.03.2024" in spans
    assert "https://x.example/a" in spans
    assert any(s.startswith("1,8") for s in spans)


def test_anchor_spans_skip_lower_case_words():
    assert anchor_spans("nothing to see here", "monokai") == []


def test_kwic_keeps_a_suffix_attached_and_spaces_as_they_are():
    from polyglance.search import Hit
    from polyglance.tui.concordance import kwic

    text = "Jeremy Corbyn debyytti pääministerin kyselytunnilla"
    start = text.index("pääministeri")
    hit = Hit(None, 1, "a.txt", "fi", 0, None, 90.0, text, [(start, start + 12)])
    line = kwic(hit).plain
    assert "debyytti pääministerin kyselytunnilla" in line
