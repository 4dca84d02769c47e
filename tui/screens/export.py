"""Export the open article from the app: format, languages shown, file name.

The dialog proposes a file in the user's documents folder (never the current folder,
never the corpus) under a name that does not exist yet. Before it closes, the app's
``check`` says whether the path may be written: refused (the index, a file of the
corpus, a missing folder: the reason is shown and the dialog stays), or an existing file
(a yes/no question), or fine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from polyglance.corpus.export import FORMATS

from ..safe_text import printable
from .confirm import ConfirmScreen


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: str
    force: bool = False  # the user agreed to replace an existing file


#: check(fmt, path) -> None when the path may be written, "exists" when it would replace
#: an existing file, else the reason it is refused.
ExportCheck = Callable[[str, Path], str | None]
EXISTS = "exists"


def default_export_folder() -> Path:
    """The user's documents folder when there is one, else the home folder."""
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def free_name(folder: Path, stem: str, fmt: str) -> Path:
    """``folder/stem.fmt``, or ``stem-2.fmt``… when that exists (moses: no suffix)."""
    suffix = "" if fmt == "moses" else f".{fmt}"
    candidate = folder / f"{stem}{suffix}"
    n = 1
    while candidate.exists() or (fmt == "moses" and any(folder.glob(f"{candidate.name}.*"))):
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Choose a format and a file; Enter exports, Esc cancels."""

    AUTO_FOCUS = "#export-path"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 80; height: auto; padding: 1 2; border: thick $primary; background: $panel;
    }
    ExportScreen Select { margin: 1 0; }
    ExportScreen #export-problem { color: $text-error; height: auto; }
    """

    def __init__(
        self, article_id: int, languages: list[str], folder: Path, check: ExportCheck
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.languages = languages
        self.folder = folder
        self.check = check
        self._dismissed = False  # Enter pressed twice: dismiss once
        self._asking = False  # the replace question is open

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"Export article {self.article_id} ({' '.join(self.languages)})", style="bold")
            )
            yield Select(
                [(f, f) for f in FORMATS], value="tmx", allow_blank=False, id="export-format"
            )
            yield Input(value=str(self._default_path("tmx")), id="export-path")
            yield Static("", id="export-problem")
            yield Static(
                Text("Enter: export   Esc: cancel   (moses writes PATH.<lang> files)", style="dim")
            )

    def _default_path(self, fmt: str) -> Path:
        stem = f"article-{self.article_id}-{'-'.join(self.languages)}"
        return free_name(self.folder, stem, fmt)

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one(Input)
        if path.value in {str(self._default_path(f)) for f in FORMATS}:
            path.value = str(self._default_path(str(event.value)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text or self._dismissed or self._asking:
            return
        fmt = str(self.query_one(Select).value)
        path = Path(text).expanduser()
        problem = self.check(fmt, path)
        if problem is None:
            self._close(ExportRequest(fmt, str(path)))
        elif problem == EXISTS:
            self._asking = True

            def answered(yes: bool | None) -> None:
                self._asking = False
                if yes:
                    self._close(ExportRequest(fmt, str(path), force=True))

            self.app.push_screen(
                ConfirmScreen(f"{printable(str(path))} exists. Replace it?"), answered
            )
        else:
            self.query_one("#export-problem", Static).update(Text(printable(problem)))

    def _close(self, request: ExportRequest | None) -> None:
        if not self._dismissed:
            self._dismissed = True
            self.dismiss(request)

    def action_cancel(self) -> None:
        self._close(None)
