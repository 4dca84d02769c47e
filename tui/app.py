"""The polyglance Textual app: article list, live search, aligned split panes.

Thin over polyglance.corpus and polyglance.search: indexing and search run in worker
threads; this module composes the widgets, binds the keys, and moves data between them.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, ProgressBar, Static

from polyglance.corpus import queries
from polyglance.corpus.config import Config
from polyglance.corpus.store import Index, IndexProblem

from .article_model import ViewArticle, load_article
from .highlight import style_exists
from .hit_marks import query_spans
from .messages import ArticleChosen, HitChosen, IndexFinished, IndexProgress
from .screens.export import ExportRequest, ExportScreen
from .screens.help import HelpScreen
from .screens.languages import LanguagePicker
from .screens.message import MessageScreen
from .widgets.aligned_view import AlignedView, Highlights
from .widgets.article_list import ArticleList
from .widgets.search_panel import SearchPanel

#: Progress messages from the indexing thread are sent at most this often.
PROGRESS_INTERVAL_S = 0.1


class PolyglanceApp(App[None]):
    """Browse an indexed corpus: pick an article, read it aligned, search everything."""

    CSS_PATH = Path(__file__).parent / "polyglance.tcss"  # absolute: subclasses live elsewhere
    TITLE = "polyglance"
    AUTO_FOCUS = "#panes"
    #: Narrow terminals get a narrower article list (see polyglance.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("a", "focus_articles", "Articles"),
        Binding("l", "pick_languages", "Languages"),
        Binding("b", "toggle_boilerplate", "Boilerplate"),
        Binding("e", "export", "Export"),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "back", "Back", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        index_path: Path,
        *,
        corpus: Path | None = None,
        config: Config | None = None,
        config_error: str | None = None,
    ) -> None:
        super().__init__()
        self.index_path = Path(index_path)
        self.corpus = Path(corpus) if corpus else None
        self.config = config or Config()
        self.config_error = config_error
        self.index: Index | None = None
        self._searcher = None  # made on first use: importing search costs start-up time
        self.article: ViewArticle | None = None
        self.chosen_languages: list[str] | None = None
        self.show_boilerplate = self.config.display.show_boilerplate
        self.indexing = False
        if self.corpus:
            from polyglance.corpus.locations import demo_corpus_path

            is_demo = self.corpus.resolve() == demo_corpus_path().resolve()
            self.sub_title = "the built-in demo corpus" if is_demo else str(self.corpus)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ArticleList(id="articles")
            with Vertical(id="right"):
                yield SearchPanel(
                    self._search,
                    self.config.search.debounce_ms,
                    self.config.search.limit,
                    id="search",
                )
                yield Static("", id="article-title")
                yield AlignedView(
                    id="panes",
                    style_name=self.config.display.pygments_style,
                    low_confidence=self.config.display.low_confidence,
                )
                yield Static("", id="status")
        with Horizontal(id="progress"):
            yield Label("Indexing…", id="progress-label")
            yield ProgressBar(id="progress-bar", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self._apply_display_settings()
        if self.config_error:
            self.push_screen(MessageScreen("The config file has a problem", self.config_error))
        if self.index_path.exists():
            self._open_index()
        if self.corpus is not None:
            self.start_indexing()
        elif self.index is None:
            self._show_error("No index", f"There is no index at {self.index_path}.")

    def _apply_display_settings(self) -> None:
        display = self.config.display
        if display.theme in self.available_themes:
            self.theme = display.theme
        else:
            self.notify(
                f"Unknown theme {display.theme!r} in the config; using the default.",
                severity="warning",
            )
        if not style_exists(display.pygments_style):
            self.notify(
                f"Unknown pygments style {display.pygments_style!r} in the config; using 'default'.",
                severity="warning",
            )
        for warning in self.config.warnings:
            self.notify(warning, severity="warning")

    # -- the index -----------------------------------------------------------------------

    def _open_index(self) -> bool:
        try:
            index = Index.open(self.index_path, readonly=True)
        except IndexProblem as exc:
            if self.corpus is None:
                self._show_error("The index cannot be opened", str(exc))
            return False
        if self.index is not None:
            self.index.close()
        if index.notice:
            self.notify(index.notice, severity="warning", timeout=10)
        self.index = index
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._load_articles()
        return True

    def _load_articles(self) -> None:
        assert self.index is not None
        found = queries.articles(self.index.conn, self.config.languages.preferred)
        self.query_one(ArticleList).set_articles(found)
        if found and (self.article is None or self.article.id not in {a.id for a in found}):
            # Start on the article with the most languages: what polyglance is for.
            self.open_article(max(found, key=lambda a: (len(a.languages), -a.id)).id)
        elif self.article is not None:
            self.open_article(self.article.id, self.query_one(AlignedView).cursor)
        if not found:
            self.query_one("#article-title", Static).update(Text("No articles in this index yet."))

    def start_indexing(self) -> None:
        self.indexing = True
        self.query_one("#progress").add_class("-running")
        self._index_worker()

    @work(thread=True, exclusive=True, group="index")
    def _index_worker(self) -> None:
        from polyglance.corpus.pipeline import index_corpus

        last = 0.0

        def progress(done: int, total: int, what: str) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL_S or done == total:
                last = now
                self.post_message(IndexProgress(done, total, what))

        try:
            summary = index_corpus(self.corpus, self.index_path, progress)
        except Exception as exc:  # shown to the user in the app, never as a traceback
            self.post_message(IndexFinished(error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(IndexFinished(summary=summary))

    def on_index_progress(self, message: IndexProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=message.total or None, progress=message.done)
        what = message.what or "reading files"
        self.query_one("#progress-label", Label).update(Text(f"Indexing: {what}"))

    def on_index_finished(self, message: IndexFinished) -> None:
        self.indexing = False
        self.query_one("#progress").remove_class("-running")
        if message.error:
            self._show_error("Indexing failed", message.error)
            return
        summary = message.summary
        changed = summary.indexed or summary.removed or self.index is None
        if changed:
            self._open_index()
        if summary.notice:
            self.notify(summary.notice, severity="warning", timeout=10)
        if summary.indexed or summary.removed:
            self.notify(
                f"Indexed {summary.indexed} files ({summary.unchanged} unchanged, "
                f"{summary.removed} removed, {len(summary.skipped)} skipped).",
                timeout=4,
            )

    def _show_error(self, title: str, message: str) -> None:
        self.push_screen(MessageScreen(title, message))

    # -- articles ------------------------------------------------------------------------

    def _languages_for(self, article: ViewArticle) -> list[str]:
        if self.chosen_languages:
            shown = [lang for lang in self.chosen_languages if lang in article.languages]
            if shown:
                return shown
        return queries.order_languages(article.languages, self.config.languages.preferred)

    def open_article(
        self, article_id: int, position: int = 0, highlights: Highlights | None = None
    ) -> None:
        if self.index is None:
            return
        try:
            article = load_article(self.index.conn, article_id, self.show_boilerplate)
        except TypeError:  # the article vanished in a re-index
            return
        self.article = article
        self.query_one("#article-title", Static).update(
            Text(f"{article.title}  ·  article {article.id}")
        )
        view = self.query_one(AlignedView)
        view.show_article(article, self._languages_for(article), position, highlights)
        self.query_one(ArticleList).select(article_id)

    def on_article_chosen(self, message: ArticleChosen) -> None:
        self.open_article(message.article_id)
        self.query_one(AlignedView).focus()

    def on_aligned_view_row_changed(self, message: AlignedView.RowChanged) -> None:
        article = self.article
        if article is None or not article.rows:
            self.query_one("#status", Static).update("")
            return
        row = article.rows[message.position]
        aligned = sum(1 for r in article.rows if not r.extra)
        if row.extra:
            where = "boilerplate and meta (not aligned)"
        else:
            where = f"row {row.row} ({aligned} rows)  ·  confidence {row.confidence:.2f}"
        self.query_one("#status", Static).update(
            Text(f"{where}  ·  {' '.join(self.query_one(AlignedView).languages)}")
        )

    # -- search --------------------------------------------------------------------------

    @property
    def searcher(self):
        """The searcher of the open index (None before one is open)."""
        if self._searcher is None and self.index is not None:
            from polyglance.search import Searcher

            # Its own connection: memory-mapped reads, no transaction shared with the UI.
            self._searcher = Searcher(self.index_path)
        return self._searcher

    def on_ready(self) -> None:
        # Warm the search engine up after the first frame, off the event loop.
        self.run_worker(self._warm_search, thread=True, group="warm-up")

    def _warm_search(self) -> None:
        if self.searcher is not None:
            self.searcher.warm()

    def _search(self, query: str, *, limit: int, cancelled) -> list:
        if self.searcher is None:
            return []
        hits = self.searcher.search(query, limit=limit, cancelled=cancelled)
        return [h for h in hits if h.score >= self.config.search.min_score]

    def on_hit_chosen(self, message: HitChosen) -> None:
        hit = message.hit
        if hit.article is None or self.index is None:
            self.notify("This paragraph is not in an aligned article.", severity="warning")
            return
        article = load_article(self.index.conn, hit.article, self.show_boilerplate)
        position = article.row_position(hit.row) if hit.row is not None else None
        highlights: Highlights = {}
        if hit.row is not None and position is not None:
            for lang, text in article.rows[position].cells.items():
                if text is None:
                    continue
                if lang == hit.lang:
                    highlights[hit.row, lang] = list(hit.spans)
                else:
                    highlights[hit.row, lang] = query_spans(text, message.query)
        self.open_article(hit.article, position or 0, highlights)
        self.query_one(AlignedView).focus()

    # -- actions -------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one(SearchPanel).focus_input()

    def action_focus_articles(self) -> None:
        self.query_one("#article-filter").focus()

    def action_back(self) -> None:
        search = self.query_one(SearchPanel)
        if search.hits and not search.query_one("#search-hits").has_focus:
            search.query_one("#search-hits").focus()
        else:
            self.query_one("#article-options").focus()

    def action_help(self) -> None:
        view = self.query_one(AlignedView)
        self.push_screen(
            HelpScreen(
                [("Everywhere", list(self.BINDINGS)), ("Aligned panes", list(view.BINDINGS))]
            )
        )

    def action_pick_languages(self) -> None:
        if self.article is None:
            return

        def chosen(languages: list[str] | None) -> None:
            if languages:
                self.chosen_languages = languages
                self.query_one(AlignedView).set_languages(languages)

        self.push_screen(
            LanguagePicker(self.article.languages, self.query_one(AlignedView).languages), chosen
        )

    def action_toggle_boilerplate(self) -> None:
        self.show_boilerplate = not self.show_boilerplate
        if self.article is not None:
            view = self.query_one(AlignedView)
            current = self.article.rows[view.cursor].row if self.article.rows else None
            article = load_article(self.index.conn, self.article.id, self.show_boilerplate)
            position = article.row_position(current) if current is not None else 0
            self.article = article
            view.show_article(article, view.languages, position or 0, view.highlights)
        state = "shown (dimmed)" if self.show_boilerplate else "hidden"
        self.notify(f"Boilerplate and meta paragraphs {state}.", timeout=2)

    def action_next_low(self) -> None:
        self.query_one(AlignedView).action_low(1)

    def action_previous_low(self) -> None:
        self.query_one(AlignedView).action_low(-1)

    def action_export(self) -> None:
        """Export the open article, in the languages shown, as TMX, TSV, JSONL or Moses."""
        if self.article is None or self.index is None:
            return
        languages = list(self.query_one(AlignedView).languages)
        self.push_screen(ExportScreen(self.article.id, languages), self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is None or self.article is None:
            return
        self._export_worker(self.article.id, list(self.query_one(AlignedView).languages), request)

    @work(thread=True, group="export")
    def _export_worker(self, article_id: int, languages: list[str], request: ExportRequest) -> None:
        from polyglance.corpus.export import ExportOptions, export_to_path

        options = ExportOptions(langs=languages, source_lang=self.config.export.source_lang)
        try:
            with Index.open(self.index_path, readonly=True) as index:  # a connection of this thread
                summary = export_to_path(
                    index.conn, [article_id], request.fmt, request.path, options
                )
        except (OSError, IndexProblem) as exc:
            self.call_from_thread(self._show_error, "Export failed", str(exc))
            return
        files = ", ".join(str(p) for p in summary.paths)
        self.call_from_thread(self.notify, f"Exported {summary.rows} rows to {files}.", timeout=6)

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Open article…", "Pick an article from the list", self.action_focus_articles
        )
        yield SystemCommand("Search…", "Search every language", self.action_focus_search)
        yield SystemCommand(
            "Show languages…", "Choose the panes and their order", self.action_pick_languages
        )
        yield SystemCommand(
            "Toggle boilerplate",
            "Show or hide boilerplate and meta paragraphs",
            self.action_toggle_boilerplate,
        )
        yield SystemCommand(
            "Next doubtful row", "Jump to the next low-confidence row", self.action_next_low
        )
        yield SystemCommand(
            "Previous doubtful row",
            "Jump to the previous low-confidence row",
            self.action_previous_low,
        )
        yield SystemCommand(
            "Export article…",
            "TMX, TSV, JSONL or Moses, in the languages shown",
            self.action_export,
        )
        yield SystemCommand("Help: keys", "Every key binding", self.action_help)

    def on_unmount(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        if self.index is not None:
            self.index.close()
