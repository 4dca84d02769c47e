"""Names from the demo corpus that the app's tests use (fixtures: tests/conftest.py)."""

from __future__ import annotations

from ..conftest import DEMO

__all__ = ["DEMO", "LYNX", "LYNX_TITLE"]

#: the demo's four-language article (the one the app opens first) and its documents
LYNX = [
    "lynx-alpenpost.txt",
    "lynx-gornyvestnik.txt",
    "lynx-lechamois.txt",
    "lynx-mountaintimes.txt",
]
LYNX_TITLE = "Six lynx released in the Valdorne valley"
