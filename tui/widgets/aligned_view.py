"""The aligned panes: one column per language, every row level across the columns.

A virtual view in the manner of toolong's log view: the article's cells are wrapped to
the current column width once (offsets only, cheap), and only the lines on screen are
rendered. A row is as tall as its tallest cell, so the next row starts at the same
height in every pane. Document text is never parsed as markup: it goes into Segments.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from polyglance.corpus.article_view import ViewArticle

from ..highlight import anchor_spans
from ..wrap import wrap_offsets
from .steady_scroll import SteadyScrollbars

GUTTER = 7  # "  123!✓": row number, low-confidence mark, manual mark
LOW_MARK = "!"
MANUAL_MARK = "✎"  # edited by hand
CONFIRMED_MARK = "✓"  # checked by hand
SEPARATOR = "│"
EMPTY_MARK = "·"

#: Spans of a search hit to highlight: {(row, lang): [(start, end), ...]}
Highlights = dict[tuple[int, str], list[tuple[int, int]]]


@dataclass
class _Layout:
    widths: list[int]
    row_starts: list[int]  # first line of each row
    lines: list[dict[str, list[tuple[int, int]]]]  # per row, per language: wrapped offsets
    height: int


class AlignedView(SteadyScrollbars, ScrollView, can_focus=True):
    """Rows of an aligned article, with a row cursor shared by all panes."""

    COMPONENT_CLASSES = {
        "aligned-view--cursor",
        "aligned-view--gutter",
        "aligned-view--low",
        "aligned-view--empty",
        "aligned-view--extra",
        "aligned-view--hit",
        "aligned-view--header",
        "aligned-view--manual",
        "aligned-view--current",
    }

    DEFAULT_CSS = """
    AlignedView { background: $surface; scrollbar-gutter: stable; }
    AlignedView > .aligned-view--cursor { background: $boost; }
    AlignedView:focus > .aligned-view--cursor { background: $primary 20%; }
    AlignedView > .aligned-view--gutter { color: $text-muted; }
    AlignedView > .aligned-view--low { color: $text-warning; text-style: bold; }
    AlignedView > .aligned-view--empty { color: $text-muted; }
    AlignedView > .aligned-view--extra { color: $text-disabled; text-style: italic; }
    AlignedView > .aligned-view--hit { background: $accent 60%; text-style: bold; }
    AlignedView > .aligned-view--header { color: $text-accent; text-style: bold underline; }
    AlignedView > .aligned-view--manual { color: $text-success; text-style: bold; }
    AlignedView > .aligned-view--current { color: $text-accent; text-style: bold reverse; }
    """

    BINDINGS = [
        Binding("j,down", "move(1)", "Next row", show=False),
        Binding("k,up", "move(-1)", "Previous row", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "first", "First row", show=False),
        Binding("G,end", "last", "Last row", show=False),
        Binding("right_square_bracket", "low(1)", "Next doubtful row", show=False, key_display="]"),
        Binding(
            "left_square_bracket", "low(-1)", "Previous doubtful row", show=False, key_display="["
        ),
        Binding("right", "pane(1)", "Next pane (language)", show=False),
        Binding("left", "pane(-1)", "Previous pane (language)", show=False),
        Binding(
            "K",
            "edit('move_up')",
            "Move paragraph up",
            show=False,
            tooltip="The first paragraph of this cell to the row above",
        ),
        Binding(
            "J",
            "edit('move_down')",
            "Move paragraph down",
            show=False,
            tooltip="The last paragraph of this cell to the row below",
        ),
        Binding(
            "s",
            "edit('split')",
            "Split into new row",
            show=False,
            tooltip="This cell's paragraphs into a new row of their own",
        ),
        Binding(
            "m",
            "edit('merge')",
            "Merge with next row",
            show=False,
            tooltip="This row and the next one, in every language",
        ),
        Binding(
            "x",
            "edit('delete_empty')",
            "Delete empty row",
            show=False,
            tooltip="Remove a row that has no paragraph left",
        ),
        Binding(
            "space",
            "edit('confirm')",
            "Confirm row",
            show=False,
            tooltip="Mark this row as checked, unchanged",
        ),
        Binding("u", "edit('undo')", "Undo edit", show=False, tooltip="Undo the last edit"),
        Binding("ctrl+r", "edit('redo')", "Redo edit", show=False, tooltip="Redo the edit undone"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    #: The current pane (its language is the one edits apply to), by position.
    pane: reactive[int] = reactive(0)

    @dataclass
    class RowChanged(Message):
        """The row cursor moved."""

        view: AlignedView
        position: int

    @dataclass
    class EditRequested(Message):
        """An edit of the table at the cursor (``op``: a corpus.manual op, undo or redo)."""

        view: AlignedView
        op: str
        position: int
        lang: str | None

    def __init__(
        self, *, style_name: str = "monokai", low_confidence: float = 0.5, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.article: ViewArticle | None = None
        self.languages: list[str] = []
        self.style_name = style_name
        self.low_confidence = low_confidence
        self.highlights: Highlights = {}
        self._layout: _Layout | None = None
        self._spans: dict[tuple[int, str], list[tuple[int, int, Style]]] = {}

    def _fg(self, component: str) -> Style:
        """The component's colour and text style, computed on the widget's background.

        (``get_component_rich_style(partial=True)`` drops the background that colours such
        as ``$text-muted`` are blended with, which made them white on light themes.)"""
        full = self.get_component_rich_style(component)
        return Style(color=full.color, bold=full.bold, italic=full.italic, underline=full.underline)

    def set_style_name(self, style_name: str) -> None:
        """Colour the anchors with another pygments style (e.g. after a theme change)."""
        if style_name != self.style_name:
            self.style_name = style_name
            self._spans.clear()
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._spans.clear()  # hit colours follow the theme

    # -- content -------------------------------------------------------------------------

    def show_article(
        self,
        article: ViewArticle,
        languages: list[str],
        position: int = 0,
        highlights: Highlights | None = None,
    ) -> None:
        """Display ``article`` with panes for ``languages``, the cursor on row ``position``."""
        self.article = article
        self.languages = [
            lang for lang in languages if lang in article.languages
        ] or article.languages
        self.highlights = highlights or {}
        self.pane = min(self.pane, len(self.languages) - 1)
        self._spans.clear()
        self._relayout()
        self.cursor = max(0, min(position, len(article.rows) - 1))
        self.call_after_refresh(self._scroll_to_cursor, center=position > 0)

    def set_languages(self, languages: list[str]) -> None:
        if self.article is not None:
            self.show_article(self.article, languages, self.cursor, self.highlights)

    # -- layout --------------------------------------------------------------------------

    def _pane_widths(self, total: int) -> list[int]:
        n = max(1, len(self.languages))
        usable = max(n * 8, total - GUTTER - (n - 1))
        base, rest = divmod(usable, n)
        return [base + (1 if k < rest else 0) for k in range(n)]

    def _relayout(self) -> None:
        if self.article is None:
            self._layout = None
            self.virtual_size = Size(0, 0)
            return
        width = self.scrollable_content_region.width or self.size.width or 80
        widths = self._pane_widths(width)
        row_starts, lines, y = [], [], 0
        for row in self.article.rows:
            wrapped = {
                lang: wrap_offsets(row.cells.get(lang) or "", w - 1)
                for lang, w in zip(self.languages, widths)
            }
            row_starts.append(y)
            lines.append(wrapped)
            y += max(len(v) for v in wrapped.values()) + 1 if wrapped else 2
        self._layout = _Layout(widths, row_starts, lines, y)
        self.virtual_size = Size(width, y + 1)  # + the sticky language header
        self.refresh()

    def on_resize(self) -> None:
        # Wrapping depends on the width only: the hit list opening above the panes changes
        # their height, and re-wrapping a long article then took most of a second.
        width = self.scrollable_content_region.width or self.size.width or 80
        if self._layout is None or self._layout.widths != self._pane_widths(width):
            self._relayout()

    # -- rendering -----------------------------------------------------------------------

    def _cell_spans(self, position: int, lang: str, text: str) -> list[tuple[int, int, Style]]:
        key = (position, lang)
        if key not in self._spans:
            spans = anchor_spans(text, self.style_name)
            row = self.article.rows[position].row if self.article else None
            hit_style = self.get_component_rich_style("aligned-view--hit")
            spans += (
                [(s, e, hit_style) for s, e in self.highlights.get((row, lang), [])]
                if row is not None
                else []
            )
            self._spans[key] = spans
        return self._spans[key]

    def _text_segments(
        self, text: str, start: int, end: int, spans: list[tuple[int, int, Style]], base: Style
    ) -> list[Segment]:
        cuts = {start, end}
        for s, e, _ in spans:
            if s < end and e > start:
                cuts.update((max(s, start), min(e, end)))
        points = sorted(cuts)
        segments = []
        for a, b in pairwise(points):
            style = base
            for s, e, span_style in spans:
                if s <= a and b <= e:
                    style = style + span_style
            segments.append(Segment(text[a:b], style))
        return segments

    def render_line(self, y: int) -> Strip:
        layout, article = self._layout, self.article
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if layout is None or article is None:
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        if y == 0:  # the language header stays on top
            return (
                self._header_line(layout, base)
                .crop(scroll_x, scroll_x + width)
                .extend_cell_length(width, base)
            )
        absolute = y - 1 + scroll_y
        gutter_style = base + self._fg("aligned-view--gutter")
        position = bisect_right(layout.row_starts, absolute) - 1
        if position < 0 or position >= len(article.rows):
            return Strip.blank(width, base)
        row = article.rows[position]
        line_no = absolute - layout.row_starts[position]
        row_height = (
            layout.row_starts[position + 1] - layout.row_starts[position]
            if (position + 1 < len(layout.row_starts))
            else layout.height - layout.row_starts[position]
        )
        if line_no >= row_height - 1:
            return Strip.blank(width, base)  # the blank line between rows
        selected = position == self.cursor
        row_style = (
            base + self.get_component_rich_style("aligned-view--cursor") if selected else base
        )
        segments: list[Segment] = []
        if line_no == 0 and row.row is not None:
            low = self._doubtful(row)
            segments.append(Segment(f"{row.row:>5}", gutter_style))
            mark_style = gutter_style + self._fg("aligned-view--low")
            segments.append(Segment(LOW_MARK if low else " ", mark_style if low else gutter_style))
            hand = CONFIRMED_MARK if row.confirmed else MANUAL_MARK if row.manual else " "
            segments.append(Segment(hand, gutter_style + self._fg("aligned-view--manual")))
        else:
            segments.append(Segment(" " * GUTTER, gutter_style))
        extra_style = self._fg("aligned-view--extra")
        empty_style = self._fg("aligned-view--empty")
        for k, (lang, pane_width) in enumerate(zip(self.languages, layout.widths)):
            if k:
                segments.append(Segment(SEPARATOR, gutter_style))
            text = row.cells.get(lang)
            cell_base = row_style + extra_style if row.extra else row_style
            if text is None:
                filler = EMPTY_MARK if line_no == 0 and not row.extra else ""
                segments.append(Segment(filler, row_style + empty_style))
                used = len(filler)
            else:
                offsets = layout.lines[position][lang]
                if line_no < len(offsets):
                    start, end = offsets[line_no]
                    spans = [] if row.extra else self._cell_spans(position, lang, text)
                    pieces = self._text_segments(text, start, end, spans, cell_base)
                    segments.extend(pieces)
                    used = sum(cell_len(p.text) for p in pieces)
                else:
                    used = 0
            segments.append(Segment(" " * max(0, pane_width - used), row_style))
        return Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width, base)

    def _header_line(self, layout: _Layout, base: Style) -> Strip:
        header = base + self._fg("aligned-view--header")
        current = base + self._fg("aligned-view--current")
        segments = [Segment(" " * GUTTER, base)]
        for k, (lang, pane_width) in enumerate(zip(self.languages, layout.widths)):
            if k:
                segments.append(Segment(SEPARATOR, base))
            segments.append(Segment(lang, current if k == self.pane else header))
            segments.append(Segment(" " * max(0, pane_width - len(lang)), base))
        return Strip(segments)

    # -- cursor --------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        self.post_message(self.RowChanged(self, new))

    def _scroll_to_cursor(self, center: bool = False) -> None:
        layout = self._layout
        if layout is None or not layout.row_starts:
            return
        top = layout.row_starts[self.cursor]
        bottom = (
            layout.row_starts[self.cursor + 1]
            if self.cursor + 1 < len(layout.row_starts)
            else layout.height
        )
        height = self.scrollable_content_region.height - 1  # below the header
        if center:
            self.scroll_to(y=max(0, top - height // 3), animate=False)
        elif top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=min(top, bottom - height), animate=False)

    def _set_cursor(self, position: int) -> None:
        if self.article is None or not self.article.rows:
            return
        self.cursor = max(0, min(position, len(self.article.rows) - 1))
        self._scroll_to_cursor()

    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        layout = self._layout
        if layout is None:
            return
        target_y = layout.row_starts[self.cursor] + direction * max(
            1, self.scrollable_content_region.height - 2
        )
        position = max(0, bisect_right(layout.row_starts, max(0, target_y)) - 1)
        if position == self.cursor:
            position += direction
        self._set_cursor(position)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        if self.article:
            self._set_cursor(len(self.article.rows) - 1)

    def _doubtful(self, row) -> bool:
        """A row to check: low confidence and not confirmed by hand."""
        return (
            row.confidence is not None
            and row.confidence < self.low_confidence
            and not row.confirmed
        )

    def action_low(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) doubtful row (confirmed rows are skipped)."""
        if self.article is None:
            return
        rows = self.article.rows
        position = self.cursor + direction
        while 0 <= position < len(rows):
            if self._doubtful(rows[position]):
                self._set_cursor(position)
                return
            position += direction
        self.notify("No more doubtful rows in that direction.", timeout=2, markup=False)

    @property
    def current_language(self) -> str | None:
        """The language of the current pane (the one edits apply to)."""
        return self.languages[self.pane] if 0 <= self.pane < len(self.languages) else None

    def watch_pane(self) -> None:
        self.refresh()

    def action_pane(self, delta: int) -> None:
        if self.languages:
            self.pane = max(0, min(len(self.languages) - 1, self.pane + delta))

    def action_edit(self, op: str) -> None:
        self.post_message(self.EditRequested(self, op, self.cursor, self.current_language))

    def on_click(self, event) -> None:
        layout = self._layout
        if layout is None:
            return
        if event.y == 0:
            return
        absolute = event.y - 1 + int(self.scroll_y)
        position = bisect_right(layout.row_starts, absolute) - 1
        if position >= 0:
            self._set_cursor(position)
        x = event.x - GUTTER
        for k, width in enumerate(layout.widths):
            if 0 <= x < width:
                self.pane = k
                break
            x -= width + 1
