"""Shared-word concepts (``lexical.build_concepts``) equal those of the per-unit loops they
replaced (a plain reference below), column order included, on generated texts."""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np
import pytest

from polyglance.corpus.align.lexical import (
    FUZZY_CUTOFF,
    _fuzzy_pairs,
    _share,
    _UnionFind,
    build_concepts,
)
from polyglance.corpus.align.tokens import UnitKeys


def _ref_build_concepts(src, tgt, extra_pairs, number_weight, fuzzy, numbers, extra_weight):
    ws = set().union(*(k.words for k in src)) if src else set()
    wt = set().union(*(k.words for k in tgt)) if tgt else set()
    uf = _UnionFind()
    for w in ws & wt:
        uf.union((0, w), (1, w))
    if fuzzy:
        pairs = _fuzzy_pairs(ws - wt, wt, FUZZY_CUTOFF)
        pairs += _fuzzy_pairs(ws & wt, wt - ws, FUZZY_CUTOFF)
        for a, b in pairs:
            uf.union((0, a), (1, b))
    direct = set(uf.parent)
    for a, b in extra_pairs:
        if a in ws and b in wt:
            uf.union((0, a), (1, b))
        if b in ws and a in wt:
            uf.union((0, b), (1, a))
    roots = defaultdict(set)
    for node in list(uf.parent):
        roots[uf.find(node)].add(node[0])
    root_id, cid = {}, {}
    for node in sorted(uf.parent):  # concepts numbered in sorted order of their nodes
        r = uf.find(node)
        if len(roots[r]) == 2:
            cid[node] = root_id.setdefault(r, len(root_id))
    ns = set().union(*(k.numbers for k in src)) if src and numbers else set()
    nt = set().union(*(k.numbers for k in tgt)) if tgt and numbers else set()
    n_words = len(root_id)
    num_id = {x: n_words + k for k, x in enumerate(sorted(ns & nt))}
    size = n_words + len(num_id)

    def rows(units, side):
        out = []
        for u in units:
            ids = {cid[(side, w)] for w in u.words if (side, w) in cid}
            ids.update(num_id[x] for x in u.numbers if x in num_id)
            out.append(sorted(ids))
        return out

    rs, rt = rows(src, 0), rows(tgt, 1)
    df_s, df_t = np.zeros(size), np.zeros(size)
    for cols in rs:
        df_s[cols] += 1
    for cols in rt:
        df_t[cols] += 1
    weight = 1.0 / (1.0 + np.log(np.maximum(np.maximum(df_s, df_t), 1.0)))
    weight[n_words:] *= number_weight
    if extra_weight != 1.0 and n_words:
        by_words = np.zeros(n_words, dtype=bool)
        for node in direct:
            if node in cid:
                by_words[cid[node]] = True
        weight[:n_words] *= np.where(by_words, 1.0, extra_weight)
    xs, xt = np.zeros((len(src), size)), np.zeros((len(tgt), size))
    for i, cols in enumerate(rs):
        xs[i, cols] = weight[cols]
    for j, cols in enumerate(rt):
        xt[j, cols] = weight[cols]
    return xs, xt, _share(xs, xt)


_STEMS = ["jerusalem", "galilea", "petrus", "johannes", "simon", "nazareth", "andreas", "maria"]


def _text(rng: random.Random, n: int) -> list[UnitKeys]:
    vocab = [s + x for s in _STEMS for x in ("", "a", "en", "os", "ii")] + ["wordalone"]
    return [
        UnitKeys(
            frozenset(rng.sample(vocab, rng.randint(0, 6))),
            frozenset(str(rng.randint(0, 30)) for _ in range(rng.randint(0, 2))),
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_build_concepts_equals_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    src, tgt = _text(rng, rng.randint(0, 30)), _text(rng, rng.randint(0, 30))
    extra = [("simon", "petrusa"), ("mariaos", "andreas")] if seed % 3 == 0 else []
    options = (extra, 1.5, seed % 4 != 1, seed % 5 != 2, 0.5 if extra else 1.0)
    got = build_concepts(src, tgt, *options)
    xs, xt, share = _ref_build_concepts(src, tgt, *options)
    assert got.src.shape == xs.shape and np.array_equal(got.src, xs)
    assert got.tgt.shape == xt.shape and np.array_equal(got.tgt, xt)
    assert got.share == share


_SEEDED = """
import hashlib, random, sys
sys.path.insert(0, {here!r})
from test_align_lexical import _text
from polyglance.corpus.align.lexical import build_concepts
rng = random.Random(5)
digest = hashlib.sha256()
for _ in range(20):
    c = build_concepts(_text(rng, 30), _text(rng, 25), extra_pairs=[("simon", "petrusa")])
    digest.update(c.src.tobytes() + c.tgt.tobytes() + repr(c.share).encode())
print(digest.hexdigest())
"""


def test_the_concepts_are_the_same_floats_under_every_hash_seed() -> None:
    """Their columns' order is the order of every sum over them: set order made the
    aligner's confidences differ in the last bits from one run to the next."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = _SEEDED.format(here=str(Path(__file__).parent))
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(digests) == 1
