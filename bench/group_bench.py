"""Grouping: speed at 10k documents, real news pairs found, no false articles on Bible text.

    python bench/group_bench.py speed [--index FILE]   # 10k documents, blocked vs naive
    python bench/group_bench.py speed --from-bible 10000   # the same without an index
    python bench/group_bench.py news                   # ../shared/dev/wmt16-enfi, gold pairs
    python bench/group_bench.py bible [--chunks N --verses N]  # ../shared/dev/bible-nt chunks

``speed`` uses the index built by bench/index_bench.py (run that first; or
``--from-bible N``: N such documents with their signals computed here), reads every
document's stored anchors and groups them, then does the same with a naive all-pairs
comparison (on a sample, extrapolated) in the same run.

``news`` indexes wmt16-enfi ``raw/`` and ``clean/`` as shipped, then held-out-like
variants generated from them under bench/out/ (never committed): every file cut to its
first 6-10 lines; the same with one side of a third of the pairs removed (what is left of
them must stay alone although other articles tell the same story); and the cut files with
their first line (the headline) dropped. It prints pairs found exactly and wrong groups.

``bible`` builds two corpora from bible-nt: chunks of shuffled verses per language (no
chunk translates another: 0 multi-language articles is right) and one chunk per book and
language in verse order (they translate each other: grouped by book is right).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

from polyglance.corpus.anchors import anchors
from polyglance.corpus.articles import load_doc_infos
from polyglance.corpus.group_signals import (
    NUMBERS_COMPARED,
    SHAPE_UNITS,
    common_words,
    numbers_in_order,
)
from polyglance.corpus.grouping import DocInfo, group_documents, pair_scores
from polyglance.corpus.unknown_languages import is_undetermined
from polyglance.corpus.word_table import stems
from polyglance.tui.pipeline import index_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bible import languages, verses

HERE = Path(__file__).resolve().parent
INDEX = HERE / "out" / "index_bench" / "index.sqlite"
OUT = HERE / "out" / "group_bench"
WMT = HERE.parents[0].parent / "shared" / "dev" / "wmt16-enfi"


def bible_doc_infos(n_docs: int) -> list[DocInfo]:
    """``n_docs`` documents of ~2 KB of verses (as bench/index_bench.py makes them) with
    their grouping signals computed directly, without the indexer; language = the file."""
    pools = [(path.stem, [text for _, text in verses(path)]) for path in languages()]
    docs: list[DocInfo] = []
    round_ = 0
    while len(docs) < n_docs:
        for name, pool in pools:
            step = 14 + round_
            start = (len(docs) * 7 + round_ * 3) % max(1, len(pool) - step)
            texts = pool[start : start + step]
            docs.append(
                DocInfo(
                    len(docs) + 1,
                    name,
                    frozenset(anchors(texts)),
                    sum(map(len, texts)),
                    path=f"{name}/{len(docs)}.txt",
                    common=common_words(texts),
                    lengths=tuple(len(t) for t in texts[:SHAPE_UNITS]),
                    numbers=numbers_in_order(texts)[:NUMBERS_COMPARED],
                    stems=stems(texts),
                )
            )
            if len(docs) == n_docs:
                break
        round_ += 1
    return docs


def speed(index: Path, sample_size: int, from_bible: int) -> None:
    start = time.perf_counter()
    if from_bible:
        docs = bible_doc_infos(from_bible)
    else:
        if not index.exists():
            raise SystemExit(f"{index} not found: run bench/index_bench.py first")
        docs = load_doc_infos(sqlite3.connect(index))
    loading = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    groups = group_documents(docs, parallel_folders=False)
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu

    sample = docs[:sample_size]
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
    print(f"| {'reading the documents and their signals from the index':<58} | {loading:>9.2f} |")
    print(f"| {'polyglance: blocked candidates + average-linkage merge':<58} | {ours:>9.2f} |")
    print(f"| {'  the same, CPU seconds of this process':<58} | {ours_cpu:>9.2f} |")
    print(
        f"| {'naive: every pair (measured on ' + str(len(sample)) + ', scaled by n²)':<58} | {naive_full:>9.2f} |"
    )
    print(
        f"\n{len(groups)} articles; {sum(len(g.members) > 1 for g in groups)} with several languages; "
        f"{len(blocked)} candidate pairs scored in the sample"
    )


# --- news ------------------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def news_variant(name: str, source: Path, pairs: list[list[str]], seed: int) -> Path:
    """A held-out-like corpus generated from ``source`` (see the module docstring)."""
    corpus = OUT / name
    if corpus.is_dir():
        return corpus
    rng = random.Random(seed)
    corpus.mkdir(parents=True)
    for pair in pairs:
        keep = list(pair)
        if "orphans" in name and rng.random() < 1 / 3:
            keep = [rng.choice(pair)]
        n = rng.randint(6, 10)
        for file in keep:
            lines = _lines(source / file)
            if "headless" in name:
                lines = lines[1:]
            (corpus / file).write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return corpus


def score_news(index: Path, pairs: list[list[str]]) -> dict[str, int]:
    with sqlite3.connect(index) as conn:
        path_of = dict(conn.execute("SELECT id, path FROM documents"))
        present = set(path_of.values())
        groups = group_documents(load_doc_infos(conn))
    found = {frozenset(path_of[m] for m in g.members) for g in groups}
    gold = {frozenset(p) for p in pairs if set(p) <= present}
    alone = {frozenset([f]) for p in pairs for f in p if f in present and not set(p) <= present}
    return {
        "pairs": len(gold),
        "found": len(found & gold),
        "wrong": sum(1 for g in found if len(g) > 1 and g not in gold),
        "orphans": len(alone),
        "orphans_alone": len(found & alone),
    }


def news(fresh: bool) -> None:
    if not WMT.is_dir():
        raise SystemExit(f"{WMT} not found: ../shared must sit beside the checkout")
    pairs = json.loads((WMT / "gold.json").read_text())["articles"]
    corpora = [("raw", WMT / "raw"), ("clean", WMT / "clean")]
    for kind in ("raw", "clean"):
        for seed in (1, 2, 3):
            corpora.append((f"cut-{kind}-{seed}", None))
        corpora.append((f"cut-orphans-{kind}-1", None))
        corpora.append((f"cut-headless-{kind}-1", None))
    print(f"| {'corpus':<22} | pairs found | wrong groups | orphans left alone | seconds |")
    print(f"|{'-' * 24}|-------------|--------------|--------------------|---------|")
    for name, source in corpora:
        if source is None:
            kind = "raw" if "-raw-" in name else "clean"
            source = news_variant(name, WMT / kind, pairs, int(name.rsplit("-", 1)[1]))
        index = OUT / f"{name}.sqlite"
        if fresh or not index.exists():
            index.unlink(missing_ok=True)
            index_corpus(source, index)
        start = time.perf_counter()
        s = score_news(index, pairs)
        took = time.perf_counter() - start
        orphans = f"{s['orphans_alone']}/{s['orphans']}" if s["orphans"] else "-"
        print(
            f"| {name:<22} | {s['found']:>5}/{s['pairs']:<5} | {s['wrong']:>12} | {orphans:>18} | {took:>7.2f} |"
        )


# --- bible -----------------------------------------------------------------------------

#: Verses per shuffled chunk.
CHUNK_VERSES = 40


def bible_corpora(per_language: int, verses_per_chunk: int) -> tuple[Path, Path]:
    name = f"bible-shuffled-{per_language}"
    if verses_per_chunk != CHUNK_VERSES:
        name += f"x{verses_per_chunk}"
    shuffled, books = OUT / name, OUT / "bible-books"
    if shuffled.is_dir() and books.is_dir():
        return shuffled, books
    shutil.rmtree(shuffled, ignore_errors=True)
    shutil.rmtree(books, ignore_errors=True)
    for path in languages():
        name = path.stem
        pool = list(verses(path))
        rng = random.Random(name)
        order = [text for _, text in pool]
        rng.shuffle(order)
        folder = shuffled / name
        folder.mkdir(parents=True)
        for k in range(per_language):
            chunk = order[k * verses_per_chunk : (k + 1) * verses_per_chunk]
            if chunk:
                (folder / f"{k:03d}.txt").write_text("\n\n".join(chunk) + "\n", encoding="utf-8")
        by_book: dict[str, list[str]] = defaultdict(list)
        for verse_id, text in pool:
            by_book[verse_id.split(".")[1]].append(text)
        folder = books / name
        folder.mkdir(parents=True)
        for book, texts in sorted(by_book.items()):
            (folder / f"{book}-{name}.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return shuffled, books


def bible(per_language: int, verses_per_chunk: int, fresh: bool) -> None:
    shuffled, books = bible_corpora(per_language, verses_per_chunk)
    for corpus in (shuffled, books):
        index = OUT / f"{corpus.name}.sqlite"
        if fresh or not index.exists():
            index.unlink(missing_ok=True)
            index_corpus(corpus, index)
        with sqlite3.connect(index) as conn:
            path_of = dict(conn.execute("SELECT id, path FROM documents"))
            lang_of = dict(conn.execute("SELECT id, lang FROM documents"))
            start = time.perf_counter()
            groups = group_documents(load_doc_infos(conn))
            took = time.perf_counter() - start
        multi = [g for g in groups if len(g.members) > 1]
        true_lang = {i: p.split("/")[0] for i, p in path_of.items()}
        und = sum(is_undetermined(lang) for lang in lang_of.values())
        codes = sorted({lang for lang in lang_of.values() if is_undetermined(lang)})
        print(
            f"\n{corpus.name}: {len(path_of)} documents, {und} in languages outside the model"
            f" ({', '.join(codes) or 'none'}), grouped in {took:.2f} s"
        )
        if corpus is shuffled:
            one_language = sum(len({true_lang[m] for m in g.members}) == 1 for g in multi)
            print(
                f"  multi-document articles: {len(multi)} (all false); "
                f"{one_language} of one true language, {len(multi) - one_language} mixing languages"
            )
        else:
            book_of = {i: p.split("/")[1].split("-")[0] for i, p in path_of.items()}
            docs_of_book: dict[str, int] = defaultdict(int)
            for book in book_of.values():
                docs_of_book[book] += 1
            wrong = [g for g in multi if len({book_of[m] for m in g.members}) > 1]
            full = sum(
                1
                for g in groups
                if len({book_of[m] for m in g.members}) == 1
                and len(g.members) == docs_of_book[book_of[g.members[0]]]
            )
            largest: dict[str, int] = defaultdict(int)
            for g in groups:
                if len({book_of[m] for m in g.members}) == 1:
                    book = book_of[g.members[0]]
                    largest[book] = max(largest[book], len(g.members))
            share = sum(largest.values()) / len(path_of)
            print(
                f"  {len(docs_of_book)} books: {full} grouped fully (every language of the book in one"
                f" article); {len(wrong)} articles mixing books; {share:.1%} of documents in their"
                f" book's largest article"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what")
    p = sub.add_parser("speed")
    p.add_argument("--index", type=Path, default=INDEX)
    p.add_argument("--sample", type=int, default=1000, help="documents for the naive run")
    p.add_argument(
        "--from-bible", type=int, default=0, metavar="N", help="N documents made from bible-nt"
    )
    p = sub.add_parser("news")
    p.add_argument("--fresh", action="store_true", help="index again (after changing indexing)")
    p = sub.add_parser("bible")
    p.add_argument("--chunks", type=int, default=60, help="shuffled chunks per language")
    p.add_argument(
        "--verses", type=int, default=CHUNK_VERSES, help="verses per shuffled chunk (80+: long)"
    )
    p.add_argument("--fresh", action="store_true", help="index again (after changing indexing)")
    args = parser.parse_args()
    if args.what == "news":
        news(args.fresh)
    elif args.what == "bible":
        bible(args.chunks, args.verses, args.fresh)
    else:
        speed(
            getattr(args, "index", INDEX),
            getattr(args, "sample", 1000),
            getattr(args, "from_bible", 0),
        )


if __name__ == "__main__":
    main()
