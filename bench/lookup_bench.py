"""Translation lookup on ../shared/dev/wmt16-enfi: is the expected translation among the
first three, for 20 frequent words each way (dictionary forms as input)?

    python bench/lookup_bench.py [--corpus DIR] [--index FILE]

The words are frequent content words of the corpus chosen before measuring; the
expected translations are their dictionary equivalents (any of a few synonyms). Beside
``lookup`` two naive baselines on the same lemmatised rows: the target word seen most
often in the rows holding the source word (co-occurrence count), and the Dice
coefficient of their rows.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]

EN_FI = {
    "year": ["vuosi"],
    "people": ["ihminen", "kansa", "ihmiset"],
    "percent": ["prosentti"],
    "police": ["poliisi"],
    "market": ["markkina", "markkinat"],
    "month": ["kuukausi"],
    "rate": ["korko", "korkotaso"],
    "voter": ["äänestäjä"],
    "team": ["joukkue"],
    "game": ["peli", "ottelu"],
    "week": ["viikko"],
    "company": ["yritys", "yhtiö"],
    "university": ["yliopisto"],
    "child": ["lapsi"],
    "president": ["presidentti"],
    "student": ["opiskelija"],
    "economy": ["talous"],
    "leader": ["johtaja"],
    "friend": ["ystävä"],
    "woman": ["nainen"],
}
FI_EN = {
    "vuosi": ["year"],
    "prosentti": ["percent", "per cent"],
    "poliisi": ["police"],
    "joukkue": ["team"],
    "peli": ["game"],
    "ihminen": ["people", "person", "human"],
    "johtaja": ["leader", "chief", "director", "head", "manager"],
    "yritys": ["company", "business", "firm", "attempt"],
    "lapsi": ["child", "kid"],
    "viikko": ["week"],
    "tutkimus": ["study", "research", "survey"],
    "tiistai": ["tuesday"],
    "talous": ["economy"],
    "ystävä": ["friend"],
    "pelaaja": ["player"],
    "kuukausi": ["month"],
    "yliopisto": ["university"],
    "nainen": ["woman"],
    "ehdokas": ["candidate"],
    "hallitus": ["government"],
}


def _baselines(conn, src: str, tgt: str, word: str) -> tuple[list[str], list[str]]:
    """Top three by co-occurrence count and by Dice, from the stored lemma postings."""
    from polyglance.search import store
    from polyglance.search.fold import fold

    a, b = sorted((src, tgt))
    row = conn.execute(
        "SELECT ks FROM lookup_keys WHERE a=? AND b=? AND lang=? AND key=?", (a, b, src, fold(word))
    ).fetchone()
    if row is None:
        return [], []
    s_rows = store.decode_ids(row[0])
    counts: Counter[str] = Counter()
    dice: dict[str, float] = {}
    shown: dict[str, str] = {}
    for key, display, ks in conn.execute(
        "SELECT key, display, ks FROM lookup_keys WHERE a=? AND b=? AND lang=?", (a, b, tgt)
    ):
        t_rows = store.decode_ids(ks)
        n = len(np.intersect1d(s_rows, t_rows, assume_unique=True))
        if n:
            counts[key] = n
            dice[key] = 2 * n / (len(s_rows) + len(t_rows))
            shown[key] = display
    by_count = [shown[k] for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    by_dice = [shown[k] for k, _ in sorted(dice.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    return by_count, by_dice


def _hit(found: list[str], expected: list[str]) -> bool:
    from polyglance.search.fold import fold

    want = {fold(e) for e in expected}
    return any(fold(f) in want for f in found[:3])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared/dev/wmt16-enfi/clean"))
    ap.add_argument("--index", help="an index of the corpus (default: built in a temp folder)")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from polyglance.search.lookup import Translator
    from polyglance.tui.pipeline import index_corpus

    tmp = tempfile.TemporaryDirectory()
    index = Path(args.index) if args.index else Path(tmp.name) / "wmt.sqlite"
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if not args.index:
        t = time.perf_counter()
        summary = index_corpus(args.corpus, index)
        print(f"indexed {args.corpus} in {time.perf_counter() - t:.1f} s (translation tables ")
        print(f"learned in the run: {summary.translation_pairs})")
    conn = sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True)  # readers only read
    tr = Translator(conn)
    t = time.perf_counter()
    tr.lookup("year", "fi", "en")
    first = time.perf_counter() - t
    (rows,) = conn.execute("SELECT rows FROM lookup_models WHERE a='en' AND b='fi'").fetchone()
    how = f"learned in memory: {tr.notice}" if tr.notice else "read from the index"
    print(f"table of {rows} aligned rows; first lookup {first:.2f} s ({how})")
    totals = Counter()
    times = []
    for src, tgt, words in (("en", "fi", EN_FI), ("fi", "en", FI_EN)):
        print(f"\n{src} -> {tgt}")
        print(f"{'word':<12} {'lookup top 3':<44} {'ok':<3} {'count':<3} {'dice':<3} expected")
        for word, expected in words.items():
            t = time.perf_counter()
            found = [x.translation for x in tr.lookup(word, tgt, src, limit=3)]
            times.append(time.perf_counter() - t)
            by_count, by_dice = _baselines(conn, src, tgt, word)
            ok = _hit(found, expected), _hit(by_count, expected), _hit(by_dice, expected)
            for name, v in zip(("lookup", "count", "dice"), ok, strict=True):
                totals[src, name] += v
            marks = ["yes" if v else "-" for v in ok]
            print(
                f"{word:<12} {', '.join(found):<44} {marks[0]:<3} {marks[1]:<5} {marks[2]:<4} {'/'.join(expected)}"
            )
    print("\nexpected translation among the first three (of 20 words):")
    print(f"{'direction':<10} {'lookup':>6} {'count':>6} {'dice':>6}")
    for src, tgt in (("en", "fi"), ("fi", "en")):
        print(
            f"{src}->{tgt:<6} {totals[src, 'lookup']:>6} {totals[src, 'count']:>6} {totals[src, 'dice']:>6}"
        )
    times.sort()
    print(
        f"\nlookup with a stored table: median {1000 * times[len(times) // 2]:.1f} ms, "
        f"max {1000 * times[-1]:.1f} ms (noisy: shared machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
