"""Bead text form and the strict/lax scorer."""

from __future__ import annotations

import pytest

from polyglance.corpus.align import Bead, evaluate, format_bead, parse_beads


def test_format_and_parse_round_trip() -> None:
    beads = [Bead((0, 1), (2,)), Bead((), (3,)), Bead((2,), ())]
    text = "\n".join(format_bead(b) for b in beads)
    assert text == "[0, 1]:[2]\n[]:[3]\n[2]:[]"
    assert parse_beads(text + "\n\n# comment\n") == beads
    with pytest.raises(ValueError):
        parse_beads("[0]-[1]")


def test_scores() -> None:
    gold = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((), (2,)), Bead((3,), (3,))]
    test = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ()), Bead((), (2,)), Bead((3,), (3,))]
    s = evaluate([gold], [test])
    # precision over 5 test beads: 3 identical; [1]:[1] is a lax hit; [2]:[] is not
    assert s.strict_precision == pytest.approx(3 / 5)
    assert s.lax_precision == pytest.approx(4 / 5)
    # recall over the 3 two-sided gold beads: 2 identical; [1,2]:[1] is a lax hit
    assert s.strict_recall == pytest.approx(2 / 3)
    assert s.lax_recall == pytest.approx(1.0)
    perfect = evaluate([gold, gold], [gold, gold])
    assert perfect.strict_f1 == perfect.lax_f1 == 1.0
