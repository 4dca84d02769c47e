"""Incremental indexing, atomicity and concurrency on a real SQLite file."""

import os
import random
import sqlite3
import threading

import pytest

from polyglance.corpus import schema, store
from polyglance.corpus.store import Index, IndexBusy, IndexProblem
from polyglance.tui import pipeline
from polyglance.tui.pipeline import index_corpus


def paths(index_path):
    with sqlite3.connect(index_path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT path FROM documents"))


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


ARTICLE = (
    "A headline for the test\n\n"
    + "This is a long enough body paragraph with several words in it. " * 3
)


def test_incremental_add_change_delete(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    write(corpus / "a.txt", ARTICLE)
    write(corpus / "sub" / "b.md", ARTICLE.replace("headline", "title"))
    write(corpus / "image.png", "not really")
    first = index_corpus(corpus, index)
    assert (first.indexed, first.unchanged) == (2, 0)
    assert ("image.png", "not a text file (.png)") in first.skipped
    assert paths(index) == ["a.txt", "sub/b.md"]

    again = index_corpus(corpus, index)
    assert (again.indexed, again.unchanged, again.removed) == (0, 2, 0)

    write(corpus / "a.txt", ARTICLE.replace("test", "second test"))
    (corpus / "sub" / "b.md").unlink()
    third = index_corpus(corpus, index)
    assert (third.indexed, third.unchanged, third.removed) == (1, 0, 1)
    with sqlite3.connect(index) as conn:
        title = conn.execute("SELECT title FROM documents").fetchone()[0]
    assert title == "A headline for the second test"


def test_touched_but_identical_file_is_not_reread(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    write(corpus / "a.txt", ARTICLE)
    index_corpus(corpus, index)
    os.utime(corpus / "a.txt", ns=(1, 1))
    summary = index_corpus(corpus, index)
    assert (summary.indexed, summary.unchanged) == (0, 1)


def test_source_files_are_never_modified(demo_dir, tmp_path):
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in demo_dir.iterdir()}
    assert len(before) == 13
    index_corpus(demo_dir, tmp_path / "i.sqlite")
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in demo_dir.iterdir()}
    assert before == after


def test_interrupted_run_leaves_previous_index(tmp_path, monkeypatch):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    for k in range(5):
        write(corpus / f"{k}.txt", ARTICLE)
    index_corpus(corpus, index)
    for k in range(5, 10):
        write(corpus / f"{k}.txt", ARTICLE)
    (corpus / "0.txt").unlink()

    def interrupt(done, total, what):
        if done == 7:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_corpus(corpus, index, interrupt)
    assert paths(index) == [f"{k}.txt" for k in range(5)]


def test_second_writer_waits_then_fails_clearly(tmp_path, monkeypatch):
    corpus, index_path = tmp_path / "c", tmp_path / "i.sqlite"
    write(corpus / "a.txt", ARTICLE)
    index_corpus(corpus, index_path)
    monkeypatch.setattr("polyglance.corpus.store.BUSY_TIMEOUT_S", 0.2)
    holder = Index.open(index_path)
    started, release = threading.Event(), threading.Event()

    def hold():
        with holder.writing():
            started.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    started.wait(5)
    try:
        other = Index.open(index_path)
        other.conn.execute("PRAGMA busy_timeout = 200")
        with pytest.raises(IndexBusy, match="another polyglance is writing"), other.writing():
            pass
    finally:
        release.set()
        thread.join()
        holder.close()


def test_garbage_is_refused_and_an_outdated_index_moved_aside(tmp_path):
    corpus = tmp_path / "c"
    write(corpus / "a.txt", ARTICLE)
    garbage = tmp_path / "g.sqlite"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(IndexProblem, match="not a polyglance index"):
        index_corpus(corpus, garbage)  # not recognisably ours: never moved or replaced
    assert garbage.read_bytes() == b"this is not sqlite at all" * 100

    index = tmp_path / "i.sqlite"
    index_corpus(corpus, index)
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    summary = index_corpus(corpus, index)
    assert "schema version 0" in summary.notice and "moved it to" in summary.notice
    with sqlite3.connect(index) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    assert int(version) == schema.SCHEMA_VERSION
    assert paths(index) == ["a.txt"]
    assert len(list(tmp_path.glob("i.sqlite.broken-*"))) >= 1


def test_articles_are_realigned_only_when_their_documents_change(demo_dir, tmp_path):
    index = tmp_path / "i.sqlite"
    first = index_corpus(demo_dir, index)
    assert first.realigned == 4
    again = index_corpus(demo_dir, index)
    assert again.articles is None  # nothing changed: no regrouping at all
    french = demo_dir / "lynx-lechamois.txt"
    text = french.read_text(encoding="utf-8")
    assert "Un lâcher minutieux" in text
    french.write_text(text.replace("Un lâcher minutieux", "Un lâcher très minutieux"), "utf-8")
    third = index_corpus(demo_dir, index)
    assert (third.indexed, third.articles, third.realigned) == (1, 4, 1)
    with sqlite3.connect(index) as conn:
        heading = conn.execute(
            "SELECT p.text FROM alignment_cells c JOIN paragraphs p ON p.doc_id=c.doc_id AND p.i=c.para_i"
            " JOIN documents d ON d.id=c.doc_id WHERE d.path = 'lynx-lechamois.txt'"
            " AND p.text LIKE '%minutieux%'"
        ).fetchone()[0]
    assert heading == "Un lâcher très minutieux"


def test_search_tables_are_rebuilt_when_removed_paragraphs_pile_up(tmp_path, monkeypatch):
    from polyglance.search import Searcher

    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    for k in range(4):
        write(corpus / f"{k}.txt", ARTICLE.replace("headline", f"headline number{k}"))
    index_corpus(corpus, index)

    def stale():
        with sqlite3.connect(index) as conn:
            return int(
                conn.execute("SELECT value FROM search_meta WHERE key='stale'").fetchone()[0]
            )

    (corpus / "0.txt").unlink()
    index_corpus(corpus, index)
    assert stale() > 0  # masked, not rebuilt
    monkeypatch.setattr("polyglance.tui.pipeline.STALE_SHARE_FOR_REBUILD", 0.01)
    (corpus / "1.txt").unlink()
    index_corpus(corpus, index)
    assert stale() == 0
    hits = Searcher(index).search("number1", limit=10)
    assert hits == [] or all("number1" not in h.text for h in hits)
    assert [h.path for h in Searcher(index).search("number3", limit=10)][:1] == ["3.txt"]


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE search_postings",
        "DELETE FROM search_words",
        "DELETE FROM search_grams",
        "DELETE FROM search_arrays",
        "DELETE FROM search_meta",
        "DROP TABLE search_meta",
    ],
)
def test_index_rebuilds_search_tables_removed_or_emptied_by_hand(tmp_path, damage):
    from polyglance.search import Searcher

    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    for k in range(3):
        write(corpus / f"{k}.txt", ARTICLE.replace("headline", f"headline number{k}"))
    index_corpus(corpus, index)
    with sqlite3.connect(index) as conn:
        conn.execute(damage)
    conn.close()
    summary = index_corpus(corpus, index)  # nothing changed in the corpus
    assert summary.notice and "search tables" in summary.notice and "rebuilt" in summary.notice
    assert [h.path for h in Searcher(index).search("number2", limit=5)][:1] == ["2.txt"]
    assert index_corpus(corpus, index).notice is None  # and sound from then on


def test_progress_names_every_stage_with_its_own_count(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    for k in range(3):
        write(corpus / f"{k}.txt", ARTICLE.replace("headline", f"headline number{k}"))
    calls = []
    index_corpus(corpus, index, lambda done, total, what: calls.append((what, done, total)))
    stages = list(dict.fromkeys(what for what, _, _ in calls))
    assert stages == ["reading", "grouping", "aligning", "search index", "translation tables"]
    by_stage = {what: [(d, t) for w, d, t in calls if w == what] for what in stages}
    assert by_stage["reading"][0] == (0, 3) and by_stage["reading"][-1] == (3, 3)
    grouping = by_stage["grouping"]
    assert grouping[0] == (0, 100) and grouping[-1] == (100, 100)
    assert all(t == 100 for _, t in grouping) and grouping == sorted(grouping)  # never back
    assert any(0 < d < 25 for d, _ in grouping)  # told while the documents' signals are read
    assert by_stage["aligning"][-1][0] == by_stage["aligning"][-1][1] >= 1
    assert (
        all(0 <= d <= t for d, t in by_stage["search index"])
        and by_stage["search index"][-1][0] == by_stage["search index"][-1][1]
    )


# -- the whole-file check, and when it is skipped ------------------------------------------------


@pytest.fixture
def checks(monkeypatch):
    """Counts the whole-file checks (quick_check) of writers."""
    calls = []
    real = store._quick_check

    def counted(conn):
        calls.append(1)
        return real(conn)

    monkeypatch.setattr(store, "_quick_check", counted)
    return calls


def _corpus(tmp_path, n=3):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    for k in range(n):
        write(corpus / f"{k}.txt", ARTICLE.replace("headline", f"headline number{k}"))
    return corpus, index


def test_a_run_that_changes_nothing_writes_nothing_and_checks_nothing_again(tmp_path, checks):
    corpus, index = _corpus(tmp_path)
    index_corpus(corpus, index)
    assert checks == []  # a new file: nothing to check
    stat = index.stat()
    again = index_corpus(corpus, index)
    assert again.unchanged == 3 and checks == []  # as the clean run left it
    assert (index.stat().st_mtime_ns, index.stat().st_size) == (stat.st_mtime_ns, stat.st_size)
    with sqlite3.connect(index) as conn:  # another program writes it
        conn.execute("INSERT INTO meta(key, value) VALUES('x', 'y')")
    conn.close()
    index_corpus(corpus, index)
    assert checks == [1]
    index_corpus(corpus, index)
    assert checks == [1]


def test_an_unclean_stop_means_a_whole_check_next_time(tmp_path, checks, monkeypatch):
    corpus, index = _corpus(tmp_path)
    index_corpus(corpus, index)
    write(corpus / "new.txt", ARTICLE.replace("headline", "other headline"))

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_later_steps", lambda _parallel_folders: [killed])
    with pytest.raises(KeyboardInterrupt):
        index_corpus(corpus, index)
    monkeypatch.undo()
    monkeypatch.setattr(store, "_quick_check", lambda conn: checks.append(1))
    assert index_corpus(corpus, index).indexed == 1 and checks == [1]


def test_an_old_proof_is_not_trusted(tmp_path, checks, monkeypatch):
    corpus, index = _corpus(tmp_path)
    index_corpus(corpus, index)
    monkeypatch.setattr(store, "SOUND_FOR_S", 0)
    index_corpus(corpus, index)
    assert checks == [1]


def _damage_page(index, table, keep_stat=True):
    """Garbage in the root page of ``table``, the file's size and mtime kept (as a failing
    disk would leave it, unseen by stat)."""
    st = index.stat()
    with sqlite3.connect(index) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()
    conn.close()
    with open(index, "r+b") as handle:
        handle.seek((root[0] - 1) * page)
        handle.write(random.Random(5).randbytes(page))
    if keep_stat:
        os.utime(index, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert store.known_sound(index)


def test_damage_unseen_by_stat_is_still_found_when_opening(tmp_path, checks):
    corpus, index = _corpus(tmp_path)
    index_corpus(corpus, index)
    _damage_page(index, "paragraphs")
    summary = index_corpus(corpus, index)
    assert summary.notice and "moved it to" in summary.notice
    assert summary.indexed == 3 and len(list(tmp_path.glob("i.sqlite.broken-*"))) >= 1


def test_damage_met_during_a_run_checks_the_whole_file_and_rebuilds(tmp_path, checks, monkeypatch):
    corpus, index = _corpus(tmp_path)
    index_corpus(corpus, index)
    real = pipeline.update_documents
    seen = []

    def damaged_once(index_, root, progress):
        if not seen:
            seen.append(1)
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(index_, root, progress)

    monkeypatch.setattr(pipeline, "update_documents", damaged_once)
    summary = index_corpus(corpus, index)
    assert checks == [1] and summary.unchanged == 3  # checked in full: sound after all


def test_a_reader_meeting_damage_makes_the_next_writer_check(tmp_path, checks):
    corpus, index = _corpus(tmp_path)
    index_corpus(corpus, index)
    assert store.known_sound(index)
    _damage_page(index, "meta")
    with pytest.raises(IndexProblem):
        Index.open(index, readonly=True)
    assert not store.known_sound(index)
    assert index_corpus(corpus, index).notice
