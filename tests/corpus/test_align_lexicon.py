"""The pooled word table: learned from confident 1-1 beads, then used as shared words."""

from __future__ import annotations

from polyglance.corpus.align import Bead, Lexicon, align_pair, check_beads

SRC = [
    "der kleine hund schläft",
    "ein grosser hund bellt",
    "die katze schläft lange",
    "eine katze spielt heute",
    "der vogel singt laut",
    "ein vogel fliegt heute",
]
TGT = [
    "le petit chien dort",
    "un grand chien aboie",
    "le chat dort longtemps",
    "un chat joue aujourd'hui",
    "l'oiseau chante fort",
    "un oiseau vole aujourd'hui",
]


def test_lexicon_learns_pairs_and_is_used() -> None:
    beads = [Bead((i,), (i,)) for i in range(len(SRC))]
    lex = Lexicon.train([(SRC, TGT, beads)] * 3, min_count=2)
    assert "chien" in lex.table.get("hund", frozenset())
    assert "chat" in lex.table.get("katze", frozenset())
    both = lex.merged(Lexicon({"vogel": frozenset({"oiseau"})}))
    assert "oiseau" in both.table["vogel"] and len(both) >= len(lex)
    out = align_pair(SRC, TGT, lexicon=both)
    check_beads(out, len(SRC), len(TGT))
    # the pairs also work with the texts the other way round
    check_beads(align_pair(TGT, SRC, lexicon=both), len(TGT), len(SRC))


def test_empty_training_gives_empty_lexicon() -> None:
    assert len(Lexicon.train([])) == 0
    assert len(Lexicon.train([(SRC, TGT, [Bead((0, 1), (0,))])])) == 0
