"""The files the last indexing run left out, each with its reason."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..safe_text import printable


class SkippedScreen(ModalScreen[None]):
    """A scrollable list of ``path: reason``; Esc closes it."""

    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape,q,enter", "dismiss", "Close")]

    DEFAULT_CSS = """
    SkippedScreen { align: center middle; }
    SkippedScreen > Vertical {
        width: 90%; max-width: 120; height: auto; max-height: 80%; padding: 1 2;
        border: thick $primary; background: $panel;
    }
    SkippedScreen OptionList { height: auto; max-height: 30; border: none; }
    """

    def __init__(self, skipped: list[tuple[str, str]]) -> None:
        super().__init__()
        self.skipped = skipped

    def compose(self) -> ComposeResult:
        with Vertical():
            count = len(self.skipped)
            title = f"{count} file{'s' if count != 1 else ''} left out of the index"
            yield Static(Text(title, style="bold"))
            options = []
            for path, reason in self.skipped:
                line = Text(printable(path), style="bold")
                line.append("\n  " + printable(reason), style="")
                options.append(Option(line))
            if not options:
                options.append(Option(Text("None: every file was indexed."), disabled=True))
            yield OptionList(*options)
            yield Static(Text("Esc: close", style="dim"))
