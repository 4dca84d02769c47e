"""The parallel-corpus folder layout (en/x.txt beside fi/x.txt) as evidence for grouping."""

import sqlite3

from polyglance.corpus.articles import update_articles
from polyglance.corpus.group_signals import parallel_key
from polyglance.corpus.grouping import DocInfo, group_documents
from polyglance.corpus.store import Index, transaction
from polyglance.tui.pipeline import index_corpus

# Texts of our own with no name, number or acronym in common between the two languages:
# on their content alone nothing says they belong together.
EN = {
    "harbour.txt": "The old harbour wall was repaired this spring.\n\nFishermen say the work came late but is solid.\n\nThe boats are back at their moorings.",
    "orchard.txt": "An orchard on the hill gives apples again after a dry decade.\n\nThe owners planted hardier trees.\n\nNeighbours come to help with the harvest.",
}
FI = {
    "harbour.txt": "Vanha satamamuuri korjattiin tänä keväänä.\n\nKalastajien mukaan työ tuli myöhään, mutta se on tukeva.\n\nVeneet ovat taas laitureissaan.",
    "orchard.txt": "Mäen hedelmätarha tuottaa taas omenoita kuivan vuosikymmenen jälkeen.\n\nOmistajat istuttivat kestävämpiä puita.\n\nNaapurit tulevat auttamaan sadonkorjuussa.",
}


def _write(root, folders):
    for folder, texts in folders.items():
        for name, text in texts.items():
            path = root / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")


def _articles(index):
    with sqlite3.connect(index) as conn:
        rows = conn.execute(
            "SELECT a.article_id, d.path FROM article_docs a JOIN documents d ON d.id = a.doc_id"
        ).fetchall()
    found = {}
    for article, path in rows:
        found.setdefault(article, []).append(path)
    return sorted(sorted(paths) for paths in found.values())


def test_parallel_key():
    assert parallel_key("en/x.txt") == ("", "x.txt")
    assert parallel_key("news/fi/2015/x.txt") == ("news", "2015/x.txt")
    assert parallel_key("pt-BR/x.txt") == ("", "x.txt")
    assert parallel_key("x.txt") is None
    assert parallel_key("stories/x.txt") is None  # not a language name


def test_same_name_under_language_folders_is_one_article(tmp_path):
    _write(tmp_path / "corpus", {"en": EN, "fi": FI})
    index_corpus(tmp_path / "corpus", tmp_path / "i.sqlite")
    assert _articles(tmp_path / "i.sqlite") == [
        ["en/harbour.txt", "fi/harbour.txt"],
        ["en/orchard.txt", "fi/orchard.txt"],
    ]


def test_the_layout_can_be_switched_off(tmp_path):
    """``parallel_folders=False`` (``[grouping] parallel_folders = false``, which the
    indexer reads from its config and passes on): the layout is no evidence."""
    _write(tmp_path / "corpus", {"en": EN, "fi": FI})
    index_corpus(tmp_path / "corpus", tmp_path / "i.sqlite")
    with Index.open(tmp_path / "i.sqlite") as index, transaction(index.conn):
        update_articles(index.conn, [], parallel_folders=False)
    assert all(len(paths) == 1 for paths in _articles(tmp_path / "i.sqlite"))


def test_grouping_reads_no_config_of_its_own(tmp_path, monkeypatch):
    """The setting comes from the caller: a config file in the environment that switches
    the layout off does not reach ``group_documents`` unless the caller passes it."""
    config = tmp_path / "config.toml"
    config.write_text("[grouping]\nparallel_folders = false\n", encoding="utf-8")
    monkeypatch.setenv("POLYGLANCE_CONFIG", str(config))
    docs = [
        DocInfo(1, "en", frozenset(), 100, path="en/x.txt"),
        DocInfo(2, "fi", frozenset(), 110, path="fi/x.txt"),
    ]
    assert [g.members for g in group_documents(docs)] == [[1, 2]]
    assert [g.members for g in group_documents(docs, parallel_folders=False)] == [[1], [2]]


def test_folders_not_named_by_a_language_are_no_evidence(tmp_path):
    _write(tmp_path / "corpus", {"left": EN, "right": FI})
    index_corpus(tmp_path / "corpus", tmp_path / "i.sqlite")
    assert all(len(paths) == 1 for paths in _articles(tmp_path / "i.sqlite"))


def test_same_language_under_two_language_folders_is_not_an_article(tmp_path):
    _write(tmp_path / "corpus", {"en": EN, "fi": {"harbour.txt": EN["orchard.txt"]}})
    index_corpus(tmp_path / "corpus", tmp_path / "i.sqlite")
    assert all(len(paths) == 1 for paths in _articles(tmp_path / "i.sqlite"))
