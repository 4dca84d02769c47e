"""Aligner benchmark (run by hand): ablation over every dev set, calibration, speed.

python bench/align_bench.py            # reads ../shared/dev relative to the repo root
python bench/align_bench.py --quick    # ablation on Text+Berg 1957 only, no calibration

Ablation rows add one signal at a time; every row aligns each set as batches (see
``align_dev``): the rows with a learned table pool it over each batch's jobs. Columns are
strict F1 (lax F1 for 1957 in brackets). Calibration: ``align_calibrate`` (reliability
bins, AUC, beads flagged at the default ``low_confidence``). Speed: wall clock and this
process's CPU time (the machine is shared: wall time varies with its load).
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_calibrate
import align_dev

from polyglance.corpus.align import AlignParams, align_batch, align_multi, align_pair
from polyglance.corpus.align import batch as batch_mod
from polyglance.corpus.align import pair as pair_mod
from polyglance.corpus.align.testsets import parse_ces
from polyglance.tui.display_config import DisplaySettings

DEV = align_dev.DEV

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
FIRST = {"length", "numbers", "words", "fuzzy", "once"}


@contextmanager
def table_settings(stem: int, half: float, power: float, many: float):
    """Run with other settings of the learned table (restored after)."""
    saved = (
        batch_mod.LEXICON_STEM,
        batch_mod.LEXICON_HALF_PAIRS,
        batch_mod.LEXICON_SHARE_POWER,
        pair_mod.LEXICON_MANY_PRIOR,
    )
    batch_mod.LEXICON_STEM, batch_mod.LEXICON_HALF_PAIRS = stem, half
    batch_mod.LEXICON_SHARE_POWER, pair_mod.LEXICON_MANY_PRIOR = power, many
    try:
        yield
    finally:
        (
            batch_mod.LEXICON_STEM,
            batch_mod.LEXICON_HALF_PAIRS,
            batch_mod.LEXICON_SHARE_POWER,
            pair_mod.LEXICON_MANY_PRIOR,
        ) = saved


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


def ablation(sets: dict) -> None:
    old_table = (0, 1e-9, 0.0, 0.0)  # whole words, full weight whatever the data
    variants: list[tuple[str, dict, tuple | None]] = [
        (
            "length only, Gale-Church textbook priors",
            {"signals": {"length"}, "params": TEXTBOOK},
            None,
        ),
        ("length only, tuned priors + length-graded skip", {"signals": {"length"}}, None),
        ("+ numbers", {"signals": {"length", "numbers"}}, None),
        (
            "+ words (exact, accent-folded, transliterated)",
            {"signals": {"length", "numbers", "words"}},
            None,
        ),
        ("+ fuzzy words (ratio >= 85)", {"signals": {"length", "numbers", "words", "fuzzy"}}, None),
        ("+ each word once per bead (first pass)", {"signals": FIRST}, None),
        (
            "  first pass without 2-3, 1-4 and bigger beads",
            {"signals": FIRST, "params": NO_BIG},
            None,
        ),
        ("+ pooled IBM-1 table, whole words, full weight", {}, old_table),
        ("  ... of stems (5 letters)", {}, (5, 1e-9, 0.0, 0.0)),
        ("  ... weight fading in with pairs, out with share (default)", {}, None),
        ("  ... 2-2+ priors raised with its weight", {}, (5, 100.0, 2.0, 1.0)),
    ]
    names = list(sets)
    rows = []
    for label, kw, settings in variants:
        t0 = time.perf_counter()
        if settings is None:
            res = align_dev.score(
                sets, lambda b, kw=kw: align_batch([(d.src, d.tgt) for d in b], **kw)
            )
        else:
            with table_settings(*settings):
                res = align_dev.score(
                    sets, lambda b, kw=kw: align_batch([(d.src, d.tgt) for d in b], **kw)
                )
        cells = []
        for n in names:
            f, lax, _ = res[n]
            cells.append(f"{f:.3f} ({lax:.3f})" if n == "tb57" else f"{f:.3f}")
        rows.append((label, *cells, f"{time.perf_counter() - t0:.0f}"))
        print(f"  {label}: {' '.join(cells)}", file=sys.stderr, flush=True)
    print("Ablation: strict F1 per dev set (batches; 1957 lax F1 in brackets)")
    _table(rows, ("variant", *names, "s"))


def calibration() -> None:
    data = align_calibrate.select(align_calibrate.collect(), align_calibrate.FEATURES)
    names = [n for n in data if n != "tb57-halves"]
    w = align_calibrate.WEIGHTS
    threshold = DisplaySettings().low_confidence
    x = np.concatenate([data[n][0] for n in names])
    y = np.concatenate([data[n][1] for n in names])
    k = np.concatenate([data[n][2] for n in names])
    p = align_calibrate.logistic(x @ w)
    rows = [(b, str(c), f"{m:.2f}", f"{r:.2f}") for b, c, m, r in align_calibrate.reliability(p, y)]
    for code, label in (
        (0, "  1-1 beads"),
        (1, "  1-0 / 0-1 beads"),
        (2, "  merges (2-1, 1-2, ...)"),
    ):
        sel = k == code
        if sel.any():
            rows.append(
                (label, str(int(sel.sum())), f"{p[sel].mean():.2f}", f"{y[sel].mean():.2f}")
            )
    print("Calibration, all dev sets: beads by confidence, mean confidence, share strictly right")
    _table(rows, ("confidence", "beads", "mean conf", "right"))
    rows = []
    for n, (a, wrong, right, _, ys) in align_calibrate.held_out(data, 1.0, threshold).items():
        if n == "wmt16":  # one wrong bead: no AUC to speak of
            continue
        rows.append(
            (n, str(len(ys)), str(int((ys == 0).sum())), f"{a:.3f}", f"{wrong:.2f}", f"{right:.2f}")
        )
    print(
        "Right vs wrong beads, held out (weights fitted without the beads judged): AUC, and"
        f" beads flagged below low_confidence = {threshold}"
    )
    _table(rows, ("set", "beads", "wrong", "AUC", "wrong flagged", "right flagged"))
    align_calibrate.rows_calibration(False)
    print()


def _bible_units(name: str, n: int, per: int) -> list[str]:
    book = parse_ces((DEV / "bible-nt" / name).read_text(encoding="utf-8"))
    verses = [t for chapter in book.values() for _, t in chapter]
    return [" ".join(verses[k : k + per]) for k in range(0, n * per, per)]


def _timed(fn) -> tuple[str, str]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return f"{time.perf_counter() - t0:.2f}", f"{time.process_time() - c0:.2f}"


def speed() -> None:
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
    rows = [("align_pair, 2 x 1000 verses (Zulu-Latvian)", *_timed(lambda: align_pair(a, b)))]
    texts = [_bible_units(x, 100, 3) for x in names]
    rows.append(
        ("align_multi, 6 x 100 paragraphs of 3 verses", *_timed(lambda: align_multi(texts)))
    )
    c, d = _bible_units(names[2], 1050, 1), _bible_units(names[3], 1050, 1)
    jobs = [(c[k : k + 150], d[k : k + 150]) for k in range(0, 1050, 150)]
    rows.append(
        ("align_batch, 7 jobs x 150 verses (Ukrainian-Basque)", *_timed(lambda: align_batch(jobs)))
    )
    print("Speed (seconds: wall clock, and CPU time of this process; the machine is shared)")
    _table(rows, ("task", "wall", "cpu"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1957 ablation only")
    args = ap.parse_args()
    sets = align_dev.dev_sets()
    if "tb57" not in sets:
        raise SystemExit(f"{DEV / 'textberg-1957'} is missing")
    if args.quick:
        ablation({"tb57": sets["tb57"]})
        return
    ablation({n: s for n, s in sets.items() if n != "wmt16"})
    w = sets.get("wmt16")
    if w:
        f, lax, _ = align_dev.score(
            {"wmt16": w}, lambda b: align_batch([(d.src, d.tgt) for d in b])
        )["wmt16"]
        print(f"wmt16 en-fi, 68 articles, default: strict F1 {f:.3f}, lax {lax:.3f}\n")
    calibration()
    if (DEV / "bible-nt").exists():
        speed()


if __name__ == "__main__":
    main()
