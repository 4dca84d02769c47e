"""What a new user hit in the app (issues 11 and 12), each driven through the real app on
the demo corpus (no ../shared needed)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from textual.widgets import OptionList

from polyglance.corpus.config import Config
from polyglance.tui.app import PolyglanceApp
from polyglance.tui.display_config import DisplaySettings
from polyglance.tui.pipeline import index_corpus
from polyglance.tui.screens.languages import LanguagePicker
from polyglance.tui.screens.message import MessageScreen
from polyglance.tui.screens.skipped import SkippedScreen
from polyglance.tui.widgets.aligned_view import GUTTER, AlignedView
from polyglance.tui.widgets.article_list import ArticleList
from polyglance.tui.widgets.search_panel import SearchPanel

from .conftest import DEMO


async def type_text(pilot, text):
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def article_ids_listed(app) -> list[int]:
    options = app.query_one("#article-options", OptionList)
    return [
        int(options.get_option_at_index(k).id)
        for k in range(options.option_count)
        if options.get_option_at_index(k).id is not None
    ]


async def search(app, pilot, query: str) -> SearchPanel:
    await pilot.press("slash")
    await type_text(pilot, query)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.query_one(SearchPanel)


# -- 11.1: the language choice is per article, the hit's language is always shown --------


async def test_language_choice_does_not_leak_into_other_articles(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        first = app.main.article.id
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LanguagePicker)
        await pilot.press("enter")  # unchanged: still a choice for this article only
        await pilot.pause()
        other = next(a for a in article_ids_listed(app) if a != first)
        app.main.open_article(other)
        await pilot.pause()
        assert view.languages and set(view.languages) == set(app.main.article.languages)
        app.main.open_article(first)
        await pilot.pause()
        assert set(view.languages) == set(app.main.article.languages)


async def test_a_hit_in_a_hidden_language_is_shown(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        panel = await search(app, pilot, "νυχτερινό τρένο")
        hit = panel.hits[0]
        assert hit.lang == "el"
        app.main.chosen_languages[hit.article] = ["en"]  # the user hid Greek in that article
        await pilot.press("enter")
        await pilot.pause()
        view = app.query_one(AlignedView)
        assert app.main.article.id == hit.article
        assert "el" in view.languages and "en" in view.languages


# -- 11.2: nothing is drawn under the vertical scrollbar ---------------------------------


async def test_the_rightmost_pane_is_not_cut_by_the_scrollbar(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        assert view.virtual_size.height > view.size.height  # the scrollbar is there
        layout = view._layout
        used = GUTTER + sum(layout.widths) + len(layout.widths) - 1
        assert used <= view.scrollable_content_region.width
        last = view.languages[-1]
        shown = []
        for y in range(1, view.scrollable_content_region.height):
            text = view.render_line(y).text
            shown.append(text[GUTTER + sum(layout.widths[:-1]) + len(layout.widths) - 1 :])
        words = " ".join(shown).split()
        cell = next(r.cells[last] for r in app.main.article.rows if r.cells.get(last))
        assert cell.split()[0] in words


# -- 11.8: every theme is readable -----------------------------------------------------


def _luminance(color) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


async def test_every_theme_is_readable(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(AlignedView)
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            poor = []
            for y in (1, 2, 3):
                for segment in view.render_line(y):
                    style = segment.style
                    if not segment.text.strip() or style is None or style.color is None:
                        continue
                    if style.color.triplet is None or (
                        style.bgcolor and style.bgcolor.triplet is None
                    ):
                        continue  # ANSI themes: the terminal's own colours
                    if style.bgcolor is not None and _contrast(style.color, style.bgcolor) < 2.2:
                        poor.append((segment.text, style.color.name, style.bgcolor.name))
            assert not poor, (theme, poor)


# -- 11.11: the skipped files can be listed ---------------------------------------------


async def test_skipped_files_are_listed_with_their_reason(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEMO / "lynx-alpenpost.txt", corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 8)
    index = tmp_path / "i.sqlite"
    app = PolyglanceApp(index, corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.main.indexing:
                break
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SkippedScreen)
        paths = [path for path, _ in app.screen.skipped]
        assert paths == ["blob.txt", "empty.txt"]
        assert all(reason for _, reason in app.screen.skipped)


# -- 11.13: the search box says how many hits, or none -------------------------------------


async def test_search_says_how_many_hits_and_no_hits(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        panel = await search(app, pilot, "Thessaloniki")
        status = str(panel.query_one("#search-status").render())
        assert panel.hits and f"{len(panel.hits)} hits" in status
        await pilot.press("escape")
        panel.query_one("#search-input").value = ""
        await pilot.pause()
        await search(app, pilot, "qqqxqqzz")
        assert panel.hits == []
        assert "no hits" in str(panel.query_one("#search-status").render())


# -- 11.14: the filter matches every title, folded and with typos; down enters the list ---


async def test_article_filter_matches_every_title_with_typos(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "nigth")
        await pilot.pause()
        night = article_ids_listed(app)
        assert len(night) == 1
        app.query_one("#article-filter").value = ""
        await pilot.pause()
        await type_text(pilot, "τρένο")  # only the Greek title has it
        await pilot.pause()
        assert article_ids_listed(app) == night
        await pilot.press("down")
        assert app.focused is app.query_one("#article-options")


# -- 11.15: small terminals ------------------------------------------------------------------


async def test_small_terminals_keep_help_and_quit_and_can_hide_the_list(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        keys = list(footer.query("FooterKey"))
        right_edge = min((k.region.x for k in keys if k.description == "palette"), default=80)
        shown = " ".join(k.description for k in keys if k.region.right <= right_edge)
        assert "Help" in shown and "Quit" in shown
        articles = app.query_one(ArticleList)
        assert articles.display
        await pilot.press("A")
        await pilot.pause()
        assert not articles.display
        await pilot.press("A")
        await pilot.pause()
        assert articles.display
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert not app.query_one(ArticleList).display
        view = app.query_one(AlignedView)
        assert view.size.width >= 58
        await pilot.press("a")  # asking for the list shows it
        await pilot.pause()
        assert app.query_one(ArticleList).display


# -- 12.4: a damaged index is a message (or a rebuild), never a crash ---------------------


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page but the first: garbage
        data[offset + 100 : offset + 400] = b"\xa5" * 300
    path.write_bytes(bytes(data))


async def test_damaged_index_is_a_message_not_a_crash(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    with sqlite3.connect(index) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(index)
    app = PolyglanceApp(index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
    app = PolyglanceApp(index, corpus=corpus)  # with the corpus: rebuilt
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if not app.main.indexing and app.main.index is not None:
                break
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(article_ids_listed(app)) == 4


async def test_a_dropped_search_table_does_not_crash_the_first_search(tmp_path):
    index = tmp_path / "i.sqlite"
    index_corpus(DEMO, index)
    with sqlite3.connect(index) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'search%' AND type='table'"
            )
        ]
        for table in tables:
            conn.execute(f"DROP TABLE {table}")
    app = PolyglanceApp(index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert "search tables missing" in app.screen.message
        await pilot.press("escape")
        await search(app, pilot, "lynx")
        assert app.is_running


# -- 12.6 and 12.7: user data is text, never markup or terminal controls -------------------


async def test_markup_in_config_values_and_paths_is_plain_text(tmp_path, demo_index):
    config = Config()
    config.warnings.append('unknown key "[/]" in [display]')
    (tmp_path / "odd[").mkdir()
    index = tmp_path / "odd[" / "b]name.sqlite"  # the path holds "[/b]"
    shutil.copy(demo_index, index)
    app = PolyglanceApp(index, config=config, display=DisplaySettings(theme="[/]"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.is_running
        assert app.main.article is not None


async def test_escape_sequences_in_the_corpus_name_never_reach_the_terminal(tmp_path):
    corpus = tmp_path / "evil\x1b]0;PWNED\x07dir"
    corpus.mkdir()
    shutil.copy(DEMO / "lynx-alpenpost.txt", corpus)
    app = PolyglanceApp(tmp_path / "i.sqlite", corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "\x1b" not in app.sub_title and "\x07" not in app.sub_title
        assert "\\x1b" in app.sub_title
        header = app.screen.query_one("Header")
        assert "\x1b" not in "".join(
            app.screen.query_one("HeaderTitle").render().plain for _ in [header]
        )
        await app.workers.wait_for_complete()


# -- 12.13: the article list follows another process's indexing ---------------------------


async def test_article_list_refreshes_when_another_process_indexes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEMO / "bridge-gazetazalesia.txt", corpus)
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    app = PolyglanceApp(index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(article_ids_listed(app)) == 1
        for path in DEMO.glob("lynx-*.txt"):
            shutil.copy(path, corpus)
        index_corpus(corpus, index)  # another writer (its own connection)
        await pilot.pause(2.5)
        assert len(article_ids_listed(app)) == 2


# -- 12.14: a file that is not an index gets one clear dialog --------------------------


async def test_a_text_file_as_index_gets_one_dialog(tmp_path):
    not_an_index = tmp_path / "notes.txt"
    not_an_index.write_text("just some notes\n", encoding="utf-8")
    app = PolyglanceApp(not_an_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        dialogs = [s for s in app.screen_stack if isinstance(s, MessageScreen)]
        assert len(dialogs) == 1
        assert "no index" not in dialogs[0].message.lower()
    assert not_an_index.read_text(encoding="utf-8") == "just some notes\n"


# -- 17: the other panes are marked by the searcher's own plan, typos included -----------


async def test_a_query_with_a_typo_is_highlighted_in_every_pane(demo_index):
    app = PolyglanceApp(demo_index)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        panel = await search(app, pilot, "Valdrone")  # for Valdorne
        assert panel.hits
        await pilot.press("enter")
        await pilot.pause()
        view = app.query_one(AlignedView)
        row = app.main.article.rows[view.cursor]
        marked = {
            lang: [row.cells[lang][s:e] for s, e in view.highlights.get((row.row, lang), [])]
            for lang in ("de", "en", "fr")
            if row.cells.get(lang)
        }
        assert len(marked) >= 2
        assert all(any("Valdorne" in m for m in spans) for spans in marked.values()), marked
