"""`polyglance realign`: replace an article's table by hand, or give it back to the aligner;
and `show ARTICLE --langs A,B --beads`: one language pair as beads.

Rows files are JSON in the shape of `show --json` rows: a list of objects with
``"paragraphs": {lang: [i, ...]}`` (other fields are ignored; the whole `show --json`
object is accepted too). Beads files are the `align` format, one bead a line,
``[i, j]:[k]``, 0-based positions among the content paragraphs of each document.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import manual_store, queries
from polyglance.corpus.align import format_bead, parse_beads
from polyglance.corpus.manual import TableError
from polyglance.corpus.store import Index

from . import output
from .common import EXIT_OK, UsageError, open_index_for_reading, resolve_index
from .languages import add_langs_option, language_list

REALIGN_HELP = """\
Replace an article's aligned rows by hand, or drop the hand-made rows.

  realign ARTICLE --rows FILE          FILE: JSON rows as `show --json` gives them
                                       ([{"paragraphs": {"de": [3], "fr": [3, 4]}}, ...];
                                       other fields ignored). Every content paragraph of
                                       every language of the article, once, in order.
  realign ARTICLE --beads FILE --langs de,fr
                                       FILE: beads of one language pair, one a line,
                                       [0, 1]:[2] (0-based over the content paragraphs,
                                       as `align` prints them); the article's other
                                       languages are aligned around them.
  realign ARTICLE --auto               forget the manual rows; align automatically again.

FILE may be - for stdin. Rows given by --rows or --beads are stored as manual: they stay
when the corpus is indexed again, also when a document changes, as long as their own
paragraphs are unchanged. `show ARTICLE --langs de,fr --beads` prints the beads of a pair."""


def add_realign_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = commands.add_parser(
        "realign",
        help="replace an article's aligned rows by hand (--rows, --beads) or drop them (--auto)",
        description=REALIGN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "article", metavar="ARTICLE", help="article id, or the path of any of its documents"
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--rows", metavar="FILE", help="JSON rows in the shape of `show --json`")
    what.add_argument("--beads", metavar="FILE", help="beads of the pair given by --langs")
    what.add_argument("--auto", action="store_true", help="drop the manual rows, align again")
    add_langs_option(p, "with --beads: the source and target language")
    p.add_argument("--index", metavar="FILE", help="the index file (default: see README)")
    p.add_argument("--config", metavar="FILE", help="the config file (default: see README)")
    p.add_argument("--json", action="store_true", help="print the new table as `show --json` does")
    return p


def _read(path: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc


def parse_rows(text: str, name: str) -> list[dict[str, list[int]]]:
    """The ``paragraphs`` of each row of a rows file; UsageError naming the first bad row."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name}: not JSON ({exc})") from exc
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        data = data["rows"]  # the whole `show --json` object
    if not isinstance(data, list):
        raise UsageError(f'{name}: expected a JSON list of rows [{{"paragraphs": {{...}}}}, ...]')
    rows = []
    for r, item in enumerate(data):
        paragraphs = item.get("paragraphs") if isinstance(item, dict) else None
        if not isinstance(paragraphs, dict) or not all(
            isinstance(ids, list) and all(type(i) is int for i in ids)
            for ids in paragraphs.values()
        ):
            raise UsageError(f'{name}: row {r}: expected {{"paragraphs": {{lang: [i, ...]}}}}')
        rows.append({str(lang): list(ids) for lang, ids in paragraphs.items()})
    return rows


def _pair(langs: str | None) -> tuple[str, str]:
    pair = language_list(langs)
    if len(pair) != 2 or pair[0] == pair[1]:
        raise UsageError("beads are for one pair of languages: give --langs SRC,TGT (e.g. de,fr)")
    return pair[0], pair[1]


def _article(index: Index, article: str) -> int:
    article_id = queries.find_article(index.conn, article)
    if article_id is None:
        raise UsageError(f"no article {article!r} in {index.path} (see `polyglance articles`)")
    return article_id


def cmd_realign(args: argparse.Namespace, config: config_mod.Config) -> int:
    path = resolve_index(args, config)
    if args.beads is not None:
        src, tgt = _pair(args.langs)
    elif args.langs:
        raise UsageError("--langs goes with --beads")
    with Index.open(path, readonly=True):  # a missing or foreign index: a message, not a new file
        pass
    with Index.open(path) as index:
        article_id = _article(index, args.article)
        try:
            if args.auto:
                table = manual_store.drop_manual(index.conn, article_id)
                what = f"article {article_id}: manual rows dropped; {len(table)} rows aligned automatically"
            elif args.rows is not None:
                rows = parse_rows(_read(args.rows), args.rows)
                table = manual_store.set_manual_rows(index.conn, article_id, rows)
                what = f"article {article_id}: {len(table)} rows stored as manual"
            else:
                text = _read(args.beads)
                try:
                    beads = parse_beads(text)
                except ValueError as exc:
                    raise UsageError(f"{args.beads}: {exc}") from exc
                table = manual_store.set_beads(index.conn, article_id, beads, src, tgt)
                what = f"article {article_id}: {len(beads)} {src}-{tgt} beads stored as manual rows"
        except (TableError, ValueError) as exc:
            name = args.rows or args.beads
            raise UsageError(f"{name}: {exc}; nothing was changed") from exc
        shown = queries.article_table(index.conn, article_id, None, config.languages.preferred)
    if args.json:
        output.print_json(shown.as_json())
    else:
        output.message(what)
    return EXIT_OK


def cmd_show_beads(args: argparse.Namespace, config: config_mod.Config) -> int:
    """`show ARTICLE --langs SRC,TGT --beads`: the pair's rows as beads, one a line."""
    src, tgt = _pair(args.langs)
    with open_index_for_reading(args, config) as index:
        article_id = _article(index, args.article)
        ids = manual_store.content_ids(index.conn, article_id)
        for lang in (src, tgt):
            if lang not in ids:
                raise UsageError(f"article {article_id} has no {lang} document")
        table = manual_store.load_table(index.conn, article_id)
    beads = manual_store.table_beads(table, ids, src, tgt)
    sys.stdout.write("".join(format_bead(b) + "\n" for b in beads))
    return EXIT_OK
