"""What every command of the command line shares: exit codes, usage errors, the index to read."""

from __future__ import annotations

import argparse
from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import locations

from .cli_index import run_index

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something that cannot work: message, exit status 2."""


def resolve_index(args: argparse.Namespace, config: config_mod.Config) -> Path:
    """--index, else config's corpus.index, else the index last used, else the demo's."""
    if args.index:
        return Path(args.index)
    if config.corpus.index:
        return Path(config.corpus.index).expanduser()
    if config.corpus.paths:
        return locations.default_index_path(Path(config.corpus.paths[0]).expanduser())
    last = locations.last_index_pointer()
    if last.is_file():
        remembered = Path(last.read_text(encoding="utf-8").strip())
        if remembered.is_file():
            return remembered
    demo_index = locations.default_index_path(locations.demo_corpus_path())
    if not demo_index.is_file():
        run_index(locations.demo_corpus_path(), demo_index, quiet=True)
    return demo_index
