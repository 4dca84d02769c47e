"""Manual rows in a real index: edits, persistence across indexing runs, changed documents,
exports, and a process killed with SIGKILL in the middle of editing."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from polyglance.corpus import export, manual, manual_restore, manual_store, queries
from polyglance.corpus.manual import Edit, TableError
from polyglance.corpus.store import Index
from polyglance.tui.pipeline import index_corpus

from .manual_fixture import ARTICLE, NB, OTHER, make_index, write

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path):
    return make_index(tmp_path)


def article_of(conn) -> int:
    found = queries.find_article(conn, "en.txt")
    assert found is not None
    return found


def stored(index_path: Path) -> tuple[list[dict[str, list[int]]], list[bool], list[bool]]:
    with Index.open(index_path, readonly=True) as index:
        table = manual_store.load_table(index.conn, article_of(index.conn))
        manual.validate(table, manual_store.content_ids(index.conn, article_of(index.conn)))
        return table.as_lists(), [r.manual for r in table.rows], [r.confirmed for r in table.rows]


def edit(index_path: Path, *edits: Edit) -> None:
    with Index.open(index_path) as index:
        for e in edits:
            manual_store.apply_edit(index.conn, article_of(index.conn), e)


def test_load_table_is_the_shown_table(corpus):
    _, path = corpus
    with Index.open(path, readonly=True) as index:
        article = article_of(index.conn)
        table = manual_store.load_table(index.conn, article)
        shown = queries.article_table(index.conn, article)
    assert table.languages == ("de", "en", "fr")
    assert [{k: list(v) for k, v in r.cells.items()} for r in table.rows] == [
        r.paragraphs for r in shown.rows
    ]
    assert not any(r.manual for r in shown.rows)


def test_an_edit_is_stored_and_marks_its_rows(corpus):
    _, path = corpus
    edit(path, Edit("merge", 2), Edit("confirm", 4))
    rows, manual_marks, confirmed = stored(path)
    assert rows[2] == {"de": [2, 3], "en": [2, 3], "fr": [2, 3]} and len(rows) == 6
    assert manual_marks == [False, False, True, False, True, False]
    assert confirmed == [False, False, False, False, True, False]
    with Index.open(path, readonly=True) as index:
        shown = queries.article_table(index.conn, article_of(index.conn))
    assert [r.manual for r in shown.rows] == manual_marks
    assert shown.rows[2].cells["en"] == ARTICLE["en.txt"][2] + "\n\n" + ARTICLE["en.txt"][3]
    assert shown.rows[2].confidence == 1.0


def test_an_invalid_table_is_refused_and_nothing_changes(corpus):
    _, path = corpus
    before = stored(path)
    with Index.open(path) as index:
        article = article_of(index.conn)
        table = manual_store.load_table(index.conn, article)
        broken = manual.Table(table.languages, (table.rows[1], table.rows[0], *table.rows[2:]))
        with pytest.raises(TableError, match="row 0: de paragraph 1 comes before paragraph 0"):
            manual_store.set_table(index.conn, article, broken)
        assert not index.conn.in_transaction
    assert stored(path) == before


def test_manual_rows_survive_reindexing_and_a_new_file(corpus):
    root, path = corpus
    edit(path, Edit("merge", 2), Edit("split", 2, "fr", 1), Edit("confirm", 0))
    before = stored(path)
    index_corpus(root, path)  # nothing changed
    assert stored(path) == before
    write(root, *OTHER)  # another article joins the index
    index_corpus(root, path)
    assert stored(path) == before
    with Index.open(path, readonly=True) as index:
        assert len(queries.articles(index.conn)) == 2
        assert manual_restore.last_notices(index.conn) == []


def test_a_changed_document_keeps_its_untouched_manual_rows(corpus):
    root, path = corpus
    # Rows 1+2 merged (manual) and row 5 confirmed; then the English file changes in row 4
    # (not manual) and in row 6 (not manual), and a paragraph is added after row 5.
    edit(path, Edit("merge", 1), Edit("confirm", 4))
    rows, marks, _ = stored(path)
    assert marks == [False, True, False, False, True, False]
    en = list(ARTICLE["en.txt"])
    en[4] = en[4].replace("164 loans", "165 loans")
    en.insert(6, "Saga will also carry 300 audio books from June.")
    en[7] = en[7].replace("every week", "every second week")
    write(root, "en.txt", en)
    index_corpus(root, path)
    rows, marks, confirmed = stored(path)
    assert rows[1] == {"de": [1, 2], "en": [1, 2], "fr": [1, 2]}  # kept although en changed
    kept = rows.index({"de": [5], "en": [5], "fr": [5]})
    assert marks[1] and marks[kept] and confirmed[kept]
    assert sum(marks) == 2
    assert {"de": [4], "en": [4], "fr": [4]} in rows  # re-aligned around the fixed points
    with Index.open(path, readonly=True) as index:
        assert manual_restore.last_notices(index.conn) == []  # nothing was lost


def test_a_manual_row_whose_paragraph_changed_falls_back_with_a_notice(corpus):
    root, path = corpus
    edit(path, Edit("merge", 1), Edit("confirm", 4))
    fr = list(ARTICLE["fr.txt"])
    fr[2] = fr[2].replace("41 enfants", "quarante et un enfants")
    write(root, "fr.txt", fr)
    summary = index_corpus(root, path)
    assert summary.realigned == 1
    rows, marks, _ = stored(path)
    assert marks.count(True) == 1 and rows[marks.index(True)] == {"de": [5], "en": [5], "fr": [5]}
    with Index.open(path, readonly=True) as index:
        notices = manual_restore.last_notices(index.conn)
    assert len(notices) == 1 and "1 manual row(s) changed" in notices[0]
    assert "1 manual row(s) kept" in notices[0]


def test_a_language_that_joins_is_placed_around_the_manual_rows(corpus):
    root, path = corpus
    edit(path, Edit("merge", 3), Edit("confirm", 0))
    write(root, *NB)
    index_corpus(root, path)
    rows, marks, _ = stored(path)
    assert rows[0] == {"de": [0], "en": [0], "fr": [0], "nb": [0]}
    assert rows[3] == {"de": [3, 4], "en": [3, 4], "fr": [3, 4], "nb": [3, 4]}
    assert marks[0] and marks[3]
    with Index.open(path, readonly=True) as index:
        notices = manual_restore.last_notices(index.conn)
    assert len(notices) == 1 and "nb placed automatically" in notices[0]


def test_drop_manual_aligns_automatically_again(corpus):
    _, path = corpus
    automatic = stored(path)[0]
    edit(path, Edit("merge", 0))
    with Index.open(path) as index:
        manual_store.drop_manual(index.conn, article_of(index.conn))
    rows, marks, _ = stored(path)
    assert rows == automatic and not any(marks)


def test_exports_use_the_corrected_table_and_carry_the_mark(corpus):
    _, path = corpus
    edit(path, Edit("merge", 2))
    with Index.open(path, readonly=True) as index:
        article = article_of(index.conn)
        tmx, jsonl, tsv = io.StringIO(), io.StringIO(), io.StringIO()
        export.export_articles(index.conn, [article], "tmx", tmx)
        export.export_articles(index.conn, [article], "jsonl", jsonl)
        export.export_articles(index.conn, [article], "tsv", tsv)
    units = ET.fromstring(tmx.getvalue()).iter("tu")
    props = [{p.get("type"): p.text for p in tu.iter("prop")} for tu in units]
    assert len(props) == 6
    assert [p.get("x-polyglance-manual") for p in props] == [None, None, "1", None, None, None]
    tu = list(ET.fromstring(tmx.getvalue()).iter("tu"))[2]
    segs = [seg.text for seg in tu.iter("seg")]
    assert ARTICLE["de.txt"][2] + "\n\n" + ARTICLE["de.txt"][3] in segs
    records = [json.loads(line) for line in jsonl.getvalue().splitlines()]
    assert [r["manual"] for r in records] == [False, False, True, False, False, False]
    lines = tsv.getvalue().splitlines()
    assert lines[0].split("\t")[3] == "manual"
    assert [line.split("\t")[3] for line in lines[1:]] == ["0", "0", "1", "0", "0", "0"]


def test_beads_of_a_pair_round_trip(corpus):
    _, path = corpus
    with Index.open(path) as index:
        article = article_of(index.conn)
        ids = manual_store.content_ids(index.conn, article)
        beads = manual_store.table_beads(
            manual_store.load_table(index.conn, article), ids, "de", "fr"
        )
        assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(7)]
        wanted = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,)), ((4, 5, 6), (4, 5, 6))]
        manual_store.set_beads(index.conn, article, _beads(wanted), "de", "fr")
        table = manual_store.load_table(index.conn, article)
        again = manual_store.table_beads(table, ids, "de", "fr")
    assert [(b.src, b.tgt) for b in again] == wanted
    assert all(r.manual for r in table.rows)
    # English, not in the beads, goes with its counterparts
    assert table.rows[1].cell("en") + table.rows[2].cell("en") == (1, 2)
    assert table.rows[4].cell("en") == (4, 5, 6)


def _beads(pairs):
    from polyglance.corpus.align import Bead

    return [Bead(a, b) for a, b in pairs]


EDIT_LOOP = textwrap.dedent(
    """
    import sys
    from polyglance.corpus import manual_store
    from polyglance.corpus.manual import Edit, EditError
    from polyglance.corpus.store import Index

    OPS = [("merge", None), ("split", "en"), ("move_down", "de"), ("move_up", "fr"),
           ("split", "fr"), ("merge", None), ("move_up", "de"), ("delete_empty", None),
           ("confirm", None), ("move_down", "en")]
    with Index.open(sys.argv[1]) as index:
        article = index.conn.execute("SELECT id FROM articles ORDER BY id").fetchone()[0]
        done = n = 0
        while True:
            op, lang = OPS[n % len(OPS)]
            try:
                manual_store.apply_edit(index.conn, article, Edit(op, (n * 7) % 6, lang))
                done += 1
            except EditError:
                pass
            n += 1
            if done == 5:
                print("editing", flush=True)
    """
)


def test_kill_9_during_edits_leaves_a_whole_table(corpus):
    _, path = corpus
    for attempt in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-c", EDIT_LOOP, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"editing\n", proc.stderr.read() if proc.stderr else ""
        time.sleep(0.05 + 0.13 * attempt)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
        _, marks, _ = stored(path)  # validates: monotonic, each paragraph once
        assert any(marks)
        with Index.open(path, readonly=True) as index:
            article = article_of(index.conn)
            recorded = index.conn.execute(
                "SELECT COUNT(*) FROM manual_rows WHERE article_id=?", (article,)
            ).fetchone()[0]
            cells = index.conn.execute(
                "SELECT COUNT(*) FROM manual_cells c JOIN alignment_cells a"
                " ON a.article_id = c.article_id AND a.row = c.row AND a.para_i = c.para_i"
                " JOIN documents d ON d.id = a.doc_id AND d.path = c.path WHERE c.article_id=?",
                (article,),
            ).fetchone()[0]
            every = index.conn.execute(
                "SELECT COUNT(*) FROM manual_cells WHERE article_id=?", (article,)
            ).fetchone()[0]
        assert recorded == sum(marks) and cells == every  # the record matches the table


def test_a_language_that_leaves_keeps_the_rows_of_the_others(corpus):
    root, path = corpus
    edit(path, Edit("merge", 5), Edit("confirm", 1))
    (root / "fr.txt").unlink()
    index_corpus(root, path)
    rows, marks, confirmed = stored(path)
    assert rows[1] == {"de": [1], "en": [1]} and marks[1] and confirmed[1]
    assert rows[5] == {"de": [5, 6], "en": [5, 6]} and marks[5]
    assert sum(marks) == 2
    with Index.open(path, readonly=True) as index:
        notices = manual_restore.last_notices(index.conn)
    assert len(notices) == 1 and "fr no longer in the article" in notices[0]


def test_the_first_document_that_leaves_keeps_the_rows_of_the_others(corpus):
    root, path = corpus
    with Index.open(path, readonly=True) as index:
        first = article_of(index.conn)
    edit(path, Edit("merge", 5), Edit("confirm", 1))
    (root / "de.txt").unlink()  # the article's first document: its id changes
    index_corpus(root, path)
    rows, marks, confirmed = stored(path)
    assert rows[1] == {"en": [1], "fr": [1]} and marks[1] and confirmed[1]
    assert rows[5] == {"en": [5, 6], "fr": [5, 6]} and marks[5]
    assert sum(marks) == 2
    with Index.open(path, readonly=True) as index:
        assert article_of(index.conn) != first
        notices = manual_restore.last_notices(index.conn)
    assert len(notices) == 1
    assert f"(was article {first})" in notices[0] and "de no longer in the article" in notices[0]


def test_an_index_made_before_the_manual_tables(corpus):
    root, path = corpus
    with Index.open(path) as index, index.writing() as conn:
        for name in manual_store.MANUAL_TABLES:
            conn.execute(f"DROP TABLE {name}")
    with Index.open(path, readonly=True) as index:
        shown = queries.article_table(index.conn, article_of(index.conn))
        assert not any(r.manual for r in shown.rows)
    index_corpus(root, path)  # the restore step finds nothing to do
    edit(path, Edit("merge", 0))  # the first edit creates the tables
    _, marks, _ = stored(path)
    assert marks[0] and not any(marks[1:])
