"""The indexer on a hostile corpus (see tests/fixtures/hostile.py): it finishes, says why it
skipped every file it skipped, indexes every readable text file, and stores clean text."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

from polyglance.corpus import indexer
from polyglance.corpus.decode import decode
from polyglance.corpus.paragraphs import MAX_PARAGRAPH_CHARS, collapse
from polyglance.tui.pipeline import index_corpus

from ..fixtures.hostile import (
    BODY,
    FORBIDDEN,
    make_hostile_corpus,
    remove_tree,
)

#: Sizes for CI; bench/hostile_bench.py runs the 50 MB line and 200,000 lines.
HUGE_BYTES = 2 * 2**20
MANY_LINES = 10_000
#: Folders nested this deep (removing a folder costs milliseconds on some disks; the walk's
#: independence of the recursion limit is tested apart, below).
DEPTH = 60

#: What no stored text may contain: C0/C1 controls but none (paragraphs are one line),
#: ESC, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    h = make_hostile_corpus(base / "corpus", huge_bytes=HUGE_BYTES, n_lines=MANY_LINES, depth=DEPTH)
    index = base / "index.sqlite"
    summary = index_corpus(h.root, index)
    yield h, summary, index
    remove_tree(h.root)


def stored(index: Path) -> dict[str, list[tuple[str, int, int]]]:
    with sqlite3.connect(index) as conn:
        rows = conn.execute(
            "SELECT d.path, p.text, p.start, p.end FROM paragraphs p JOIN documents d "
            "ON d.id = p.doc_id ORDER BY d.path, p.i"
        ).fetchall()
    docs: dict[str, list[tuple[str, int, int]]] = {}
    for path, text, start, end in rows:
        docs.setdefault(path, []).append((text, start, end))
    return docs


def test_every_file_is_indexed_or_skipped_with_its_reason(hostile):
    h, summary, index = hostile
    skipped = dict(summary.skipped)
    assert len(skipped) == len(summary.skipped), "a path reported twice"
    docs = stored(index)
    for path, expect in h.files.items():
        if expect.outcome == "indexed":
            assert path in docs, f"{path!r} not indexed (skipped: {skipped.get(path)})"
            assert path not in skipped
        elif expect.outcome == "skipped":
            assert path in skipped, f"{path!r} not reported as skipped"
            assert expect.reason in skipped[path], (path, skipped[path])
            assert path not in docs
        elif expect.outcome == "both":
            assert path in docs and expect.reason in skipped[path], path
        else:
            assert (path in docs) != (path in skipped), path
    # Nothing else appears: no path outside the corpus, no file of the hidden folder.
    assert set(docs) | set(skipped) <= set(h.files) | {"d/"}
    assert summary.indexed == len(docs)


def test_permissions_when_they_apply(hostile):
    h, summary, _ = hostile
    skipped = dict(summary.skipped)
    if "unreadable.txt" in h.caveats:
        # Running as root: chmod 000 does not stop reading (tests/tui/test_cli_hostile.py
        # runs the same corpus without root's powers, where this is asserted).
        pytest.skip(h.caveats["unreadable.txt"])
    assert "Permission denied" in skipped["unreadable.txt"]
    assert "cannot list folder" in skipped["locked-folder/"]


def test_stored_text_is_clean_and_complete(hostile):
    h, _, index = hostile
    docs = stored(index)
    for path, paragraphs in docs.items():
        joined = " ".join(text for text, _, _ in paragraphs)
        assert not _UNSAFE.search(joined), (path, _UNSAFE.search(joined))
        for bad in FORBIDDEN:
            assert bad not in joined, (path, bad)
        expect = h.files.get(path)
        if expect is None:
            continue
        for wanted in expect.contains:
            assert wanted in joined, (path, wanted)
        for unwanted in expect.absent:
            assert unwanted not in joined, (path, unwanted)
    with sqlite3.connect(index) as conn:
        titles = [t for (t,) in conn.execute("SELECT title FROM documents") if t]
    assert titles and not any(_UNSAFE.search(t) for t in titles)


def test_rich_markup_is_kept_as_literal_text(hostile):
    _, _, index = hostile
    text = " ".join(t for t, _, _ in stored(index)["rich-markup.txt"])
    assert "[bold red]not bold[/bold red]" in text
    assert "[link=https://example.org/x]a link[/link]" in text
    assert "[/] stray [ brackets ]]" in text


def test_huge_line_is_split_into_bounded_paragraphs_losing_nothing(hostile):
    h, _, index = hostile
    raw = (h.root / "huge-one-line.txt").read_bytes()
    text = decode(raw).text
    paragraphs = stored(index)["huge-one-line.txt"]
    assert len(paragraphs) >= HUGE_BYTES // MAX_PARAGRAPH_CHARS
    assert all(0 < len(p) <= MAX_PARAGRAPH_CHARS for p, _, _ in paragraphs)
    assert "".join("".join(p.split()) for p, _, _ in paragraphs) == "".join(text.split())
    previous_end = 0
    for p, start, end in paragraphs:
        assert previous_end <= start < end <= len(text)
        assert collapse(text[start:end]) == p
        previous_end = end


def test_many_lines_are_all_kept(hostile):
    h, _, index = hostile
    paragraphs = stored(index)["many-lines.txt"]
    assert len(paragraphs) == h.many_lines
    assert paragraphs[-1][0] == f"line {h.many_lines - 1} of a very long list"


@pytest.mark.parametrize(
    "name", ["utf16le-nobom.txt", "cp1252.txt", "mixed-newlines.txt", "escapes.txt", "bidi.txt"]
)
def test_offsets_map_back_into_the_normalised_text(hostile, name):
    h, _, index = hostile
    text = decode((h.root / name).read_bytes()).text
    for p, start, end in stored(index)[name]:
        assert collapse(text[start:end]) == p


def test_second_run_changes_nothing(hostile, tmp_path):
    h, first, index = hostile
    again = index_corpus(h.root, index)
    assert (again.indexed, again.removed) == (0, 0)
    assert again.unchanged == first.indexed
    assert sorted(again.skipped) == sorted(first.skipped)


def test_huge_text_cleaning_is_bounded(monkeypatch):
    """Language ID, kinds and anchors see at most FULL_CLEAN_CHARS of a huge text."""
    seen: list[int] = []
    real = indexer.clean_document

    def spy(path, text, encoding):
        seen.append(len(text))
        return real(path, text, encoding)

    monkeypatch.setattr(indexer, "clean_document", spy)
    text = (BODY + " ") * 20_000  # 3 MB on one line
    document = indexer.clean_bounded("big.txt", text, "utf-8")
    assert seen and max(seen) <= indexer.FULL_CLEAN_CHARS
    assert "".join(p.text for p in document.paragraphs).replace(" ", "") == text.replace(" ", "")
    assert [p.i for p in document.paragraphs] == list(range(len(document.paragraphs)))
    lines = "\n".join(f"line {k}" for k in range(3 * indexer.FULL_CLEAN_PARAGRAPHS))
    seen.clear()
    document = indexer.clean_bounded("lines.txt", lines, "utf-8")
    assert len(document.paragraphs) == 3 * indexer.FULL_CLEAN_PARAGRAPHS
    assert len(seen) == 1 and seen[0] < len(lines) / 2


def test_walk_goes_deeper_than_the_recursion_limit(tmp_path):
    import inspect
    import sys

    from polyglance.corpus.walk import Candidate, walk

    depth = 150
    folder = tmp_path
    for _ in range(depth):
        folder = folder / "d"
        folder.mkdir()
    (folder / "bottom.txt").write_text("deep", encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 100)
    try:
        found = list(walk(tmp_path))
    finally:
        sys.setrecursionlimit(limit)
    assert [e.relpath for e in found if isinstance(e, Candidate)] == ["d/" * depth + "bottom.txt"]


# -- files that change under the indexer -------------------------------------------------------


ARTICLE = (
    "A headline for the test\n\n" + "A long enough body paragraph with several words in it. " * 3
)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_files_that_change_or_vanish_while_indexed(tmp_path, monkeypatch):
    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    corpus.mkdir()
    for name in (
        "stable",
        "vanishing",
        "growing",
        "flapping",
        "changed-once",
        "unlinked",
        "becomes-fifo",
        "becomes-link",
    ):
        write(corpus / f"{name}.txt", ARTICLE.replace("test", name))
    flapping = os.stat(corpus / "flapping.txt").st_ino
    once = {os.stat(corpus / "changed-once.txt").st_ino}
    unlinked = os.stat(corpus / "unlinked.txt").st_ino

    real_walk = indexer.walk

    def walk_then_change(root):
        entries = list(real_walk(root))
        (corpus / "vanishing.txt").unlink()
        write(corpus / "growing.txt", ARTICLE.replace("test", "growing") + "\nGrown later.\n")
        (corpus / "becomes-fifo.txt").unlink()
        os.mkfifo(corpus / "becomes-fifo.txt")  # opening it must not block
        (corpus / "becomes-link.txt").unlink()
        os.symlink("/etc/passwd", corpus / "becomes-link.txt")
        yield from entries

    real_read = indexer._read_upto

    def read_while_changing(fd, n):
        inode = os.fstat(fd).st_ino
        if inode == flapping:
            with open(corpus / "flapping.txt", "a", encoding="utf-8") as handle:
                handle.write(" more")
        elif inode in once:
            once.discard(inode)
            write(corpus / "changed-once.txt", ARTICLE.replace("test", "second version"))
        elif inode == unlinked:
            (corpus / "unlinked.txt").unlink()
        return real_read(fd, n)

    monkeypatch.setattr(indexer, "walk", walk_then_change)
    monkeypatch.setattr(indexer, "_read_upto", read_while_changing)
    monkeypatch.setattr(indexer.time, "sleep", lambda s: None)
    summary = index_corpus(corpus, index)
    skipped = dict(summary.skipped)
    assert "disappeared before" in skipped["vanishing.txt"]
    assert "kept changing" in skipped["flapping.txt"]
    assert "disappeared while" in skipped["unlinked.txt"]
    assert "not a regular file" in skipped["becomes-fifo.txt"]
    assert "symbolic link" in skipped["becomes-link.txt"]
    with sqlite3.connect(index) as conn:
        rows = dict(conn.execute("SELECT path, title FROM documents"))
        size = conn.execute("SELECT size FROM documents WHERE path='growing.txt'").fetchone()[0]
    assert rows == {
        "stable.txt": "A headline for the stable",
        "growing.txt": "A headline for the growing",
        "changed-once.txt": "A headline for the second version",
    }
    # The size stored is that of the bytes read, so the next run sees no change.
    assert size == (corpus / "growing.txt").stat().st_size
    monkeypatch.undo()
    again = index_corpus(corpus, index)
    assert again.indexed == 1  # flapping.txt, now still
    assert "flapping.txt" not in dict(again.skipped)


def test_a_dead_worker_costs_nothing(tmp_path, monkeypatch):
    """When a worker process dies (the OOM killer), the run carries on in this process."""
    from concurrent.futures.process import BrokenProcessPool

    class DyingPool:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def map(self, fn, jobs, chunksize=1):
            for k, job in enumerate(jobs):
                if k == 2:
                    raise BrokenProcessPool("a worker died")
                yield fn(job)

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(6):
        write(corpus / f"{k}.txt", ARTICLE.replace("test", f"test {k}"))
    monkeypatch.setattr(indexer, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(indexer, "ProcessPoolExecutor", DyingPool)
    monkeypatch.setattr(indexer.os, "cpu_count", lambda: 2)
    summary = index_corpus(corpus, tmp_path / "i.sqlite")
    assert summary.indexed == 6 and not summary.skipped
