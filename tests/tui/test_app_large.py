"""The README's main workflow on a folder of hundreds of files: `polyglance DIR` in the app."""

from __future__ import annotations

import sqlite3

from polyglance.tui.app import PolyglanceApp
from polyglance.tui.screens.message import MessageScreen

from ..fixtures.generated import make_news_folder


async def wait_for_indexing(app, pilot) -> None:
    for _ in range(600):
        await pilot.pause(0.1)
        if not app.main.indexing:
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_indexes_a_folder_of_300_files_in_the_app(tmp_path):
    folder = tmp_path / "news"
    written = make_news_folder(folder, 300)
    index_path = tmp_path / "index.sqlite"
    app = PolyglanceApp(index_path, corpus=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_indexing(app, pilot)
        assert not isinstance(app.screen, MessageScreen), (
            app.screen.query("Static").first().render()
        )
        assert app.query_one("#article-options").option_count > 0
        assert app.main.article is not None
    with sqlite3.connect(index_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(written)
