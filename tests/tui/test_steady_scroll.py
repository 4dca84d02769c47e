"""The lists' scrollbars are repainted when something about them changed, and only then
(Textual repainted every scrollbar at each layout pass, such as a key in the search box)."""

from __future__ import annotations

from textual.widgets import OptionList

from polyglance.tui.app import PolyglanceApp


def _count_paints(widget) -> list[int]:
    painted: list[int] = []
    original = widget.render

    def render():
        painted.append(1)
        return original()

    widget.render = render
    return painted


async def test_a_key_in_the_search_box_repaints_no_scrollbar_of_the_article_list(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        articles = app.query_one("#article-options", OptionList)
        assert articles.virtual_size.height > articles.size.height  # it has a scrollbar
        painted = _count_paints(articles.vertical_scrollbar)
        await pilot.press("slash", "v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        painted.clear()
        for key in "ald":  # each key a layout pass, and new hits
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.main.query_one("#search-hits", OptionList).option_count > 0
        assert painted == []


async def test_the_scrollbar_follows_the_hits_as_they_are_added_and_the_terminal_widened(
    demo_index,
):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        panel = app.main.query_one("#search")
        hits = app.main.query_one("#search-hits", OptionList)
        await pilot.press("slash")
        panel.show_hits(app.main.searcher.search("de", limit=50), "de")
        await pilot.pause()
        await pilot.pause()
        bar = hits.vertical_scrollbar
        assert hits.option_count == 50
        assert bar.window_virtual_size == hits.virtual_size.height > hits.size.height
        width = hits.size.width
        await pilot.resize_terminal(130, 24)
        await pilot.pause(0.3)
        assert hits.size.width > width and bar.window_size == hits.size.height
        assert bar.window_virtual_size == hits.virtual_size.height
        many = hits.virtual_size.height
        panel.show_hits(app.main.searcher.search("de", limit=50)[:10], "de")
        await pilot.pause()
        await pilot.pause()
        assert hits.show_vertical_scrollbar
        assert bar.window_virtual_size == hits.virtual_size.height < many
