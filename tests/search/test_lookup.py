"""Translation lookup on a real index of the demo corpus (wmt16-enfi: test_wmt16_search.py)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from polyglance.corpus.locations import demo_corpus_path
from polyglance.search.lemmas import key
from polyglance.search.lookup import Translator
from polyglance.tui.pipeline import index_corpus


def test_lemma_keys_join_inflected_forms() -> None:
    assert key("poliisin", "fi") == key("poliisille", "fi") == "poliisi"
    assert key("Years", "en") == "year"
    assert key("Qwxz", "xx") == "qwxz"  # a language without a table keeps the folded word


def test_the_indexing_run_learns_the_model_and_readers_only_read_it(tmp_path: Path) -> None:
    corpus = tmp_path / "demo"
    shutil.copytree(demo_corpus_path(), corpus)
    index = tmp_path / "demo.sqlite"
    calls = []
    summary = index_corpus(corpus, index, lambda d, t, what: calls.append(what))
    assert "translation tables" in calls and summary.translation_pairs
    assert ("de", "en") in summary.translation_pairs
    conn = sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True)
    (stamp,) = conn.execute("SELECT stamp FROM lookup_models WHERE a='de' AND b='en'").fetchone()
    tr = Translator(conn)
    first = tr.lookup("lynx", "de", "en")
    assert "luchs" in [t.translation.lower() for t in first[:3]]
    assert tr.notice is None  # read from the index, not learned
    # a run that changes nothing learns nothing again
    assert index_corpus(corpus, index).translation_pairs is None
    # the corpus changes: the indexing run learns the table again
    (corpus / "toollibrary-citybeat.txt").unlink()
    assert index_corpus(corpus, index).translation_pairs
    conn = sqlite3.connect(index)
    (now,) = conn.execute("SELECT stamp FROM lookup_models WHERE a='de' AND b='en'").fetchone()
    assert now != stamp
    again = Translator(conn)
    assert "luchs" in [t.translation.lower() for t in again.lookup("lynx", "de", "en")[:3]]
    assert again.notice is None


def test_an_index_without_the_tables_is_read_and_never_written(tmp_path: Path) -> None:
    """An index made before indexing learned the tables: a reader learns the pair in
    memory, says so, and writes nothing (another process may be indexing)."""
    index = tmp_path / "demo.sqlite"
    index_corpus(demo_corpus_path(), index)
    with sqlite3.connect(index) as conn:
        for table in ("lookup_models", "lookup_rows", "lookup_forms", "lookup_keys"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP TABLE lookup_pairs")
        conn.execute("DELETE FROM search_meta WHERE key='lookup_learned'")
    conn.close()
    before = index.read_bytes()
    conn = sqlite3.connect(index)  # writable, yet never written by a reader
    tr = Translator(conn)
    found = tr.lookup("lynx", "de", "en")
    assert "luchs" in [t.translation.lower() for t in found[:3]]
    assert tr.notice and "in memory" in tr.notice and "before" in tr.notice
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "lookup_models" not in tables
    assert Translator(conn).ready("en", "de")  # kept for this process
    conn.close()
    assert index.read_bytes() == before
    assert not Path(f"{index}-wal").exists() or Path(f"{index}-wal").stat().st_size == 0
    # the next indexing run, even with nothing changed, learns them
    assert index_corpus(demo_corpus_path(), index).translation_pairs
