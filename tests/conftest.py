"""Shared fixtures: the material in ../shared beside the checkout, and small corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
#: the built-in demo corpus: 13 documents in 8 languages, four articles (tests run anywhere)
DEMO = REPO / "corpus" / "demo"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared beside the checkout)")
    return path


def require_module(path: Path) -> Path:
    """Skip the calling module as a whole where ``path`` is absent (reported once, with why).

    For modules whose every test reads real data from ../shared; they run wherever it is.
    """
    if not path.exists():
        pytest.skip(
            f"{path} is not here (../shared beside the checkout): every test of this module "
            "reads it",
            allow_module_level=True,
        )
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep tests away from the real user's cache, config and state folders."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("POLYGLANCE_CONFIG", raising=False)


@pytest.fixture
def seeds_dir(tmp_path) -> Path:
    """A writable copy of the five seed documents."""
    target = tmp_path / "seeds"
    shutil.copytree(require(SEEDS), target)
    for path in target.iterdir():
        path.chmod(0o644)
    target.chmod(0o755)
    return target


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory) -> Path:
    """The seeds indexed once for the whole session (read-only use)."""
    from polyglance.tui.pipeline import index_corpus

    path = tmp_path_factory.mktemp("seeds-index") / "index.sqlite"
    index_corpus(require(SEEDS), path)
    return path


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory) -> Path:
    """The demo corpus indexed once for the whole session (read-only use)."""
    from polyglance.tui.pipeline import index_corpus

    path = tmp_path_factory.mktemp("demo-index") / "index.sqlite"
    index_corpus(DEMO, path)
    return path


@pytest.fixture
def demo_dir(tmp_path) -> Path:
    """A writable copy of the demo corpus."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target
