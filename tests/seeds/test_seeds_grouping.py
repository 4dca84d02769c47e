"""The seeds group into one four-language article and a lone German one, with or without
their source lines (the demo counterparts: tests/corpus/test_grouping.py)."""

from polyglance.tui.pipeline import index_corpus

from ..conftest import SEEDS, require_module
from ..corpus.test_grouping import groups_by_prefix

require_module(SEEDS)


def test_seeds_group_into_one_article_and_a_lone_one(seeds_index):
    assert groups_by_prefix(seeds_index) == [["000", "001", "002", "004"], ["003"]]


def test_seeds_without_source_lines_group_the_same(tmp_path):
    corpus = tmp_path / "nosource"
    corpus.mkdir()
    for path in SEEDS.iterdir():
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if "https://" not in line]
        assert len(kept) < len(lines) or path.name.startswith("003")
        (corpus / path.name).write_text("\n".join(kept), encoding="utf-8")
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    assert groups_by_prefix(index) == [["000", "001", "002", "004"], ["003"]]
