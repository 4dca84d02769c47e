"""The search panel's timing and filling in the real app, on the demo corpus: a key
searches at once when no search runs, the hits beyond a screenful are added after the
first refresh, and the panes are not re-wrapped when only their height changes."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from polyglance.corpus.config import Config, SearchSettings
from polyglance.tui.app import PolyglanceApp
from polyglance.tui.widgets.aligned_view import AlignedView
from polyglance.tui.widgets.search_panel import SEARCHING_NOTICE_S, SearchPanel

MINUTE_MS = 60_000


def _app(index, debounce_ms: int = 40) -> PolyglanceApp:
    return PolyglanceApp(index, config=Config(search=SearchSettings(debounce_ms=debounce_ms)))


async def test_each_key_searches_at_once_when_no_search_runs(demo_index):
    # A minute of debounce: only a search started at the key itself can answer in time.
    app = _app(demo_index, debounce_ms=MINUTE_MS)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        panel = app.query_one(SearchPanel)
        for ch in "lynx":
            await pilot.press(ch)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert panel.query_text == panel.query_one("#search-input").value
        assert panel.query_text == "lynx" and panel.hits


async def test_the_last_query_typed_is_the_one_answered(demo_index):
    app = _app(demo_index, debounce_ms=30)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"valdorne")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.query_one(SearchPanel)
        assert panel.query_text == "valdorne"
        assert panel.hits and all("Valdorne" in h.text for h in panel.hits[:3])


async def test_hits_beyond_a_screenful_are_added_after_the_first_refresh(demo_index):
    app = _app(demo_index)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        panel = app.query_one(SearchPanel)
        options = panel.query_one("#search-hits")
        many = app.main.searcher.search("de", limit=50)
        few = many[:3]
        assert len(many) == 50
        panel.show_hits(many, "de")
        assert 0 < options.option_count < len(many)  # a screenful (2 lines a hit) first
        await pilot.pause()
        assert options.option_count == len(many)
        assert [options.get_option_at_index(k).id for k in range(50)] == [str(k) for k in range(50)]
        # Newer hits replace older ones before the rest of the older ones is added.
        panel.show_hits(many, "de")
        panel.show_hits(few, "de")
        await pilot.pause()
        assert options.option_count == len(few)


async def test_a_concordance_line_is_cut_at_the_edge_never_wrapped(demo_index):
    app = _app(demo_index)
    async with app.run_test(size=(70, 40)) as pilot:
        await pilot.pause()
        app.main.open_article(2)  # the lynx story: de en fr ru
        await pilot.pause()
        await pilot.press("slash", *"lynx", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.query_one(SearchPanel)
        await pilot.press("c")  # the hits have the focus
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert panel.concordance and panel.lines
        options = panel.query_one("#search-hits")
        assert options.option_count == len(panel.lines)
        # One screen line for the hit, one for each counterpart, at 70 columns too.
        lines = sum(1 + len(line.counterparts) for line in panel.lines)
        assert options.virtual_size.height == lines


async def test_the_panes_are_rewrapped_when_their_width_changes_only(demo_index):
    app = _app(demo_index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main.open_article(2)
        await pilot.pause()
        view = app.query_one(AlignedView)
        layout = view._layout
        assert layout is not None
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        assert view._layout is layout
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert view._layout is not layout and view._layout.widths != layout.widths


async def test_searching_is_said_only_when_the_answer_is_slow():
    # A panel alone: no screen answers its request, so the search stays pending.
    class PanelOnly(App):
        def compose(self):
            yield SearchPanel()

    app = PanelOnly()
    async with app.run_test(size=(100, 24)) as pilot:
        panel = app.query_one(SearchPanel)
        status = panel.query_one("#search-status", Static)
        panel.focus_input()
        await pilot.press("x")
        await pilot.pause()
        assert "searching" not in str(status.render())  # not drawn for a quick answer
        await pilot.pause(SEARCHING_NOTICE_S + 0.1)
        assert "searching" in str(status.render())
        panel.show_hits([], "x")
        await pilot.pause()
        assert str(status.render()) == "no hits"
