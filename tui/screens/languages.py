"""Choose which languages get a pane, and in what order."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection


class LanguagePicker(ModalScreen[list[str] | None]):
    """Space toggles a language, + and - move it, Enter applies, Esc cancels."""

    AUTO_FOCUS = "#languages"

    BINDINGS = [
        Binding("enter", "apply", "Apply", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("plus,K", "shift(-1)", "Move up", priority=True),
        Binding("minus,J", "shift(1)", "Move down", priority=True),
    ]

    DEFAULT_CSS = """
    LanguagePicker { align: center middle; }
    LanguagePicker > Vertical {
        width: 48; height: auto; max-height: 80%; padding: 1 2;
        border: thick $primary; background: $panel;
    }
    LanguagePicker SelectionList { height: auto; max-height: 20; }
    """

    def __init__(self, available: list[str], shown: list[str]) -> None:
        super().__init__()
        self.order = shown + [lang for lang in available if lang not in shown]
        self.selected = set(shown)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Languages shown, in pane order", style="bold"))
            yield SelectionList[str](*self._selections(), id="languages")
            yield Static(
                Text("Space: show/hide   +/-: move   Enter: apply   Esc: cancel", style="dim")
            )

    def _selections(self) -> list[Selection[str]]:
        return [Selection(Text(lang), lang, lang in self.selected) for lang in self.order]

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        self.selected = set(self.query_one(SelectionList).selected)

    def action_shift(self, delta: int) -> None:
        options = self.query_one(SelectionList)
        index = options.highlighted
        if index is None:
            return
        target = index + delta
        if not 0 <= target < len(self.order):
            return
        self.selected = set(options.selected)
        self.order[index], self.order[target] = self.order[target], self.order[index]
        options.clear_options()
        options.add_options(self._selections())
        options.highlighted = target

    def action_apply(self) -> None:
        self.selected = set(self.query_one(SelectionList).selected)
        chosen = [lang for lang in self.order if lang in self.selected]
        if not chosen:
            self.notify("Choose at least one language.", severity="warning")
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
