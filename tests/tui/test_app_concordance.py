"""The concordance and the translation lookup in the real app, on the demo corpus."""

from __future__ import annotations

from polyglance.tui.app import PolyglanceApp
from polyglance.tui.screens.lookup import LookupScreen
from polyglance.tui.widgets.aligned_view import AlignedView
from polyglance.tui.widgets.search_panel import SearchPanel


async def _search(app, pilot, query: str) -> SearchPanel:
    await pilot.press("slash")
    for ch in query:
        await pilot.press(ch)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.query_one(SearchPanel)


async def _look_up(app, pilot, query: str) -> None:
    """Search ``query``, back to the panes, `t`: the lookup screen is shown."""
    await _search(app, pilot, query)
    await pilot.press("escape", "escape")
    await pilot.press("t")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, LookupScreen)


async def test_concordance_lines_show_counterparts_with_the_translation_marked(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main.open_article(2)  # the lynx story: de en fr ru
        panel = await _search(app, pilot, "lynx")
        assert panel.hits and not panel.concordance
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.concordance and len(panel.lines) == len(panel.hits)
        panes = app.query_one(AlignedView).languages
        first = panel.lines[0]
        assert set(first.counterparts) == set(panes) - {first.hit.lang}
        ru_text, ru_spans = first.counterparts["ru"]
        assert ru_text and [ru_text[s:e] for s, e in ru_spans] == ["рысей"]
        shown = str(panel.query_one("#search-hits").get_option_at_index(0).prompt)
        assert "рысей" in shown and first.hit.lang in shown
        assert "concordance" in str(panel.query_one("#search-status").render())
        before = [line.hit.text for line in panel.lines]
        await pilot.press("o")  # sorted by left context
        await pilot.pause()
        assert panel.order == "left"
        assert sorted(before) == sorted(line.hit.text for line in panel.lines)


async def test_lookup_lists_translations_and_opens_an_example_row(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main.open_article(2)
        await _look_up(app, pilot, "lynx")
        found = app.screen.found
        assert found["de"][0].translation == "Luchs"
        assert found["ru"][0].translation == "рысь"
        options = app.screen.query_one("OptionList")

        def highlight(option_id: str) -> None:
            ids = [options.get_option_at_index(k).id for k in range(options.option_count)]
            options.highlighted = ids.index(option_id)

        highlight("t:de:0")
        await pilot.press("enter")  # the first German translation: its examples
        await pilot.pause()
        highlight("e:de:0:0")
        await pilot.press("enter")  # its first example: open its row
        await pilot.pause()
        assert not isinstance(app.screen, LookupScreen)
        view = app.query_one(AlignedView)
        row = app.main.article.rows[view.cursor]
        example = found["de"][0].examples[0]
        assert (app.main.article.id, row.row) == (example.article, example.row)


async def test_counterparts_come_from_the_hits_own_article(demo_index):
    """Panes on another article: each hit is shown with its own article's languages."""
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main.open_article(10)  # the library story: en es fr ja
        panel = await _search(app, pilot, "Valdorne")  # the lynx story: de en fr ru
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        by_lang = {line.hit.lang: line for line in panel.lines}
        assert set(by_lang["de"].counterparts) == {"en", "fr"}  # the panes' ones it has
        assert all(text for text, _ in by_lang["de"].counterparts.values())
        app.main.open_article(1)  # the lone Polish page: no language in common
        panel = await _search(app, pilot, "Valdorne")
        await app.workers.wait_for_complete()
        await pilot.pause()
        by_lang = {line.hit.lang: line for line in panel.lines}
        assert set(by_lang["de"].counterparts) == {"en", "fr", "ru"}


async def test_lookup_into_the_languages_the_corpus_aligns_with(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main.open_article(1)  # Polish only: nothing the lynx story is aligned with
        await _look_up(app, pilot, "lynx")
        assert "pl" not in app.screen.found
        assert app.screen.found["de"][0].translation == "Luchs"


async def test_the_concordance_never_waits_for_a_table_to_be_learned(demo_index, tmp_path):
    """An index without the translation tables (made before indexing learned them): the
    counterparts come at once, unmarked, and no table is learned for them."""
    import shutil
    import sqlite3

    index = tmp_path / "no-tables.sqlite"
    shutil.copy(demo_index, index)
    with sqlite3.connect(index) as conn:
        for table in (
            "lookup_models",
            "lookup_rows",
            "lookup_forms",
            "lookup_keys",
            "lookup_pairs",
        ):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute("DELETE FROM search_meta WHERE key='lookup_learned'")
    conn.close()
    app = PolyglanceApp(index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main.open_article(2)  # the lynx story: de en fr ru
        panel = await _search(app, pilot, "lynx")
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = panel.lines[0]
        ru_text, ru_spans = first.counterparts["ru"]
        assert ru_text and ru_spans == []
        assert app.main.translator().notice is None  # nothing learned in memory
