"""Incremental updates of the search tables, and building inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from polyglance.corpus import schema
from polyglance.search import Searcher, build_search_index, update_search_index
from polyglance.search.build import MAX_SEGMENTS


def new_index(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False)
    schema.create(conn)
    conn.commit()
    return conn


def add_doc(
    conn: sqlite3.Connection, path: str, lang: str, paras: list[tuple[str, str]]
) -> list[int]:
    """Insert a document and its paragraphs; returns the new paragraph ids."""
    cur = conn.execute(
        "INSERT INTO documents(path, size, mtime_ns, sha256, encoding, lang, lang_confidence, "
        "title, source_url, date, n_content, content_chars, anchors) "
        "VALUES(?, 0, 0, '', 'utf-8', ?, 1.0, ?, NULL, NULL, ?, 0, '')",
        (path, lang, path, len(paras)),
    )
    doc = cur.lastrowid
    ids = []
    for i, (kind, text) in enumerate(paras):
        cur = conn.execute(
            "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) "
            "VALUES(?, ?, ?, ?, ?, 0, ?)",
            (doc, i, kind, lang, text, len(text)),
        )
        ids.append(cur.lastrowid)
    return ids


def found(s: Searcher, q: str) -> list[str]:
    return [h.text for h in s.search(q)]


def test_removed_and_added(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "u.sqlite")
    old = add_doc(conn, "a.txt", "en", [("title", "Harbour news"), ("body", "Ships leave Gdańsk.")])
    build_search_index(conn)
    conn.commit()
    s = Searcher(tmp_path / "u.sqlite")
    assert found(s, "gdansk") == ["Ships leave Gdańsk."]

    conn.execute("DELETE FROM paragraphs WHERE id = ?", (old[1],))
    new = add_doc(conn, "b.txt", "pl", [("body", "Statki wypływają z Gdyni i Szczecina.")])
    update_search_index(conn, [old[1]], new)
    conn.commit()
    assert found(s, "gdansk") == []
    assert found(s, "gdansk") == found(Searcher(conn), "gdansk")
    assert found(s, "szczecina") == ["Statki wypływają z Gdyni i Szczecina."]
    assert found(s, "wyplywaja") == found(s, "szczecin")  # accents, prefix
    assert found(s, "szczecnia")  # typo: new words join the trigram index
    assert found(s, "harbour") == ["Harbour news"]
    assert [h.lang for h in s.search("gdyni lang:pl")] == ["pl"]


def test_changed_paragraph(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "c.sqlite")
    (pid,) = add_doc(conn, "a.txt", "en", [("body", "Old words about Lisbon.")])
    build_search_index(conn)
    conn.execute("UPDATE paragraphs SET text = 'New words about Porto.' WHERE id = ?", (pid,))
    update_search_index(conn, [pid], [pid])
    conn.commit()
    s = Searcher(conn)
    assert found(s, "lisbon") == []  # the stale posting is filtered on the text
    assert found(s, "porto") == ["New words about Porto."]


def test_kind_becoming_boilerplate_is_removed(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "k.sqlite")
    (pid,) = add_doc(conn, "a.txt", "en", [("body", "Read more about Vienna.")])
    build_search_index(conn)
    conn.execute("UPDATE paragraphs SET kind = 'boilerplate' WHERE id = ?", (pid,))
    update_search_index(conn, [pid], [pid])
    assert found(Searcher(conn), "vienna") == []


def test_update_without_build_builds(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "n.sqlite")
    ids = add_doc(conn, "a.txt", "de", [("body", "Grüße aus Köln.")])
    update_search_index(conn, [], ids)
    assert found(Searcher(conn), "koln") == ["Grüße aus Köln."]


def test_many_updates_merge_segments(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "m.sqlite")
    build_search_index(conn)
    for i in range(MAX_SEGMENTS * 2 + 1):
        ids = add_doc(conn, f"{i}.txt", "en", [("body", f"Report {i} from Nairobi.")])
        update_search_index(conn, [], ids)
    most = conn.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM search_postings GROUP BY word_id)"
    ).fetchone()[0]
    assert most <= MAX_SEGMENTS
    hits = Searcher(conn).search("nairobi", limit=100)
    assert len(hits) == MAX_SEGMENTS * 2 + 1


def test_no_commit_inside(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "t.sqlite")
    ids = add_doc(conn, "a.txt", "fr", [("body", "Bonjour de Montréal.")])
    conn.commit()
    conn.execute("BEGIN")
    build_search_index(conn)
    assert conn.in_transaction
    conn.rollback()
    assert (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'search%'").fetchone()[0]
        == 0
    )
    build_search_index(conn)
    conn.commit()
    conn.execute("BEGIN")
    more = add_doc(conn, "b.txt", "fr", [("body", "Salut de Québec.")])
    update_search_index(conn, ids[:0], more)
    assert conn.in_transaction
    conn.rollback()
    assert found(Searcher(conn), "quebec") == []
    assert found(Searcher(conn), "montreal") == ["Bonjour de Montréal."]


def test_searcher_sees_updates_from_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite"
    conn = new_index(path)
    build_search_index(conn)
    conn.commit()
    s = Searcher(path)
    assert found(s, "tallinn") == []
    ids = add_doc(conn, "a.txt", "et", [("body", "Tere Tallinnast.")])
    update_search_index(conn, [], ids)
    conn.commit()
    assert found(s, "tallinn") == ["Tere Tallinnast."]


def test_rebuild_while_a_searcher_is_open(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    conn = new_index(path)
    add_doc(conn, "a.txt", "en", [("body", "Alpha beta gamma.")])
    build_search_index(conn)
    conn.commit()
    s = Searcher(path)
    assert found(s, "gamma") == ["Alpha beta gamma."]
    conn.execute("DELETE FROM paragraphs")
    add_doc(conn, "b.txt", "en", [("body", "Delta epsilon zeta.")])
    build_search_index(conn)
    conn.commit()
    assert found(s, "gamma") == []
    assert found(s, "zeta") == ["Delta epsilon zeta."]
    assert found(s, "epsilno") == ["Delta epsilon zeta."]


def test_build_reports_progress(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "p.sqlite")
    add_doc(conn, "a.txt", "en", [("body", f"Line {i}") for i in range(7)] + [("meta", "x")])
    calls: list[tuple[int, int]] = []
    build_search_index(conn, lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 7) and calls[-1] == (7, 7)


def test_warm_loads_state_without_paragraphs(tmp_path: Path) -> None:
    conn = new_index(tmp_path / "w.sqlite")
    add_doc(conn, "a.txt", "en", [("body", "Warm words.")])
    build_search_index(conn)
    conn.commit()
    s = Searcher(tmp_path / "w.sqlite")
    statements: list[str] = []
    s._conn.set_trace_callback(statements.append)
    s.warm()
    assert any("search_words" in x for x in statements)
    assert not any("FROM paragraphs" in x for x in statements)
    assert found(s, "warm") == ["Warm words."]
