"""Export the open article from the app: format, languages shown, file name."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

FORMATS = ("tmx", "tsv", "jsonl", "moses")


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: str


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Choose a format and a file; Enter exports, Esc cancels."""

    AUTO_FOCUS = "#export-path"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 72; height: auto; padding: 1 2; border: thick $primary; background: $panel;
    }
    ExportScreen Select { margin: 1 0; }
    """

    def __init__(self, article_id: int, languages: list[str]) -> None:
        super().__init__()
        self.article_id = article_id
        self.languages = languages

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"Export article {self.article_id} ({' '.join(self.languages)})", style="bold")
            )
            yield Select(
                [(f, f) for f in FORMATS], value="tmx", allow_blank=False, id="export-format"
            )
            yield Input(value=self._default_path("tmx"), id="export-path")
            yield Static(
                Text("Enter: export   Esc: cancel   (moses writes PATH.<lang> files)", style="dim")
            )

    def _default_path(self, fmt: str) -> str:
        return f"article-{self.article_id}" + ("" if fmt == "moses" else f".{fmt}")

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one(Input)
        if path.value in {self._default_path(f) for f in FORMATS}:
            path.value = self._default_path(str(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(ExportRequest(str(self.query_one(Select).value), event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
