"""Languages outside the language-ID model, told apart by their own words.

Language ID calls a text in a language it does not know ``und`` (language.py). When a
corpus holds texts in two or more such languages (Wolof and Romani, say), one code for
all of them would make them "one language", so no article could hold two of them, and
the panes, the search filters and the exports could not tell them apart. So after every
run the ``und`` documents are sorted into languages by the words they use most
(``group_signals.same_language``, at a lower share than grouping's: ``LANGUAGE_SHARE``);
when there are two or more, each gets a private-use code of its own, ``und-x-1``,
``und-x-2``, ... numbered in the order of each language's first document by path. A text
too short to judge stays plain ``und``; with a single unknown language nothing changes.

The same folder always gives the same codes; adding a text in a new unknown language can
renumber them (the articles concerned are then aligned again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .group_signals import MIN_COMMON_WORDS, common_words, same_language
from .language import UNDETERMINED
from .records import CONTENT_SQL

#: Codes given to the unknown languages of a corpus: this prefix and a number.
PREFIX = UNDETERMINED + "-x-"
#: A document is compared with this many first documents of each unknown language ...
COMPARED_PER_LANGUAGE = 5
#: ... and is in the language of one that shares this share of its most common words (of
#: the smaller set). Lower than grouping's test (``same_language``): chunks of 15 Bible
#: verses in Cherokee share little; at 0.2 the four unknown languages of twelve shuffled
#: bible-nt corpora split twice and never merged (0.3: 14 splits; 0.15: a merge).
LANGUAGE_SHARE = 0.2


def is_undetermined(lang: str) -> bool:
    """``und`` or one of the codes this module gives (``und-x-2``)."""
    return lang == UNDETERMINED or lang.startswith(PREFIX)


def label_unknown(docs: Sequence[tuple[int, frozenset[str]]]) -> dict[int, str]:
    """Document id -> code, for undetermined documents given in path order as (id, common
    words): ``und-x-N`` per language when there are two or more, else ``und``."""
    languages: list[list[frozenset[str]]] = []
    language_of: dict[int, int] = {}
    for doc_id, common in docs:
        if len(common) < MIN_COMMON_WORDS:
            continue  # too little text to tell its language from another's
        for k, members in enumerate(languages):
            if any(same_language(common, other, share=LANGUAGE_SHARE) for other in members):
                language_of[doc_id] = k
                if len(members) < COMPARED_PER_LANGUAGE:
                    members.append(common)
                break
        else:
            language_of[doc_id] = len(languages)
            languages.append([common])
    if len(languages) < 2:
        return {doc_id: UNDETERMINED for doc_id, _ in docs}
    return {
        doc_id: f"{PREFIX}{language_of[doc_id] + 1}" if doc_id in language_of else UNDETERMINED
        for doc_id, _ in docs
    }


def relabel_unknown_languages(conn: sqlite3.Connection) -> tuple[set[int], list[int]]:
    """Give the undetermined documents of the index their codes (``label_unknown``);
    returns the documents whose code changed and the ids of their paragraphs that changed
    with them (those in the document's language, not lines flagged as another)."""
    rows = conn.execute(
        "SELECT id, lang FROM documents WHERE lang = ? OR lang LIKE ? ORDER BY path",
        (UNDETERMINED, PREFIX + "%"),
    ).fetchall()
    docs = []
    for doc_id, _ in rows:
        texts = [
            text
            for (text,) in conn.execute(
                f"SELECT text FROM paragraphs WHERE doc_id=? AND kind IN {CONTENT_SQL} ORDER BY i",
                (doc_id,),
            )
        ]
        docs.append((doc_id, common_words(texts)))
    labels = label_unknown(docs)
    changed: set[int] = set()
    paragraphs: list[int] = []
    for doc_id, old in rows:
        new = labels[doc_id]
        if new == old:
            continue
        changed.add(doc_id)
        paragraphs += [
            pid
            for (pid,) in conn.execute(
                "SELECT id FROM paragraphs WHERE doc_id=? AND lang=? ORDER BY id", (doc_id, old)
            )
        ]
        conn.execute("UPDATE paragraphs SET lang=? WHERE doc_id=? AND lang=?", (new, doc_id, old))
        conn.execute("UPDATE documents SET lang=? WHERE id=?", (new, doc_id))
    return changed, paragraphs
