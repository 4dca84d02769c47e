"""The help screen, built from the bindings themselves so that it cannot drift."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from polyglance.search.query import SYNTAX_HELP


def _key_name(key: str) -> str:
    names = {
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "slash": "/",
        "question_mark": "?",
        "escape": "Esc",
        "pagedown": "PgDn",
        "pageup": "PgUp",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def bindings_table(groups: list[tuple[str, list[Binding]]]) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=16)
    table.add_column("action")
    for title, bindings in groups:
        table.add_row(Text(title, style="underline"), "")
        for binding in bindings:
            if binding.description:
                table.add_row(_key_name(binding.key), binding.description)
        table.add_row("", "")
    table.add_row("Ctrl+P", "Command palette: every action by name")
    return table


def help_groups() -> list[tuple[str, list[Binding]]]:
    """Every binding of the app, its widgets and its dialogs, by where it works.

    The one list the help screen shows; a test checks that every class of the app that
    declares BINDINGS is in it, so a new key cannot be left out of the help."""
    from ..app import PolyglanceApp
    from ..widgets.aligned_view import AlignedView
    from ..widgets.article_list import ArticleFilter
    from ..widgets.search_panel import SearchPanel
    from .confirm import ConfirmScreen
    from .export import ExportScreen
    from .languages import LanguagePicker
    from .lookup import LookupScreen
    from .main import MainScreen
    from .message import MessageScreen
    from .skipped import SkippedScreen

    places: list[tuple[str, type[DOMNode]]] = [
        ("Everywhere", PolyglanceApp),
        ("Main screen", MainScreen),
        ("Aligned panes", AlignedView),
        ("Search box and hits", SearchPanel),
        ("Article filter", ArticleFilter),
        ("Languages dialog", LanguagePicker),
        ("Export dialog", ExportScreen),
        ("Yes/no questions", ConfirmScreen),
        ("Skipped files", SkippedScreen),
        ("Translation lookup", LookupScreen),
        ("Messages", MessageScreen),
        ("This help", HelpScreen),
    ]
    return [(title, [b for b in cls.BINDINGS if isinstance(b, Binding)]) for title, cls in places]


class HelpScreen(ModalScreen[None]):
    """Every key binding of the app and its panes, and the search syntax."""

    AUTO_FOCUS = "VerticalScroll"

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-height: 90%; height: auto; padding: 1 2;
        border: thick $primary; background: $panel;
    }
    """

    def __init__(self, groups: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("polyglance — keys", style="bold"))
            yield Static(bindings_table(self.groups))
            yield Static(Text(SYNTAX_HELP))
            yield Static(Text("Esc, q or ? closes this help.", style="dim"))
