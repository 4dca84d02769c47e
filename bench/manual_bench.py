"""Manual rows as fixed points (run by hand): how much a few rows fixed by hand help the
aligner with the rest, and what survives a change of the text, on textberg-1957.

python bench/manual_bench.py            # reads ../shared/dev relative to the repo root

Every Nth gold bead (non-empty on both sides) is taken as a row a person fixed; the text
between them is aligned automatically (``manual_realign.realign``, as after a re-index);
strict/lax F1 of the whole table against the gold, beside the plain automatic alignment.
Then every 25th German sentence is edited and the table restored from the record: the
manual rows kept must be exactly those none of whose sentences changed.
"""

from __future__ import annotations

import time
from pathlib import Path

from polyglance.corpus.align import Bead, align_pair, evaluate, parse_beads
from polyglance.corpus.manual_realign import CurrentDoc, RecordedRow, realign, text_hash

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "textberg-1957"


def lines(name: str) -> list[str]:
    return (DEV / name).read_text(encoding="utf-8").splitlines()


def recorded(gold: list[Bead], de: list[str], fr: list[str], every: int) -> list[RecordedRow]:
    both = [b for b in gold if b.src and b.tgt]
    return [
        RecordedRow(
            {
                "de": tuple((i, text_hash(de[i])) for i in b.src),
                "fr": tuple((j, text_hash(fr[j])) for j in b.tgt),
            }
        )
        for b in both[::every]
    ]


def beads_of(table) -> list[Bead]:
    return [Bead(r.cell("de"), r.cell("fr")) for r in table.rows if not r.empty]


def main() -> None:
    de, fr = lines("de.txt"), lines("fr.txt")
    gold = parse_beads((DEV / "gold.beads").read_text(encoding="utf-8"))
    docs = {
        "de": CurrentDoc("de.txt", list(enumerate(de))),
        "fr": CurrentDoc("fr.txt", list(enumerate(fr))),
    }
    paths = {"de": "de.txt", "fr": "fr.txt"}
    start = time.perf_counter()
    auto = evaluate([gold], [align_pair(de, fr)])
    print(
        f"automatic            strict F1 {auto.strict_f1:.3f}  lax F1 {auto.lax_f1:.3f}"
        f"  ({time.perf_counter() - start:.1f} s)"
    )
    for every in (50, 20, 10, 5):
        rows = recorded(gold, de, fr, every)
        start = time.perf_counter()
        result = realign(rows, paths, docs, ["de", "fr"])
        scores = evaluate([gold], [beads_of(result.table)])
        print(
            f"1 in {every:>2} rows manual  strict F1 {scores.strict_f1:.3f}  lax F1 {scores.lax_f1:.3f}"
            f"  ({len(rows)} fixed, {time.perf_counter() - start:.1f} s)"
        )
    rows = recorded(gold, de, fr, 5)
    changed = set(range(0, len(de), 25))
    edited = [(i, t + " (geändert)" if i in changed else t) for i, t in enumerate(de)]
    result = realign(rows, paths, {**docs, "de": CurrentDoc("de.txt", edited)}, ["de", "fr"])
    touched = sum(1 for r in rows if {i for i, _ in r.cells["de"]} & changed)
    scores = evaluate([gold], [beads_of(result.table)])
    print(
        f"after editing {len(changed)} de sentences: {result.kept} of {len(rows)} manual rows kept"
        f" (expected {len(rows) - touched}), {result.dropped} dropped;"
        f" strict F1 {scores.strict_f1:.3f}"
    )


if __name__ == "__main__":
    main()
