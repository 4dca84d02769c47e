"""The demo corpus indexed once: the app's tests run with or without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory) -> Path:
    from polyglance.tui.pipeline import index_corpus

    path = tmp_path_factory.mktemp("demo-index") / "index.sqlite"
    index_corpus(DEMO, path)
    return path
