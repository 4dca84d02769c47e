"""The `polyglance` command line: thin over polyglance.corpus and polyglance.search.

JSON goes to stdout, messages to stderr. Exit status: 0 success, 1 failure, 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import locations
from polyglance.corpus.store import IndexProblem, forget_sound, is_damage

from . import output
from .common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    damaged_message,
    index_for_folder,
    open_index_for_reading,
)
from .languages import add_langs_option, language_list

# Each command's module is imported when that command runs (or for the whole --help):
# `polyglance search` must not pay for the aligner, the exporter or the app.


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("polyglance")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="the config file (default: see README)")


def _add_common(parser: argparse.ArgumentParser, json_flag: bool = True) -> None:
    parser.add_argument("--index", metavar="FILE", help="the index file (default: see README)")
    _add_config(parser)
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print JSON on stdout")


class _VersionAction(argparse.Action):
    """--version, the version looked up only when asked (importlib.metadata is slow)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        sys.stdout.write(f"polyglance {_version()}\n")
        parser.exit()


#: Commands whose parser lives in a module of their own: (module, function adding it).
_PARSERS = {
    "search": (".search", "add_search_parser"),
    "lookup": (".search", "add_lookup_parser"),
    "align": (".align", "add_align_parser"),
    "export": (".export", "add_export_parser"),
    "realign": (".realign", "add_realign_parser"),
}


def _module(name: str):
    return importlib.import_module(name, __package__)


def _add_parser(commands, name: str, only: str | None) -> None:
    """The parser of ``name``: in full when it is the command given (or none is), else a
    stub (it only has to be a known choice)."""
    if only is not None and name != only:
        commands.add_parser(name)
        return
    module, function = _PARSERS[name]
    getattr(_module(module), function)(commands)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``only``: the command given, the others' options left
    out (their modules are not imported)."""
    parser = argparse.ArgumentParser(
        prog="polyglance",
        description=(
            "Index, align, search and read multilingual news corpora. "
            "`polyglance DIR` opens the app on DIR (indexing it first if needed); "
            "`polyglance` alone opens it on the corpus in config.toml or the built-in demo."
        ),
        epilog="Run `polyglance COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version")
    # Also accepted before the command (`polyglance --config C docs`); after it, they win.
    parser.add_argument("--index", dest="top_index", metavar="FILE", help="the index file")
    parser.add_argument("--config", dest="top_config", metavar="FILE", help="the config file")
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

    p = commands.add_parser(
        "articles", help="list the articles (documents grouped as translations)"
    )
    _add_common(p)

    p = commands.add_parser("show", help="show an article's aligned rows side by side")
    p.add_argument(
        "article", metavar="ARTICLE", help="article id, or the path of any of its documents"
    )
    add_langs_option(p, "languages to show, in this order (e.g. nb,fr)")
    p.add_argument(
        "--beads", action="store_true", help="print the pair --langs A,B as beads, [i]:[j]"
    )
    _add_common(p)

    _add_parser(commands, "search", only)
    _add_parser(commands, "lookup", only)

    _add_parser(commands, "align", only)

    p = commands.add_parser(
        "align-eval", help="strict and lax precision/recall/F1 of TEST beads against GOLD"
    )
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("test", metavar="TEST")
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    _add_config(p)

    _add_parser(commands, "export", only)
    _add_parser(commands, "realign", only)
    return parser


def cmd_index(args: argparse.Namespace, config: config_mod.Config) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder")
    index_path = index_for_folder(args.index, config, root).path
    from .index import run_index

    summary = run_index(
        root, index_path, quiet=args.json, parallel_folders=config.grouping.parallel_folders
    )
    locations.remember_index(index_path)
    if args.json:
        output.print_json(output.summary_json(summary))
    return EXIT_OK


def cmd_docs(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.corpus import queries

    with open_index_for_reading(args, config) as index:
        docs = queries.documents(index.conn)
    if args.json:
        output.print_json([d.as_json() for d in docs])
    else:
        output.print_docs(docs)
    return EXIT_OK


def cmd_doc(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.corpus import queries

    with open_index_for_reading(args, config) as index:
        doc = queries.find_document(index.conn, args.document)
        if doc is None:
            raise UsageError(
                f"no document {args.document!r} in {index.path} (see `polyglance docs`)"
            )
        if args.original:
            from polyglance.corpus.original import original_text

            found = original_text(index.conn, doc.id)
            if args.json:
                output.print_json(found.as_json())
            else:
                sys.stdout.write(found.text + "\n")
            return EXIT_OK
        detail = queries.document_detail(index.conn, doc)
    if args.json:
        output.print_json(detail.as_json())
    else:
        output.print_doc(detail)
    return EXIT_OK


def cmd_articles(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.corpus import queries

    with open_index_for_reading(args, config) as index:
        found = queries.articles(index.conn, config.languages.preferred)
    if args.json:
        output.print_json([a.as_json() for a in found])
    else:
        output.print_articles(found)
    return EXIT_OK


def cmd_show(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.corpus import queries

    if args.beads:
        return _module(".realign").cmd_show_beads(args, config)
    langs = language_list(args.langs) or None
    with open_index_for_reading(args, config) as index:
        article_id = queries.find_article(index.conn, args.article)
        if article_id is None:
            raise UsageError(
                f"no article {args.article!r} in {index.path} (see `polyglance articles`)"
            )
        table = queries.article_table(index.conn, article_id, langs, config.languages.preferred)
    if langs and not table.languages:
        raise UsageError(f"article {article_id} has none of the languages {args.langs}")
    if args.json:
        output.print_json(table.as_json())
    else:
        output.print_article(table)
    return EXIT_OK


#: Each command: this module's function, or (module, function) imported when it runs.
COMMANDS: dict[str, object] = {
    "index": cmd_index,
    "docs": cmd_docs,
    "doc": cmd_doc,
    "articles": cmd_articles,
    "show": cmd_show,
    "search": (".search", "cmd_search"),
    "lookup": (".search", "cmd_lookup"),
    "align": (".align", "cmd_align"),
    "align-eval": (".align", "cmd_align_eval"),
    "export": (".export", "cmd_export"),
    "realign": (".realign", "cmd_realign"),
}


def _command(name: str):
    found = COMMANDS[name]
    if isinstance(found, tuple):
        module, function = found
        return getattr(_module(module), function)
    return found


#: Options of the bare command that take a value (the next word is not a command).
_VALUE_OPTIONS = ("--index", "--config")


def with_command(argv: list[str]) -> list[str]:
    """``argv`` with ``browse`` put first when it names no command: `polyglance`,
    `polyglance DIR`, `polyglance --config C [DIR]` open the app."""
    i = _command_at(argv)
    if i is None:
        return argv  # the bare command's own help or version
    if i < len(argv) and argv[i] in {*COMMANDS, "browse"}:
        return argv
    return ["browse", *argv]


def _command_at(argv: list[str]) -> int | None:
    """Where the command word is (len(argv) when there is none); None for -h/--version."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            break
        if word in _VALUE_OPTIONS:
            i += 2
        elif word.startswith("-"):
            if word in ("-h", "--help", "--version"):
                return None
            i += 1
        else:
            break
    return i


def parse(argv: list[str]) -> argparse.Namespace:
    argv = with_command(argv)
    at = _command_at(argv)
    only = argv[at] if at is not None and at < len(argv) else None
    args = build_parser(only if only in COMMANDS or only == "browse" else None).parse_args(argv)
    for name in ("index", "config"):
        top = getattr(args, f"top_{name}")
        if top and not getattr(args, name, None):
            setattr(args, name, top)
    return args


class _NeverRaised(Exception):
    pass


def _ambiguous() -> type[Exception]:
    """queries.AmbiguousReference if that module was imported (only then can it be raised)."""
    queries = sys.modules.get("polyglance.corpus.queries")
    return getattr(queries, "AmbiguousReference", _NeverRaised)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    try:
        if args.command == "browse":  # the app shows config problems itself
            if args.dir and not Path(args.dir).is_dir():
                raise UsageError(
                    f"{args.dir}: no such folder (nor a command; see `polyglance --help`)"
                )
            from .browse import run_app

            return run_app(args.dir, args.index, args.config)
        config = config_mod.load(getattr(args, "config", None))
        for warning in config.warnings:
            output.message(f"warning: {warning}")
        return _command(args.command)(args, config)
    except UsageError as exc:
        output.message(f"polyglance: {exc}")
        return EXIT_USAGE
    except _ambiguous() as exc:
        output.message(output.ambiguous_text(exc))  # type: ignore[arg-type]
        return EXIT_USAGE
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except (config_mod.ConfigError, IndexProblem, OSError) as exc:
        output.message(f"polyglance: {exc}")
        return EXIT_FAILURE
    except sqlite3.DatabaseError as exc:  # met while reading an index
        path = Path(args.index) if getattr(args, "index", None) else Path("FILE")
        if is_damage(exc):
            if getattr(args, "index", None):
                forget_sound(path)  # the next indexing run checks it in full
            output.message(f"polyglance: {damaged_message(path, None, str(exc))}")
        else:
            output.message(f"polyglance: cannot read the index {path}: {exc}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        output.message("polyglance: interrupted; the index is as it was before this run")
        return 130
