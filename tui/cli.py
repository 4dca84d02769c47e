"""The `polyglance` command line: thin over polyglance.corpus and polyglance.search.

JSON goes to stdout, messages to stderr. Exit status: 0 success, 1 failure, 2 usage.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import locations, queries
from polyglance.corpus.store import Index, IndexProblem

from . import cli_output
from .cli_browse import run_app
from .cli_common import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, resolve_index
from .cli_export import add_export_parser, cmd_export
from .cli_index import run_index

SEARCH_SYNTAX = """\
Search finds paragraphs in every language at once. Case, accents and script
variants are ignored (zurich finds Zürich), one or two typos per word are
forgiven (Zuckerbreg finds Zuckerberg), word order is free, and the last word
may be a prefix. Syntax, in the spirit of fzf:
  'word           this word exactly (no typo, no prefix)
  "a phrase"      these words, exactly, next to each other
  !word           no paragraph containing this word
  lang:de,fr      only these languages
  kind:title      only titles (also lead, heading, body, caption)
Anything that is not valid syntax is searched as text."""


def _add_common(parser: argparse.ArgumentParser, json_flag: bool = True) -> None:
    parser.add_argument("--index", metavar="FILE", help="the index file (default: see README)")
    parser.add_argument("--config", metavar="FILE", help="the config file (default: see README)")
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polyglance",
        description=(
            "Index, align, search and read multilingual news corpora. "
            "`polyglance DIR` opens the app on DIR (indexing it first if needed); "
            "`polyglance` alone opens it on the corpus in config.toml or the built-in demo."
        ),
        epilog="Run `polyglance COMMAND --help` for the options of a command.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("index", help="index a folder of .txt/.md articles (incremental)")
    p.add_argument("dir", metavar="DIR", help="the corpus folder")
    _add_common(p)

    p = commands.add_parser(
        "browse", help="open the app on a folder (indexing it first if needed) or on an index"
    )
    p.add_argument("dir", metavar="DIR", nargs="?", help="the corpus folder (default: the demo)")
    _add_common(p, json_flag=False)

    p = commands.add_parser("docs", help="list the documents of an index")
    _add_common(p)

    p = commands.add_parser("doc", help="show one document, paragraph by paragraph, with kinds")
    p.add_argument("document", metavar="PATH_OR_ID", help="document id, or its path in the corpus")
    p.add_argument("--original", action="store_true", help="print the file's text before repair")
    _add_common(p)

    p = commands.add_parser("articles", help="list the articles (documents grouped as translations)")
    _add_common(p)

    p = commands.add_parser("show", help="show an article's aligned rows side by side")
    p.add_argument("article", metavar="ARTICLE", help="article id, or the path of any of its documents")
    p.add_argument("--langs", metavar="L1,L2", help="languages to show, in this order (e.g. nb,fr)")
    _add_common(p)

    p = commands.add_parser(
        "search",
        help="fuzzy search across every language",
        description=SEARCH_SYNTAX,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", metavar="QUERY", help="words to find; see the syntax above")
    p.add_argument("--lang", metavar="L1,L2", help="only these languages (e.g. de,fr)")
    p.add_argument("--limit", type=int, metavar="N", help="most hits to return (config: search.limit)")
    _add_common(p)

    p = commands.add_parser(
        "align", help="align two files, one unit per line; print one bead a line, [i, j]:[k]"
    )
    p.add_argument("src", metavar="SRC")
    p.add_argument("tgt", metavar="TGT")

    p = commands.add_parser("align-eval", help="strict and lax precision/recall/F1 of TEST beads against GOLD")
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("test", metavar="TEST")
    p.add_argument("--json", action="store_true", help="print JSON on stdout")

    add_export_parser(commands)
    return parser


def _open_for_reading(path: Path) -> Index:
    return Index.open(path, readonly=True)


def cmd_index(args: argparse.Namespace, config: config_mod.Config) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder")
    index_path = Path(args.index) if args.index else locations.default_index_path(root)
    summary = run_index(root, index_path, quiet=args.json)
    locations.remember_index(index_path)
    if args.json:
        cli_output.print_json(cli_output.summary_json(summary))
    return EXIT_OK


def cmd_docs(args: argparse.Namespace, config: config_mod.Config) -> int:
    with _open_for_reading(resolve_index(args, config)) as index:
        docs = queries.documents(index.conn)
    if args.json:
        cli_output.print_json([d.as_json() for d in docs])
    else:
        cli_output.print_docs(docs)
    return EXIT_OK


def cmd_doc(args: argparse.Namespace, config: config_mod.Config) -> int:
    with _open_for_reading(resolve_index(args, config)) as index:
        doc = queries.find_document(index.conn, args.document)
        if doc is None:
            raise UsageError(f"no document {args.document!r} in {index.path} (see `polyglance docs`)")
        if args.original:
            from polyglance.corpus.original import original_text

            found = original_text(index.conn, doc.id)
            if args.json:
                cli_output.print_json(found.as_json())
            else:
                sys.stdout.write(found.text + "\n")
            return EXIT_OK
        detail = queries.document_detail(index.conn, doc)
    if args.json:
        cli_output.print_json(detail.as_json())
    else:
        cli_output.print_doc(detail)
    return EXIT_OK


def cmd_articles(args: argparse.Namespace, config: config_mod.Config) -> int:
    with _open_for_reading(resolve_index(args, config)) as index:
        found = queries.articles(index.conn, config.languages.preferred)
    if args.json:
        cli_output.print_json([a.as_json() for a in found])
    else:
        cli_output.print_articles(found)
    return EXIT_OK


def cmd_show(args: argparse.Namespace, config: config_mod.Config) -> int:
    langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()] if args.langs else None
    with _open_for_reading(resolve_index(args, config)) as index:
        article_id = queries.find_article(index.conn, args.article)
        if article_id is None:
            raise UsageError(f"no article {args.article!r} in {index.path} (see `polyglance articles`)")
        table = queries.article_table(index.conn, article_id, langs, config.languages.preferred)
    if langs and not table.languages:
        raise UsageError(f"article {article_id} has none of the languages {args.langs}")
    if args.json:
        cli_output.print_json(table.as_json())
    else:
        cli_output.print_article(table)
    return EXIT_OK


def cmd_search(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.search import Searcher

    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()] if args.lang else None
    limit = args.limit if args.limit is not None else config.search.limit
    if limit < 0:
        raise UsageError("--limit must be 0 or more")
    with _open_for_reading(resolve_index(args, config)) as index:
        hits = Searcher(index.conn).search(args.query, langs=langs, limit=limit)
    hits = [h for h in hits if h.score >= config.search.min_score]
    if args.json:
        cli_output.print_json([cli_output.hit_json(h) for h in hits])
    else:
        cli_output.print_hits(hits)
    return EXIT_OK


def _read_units(path: str) -> list[str]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        from polyglance.corpus.decode import Unreadable, decode

        try:
            text = decode(Path(path).read_bytes()).text
        except Unreadable as exc:
            raise UsageError(f"{path}: {exc}") from exc
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def cmd_align(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.corpus.align import align_pair, format_bead

    beads = align_pair(_read_units(args.src), _read_units(args.tgt))
    sys.stdout.write("".join(format_bead(b) + "\n" for b in beads))
    return EXIT_OK


def cmd_align_eval(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.corpus.align import evaluate, parse_beads

    try:
        gold = parse_beads(Path(args.gold).read_text(encoding="utf-8"))
        test = parse_beads(Path(args.test).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UsageError(f"cannot read beads: {exc}") from exc
    scores = evaluate([gold], [test])
    if args.json:
        cli_output.print_json(cli_output.scores_json(scores))
    else:
        cli_output.print_scores(scores)
    return EXIT_OK


COMMANDS = {
    "index": cmd_index,
    "docs": cmd_docs,
    "doc": cmd_doc,
    "articles": cmd_articles,
    "show": cmd_show,
    "search": cmd_search,
    "align": cmd_align,
    "align-eval": cmd_align_eval,
    "export": cmd_export,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if argv and argv[0] not in {*COMMANDS, "browse"} and not argv[0].startswith("-"):
        argv = ["browse", *argv]  # `polyglance DIR`
    args = parser.parse_args(argv or ["browse"])
    try:
        if args.command == "browse":  # the app shows config problems itself
            if args.dir and not Path(args.dir).is_dir():
                raise UsageError(f"{args.dir}: no such folder (nor a command; see `polyglance --help`)")
            return run_app(args.dir, args.index, args.config)
        config = config_mod.load(getattr(args, "config", None))
        for warning in config.warnings:
            cli_output.message(f"warning: {warning}")
        return COMMANDS[args.command](args, config)
    except UsageError as exc:
        cli_output.message(f"polyglance: {exc}")
        return EXIT_USAGE
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except (config_mod.ConfigError, IndexProblem, OSError) as exc:
        cli_output.message(f"polyglance: {exc}")
        return EXIT_FAILURE
    except sqlite3.DatabaseError as exc:  # damage found while reading an index
        cli_output.message(
            f"polyglance: the index is damaged ({exc}); rebuild it with "
            "`polyglance index DIR --index FILE`"
        )
        return EXIT_FAILURE
    except KeyboardInterrupt:
        cli_output.message("polyglance: interrupted; the index is as it was before this run")
        return 130


if __name__ == "__main__":
    sys.exit(main())
