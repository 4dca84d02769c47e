import re
from dataclasses import asdict
from pathlib import Path

import pytest

from polyglance.corpus import config

REPO = Path(__file__).resolve().parents[2]


def test_documented_config_equals_builtin_defaults():
    documented = config.load(REPO / "config.toml")
    assert documented.warnings == []
    defaults = config.Config()
    for section in ("corpus", "languages", "search", "export", "grouping"):
        assert asdict(getattr(documented, section)) == asdict(getattr(defaults, section))
    # [display] is the app's (tests/tui/test_display_config.py): kept as written
    assert set(documented.app_sections) == {"display"}


def test_lookup_order(tmp_path, monkeypatch):
    explicit, env, user = tmp_path / "e.toml", tmp_path / "v.toml", tmp_path / "u.toml"
    for path, limit in ((explicit, 1), (env, 2), (user, 3)):
        path.write_text(f"[search]\nlimit = {limit}\n")
    monkeypatch.setattr(config, "user_config_path", lambda: user)
    assert config.load().search.limit == 3
    monkeypatch.setenv(config.ENV_VAR, str(env))
    assert config.load().search.limit == 2
    assert config.load(explicit).search.limit == 1


def test_no_file_means_defaults(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "user_config_path", lambda: tmp_path / "missing.toml")
    assert config.load() == config.Config()


def test_malformed_toml_names_file_and_line(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[display]\npygments_style = "monokai"\ntheme = \n')
    with pytest.raises(config.ConfigError, match=r"c\.toml.*line 3"):
        config.load(path)


def test_wrong_type_names_line_and_key(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('# comment\n[search]\n\nlimit = "many"\n')
    with pytest.raises(config.ConfigError, match=r"line 4, search\.limit: expected a whole number"):
        config.load(path)


def test_unknown_keys_warn(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[search]\nlimmit = 3\n[colours]\nx = 1\n")
    loaded = config.load(path)
    assert any("line 2, search.limmit: unknown key" in w for w in loaded.warnings)
    assert any("[colours]: unknown section" in w for w in loaded.warnings)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_nan_and_inf_are_refused_for_float_keys(tmp_path, value):
    path = tmp_path / "c.toml"
    path.write_text(f"[search]\nmin_score = {value}\n[display]\nlow_confidence = 0.3\n")
    with pytest.raises(
        config.ConfigError, match=r"c\.toml, line 2, search\.min_score: expected a finite"
    ):
        config.load(path)


def test_out_of_range_numbers_are_refused(tmp_path):
    path = tmp_path / "c.toml"
    for body, where in (
        ("[search]\nmin_score = 101\n", "search.min_score: must be between 0 and 100"),
        ("[search]\nlimit = -1\n", "search.limit: must be 0 or more"),
    ):
        path.write_text(body)
        with pytest.raises(config.ConfigError, match=re.escape(f"line 2, {where}")):
            config.load(path)


def test_markup_in_keys_and_values_stays_plain_text(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('"[/]" = 1\n[search]\n"[/b]" = 2\n[display]\ntheme = "[/]"\n')
    loaded = config.load(path)
    assert loaded.app_sections["display"] == {"theme": "[/]"}  # the app checks it
    assert any("[/]" in w and "unknown section" in w for w in loaded.warnings)
    assert any("line 3, search.[/b]: unknown key" in w for w in loaded.warnings)


def test_the_display_section_is_kept_for_the_app_unchecked(tmp_path):
    """[display] belongs to the app: the corpus layer neither refuses nor drops it."""
    path = tmp_path / "c.toml"
    path.write_text("[search]\nlimit = 3\n[display]\nlow_confidence = 7\nnew_key = 1\n")
    loaded = config.load(path)
    assert loaded.search.limit == 3 and loaded.warnings == []
    assert loaded.app_sections == {"display": {"low_confidence": 7, "new_key": 1}}
    assert "[display]" in loaded.source_text
    assert not hasattr(loaded, "display")
