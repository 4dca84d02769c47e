"""Live search: a query box, a line that says how many hits, and the hits.

The panel owns no search engine: it posts :class:`SearchRequested` when the query
changes (debounced) or is submitted; the app runs the search in its worker and hands the
results back with :meth:`SearchPanel.show_hits`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .. import concordance
from ..messages import HitChosen, SearchRequested
from .steady_scroll import SteadyOptionList

if TYPE_CHECKING:
    from polyglance.search import Hit

    from ..concordance import Line, SortOrder

SNIPPET = 90
#: "searching…" appears only when a search takes longer than this (seconds): drawing it
#: for every key costs a layout pass that the answer itself would wait behind.
SEARCHING_NOTICE_S = 0.25


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


def hits_summary(hits: list[Hit], limit: int) -> str:
    """ "12 hits · de 5 · fr 4 · ru 3", "no hits", or "50+ hits" when the limit was reached."""
    if not hits:
        return "no hits"
    count = f"{len(hits)}{'+' if limit and len(hits) >= limit else ''}"
    per_lang = Counter(h.lang for h in hits)
    langs = " · ".join(
        f"{lang} {n}" for lang, n in sorted(per_lang.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"{count} hit{'s' if len(hits) != 1 else ''} · {langs}"


def _screenful(heights: list[int], widget: Widget) -> int:
    """How many of the options (of these heights in lines) fill the terminal's height."""
    budget, count = widget.app.size.height, 0
    for height in heights:
        if budget <= 0:
            break
        budget -= height
        count += 1
    return count


class SearchPanel(Vertical):
    """The search box; the hit count under it while there is a query; the hits below."""

    DEFAULT_CSS = """
    SearchPanel { height: auto; }
    SearchPanel > #search-status { height: 1; padding: 0 1; color: $text-muted; display: none; }
    SearchPanel.-has-query > #search-status { display: block; }
    SearchPanel > OptionList { max-height: 60vh; display: none; border: none; }
    SearchPanel.-has-hits:focus-within > OptionList { display: block; }
    /* A concordance line is cut at the edge, never wrapped (as KWIC is read). */
    SearchPanel.-concordance > OptionList { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS = [
        Binding("escape", "leave", "Back", show=False),
        Binding(
            "c",
            "toggle_concordance",
            "Concordance",
            tooltip="Hits as concordance lines with their aligned translations",
        ),
        Binding(
            "o", "cycle_order", "Sort", tooltip="Sort by score, left or right context, article"
        ),
    ]

    def __init__(self, debounce_ms: int = 120, limit: int = 50, **kwargs) -> None:
        super().__init__(**kwargs)
        self.concordance = False  # hits shown as concordance lines with counterparts
        self.order: SortOrder = "score"
        self.lines: list[Line] = []
        self._debounce = debounce_ms / 1000
        self.limit = limit
        self._timer: Timer | None = None
        self._searching_notice: Timer | None = None
        self.hits: list[Hit] = []
        self.query_text = ""
        self._pending: str | None = None  # the query asked for and not answered yet
        self._focus_hits_when_ready = False
        self._fill_generation = 0  # the options being added belong to the newest hits

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder='/ Search every language…  (\'exact "phrase" !not lang:de kind:title)',
            id="search-input",
        )
        yield Static("", id="search-status")
        yield SteadyOptionList(id="search-hits")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        query = event.value
        if not query.strip():
            self._pending = None
            self.show_hits([], "")
            return
        if self._pending is None:
            self._request(query)  # no search running: at once; while one runs, debounced
            return
        self._timer = self.set_timer(self._debounce, lambda: self._request(query))

    def _request(self, query: str) -> None:
        self._pending = query
        if self._searching_notice is None:
            self._searching_notice = self.set_timer(SEARCHING_NOTICE_S, self._say_searching)
        self.screen.post_message(SearchRequested(query, self.limit, self.concordance))

    def _say_searching(self) -> None:
        self._searching_notice = None
        if self._pending is not None:
            self._set_status("searching…")

    def _stop_searching_notice(self) -> None:
        if self._searching_notice is not None:
            self._searching_notice.stop()
            self._searching_notice = None

    def _set_status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(text))

    def show_hits(self, hits: list[Hit], query: str, lines: list[Line] | None = None) -> None:
        """The results of ``query`` (ignored when a newer query is pending); ``lines``:
        the same hits as concordance lines with their counterparts."""
        if query and self._pending is not None and query != self._pending:
            return
        self._pending = None
        self._stop_searching_notice()
        self.query_text = query
        self.lines = lines or []
        if self.concordance and lines is not None:
            self.lines = sorted(lines, key=concordance.sort_key(self.order))
            hits = [line.hit for line in self.lines]
        self.hits = hits
        self.set_class(self.concordance and bool(self.lines), "-concordance")
        self._fill()
        self.set_class(bool(hits), "-has-hits")
        self.set_class(bool(query.strip()), "-has-query")
        status = hits_summary(hits, self.limit) if query.strip() else ""
        if status and self.concordance:
            status += f"  ·  concordance, sorted by {self.order} (o)"
        self._set_status(status)
        if hits:
            options = self.query_one(OptionList)
            options.highlighted = 0
            if self._focus_hits_when_ready:
                options.focus()
        self._focus_hits_when_ready = False

    def _fill(self) -> None:
        """The hits as options: those that fill the screen at once, the rest after the
        refresh that shows them (a 12-language concordance is 600 lines to lay out)."""
        options = self.query_one(OptionList)
        options.clear_options()
        self._fill_generation += 1
        as_lines = self.concordance and bool(self.lines)  # fixed for this fill, rest included
        if as_lines:
            first = _screenful([1 + len(line.counterparts) for line in self.lines], self)
        else:
            first = _screenful([2] * len(self.hits), self)
        self._add_options(0, first, as_lines, self._fill_generation)
        if first < len(self.hits):
            rest = (self._add_options, first, len(self.hits), as_lines, self._fill_generation)
            self.call_after_refresh(self.call_later, *rest)

    def _add_options(self, start: int, end: int, as_lines: bool, generation: int) -> None:
        if generation != self._fill_generation:
            return  # newer hits have replaced these
        if as_lines:
            prompts = [concordance.render(line) for line in self.lines[start:end]]
        else:
            prompts = [hit_prompt(h) for h in self.hits[start:end]]
        self.query_one(OptionList).add_options(
            [Option(prompt, id=str(k)) for k, prompt in enumerate(prompts, start)]
        )

    def action_toggle_concordance(self) -> None:
        """Concordance lines with counterparts, or the plain hit list (asks again)."""
        self.concordance = not self.concordance
        if self.query_text.strip():
            self._focus_hits_when_ready = self.hits_have_focus
            self._request(self.query_text)

    def action_cycle_order(self) -> None:
        """Sort the concordance by score, left context, right context, article."""
        orders = concordance.SORT_ORDERS
        self.order = orders[(orders.index(self.order) + 1) % len(orders)]
        if self.concordance and self.lines:
            self.show_hits(self.hits, self.query_text, self.lines)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.query_text != event.value and event.value.strip():
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            self._focus_hits_when_ready = True
            self._request(event.value)  # the hits get the focus when they arrive
            return
        if self.hits:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits[int(event.option.id or 0)]
        self.post_message(HitChosen(hit, self.query_text))

    def action_leave(self) -> None:
        """Esc: from the hits back to the box; from the box, out of search."""
        if self.query_one(OptionList).has_focus:
            self.query_one(Input).focus()
        else:
            self.screen.focus_next("AlignedView")

    def focus_input(self) -> None:
        self.query_one(Input).focus()

    def focus_hits(self) -> bool:
        """Move the focus to the hits; False when there are none."""
        if not self.hits:
            return False
        self.query_one(OptionList).focus()
        return True

    @property
    def hits_have_focus(self) -> bool:
        return self.query_one(OptionList).has_focus
