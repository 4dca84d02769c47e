"""Open the app from the command line: `polyglance`, `polyglance DIR`, `polyglance browse`."""

from __future__ import annotations

import sys
from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import locations

from .common import index_for_folder, open_readonly


def build_app(corpus: str | None, index: str | None, config_path: str | None):
    """The app for a corpus folder and/or an index file; with neither, the configured
    corpus or the built-in demo. A broken config opens the app with the defaults and
    shows the error in it."""
    from polyglance.tui.app import PolyglanceApp  # Textual is imported only when the app is wanted

    try:
        config, error = config_mod.load(config_path), None
    except config_mod.ConfigError as exc:
        config, error = config_mod.Config(), str(exc)
    folder = Path(corpus).expanduser() if corpus else None
    if folder is None and index is None:
        configured = config.corpus_paths()
        folder = configured[0] if configured else locations.demo_corpus_path()
    if folder is not None and not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    if folder is None:  # --index FILE alone
        assert index is not None  # else folder is the configured or the demo corpus
        index_path = Path(index).expanduser()
    else:
        index_path = index_for_folder(index, config, folder).path
    return PolyglanceApp(index_path, corpus=folder, config=config, config_error=error)


def run_app(corpus: str | None, index: str | None, config_path: str | None) -> int:
    app = build_app(corpus, index, config_path)
    if app.corpus is None:
        # Nothing to index: an index that cannot be read is said here, plainly, and the
        # app is not started (IndexProblem: exit status 1).
        open_readonly(app.index_path).close()
    app.run()
    if app.indexing_was_stopped():  # (its thread has ended: app.run waits for it)
        print(
            "polyglance: indexing stopped (the app was left before it ended); the index is"
            " as it was before this run: open the folder again to index it",
            file=sys.stderr,
        )
    if app.index_path.exists():
        locations.remember_index(app.index_path)
    return app.return_code or 0
