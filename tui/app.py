"""The polyglance Textual app: a thin shell around the main screen.

The app owns what is global: the configuration, the theme (and the pygments style that
goes with it), messages to the user, help and the command palette. Everything about the
open index and article lives on :class:`MainScreen`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from polyglance.corpus.config import Config, ConfigError

from .display_config import DisplaySettings, load_display_settings
from .highlight import style_exists
from .safe_text import printable
from .screens.help import HelpScreen, help_groups
from .screens.main import MainScreen
from .screens.message import MessageScreen
from .widgets.aligned_view import AlignedView


class PolyglanceApp(App[None]):
    """Browse an indexed corpus: pick an article, read it aligned, search everything."""

    CSS_PATH = Path(__file__).parent / "polyglance.tcss"  # absolute: subclasses live elsewhere
    TITLE = "polyglance"
    #: Narrow terminals get a narrower article list (see polyglance.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Every key binding"),
        Binding("q", "quit", "Quit", tooltip="Leave polyglance"),
    ]

    def __init__(
        self,
        index_path: Path,
        *,
        corpus: Path | None = None,
        config: Config | None = None,
        config_error: str | None = None,
        display: DisplaySettings | None = None,
    ) -> None:
        """``display``: the display settings; by default those of ``config``'s [display]
        section (a value there that cannot be used: the defaults, and the error shown)."""
        super().__init__()
        self.index_path = Path(index_path)
        self.corpus = Path(corpus) if corpus else None
        self.config = config or Config()
        self.config_error = config_error
        self.display_warnings: list[str] = []
        if display is None:
            try:
                display, self.display_warnings = load_display_settings(self.config)
            except ConfigError as exc:
                display = DisplaySettings()
                self.config_error = config_error or str(exc)
        self.display_settings = display
        self.main = MainScreen(
            self.index_path, self.corpus, self.config, self.display_settings, self._pygments_style()
        )
        if self.corpus:
            from polyglance.corpus.locations import demo_corpus_path

            is_demo = self.corpus.resolve() == demo_corpus_path().resolve()
            self.sub_title = "the built-in demo corpus" if is_demo else printable(str(self.corpus))

    def get_default_screen(self) -> Screen:
        return self.main

    def indexing_was_stopped(self) -> bool:
        """After the app has ended: whether it was left while it indexed, so that the run
        was stopped (``MainScreen.on_unmount``) and nothing of it landed."""
        return self.main.indexing_stopped

    def on_mount(self) -> None:
        self._apply_display_settings()
        if self.config_error:
            self.show_error("The config file has a problem", self.config_error)

    def on_ready(self) -> None:
        self.main.warm_search()

    def _apply_display_settings(self) -> None:
        display = self.display_settings
        if display.theme in self.available_themes:
            self.theme = display.theme
        else:
            self.say(
                f"Unknown theme {display.theme!r} in the config; using the default.", "warning"
            )
        for name in (display.pygments_style, display.pygments_style_light):
            if not style_exists(name):
                self.say(
                    f"Unknown pygments style {name!r} in the config; using 'default'.", "warning"
                )
        for warning in self.config.warnings + self.display_warnings:
            self.say(warning, "warning")

    def _pygments_style(self) -> str:
        """The configured pygments style for dark themes, the light one for light themes."""
        display = self.display_settings
        theme = self.get_theme(self.theme) if self.theme else None
        dark = theme.dark if theme is not None else True
        return display.pygments_style if dark else display.pygments_style_light

    def watch_theme(self, _theme: str) -> None:
        """A light theme gets the light pygments style (and back)."""
        if hasattr(self, "main"):
            self.main.set_style_name(self._pygments_style())

    # -- messages to the user: always plain text, never markup or terminal controls ------

    def say(self, message: str, severity: str = "information", timeout: float = 5) -> None:
        """A notification; ``message`` is data (printable, never markup)."""
        self.notify(printable(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def show_error(self, title: str, message: str) -> None:
        """A modal with a message the user can act on (never a traceback)."""
        self.push_screen(MessageScreen(printable(title), printable(message)))

    # -- help and the palette ------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_groups()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: Textual's own commands, then every action that has a key, by name."""
        yield from super().get_system_commands(screen)
        view = self.main.query_one(AlignedView)
        for target, bindings in ((self.main, MainScreen.BINDINGS), (view, view.BINDINGS)):
            for binding in bindings:
                if not isinstance(binding, Binding) or binding.action == "back":
                    continue
                if binding.action.startswith(("move", "page")):
                    continue
                yield SystemCommand(
                    binding.description,
                    binding.tooltip or binding.description,
                    self._palette_callback(binding.action, target),
                )
        yield SystemCommand("Help: keys", "Every key binding", self.action_help)

    def _palette_callback(self, action: str, target: object):
        async def run() -> None:
            await self.run_action(action, target)  # type: ignore[arg-type]

        return run
