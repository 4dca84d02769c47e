"""Settings from config.toml: defaults, lookup order, validation with precise messages.

Lookup order: ``--config FILE``, ``$POLYGLANCE_CONFIG``, the user config dir
(``platformdirs``), then the built-in defaults below. The repository's top-level
``config.toml`` documents every key with these same defaults (a test keeps them equal).

The ``[display]`` section (theme, pygments styles, ...) is the app's: it is kept here as
written, in ``Config.app_sections``, and read and checked by ``polyglance.tui.display_config``
with :func:`read_section`, so that the same messages name its file, line and key.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

from .locations import user_config_path

ENV_VAR = "POLYGLANCE_CONFIG"


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file, line and key."""


@dataclass
class CorpusSettings:
    paths: list[str] = field(default_factory=list)
    index: str = ""


@dataclass
class LanguageSettings:
    preferred: list[str] = field(default_factory=list)


@dataclass
class SearchSettings:
    limit: int = 50
    min_score: float = 60.0
    debounce_ms: int = 40


@dataclass
class ExportSettings:
    source_lang: str = ""


@dataclass
class GroupingSettings:
    parallel_folders: bool = True


@dataclass
class Config:
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    languages: LanguageSettings = field(default_factory=LanguageSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    export: ExportSettings = field(default_factory=ExportSettings)
    grouping: GroupingSettings = field(default_factory=GroupingSettings)
    source: Path | None = None  # the file it came from, if any
    warnings: list[str] = field(default_factory=list)
    #: The sections of APP_SECTIONS as written in the file (unchecked: the app checks them).
    app_sections: dict[str, object] = field(default_factory=dict)
    #: The text of the file, for the line numbers of messages about app sections.
    source_text: str = ""

    def path_setting(self, value: str) -> Path:
        """A path written in the config file: ``~`` expanded, a relative one taken from
        the folder of that file (not from wherever the command happens to run)."""
        path = Path(value).expanduser()
        if not path.is_absolute() and self.source is not None:
            path = self.source.parent / path
        return path

    def index_path(self) -> Path | None:
        """``corpus.index`` as a path, or None when it is not set."""
        return self.path_setting(self.corpus.index) if self.corpus.index else None

    def corpus_paths(self) -> list[Path]:
        """``corpus.paths`` as paths."""
        return [self.path_setting(p) for p in self.corpus.paths]


_SECTIONS = ("corpus", "languages", "search", "export", "grouping")
#: Sections that belong to the app (polyglance.tui.display_config): kept, not checked here.
APP_SECTIONS = ("display",)

#: Bounds of numeric settings, (section, key): (lowest, highest); None is unbounded.
Ranges = dict[tuple[str, str], tuple[float | None, float | None]]
_RANGES: Ranges = {
    ("search", "limit"): (0, None),
    ("search", "min_score"): (0, 100),
    ("search", "debounce_ms"): (0, None),
}


def _key_pattern(key: str) -> str:
    """A TOML key as it may be written: bare, "quoted" or 'literal'."""
    k = re.escape(key)
    return rf"(?:{k}|\"{k}\"|'{k}')\s*="


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """The line number where ``[section]`` (or its ``key``) is written, if found."""
    in_section = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ") == section
            if in_section and key is None:
                return number
        elif in_section and key and re.match(_key_pattern(key), stripped):
            return number
    return None


def _where(path: Path, text: str, section: str, key: str | None = None) -> str:
    line = _line_of(text, section, key)
    name = f"{section}.{key}" if key else f"[{section}]"
    return f"{path}, line {line}, {name}" if line else f"{path}, {name}"


def _check(value: object, default: object) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):  # nan and inf are numbers to TOML, not settings
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return False
        return math.isfinite(value)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return True


def _type_name(default: object) -> str:
    names = {
        bool: "true or false",
        float: "a finite number",
        int: "a whole number",
        str: "a string",
    }
    return names.get(type(default), "a list of strings")


def parse(text: str, path: Path) -> Config:
    """Build a Config from TOML ``text``; raise ConfigError naming file, line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    config = Config(source=path, source_text=text)
    for section, values in data.items():
        if section in APP_SECTIONS:
            config.app_sections[section] = values
            continue
        if section not in _SECTIONS:
            config.warnings.append(f"{_where(path, text, section)}: unknown section, ignored")
            continue
        config.warnings += read_section(getattr(config, section), values, section, path, text)
    return config


def read_section(
    target: object,
    values: object,
    section: str,
    path: Path,
    text: str,
    ranges: Ranges | None = None,
) -> list[str]:
    """Set the fields of the dataclass ``target`` from the TOML table ``values`` of
    ``[section]``, checked against the fields' defaults and the bounds of ``ranges``
    (default: this module's); raise ConfigError naming file, line and key. Returns the
    warnings (unknown keys)."""
    if not isinstance(values, dict):
        raise ConfigError(f"{_where(path, text, section)}: must be a table [{section}]")
    bounds_of = _RANGES if ranges is None else ranges
    warnings = []
    known = {f.name: getattr(target, f.name) for f in fields(target)}  # type: ignore[arg-type]
    for key, value in values.items():
        if key not in known:
            warnings.append(f"{_where(path, text, section, key)}: unknown key, ignored")
            continue
        if not _check(value, known[key]):
            raise ConfigError(
                f"{_where(path, text, section, key)}: expected {_type_name(known[key])}, "
                f"got {value!r}"
            )
        low, high = bounds_of.get((section, key), (None, None))
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low} or more" if high is None else f"between {low} and {high}"
            raise ConfigError(
                f"{_where(path, text, section, key)}: must be {bounds}, got {value!r}"
            )
        if isinstance(known[key], float):
            value = float(value)
        setattr(target, key, value)
    return warnings


def find_config_file(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The config file to use, by the lookup order; None means built-in defaults."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get(ENV_VAR):
        return Path(env)
    user = user_config_path()
    return user if user.is_file() else None


def load(explicit: str | os.PathLike[str] | None = None) -> Config:
    path = find_config_file(explicit)
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: config file is not UTF-8 ({exc})") from exc
    return parse(text, path)
