"""Open the app from the command line: `polyglance`, `polyglance DIR`, `polyglance browse`."""

from __future__ import annotations

from pathlib import Path

from polyglance.corpus import config as config_mod
from polyglance.corpus import locations


def build_app(corpus: str | None, index: str | None, config_path: str | None):
    """The app for a corpus folder and/or an index file; with neither, the configured
    corpus or the built-in demo. A broken config opens the app with the defaults and
    shows the error in it."""
    from .app import PolyglanceApp  # Textual is imported only when the app is wanted

    try:
        config, error = config_mod.load(config_path), None
    except config_mod.ConfigError as exc:
        config, error = config_mod.Config(), str(exc)
    folder = Path(corpus).expanduser() if corpus else None
    if folder is None and index is None:
        configured = config.corpus.paths[0] if config.corpus.paths else None
        folder = Path(configured).expanduser() if configured else locations.demo_corpus_path()
    if folder is not None and not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    if index:
        index_path = Path(index)
    elif config.corpus.index:
        index_path = Path(config.corpus.index).expanduser()
    else:
        index_path = locations.default_index_path(folder)
    return PolyglanceApp(index_path, corpus=folder, config=config, config_error=error)


def run_app(corpus: str | None, index: str | None, config_path: str | None) -> int:
    app = build_app(corpus, index, config_path)
    app.run()
    if app.index_path.exists():
        locations.remember_index(app.index_path)
    return app.return_code or 0
