"""Language lists on the command line: one option name, one parser.

Every command that takes a list of languages spells it ``--langs de,fr`` and accepts
``--lang`` as an alias; ``--with`` (search) and ``--to``/``--from`` (lookup) name other
things. :func:`language_list` turns the value into codes: split on commas, spaces
around a code dropped, lower case (codes are stored lower case), repeats dropped, order
kept.
"""

from __future__ import annotations

import argparse


def language_list(value: str | None) -> list[str]:
    """``" de, FR,,de"`` → ``["de", "fr"]``; None or blank → ``[]``."""
    if not value:
        return []
    codes = (code.strip().lower() for code in value.split(","))
    return list(dict.fromkeys(code for code in codes if code))


def add_langs_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--langs L1,L2`` (alias ``--lang``) on ``parser``, stored as ``args.langs``."""
    parser.add_argument("--langs", "--lang", dest="langs", metavar="L1,L2", help=help_text)
