r"""Printing for the command line: JSON on stdout, human text on stdout, messages on stderr.

Document text is printed as data: through ``rich.text.Text``, never as markup.

Human text is laid out for the terminal only when stdout is one. Piped or redirected
(``polyglance doc 000 | grep …``), no line is ever wrapped or cut: one record a line,
tables as tab-separated fields under a header line, and inside a field a backslash,
tab, line break and CR written ``\\``, ``\t``, ``\n``, ``\r`` (as in the TSV export),
other control characters as ``\xNN``.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from polyglance.corpus.walk import shown_name

if TYPE_CHECKING:  # types only: `polyglance search` does not load the aligner (numpy)
    from polyglance.corpus.align import Scores
    from polyglance.corpus.indexer import Summary
    from polyglance.corpus.queries import (
        AmbiguousReference,
        ArticleSummary,
        ArticleTable,
        DocDetail,
        DocSummary,
    )

_out = Console(highlight=False, soft_wrap=False)
_err = Console(stderr=True, highlight=False)


def message(text: str) -> None:
    """A message on stderr, never wrapped (scripts grep these lines). Each line goes
    through the printable-name filter: messages quote paths and config keys."""
    shown = "\n".join(shown_name(line) for line in text.split("\n"))
    _err.print(Text(shown), soft_wrap=True)


#: Candidates listed for an ambiguous reference; the rest are counted.
MAX_CANDIDATES = 20


def ambiguous_text(exc: AmbiguousReference) -> str:
    """What to say when a reference fits several documents or articles: the candidates."""
    hint = "the id or more of the path" if exc.what == "documents" else "the article id"
    lines = [
        f"polyglance: '{field(exc.reference)}' is ambiguous: it matches "
        f"{len(exc.candidates)} {exc.what}; give {hint}:"
    ]
    width = len(str(max(i for i, _ in exc.candidates)))
    for ident, label in exc.candidates[:MAX_CANDIDATES]:
        lines.append(f"  {ident:>{width}}  {field(label)}")
    if len(exc.candidates) > MAX_CANDIDATES:
        lines.append(f"  … and {len(exc.candidates) - MAX_CANDIDATES} more")
    return "\n".join(lines)


def on_terminal() -> bool:
    """Whether stdout is a terminal (lay out for it) or a pipe or file (never wrap)."""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed
        return False


def field(text: str) -> str:
    """``text`` as one printable line: TSV escapes, then \\xNN for other controls."""
    from polyglance.corpus.export import tsv_escape  # its imports are the aligner's

    return shown_name(tsv_escape(text))


def _write_rows(header: list[str] | None, rows: list[list[str]]) -> None:
    lines = ([header] if header else []) + rows
    sys.stdout.write("".join("\t".join(field(f) for f in row) + "\n" for row in lines))


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def summary_json(summary: Summary) -> dict:
    return {
        "root": summary.root,
        "index": summary.index,
        "files_seen": summary.files_seen,
        "indexed": summary.indexed,
        "unchanged": summary.unchanged,
        "removed": summary.removed,
        "skipped": [{"path": p, "reason": r} for p, r in summary.skipped],
        "languages": dict(summary.languages),
        "seconds": round(summary.seconds, 3),
        "notice": summary.notice,
        "repaired": summary.repaired,
        "articles": {str(n): count for n, count in summary.article_sizes.items()},
        "manual_notices": summary.manual_notices,
    }


def print_summary(summary: Summary) -> None:
    if summary.notice:
        message(f"note: {summary.notice}")
    languages = ", ".join(f"{lang} {n}" for lang, n in summary.languages.most_common())
    message(
        f"indexed {summary.indexed} new or changed, {summary.unchanged} unchanged, "
        f"{summary.removed} removed, {len(summary.skipped)} skipped "
        f"in {summary.seconds:.2f} s -> {summary.index}"
    )
    if languages:
        message(f"languages: {languages}")
    if summary.article_sizes:
        sizes = ", ".join(
            f"{count} with {n} language{'s' if n != 1 else ''}"
            for n, count in sorted(summary.article_sizes.items(), reverse=True)
        )
        message(f"articles: {sizes}; documents repaired: {summary.repaired}")
    for notice in summary.manual_notices:
        message(f"manual rows: {notice}")
    for path, reason in summary.skipped:
        message(f"  skipped {path}: {reason}")


def print_docs(docs: list[DocSummary]) -> None:
    if not on_terminal():
        header = ["id", "lang", "date", "paras", "title", "path"]
        rows = [
            [str(d.id), d.lang, d.date or "", str(d.paragraphs), d.title or "", d.path]
            for d in docs
        ]
        _write_rows(header, rows)
        return
    table = Table(box=None, pad_edge=False)
    for name in ("id", "lang", "date", "paras", "title", "path"):
        table.add_column(name, no_wrap=name != "title", overflow="fold")
    for d in docs:
        table.add_row(
            str(d.id),
            d.lang,
            d.date or "",
            str(d.paragraphs),
            Text(d.title or "(untitled)"),
            Text(d.path),
        )
    _out.print(table)


def print_doc(detail: DocDetail) -> None:
    s = detail.summary
    if not on_terminal():
        lines = [
            f"{field(s.path)}  [{s.lang}]  {field(s.title or '(untitled)')}",
            f"source: {field(s.source_url or '-')}   date: {s.date or '-'}   "
            f"encoding: {detail.encoding}",
            *(f"{p.i:>3} {p.kind:<11} {p.lang:<3} {field(p.text)}" for p in detail.paragraphs),
        ]
        sys.stdout.write("".join(line + "\n" for line in lines))
        return
    _out.print(Text(f"{s.path}  [{s.lang}]  {s.title or '(untitled)'}", style="bold"))
    _out.print(
        Text(f"source: {s.source_url or '-'}   date: {s.date or '-'}   encoding: {detail.encoding}")
    )
    for p in detail.paragraphs:
        style = "dim" if p.kind in ("boilerplate", "meta") else ""
        line = Text.assemble((f"{p.i:>3} {p.kind:<11} {p.lang:<3} ", "cyan"), (p.text, style))
        _out.print(line)


def print_articles(found: list[ArticleSummary]) -> None:
    if not on_terminal():
        rows = [[str(a.id), " ".join(a.languages), str(a.rows), a.title] for a in found]
        _write_rows(["id", "languages", "rows", "title"], rows)
        return
    table = Table(box=None, pad_edge=False)
    for name in ("id", "languages", "rows", "title"):
        table.add_column(name, no_wrap=name != "title", overflow="fold")
    for a in found:
        table.add_row(str(a.id), " ".join(a.languages), str(a.rows), Text(a.title))
    _out.print(table)


def print_article(article: ArticleTable) -> None:
    """Rows side by side, one column per language, sized to the terminal; piped, one
    row a line (row, conf, then one field per language, empty where it has none)."""
    if not on_terminal():
        sys.stdout.write(f"{article.id}\t{field(article.title)}\n")
        rows = [
            [str(row.index), f"{row.confidence:.2f}", *(c or "" for c in row.cells.values())]
            for row in article.rows
        ]
        _write_rows(["row", "conf", *article.languages], rows)
        return
    _out.print(Text(f"{article.id}  {article.title}", style="bold"))
    table = Table(show_lines=True, expand=True, pad_edge=False)
    table.add_column("row", justify="right", no_wrap=True, width=4)
    table.add_column("conf", justify="right", no_wrap=True, width=4)
    for lang in article.languages:
        table.add_column(lang, ratio=1, overflow="fold")
    for row in article.rows:
        cells = [
            Text(text) if text is not None else Text("—", style="dim")
            for text in row.cells.values()
        ]
        style = "yellow" if row.confidence < 0.5 else ""
        table.add_row(str(row.index), Text(f"{row.confidence:.2f}", style=style), *cells)
    _out.print(table)


def scores_json(scores: Scores) -> dict:
    return {
        "strict": {
            "precision": scores.strict_precision,
            "recall": scores.strict_recall,
            "f1": scores.strict_f1,
        },
        "lax": {
            "precision": scores.lax_precision,
            "recall": scores.lax_recall,
            "f1": scores.lax_f1,
        },
    }


def print_scores(scores: Scores) -> None:
    for name in ("strict", "lax"):
        p, r, f = (getattr(scores, f"{name}_{m}") for m in ("precision", "recall", "f1"))
        _out.print(f"{name:<6}  precision {p:.4f}  recall {r:.4f}  F1 {f:.4f}")


def hit_json(hit) -> dict:
    """The JSON record of a search hit (see README, "JSON output")."""
    return {
        "article": hit.article,
        "doc": hit.doc,
        "path": hit.path,
        "lang": hit.lang,
        "paragraph": hit.paragraph,
        "row": hit.row,
        "score": round(hit.score, 2),
        "kind": hit.kind,
        "title": hit.title,
        "text": hit.text,
        "spans": [list(span) for span in hit.spans],
    }


def snippet(text: str, spans: list[tuple[int, int]], width: int = 120) -> Text:
    """A window of ``text`` around its first match, matches highlighted."""
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    shown = Text(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))
    offset = 1 if start else 0
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s < e:
            shown.stylize("bold reverse", s - start + offset, e - start + offset)
    return shown


def print_hits(hits) -> None:
    if not hits:
        message("no hits")
    if not on_terminal():  # the whole paragraph, on one line
        for hit in hits:
            where = f"{hit.path} ¶{hit.paragraph}" + (
                f" row {hit.row}" if hit.row is not None else ""
            )
            sys.stdout.write(
                f"{hit.lang:<3} {hit.score:5.1f} {field(hit.title or hit.path)}  [{field(where)}]\n"
                f"    {field(hit.text)}\n"
            )
        return
    for hit in hits:
        head = Text.assemble(
            (f"{hit.lang:<3} ", "cyan"),
            (f"{hit.score:5.1f} ", "green"),
            (hit.title or hit.path, "bold"),
            (
                f"  [{hit.path} ¶{hit.paragraph}"
                + (f" row {hit.row}]" if hit.row is not None else "]"),
                "dim",
            ),
        )
        _out.print(head)
        _out.print(Text("    ").append_text(snippet(hit.text, hit.spans)))
