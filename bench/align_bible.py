"""Known-answer alignment test on Bibles (run by hand): strict/lax F1 per language pair.

Verses of each chapter are joined into paragraphs (random groupings; one language or the
other merges neighbours, a few paragraphs are dropped), gold beads come from verse ids.
Columns: length only; the first pass alone; the batch aligner on Mark 1-16 as one batch
(its table learned from those 16 chapters: a few hundred pairs); and a second pass with a
table learned from the first pass of *other* chapters (Luke + John, ~1,500 pairs).

    python bench/align_bible.py
"""

from __future__ import annotations

import time
from pathlib import Path

from polyglance.corpus.align import align_batch, align_pair, evaluate
from polyglance.corpus.align.batch import pooled_lexicon
from polyglance.corpus.align.pair import align_pair_costs
from polyglance.corpus.align.testsets import TestDoc, make_doc, parse_ces

BIBLE = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "bible-nt"
PAIRS = [
    ("Ukranian", "Latvian"),
    ("Gujarati", "Zulu"),
    ("Syriac", "Basque"),
    ("Cherokee", "Wolof"),
    ("Kabyle", "Romani"),
    ("Zulu", "Swahili"),
    ("Latvian", "Basque"),
    ("Gujarati", "Syriac"),
]
TEST = [("MAR", c) for c in range(1, 17)]
TRAIN = [("LUK", c) for c in range(1, 25)] + [("JOH", c) for c in range(1, 22)]


def _docs(a: dict, b: dict, chapters: list[tuple[str, int]], seed: int) -> list[TestDoc]:
    return [
        make_doc(dict(a[ch]), dict(b[ch]), seed=seed + k)
        for k, ch in enumerate(chapters)
        if ch in a and ch in b
    ]


def main() -> None:
    if not BIBLE.exists():
        raise SystemExit(f"{BIBLE} is missing")
    books = {}
    for a, b in PAIRS:
        for x in (a, b):
            if x not in books:
                books[x] = parse_ces(next(BIBLE.glob(f"{x}-*.xml")).read_text(encoding="utf-8"))
    head = (
        "pair",
        "beads",
        "length only",
        "first pass",
        "batch",
        "+ other chapters' table",
        "table",
        "s/doc",
    )
    rows = []
    for a, b in PAIRS:
        test = _docs(books[a], books[b], TEST, 0)
        train = _docs(books[a], books[b], TRAIN, 1000)
        gold = [d.gold for d in test]
        t0 = time.perf_counter()
        batch = align_batch([(d.src, d.tgt) for d in test])
        per_doc = (time.perf_counter() - t0) / len(test)
        default = [align_pair(d.src, d.tgt) for d in test]
        length = [align_pair(d.src, d.tgt, signals={"length"}) for d in test]
        jobs = [(d.src, d.tgt) for d in train]
        lex = pooled_lexicon(jobs, [align_pair_costs(s, t) for s, t in jobs])
        second = [align_pair(d.src, d.tgt, lexicon=lex) for d in test]
        cells = []
        for beads in (length, default, batch, second):
            s = evaluate(gold, beads)
            cells.append(f"{s.strict_f1:.3f} / {s.lax_f1:.3f}")
        n_gold = sum(1 for g in gold for x in g if x.src and x.tgt)
        size = f"{len(lex)} x {lex.weight:.2f}" if lex else "none"
        rows.append((f"{a}-{b}", str(n_gold), *cells, size, f"{per_doc:.3f}"))
    print("Bible NT, Mark 1-16: strict / lax F1 per language pair")
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    for r in [head, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
