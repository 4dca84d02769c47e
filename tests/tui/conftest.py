"""The demo corpus indexed once: the app's tests run with or without ../shared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"

#: the demo's four-language article (the one the app opens first) and its documents
LYNX = [
    "lynx-alpenpost.txt",
    "lynx-gornyvestnik.txt",
    "lynx-lechamois.txt",
    "lynx-mountaintimes.txt",
]
LYNX_TITLE = "Six lynx released in the Valdorne valley"


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory) -> Path:
    from polyglance.tui.pipeline import index_corpus

    path = tmp_path_factory.mktemp("demo-index") / "index.sqlite"
    index_corpus(DEMO, path)
    return path


@pytest.fixture
def demo_dir(tmp_path) -> Path:
    """A writable copy of the demo corpus (13 documents, four articles)."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target
