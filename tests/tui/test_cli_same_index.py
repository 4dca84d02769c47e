"""The same folder gives the same index, table by table, whatever the process's string
hashing (PYTHONHASHSEED): `polyglance index` run for real on the demo corpus."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

#: Rows that name the run itself, not its input.
RUN_STAMPS = {("meta", "indexed_at")}


def _index(corpus: Path, index: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", "index", str(corpus), "--index", str(index)],
        env=env,
        capture_output=True,
        check=True,
    )


def _tables(index: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(index)
    names = [
        n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1")
    ]
    out = {}
    for name in names:
        rows = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        out[name] = [r for r in rows if (name, r[0]) not in RUN_STAMPS]
    conn.close()
    return out


def test_the_same_folder_gives_the_same_index_under_any_hash_seed(demo_dir, tmp_path):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    _index(demo_dir, first, "1")
    _index(demo_dir, second, "2")
    a, b = _tables(first), _tables(second)
    assert a.keys() == b.keys()
    assert a["search_words"] and a["alignment_rows"] and a["lookup_models"]
    assert [name for name in a if a[name] != b[name]] == []
