"""Texts that share only numbers are one article only when the numbers agree in order.

Seen on a real mixed folder: a Gujarati Bible chapter (a script without case: no names as
anchors) full of verse references joined an English-Finnish news pair whose statistics
happened to use the same small numbers.
"""

from polyglance.corpus.grouping import DocInfo, group_documents

NEWS_NUMBERS = ("2016", "47", "58", "27", "17", "15", "50", "48", "35", "16", "13", "10", "32")
STORY = frozenset({"@clinton", "@sanders", "@biden", "@iowa", "@cbs"})


def _numbers(values) -> frozenset[str]:
    return frozenset(f"#{n}" for n in values)


def _docs(references: tuple[str, ...]) -> list[DocInfo]:
    en = DocInfo(1, "en", STORY | _numbers(NEWS_NUMBERS), 3000, numbers=NEWS_NUMBERS)
    fi = DocInfo(2, "fi", STORY | _numbers(NEWS_NUMBERS), 3100, numbers=NEWS_NUMBERS)
    verses = DocInfo(3, "gu", _numbers(references), 3000, numbers=references)
    return [en, fi, verses]


def test_numbers_shared_out_of_order_join_nothing():
    references = ("10", "17", "10", "18", "23", "11", "15", "16", "31", "32", "35", "13", "27")
    groups = [g.members for g in group_documents(_docs(references))]
    assert groups == [[1, 2], [3]]


def test_numbers_shared_in_order_still_join():
    """The same evidence in the order of the news: a translation without names."""
    groups = [g.members for g in group_documents(_docs(NEWS_NUMBERS))]
    assert [1, 2, 3] in groups
