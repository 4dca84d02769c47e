"""Export aligned rows as parallel corpora: TMX 1.4b, TSV, JSONL and Moses plain text.

The rows come from ``queries.article_table``, one article at a time, and are written as
they come: memory stays at the size of the largest article, whatever the export's size.

Formats (one record per aligned row that passes ``min_confidence``):

Languages: ``langs`` in that order (those that some article has), else every language
of the articles with ``source_lang``, then the ``preferred`` ones first, then A to Z.

* ``tmx``: TMX 1.4b, one ``<tu>`` per row with at least two non-empty languages, one
  ``<tuv xml:lang=…><seg>`` per non-empty cell (the source language first). Each ``<tu>``
  carries ``<prop type="x-polyglance-article">``, ``x-polyglance-row`` and
  ``x-polyglance-confidence``, and ``tuid="ARTICLE-ROW"``; a row aligned or confirmed by
  hand also ``<prop type="x-polyglance-manual">1</prop>``. Characters that XML 1.0
  forbids are dropped (C0 controls other than tab, newline and carriage return; U+FFFE,
  U+FFFF); lone surrogates become U+FFFD. Newlines inside a cell are kept.
* ``tsv``: a header ``article<TAB>row<TAB>confidence<TAB>manual<TAB>LANG…``, then one
  line per row (``manual`` is 1 for a row aligned or confirmed by hand, else 0); a
  missing cell is an empty field. Inside text, backslash, tab, newline and carriage
  return are written ``\\\\``, ``\\t``, ``\\n``, ``\\r`` (``tsv_unescape`` reverses it).
* ``jsonl``: one JSON object per line: ``{"article", "row", "confidence", "manual",
  "cells"}`` with ``manual`` true for a row aligned or confirmed by hand and ``cells`` =
  ``{lang: text or null}`` for every exported language.
* ``moses``: one plain-text stream per language; line N of each is row N. A row missing
  one of the languages is left out, or written as empty lines with ``keep_gaps``. Line
  breaks inside a cell become one space.

``export_articles`` writes to open text streams; ``export_to_path`` opens the files
(written to a new temporary file beside each and renamed at the end, so a failed export
leaves no half-written file) and returns their paths. ``check_export_target`` says whether
a file may be written at all: never the index, a file of the corpus, or (without
``force``) an existing file.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from .queries import article_table, order_languages
from .store import IndexProblem

FORMATS = ("tmx", "tsv", "jsonl", "moses")

#: TSV columns before the language columns.
TSV_FIXED_COLUMNS = ("article", "row", "confidence", "manual")

#: Reports (articles done, articles in all) after each article; may raise to cancel.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportOptions:
    """What to export; the defaults export every language of every row."""

    langs: Sequence[str] | None = None  # these languages, in this order; None: all
    min_confidence: float = 0.0  # rows below this alignment confidence are left out
    keep_gaps: bool = False  # moses: write empty lines for missing cells
    source_lang: str = ""  # TMX srclang if exported, else the first language; see below
    preferred: Sequence[str] = ()  # column order when ``langs`` is None (config)


@dataclass(frozen=True)
class ExportRow:
    article: int
    row: int  # the stored row number, as in `show` and search hits
    confidence: float
    cells: dict[str, str | None]  # every exported language, None where the row lacks it
    manual: bool = False  # aligned or confirmed by hand (see manual_store)


@dataclass
class ExportSummary:
    fmt: str
    languages: list[str]
    srclang: str
    rows: int = 0  # records written (TMX: <tu> elements; moses: lines of each file)
    articles: int = 0  # articles that contributed at least one record
    paths: list[Path] = field(default_factory=list)  # files written by export_to_path


# -- choosing articles, languages and rows ------------------------------------------------


def all_article_ids(conn: sqlite3.Connection) -> list[int]:
    return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]


def article_languages(conn: sqlite3.Connection, article_ids: Iterable[int]) -> set[str]:
    """Every language of these articles."""
    found: set[str] = set()
    for article_id in article_ids:
        row = conn.execute("SELECT languages FROM articles WHERE id=?", (article_id,)).fetchone()
        if row and row[0]:
            found.update(row[0].split(","))
    return found


def export_languages(
    conn: sqlite3.Connection, article_ids: Sequence[int], options: ExportOptions
) -> list[str]:
    """The languages (columns, files) of an export: ``options.langs`` that some article has,
    in that order; else every language, the source language and preferred ones first."""
    available = article_languages(conn, article_ids)
    if options.langs is not None:
        return [lang for lang in dict.fromkeys(options.langs) if lang in available]
    first = [options.source_lang] if options.source_lang else []
    return order_languages(sorted(available), [*first, *options.preferred])


def source_language(languages: Sequence[str], source_lang: str) -> str:
    """TMX ``srclang``: the configured source language if exported, else the first."""
    if source_lang in languages:
        return source_lang
    return languages[0] if languages else "*all*"


def export_rows(
    conn: sqlite3.Connection,
    article_ids: Sequence[int],
    languages: Sequence[str],
    min_confidence: float = 0.0,
    progress: Progress | None = None,
) -> Iterator[ExportRow]:
    """The aligned rows of the articles, in order, with a cell for every language."""
    if not languages:
        return
    for done, article_id in enumerate(article_ids, 1):
        exists = conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone()
        table = article_table(conn, article_id, list(languages)) if exists else None
        for row in table.rows if table else ():
            if row.confidence >= min_confidence:
                cells = {lang: row.cells.get(lang) for lang in languages}
                yield ExportRow(article_id, row.index, row.confidence, cells, row.manual)
        if progress:
            progress(done, len(article_ids))


# -- text cleaning and escaping --------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_ESCAPE_SUSPECT = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_JSONL_SUSPECT = re.compile("[\x85\u2028\u2029\ud800-\udfff]")
_BREAK_CHARS = "\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"  # what str.splitlines() breaks at
_LINE_BREAKS = re.compile(f"[ \t]*[{_BREAK_CHARS}]+[ \t]*")
# One scan to tell the rare cells that need work from the rest.
_MOSES_SUSPECT = re.compile(f"[{_BREAK_CHARS}\ud800-\udfff]")
_TSV_SUSPECT = re.compile("[\\\\\t\n\r\ud800-\udfff]")


def fix_surrogates(text: str) -> str:
    """Join surrogate pairs into their character; a lone surrogate becomes U+FFFD.

    Text with surrogates cannot be written as UTF-8; the index never holds any, but a
    caller's rows might.
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def xml_clean(text: str) -> str:
    """``text`` with only characters XML 1.0 allows: forbidden controls and U+FFFE/U+FFFF
    dropped, lone surrogates replaced by U+FFFD."""
    if not _XML_SUSPECT.search(text):
        return text
    return _XML_FORBIDDEN.sub("", fix_surrogates(text))


def xml_escape(text: str) -> str:
    """Element content: cleaned, with ``& < >`` escaped and CR kept as ``&#13;``."""
    if not _XML_ESCAPE_SUSPECT.search(text):
        return text
    text = xml_clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def xml_attr(text: str) -> str:
    """An attribute value in double quotes; whitespace controls kept as references."""
    text = xml_escape(text).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;")


def tsv_escape(text: str) -> str:
    if not _TSV_SUSPECT.search(text):
        return text
    text = fix_surrogates(text)
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


_TSV_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
_TSV_ESCAPED = re.compile(r"\\[\\tnr]")


def tsv_unescape(field_text: str) -> str:
    """The text of a TSV field as ``tsv_escape`` wrote it."""
    return _TSV_ESCAPED.sub(lambda m: _TSV_UNESCAPES[m.group()], field_text)


def one_line(text: str) -> str:
    """A cell as one Moses line: every line break (and the blanks around it) one space."""
    if not _MOSES_SUSPECT.search(text):
        return text.strip()
    return _LINE_BREAKS.sub(" ", fix_surrogates(text)).strip()


def _confidence(value: float) -> str:
    return repr(round(float(value), 4))


# -- formats -------------------------------------------------------------------------------


def tmx_header(srclang: str, tool_version: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n'
        f'  <header creationtool="polyglance" creationtoolversion="{xml_attr(tool_version)}"'
        ' datatype="plaintext" segtype="paragraph" adminlang="en"'
        f' srclang="{xml_attr(srclang)}" o-tmf="polyglance"/>\n'
        "  <body>\n"
    )


_TMX_MANUAL = '      <prop type="x-polyglance-manual">1</prop>\n'
TMX_FOOTER = "  </body>\n</tmx>\n"


@lru_cache(maxsize=256)
def _tuv_start(lang: str) -> str:
    return f'      <tuv xml:lang="{xml_attr(lang)}"><seg>'


def tmx_tu(row: ExportRow, languages: Sequence[str]) -> str | None:
    """One ``<tu>``, languages in the given order; None when fewer than two have text."""
    tuvs = []
    for lang in languages:
        text = row.cells.get(lang)
        if text and not text.isspace():
            seg = xml_escape(text)
            if seg and not seg.isspace():
                tuvs.append(f"{_tuv_start(lang)}{seg}</seg></tuv>\n")
    if len(tuvs) < 2:
        return None
    return (
        f'    <tu tuid="{row.article}-{row.row}">\n'
        f'      <prop type="x-polyglance-article">{row.article}</prop>\n'
        f'      <prop type="x-polyglance-row">{row.row}</prop>\n'
        f'      <prop type="x-polyglance-confidence">{_confidence(row.confidence)}</prop>\n'
        f"{_TMX_MANUAL if row.manual else ''}"
        f"{''.join(tuvs)}    </tu>\n"
    )


def tsv_header(languages: Sequence[str]) -> str:
    return "\t".join([*TSV_FIXED_COLUMNS, *languages]) + "\n"


def tsv_line(row: ExportRow, languages: Sequence[str]) -> str:
    texts = [tsv_escape(text) if text is not None else "" for text in map(row.cells.get, languages)]
    fixed = f"{row.article}\t{row.row}\t{_confidence(row.confidence)}\t{int(row.manual)}\t"
    return fixed + "\t".join(texts) + "\n"


def jsonl_line(row: ExportRow, languages: Sequence[str]) -> str:
    cells = {lang: row.cells.get(lang) for lang in languages}
    confidence = round(row.confidence, 4)
    record = {
        "article": row.article,
        "row": row.row,
        "confidence": confidence,
        "manual": row.manual,
        "cells": cells,
    }
    line = json.dumps(record, ensure_ascii=False)
    if _JSONL_SUSPECT.search(line):  # surrogates pass through json.dumps: they are in strings
        line = fix_surrogates(line)
        # One record a line, also for readers that break lines at these.
        for char, escaped in (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
            line = line.replace(char, escaped)
    return line + "\n"


def moses_lines(row: ExportRow, languages: Sequence[str], keep_gaps: bool) -> list[str] | None:
    """The row's line in each language's file; None when it is left out."""
    lines = [one_line(text) if text is not None else "" for text in map(row.cells.get, languages)]
    if keep_gaps:
        return lines if any(lines) else None
    return lines if all(lines) else None


_RENDER: dict[str, Callable[[ExportRow, Sequence[str]], str | None]] = {
    "tmx": tmx_tu,
    "tsv": tsv_line,
    "jsonl": jsonl_line,
}


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("polyglance")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


# -- writing -------------------------------------------------------------------------------


def export_articles(
    conn: sqlite3.Connection,
    article_ids: Sequence[int],
    fmt: str,
    out: TextIO | Mapping[str, TextIO],
    options: ExportOptions = ExportOptions(),  # frozen: safe as a default
    progress: Progress | None = None,
) -> ExportSummary:
    """Write the aligned rows of ``article_ids`` (in that order) to ``out``.

    ``out`` is one text stream, or for ``moses`` a stream per language of
    ``export_languages(conn, article_ids, options)``. Streams are written, not closed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    languages = export_languages(conn, article_ids, options)
    srclang = source_language(languages, options.source_lang)
    summary = ExportSummary(fmt, languages, srclang)
    rows = export_rows(conn, article_ids, languages, options.min_confidence, progress)
    if fmt == "moses":
        if not isinstance(out, Mapping) or set(out) != set(languages):
            raise ValueError(f"moses export needs one stream for each of {languages}")
        summary.rows, summary.articles = _write_moses(rows, out, languages, options.keep_gaps)
    else:
        if isinstance(out, Mapping):
            raise ValueError(f"a {fmt} export is written to one stream")
        summary.rows, summary.articles = _write_stream(rows, out, fmt, languages, srclang)
    return summary


def _write_moses(
    rows: Iterable[ExportRow], out: Mapping[str, TextIO], languages: list[str], keep_gaps: bool
) -> tuple[int, int]:
    """(records written, articles that gave one)."""
    streams = [out[lang] for lang in languages]
    written, contributed = 0, set()
    for row in rows:
        lines = moses_lines(row, languages, keep_gaps)
        if lines is not None:
            for stream, line in zip(streams, lines, strict=True):
                stream.write(line + "\n")
            written += 1
            contributed.add(row.article)
    return written, len(contributed)


def _write_stream(
    rows: Iterable[ExportRow], out: TextIO, fmt: str, languages: list[str], srclang: str
) -> tuple[int, int]:
    """(records written, articles that gave one)."""
    render = _RENDER[fmt]
    if fmt == "tmx":
        out.write(tmx_header(srclang, tool_version()))
        if srclang in languages:  # the source <tuv> first, as readers expect
            languages = [srclang, *(lang for lang in languages if lang != srclang)]
    elif fmt == "tsv":
        out.write(tsv_header(languages))
    written, contributed = 0, set()
    for row in rows:
        text = render(row, languages)
        if text is not None:
            out.write(text)
            written += 1
            contributed.add(row.article)
    if fmt == "tmx":
        out.write(TMX_FOOTER)
    return written, len(contributed)


def moses_paths(path: str | os.PathLike[str], languages: Sequence[str]) -> dict[str, Path]:
    """``PATH.<lang>`` for each language: ``out/corpus`` gives ``out/corpus.nb``, …"""
    base = Path(path)
    return {lang: base.with_name(f"{base.name}.{lang}") for lang in languages}


class ExportRefused(IndexProblem, ValueError):
    """The export would destroy something (the index, a file of the corpus, an existing
    file without ``force``) or cannot be written where asked; the message says why.
    (An IndexProblem too: callers that show those to the user show this one.)"""


#: Files of an SQLite index besides the index itself.
INDEX_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_export_target(
    path: Path, *, index_path: Path | None, corpus_root: Path | None, force: bool
) -> None:
    """Raise :class:`ExportRefused` unless an export may be written to the file ``path``.

    Never the index (nor its -wal/-shm/-journal files), never a file inside the corpus
    folder, never an existing file unless ``force``, never anything but a regular file;
    its folder must exist (none is ever created).
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    if index_path is not None:
        for suffix in INDEX_COMPANIONS:
            guarded = Path(f"{index_path}{suffix}")
            if real == Path(os.path.realpath(guarded)) or _same_file(path, guarded):
                raise ExportRefused(f"{path} is the index {index_path}{suffix}: export elsewhere")
    if corpus_root is not None:
        corpus = os.path.realpath(corpus_root)
        if os.path.commonpath([corpus, str(real)]) == corpus:
            raise ExportRefused(
                f"{path} is inside the corpus folder {corpus_root}: export elsewhere"
            )
    if not real.parent.is_dir():
        raise ExportRefused(f"the folder {path.parent} does not exist (none is created)")
    if path.is_dir():
        raise ExportRefused(f"{path} is a folder: give a file name")
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise ExportRefused(f"{path} exists and is not a regular file")
        if not force:
            raise ExportRefused(f"{path} exists: choose another name, or overwrite it (--force)")


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


#: Files are created with the permissions the user's umask gives (read once).
_FILE_MODE = 0o666 & ~_umask()


def _temporary_beside(target: Path) -> tuple[Path, int]:
    """A new file (never an existing one) in the folder of ``target``, for writing it."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    with suppress(OSError):
        os.fchmod(fd, _FILE_MODE)
    return Path(name), fd


def _put_in_place(part: Path, target: Path, force: bool) -> None:
    """Rename the finished ``part`` to ``target``; without ``force`` never over a file
    that appeared meanwhile (a hard link fails if the name is taken)."""
    if force:
        part.replace(target)
        return
    try:
        os.link(part, target)
    except FileExistsError as exc:
        raise ExportRefused(
            f"{target} exists: choose another name, or overwrite it (--force)"
        ) from exc
    except OSError:  # no hard links here (some file systems): check, then rename
        if target.exists() or target.is_symlink():
            raise ExportRefused(
                f"{target} exists: choose another name, or overwrite it (--force)"
            ) from None
        part.replace(target)
        return
    part.unlink()


def export_to_path(
    conn: sqlite3.Connection,
    article_ids: Sequence[int],
    fmt: str,
    path: str | os.PathLike[str],
    options: ExportOptions = ExportOptions(),
    progress: Progress | None = None,
    *,
    index_path: Path | None = None,
    corpus_root: Path | None = None,
    force: bool = False,
) -> ExportSummary:
    """Export to the file ``path`` (for ``moses``, to ``PATH.<lang>`` files), as UTF-8.

    Each target passes :func:`check_export_target` first (an existing file is only
    replaced with ``force``). Each file is written to a new temporary file beside it
    (``.NAME.XXXX.part``, never an existing file) and renamed when the export is complete.
    """
    targets: dict[str, Path]
    if fmt == "moses":
        targets = moses_paths(path, export_languages(conn, article_ids, options))
    else:
        targets = {"": Path(path)}
    for target in targets.values():
        check_export_target(target, index_path=index_path, corpus_root=corpus_root, force=force)
    parts: dict[str, Path] = {}
    try:
        with ExitStack() as stack:
            streams = {}
            for key, target in targets.items():
                parts[key], fd = _temporary_beside(target)
                streams[key] = stack.enter_context(
                    open(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
                )
            out = streams if fmt == "moses" else streams[""]
            summary = export_articles(conn, article_ids, fmt, out, options, progress)
        for key, part in parts.items():
            _put_in_place(part, targets[key], force)
    except BaseException:
        for part in parts.values():
            with suppress(OSError):
                part.unlink(missing_ok=True)
        raise
    keys = summary.languages if fmt == "moses" else [""]
    summary.paths = [targets[key] for key in keys]
    return summary
