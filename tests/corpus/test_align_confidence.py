"""Bead confidence is a probability: calibrated and monotonic on the dev sets (skipped
when ../shared is absent)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from polyglance.corpus.align import align_batch, align_multi, parse_beads
from polyglance.corpus.align.testsets import make_doc, parse_ces

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "dev"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return path


def _labelled(docs, beads) -> tuple[np.ndarray, np.ndarray]:
    conf, right = [], []
    for (_, _, gold), bs in zip(docs, beads, strict=True):
        g = {(b.src, b.tgt) for b in gold}
        for b in bs:
            conf.append(b.confidence)
            right.append((b.src, b.tgt) in g)
    return np.array(conf), np.array(right, dtype=float)


def _check_monotonic(conf: np.ndarray, right: np.ndarray, edges: list[float]) -> None:
    shares = []
    for lo, hi in pairwise(edges):
        sel = (conf >= lo) & (conf < hi)
        assert sel.sum() >= 10, f"bin [{lo}, {hi}) has {sel.sum()} beads"
        shares.append(right[sel].mean())
    assert shares == sorted(shares), shares
    # and a probability: the mean confidence is near the share of right beads
    assert abs(conf.mean() - right.mean()) < 0.06, (conf.mean(), right.mean())


def test_textberg_confidence_is_monotonic_and_calibrated() -> None:
    d = _need(SHARED / "textberg-1957")
    src = (d / "de.txt").read_text(encoding="utf-8").splitlines()
    tgt = (d / "fr.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((d / "gold.beads").read_text(encoding="utf-8"))
    beads = align_batch([(src, tgt)])
    conf, right = _labelled([(src, tgt, gold)], beads)
    _check_monotonic(conf, right, [0.0, 0.75, 0.95, 1.01])


def test_bible_confidence_is_monotonic_and_flags_wrong_beads() -> None:
    d = _need(SHARED / "bible-nt")
    books = [
        parse_ces((d / f"{x}-NT.xml").read_text(encoding="utf-8")) for x in ("Syriac", "Basque")
    ]
    docs = []
    for seed, chapter in enumerate([("MAR", c) for c in range(1, 7)]):
        doc = make_doc(dict(books[0][chapter]), dict(books[1][chapter]), seed=seed)
        docs.append((doc.src, doc.tgt, doc.gold))
    beads = align_batch([(s, t) for s, t, _ in docs])
    conf, right = _labelled(docs, beads)
    _check_monotonic(conf, right, [0.0, 0.9, 1.01])
    # multi-way rows carry the same calibrated confidences: two texts, one row per bead
    rows = align_multi([docs[0][0], docs[0][1]])
    assert sorted(round(r.confidence, 6) for r in rows) == sorted(
        round(b.confidence, 6) for b in align_batch([docs[0][:2]], learn=False)[0]
    )
