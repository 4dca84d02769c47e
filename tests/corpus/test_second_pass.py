"""The second alignment pass on real news (wmt16-enfi ``clean/``): its two stages are told
with their own counts, and a stop inside them leaves the index as it was."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from polyglance.corpus.indexer import IndexingStopped
from polyglance.tui.pipeline import index_corpus

from ..conftest import SHARED, require_module

WMT = require_module(SHARED / "dev" / "wmt16-enfi")


def news(folder: Path, first: int, last: int) -> Path:
    """Articles ``first .. last-1`` of the gold list (each an English and a Finnish file)."""
    gold = json.loads((WMT / "gold.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    for en, fi in gold["articles"][first:last]:
        for name in (en, fi):
            shutil.copyfile(WMT / "clean" / name, folder / Path(name).name)
    return folder


def state(index: Path) -> tuple[list, list, int]:
    with sqlite3.connect(index) as conn:
        return (
            sorted(conn.execute("SELECT path, sha256 FROM documents")),
            sorted(conn.execute("SELECT article_id, doc_id FROM article_docs")),
            conn.execute("SELECT COUNT(*) FROM alignment_rows").fetchone()[0],
        )


def test_the_second_pass_tells_its_stages_with_their_own_counts(tmp_path):
    calls: list[tuple[str, int, int]] = []
    index = tmp_path / "i.sqlite"
    index_corpus(news(tmp_path / "c", 0, 20), index, lambda d, t, w: calls.append((w, d, t)))
    stages = list(dict.fromkeys(w for w, _, _ in calls))
    assert stages[2:5] == ["aligning", "learning word pairs", "realigning"]
    for stage in stages[2:5]:
        told = [(d, t) for w, d, t in calls if w == stage]
        assert told[0][0] == 0 and told[-1][0] == told[-1][1] >= 1
        assert len({t for _, t in told}) == 1 and told == sorted(told)  # never back
    assert {t for w, _, t in calls if w == "learning word pairs"} == {1}  # en-fi
    with sqlite3.connect(index) as conn:
        pairs = conn.execute(
            "SELECT COUNT(*) FROM (SELECT article_id FROM article_docs"
            " GROUP BY article_id HAVING COUNT(*) > 1)"
        ).fetchone()[0]
    assert {t for w, _, t in calls if w == "realigning"} == {pairs} and pairs >= 18


@pytest.mark.parametrize("stage", ["learning word pairs", "realigning"])
def test_a_stop_in_the_second_pass_keeps_the_index_as_it_was(tmp_path, stage):
    corpus, index = news(tmp_path / "c", 0, 16), tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    before = state(index)
    news(corpus, 16, 20)

    def stop(done: int, total: int, what: str) -> None:
        if what == stage:
            raise IndexingStopped

    with pytest.raises(IndexingStopped):
        index_corpus(corpus, index, stop)
    assert state(index) == before
    index_corpus(corpus, index)  # and the next run indexes what the stopped one did not
    assert len(state(index)[0]) == 40
