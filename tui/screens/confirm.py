"""A yes/no question, for actions that replace something (an existing export file)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """``y`` answers yes, ``n`` or Esc no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 80%; max-width: 90; height: auto; padding: 1 2;
        border: thick $warning; background: $panel;
    }
    ConfirmScreen .question { text-style: bold; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), classes="question")
            yield Static(Text("y: yes   n or Esc: no", style="dim"))

    def action_answer(self, yes: bool) -> None:
        if not self._answered:  # a second key press before the screen is gone
            self._answered = True
            self.dismiss(yes)
