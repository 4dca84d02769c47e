"""Batch alignment: one word table pooled over the jobs of a language pair."""

from __future__ import annotations

import random

from polyglance.corpus.align import Bead, align_batch, check_beads, lexicon_weight
from polyglance.corpus.align.batch import LEXICON_MIN_PAIRS, pooled_lexicon
from polyglance.corpus.align.pair import align_pair_costs

# an invented language pair: no word is shared or alike, so only a learned table links them
SRC_WORDS = ["blarvo", "kintesh", "mordaflu", "quizzent", "dropelk", "wastrine", "yuvomb"]
TGT_WORDS = ["ehulati", "porgunes", "xaveddi", "tsoumira", "glenkapo", "ifrandu", "soklema"]


def _doc(seed: int, n: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    src, tgt = [], []
    for _ in range(n):
        ids = rng.sample(range(len(SRC_WORDS)), 3)
        num = rng.randint(10, 999)  # a number both sides share: evidence for confident beads
        src.append(" ".join(SRC_WORDS[i] for i in ids) + f" {num}.")
        tgt.append(f"{num} " + " ".join(TGT_WORDS[i] for i in reversed(ids)) + ".")
    return src, tgt


def test_weight_fades_in_with_the_data_and_out_with_the_share() -> None:
    assert lexicon_weight(LEXICON_MIN_PAIRS - 1) == 0.0
    weights = [lexicon_weight(n) for n in (100, 300, 1000, 5000)]
    assert weights == sorted(weights) and 0 < weights[0] < weights[-1] < 1
    assert lexicon_weight(1000, share=0.5) < lexicon_weight(1000, share=0.0)


def test_table_is_pooled_over_the_jobs_and_turned_round_jobs_count_too() -> None:
    jobs = [_doc(1, 70), _doc(2, 70)]
    first = [align_pair_costs(s, t) for s, t in jobs]
    alone = pooled_lexicon(jobs[:1], first[:1])
    pooled = pooled_lexicon(jobs, first)
    assert alone is None  # 70 pairs are too few to learn from
    assert pooled is not None and pooled.weight > 0
    learned = {(s, t) for s, ts in pooled.table.items() for t in ts}
    assert (SRC_WORDS[0][: pooled.stem], TGT_WORDS[0][: pooled.stem]) in learned
    # the second job given the other way round (target language first) teaches the same
    turned = [jobs[0], (jobs[1][1], jobs[1][0])]
    turned_first = [first[0], align_pair_costs(*turned[1])]
    again = pooled_lexicon(turned, turned_first, reversed_jobs={1})
    assert again is not None and again.table == pooled.table
    out = align_batch(turned, reversed_jobs={1})
    for (s, t), beads in zip(turned, out, strict=True):
        check_beads(beads, len(s), len(t))


def test_batch_without_evidence_to_learn_is_the_single_alignment() -> None:
    src, tgt = _doc(3, 20)
    out = align_batch([(src, tgt)])
    assert [(b.src, b.tgt) for b in out[0]] == [
        (b.src, b.tgt) for b in align_pair_costs(src, tgt)[0]
    ]
    assert align_batch([]) == []
    assert isinstance(out[0][0], Bead)
