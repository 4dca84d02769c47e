"""The real app, driven with Textual's pilot on real indexes."""

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import OptionList, SelectionList

from polyglance.tui.app import PolyglanceApp
from polyglance.tui.display_config import DisplaySettings
from polyglance.tui.pipeline import index_corpus
from polyglance.tui.screens.help import HelpScreen, bindings_table
from polyglance.tui.screens.languages import LanguagePicker
from polyglance.tui.screens.message import MessageScreen
from polyglance.tui.widgets.aligned_view import AlignedView
from polyglance.tui.widgets.search_panel import SearchPanel

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"


def screen_text(app) -> str:
    """The text of every line of the panes, as rendered."""
    view = app.query_one(AlignedView)
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def type_text(pilot, text):
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def test_opens_the_demo_corpus(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        options = app.query_one("#article-options", OptionList)
        assert options.option_count == 4
        view = app.query_one(AlignedView)
        assert app.main.article is not None and len(view.languages) == 4
        assert app.focused is view
        header = screen_text(app).splitlines()[0]  # the pane header: one language per pane
        assert [word.strip("│") for word in header.split()] == view.languages
        assert app.main.article.title in str(app.query_one("#article-title").render())


async def test_search_lands_on_the_row_in_every_language(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "Wildlife Trust")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = app.query_one(SearchPanel).hits
        assert hits and "Valdorne Wildlife Trust" in hits[0].text
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await pilot.pause()
        view = app.query_one(AlignedView)
        assert app.focused is view
        row = app.main.article.rows[view.cursor]
        assert row.row == hits[0].row
        assert set(row.cells) == {"de", "en", "fr", "ru"}
        assert all("Valdorne Wildlife Trust" in text for text in row.cells.values())
        assert "Saint-Alban" in row.cells["en"] and "Сен-Альбана" in row.cells["ru"]
        # the matched words are highlighted in every pane of that row
        assert all(view.highlights[row.row, lang] for lang in row.cells)
        assert screen_text(app).count("Trust") >= 4  # "Wildlife Trust" may wrap


async def test_row_cursor_moves(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        assert view.cursor == 0
        await pilot.press("j", "j", "down")
        assert view.cursor == 3
        await pilot.press("k")
        assert view.cursor == 2
        await pilot.press("G")
        assert view.cursor == len(app.main.article.rows) - 1
        await pilot.press("g")
        assert view.cursor == 0
        await pilot.press("pagedown")
        assert view.cursor > 0
        status = str(app.query_one("#status").render())
        assert "confidence" in status


async def test_low_confidence_jumps(demo_index):
    # so that some demo rows count as doubtful
    app = PolyglanceApp(demo_index, display=DisplaySettings(low_confidence=0.99))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        doubtful = [k for k, r in enumerate(app.main.article.rows) if r.confidence < 0.99 and k > 0]
        assert doubtful
        await pilot.press("right_square_bracket")
        assert view.cursor == doubtful[0]
        await pilot.press("G", "left_square_bracket")  # from the last row: the one before
        assert view.cursor == [k for k in doubtful if k < len(app.main.article.rows) - 1][-1]


async def test_pick_languages(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        assert view.languages == ["de", "en", "fr", "ru"]
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LanguagePicker)
        picker = app.screen.query_one(SelectionList)
        assert app.screen.focused is picker and picker.highlighted == 0
        await pilot.press("space")  # hide de
        await pilot.press("down", "down", "space")  # hide fr
        await pilot.press("down", "plus", "plus")  # move ru up twice: de ru en fr
        await pilot.press("enter")
        await pilot.pause()
        assert view.languages == ["ru", "en"]
        header = screen_text(app).splitlines()[0]
        assert [word.strip("│") for word in header.split()] == ["ru", "en"]
        assert "Six lynx released" in screen_text(app)


def _classes_with_bindings():
    """Every class of the app's package that declares key bindings of its own."""
    import importlib
    import inspect
    import pkgutil

    import polyglance.tui as tui

    found = {}
    for info in pkgutil.walk_packages(tui.__path__, "polyglance.tui."):
        if ".cli" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                found[cls.__qualname__] = cls
    return found


async def test_help_lists_every_binding(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(record=True, width=120, file=io.StringIO())
        console.print(bindings_table(app.screen.groups))
        shown = console.export_text()
        helped = {id(b) for _, bindings in app.screen.groups for b in bindings}
        classes = _classes_with_bindings()
        assert {
            "PolyglanceApp",
            "MainScreen",
            "AlignedView",
            "SearchPanel",
            "LanguagePicker",
        } <= set(classes)
        for name, cls in classes.items():
            for binding in cls.BINDINGS:
                assert id(binding) in helped, f"{name}: {binding.key} is not in the help"
                assert binding.description and binding.description in shown, (name, binding.key)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_unindexed_corpus_is_indexed_in_the_app(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(DEMO.glob("lynx-*.txt")):
        (corpus / path.name).write_bytes(path.read_bytes())
    index = tmp_path / "new.sqlite"
    app = PolyglanceApp(index, corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert index.exists()
        assert app.query_one("#article-options", OptionList).option_count == 1
        assert set(app.query_one(AlignedView).languages) == {"de", "en", "fr", "ru"}
        assert not app.query_one("#progress").has_class("-running")


async def test_broken_config_is_shown_in_the_app(demo_index):
    app = PolyglanceApp(
        demo_index, config_error="config.toml, line 3, search.limit: expected a whole number"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert "line 3" in app.screen.message
        await pilot.press("escape")
        assert app.main.article is not None


async def test_missing_index_is_a_clear_message(tmp_path):
    app = PolyglanceApp(tmp_path / "none.sqlite")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert "no index" in app.screen.message.lower()


async def test_markup_and_escapes_are_shown_literally(tmp_path):
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    body = (
        "A title with [bold red]markup[/] inside\n\n"
        "This paragraph has [link=https://evil.example]a link[/link] and \x1b[31mred\x1b[0m "
        "and a clipboard grab \x1b]52;c;ZXZpbA==\x07 and a title change \x1b]0;pwned\x07 in it.\n"
    )
    (corpus / "a.txt").write_text(body, encoding="utf-8")
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    app = PolyglanceApp(index)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]markup[/]" in text
        assert "[link=https://evil.example]a link[/link]" in text
        assert "\x1b" not in text and "pwned" not in text
        title = str(app.query_one("#article-title").render())
        assert "[bold red]markup[/]" in title


async def test_export_the_open_article_from_the_app(demo_index, tmp_path):
    from xml.etree import ElementTree

    from polyglance.tui.screens.export import ExportScreen

    app = PolyglanceApp(demo_index)
    target = tmp_path / "lynx.tmx"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("space", "down", "down", "space", "enter")  # hide de and fr
        await pilot.pause()
        assert app.query_one(AlignedView).languages == ["en", "ru"]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    units = ElementTree.parse(target).getroot().findall("./body/tu")
    rows = app.main.article.rows
    both = [r for r in rows if r.cells.get("en") and r.cells.get("ru")]
    assert len(units) == len(both) == 10  # the rows with both en and ru: all but the lead
    langs = {
        tuv.get("{http://www.w3.org/XML/1998/namespace}lang")
        for tu in units
        for tuv in tu.findall("tuv")
    }
    assert langs == {"en", "ru"}
    first = {
        tuv.get("{http://www.w3.org/XML/1998/namespace}lang"): tuv.findtext("seg")
        for tuv in units[0].findall("tuv")
    }
    assert first == {
        "en": "Six lynx released in the Valdorne valley",
        "ru": "В долине Вальдорн выпустили шесть рысей",
    }


async def test_the_start_up_heap_is_left_out_of_collections_until_the_app_closes(demo_index):
    # a full collection walked the whole long-lived heap (130 ms at 100k paragraphs, a
    # pause while typing): after the warm-up it is frozen, and thawed when the app closes
    import gc

    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert gc.get_freeze_count() > 1000
        assert app.main.searcher is not None and app.main.searcher._generation is not None
    assert gc.get_freeze_count() == 0
