"""Exporting from the app never destroys anything (issues 11.7, 12.3, 12.5)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from polyglance.tui.app import PolyglanceApp
from polyglance.tui.screens.confirm import ConfirmScreen
from polyglance.tui.screens.export import ExportScreen

from .conftest import DEMO


async def _open_export(app, pilot) -> ExportScreen:
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    return app.screen


async def test_the_index_itself_is_refused_and_left_intact(tmp_path, demo_index):
    index = tmp_path / "i.sqlite"
    shutil.copy(demo_index, index)
    size = index.stat().st_size
    app = PolyglanceApp(index)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#export-path").value = str(index)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # still open, saying why
        assert "index" in str(screen.query_one("#export-problem").render())
    assert index.stat().st_size == size
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_a_file_of_the_corpus_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    source = corpus / "lynx-alpenpost.txt"
    before = source.read_bytes()
    app = PolyglanceApp(tmp_path / "i.sqlite", corpus=corpus)
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if not app.main.indexing and app.main.article is not None:
                break
        screen = await _open_export(app, pilot)
        screen.query_one("#export-path").value = str(source)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "corpus" in str(screen.query_one("#export-problem").render())
    assert source.read_bytes() == before


async def test_an_existing_file_is_replaced_only_after_yes(tmp_path, demo_index):
    target = tmp_path / "mine.tmx"
    target.write_text("my own notes\n", encoding="utf-8")
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert target.read_text(encoding="utf-8") == "my own notes\n"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert target.read_text(encoding="utf-8").startswith("<?xml")


async def test_enter_twice_quickly_exports_once_and_keeps_the_app(tmp_path, demo_index):
    target = tmp_path / "once.tsv"
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#export-path").value = str(target)
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ExportScreen)
    assert target.exists()


async def test_the_proposed_file_is_new_and_not_in_the_current_folder(
    demo_index, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_export(app, pilot)
        proposed = Path(screen.query_one("#export-path").value)
        assert proposed.is_absolute() and proposed.parent != tmp_path
        assert not proposed.exists() and proposed.parent.is_dir()
