"""The query syntax."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polyglance.search import parse_query
from polyglance.search.query import MAX_TERMS


def words(q) -> list[str]:
    return [t.word for t in q.terms]


def test_plain_words_are_folded_and_fuzzy() -> None:
    q = parse_query("Zürich  TÀI năng")
    assert words(q) == ["zurich", "tai", "nang"]
    assert not any(t.exact or t.required for t in q.terms)


def test_exact_phrase_exclusion_filters() -> None:
    q = parse_query('\'Zucker "New  York" !Trump lang:de,FR kind:title,heading berg')
    assert words(q) == ["zucker", "new", "york", "berg"]
    assert [t.exact for t in q.terms] == [True, True, True, False]
    assert [t.required for t in q.terms] == [True, True, True, False]
    assert q.phrases == [["new", "york"]]
    assert q.excluded == ["trump"]
    assert q.langs == ["de", "fr"]
    assert q.kinds == ["heading", "title"]


def test_invalid_syntax_is_text() -> None:
    assert words(parse_query("lang:")) == ["lang"]
    assert words(parse_query("kind:nonsense")) == ["kind", "nonsense"]
    assert parse_query("!").empty
    assert parse_query("'").empty
    assert words(parse_query('"unbalanced quote')) == ["unbalanced", "quote"]
    assert parse_query("lang:xx").langs == ["xx"]
    assert parse_query("?!.,;").empty
    assert parse_query("   ").empty


def test_cjk_becomes_bigrams() -> None:
    q = parse_query("東京大学")
    assert words(q) == ["東京", "京大", "大学"]
    assert all(t.ngram and t.exact for t in q.terms)
    assert words(parse_query("京")) == ["京"]


def test_long_query_is_bounded() -> None:
    q = parse_query(" ".join(f"w{i}" for i in range(5000)))
    assert len(q.terms) == MAX_TERMS
    assert all(len(t.word) <= 64 for t in parse_query("x" * 10_000).terms)


@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    q = parse_query(text)
    assert len(q.terms) <= MAX_TERMS
