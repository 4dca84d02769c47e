"""The list of articles, filterable as you type."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from polyglance.corpus.queries import ArticleSummary

from ..messages import ArticleChosen
from .steady_scroll import SteadyOptionList

#: Most articles listed at once (each costs layout time); the filter reaches the rest.
MAX_SHOWN = 200


def article_prompt(article: ArticleSummary) -> Text:
    """Title on the first line, language badges and row count on the second (data, not markup)."""
    prompt = Text(article.title, style="bold", overflow="ellipsis", no_wrap=True)
    prompt.append("\n")
    for lang in article.languages:
        prompt.append(f" {lang} ", style="reverse")
        prompt.append(" ")
    prompt.append(f"{article.rows} rows", style="dim")
    return prompt


class ArticleFilter(Input):
    """The filter box: ``↓`` moves into the list below."""

    BINDINGS = [Binding("down", "into_list", "To the list", show=False)]

    def action_into_list(self) -> None:
        if self.parent is not None:
            self.parent.query_one(OptionList).focus()


class ArticleList(Vertical):
    """A filter box over the articles of the index: every title of an article, fuzzy."""

    DEFAULT_CSS = """
    ArticleList { width: 36; border-right: vkey $foreground 20%; }
    ArticleList > Input { margin: 0 0 1 0; }
    ArticleList > OptionList { height: 1fr; border: none; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._articles: list[ArticleSummary] = []
        self._titles: dict[int, list[str]] = {}
        self._words: list[list[str]] | None = None  # folded words, made on the first filter

    def compose(self) -> ComposeResult:
        yield ArticleFilter(placeholder="Filter articles…", id="article-filter")
        yield SteadyOptionList(id="article-options")

    def set_articles(
        self, articles: list[ArticleSummary], titles: dict[int, list[str]] | None = None
    ) -> None:
        """Show ``articles``; the filter matches every title in ``titles`` (by article id)."""
        self._articles = articles
        self._titles = titles or {}
        self._words = None
        self._refill(self.query_one(Input).value)

    def focus_filter(self) -> None:
        self.query_one(Input).focus()

    def focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def _refill(self, text: str) -> None:
        options = self.query_one(OptionList)
        if text.strip():
            from ..title_filter import folded_words, matches  # on first use: start-up stays light

            if self._words is None:
                self._words = [
                    folded_words([*self._titles.get(a.id, [a.title]), *a.languages])
                    for a in self._articles
                ]
            matching = [a for a, words in zip(self._articles, self._words) if matches(text, words)]
        else:
            matching = self._articles
        shown = matching[:MAX_SHOWN]
        options.clear_options()
        options.add_options([Option(article_prompt(a), id=str(a.id)) for a in shown])
        if len(matching) > len(shown):
            more = Text(f"… {len(matching) - len(shown)} more: type to filter", style="dim italic")
            options.add_option(Option(more, disabled=True))
        if shown:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.option_count:
            options.focus()
            self._choose(options.get_option_at_index(options.highlighted or 0).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id is not None:
            self.post_message(ArticleChosen(int(option_id)))

    def select(self, article_id: int) -> None:
        """Move the highlight to ``article_id`` without opening it."""
        options = self.query_one(OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == str(article_id):
                options.highlighted = index
                return
