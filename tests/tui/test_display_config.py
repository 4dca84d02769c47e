"""The app's [display] settings (tui/display_config.py): read from the config file that
the corpus layer loads, checked with the same messages (file, line, key)."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pytest

from polyglance.corpus import config
from polyglance.tui.app import PolyglanceApp
from polyglance.tui.display_config import DisplaySettings, load_display_settings

REPO = Path(__file__).resolve().parents[2]


def display_of(path: Path) -> tuple[DisplaySettings, list[str]]:
    return load_display_settings(config.load(path))


def test_documented_display_settings_equal_the_defaults():
    settings, warnings = display_of(REPO / "config.toml")
    assert warnings == []
    assert asdict(settings) == asdict(DisplaySettings())


def test_no_section_or_no_file_means_defaults(tmp_path):
    assert load_display_settings(config.Config()) == (DisplaySettings(), [])
    path = tmp_path / "c.toml"
    path.write_text("[search]\nlimit = 3\n")
    assert display_of(path) == (DisplaySettings(), [])


def test_values_are_read(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        '[display]\ntheme = "nord"\npygments_style = "native"\nshow_boilerplate = true\n'
        "low_confidence = 1\n"
    )
    settings, _ = display_of(path)
    assert settings == DisplaySettings(
        pygments_style="native", theme="nord", show_boilerplate=True, low_confidence=1.0
    )
    assert isinstance(settings.low_confidence, float)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_nan_and_inf_are_refused(tmp_path, value):
    path = tmp_path / "c.toml"
    path.write_text(f"[display]\nlow_confidence = {value}\n")
    with pytest.raises(
        config.ConfigError, match=r"c\.toml, line 2, display\.low_confidence: expected a finite"
    ):
        display_of(path)


def test_wrong_types_and_ranges_name_the_line_and_key(tmp_path):
    path = tmp_path / "c.toml"
    for body, where in (
        (
            "[display]\nlow_confidence = 1.5\n",
            "line 2, display.low_confidence: must be between 0 and 1",
        ),
        (
            "[display]\nshow_boilerplate = 3\n",
            "line 2, display.show_boilerplate: expected true or false",
        ),
        ("# x\n[display]\ntheme = 3\n", "line 3, display.theme: expected a string"),
    ):
        path.write_text(body)
        with pytest.raises(config.ConfigError, match=re.escape(where)):
            display_of(path)
    path.write_text('display = "dark"\n')
    with pytest.raises(config.ConfigError, match=r"must be a table \[display\]"):
        display_of(path)


def test_unknown_keys_warn(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[display]\ntheme = 'nord'\nthem = 'x'\n")
    settings, warnings = display_of(path)
    assert settings.theme == "nord"
    assert len(warnings) == 1 and "line 3, display.them: unknown key, ignored" in warnings[0]


def test_app_takes_them_from_its_config(tmp_path, demo_index):
    path = tmp_path / "c.toml"
    path.write_text("[display]\nlow_confidence = 0.25\nshow_boilerplate = true\nodd = 1\n")
    app = PolyglanceApp(demo_index, config=config.load(path))
    assert app.display_settings.low_confidence == 0.25
    assert app.main.show_boilerplate is True
    assert app.config_error is None
    assert any("display.odd: unknown key" in w for w in app.display_warnings)


def test_app_with_unusable_display_values_opens_with_defaults_and_says_so(tmp_path, demo_index):
    path = tmp_path / "c.toml"
    path.write_text("[search]\nlimit = 7\n[display]\nlow_confidence = 2\n")
    loaded = config.load(path)  # the corpus layer keeps [display] for the app
    app = PolyglanceApp(demo_index, config=loaded)
    assert app.display_settings == DisplaySettings()
    assert "line 4, display.low_confidence: must be between 0 and 1" in app.config_error
    assert app.config.search.limit == 7  # the other settings stay as written
