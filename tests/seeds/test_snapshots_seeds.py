"""What the main screen looks like, with the seeds, at two terminal sizes.

Regenerate after an intended change with `pytest tests/seeds/test_snapshots_seeds.py --snapshot-update`
and look at the SVGs in tests/seeds/__snapshots__/ before committing them.
"""

import pytest

from polyglance.tui.app import PolyglanceApp

from ..conftest import SEEDS, require_module

require_module(SEEDS)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_main_screen_with_the_seeds(snap_compare, seeds_index, size):
    assert snap_compare(PolyglanceApp(seeds_index), terminal_size=size)


def test_after_moving_to_a_row(snap_compare, seeds_index):
    assert snap_compare(
        PolyglanceApp(seeds_index), terminal_size=(120, 40), press=["j", "j", "j", "j"]
    )
