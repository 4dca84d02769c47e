"""Any sequence of adds, changes, deletes and renames indexes, and the incremental index
always equals a fresh index of the same folder (compared by paths and content: ids may
legitimately differ)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from polyglance.corpus.locations import demo_corpus_path
from polyglance.tui.pipeline import index_corpus

#: Seeds and steps of the churn property (POLYGLANCE_CHURN_STEPS runs longer).
SEEDS = (1, 2, 3, 4)
STEPS = int(os.environ.get("POLYGLANCE_CHURN_STEPS", "50"))


def snapshot(index: Path) -> dict[str, object]:
    """Everything an index says about its corpus, keyed by paths and paragraph numbers."""
    with sqlite3.connect(index) as conn:
        path = dict(conn.execute("SELECT id, path FROM documents"))
        documents = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT path, sha256, encoding, lang, title, source_url, date, n_content,"
                " content_chars, anchors FROM documents"
            )
        }
        paragraphs = sorted(
            (path[doc], i, kind, lang, text, start, end)
            for doc, i, kind, lang, text, start, end in conn.execute(
                "SELECT doc_id, i, kind, lang, text, start, end FROM paragraphs"
            )
        )
        members: dict[int, list[str]] = {}
        duplicates = {}
        for article, doc, original in conn.execute(
            "SELECT article_id, doc_id, duplicate_of FROM article_docs"
        ):
            if original is None:
                members.setdefault(article, []).append(path[doc])
            else:
                duplicates[path[doc]] = (path[original], article)
        cells: dict[tuple[int, int], list[tuple[str, int]]] = {}
        for article, row, doc, para in conn.execute(
            "SELECT article_id, row, doc_id, para_i FROM alignment_cells"
        ):
            cells.setdefault((article, row), []).append((path[doc], para))
        articles = {}
        for article, title, languages in conn.execute("SELECT id, title, languages FROM articles"):
            rows = tuple(
                (row, confidence, tuple(sorted(cells.get((article, row), []))))
                for row, confidence in conn.execute(
                    "SELECT row, confidence FROM alignment_rows WHERE article_id=? ORDER BY row",
                    (article,),
                )
            )
            key = tuple(sorted(members.get(article, [])))
            assert key not in articles, f"two articles of {key}"
            articles[key] = (title, languages, rows)  # its id: the smallest of its documents'
        orphan_cells = conn.execute(
            "SELECT count(*) FROM alignment_cells c LEFT JOIN article_docs a"
            " ON a.doc_id = c.doc_id AND a.article_id = c.article_id WHERE a.doc_id IS NULL"
        ).fetchone()[0]
        skipped = sorted(conn.execute("SELECT path, reason FROM skipped"))
    duplicates = {d: original for d, (original, _) in duplicates.items()}
    return {
        "documents": documents,
        "paragraphs": paragraphs,
        "articles": articles,
        "duplicates": duplicates,
        "orphan cells": orphan_cells,
        "skipped": skipped,
    }


def assert_same(incremental: dict[str, object], fresh: dict[str, object], context: str) -> None:
    for key in fresh:
        assert incremental[key] == fresh[key], f"{context}: {key} differ"


def copy_demo(target: Path) -> Path:
    shutil.copytree(demo_corpus_path(), target)
    return target


# -- the bug of issue 12.1 -------------------------------------------------------------------


def article_id_documents(index: Path) -> list[str]:
    with sqlite3.connect(index) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT d.path FROM articles a JOIN documents d ON d.id = a.id"
                " WHERE (SELECT count(*) FROM article_docs m WHERE m.article_id = a.id) > 1"
            )
        ]


@pytest.mark.parametrize("change", ["delete", "rename"])
def test_removing_the_document_that_names_its_article(tmp_path, change):
    corpus, index, fresh = copy_demo(tmp_path / "c"), tmp_path / "i.sqlite", tmp_path / "f.sqlite"
    index_corpus(corpus, index)
    first = article_id_documents(index)[0]  # e.g. lynx-alpenpost.txt
    if change == "delete":
        (corpus / first).unlink()
    else:
        (corpus / first).rename(corpus / f"zz-{first}")
    index_corpus(corpus, index)
    index_corpus(corpus, index)  # and again: never stuck
    index_corpus(corpus, fresh)
    assert_same(snapshot(index), snapshot(fresh), f"{change} {first}")


# -- the churn property --------------------------------------------------------------------------


def variants(text: str, rng: random.Random) -> str:
    """Another version of a document: a paragraph dropped, doubled or edited."""
    paragraphs = text.split("\n\n")
    k = rng.randrange(len(paragraphs))
    choice = rng.randrange(3)
    if choice == 0 and len(paragraphs) > 2:
        del paragraphs[k]
    elif choice == 1:
        paragraphs.insert(k, paragraphs[k])
    else:
        paragraphs[k] = paragraphs[k] + f" Edit {rng.randrange(1000)}."
    return "\n\n".join(paragraphs)


def shortened(text: str, keep: int) -> str:
    return "\n\n".join(text.split("\n\n")[:keep]) + "\n"


class Churn:
    """A corpus folder changed at random, one step at a time (short demo texts: fast)."""

    def __init__(self, root: Path, seed: int):
        self.root = root
        self.rng = random.Random(seed)
        demo = sorted(demo_corpus_path().glob("*.txt"))
        self.texts = [shortened(p.read_text(encoding="utf-8"), 5) for p in demo]
        self.names = iter(range(10**6))
        root.mkdir()
        for text in self.rng.sample(self.texts, 6):
            self._write(self._new_name(), text)

    def _new_name(self) -> str:
        sub = self.rng.choice(["", "", "sub/"])
        return f"{sub}d{next(self.names):03}.txt"

    def _write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        path.write_text(text, encoding="utf-8")
        if existed:  # a new mtime even on a coarse clock
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    def files(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*.txt"))

    def step(self) -> str:
        files = self.files()
        action = self.rng.choice(["add", "add", "change", "delete", "rename", "copy"])
        if len(files) < 3:
            action = "add"
        elif len(files) > 9 and action in ("add", "copy"):
            action = "delete"
        if action == "add":
            name = self._new_name()
            self._write(name, self.rng.choice(self.texts))
        elif action == "copy":  # a same-language near-duplicate, or the same bytes
            source = self.rng.choice(files)
            text = (self.root / source).read_text(encoding="utf-8")
            name = self._new_name()
            self._write(name, text if self.rng.random() < 0.5 else variants(text, self.rng))
        elif action == "change":
            name = self.rng.choice(files)
            text = (self.root / name).read_text(encoding="utf-8")
            if self.rng.random() < 0.3:
                text = self.rng.choice(self.texts)
            self._write(name, variants(text, self.rng))
        elif action == "delete":
            name = self.rng.choice(files)
            (self.root / name).unlink()
        else:
            name = self.rng.choice(files)
            (self.root / name).rename(self.root / self._new_name())
        return f"{action} {name}"


@pytest.mark.parametrize("seed", SEEDS)
def test_churn_incremental_index_equals_a_fresh_one(tmp_path, seed):
    churn = Churn(tmp_path / "c", seed)
    index = tmp_path / "i.sqlite"
    index_corpus(churn.root, index)
    done = []
    for step in range(STEPS):
        done.append(churn.step())
        index_corpus(churn.root, index)
        fresh = tmp_path / f"fresh-{step}.sqlite"
        index_corpus(churn.root, fresh)
        assert_same(snapshot(index), snapshot(fresh), f"seed {seed}, steps {done}")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)


def test_an_article_is_the_same_whatever_order_its_documents_came_in(tmp_path):
    """No English document: the title comes from the first document by path, not by id."""
    demo = demo_corpus_path()
    corpus, index, fresh = tmp_path / "c", tmp_path / "i.sqlite", tmp_path / "f.sqlite"
    corpus.mkdir()
    shutil.copy(demo / "lynx-gornyvestnik.txt", corpus / "b.txt")  # Russian: id 1 here
    index_corpus(corpus, index)
    shutil.copy(demo / "lynx-lechamois.txt", corpus / "a.txt")  # French: id 2 here, 1 fresh
    index_corpus(corpus, index)
    index_corpus(corpus, fresh)
    incremental = snapshot(index)
    assert list(incremental["articles"]) == [("a.txt", "b.txt")]
    assert_same(incremental, snapshot(fresh), "b.txt then a.txt")
