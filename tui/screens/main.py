"""The main screen: the article list, live search, the aligned panes, indexing progress.

One owner for the screen's state: the open index and its searcher, the current article,
the languages chosen per article, the boilerplate toggle. Slow work runs in this
screen's workers (``exit_on_error=False``: a failure is a message, never the end of the
app); widgets post what they want (a query, an article, a hit) and get results back
through their methods.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from polyglance.corpus import queries
from polyglance.corpus.article_view import ViewArticle, load_article
from polyglance.corpus.config import Config
from polyglance.corpus.store import Index, IndexProblem, forget_sound
from polyglance.tui.display_config import DisplaySettings

from ..memory import freeze_long_lived, thaw_long_lived
from ..messages import ArticleChosen, HitChosen, IndexFinished, IndexProgress, SearchRequested
from ..safe_text import printable
from ..widgets.aligned_view import AlignedView, Highlights
from ..widgets.article_list import ArticleList
from ..widgets.search_panel import SearchPanel
from .export import EXISTS, ExportRequest, ExportScreen, default_export_folder
from .languages import LanguagePicker
from .skipped import SkippedScreen

if TYPE_CHECKING:
    from polyglance.search import Hit, Searcher
    from polyglance.search.lookup import Translator

    from ..app import PolyglanceApp
    from ..concordance import Line

#: Progress messages from the indexing thread are sent at most this often.
PROGRESS_INTERVAL_S = 0.1
#: How often the screen looks whether another process changed the index.
GENERATION_POLL_S = 2.0
#: Below this width the article list is hidden unless the user asked for it.
LIST_MIN_WIDTH = 70


class MainScreen(Screen[None]):
    """Browse an indexed corpus: pick an article, read it aligned, search everything."""

    AUTO_FOCUS = "#panes"

    BINDINGS = [
        Binding("slash", "focus_search", "Search", tooltip="Search every language"),
        Binding("a", "focus_articles", "Articles", tooltip="Pick an article from the list"),
        Binding("l", "pick_languages", "Languages", tooltip="Choose the panes and their order"),
        Binding(
            "A",
            "toggle_list",
            "Hide/show the article list",
            show=False,
            tooltip="More room for the panes on a small terminal",
        ),
        Binding(
            "b",
            "toggle_boilerplate",
            "Toggle boilerplate",
            show=False,
            tooltip="Show or hide boilerplate and meta paragraphs (dimmed)",
        ),
        Binding(
            "e",
            "export",
            "Export article",
            show=False,
            tooltip="TMX, TSV, JSONL or Moses, in the languages shown",
        ),
        Binding(
            "S",
            "show_skipped",
            "Skipped files",
            show=False,
            tooltip="The files indexing left out, and why",
        ),
        Binding(
            "t",
            "lookup",
            "Look up translations",
            show=False,
            tooltip="How the corpus translates the current query, with examples",
        ),
        Binding("escape", "back", "Back", show=False),
    ]

    #: The open article (None before one is open).
    article: reactive[ViewArticle | None] = reactive(None, init=False, always_update=True)
    #: Boilerplate and meta paragraphs shown (dimmed) between the rows.
    show_boilerplate: reactive[bool] = reactive(False, init=False)
    #: True while this screen's indexer runs.
    indexing: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        index_path: Path,
        corpus: Path | None,
        config: Config,
        display: DisplaySettings,
        style_name: str,
    ) -> None:
        super().__init__()
        self.index_path = index_path
        self.corpus = corpus
        #: set when the app is left while it indexes: the run stops at its next step ...
        self.stop_indexing = threading.Event()
        #: ... and says so here
        self.indexing_stopped = False
        self.config = config
        self.display_settings = display
        self._style_name = style_name
        self.index: Index | None = None
        self._searcher: Searcher | None = None  # made on first use (import costs start-up)
        self._searcher_lock = threading.Lock()
        self._worker_index: Index | None = None  # the workers' read connection
        self._translator: Translator | None = None
        self._reader_lock = threading.RLock()
        self._generation: int | None = None
        #: The languages the user chose, per article (a choice never leaks into another).
        self.chosen_languages: dict[int, list[str]] = {}
        self._list_choice: bool | None = None  # None: the list follows the terminal's width
        #: Tables of each article edited in this session (undo/redo), and where we are.
        self._history: dict[int, list] = {}
        self._history_at: dict[int, int] = {}
        self.set_reactive(MainScreen.show_boilerplate, display.show_boilerplate)

    @property
    def polyglance(self) -> PolyglanceApp:
        return self.app  # type: ignore[return-value]

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ArticleList(id="articles")
            with Vertical(id="right"):
                yield SearchPanel(
                    self.config.search.debounce_ms, self.config.search.limit, id="search"
                )
                yield Static("", id="article-title")
                yield AlignedView(
                    id="panes",
                    style_name=self._style_name,
                    low_confidence=self.display_settings.low_confidence,
                )
                yield Static("", id="status")
        with Horizontal(id="progress"):
            yield Label("Indexing…", id="progress-label")
            yield ProgressBar(id="progress-bar", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.index_path.exists():
            self._open_index()
        if self.corpus is not None:
            self.start_indexing()
        elif not self.index_path.exists():
            self.polyglance.show_error("No index", f"There is no index at {self.index_path}.")
        self.set_interval(GENERATION_POLL_S, self._check_generation)

    def on_resize(self, event: Resize) -> None:
        if self._list_choice is None:
            self.query_one(ArticleList).display = event.size.width >= LIST_MIN_WIDTH

    def set_style_name(self, style_name: str) -> None:
        """Colour the panes' anchors with another pygments style (a theme change)."""
        self._style_name = style_name
        for view in self.query(AlignedView):
            view.set_style_name(style_name)

    # -- the index -----------------------------------------------------------------------

    def _open_index(self) -> bool:
        try:
            index = Index.open(self.index_path, readonly=True)
        except IndexProblem as exc:
            if self.corpus is None:
                self.polyglance.show_error("The index cannot be opened", str(exc))
            return False
        self._close_index()
        if index.notice:
            self.polyglance.say(index.notice, "warning", timeout=10)
        self.index = index
        try:
            self._generation = self._read_generation()
            self._load_articles()
            missing = self._missing_search_tables()
        except sqlite3.DatabaseError as exc:
            self._index_damaged(exc)
            return False
        if missing:
            self._index_damaged(
                sqlite3.DatabaseError(f"search tables missing: {', '.join(missing)}")
            )
            return False
        return True

    def _missing_search_tables(self) -> list[str]:
        """The search tables an index with paragraphs should have and does not."""
        from polyglance.search.store import SEARCH_TABLES

        assert self.index is not None
        conn = self.index.conn
        if conn.execute("SELECT 1 FROM paragraphs LIMIT 1").fetchone() is None:
            return []
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return [t for t in SEARCH_TABLES if t not in present]

    def _close_index(self) -> None:
        with self._searcher_lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
        with self._reader_lock:
            self._translator = None
            if self._worker_index is not None:
                self._worker_index.close()
            self._worker_index = None
        if self.index is not None:
            self.index.close()
        self.index = None

    def _index_damaged(self, exc: sqlite3.DatabaseError) -> None:
        """The index file is damaged: rebuild it from the corpus when there is one."""
        forget_sound(self.index_path)  # whoever indexes next checks the whole file
        self._close_index()
        if self.corpus is not None and not self.indexing:
            self.polyglance.say(
                f"The index {self.index_path} is damaged ({exc}); rebuilding it.", "warning", 10
            )
            self.start_indexing()
        elif self.corpus is None:
            self.polyglance.show_error(
                "The index is damaged",
                f"{self.index_path}: {exc}. Rebuild it with "
                f"`polyglance index DIR --index {self.index_path}`.",
            )

    def _read_generation(self) -> int | None:
        if self.index is None:
            return None
        return int(self.index.conn.execute("PRAGMA data_version").fetchone()[0])

    def _check_generation(self) -> None:
        """Another process committed to the index: show the new articles."""
        if self.index is None or self.indexing:
            return
        try:
            generation = self._read_generation()
            if generation != self._generation:
                self._generation = generation
                self._load_articles()
        except sqlite3.DatabaseError as exc:
            self._index_damaged(exc)

    def _load_articles(self) -> None:
        assert self.index is not None
        found = queries.articles(self.index.conn, self.config.languages.preferred)
        titles = queries.article_titles(self.index.conn)
        self.query_one(ArticleList).set_articles(found, titles)
        current = self.article
        if found and (current is None or current.id not in {a.id for a in found}):
            # Start on the article with the most languages: what polyglance is for.
            self.open_article(max(found, key=lambda a: (len(a.languages), -a.id)).id)
        elif current is not None:
            self.open_article(current.id, self.query_one(AlignedView).cursor)
        if not found:
            self.query_one("#article-title", Static).update(Text("No articles in this index yet."))

    def start_indexing(self) -> None:
        self.indexing = True
        self._index_worker()

    def watch_indexing(self, running: bool) -> None:
        self.query_one("#progress").set_class(running, "-running")

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_worker(self) -> None:
        from polyglance.corpus.indexer import IndexingStopped
        from polyglance.tui.pipeline import index_corpus

        last = 0.0

        def progress(done: int, total: int, what: str) -> None:
            nonlocal last
            if self.stop_indexing.is_set():
                raise IndexingStopped
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL_S or done == total:
                last = now
                self.post_message(IndexProgress(done, total, what))

        assert self.corpus is not None
        try:
            summary = index_corpus(
                self.corpus,
                self.index_path,
                progress,
                parallel_folders=self.config.grouping.parallel_folders,
            )
        except IndexingStopped:
            self.indexing_stopped = True  # the app is gone: nothing to tell it
            return
        except Exception as exc:  # shown to the user in the app, never as a traceback
            self.post_message(IndexFinished(error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(IndexFinished(summary=summary))

    def on_index_progress(self, message: IndexProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=message.total or None, progress=message.done)
        what = printable(message.what or "reading files")
        counts = f" {message.done}/{message.total}" if message.total else ""
        self.query_one("#progress-label", Label).update(Text(f"Indexing: {what}{counts}"))

    def on_index_finished(self, message: IndexFinished) -> None:
        self.indexing = False
        if message.error:
            self.polyglance.show_error("Indexing failed", message.error)
            if self.index is None and self.index_path.exists():
                self._open_index()  # the previous index is intact: keep browsing it
            return
        summary = message.summary
        assert summary is not None
        if summary.indexed or summary.removed or self.index is None:
            self._open_index()
        if summary.notice:
            self.polyglance.say(summary.notice, "warning", timeout=10)
        for notice in summary.manual_notices:
            self.polyglance.say(f"Manual rows: {notice}", "warning", timeout=10)
        skipped = len(summary.skipped)
        if summary.indexed or summary.removed or skipped:
            note = " (press S for the list)" if skipped else ""
            self.polyglance.say(
                f"Indexed {summary.indexed} files ({summary.unchanged} unchanged, "
                f"{summary.removed} removed, {skipped} skipped{note}).",
                timeout=6,
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly: say so, keep the app running."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, sqlite3.DatabaseError):
            self._index_damaged(error)
            return
        self.polyglance.show_error(
            "Something went wrong", f"{event.worker.name}: {type(error).__name__}: {error}"
        )

    # -- articles ------------------------------------------------------------------------

    def languages_for(self, article: ViewArticle, must_show: str | None = None) -> list[str]:
        """The panes of ``article``: the user's choice for it, else the configured order;
        ``must_show`` (a search hit's language) is always among them."""
        default = queries.order_languages(article.languages, self.config.languages.preferred)
        chosen = self.chosen_languages.get(article.id)
        shown = [lang for lang in chosen if lang in article.languages] if chosen else default
        if must_show in article.languages and must_show not in shown:
            shown = [lang for lang in default if lang in shown or lang == must_show]
        return shown or default

    def open_article(
        self,
        article_id: int,
        position: int = 0,
        highlights: Highlights | None = None,
        must_show: str | None = None,
        article: ViewArticle | None = None,
    ) -> None:
        """Show ``article_id`` with the cursor on row ``position`` (``article``: already loaded)."""
        if self.index is None:
            return
        if article is None:
            try:
                article = load_article(self.index.conn, article_id, self.show_boilerplate)
            except TypeError:  # the article vanished in a re-index
                return
            except sqlite3.DatabaseError as exc:
                self._index_damaged(exc)
                return
        view = self.query_one(AlignedView)
        view.show_article(article, self.languages_for(article, must_show), position, highlights)
        self.article = article

    def watch_article(self, article: ViewArticle | None) -> None:
        if article is None:
            return
        self.query_one("#article-title", Static).update(
            Text(f"{article.title}  ·  article {article.id}")
        )
        self.query_one(ArticleList).select(article.id)

    def watch_show_boilerplate(self, shown: bool) -> None:
        article = self.article
        if article is not None and self.index is not None:
            view = self.query_one(AlignedView)
            current = article.rows[view.cursor].row if article.rows else None
            reloaded = load_article(self.index.conn, article.id, shown)
            position = reloaded.row_position(current) if current is not None else 0
            view.show_article(reloaded, view.languages, position or 0, view.highlights)
            self.article = reloaded
        state = "shown (dimmed)" if shown else "hidden"
        self.polyglance.say(f"Boilerplate and meta paragraphs {state}.", timeout=2)

    def on_article_chosen(self, message: ArticleChosen) -> None:
        self.open_article(message.article_id)
        self.query_one(AlignedView).focus()

    def on_aligned_view_row_changed(self, message: AlignedView.RowChanged) -> None:
        article = self.article
        status = self.query_one("#status", Static)
        if article is None or not article.rows:
            status.update("")
            return
        row = article.rows[message.position]
        aligned = sum(1 for r in article.rows if not r.extra)
        if row.extra:
            where = "boilerplate and meta (not aligned)"
        else:
            confidence = f"{row.confidence:.2f}" if row.confidence is not None else "?"
            where = f"row {row.row} ({aligned} rows)  ·  confidence {confidence}"
        status.update(Text(f"{where}  ·  {' '.join(self.query_one(AlignedView).languages)}"))

    # -- corrections by hand -------------------------------------------------------------

    def on_aligned_view_edit_requested(self, message: AlignedView.EditRequested) -> None:
        """Apply an edit to the open article's table, store it (one transaction), show it."""
        from polyglance.corpus import manual

        article = self.article
        if article is None or not article.rows:
            return
        history = self._history.setdefault(article.id, [])
        at = self._history_at.get(article.id, len(history) - 1)
        if message.op in ("undo", "redo"):
            target = at - 1 if message.op == "undo" else at + 1
            if not 0 <= target < len(history):
                self.polyglance.say(f"Nothing to {message.op} in this article.", timeout=2)
                return
            self._store_table(article.id, history[target], message.op)
            self._history_at[article.id] = target
            return
        view_row = article.rows[message.position]
        if view_row.row is None:
            self.polyglance.say(
                "Boilerplate rows are not aligned; move to an aligned row.", "warning"
            )
            return
        table = history[at] if history else None
        try:
            if table is None:
                table = self._load_table(article.id)
                history.append(table)
                at = 0
            edit = manual.Edit(message.op, view_row.row, message.lang)
            result = manual.apply(table, edit)
        except manual.EditError as exc:
            self.polyglance.say(str(exc), "warning", timeout=3)
            return
        if not self._store_table(article.id, result.table, manual.COMMAND_NAMES[message.op]):
            return
        del history[at + 1 :]
        history.append(result.table)
        self._history_at[article.id] = len(history) - 1

    def _load_table(self, article_id: int):
        from polyglance.corpus import manual_store

        assert self.index is not None
        return manual_store.load_table(self.index.conn, article_id)

    def _store_table(self, article_id: int, table, what: str) -> bool:
        """Write ``table`` as the article's table in one transaction, then show it with the
        cursor on the row it was on (the last row if that one is gone)."""
        from polyglance.corpus import manual_store

        try:
            with self._writer() as conn:
                manual_store.set_table(conn, article_id, table)
        except (sqlite3.Error, ValueError, IndexProblem) as exc:
            self.polyglance.show_error("The edit could not be stored", f"{what}: {exc}")
            return False
        view = self.query_one(AlignedView)
        current = self.article.rows[view.cursor].row if self.article and self.article.rows else 0
        row = min(current or 0, max(len(table.rows) - 1, 0))
        assert self.index is not None
        article = load_article(self.index.conn, article_id, self.show_boilerplate)
        position = article.row_position(row) or 0
        view.show_article(article, view.languages, position, view.highlights)
        self.article = article
        self._generation = self._read_generation()  # our own write: nothing to reload
        self.polyglance.say(f"{what}.", timeout=1.5)
        return True

    def _writer(self):
        """A short-lived write connection to the index (the app reads it read-only)."""
        from contextlib import closing

        from polyglance.corpus.store import BUSY_TIMEOUT_S

        conn = sqlite3.connect(self.index_path, timeout=BUSY_TIMEOUT_S / 5, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        return closing(conn)

    # -- search --------------------------------------------------------------------------

    @property
    def searcher(self) -> Searcher | None:
        """The searcher of the open index (None before one is open); made once, under a lock."""
        with self._searcher_lock:
            if self._searcher is None and self.index is not None:
                from polyglance.search import Searcher

                # Its own connection: memory-mapped reads, no transaction shared with the UI.
                self._searcher = Searcher(self.index_path)
            return self._searcher

    def warm_search(self) -> None:
        """Load the search engine ahead of the first query, off the event loop."""
        self.run_worker(self._warm_search, thread=True, group="warm-up", exit_on_error=False)

    def _warm_search(self) -> None:
        searcher = self.searcher
        if searcher is not None:
            searcher.warm()
        freeze_long_lived()  # the vocabulary and the start-up heap: no full-GC pauses

    def on_search_requested(self, message: SearchRequested) -> None:
        # The counterparts follow the panes: the languages shown now.
        langs = list(self.query_one(AlignedView).languages) if message.counterparts else []
        self._search_worker(message.query, message.limit, langs)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_worker(self, query: str, limit: int, counterpart_langs: list[str]) -> None:
        worker = get_current_worker()
        searcher = self.searcher
        hits: list[Hit] = []
        if searcher is not None:
            hits = searcher.search(
                query,
                limit=limit,
                cancelled=lambda: worker.is_cancelled,
                min_score=self.config.search.min_score,
            )
        lines = None
        if counterpart_langs and not worker.is_cancelled:
            lines = self._concordance_lines(hits, counterpart_langs)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.query_one(SearchPanel).show_hits, hits, query, lines)

    def _reader(self) -> Index:
        """A read connection for the workers (the UI thread keeps ``self.index``)."""
        if self._worker_index is None:
            self._worker_index = Index.open(self.index_path, readonly=True)
        return self._worker_index

    def translator(self) -> Translator:
        """Translation lookups on the index (the table of a language pair learned once)."""
        from polyglance.search.lookup import Translator

        with self._reader_lock:
            if self._translator is None:
                self._translator = Translator(self._reader().conn)
            return self._translator

    def _concordance_lines(self, hits: list[Hit], langs: list[str]) -> list[Line]:
        """Each hit with its aligned cell in ``langs``, the translation of its match marked."""
        from polyglance.search import aligned_cells

        from ..concordance import Line

        translator = self.translator()
        with self._reader_lock:
            conn = self._reader().conn
            available = queries.article_languages(
                conn, (h.article for h in hits if h.article is not None)
            )
            # Each hit beside the panes' languages its own article has (all its others when
            # the panes show another article's languages only).
            wanted = [
                queries.counterpart_languages(langs, available[hit.article], hit.lang)
                if hit.article in available
                else [lang for lang in langs if lang != hit.lang]
                for hit in hits
            ]
            asked = list(dict.fromkeys(lang for langs_of_hit in wanted for lang in langs_of_hit))
            cells = aligned_cells(conn, hits, asked)
        lines = []
        # Marked only where the pair's table is at hand: learning one takes seconds (a pair
        # the indexing run did not learn), and the hits must not wait for it.
        ready: dict[tuple[str, str], bool] = {}
        for hit, cell, langs_of_hit in zip(hits, cells, wanted):
            line = Line(hit)
            for lang in langs_of_hit:
                text = cell[lang]
                pair = (hit.lang, lang)
                if text and pair not in ready:
                    ready[pair] = translator.ready(hit.lang, lang)
                spans = (
                    translator.counterpart_spans(hit.text, hit.spans, hit.lang, text, lang)
                    if text and ready[pair]
                    else []
                )
                line.counterparts[lang] = (text, spans)
            lines.append(line)
        return lines

    def on_hit_chosen(self, message: HitChosen) -> None:
        hit = message.hit
        if hit.article is None or self.index is None:
            self.polyglance.say("This paragraph is not in an aligned article.", "warning")
            return
        self._open_hit_worker(hit, message.query, self.show_boilerplate)

    @work(thread=True, exclusive=True, group="open-hit", exit_on_error=False)
    def _open_hit_worker(self, hit: Hit, query: str, with_boilerplate: bool) -> None:
        """Load the hit's article and its highlights once, off the UI thread, then show it."""
        assert hit.article is not None
        worker = get_current_worker()
        try:
            with self._reader_lock:
                article = load_article(self._reader().conn, hit.article, with_boilerplate)
        except TypeError:
            self.app.call_from_thread(
                self.polyglance.say, "This article is gone from the index; search again.", "warning"
            )
            return
        position = article.row_position(hit.row) if hit.row is not None else None
        highlights: Highlights = {}
        searcher = self.searcher
        if hit.row is not None and position is not None and searcher is not None:
            # The other panes are marked by the searcher's own plan: typos included.
            for lang, text in article.rows[position].cells.items():
                if text is None:
                    continue
                if lang == hit.lang:
                    highlights[hit.row, lang] = list(hit.spans)
                else:
                    highlights[hit.row, lang] = searcher.spans(text, query)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_hit, article, position or 0, highlights, hit.lang)

    def _show_hit(
        self, article: ViewArticle, position: int, highlights: Highlights, lang: str
    ) -> None:
        self.open_article(article.id, position, highlights, lang, article)
        self.query_one(AlignedView).focus()

    # -- actions -------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one(SearchPanel).focus_input()

    def action_focus_articles(self) -> None:
        articles = self.query_one(ArticleList)
        if not articles.display:
            articles.display = True
            self._list_choice = True
        articles.focus_filter()

    def action_toggle_list(self) -> None:
        articles = self.query_one(ArticleList)
        articles.display = not articles.display
        self._list_choice = articles.display
        if not articles.display and articles.has_focus_within:
            self.query_one(AlignedView).focus()

    def action_back(self) -> None:
        search = self.query_one(SearchPanel)
        if search.hits and not search.hits_have_focus:
            search.focus_hits()
        else:
            articles = self.query_one(ArticleList)
            if articles.display:
                articles.focus_list()

    def action_pick_languages(self) -> None:
        article = self.article
        if article is None:
            return

        def chosen(languages: list[str] | None) -> None:
            current = self.article
            if languages and current is not None and current.id == article.id:
                self.chosen_languages[article.id] = languages
                self.query_one(AlignedView).set_languages(languages)

        self.app.push_screen(
            LanguagePicker(article.languages, self.query_one(AlignedView).languages), chosen
        )

    def action_lookup(self) -> None:
        """Look up how the corpus translates the current query, into the languages shown."""
        from polyglance.search import parse_query

        query = self.query_one(SearchPanel).query_text
        parsed = parse_query(query)
        words = [t.word for t in parsed.terms] + [w for p in parsed.phrases for w in p]
        phrase = " ".join(words).strip()
        if not phrase:
            self.polyglance.say("Search for a word first (/), then look up its translations (t).")
            return
        self._lookup_worker(phrase, list(self.query_one(AlignedView).languages))

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _lookup_worker(self, phrase: str, langs: list[str]) -> None:
        translator = self.translator()
        source = translator.guess_language(phrase)
        targets: list[str] = []
        if source:
            with self._reader_lock:
                partners = queries.partner_languages(self._reader().conn, source)
            # The panes' languages that the corpus aligns with the source; else all of those.
            targets = queries.counterpart_languages(langs, partners, source)
        found = {lang: translator.lookup(phrase, lang, source, limit=8) for lang in targets}
        self.app.call_from_thread(self._show_lookup, phrase, source, found)

    def _show_lookup(self, phrase: str, source: str | None, found: dict) -> None:
        from .lookup import LookupScreen

        def chosen(where: tuple[int, int] | None) -> None:
            if where is None or self.index is None:
                return
            article_id, row = where
            try:
                article = load_article(self.index.conn, article_id, self.show_boilerplate)
            except TypeError:
                return
            position = article.row_position(row) or 0
            self.open_article(article_id, position, article=article)
            self.query_one(AlignedView).focus()

        self.app.push_screen(LookupScreen(phrase, source, found), chosen)

    def action_toggle_boilerplate(self) -> None:
        self.show_boilerplate = not self.show_boilerplate

    def action_show_skipped(self) -> None:
        if self.index is not None:
            self.app.push_screen(SkippedScreen(queries.skipped(self.index.conn)))

    def action_export(self) -> None:
        """Export the open article, in the languages shown, as TMX, TSV, JSONL or Moses."""
        article = self.article
        if article is None or self.index is None:
            return
        languages = list(self.query_one(AlignedView).languages)
        self.app.push_screen(
            ExportScreen(article.id, languages, default_export_folder(), self._export_check),
            lambda request: self._export_chosen(article.id, languages, request),
        )

    def _export_check(self, fmt: str, path: Path) -> str | None:
        """None if ``path`` may be written, EXISTS if it would replace a file, else why not."""
        from polyglance.corpus.export import ExportRefused, check_export_target, moses_paths

        languages = list(self.query_one(AlignedView).languages)
        targets = list(moses_paths(path, languages).values()) if fmt == "moses" else [path]
        where = {"index_path": self.index_path, "corpus_root": self._corpus_root()}
        try:
            for target in targets:
                check_export_target(target, force=True, **where)
        except ExportRefused as exc:
            return str(exc)
        try:
            for target in targets:
                check_export_target(target, force=False, **where)
        except ExportRefused:
            return EXISTS
        return None

    def _corpus_root(self) -> Path | None:
        if self.corpus is not None:
            return self.corpus
        if self.index is not None:
            root = self.index.get_meta("corpus_root")
            return Path(root) if root else None
        return None

    def _export_chosen(
        self, article_id: int, languages: list[str], request: ExportRequest | None
    ) -> None:
        if request is not None:
            self._export_worker(article_id, languages, request)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_worker(self, article_id: int, languages: list[str], request: ExportRequest) -> None:
        from polyglance.corpus.export import ExportOptions, ExportRefused, export_to_path

        options = ExportOptions(langs=languages, source_lang=self.config.export.source_lang)
        try:
            with Index.open(self.index_path, readonly=True) as index:  # a connection of this thread
                summary = export_to_path(
                    index.conn,
                    [article_id],
                    request.fmt,
                    request.path,
                    options,
                    index_path=self.index_path,
                    corpus_root=self._corpus_root(),
                    force=request.force,
                )
        except (OSError, IndexProblem, ExportRefused) as exc:
            self.app.call_from_thread(self.polyglance.show_error, "Export failed", str(exc))
            return
        files = ", ".join(str(p) for p in summary.paths)
        self.app.call_from_thread(
            self.polyglance.say, f"Exported {summary.rows} rows to {files}.", "information", 6
        )

    def on_unmount(self) -> None:
        # The app is ending: an indexing run still going would hold the process (its
        # thread is waited for) until it is done.
        self.stop_indexing.set()
        self._close_index()
        thaw_long_lived()
