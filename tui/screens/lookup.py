"""Translation lookup: how the corpus translates the current query, with its examples.

Each translation the corpus attests is a line (best first, per language); Enter on it
shows the aligned rows that attest it, and Enter on one of those opens its article at
that row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from polyglance.search.lookup import Translation

#: Characters of an example's source and target shown.
EXAMPLE_CHARS = 100


def _cut(text: str, n: int = EXAMPLE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


class LookupScreen(ModalScreen[tuple[int, int] | None]):
    """Translations of a phrase per language; Enter: its examples; Enter on one: open it."""

    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape,q", "close", "Close")]

    DEFAULT_CSS = """
    LookupScreen { align: center middle; }
    LookupScreen > Vertical {
        width: 90%; max-width: 130; height: auto; max-height: 85%; padding: 1 2;
        border: thick $primary; background: $panel;
    }
    LookupScreen OptionList { height: auto; max-height: 40; border: none; }
    """

    def __init__(
        self, phrase: str, source: str | None, found: dict[str, list[Translation]]
    ) -> None:
        super().__init__()
        self.phrase = phrase
        self.source = source
        self.found = found
        self.open: tuple[str, int] | None = None  # (lang, k): the translation shown with examples

    def compose(self) -> ComposeResult:
        with Vertical():
            where = f" ({self.source})" if self.source else ""
            yield Static(Text(f"How the corpus translates “{self.phrase}”{where}", style="bold"))
            yield OptionList(*self._options())
            yield Static(Text("Enter: examples / open the row   Esc: close", style="dim"))

    def _options(self) -> list[Option]:
        options: list[Option] = []
        if not any(self.found.values()):
            langs = ", ".join(self.found) or "the languages shown"
            note = (
                f"No translation attested in {langs}."
                if self.source
                else ("None of these words is in the corpus.")
            )
            return [Option(Text(note, style="italic"), disabled=True)]
        for lang, translations in self.found.items():
            options.append(Option(Text(f"→ {lang}", style="bold underline"), disabled=True))
            if not translations:
                options.append(Option(Text("   (none attested)", style="dim"), disabled=True))
            for k, t in enumerate(translations):
                line = Text(f"   {t.translation}", style="bold")
                line.append(
                    f"   {t.score:5.1f}   {t.rows} row{'s' if t.rows != 1 else ''}", style="dim"
                )
                options.append(Option(line, id=f"t:{lang}:{k}"))
                if self.open == (lang, k):
                    for e, example in enumerate(t.examples):
                        text = Text(
                            f"      article {example.article} row {example.row}: ", style="dim"
                        )
                        text.append(_cut(example.source))
                        text.append("\n        → ")
                        text.append(_cut(example.target), style="italic")
                        options.append(Option(text, id=f"e:{lang}:{k}:{e}"))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        kind, lang, *rest = option_id.split(":")
        if kind == "t":
            k = int(rest[0])
            self.open = None if self.open == (lang, k) else (lang, k)
            options = self.query_one(OptionList)
            options.clear_options()
            options.add_options(self._options())
            for index in range(options.option_count):
                if options.get_option_at_index(index).id == option_id:
                    options.highlighted = index
        elif kind == "e":
            k, e = int(rest[0]), int(rest[1])
            example = self.found[lang][k].examples[e]
            self.dismiss((example.article, example.row))

    def action_close(self) -> None:
        self.dismiss(None)
