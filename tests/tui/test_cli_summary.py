"""The index summary says what was repaired and how many languages the articles have."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from .conftest import DEMO


def test_index_json_counts_repairs_and_articles_by_languages(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    text = "Pääministeri kertoi tiistaina, että hallitus jatkaa neuvotteluja.\n"
    (corpus / "mojibake.txt").write_bytes(text.encode("utf-8").decode("latin-1").encode("utf-8"))
    index = tmp_path / "i.sqlite"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "polyglance.tui.cli",
            "index",
            str(corpus),
            "--index",
            str(index),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(out.stdout)
    assert summary["repaired"] == 1
    assert summary["articles"] == {"4": 3, "1": 2}  # three stories in 4 languages; 2 alone
    assert summary["manual_notices"] == []
