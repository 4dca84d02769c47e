"""Aligning an index's articles in worker processes vs in one process (the naive way).

    python bench/align_pool_bench.py INDEX [--limit N]

Reads the content paragraphs of every article of two documents or more of INDEX (built
by ``polyglance index``), aligns them all (first pass, no word table) once in this
process and once through ``corpus.align_pool`` as indexing does, and prints the wall
and CPU time of each and whether the rows are identical.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import time
from pathlib import Path

from polyglance.corpus import align_pool
from polyglance.corpus.records import CONTENT_SQL


def articles(index: Path, limit: int) -> list[list[list[str]]]:
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as conn:
        members: dict[int, list[int]] = {}
        for article, doc in conn.execute(
            "SELECT article_id, doc_id FROM article_docs a JOIN documents d ON d.id = a.doc_id"
            " WHERE duplicate_of IS NULL ORDER BY article_id, d.path"
        ):
            members.setdefault(article, []).append(doc)
        out = []
        for docs in list(members.values()):
            if len(docs) < 2:
                continue
            out.append(
                [
                    [
                        text
                        for (text,) in conn.execute(
                            f"SELECT text FROM paragraphs WHERE doc_id=? AND kind IN {CONTENT_SQL}"
                            " ORDER BY i",
                            (doc,),
                        )
                    ]
                    for doc in docs
                ]
            )
        return out[:limit] if limit else out


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="the first N articles only")
    args = parser.parse_args()
    todo = articles(args.index, args.limit)
    total = sum(align_pool.work([len(t) for t in texts]) for texts in todo)
    units = sum(len(t) for texts in todo for t in texts)
    print(f"{len(todo)} articles of 2+ documents, {units:,} paragraphs, work {total:,}")
    print(f"{'how':28s} {'wall s':>8s} {'CPU s':>8s}")
    results = {}
    for label, work in (("one process (naive)", 0), ("worker processes", max(total, 1) * 10**6)):
        wall, used = time.perf_counter(), cpu()
        results[label] = list(align_pool.align_articles(todo, work))
        wall, used = time.perf_counter() - wall, cpu() - used
        print(f"{label:28s} {wall:8.1f} {used:8.1f}")
    same = results["one process (naive)"] == results["worker processes"]
    print(f"identical rows and confidences: {same}")


if __name__ == "__main__":
    main()
