"""Read the index: the records behind `docs`, `doc`, `articles` and `show`.

Each function returns plain dataclasses; their ``as_json()`` is the documented JSON
contract of the command line (see README.md, "JSON output"). Field names are stable.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from .manual_store import manual_flags
from .records import CONTENT_SQL, ParagraphKind


@dataclass(frozen=True)
class DocSummary:
    id: int
    path: str
    lang: str
    title: str | None
    source_url: str | None
    date: str | None
    paragraphs: int  # content paragraphs

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ParagraphView:
    i: int
    kind: ParagraphKind
    lang: str
    text: str


@dataclass(frozen=True)
class DocDetail:
    summary: DocSummary
    encoding: str
    paragraphs: list[ParagraphView]
    repairs: dict[str, int] = field(default_factory=dict)  # kind -> count, see repair.py

    def as_json(self) -> dict:
        return {
            **self.summary.as_json(),
            "encoding": self.encoding,
            "repairs": self.repairs,
            "paragraphs": [asdict(p) for p in self.paragraphs],
        }


_DOC_COLUMNS = "id, path, lang, title, source_url, date, n_content"


def documents(conn: sqlite3.Connection) -> list[DocSummary]:
    rows = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY path")
    return [DocSummary(*row) for row in rows]


class AmbiguousReference(LookupError):
    """A reference (a path prefix, a file name) that fits several documents or articles."""

    def __init__(self, reference: str, what: str, candidates: list[tuple[int, str]]) -> None:
        super().__init__(f"{reference!r} matches {len(candidates)} {what}")
        self.reference = reference
        self.what = what  # "documents" or "articles"
        self.candidates = candidates  # (id, path or title), by id


def find_document(conn: sqlite3.Connection, path_or_id: str) -> DocSummary | None:
    """A document by id, by exact relative path, or by a unique path suffix or prefix.

    None when nothing fits; :class:`AmbiguousReference` when several documents do.
    """
    if path_or_id.isdigit() and str(int(path_or_id)) == path_or_id:
        row = conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=?", (int(path_or_id),)
        ).fetchone()
        if row:
            return DocSummary(*row)
    wanted = path_or_id.replace("\\", "/").removeprefix("./")
    row = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE path=?", (wanted,)).fetchone()
    if row:
        return DocSummary(*row)
    rows = conn.execute(
        f"SELECT {_DOC_COLUMNS} FROM documents WHERE path LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\'"
        " ORDER BY id",
        ("%/" + _like(wanted), _like(wanted) + "%"),
    ).fetchall()
    found = [DocSummary(*r) for r in rows]
    if not found:
        # A path given as the file's location on disk: match it against the end of the path.
        found = [r for r in documents(conn) if wanted.endswith("/" + r.path) or wanted == r.path]
        if len(found) > 1:  # the longest stored path that ends the given one is the file
            longest = max(len(r.path) for r in found)
            found = [r for r in found if len(r.path) == longest]
    if len(found) > 1:
        raise AmbiguousReference(path_or_id, "documents", sorted((d.id, d.path) for d in found))
    return found[0] if found else None


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def document_detail(conn: sqlite3.Connection, doc: DocSummary) -> DocDetail:
    encoding, repairs = conn.execute(
        "SELECT encoding, repairs FROM documents WHERE id=?", (doc.id,)
    ).fetchone()
    rows = conn.execute(
        "SELECT i, kind, lang, text FROM paragraphs WHERE doc_id=? ORDER BY i", (doc.id,)
    )
    return DocDetail(doc, encoding, [ParagraphView(*r) for r in rows], json.loads(repairs))


def skipped(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT path, reason FROM skipped ORDER BY path").fetchall()


def content_paragraphs(conn: sqlite3.Connection, doc_id: int) -> list[tuple[int, str]]:
    """(i, text) of the content paragraphs of a document, in order."""
    return conn.execute(
        f"SELECT i, text FROM paragraphs WHERE doc_id=? AND kind IN {CONTENT_SQL} ORDER BY i",
        (doc_id,),
    ).fetchall()


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    title: str
    languages: list[str]
    docs: list[dict]  # {"id", "path", "lang"}, duplicates marked with "duplicate_of"
    rows: int

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AlignedRow:
    index: int
    confidence: float
    cells: dict[str, str | None]
    #: lang -> the ``i`` (as in `doc --json`) of the row's paragraphs; [] where it has none
    paragraphs: dict[str, list[int]] = field(default_factory=dict)
    manual: bool = False  # edited or confirmed by hand (see manual_store)


@dataclass(frozen=True)
class ArticleTable:
    id: int
    title: str
    languages: list[str]
    rows: list[AlignedRow]

    def as_json(self) -> dict:
        return asdict(self)


def order_languages(languages: list[str], preferred: list[str]) -> list[str]:
    """Preferred languages first, in their order, then the rest alphabetically."""
    first = [lang for lang in preferred if lang in languages]
    return first + sorted(lang for lang in languages if lang not in first)


def articles(conn: sqlite3.Connection, preferred: Sequence[str] = ()) -> list[ArticleSummary]:
    docs: dict[int, list[dict]] = {}
    for article_id, doc_id, path, lang, duplicate_of in conn.execute(
        "SELECT a.article_id, d.id, d.path, d.lang, a.duplicate_of FROM article_docs a"
        " JOIN documents d ON d.id = a.doc_id ORDER BY a.article_id, d.lang, d.id"
    ):
        entry = {"id": doc_id, "path": path, "lang": lang}
        if duplicate_of is not None:
            entry["duplicate_of"] = duplicate_of
        docs.setdefault(article_id, []).append(entry)
    counts = dict(
        conn.execute("SELECT article_id, COUNT(*) FROM alignment_rows GROUP BY article_id")
    )
    return [
        ArticleSummary(
            article_id,
            title,
            order_languages(langs.split(","), list(preferred)),
            docs.get(article_id, []),
            counts.get(article_id, 0),
        )
        for article_id, title, langs in conn.execute(
            "SELECT id, title, languages FROM articles ORDER BY id"
        )
    ]


def find_article(conn: sqlite3.Connection, article_or_doc: str) -> int | None:
    """An article by its id, or the article of a document given by path or id."""
    if article_or_doc.isdigit() and str(int(article_or_doc)) == article_or_doc:
        row = conn.execute("SELECT id FROM articles WHERE id=?", (int(article_or_doc),)).fetchone()
        if row:
            return row[0]
    try:
        doc = find_document(conn, article_or_doc)
    except AmbiguousReference as many:  # fine if all those documents are of one article
        marks = ",".join("?" * len(many.candidates))
        found = conn.execute(
            "SELECT DISTINCT a.id, a.title FROM article_docs d JOIN articles a"
            f" ON a.id = d.article_id WHERE d.doc_id IN ({marks}) ORDER BY a.id",
            [doc_id for doc_id, _ in many.candidates],
        ).fetchall()
        if len(found) == 1:
            return found[0][0]
        if not found:
            return None
        raise AmbiguousReference(article_or_doc, "articles", found) from None
    if doc is None:
        return None
    row = conn.execute("SELECT article_id FROM article_docs WHERE doc_id=?", (doc.id,)).fetchone()
    return row[0] if row else None


def article_table(
    conn: sqlite3.Connection,
    article_id: int,
    langs: list[str] | None = None,
    preferred: Sequence[str] = (),
) -> ArticleTable:
    """The aligned rows of an article, one cell per language (None where a row lacks it)."""
    title, stored = conn.execute(
        "SELECT title, languages FROM articles WHERE id=?", (article_id,)
    ).fetchone()
    available = stored.split(",")
    shown = (
        [lang for lang in langs if lang in available]
        if langs
        else order_languages(available, list(preferred))
    )
    texts: dict[tuple[int, str], list[str]] = {}
    ids: dict[tuple[int, str], list[int]] = {}
    marks = ",".join("?" * len(shown))
    for row, lang, text, i in conn.execute(
        "SELECT c.row, d.lang, p.text, p.i FROM alignment_cells c"
        " JOIN article_docs a ON a.doc_id = c.doc_id AND a.duplicate_of IS NULL"
        " JOIN documents d ON d.id = c.doc_id"
        " JOIN paragraphs p ON p.doc_id = c.doc_id AND p.i = c.para_i"
        f" WHERE c.article_id=? AND d.lang IN ({marks}) ORDER BY c.row, p.i",
        (article_id, *shown),
    ):
        texts.setdefault((row, lang), []).append(text)
        ids.setdefault((row, lang), []).append(i)
    manual = manual_flags(conn, article_id)
    rows = []
    for row, confidence in conn.execute(
        "SELECT row, confidence FROM alignment_rows WHERE article_id=? ORDER BY row", (article_id,)
    ):
        cells = {
            lang: "\n\n".join(texts[row, lang]) if (row, lang) in texts else None for lang in shown
        }
        if any(cell is not None for cell in cells.values()):
            paragraphs = {lang: ids.get((row, lang), []) for lang in shown}
            # the stored row number, as in search hits
            rows.append(AlignedRow(row, confidence, cells, paragraphs, row in manual))
    return ArticleTable(article_id, title, shown, rows)


def article_titles(conn: sqlite3.Connection) -> dict[int, list[str]]:
    """Every title of every article: the article's own, then each document's, once each."""
    titles: dict[int, list[str]] = {}
    for article_id, title in conn.execute("SELECT id, title FROM articles ORDER BY id"):
        titles[article_id] = [title]
    for article_id, title in conn.execute(
        "SELECT a.article_id, d.title FROM article_docs a JOIN documents d ON d.id = a.doc_id"
        " WHERE d.title IS NOT NULL ORDER BY a.article_id, d.id"
    ):
        known = titles.setdefault(article_id, [])
        if title not in known:
            known.append(title)
    return titles


def article_languages(conn: sqlite3.Connection, article_ids: Iterable[int]) -> dict[int, list[str]]:
    """The languages of each of ``article_ids`` (as stored: the article's own order)."""
    ids = sorted(set(article_ids))
    found: dict[int, list[str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id, languages FROM articles WHERE id IN ({marks})"
        for article_id, languages in conn.execute(sql, chunk):
            found[article_id] = languages.split(",") if languages else []
    return found


def partner_languages(conn: sqlite3.Connection, lang: str) -> list[str]:
    """The languages that share an article with ``lang``, most shared first (ties by code)."""
    shared: Counter[str] = Counter()
    for (languages,) in conn.execute("SELECT languages FROM articles"):
        codes = languages.split(",") if languages else []
        if lang in codes:
            shared.update(code for code in set(codes) if code != lang)
    return sorted(shared, key=lambda code: (-shared[code], code))


def counterpart_languages(shown: Sequence[str], available: Sequence[str], own: str) -> list[str]:
    """The languages to show beside a text in ``own``: those of ``shown`` (the panes, in
    their order) that ``available`` has; when none, every other one of ``available``."""
    others = [lang for lang in available if lang != own]
    chosen = [lang for lang in shown if lang in others]
    return chosen or others
