"""Two articles on one story: the titles' shared words tell the translation from the
other article, where the names alone point the wrong way.

Seen on wmt16-enfi cut to 6-10 lines: an English item on the Brexit vote shared more
names (Corbyn, Cameron, Farage, ...) with the Finnish translation of another article on
British politics than with its own translation, and was left alone. When that other
article's original is in the folder, the second round of mutual best already gives the
item its own translation; without it, only the titles do.
"""

from dataclasses import replace

from polyglance.corpus import grouping
from polyglance.corpus.group_signals import title_keys
from polyglance.corpus.grouping import DocInfo, group_documents


def _names(*keys: str) -> frozenset[str]:
    return frozenset(keys)


POLITICS = _names("@corbyn", "@cameron", "@osborne", "@britain", "@farage", "@westminster")

DOCS = [
    DocInfo(
        1,
        "en",
        POLITICS | _names("@brexit", "#2017", "@ukip", "@juncker"),
        900,
        title=title_keys("Brexit campaign may prevail if the economy stalls by 2017"),
    ),
    DocInfo(  # its translation: fewer of the names, some in Finnish forms
        2,
        "fi",
        _names("@brexit", "@cameron", "@farage", "@osborne", "@juncker", "#2017", "@brysse")
        | _names("@lontoo"),
        950,
        title=title_keys("Brexit-kampanja voi voittaa, jos talous pysähtyy 2017"),
    ),
    DocInfo(  # another article on British politics, and its translation
        3,
        "fi",
        POLITICS | _names("@labour", "@commons", "@ukip"),
        1000,
        title=title_keys("Corbyn kohtasi Cameronin kyselytunnilla"),
    ),
    DocInfo(
        4,
        "en",
        POLITICS | _names("@labour", "@commons", "@ukip"),
        980,
        title=title_keys("Corbyn faces Cameron at question time"),
    ),
]


def test_title_keys_count_every_long_word_and_the_numbers():
    keys = title_keys("Brexit Camp Might Win The Day By 2017")
    assert keys == {"brexit", "camp", "might", "#2017"}  # first word and Title Case too
    assert "brexit" in title_keys("Brexitin leiri voi voittaa")  # cut to six letters
    assert title_keys(None) == frozenset() and title_keys("") == frozenset()


# The other article's English original is not in the folder: nothing takes its
# translation away from the Brexit item, whose names point to it.
WITHOUT_OTHER_ORIGINAL = DOCS[:3]


def test_shared_title_words_pair_the_translation_not_the_other_article():
    assert [g.members for g in group_documents(DOCS)] == [[1, 2], [3, 4]]
    assert [g.members for g in group_documents(WITHOUT_OTHER_ORIGINAL)] == [[1, 2], [3]]
    untitled = [replace(doc, title=frozenset()) for doc in WITHOUT_OTHER_ORIGINAL]
    assert [g.members for g in group_documents(untitled)] == [[1, 3], [2]]


def test_title_words_of_many_titles_add_nothing(monkeypatch):
    monkeypatch.setattr(grouping, "TITLE_RARE_SHARE", 0.0)  # every key shared by 2+ is common
    crowd = [
        DocInfo(10 + k, "de", _names(f"@x{k}"), 500, title=title_keys("Brexit 2017"))
        for k in range(3)
    ]
    groups = [g.members for g in group_documents(WITHOUT_OTHER_ORIGINAL + crowd)]
    assert [1, 2] not in groups and [1, 3] in groups
