"""Printing for the command line: JSON on stdout, human text on stdout, messages on stderr.

Document text is printed as data: through ``rich.text.Text``, never as markup.
"""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from polyglance.corpus.align import Scores
from polyglance.corpus.indexer import Summary
from polyglance.corpus.queries import ArticleSummary, ArticleTable, DocDetail, DocSummary

_out = Console(highlight=False, soft_wrap=False)
_err = Console(stderr=True, highlight=False)


def message(text: str) -> None:
    _err.print(Text(text), soft_wrap=True)  # never wrapped: scripts grep these lines


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
    for path, reason in summary.skipped:
        message(f"  skipped {path}: {reason}")


def print_docs(docs: list[DocSummary]) -> None:
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
    _out.print(Text(f"{s.path}  [{s.lang}]  {s.title or '(untitled)'}", style="bold"))
    _out.print(
        Text(f"source: {s.source_url or '-'}   date: {s.date or '-'}   encoding: {detail.encoding}")
    )
    for p in detail.paragraphs:
        style = "dim" if p.kind in ("boilerplate", "meta") else ""
        line = Text.assemble((f"{p.i:>3} {p.kind:<11} {p.lang:<3} ", "cyan"), (p.text, style))
        _out.print(line)


def print_articles(found: list[ArticleSummary]) -> None:
    table = Table(box=None, pad_edge=False)
    for name in ("id", "languages", "rows", "title"):
        table.add_column(name, no_wrap=name != "title", overflow="fold")
    for a in found:
        table.add_row(str(a.id), " ".join(a.languages), str(a.rows), Text(a.title))
    _out.print(table)


def print_article(article: ArticleTable) -> None:
    """Rows side by side, one column per language, sized to the terminal."""
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
