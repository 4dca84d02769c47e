"""Tokens of folded text, and the fast lookup of the ones a query wants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polyglance.search.fold import fold
from polyglance.search.tokens import tokenize, tokens_in

# words, marks, separators, a script without spaces, and runs longer than a word's 64
_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["ab", "a", "é", "e\u0301", " ", ", ", "-", "'", "漢字", "x" * 70, "9"]),
        st.text(max_size=5),
    ),
    max_size=30,
).map("".join)


@given(_TEXT, st.data())
def test_tokens_in_is_tokenize_filtered(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    every = tokenize(folded)
    words = sorted({w for w, _, _ in every})
    wanted = set(data.draw(st.lists(st.sampled_from(words), max_size=4))) if words else set()
    want = [(k, *t) for k, t in enumerate(every) if t[0] in wanted]
    assert tokens_in(folded, wanted) == want


def test_tokens_in_gives_offsets_of_repeated_words() -> None:
    folded = "ab abab ab, x ab"
    assert tokens_in(folded, {"ab"}) == [(0, "ab", 0, 2), (2, "ab", 8, 10), (4, "ab", 14, 16)]
