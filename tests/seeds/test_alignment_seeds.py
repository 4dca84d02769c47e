"""The seed article aligned across nb, ms, de and fr, as stored in a real index."""

import sqlite3

import pytest

from polyglance.corpus.queries import article_table, find_article

from ..conftest import SEEDS, require_module

require_module(SEEDS)


@pytest.fixture(scope="module")
def table(seeds_index):
    with sqlite3.connect(seeds_index) as conn:
        article = find_article(conn, "000_fd80a19615d22060.txt")
        yield article_table(conn, article)


def test_languages(table):
    assert table.languages == ["de", "fr", "ms", "nb"]
    assert table.title == "Mark Zuckerbergs merkelige oppførsel"


def test_every_ms_de_fr_paragraph_is_one_to_one(table):
    for row in table.rows:
        present = [lang for lang in ("ms", "de", "fr") if row.cells[lang] is not None]
        assert present in ([], ["ms", "de", "fr"]), row
        for lang in present:
            assert "\n\n" not in row.cells[lang], (row.index, lang)


def test_norwegian_sits_in_the_same_rows(table):
    rows = [r for r in table.rows if r.cells["fr"] is not None]
    assert len(rows) == 18
    assert all(r.cells["nb"] is not None and "\n\n" not in r.cells["nb"] for r in rows)
    sutskever = [r for r in table.rows if "Sutskever" in (r.cells["nb"] or "")]
    assert len(sutskever) == 2
    for row in sutskever:
        assert all("Sutskever" in row.cells[lang] for lang in ("ms", "de", "fr"))


def test_norwegian_title_and_lead_stand_alone(table):
    alone = [r for r in table.rows if r.cells["fr"] is None]
    assert [r.cells["nb"][:30] for r in alone] == [
        "Mark Zuckerbergs merkelige opp",
        "Zuckerberg rekrutterte personl",
    ]
    assert all(r.cells["ms"] is None and r.cells["de"] is None for r in alone)


def test_confidences_are_probabilities(table):
    assert all(0.0 <= r.confidence <= 1.0 for r in table.rows)
