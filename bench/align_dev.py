"""The alignment dev sets as known-answer documents, and a scorer over all of them.

Used by ``align_bench.py`` (ablation, calibration) and runnable alone:

    python bench/align_dev.py              # strict / lax F1 per dev set, default aligner

Sets (each a list of ``TestDoc``: two unit lists and the gold beads):
- ``tb57``: textberg-1957 de-fr, one document; ``tb57-a`` / ``tb57-b`` its two halves (cut
  at a gold bead boundary) as a two-job batch (simulates the held-out 7-chapter batch);
- ``bible``: verse-aligned Bibles, random groupings and merges, 8 language pairs;
- ``wmt16``: the 68 en-fi news articles of ``clean/`` (line i = line i);
- ``wmt16-merged``: the same with random merges and drops of neighbouring lines
  (simulates UDHR paragraphs with random merges).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from polyglance.corpus.align import Bead, evaluate, parse_beads
from polyglance.corpus.align.testsets import TestDoc, make_doc, parse_ces

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"
BIBLE_PAIRS = [
    ("Ukranian", "Latvian"),
    ("Gujarati", "Zulu"),
    ("Syriac", "Basque"),
    ("Cherokee", "Wolof"),
    ("Kabyle", "Romani"),
    ("Zulu", "Swahili"),
    ("Latvian", "Basque"),
    ("Gujarati", "Syriac"),
]
BIBLE_CHAPTERS = [("MAR", c) for c in range(1, 7)]


def textberg() -> list[TestDoc]:
    d = DEV / "textberg-1957"
    src = (d / "de.txt").read_text(encoding="utf-8").splitlines()
    tgt = (d / "fr.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((d / "gold.beads").read_text(encoding="utf-8"))
    return [TestDoc(src, tgt, gold)]


def split_doc(doc: TestDoc, parts: int) -> list[TestDoc]:
    """Cut a document into ``parts`` pieces at gold bead boundaries (ids renumbered)."""
    out = []
    per = len(doc.gold) // parts
    for p in range(parts):
        beads = doc.gold[p * per : (p + 1) * per if p < parts - 1 else len(doc.gold)]
        s0 = min((b.src[0] for b in beads if b.src), default=0)
        t0 = min((b.tgt[0] for b in beads if b.tgt), default=0)
        s1 = max((b.src[-1] for b in beads if b.src), default=s0 - 1) + 1
        t1 = max((b.tgt[-1] for b in beads if b.tgt), default=t0 - 1) + 1
        gold = [Bead(tuple(i - s0 for i in b.src), tuple(j - t0 for j in b.tgt)) for b in beads]
        out.append(TestDoc(doc.src[s0:s1], doc.tgt[t0:t1], gold))
    return out


def bible(pairs: Sequence[tuple[str, str]] = BIBLE_PAIRS) -> dict[str, list[TestDoc]]:
    """Per language pair: one document per chapter of Mark 1-6."""
    d = DEV / "bible-nt"
    books: dict[str, dict] = {}
    out = {}
    for a, b in pairs:
        for x in (a, b):
            if x not in books:
                books[x] = parse_ces(next(d.glob(f"{x}-*.xml")).read_text(encoding="utf-8"))
        out[f"{a}-{b}"] = [
            make_doc(dict(books[a][ch]), dict(books[b][ch]), seed=k)
            for k, ch in enumerate(BIBLE_CHAPTERS)
            if ch in books[a] and ch in books[b]
        ]
    return out


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def wmt16() -> list[TestDoc]:
    d = DEV / "wmt16-enfi"
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    out = []
    for en, fi in gold["articles"]:
        a, b = _lines(d / "clean" / en), _lines(d / "clean" / fi)
        n = min(len(a), len(b))
        out.append(TestDoc(a[:n], b[:n], [Bead((i,), (i,)) for i in range(n)]))
    return out


def merged(
    docs: Sequence[TestDoc], seed: int, rate: float = 0.15, drop: float = 0.03
) -> list[TestDoc]:
    """1-1 documents with neighbouring units merged on one side (1-2 / 2-1 gold beads)
    and a few units dropped on one side (1-0 / 0-1)."""
    rng = random.Random(seed)
    out = []
    for doc in docs:
        src: list[str] = []
        tgt: list[str] = []
        gold: list[Bead] = []
        n = len(doc.src)
        k = 0
        while k < n:
            r = rng.random()
            if r < rate and k + 1 < n:
                if rng.random() < 0.5:
                    gold.append(Bead((len(src),), (len(tgt), len(tgt) + 1)))
                    src.append(doc.src[k] + " " + doc.src[k + 1])
                    tgt.extend([doc.tgt[k], doc.tgt[k + 1]])
                else:
                    gold.append(Bead((len(src), len(src) + 1), (len(tgt),)))
                    src.extend([doc.src[k], doc.src[k + 1]])
                    tgt.append(doc.tgt[k] + " " + doc.tgt[k + 1])
                k += 2
                continue
            if r < rate + drop and 0 < k < n - 1:
                if rng.random() < 0.5:
                    gold.append(Bead((len(src),), ()))
                    src.append(doc.src[k])
                else:
                    gold.append(Bead((), (len(tgt),)))
                    tgt.append(doc.tgt[k])
                k += 1
                continue
            gold.append(Bead((len(src),), (len(tgt),)))
            src.append(doc.src[k])
            tgt.append(doc.tgt[k])
            k += 1
        out.append(TestDoc(src, tgt, gold))
    return out


def dev_sets() -> dict[str, list[list[TestDoc]]]:
    """Set name -> batches (each batch: documents of one language pair, aligned together)."""
    out: dict[str, list[list[TestDoc]]] = {}
    if (DEV / "textberg-1957").exists():
        tb = textberg()
        out["tb57"] = [tb]
        out["tb57-halves"] = [split_doc(tb[0], 2)]
    if (DEV / "bible-nt").exists():
        out["bible"] = list(bible().values())
    if (DEV / "wmt16-enfi").exists():
        w = wmt16()
        out["wmt16"] = [w]
        out["wmt16-merged"] = [merged(w, seed=7)]
    return out


Aligner = Callable[[list[TestDoc]], list[list[Bead]]]


def score(
    sets: dict[str, list[list[TestDoc]]], aligner: Aligner
) -> dict[str, tuple[float, float, float]]:
    """Set name -> (strict F1, lax F1, seconds), each batch aligned by ``aligner``."""
    out = {}
    for name, batches in sets.items():
        gold, test = [], []
        t0 = time.perf_counter()
        for batch in batches:
            test.extend(aligner(batch))
            gold.extend(d.gold for d in batch)
        s = evaluate(gold, test)
        out[name] = (s.strict_f1, s.lax_f1, time.perf_counter() - t0)
    return out


def labelled(docs: Sequence[TestDoc], beads: Sequence[Sequence[Bead]]) -> list[tuple[Bead, bool]]:
    """Each test bead with whether it is strictly right."""
    out = []
    for d, bs in zip(docs, beads, strict=True):
        g = {(b.src, b.tgt) for b in d.gold}
        out.extend((b, (b.src, b.tgt) in g) for b in bs if b.src or b.tgt)
    return out


def main() -> None:
    from polyglance.corpus.align import align_batch

    sets = dev_sets()
    if not sets:
        sys.exit(f"{DEV} is missing")
    res = score(sets, lambda batch: align_batch([(d.src, d.tgt) for d in batch]))
    for name, (f, lax, dt) in res.items():
        print(f"{name:14s} strict {f:.3f}  lax {lax:.3f}  {dt:.1f} s")


if __name__ == "__main__":
    main()
