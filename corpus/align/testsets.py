"""Known-answer test sets built from verse-aligned Bibles (pure: the caller reads the files)."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from .beads import Bead

_SEG = re.compile(r'<seg id="b\.([A-Z0-9]+)\.(\d+)\.(\d+)"[^>]*>(.*?)</seg>', re.S)


def parse_ces(xml: str) -> dict[tuple[str, int], list[tuple[int, str]]]:
    """``(book, chapter) -> [(verse, text), ...]`` from a CES Bible file's text."""
    out: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for book, chap, verse, text in _SEG.findall(xml):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        if text:
            out.setdefault((book, int(chap)), []).append((int(verse), text))
    return out


@dataclass(frozen=True)
class TestDoc:
    """Two texts of joined verses and the gold beads between them."""

    src: list[str]
    tgt: list[str]
    gold: list[Bead]


def _group(n: int, merges: set[int]) -> list[list[int]]:
    """Split ``range(n)`` into runs; a run continues across each position in ``merges``."""
    groups: list[list[int]] = []
    for k in range(n):
        if k - 1 in merges and groups:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def make_doc(
    src_verses: Mapping[int, str],
    tgt_verses: Mapping[int, str],
    seed: int,
    merge_rate: float = 0.15,
    drop_rate: float = 0.02,
    base: int = 2,
) -> TestDoc:
    """Join the common verses into paragraphs of ``1..base`` verses, then merge neighbours
    in one language or the other (1-2 / 2-1 beads) and drop a few (1-0 / 0-1 beads)."""
    rng = random.Random(seed)
    verses = sorted(set(src_verses) & set(tgt_verses))
    blocks: list[list[int]] = []
    k = 0
    while k < len(verses):
        size = rng.randint(1, base)
        blocks.append(verses[k : k + size])
        k += size
    merges_s: set[int] = set()
    merges_t: set[int] = set()
    drop_s: set[int] = set()
    drop_t: set[int] = set()
    k = 0
    while k < len(blocks) - 1:
        r = rng.random()
        if r < merge_rate:
            (merges_s if rng.random() < 0.5 else merges_t).add(k)
            k += 2  # never chain merges: gold stays 1-1, 1-2, 2-1
            continue
        if r < merge_rate + drop_rate and k > 0:
            (drop_s if rng.random() < 0.5 else drop_t).add(k)
        k += 1
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []

    def emit(
        side: list[str], merges: set[int], drop: set[int], verses_of: Mapping[int, str]
    ) -> list[tuple[int, list[int]]]:
        units = []
        for g in _group(len(blocks), merges):
            if any(b in drop for b in g):
                continue
            units.append((len(side), g))
            side.append(" ".join(verses_of[v] for b in g for v in blocks[b]))
        return units

    us = emit(src, merges_s, drop_s, src_verses)
    ut = emit(tgt, merges_t, drop_t, tgt_verses)
    # walk blocks; a bead closes where both sides close a unit
    s_of = {b: i for i, g in us for b in g}
    t_of = {b: j for j, g in ut for b in g}
    cur_s: list[int] = []
    cur_t: list[int] = []
    for b in range(len(blocks)):
        i, j = s_of.get(b), t_of.get(b)
        if i is not None and i not in cur_s:
            cur_s.append(i)
        if j is not None and j not in cur_t:
            cur_t.append(j)
        end_s = i is None or b + 1 not in s_of or s_of[b + 1] != i
        end_t = j is None or b + 1 not in t_of or t_of[b + 1] != j
        if end_s and end_t and (cur_s or cur_t):
            gold.append(Bead(tuple(cur_s), tuple(cur_t)))
            cur_s, cur_t = [], []
    return TestDoc(src, tgt, gold)


@dataclass(frozen=True)
class MultiDoc:
    """N texts of joined verses and the gold rows between them (``Row.cells`` form)."""

    texts: list[list[str]]
    gold: list[tuple[tuple[int, ...], ...]]


def make_multi(
    verses: list[Mapping[int, str]],
    seed: int,
    merge_rate: float = 0.1,
    drop_rate: float = 0.02,
    base: int = 2,
) -> MultiDoc:
    """Join the verses all texts have into blocks of ``1..base`` verses; each text merges
    neighbouring blocks and drops a few on its own. A gold row is a run of blocks that no
    text's paragraph crosses."""
    rng = random.Random(seed)
    common = sorted(set.intersection(*(set(v) for v in verses)))
    blocks: list[list[int]] = []
    k = 0
    while k < len(common):
        size = rng.randint(1, base)
        blocks.append(common[k : k + size])
        k += size
    nb = len(blocks)
    joined = [False] * max(nb - 1, 0)  # joined[b]: blocks b and b + 1 share a row
    texts: list[list[str]] = []
    unit_of: list[dict[int, int]] = []
    for v in verses:
        merges = {b for b in range(nb - 1) if rng.random() < merge_rate}
        drops = {b for b in range(1, nb - 1) if rng.random() < drop_rate}
        units: list[str] = []
        of: dict[int, int] = {}
        for g in _group(nb, merges):
            g = [b for b in g if b not in drops]
            if not g:
                continue
            for b0, b1 in pairwise(g):
                for x in range(b0, b1):
                    joined[x] = True
            of.update({b: len(units) for b in g})
            units.append(" ".join(v[x] for b in g for x in blocks[b]))
        texts.append(units)
        unit_of.append(of)
    gold: list[tuple[tuple[int, ...], ...]] = []
    start = 0
    for b in range(nb):
        if b == nb - 1 or not joined[b]:
            cells = tuple(
                tuple(sorted({of[x] for x in range(start, b + 1) if x in of})) for of in unit_of
            )
            if any(cells):
                gold.append(cells)
            start = b + 1
    return MultiDoc(texts, gold)
