"""Where things live on disk: the default index of a corpus, the user's config file."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP = "polyglance"


def default_index_path(corpus_root: str | os.PathLike[str]) -> Path:
    """The index of a corpus in the user cache dir, keyed by the corpus's absolute path."""
    real = os.path.realpath(corpus_root)
    digest = hashlib.sha1(real.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "_", Path(real).name or "root")[:40]
    return Path(platformdirs.user_cache_dir(APP)) / "indexes" / f"{name}-{digest}.sqlite"


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def demo_corpus_path() -> Path:
    return Path(__file__).parent / "demo"


def last_index_pointer() -> Path:
    """A small file naming the index used last, so that `docs` etc. need no --index."""
    return Path(platformdirs.user_state_dir(APP)) / "last-index"


def remember_index(index_path: str | os.PathLike[str]) -> None:
    pointer = last_index_pointer()
    try:
        pointer.parent.mkdir(parents=True, exist_ok=True)
        pointer.write_text(str(Path(index_path).resolve()), encoding="utf-8")
    except OSError:
        pass  # a convenience only
