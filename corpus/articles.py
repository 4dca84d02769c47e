"""Articles in the index: grouping the documents, aligning each article, storing the rows.

Only articles whose membership changed, or one of whose documents changed, are aligned
again; the others keep their stored rows. An article's id is the smallest id of its
documents, so it stays the same across runs while its first document stays.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations, groupby
from operator import itemgetter

from .align import Bead, Lexicon
from .align.batch import LEXICON_MIN_CONFIDENCE, pairs_share
from .align.batch import learn_lexicon as learn_pooled
from .align_pool import align_articles, work
from .group_signals import (
    NUMBERS_COMPARED,
    SHAPE_UNITS,
    common_words,
    numbers_in_order,
    title_keys,
)
from .grouping import DocInfo, Group, group_documents, packed_lengths, within
from .manual_restore import restore_manual
from .records import CONTENT_SQL
from .word_table import stems

#: The article title is taken from a document in this language when there is one.
TITLE_LANGUAGE = "en"


def load_doc_infos(
    conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None
) -> list[DocInfo]:
    """Every document's grouping signals: stored anchors and metadata, and from its content
    paragraphs (read one document at a time) their lengths, numbers in order and common
    words (group_signals.py); ``progress(done, total)`` documents as it goes."""
    rows = conn.execute(
        "SELECT id, lang, anchors, content_chars, source_url, date, path, lang_confidence,"
        " title FROM documents ORDER BY id"
    ).fetchall()
    texts_of = groupby(
        conn.execute(
            f"SELECT doc_id, text FROM paragraphs WHERE kind IN {CONTENT_SQL} ORDER BY doc_id, i"
        ),
        key=itemgetter(0),
    )
    pending = next(texts_of, None)
    infos: list[DocInfo] = []
    for i, lang, a, chars, url, date, path, lang_confidence, title in rows:
        if progress:
            progress(len(infos), len(rows))
        while pending is not None and pending[0] < i:
            pending = next(texts_of, None)
        texts: list[str] = []
        if pending is not None and pending[0] == i:
            texts = [text for _, text in pending[1]]
            pending = next(texts_of, None)
        infos.append(
            DocInfo(
                i,
                lang,
                frozenset(a.split()),
                chars,
                url,
                date,
                path=path,
                lang_confidence=lang_confidence,
                common=common_words(texts),
                lengths=tuple(len(t) for t in texts[:SHAPE_UNITS]),
                numbers=numbers_in_order(texts)[:NUMBERS_COMPARED],
                stems=stems(texts),
                title=title_keys(title),
                shape_lengths=packed_lengths([len(t) for t in texts]),
            )
        )
    return infos


def _members(conn: sqlite3.Connection) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for article, doc in conn.execute(
        "SELECT article_id, doc_id FROM article_docs WHERE duplicate_of IS NULL"
    ):
        found.setdefault(article, set()).add(doc)
    return found


def _title(conn: sqlite3.Connection, members: list[int]) -> str:
    marks = ",".join("?" * len(members))
    rows = conn.execute(
        f"SELECT lang, title FROM documents WHERE id IN ({marks}) ORDER BY path", members
    ).fetchall()
    titled = [(lang, title) for lang, title in rows if title]
    for lang, title in titled:
        if lang == TITLE_LANGUAGE:
            return title
    if titled:
        return titled[0][1]
    first = conn.execute(
        f"SELECT text FROM paragraphs WHERE doc_id=? AND kind IN {CONTENT_SQL} ORDER BY i LIMIT 1",
        (members[0],),
    ).fetchone()
    if not first:
        return "(empty)"
    words = first[0].split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


def align_article(
    conn: sqlite3.Connection, article_id: int, members: list[int], lexicon: Lexicon | None = None
) -> None:
    """Align the content paragraphs of ``members`` (one document per language) and store the rows."""
    _align_and_store(conn, [(article_id, members)], lexicon)


def _content(conn: sqlite3.Connection, doc: int) -> list[tuple[int, str]]:
    """A document's content paragraphs: (position, text), in order."""
    return conn.execute(
        f"SELECT i, text FROM paragraphs WHERE doc_id=? AND kind IN {CONTENT_SQL} ORDER BY i",
        (doc,),
    ).fetchall()


def _align_and_store(
    conn: sqlite3.Connection,
    articles: list[tuple[int, list[int]]],
    lexicon: Lexicon | None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Align each ``(article id, members)`` and store its rows, on every core when the
    work is large (align_pool.py); ``progress(done)`` after each article."""
    total_work = 0  # one article is one job: no pool to gain from
    if len(articles) > 1:
        counts = dict(
            conn.execute(
                f"SELECT doc_id, COUNT(*) FROM paragraphs WHERE kind IN {CONTENT_SQL}"
                " GROUP BY doc_id"
            )
        )
        total_work = sum(work([counts.get(d, 0) for d in members]) for _, members in articles)
    handed: deque[list[list[tuple[int, str]]]] = deque()  # read, not yet stored

    def texts() -> Iterator[list[list[str]]]:
        for _, members in articles:
            paragraphs = [_content(conn, doc) for doc in members]
            handed.append(paragraphs)
            yield [[text for _, text in doc_paragraphs] for doc_paragraphs in paragraphs]

    stored = 0

    def waiting() -> None:  # a long article in a worker: the progress is asked again
        if progress:
            progress(stored)

    aligned = align_articles(texts(), total_work, lexicon, waiting)
    for stored, ((article_id, members), rows) in enumerate(zip(articles, aligned), 1):
        paragraphs = handed.popleft()
        conn.executemany(
            "INSERT INTO alignment_rows(article_id, row, confidence) VALUES(?,?,?)",
            [(article_id, r, round(float(row.confidence), 4)) for r, row in enumerate(rows)],
        )
        conn.executemany(
            "INSERT INTO alignment_cells(article_id, row, doc_id, para_i) VALUES(?,?,?,?)",
            [
                (article_id, r, members[k], paragraphs[k][unit][0])
                for r, row in enumerate(rows)
                for k, units in enumerate(row.cells)
                for unit in units
            ],
        )
        if progress:
            progress(stored)


@dataclass(frozen=True)
class SecondPass:
    """What the second alignment pass tells: ``learning(done, total)`` as the word pairs of
    each language pair are learned from the first pass, ``realigning(done, total)`` as the
    articles of 2+ documents are aligned again with them."""

    learning: Callable[[int, int], None] | None = None
    realigning: Callable[[int, int], None] | None = None


def update_articles(
    conn: sqlite3.Connection,
    changed_docs: Iterable[int],
    progress: Callable[[int, int], None] | None = None,
    parallel_folders: bool = True,
    grouping: Callable[[int, int], None] | None = None,
    second_pass: SecondPass | None = None,
) -> tuple[int, int]:
    """Regroup every document and re-align what changed; returns (articles, re-aligned).

    ``progress(done, total)`` is called as the articles to align are aligned (the first
    pass), ``grouping(done, 100)`` as the documents are grouped
    (``grouping.group_documents``), and ``second_pass``'s callbacks as the word pairs are
    learned and the articles aligned again with them; ``parallel_folders`` is
    ``[grouping] parallel_folders`` of the config in use.
    """
    changed = set(changed_docs)
    # Documents in the order of their paths, not of their ids (the history of the index):
    # grouping and alignment break ties by that order, and the index must be the same
    # whatever order the files came in.
    paths = dict(conn.execute("SELECT id, path FROM documents"))
    # reading the documents' signals takes about a quarter of the grouping's time (the
    # 324 Bible books: 2.5 of 6.7 s)
    reading = load_doc_infos(conn, within(grouping, 0, 25))
    infos = sorted(reading, key=lambda info: paths[info.id])
    groups: list[Group] = group_documents(infos, parallel_folders, within(grouping, 25, 100))
    before = _members(conn)
    kept: set[int] = set()  # articles whose members and their texts are as before
    regrouped: list[Group] = []
    for group in groups:
        members = set(group.members)
        if before.get(group.members[0]) == members and not changed & members:
            kept.add(group.members[0])
        else:
            regrouped.append(group)
    # Every other article goes first, rows and cells with it (cascade): a document that
    # moved to a new article holds its cells in its old one until then.
    stale = [
        (a,) for a in sorted(r[0] for r in conn.execute("SELECT id FROM articles")) if a not in kept
    ]
    conn.executemany("DELETE FROM articles WHERE id=?", stale)
    conn.execute("DELETE FROM article_docs")
    to_align: list[tuple[int, list[int]]] = []
    for group in regrouped:
        article_id = group.members[0]
        in_path_order = sorted(group.members, key=paths.__getitem__)
        marks = ",".join("?" * len(group.members))
        langs = [
            r[0]
            for r in conn.execute(
                f"SELECT lang FROM documents WHERE id IN ({marks})", group.members
            )
        ]
        conn.execute(
            "INSERT INTO articles(id, title, languages) VALUES(?,?,?)",
            (article_id, _title(conn, in_path_order), ",".join(sorted(set(langs)))),
        )
        to_align.append((article_id, in_path_order))

    if progress:
        progress(0, len(regrouped))
    _align_and_store(
        conn, to_align, None, (lambda done: progress(done, len(regrouped))) if progress else None
    )
    for group in groups:
        conn.executemany(
            "INSERT INTO article_docs(article_id, doc_id, duplicate_of) VALUES(?,?,?)",
            [(group.members[0], d, None) for d in group.members]
            + [(group.members[0], d, original) for d, original in sorted(group.duplicates.items())],
        )
    if progress:
        progress(1, 1) if not regrouped else progress(len(regrouped), len(regrouped))
    multilingual = [(a, members) for a, members in to_align if len(members) > 1]
    again = second_pass or SecondPass()
    if multilingual and (lexicon := learn_lexicon(conn, again.learning)) is not None:
        # the second pass, with word pairs learned from the corpus
        conn.executemany(
            "DELETE FROM alignment_rows WHERE article_id=?", [(a,) for a, _ in multilingual]
        )
        conn.executemany(
            "DELETE FROM alignment_cells WHERE article_id=?", [(a,) for a, _ in multilingual]
        )
        realigning = again.realigning
        if realigning:
            realigning(0, len(multilingual))
        _align_and_store(
            conn,
            multilingual,
            lexicon,
            (lambda done: realigning(done, len(multilingual))) if realigning else None,
        )
    restore_manual(conn)  # manual rows back, as fixed points where documents changed
    return len(groups), len(regrouped)


#: The second alignment pass needs this many confident 1-1 paragraph pairs in the corpus;
#: the learned table's weight then fades in with the pairs of each language pair
#: (``align.lexicon_weight``; see bench/align_bench.py).
LEXICON_MIN_PAIRS = 100
#: Pairs of one language pair needed to learn its part of the table.
LEXICON_MIN_PAIRS_PER_LANGUAGE_PAIR = 100
#: At most this many aligned rows are read to learn it (memory stays bounded).
LEXICON_MAX_ROWS = 20000


def learn_lexicon(
    conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None
) -> Lexicon | None:
    """Word pairs learned (IBM Model 1 both ways, per language pair) from the confident 1-1
    rows already aligned in the index, weighted by how much each language pair had to
    learn from, or None when the corpus is too small to teach one. ``progress(done,
    total)`` counts the language pairs (the 66 pairs of twelve languages can take a
    minute)."""
    cells: dict[tuple[int, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    confidence: dict[tuple[int, int], float] = {}
    rows = conn.execute(
        "SELECT c.article_id, c.row, r.confidence, d.lang, p.text FROM alignment_rows r"
        " JOIN alignment_cells c ON c.article_id = r.article_id AND c.row = r.row"
        " JOIN article_docs a ON a.doc_id = c.doc_id AND a.duplicate_of IS NULL"
        " JOIN documents d ON d.id = c.doc_id"
        " JOIN paragraphs p ON p.doc_id = c.doc_id AND p.i = c.para_i"
        " WHERE r.confidence >= ? AND r.article_id IN"
        "  (SELECT article_id FROM article_docs GROUP BY article_id HAVING COUNT(*) > 1)"
        " ORDER BY c.article_id, c.row, c.doc_id, c.para_i LIMIT ?",
        (LEXICON_MIN_CONFIDENCE, LEXICON_MAX_ROWS * 4),
    )
    for article, row, conf, lang, text in rows:
        cells[article, row][lang].append(text)
        confidence[article, row] = conf
    by_pair: dict[tuple[str, str], tuple[list[str], list[str], list[Bead]]] = defaultdict(
        lambda: ([], [], [])
    )
    for key, by_lang in cells.items():
        singles = {lang: texts[0] for lang, texts in by_lang.items() if len(texts) == 1}
        for a, b in combinations(sorted(singles), 2):
            src, tgt, beads = by_pair[a, b]
            beads.append(Bead((len(src),), (len(tgt),), confidence[key]))
            src.append(singles[a])
            tgt.append(singles[b])
    if sum(len(src) for src, _, _ in by_pair.values()) < LEXICON_MIN_PAIRS:
        return None
    lexicon = Lexicon()
    if progress:
        progress(0, len(by_pair))
    for done, pair in enumerate(sorted(by_pair), 1):
        src, tgt, beads = by_pair[pair]
        if len(src) >= LEXICON_MIN_PAIRS_PER_LANGUAGE_PAIR:
            learned = learn_pooled(
                [(src, tgt, beads)],
                pairs_share(src, tgt),
                min_pairs=LEXICON_MIN_PAIRS_PER_LANGUAGE_PAIR,
            )
            if learned is not None:
                lexicon = lexicon.merged(learned)
        if progress:
            progress(done, len(by_pair))
    return lexicon if len(lexicon) else None
