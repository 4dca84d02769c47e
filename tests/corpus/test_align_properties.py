"""Property tests: every output is monotonic, covers every unit once, and is stable on copies."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglance.corpus.align import AlignParams, align_multi, align_pair, check_beads

_WORDS = ["Oslo", "1956", "Everest", "the", "Berg", "montagne", "Zuckerberg", "ja", "42", "Ісус"]
unit = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join),
)
texts = st.lists(unit, max_size=14)
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(texts, texts)
def test_pair_is_monotonic_and_covers_everything(src: list[str], tgt: list[str]) -> None:
    beads = align_pair(src, tgt)
    check_beads(beads, len(src), len(tgt))
    assert all(b.src or b.tgt for b in beads)


@fast
@given(texts, texts)
def test_banded_pair_is_monotonic_and_covers_everything(src: list[str], tgt: list[str]) -> None:
    beads = align_pair(src, tgt, params=AlignParams(max_cells=4, band_margin=1))
    check_beads(beads, len(src), len(tgt))


@fast
@given(texts)
def test_text_against_itself_is_all_one_to_one(src: list[str]) -> None:
    beads = align_pair(src, list(src))
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(len(src))]


@fast
@given(texts)
def test_one_sided_inputs(src: list[str]) -> None:
    assert [(b.src, b.tgt) for b in align_pair(src, [])] == [((i,), ()) for i in range(len(src))]
    assert [(b.src, b.tgt) for b in align_pair([], src)] == [((), (i,)) for i in range(len(src))]


@fast
@given(st.lists(texts, min_size=1, max_size=4))
def test_multi_is_monotonic_and_covers_everything(many: list[list[str]]) -> None:
    rows = align_multi(many)
    for k, text in enumerate(many):
        seen = [i for r in rows for i in r.cells[k]]
        assert seen == list(range(len(text)))
    for r in rows:
        assert len(r.cells) == len(many)
        assert any(r.cells)
        assert 0.0 <= r.confidence <= 1.0


@fast
@given(texts, st.integers(1, 4))
def test_multi_of_copies_is_all_one_to_one(src: list[str], k: int) -> None:
    rows = align_multi([list(src) for _ in range(k)])
    assert [r.cells for r in rows] == [tuple((i,) for _ in range(k)) for i in range(len(src))]


def test_empty_inputs() -> None:
    assert align_pair([], []) == []
    assert align_multi([]) == []
    assert align_multi([[], []]) == []


@fast
@given(texts, texts, st.data())
def test_a_table_judged_with_the_kinds_kept_costs_what_it_costs_with_all(
    src: list[str], tgt: list[str], data: st.DataObject
) -> None:
    """The multi-way aligner keeps only the costs of the kinds a row's best split is made
    of (``multi._KINDS``): every block, also beyond ``MAX_BLOCK``, costs the same."""
    from polyglance.corpus.align import multi
    from polyglance.corpus.align.pair import align_pairs_costs

    (_, every), (_, kept) = (
        align_pairs_costs([(src, tgt, None)], keep_kinds=keep)[0] for keep in (None, multi._KINDS)
    )
    assert set(kept.costs) == set(multi._KINDS) & set(every.costs)
    for _ in range(20):
        i0 = data.draw(st.integers(0, len(src)))
        j0 = data.draw(st.integers(0, len(tgt)))
        i1 = data.draw(st.integers(i0, min(len(src), i0 + multi.MAX_BLOCK + 1)))
        j1 = data.draw(st.integers(j0, min(len(tgt), j0 + multi.MAX_BLOCK + 1)))
        if i1 - i0 + j1 - j0:
            assert multi._block(kept, i0, i1, j0, j1) == multi._block(every, i0, i1, j0, j1)
