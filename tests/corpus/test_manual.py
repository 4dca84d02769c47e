"""The pure table edits and validation of corpus/manual.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglance.corpus import manual
from polyglance.corpus.manual import Edit, EditError, TableError, make_table, validate

CONTENT = {"de": [0, 1, 2, 3], "fr": [0, 2, 3, 5]}  # fr paragraph 1 and 4 are not content


def base() -> manual.Table:
    return make_table(
        ("de", "fr"),
        [
            {"de": [0], "fr": [0]},
            {"de": [1, 2], "fr": [2]},
            {"de": [], "fr": [3]},
            {"de": [3], "fr": [5]},
        ],
    )


def test_move_up_moves_the_first_paragraph_into_the_row_above():
    result = manual.move_up(base(), 1, "de")
    assert result.table.as_lists()[:2] == [{"de": [0, 1], "fr": [0]}, {"de": [2], "fr": [2]}]
    assert result.touched == (0, 1)
    assert [r.manual for r in result.table.rows] == [True, True, False, False]
    validate(result.table, CONTENT)
    assert not base().rows[0].manual  # the old table is untouched


def test_move_down_moves_the_last_paragraph_into_the_row_below():
    result = manual.move_down(base(), 1, "de")
    assert result.table.as_lists()[1:3] == [{"de": [1], "fr": [2]}, {"de": [2], "fr": [3]}]
    assert result.touched == (1, 2)
    validate(result.table, CONTENT)


def test_split_whole_cell_and_at_a_paragraph():
    whole = manual.split(base(), 1, "fr")
    assert whole.table.as_lists()[1:3] == [{"de": [1, 2], "fr": []}, {"de": [], "fr": [2]}]
    assert len(whole.table) == 5 and whole.touched == (1, 2)
    at = manual.split(base(), 1, "de", at=1)
    assert at.table.as_lists()[1:3] == [{"de": [1], "fr": [2]}, {"de": [2], "fr": []}]
    for result in (whole, at):
        validate(result.table, CONTENT)
    with pytest.raises(EditError):
        manual.split(base(), 1, "de", at=2)  # nothing would move
    with pytest.raises(EditError):
        manual.split(base(), 2, "fr")  # the row already holds only these


def test_merge_joins_every_language():
    result = manual.merge(base(), 1)
    assert result.table.as_lists()[1] == {"de": [1, 2], "fr": [2, 3]}
    assert len(result.table) == 3 and result.touched == (1,)
    validate(result.table, CONTENT)
    with pytest.raises(EditError, match="last row"):
        manual.merge(base(), 3)


def test_delete_empty_only_deletes_empty_rows():
    emptied = manual.move_up(base(), 2, "fr").table
    assert emptied.rows[2].empty
    result = manual.delete_empty(emptied, 2)
    assert len(result.table) == 3 and result.touched == ()
    validate(result.table, CONTENT)
    with pytest.raises(EditError, match="not empty"):
        manual.delete_empty(base(), 1)


def test_confirm_marks_without_changing():
    result = manual.confirm(base(), 2)
    row = result.table.rows[2]
    assert row.manual and row.confirmed and row.cells == base().rows[2].cells
    assert result.table.as_lists() == base().as_lists()


def test_impossible_edits_raise_and_name_why():
    with pytest.raises(EditError, match="first row"):
        manual.move_up(base(), 0, "de")
    with pytest.raises(EditError, match="no de paragraph"):
        manual.move_down(base(), 2, "de")
    with pytest.raises(EditError, match="no row 9"):
        manual.merge(base(), 9)
    with pytest.raises(EditError, match="no language"):
        manual.move_up(base(), 1, "xx")
    with pytest.raises(EditError, match="unknown edit"):
        manual.apply(base(), Edit("swap", 1))


@pytest.mark.parametrize(
    ("rows", "bad_row", "words"),
    [
        ([{"de": [0, 1], "fr": [0]}, {"de": [3], "fr": [2, 3, 5]}], 1, "comes before paragraph 2"),
        ([{"de": [0, 1, 2, 3], "fr": [0, 1]}], 0, "fr has no content paragraph 1"),
        ([{"de": [0, 1], "fr": [0, 2]}, {"de": [1, 2, 3], "fr": [3, 5]}], 1, "already in row 0"),
        ([{"de": [0, 1, 2, 3], "fr": [0, 2, 3, 5], "nb": [0]}], 0, "no document in language 'nb'"),
        ([{"de": [0, 1, 2], "fr": [0, 2, 3, 5]}], None, "de paragraphs 3 are in no row"),
    ],
)
def test_validate_names_the_first_bad_row(rows, bad_row, words):
    table = manual.Table(
        ("de", "fr"), tuple(manual.Row({k: tuple(v) for k, v in r.items()}) for r in rows)
    )
    with pytest.raises(TableError, match=words) as caught:
        validate(table, CONTENT)
    assert caught.value.row == bad_row


def test_validate_wants_every_language_of_the_article():
    with pytest.raises(TableError, match="no fr column"):
        validate(make_table(("de",), [{"de": [0, 1, 2, 3]}]), CONTENT)


edits = st.lists(
    st.tuples(
        st.sampled_from(manual.OPS),
        st.integers(0, 12),
        st.sampled_from(["de", "fr"]),
        st.none() | st.integers(1, 3),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(edits)
def test_any_sequence_of_edits_keeps_the_table_valid(sequence):
    table = base()
    for op, row, lang, at in sequence:
        try:
            result = manual.apply(table, Edit(op, row, lang, at))
        except EditError:
            continue
        validate(result.table, CONTENT)
        assert all(result.table.rows[r].manual for r in result.touched)
        table = result.table


def test_next_unconfirmed_skips_confirmed_rows():
    table = manual.confirm(manual.confirm(base(), 1).table, 2).table
    assert manual.next_unconfirmed(table, 0) == 3
    assert manual.next_unconfirmed(table, 3, -1) == 0
    assert manual.next_unconfirmed(table, 3) is None
    assert set(manual.COMMAND_NAMES) == set(manual.OPS)
