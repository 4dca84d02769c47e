"""Grouping speed: documents into articles, blocked by an inverted index of anchors.

    python bench/group_bench.py [--docs 10000]

Uses the index built by bench/index_bench.py (run that first), reads every document's
stored anchors and groups them, then does the same with a naive all-pairs comparison
(on a sample, extrapolated) in the same run.
"""

from __future__ import annotations

import argparse
import itertools
import sqlite3
import time
from pathlib import Path

from polyglance.corpus.articles import load_doc_infos
from polyglance.corpus.grouping import group_documents, pair_scores

INDEX = Path(__file__).resolve().parent / "out" / "index_bench" / "index.sqlite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, default=INDEX)
    parser.add_argument(
        "--sample", type=int, default=1000, help="documents for the naive all-pairs run"
    )
    args = parser.parse_args()
    if not args.index.exists():
        raise SystemExit(f"{args.index} not found: run bench/index_bench.py first")
    conn = sqlite3.connect(args.index)
    docs = load_doc_infos(conn)
    start = time.perf_counter()
    groups = group_documents(docs)
    ours = time.perf_counter() - start

    sample = docs[: args.sample]
    start = time.perf_counter()
    blocked = pair_scores(sample)
    for a, b in itertools.combinations(range(len(sample)), 2):  # what blocking avoids
        len(sample[a].anchors & sample[b].anchors)
    naive_sample = time.perf_counter() - start
    naive_full = naive_sample * (len(docs) / len(sample)) ** 2
    print(
        f"\n{len(docs)} documents, {sum(len(d.anchors) for d in docs) / len(docs):.0f} anchors each on average\n"
    )
    print(f"| {'run':<58} | {'seconds':>9} |")
    print(f"|{'-' * 60}|{'-' * 11}|")
    print(f"| {'polyglance: blocked candidates + average-linkage merge':<58} | {ours:>9.2f} |")
    print(
        f"| {'naive: every pair (measured on ' + str(len(sample)) + ', scaled by n²)':<58} | {naive_full:>9.2f} |"
    )
    print(
        f"\n{len(groups)} articles; {sum(len(g.members) > 1 for g in groups)} with several languages; "
        f"{len(blocked)} candidate pairs scored in the sample"
    )


if __name__ == "__main__":
    main()
