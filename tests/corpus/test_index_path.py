"""Only a file that is recognisably a polyglance index is ever moved aside and rebuilt;
any other file given as the index is refused and left untouched (issue 12.2)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from polyglance.corpus import schema
from polyglance.corpus.store import IndexProblem
from polyglance.tui.cli import commands as cli
from polyglance.tui.pipeline import index_corpus
from tests.corpus.test_faults import count_docs, make_corpus


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "c"
    make_corpus(root, 4)
    return root


def fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    """The bytes and mtime of ``path``, and the files beside it."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def run_index(corpus: Path, index: Path, capsys) -> tuple[int, str]:
    code = cli.main(["index", str(corpus), "--index", str(index)])
    return code, " ".join(capsys.readouterr().err.split())


def test_a_source_document_given_as_the_index_is_refused(corpus, capsys):
    source = corpus / "a001.txt"
    before = fingerprint(source)
    code, err = run_index(corpus, source, capsys)
    assert code == 1 and "inside the corpus folder" in err and "Traceback" not in err
    assert fingerprint(source) == before
    new_inside = corpus / "sub" / "index.sqlite"  # not there yet: refused all the same
    code, err = run_index(corpus, new_inside, capsys)
    assert code == 1 and "inside the corpus folder" in err
    assert not new_inside.exists() and not new_inside.parent.exists()


def test_an_index_path_through_a_link_into_the_corpus_is_refused(corpus, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(corpus)
    with pytest.raises(IndexProblem, match="inside the corpus folder"):
        index_corpus(corpus, link / "i.sqlite")
    assert not (corpus / "i.sqlite").exists()


def test_a_copy_of_a_text_file_is_refused_untouched(corpus, tmp_path, capsys):
    copy = tmp_path / "passwd-copy"
    shutil.copy(corpus / "a000.txt", copy)
    before = fingerprint(copy)
    code, err = run_index(corpus, copy, capsys)
    assert code == 1 and "not a polyglance index" in err and "left untouched" in err
    assert str(copy) in err
    assert fingerprint(copy) == before


def test_another_sqlite_database_is_refused_untouched(corpus, tmp_path, capsys):
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes(text) VALUES ('keep me')")
    conn.close()
    before = fingerprint(other)
    code, err = run_index(corpus, other, capsys)
    assert code == 1 and "an SQLite database of something else" in err
    assert fingerprint(other) == before

    # Nor one that happens to have a table called meta.
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE meta(key TEXT, value TEXT)")
    conn.close()
    before = fingerprint(other)
    with pytest.raises(IndexProblem, match="something else"):
        index_corpus(corpus, other)
    assert fingerprint(other) == before


def test_garbage_is_refused_untouched(corpus, tmp_path):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(5000))
    before = fingerprint(garbage)
    with pytest.raises(IndexProblem, match="not an SQLite database"):
        index_corpus(corpus, garbage)
    assert fingerprint(garbage) == before


def test_a_truncated_index_of_ours_is_moved_aside_and_rebuilt(corpus, tmp_path):
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    os.truncate(index, index.stat().st_size // 2 + 100)  # SQLite itself refuses to read it
    summary = index_corpus(corpus, index)
    assert summary.notice and "moved it to" in summary.notice
    assert count_docs(index) == 4
    assert len(list(tmp_path.glob("i.sqlite.broken-*"))) == 1


def test_an_index_made_before_the_mark_is_ours_and_gets_it(corpus, tmp_path):
    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    with sqlite3.connect(index) as conn:
        conn.execute("PRAGMA application_id = 0")
    conn.close()
    summary = index_corpus(corpus, index)
    assert summary.notice is None and summary.unchanged == 4
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    conn.close()


def test_an_empty_file_becomes_the_index(corpus, tmp_path):
    index = tmp_path / "empty.sqlite"
    index.touch()
    assert index_corpus(corpus, index).indexed == 4
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    conn.close()


def test_a_folder_at_the_index_path_is_a_clear_error(corpus, tmp_path, capsys):
    folder = tmp_path / "index-folder"
    folder.mkdir()
    code, err = run_index(corpus, folder, capsys)
    assert code == 1 and "is a folder, not an index file" in err and "I/O" not in err
    assert folder.is_dir() and not any(folder.iterdir())
