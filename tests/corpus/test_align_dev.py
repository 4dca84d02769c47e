"""Quality on the shared dev sets (the module skips where ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglance.corpus.align import align_pair, check_beads, evaluate, parse_beads
from polyglance.corpus.align.testsets import make_doc, parse_ces

from ..conftest import require_module

SHARED = require_module(Path(__file__).resolve().parents[2].parent / "shared" / "dev")
#: strict F1 reached on textberg-1957 with the default settings (bench/align_bench.py)
TEXTBERG_REACHED = 0.917
#: strict F1 reached on the CI Bible subset below (bench/align_bible.py gives the full table)
BIBLE_REACHED = 0.93


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return path


def test_textberg_strict_f1_holds() -> None:
    d = _need(SHARED / "textberg-1957")
    src = (d / "de.txt").read_text(encoding="utf-8").splitlines()
    tgt = (d / "fr.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((d / "gold.beads").read_text(encoding="utf-8"))
    test = align_pair(src, tgt)
    check_beads(test, len(src), len(tgt))
    scores = evaluate([gold], [test])
    assert scores.strict_f1 >= TEXTBERG_REACHED - 0.02, scores
    assert scores.lax_f1 >= 0.95, scores


@pytest.mark.parametrize(
    ("a", "b"), [("Ukranian", "Latvian"), ("Gujarati", "Zulu"), ("Syriac", "Basque")]
)
def test_bible_subset(a: str, b: str) -> None:
    d = _need(SHARED / "bible-nt")
    books = [parse_ces((d / f"{x}-NT.xml").read_text(encoding="utf-8")) for x in (a, b)]
    gold, test = [], []
    for seed, chapter in enumerate([("JOH", 1), ("JOH", 2), ("ACT", 2)]):
        doc = make_doc(dict(books[0][chapter]), dict(books[1][chapter]), seed=seed)
        beads = align_pair(doc.src, doc.tgt)
        check_beads(beads, len(doc.src), len(doc.tgt))
        gold.append(doc.gold)
        test.append(beads)
    scores = evaluate(gold, test)
    assert scores.strict_f1 >= BIBLE_REACHED - 0.1, scores
