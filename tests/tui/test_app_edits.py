"""Correcting an alignment by hand in the real app (issue 15), on a copy of the demo."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from polyglance.corpus import manual_store
from polyglance.tui.app import PolyglanceApp
from polyglance.tui.pipeline import index_corpus
from polyglance.tui.widgets.aligned_view import CONFIRMED_MARK, MANUAL_MARK, AlignedView

from .conftest import DEMO

LYNX = 2  # the article id of the lynx story in the demo (de en fr ru)


@pytest.fixture
def corpus_and_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in DEMO.glob("lynx-*.txt"):
        shutil.copy(path, corpus)
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    return corpus, index


def stored(index) -> list[dict[str, list[int]]]:
    with sqlite3.connect(index) as conn:
        article = conn.execute("SELECT id FROM articles").fetchone()[0]
        return manual_store.load_table(conn, article).as_lists()


def manual_rows(index) -> list[tuple[int, int]]:
    with sqlite3.connect(index) as conn:
        return conn.execute("SELECT row, confirmed FROM manual_rows ORDER BY row").fetchall()


async def test_merge_undo_redo_and_confirm_are_stored(corpus_and_index):
    _, index = corpus_and_index
    before = stored(index)
    app = PolyglanceApp(index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        await pilot.press("j")  # row 1
        await pilot.press("m")  # merge rows 1 and 2
        await pilot.pause()
        merged = stored(index)
        assert len(merged) == len(before) - 1
        assert merged[1] == {lang: before[1][lang] + before[2][lang] for lang in before[1]}
        assert manual_rows(index) == [(1, 0)]
        row = app.main.article.rows[view.cursor]
        assert row.row == 1 and row.manual
        assert (
            MANUAL_MARK
            in view.render_line(view._layout.row_starts[view.cursor] + 1 - int(view.scroll_y)).text
        )
        await pilot.press("u")
        await pilot.pause()
        assert stored(index) == before and manual_rows(index) == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert stored(index) == merged
        await pilot.press("k", "space")  # confirm row 0 as checked
        await pilot.pause()
        assert manual_rows(index) == [(0, 1), (1, 0)]
        assert app.main.article.rows[0].confirmed
        line = view.render_line(view._layout.row_starts[0] + 1 - int(view.scroll_y)).text
        assert CONFIRMED_MARK in line
    # persistence: quit, open again
    app = PolyglanceApp(index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        rows = app.main.article.rows
        assert rows[0].confirmed and rows[1].manual and not rows[2].manual


async def test_move_split_and_delete_in_the_current_pane(corpus_and_index):
    _, index = corpus_and_index
    before = stored(index)
    # a row below the first whose en cell has paragraphs, and another language there too
    r = next(
        k
        for k in range(1, len(before))
        if before[k]["en"] and any(before[k][lang] for lang in ("de", "fr", "ru"))
    )
    app = PolyglanceApp(index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        assert view.current_language == "de"
        await pilot.press("right")  # the en pane
        assert view.current_language == "en"
        await pilot.press(*["j"] * r, "K")  # move row r's first en paragraph up
        await pilot.pause()
        after = stored(index)
        assert after[r - 1]["en"] == before[r - 1]["en"] + before[r]["en"][:1]
        assert after[r]["en"] == before[r]["en"][1:]
        await pilot.press("u")
        await pilot.pause()
        assert stored(index) == before
        assert app.main.article.rows[view.cursor].row == r
        await pilot.press("s")  # row r's en paragraphs into a row of their own
        await pilot.pause()
        split = stored(index)
        assert len(split) == len(before) + 1
        assert split[r]["en"] == [] and split[r + 1]["en"] == before[r]["en"]
        assert all(not split[r + 1][lang] for lang in ("de", "fr", "ru"))
        await pilot.press("u")
        await pilot.pause()
        assert stored(index) == before
        await pilot.press("x")  # row r is not empty: refused, nothing stored
        await pilot.pause()
        assert stored(index) == before


async def test_manual_rows_survive_reindexing_with_another_file(corpus_and_index):
    corpus, index = corpus_and_index
    app = PolyglanceApp(index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("j", "m")
        await pilot.pause()
    merged = stored(index)
    shutil.copy(DEMO / "bridge-gazetazalesia.txt", corpus)
    index_corpus(corpus, index)
    assert stored(index) == merged
    assert manual_rows(index) == [(1, 0)]


def test_edit_commands_are_in_the_palette_by_name():
    names = {b.description for b in AlignedView.BINDINGS}
    for name in (
        "Move paragraph up",
        "Move paragraph down",
        "Split into new row",
        "Merge with next row",
        "Delete empty row",
        "Confirm row",
    ):
        assert name in names
