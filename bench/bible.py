"""Read verses from ../shared/dev/bible-nt for the benchmarks (never copied into the repo)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

BIBLE = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "bible-nt"
_SEG = re.compile(r'<seg id="([^"]+)"[^>]*>(.*?)</seg>', re.S)
_TAG = re.compile(r"<[^>]+>")


def languages() -> list[Path]:
    if not BIBLE.is_dir():
        raise SystemExit(f"{BIBLE} not found: ../shared must sit beside the checkout")
    return sorted(BIBLE.glob("*.xml"))


def verses(path: Path) -> Iterator[tuple[str, str]]:
    """(verse id, text) of one language file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    for verse_id, body in _SEG.findall(text):
        body = " ".join(_TAG.sub("", body).split())
        if body:
            yield verse_id, body
