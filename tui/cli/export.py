"""`polyglance export`: aligned rows as TMX, TSV, JSONL or Moses parallel text.

The formats are described in ``polyglance.corpus.export``. The data goes to ``-o PATH``
or to stdout (UTF-8 whatever the locale); the summary goes to stderr.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import export, queries
from polyglance.corpus.store import Index

from . import output
from .common import EXIT_FAILURE, EXIT_OK, UsageError, open_index_for_reading
from .languages import add_langs_option, language_list

EXPORT_HELP = """\
Export the aligned rows of articles as a parallel corpus.

Formats:
  tmx    TMX 1.4b: one <tu> per row with at least two languages, one <tuv> per
         language; props x-polyglance-article, -row and -confidence on each <tu>.
         srclang: config [export] source_lang if exported, else the first language.
  tsv    header: article, row, confidence, then one column per language; one line
         per row, an empty field where a row lacks a language. Inside text,
         backslash, tab, newline and CR are written \\\\, \\t, \\n and \\r.
  jsonl  one object per row: {"article", "row", "confidence", "cells": {lang: text
         or null}}.
  moses  one file per language, PATH.<lang> (-o out/corpus gives out/corpus.nb,
         out/corpus.fr, ...); line N of every file is the same row. Rows missing a
         language are left out, or kept as empty lines with --keep-gaps. Line breaks
         inside a paragraph become spaces. Needs -o.

Without -o, tmx, tsv and jsonl go to stdout. Several articles go into one file.
An existing file is only replaced with --force; the index and the files of the
corpus never are, and the folder of -o must exist."""


def add_export_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = commands.add_parser(
        "export",
        help="export aligned rows as TMX, TSV, JSONL or Moses parallel text",
        description=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = p.add_argument
    add("articles", nargs="*", metavar="ARTICLE", help="article id, or a document path")
    add("--all", action="store_true", help="export every article of the index")
    add("--format", required=True, choices=export.FORMATS, help="the output format")
    add_langs_option(p, "only these languages, in this order (e.g. nb,fr)")
    add(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="X",
        help="leave out rows aligned with a confidence below X (0 to 1; default 0)",
    )
    add("-o", "--output", metavar="PATH", help="the file (moses: the prefix of the files)")
    add("--keep-gaps", action="store_true", help="moses: keep rows lacking a language")
    add(
        "--force",
        action="store_true",
        help="overwrite files that exist (never the index or the corpus)",
    )
    p.add_argument("--index", metavar="FILE", help="the index file (default: see README)")
    p.add_argument("--config", metavar="FILE", help="the config file (default: see README)")
    return p


def _check_args(args: argparse.Namespace) -> list[str] | None:
    """The --langs list (None: all); raise UsageError for arguments that cannot work."""
    if args.all and args.articles:
        raise UsageError("give ARTICLE ... or --all, not both")
    if not args.all and not args.articles:
        raise UsageError("give one or more ARTICLE (id or document path), or --all")
    if not 0.0 <= args.min_confidence <= 1.0:
        raise UsageError("--min-confidence must be between 0 and 1")
    if args.output == "-":
        args.output = None
    if args.format == "moses" and not args.output:
        raise UsageError(
            "--format moses writes a file per language: give -o PATH (e.g. -o out/corpus)"
        )
    if args.output and (Path(args.output).is_dir() or args.output.endswith(("/", "\\"))):
        raise UsageError(f"-o {args.output} is a folder: give a file name (moses: a prefix)")
    if args.keep_gaps and args.format != "moses":
        output.message("note: --keep-gaps only applies to --format moses")
    if args.langs is None:
        return None
    langs = language_list(args.langs)
    if not langs:
        raise UsageError("--langs needs language codes, e.g. --langs nb,fr")
    return langs


def _article_ids(index: Index, args: argparse.Namespace) -> list[int]:
    if args.all:
        return export.all_article_ids(index.conn)
    ids: list[int] = []
    for wanted in args.articles:
        article_id = queries.find_article(index.conn, wanted)
        if article_id is None:
            raise UsageError(f"no article {wanted!r} in {index.path} (see `polyglance articles`)")
        ids.append(article_id)
    return list(dict.fromkeys(ids))


def cmd_export(args: argparse.Namespace, config: config_mod.Config) -> int:
    langs = _check_args(args)
    options = export.ExportOptions(
        langs=langs,
        min_confidence=args.min_confidence,
        keep_gaps=args.keep_gaps,
        source_lang=config.export.source_lang,
        preferred=tuple(config.languages.preferred),
    )
    with open_index_for_reading(args, config) as index:
        article_ids = _article_ids(index, args)
        if not article_ids:
            output.message(f"polyglance: no articles in {index.path}")
            return EXIT_FAILURE
        languages = export.export_languages(index.conn, article_ids, options)
        _check_languages(args, langs, languages, config)
        root = index.get_meta("corpus_root")
        guard = {
            "index_path": index.path,
            "corpus_root": Path(root) if root else None,
            "force": args.force,
        }
        if args.output:
            _check_targets(args.format, args.output, languages, guard)
        progress = _Progress() if sys.stderr.isatty() and len(article_ids) > 1 else None
        if args.output:
            try:
                summary = export.export_to_path(
                    index.conn, article_ids, args.format, args.output, options, progress, **guard
                )
            except export.ExportRefused as exc:  # a file appeared meanwhile
                raise UsageError(f"-o {args.output}: {exc}") from exc
        else:
            summary = _export_to_stdout(index, article_ids, args.format, options, progress)
        if progress:
            progress.clear()
    where = ", ".join(str(p) for p in summary.paths) if summary.paths else "stdout"
    rows = f"{summary.rows} row{'s' * (summary.rows != 1)}"
    articles = f"{summary.articles} article{'s' * (summary.articles != 1)}"
    output.message(f"exported {rows} from {articles} to {where}")
    return EXIT_OK


def _check_languages(
    args: argparse.Namespace,
    langs: list[str] | None,
    languages: list[str],
    config: config_mod.Config,
) -> None:
    """Usage errors and notes once the exported languages are known."""
    if langs is not None:
        missing = [lang for lang in langs if lang not in languages]
        if not languages:
            raise UsageError(f"none of the languages {','.join(langs)} is in the articles exported")
        if missing:
            output.message(f"note: no article exported has {', '.join(missing)}; left out")
    if args.format == "tmx" and len(languages) < 2:
        only = ",".join(languages) or "none"
        raise UsageError(f"a TMX export needs two languages or more; these articles have {only}")
    source = config.export.source_lang
    if args.format == "tmx" and source and source not in languages:
        note = f"export.source_lang {source!r} is not exported; srclang is {languages[0]}"
        output.message(f"note: {note}")


def _check_targets(fmt: str, output: str, languages: list[str], guard: dict) -> None:
    """Refuse, before any work, a target that would destroy something (see
    ``export.check_export_target``)."""
    targets = export.moses_paths(output, languages).values() if fmt == "moses" else [Path(output)]
    for target in targets:
        try:
            export.check_export_target(target, **guard)
        except export.ExportRefused as exc:
            raise UsageError(f"-o {output}: {exc}") from exc


def _export_to_stdout(
    index: Index,
    article_ids: list[int],
    fmt: str,
    options: export.ExportOptions,
    progress: export.Progress | None,
) -> export.ExportSummary:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (tests): write text to it
        return export.export_articles(index.conn, article_ids, fmt, sys.stdout, options, progress)
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
    try:
        return export.export_articles(index.conn, article_ids, fmt, stream, options, progress)
    finally:
        stream.flush()
        stream.detach()  # leave sys.stdout's buffer open


class _Progress:
    """'exporting: article i/n' on a terminal's stderr, at most five times a second."""

    def __init__(self) -> None:
        self.shown = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.shown >= 0.2:
            self.shown = now
            sys.stderr.write(f"\rexporting: article {done}/{total}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
