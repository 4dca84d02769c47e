"""Aligner benchmark on textberg-1957 (run by hand): ablation, calibration and speed tables.

python bench/align_bench.py            # reads ../shared/dev relative to the repo root
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from polyglance.corpus.align import (
    AlignParams,
    Bead,
    Lexicon,
    align_multi,
    align_pair,
    evaluate,
    parse_beads,
)
from polyglance.corpus.align.testsets import parse_ces

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"

# Gale & Church (1993): P(1-1) .89, P(1-0 or 0-1) .0099, P(2-1 or 1-2) .089, P(2-2) .011
TEXTBOOK = AlignParams(
    priors={(1, 1): 0.0, (2, 1): 3.0, (1, 2): 3.0, (2, 2): 4.39},
    variance=6.8,
    skip_base=5.19,
    skip_slope=0.0,
    edge_skip_factor=1.0,
)
DEFAULT = AlignParams()
NO_BIG = AlignParams(priors={k: v for k, v in DEFAULT.priors.items() if sum(k) <= 4})


def _table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> None:
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    for r in [head, tuple("-" * w for w in widths), *rows]:
        print(
            "  ".join(
                c.ljust(w) if k == 0 else c.rjust(w)
                for k, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    print()


def ablation(src: list[str], tgt: list[str], gold: list[Bead]) -> list[Bead]:
    variants: list[tuple[str, dict]] = [
        (
            "baseline: length only, Gale-Church textbook priors",
            {"signals": {"length"}, "params": TEXTBOOK},
        ),
        ("length only, tuned priors + length-graded skip", {"signals": {"length"}}),
        ("+ numbers", {"signals": {"length", "numbers"}}),
        (
            "+ words (exact, accent-folded, transliterated)",
            {"signals": {"length", "numbers", "words"}},
        ),
        ("+ fuzzy words (ratio >= 85)", {"signals": {"length", "numbers", "words", "fuzzy"}}),
        ("+ each word once per bead (default)", {}),
        ("  default without 2-3/3-2/1-4/4-1 beads", {"params": NO_BIG}),
    ]
    rows = []
    default: list[Bead] = []
    for name, kw in variants:
        t0 = time.perf_counter()
        test = align_pair(src, tgt, **kw)
        dt = time.perf_counter() - t0
        s = evaluate([gold], [test])
        rows.append(
            (
                name,
                *(f"{x:.3f}" for x in (s.strict_precision, s.strict_recall, s.strict_f1, s.lax_f1)),
                f"{dt:.2f}",
            )
        )
        if not kw:
            default = test
    lex = Lexicon.train([(src, tgt, default)])
    t0 = time.perf_counter()
    test = align_pair(src, tgt, lexicon=lex)
    dt = time.perf_counter() - t0
    s = evaluate([gold], [test])
    rows.append(
        (
            f"+ IBM-1 lexicon from this one document ({len(lex)} pairs)",
            *(f"{x:.3f}" for x in (s.strict_precision, s.strict_recall, s.strict_f1, s.lax_f1)),
            f"{dt:.2f}",
        )
    )
    print("textberg-1957 de-fr: bead P/R/F1 (strict) and lax F1")
    _table(rows, ("variant", "P", "R", "F1", "lax F1", "s"))
    return default


def calibration(test: list[Bead], gold: list[Bead]) -> None:
    g = {(b.src, b.tgt) for b in gold}
    conf = np.array([b.confidence for b in test])
    ok = np.array([(b.src, b.tgt) in g for b in test])
    rows = []
    for lo, hi in [(0.0, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 0.97), (0.97, 1.01)]:
        sel = (conf >= lo) & (conf < hi)
        if sel.any():
            rows.append(
                (
                    f"[{lo:.2f}, {min(hi, 1):.2f})",
                    str(int(sel.sum())),
                    f"{conf[sel].mean():.2f}",
                    f"{ok[sel].mean():.2f}",
                )
            )
    print("confidence calibration (textberg beads): mean confidence vs share strictly correct")
    _table(rows, ("confidence", "beads", "mean conf", "correct"))


def _bible_units(name: str, n: int, per: int) -> list[str]:
    book = parse_ces((DEV / "bible-nt" / name).read_text(encoding="utf-8"))
    verses = [t for chapter in book.values() for _, t in chapter]
    return [" ".join(verses[k : k + per]) for k in range(0, n * per, per)]


def speed() -> None:
    rows = []
    names = [
        "Zulu-NT.xml",
        "Latvian-NT.xml",
        "Ukranian-NT.xml",
        "Basque-NT.xml",
        "Swahili-NT.xml",
        "Gujarati-NT.xml",
    ]
    a, b = _bible_units(names[0], 1000, 1), _bible_units(names[1], 1000, 1)
    align_pair(a[:20], b[:20])  # warm-up (imports, caches)
    t0 = time.perf_counter()
    align_pair(a, b)
    rows.append(("align_pair, 2 x 1000 verses (Zulu-Latvian)", f"{time.perf_counter() - t0:.2f}"))
    texts = [_bible_units(x, 100, 3) for x in names]
    t0 = time.perf_counter()
    align_multi(texts)
    rows.append(("align_multi, 6 x 100 paragraphs of 3 verses", f"{time.perf_counter() - t0:.2f}"))
    print("speed (wall clock, this machine)")
    _table(rows, ("task", "s"))


def main() -> None:
    d = DEV / "textberg-1957"
    if not d.exists():
        raise SystemExit(f"{d} is missing")
    src = (d / "de.txt").read_text(encoding="utf-8").splitlines()
    tgt = (d / "fr.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((d / "gold.beads").read_text(encoding="utf-8"))
    default = ablation(src, tgt, gold)
    calibration(default, gold)
    if (DEV / "bible-nt").exists():
        speed()


if __name__ == "__main__":
    main()
