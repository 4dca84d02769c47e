"""What the app looks like on the built-in demo corpus (no ../shared needed).

Regenerate after an intended change with
`pytest tests/tui/test_snapshots_demo.py --snapshot-update` and look at the SVGs in
tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest

from polyglance.tui.app import PolyglanceApp
from polyglance.tui.display_config import DisplaySettings


def _app(index, theme: str = "textual-dark") -> PolyglanceApp:
    return PolyglanceApp(index, display=DisplaySettings(theme=theme))


async def _search(pilot, query: str) -> None:
    await pilot.press("slash")
    for ch in query:
        await pilot.press(ch if ch != " " else "space")
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(140, 40), (80, 24)], ids=["140x40", "80x24"])
def test_demo_main_screen(snap_compare, demo_index, size):
    assert snap_compare(_app(demo_index), terminal_size=size)


def test_demo_light_theme(snap_compare, demo_index):
    assert snap_compare(_app(demo_index, "textual-light"), terminal_size=(140, 40))


def test_demo_hit_list_with_counts(snap_compare, demo_index):
    assert snap_compare(
        _app(demo_index), terminal_size=(140, 40), run_before=lambda pilot: _search(pilot, "Luchs")
    )


def test_demo_no_hits(snap_compare, demo_index):
    assert snap_compare(
        _app(demo_index), terminal_size=(140, 40), run_before=lambda pilot: _search(pilot, "qqxqqz")
    )


def test_demo_after_moving_to_a_row(snap_compare, demo_index):
    assert snap_compare(_app(demo_index), terminal_size=(120, 40), press=["j", "j", "j", "j"])
