"""The app's display settings: the ``[display]`` section of the config file.

The corpus layer's :mod:`polyglance.corpus.config` finds and reads the file and keeps this
section as written (``Config.app_sections``); it is checked here, with the same rules and
messages (file, line and key) as the other sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from polyglance.corpus import config as config_mod

SECTION = "display"

#: Bounds of numeric display settings, as in corpus.config.
_RANGES: config_mod.Ranges = {(SECTION, "low_confidence"): (0, 1)}


@dataclass
class DisplaySettings:
    pygments_style: str = "monokai"
    pygments_style_light: str = "default"
    theme: str = "textual-dark"
    show_boilerplate: bool = False
    low_confidence: float = 0.7


def load_display_settings(config: config_mod.Config) -> tuple[DisplaySettings, list[str]]:
    """The ``[display]`` settings of ``config`` (the defaults where the file has none) and
    the warnings about what was not understood (unknown keys).

    Raises :class:`polyglance.corpus.config.ConfigError` for a value that cannot be used.
    """
    settings = DisplaySettings()
    values = config.app_sections.get(SECTION)
    if values is None:
        return settings, []
    path = config.source or Path("config.toml")
    warnings = config_mod.read_section(settings, values, SECTION, path, config.source_text, _RANGES)
    return settings, warnings
