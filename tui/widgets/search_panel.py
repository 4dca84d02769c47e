"""Live search: a query box and the hits, updated as you type in a worker thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..messages import HitChosen

if TYPE_CHECKING:
    from polyglance.search import Hit

SNIPPET = 90


def hit_prompt(hit: Hit) -> Text:
    """`lang score title` then a snippet with the matched parts highlighted (data, not markup)."""
    prompt = Text()
    prompt.append(f" {hit.lang} ", style="reverse")
    prompt.append(f" {hit.score:5.1f}  ", style="bold")
    prompt.append(hit.title or hit.path, style="italic")
    first = hit.spans[0][0] if hit.spans else 0
    start = max(0, min(first - SNIPPET // 3, len(hit.text) - SNIPPET))
    end = min(len(hit.text), start + SNIPPET)
    lead = "…" if start else ""
    snippet = Text("\n  " + lead + hit.text[start:end] + ("…" if end < len(hit.text) else ""))
    offset = 3 + len(lead)
    for s, e in hit.spans:
        s, e = max(s, start), min(e, end)
        if s < e:
            snippet.stylize("bold reverse", s - start + offset, e - start + offset)
    prompt.append_text(snippet)
    return prompt


class SearchPanel(Vertical):
    """The search box; hits appear below it while there are any."""

    DEFAULT_CSS = """
    SearchPanel { height: auto; }
    SearchPanel > OptionList { max-height: 12; display: none; border: none; }
    SearchPanel.-has-hits:focus-within > OptionList { display: block; }
    """

    BINDINGS = [Binding("escape", "leave", "Back", show=False)]

    def __init__(
        self, search: Callable[..., list[Hit]], debounce_ms: int = 120, limit: int = 50, **kwargs
    ):
        super().__init__(**kwargs)
        self._search = search
        self._debounce = debounce_ms / 1000
        self._limit = limit
        self._timer: Timer | None = None
        self.hits: list[Hit] = []
        self.query_text = ""
        self._focus_hits_when_ready = False

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder='/ Search every language…  (\'exact "phrase" !not lang:de kind:title)',
            id="search-input",
        )
        yield OptionList(id="search-hits")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        if not query.strip():
            self._show([], "")
            return
        self._timer = self.set_timer(self._debounce, lambda: self.run_search(query))

    def run_search(self, query: str) -> None:
        self._worker(query)

    @work(thread=True, exclusive=True, group="search")
    def _worker(self, query: str) -> None:
        worker = get_current_worker()
        hits = self._search(query, limit=self._limit, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, hits, query)

    def _show(self, hits: list[Hit], query: str) -> None:
        self.hits, self.query_text = hits, query
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(hit_prompt(h), id=str(k)) for k, h in enumerate(hits)])
        self.set_class(bool(hits), "-has-hits")
        if hits:
            options.highlighted = 0
            if self._focus_hits_when_ready:
                options.focus()
        self._focus_hits_when_ready = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.query_text != event.value and event.value.strip():
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            self._focus_hits_when_ready = True
            self.run_search(event.value)  # the hits get the focus when they arrive
            return
        if self.hits:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits[int(event.option.id)]
        self.post_message(HitChosen(hit, self.query_text))

    def action_leave(self) -> None:
        """Esc: from the hits back to the box; from the box, out of search."""
        if self.query_one(OptionList).has_focus:
            self.query_one(Input).focus()
        else:
            self.screen.focus_next("AlignedView")

    def focus_input(self) -> None:
        self.query_one(Input).focus()
