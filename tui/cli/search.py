"""`polyglance search` and `polyglance lookup`: their options, and how they print.

JSON goes to stdout, messages to stderr (see README, "JSON output").
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from polyglance.corpus import config as config_mod

from . import output
from .common import EXIT_OK, UsageError, open_index_for_reading
from .languages import add_langs_option, language_list

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# Rich is imported by the text output only: `--json` does without it.


def _console() -> Console:
    """Stdout, wrapped only on a terminal (piped output keeps one line per line)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=not sys.stdout.isatty())


#: Characters of a counterpart printed under a hit (text output; JSON has all of it).
COUNTERPART_CHARS = 240


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", metavar="FILE", help="the index file (default: see README)")
    parser.add_argument("--config", metavar="FILE", help="the config file (default: see README)")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def add_search_parser(commands) -> None:
    from polyglance.search.query import SYNTAX_HELP

    p = commands.add_parser(
        "search",
        help="fuzzy search across every language",
        description=SYNTAX_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", metavar="QUERY", help="words to find; see the syntax above")
    add_langs_option(p, "only these languages (e.g. de,fr)")
    p.add_argument(
        "--limit", type=int, metavar="N", help="most hits to return (config: search.limit)"
    )
    p.add_argument(
        "--with",
        dest="with_langs",
        metavar="L1,L2",
        help="also give each hit its aligned counterpart in these languages (e.g. fr,de)",
    )
    _common(p)


def cmd_search(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.search import Searcher, aligned_cells

    langs = language_list(args.langs) or None
    with_langs = language_list(getattr(args, "with_langs", None))
    limit = args.limit if args.limit is not None else config.search.limit
    if limit < 0:
        raise UsageError("--limit must be 0 or more")
    with open_index_for_reading(args, config) as index:
        hits = Searcher(index.conn, short_lived=True).search(
            args.query, langs=langs, limit=limit, min_score=config.search.min_score
        )
        cells = aligned_cells(index.conn, hits, with_langs) if with_langs else None
        marks = _translation_marks(index.conn, hits, cells) if cells and not args.json else None
    if args.json:
        records = [output.hit_json(h) for h in hits]
        if cells is not None:
            for record, aligned in zip(records, cells, strict=True):
                record["aligned"] = aligned
        output.print_json(records)
        return EXIT_OK
    if not hits:
        output.message("no hits")
    out = _console()
    for i, hit in enumerate(hits):
        output.print_hits([hit])
        for lang, text in (cells[i] if cells is not None else {}).items():
            if lang != hit.lang:
                spans = marks[i].get(lang, []) if marks else []
                out.print(_counterpart(lang, text, spans))
    return EXIT_OK


def _translation_marks(conn, hits, cells) -> list[dict[str, list[tuple[int, int]]]]:
    """Spans of the probable translation of each hit's matched words in its counterparts,
    where the language pair's translation table is already learned (never learned here)."""
    from polyglance.search.lookup import Translator

    tr = Translator(conn)
    out: list[dict[str, list[tuple[int, int]]]] = []
    for hit, row in zip(hits, cells, strict=True):
        marks: dict[str, list[tuple[int, int]]] = {}
        for lang, text in row.items():
            if text and lang != hit.lang and tr.ready(hit.lang, lang):
                marks[lang] = tr.counterpart_spans(hit.text, hit.spans, hit.lang, text, lang)
        out.append(marks)
    return out


def _counterpart(lang: str, text: str | None, spans: list[tuple[int, int]]) -> Text:
    """A counterpart under a hit: its first characters, the probable translation marked."""
    from rich.text import Text

    line = Text.assemble(("      ", ""), (f"{lang:<3} ", "cyan"))
    if text is None:
        return line.append("—", style="dim")
    shown = Text(text[:COUNTERPART_CHARS] + ("…" if len(text) > COUNTERPART_CHARS else ""))
    shown.stylize("italic")
    for a, b in spans:
        if a < COUNTERPART_CHARS:
            shown.stylize("bold reverse", a, min(b, COUNTERPART_CHARS))
    shown.plain = shown.plain.replace("\n", " ")
    return line.append_text(shown)


def add_lookup_parser(commands) -> None:
    p = commands.add_parser(
        "lookup",
        help="how the corpus translates a word or phrase, with example rows",
        description=(
            "List the translations of WORD_OR_PHRASE into --to that the corpus's aligned "
            "rows attest, best first, each with the number of rows attesting it and "
            "example rows. Learned from the index's aligned rows (lemmas, so inflected "
            "forms meet) by `polyglance index` for the language pairs sharing the most "
            "rows, and stored in the index; any other pair is learned for this run only."
        ),
    )
    p.add_argument("phrase", metavar="WORD_OR_PHRASE")
    p.add_argument("--to", dest="to_lang", metavar="LANG", required=True, help="translate into")
    p.add_argument(
        "--from",
        dest="from_lang",
        metavar="LANG",
        help="the phrase's language (default: the one the corpus uses it most in)",
    )
    p.add_argument("--limit", type=int, default=10, metavar="N", help="most translations (10)")
    p.add_argument("--examples", type=int, default=3, metavar="N", help="example rows each (3)")
    _common(p)


def cmd_lookup(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.search.lookup import Translator

    if args.limit < 0 or args.examples < 0:
        raise UsageError("--limit and --examples must be 0 or more")
    with open_index_for_reading(args, config) as index:
        tr = Translator(index.conn)
        src = args.from_lang or tr.guess_language(args.phrase, args.to_lang)
        if src and src.lower() == args.to_lang.lower():
            raise UsageError("--from and --to are the same language")
        found = tr.lookup(args.phrase, args.to_lang, src, args.limit, args.examples) if src else []
    if tr.notice:
        output.message(f"polyglance: note: {tr.notice}")
    if args.json:
        output.print_json([t.as_json() for t in found])
        return EXIT_OK
    if not found:
        output.message(
            f"no translations of {args.phrase!r} into {args.to_lang}"
            + (f" from {src}" if src else " (the words are not in the corpus)")
        )
        return EXIT_OK
    output.message(f"{args.phrase} ({src}) -> {args.to_lang}")
    from rich.text import Text

    out = _console()
    for t in found:
        out.print(
            Text.assemble(
                (f"{t.score:5.1f} ", "green"),
                (t.translation, "bold"),
                (f"  {t.rows} row{'s' if t.rows != 1 else ''}", "dim"),
            )
        )
        for e in t.examples:
            out.print(
                Text.assemble(("      ", ""), (f"[{e.article}:{e.row}] ", "dim"), _flat(e.source))
            )
            out.print(
                Text.assemble(
                    ("      ", ""),
                    (" " * len(f"[{e.article}:{e.row}] "), ""),
                    (_flat(e.target), "italic"),
                )
            )
    return EXIT_OK


def _flat(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= COUNTERPART_CHARS else flat[: COUNTERPART_CHARS - 1] + "…"
