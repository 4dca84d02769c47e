"""Indexing speed: cold index and no-change re-index of >= 10,000 ~2 KB documents.

Run by hand: `python bench/index_bench.py [--docs 10000]`. The corpus is generated under
bench/out/ from ../shared/dev/bible-nt (a title line, then verses joined into
paragraphs), once. Prints documents/s and peak memory, beside naive baselines measured
in the same run: a cold index that commits every document on its own, and a
re-index that reads and hashes every file instead of trusting size and mtime.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bible import languages, verses

OUT = Path(__file__).resolve().parent / "out" / "index_bench"
#: Where --big writes its corpus and index (about 0.5 GB of text, ~1.5 GB of index):
#: $POLYGLANCE_BIG, else bench/out/ (never committed).
BIG_OUT = Path(os.environ.get("POLYGLANCE_BIG", OUT.parent)) / "index_bench_big"
#: --big: files and paragraphs like the issue's folder (10,019 files, 1M paragraphs,
#: 509 MB, the Bible in 45 languages).
BIG_LANGUAGES = 45
BIG_PARAGRAPHS = 100
BIG_VERSES_PER_PARAGRAPH = 4
#: Copies 1.. of a real language become pseudo-languages of their own vocabulary: every
#: word of more than three characters gets this letter before its last one.
_INFIX = "", "q", "x", "z"


def build_corpus(n_docs: int) -> Path:
    corpus = OUT / f"corpus-{n_docs}"
    if corpus.is_dir() and len(list(corpus.rglob("*.txt"))) == n_docs:
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    pools = [list(verses(path)) for path in languages()]
    made, round_ = 0, 0
    while made < n_docs:
        for lang_no, pool in enumerate(pools):
            step = 14 + round_  # a different grouping on every pass
            start = (made * 7 + round_ * 3) % max(1, len(pool) - step)
            chunk = [text for _, text in pool[start : start + step]]
            title = " ".join(chunk[0].split()[:8]).rstrip(".,;:")
            paragraphs, current = [], ""
            for text in chunk[1:]:
                current = f"{current} {text}".strip()
                if len(current) > 250:
                    paragraphs.append(current)
                    current = ""
            body = "\n\n".join([title, *paragraphs, current] if current else [title, *paragraphs])
            folder = corpus / f"lang{lang_no:02d}" / f"{made // 1000:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            data = body.encode("utf-8")[:2048].decode("utf-8", "ignore")
            (folder / f"doc{made:06d}.txt").write_text(data + "\n", encoding="utf-8")
            made += 1
            if made == n_docs:
                break
        round_ += 1
    return corpus


def build_big_corpus(n_docs: int) -> Path:
    """``n_docs`` Bible-like files of ``BIG_PARAGRAPHS`` paragraphs each, in 45 "languages".

    File ``story s`` of language ``k`` holds the same verses (by verse id) in every
    language, so that the files of a story translate one another and group into an
    article; the 12 real languages are extended to 45 by copies whose words are altered
    (``_INFIX``) and whose verses are joined into paragraphs at other places.
    """
    corpus = BIG_OUT / f"corpus-big-{n_docs}"
    stamp = corpus / ".complete"
    if stamp.exists():
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    pools = [dict(verses(path)) for path in languages()]
    ids = [verse_id for verse_id, _ in verses(languages()[0])]
    per_file = BIG_PARAGRAPHS * BIG_VERSES_PER_PARAGRAPH
    stories = -(-n_docs // BIG_LANGUAGES)
    made = 0
    for story in range(stories):
        start = (story * per_file) % len(ids)
        window = [ids[(start + i) % len(ids)] for i in range(per_file + 8)]
        for lang_no in range(BIG_LANGUAGES):
            if made == n_docs:
                break
            pool = pools[lang_no % len(pools)]
            copy = lang_no // len(pools)
            texts = [pool[v] for v in window[copy:] if v in pool][:per_file]
            if copy:
                infix = _INFIX[copy % len(_INFIX)] * (1 + copy // len(_INFIX))
                texts = [
                    " ".join(w[:-1] + infix + w[-1] if len(w) > 3 else w for w in t.split())
                    for t in texts
                ]
            step = BIG_VERSES_PER_PARAGRAPH
            paragraphs = [" ".join(texts[i : i + step]) for i in range(0, len(texts), step)]
            title = " ".join(paragraphs[0].split()[:8]).rstrip(".,;:") if paragraphs else "-"
            folder = corpus / f"lang{lang_no:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            body = "\n\n".join([title, *paragraphs])
            (folder / f"story{story:04d}.txt").write_text(body + "\n", encoding="utf-8")
            made += 1
    stamp.touch()
    return corpus


def _child(mode: str, corpus: str, index: str) -> None:
    """Runs in a subprocess so that peak memory is this run's alone."""
    from polyglance.tui.pipeline import index_corpus

    start = time.perf_counter()
    if mode == "index":
        summary = index_corpus(corpus, index)
        count = summary.indexed + summary.unchanged
    elif mode == "naive-cold":
        # Baseline: read, decode and clean in one process, one transaction per document
        # (first 1000 documents), no grouping, alignment or search tables.
        from polyglance.corpus.clean import clean_document
        from polyglance.corpus.decode import decode
        from polyglance.corpus.store import Index

        paths = sorted(Path(corpus).rglob("*.txt"))[:1000]
        with Index.open(index) as idx:
            for path in paths:
                data = path.read_bytes()
                decoded = decode(data)
                doc = clean_document(path.name, decoded.text, decoded.encoding)
                with idx.writing():
                    idx.put_document(doc, len(data), 0, hashlib.sha256(data).hexdigest(), None)
        count = len(paths)
    elif mode == "cli":  # the whole command, start-up included, as the user runs it
        argv = [sys.executable, "-m", "polyglance.tui.cli", "index", corpus, "--index", index]
        subprocess.run(argv, check=True, capture_output=True)
        count = sum(1 for _ in Path(corpus).rglob("*.txt"))
    elif mode == "naive-stat":
        # Baseline: what a no-change run cannot avoid: stat every file, read the index's
        # (path, size, mtime) and compare.
        with contextlib.closing(sqlite3.connect(index)) as conn:
            known = dict(
                (
                    (p, (s, m))
                    for p, s, m in conn.execute("SELECT path, size, mtime_ns FROM documents")
                )
            )
        count = 0
        for root, _dirs, names in os.walk(corpus):
            for name in names:
                st = os.stat(os.path.join(root, name))
                rel = os.path.relpath(os.path.join(root, name), corpus)
                count += known.get(rel) == (st.st_size, st.st_mtime_ns)
    else:  # naive-reindex: read and hash every file
        count = 0
        for path in Path(corpus).rglob("*.txt"):
            hashlib.sha256(path.read_bytes()).hexdigest()
            count += 1
    seconds = time.perf_counter() - start
    # This process, plus the largest worker process it started (each has its own memory).
    peak_mb = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ) / 1024
    print(f"{count} {seconds:.3f} {peak_mb:.0f}")


def run(mode: str, corpus: Path, index: Path) -> tuple[int, float, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(corpus), str(index)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument(
        "--big",
        action="store_true",
        help="the issue's scale: 10,000 files of 100 paragraphs (1M), 45 languages, under "
        "$POLYGLANCE_BIG (default bench/out/)",
    )
    parser.add_argument(
        "--reuse-index", action="store_true", help="skip the cold index when the index exists"
    )
    parser.add_argument("--repeat", type=int, default=1, help="no-change runs (default 1)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    make = build_big_corpus if args.big else build_corpus
    if args.big and args.docs == parser.get_default("docs"):
        args.docs = 10_000
    if args.build_only:
        make(args.docs)
        return
    # Built in a process of its own: Linux carries a parent's peak memory (ru_maxrss) over
    # into the processes it starts, and the corpus builder holds every verse in memory.
    again = [sys.executable, __file__, "--docs", str(args.docs), "--build-only"]
    subprocess.run(again + (["--big"] if args.big else []), check=True)
    corpus = make(args.docs)  # already there: only checks
    files = list(corpus.rglob("*.txt"))
    size = sum(p.stat().st_size for p in files)
    out = BIG_OUT if args.big else OUT
    index = out / "index.sqlite"
    rows = []
    print(f"load average before: {_load()}", flush=True)
    if not (args.reuse_index and index.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index}{suffix}").unlink(missing_ok=True)
        n, s, mb = run("index", corpus, index)
        rows.append(("polyglance cold index", n, s, mb, _load()))
        print(rows[-1], flush=True)
    for _ in range(args.repeat):
        n, s, mb = run("index", corpus, index)
        rows.append(("polyglance no-change re-index", n, s, mb, _load()))
        print(rows[-1], flush=True)
        n, s, mb = run("cli", corpus, index)
        rows.append(("`polyglance index DIR` no change (whole command)", n, s, mb, _load()))
        print(rows[-1], flush=True)
    naive_index = out / "naive.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{naive_index}{suffix}").unlink(missing_ok=True)
    if not args.big:
        n, s, mb = run("naive-cold", corpus, naive_index)
        rows.append(
            ("naive cold: 1 process, 1 transaction per doc, no articles/search", n, s, mb, _load())
        )
    for _ in range(args.repeat):
        n, s, mb = run("naive-reindex", corpus, index)
        rows.append(("naive re-index: read + hash every file", n, s, mb, _load()))
        n, s, mb = run("naive-stat", corpus, index)
        rows.append(
            ("naive re-index: stat every file, read the index's (size, mtime)", n, s, mb, _load())
        )
    paragraphs = ""
    with contextlib.closing(sqlite3.connect(index)) as conn:
        paragraphs = (
            f", {conn.execute('SELECT COUNT(*) FROM paragraphs').fetchone()[0]:,} paragraphs"
        )
    print(
        f"\n{len(files)} documents{paragraphs}, {size / 2**20:.0f} MiB "
        f"({size / max(1, len(files)):.0f} bytes on average), {os.cpu_count()} cores\n"
    )
    print(
        f"| {'run':<65} | {'docs':>6} | {'seconds':>8} | {'docs/s':>8} | {'peak MB':>7} | {'load':>14} |"
    )
    print(f"|{'-' * 67}|{'-' * 8}|{'-' * 10}|{'-' * 10}|{'-' * 9}|{'-' * 16}|")
    for name, n, s, mb, load in rows:
        print(f"| {name:<65} | {n:>6} | {s:>8.2f} | {n / s:>8.0f} | {mb:>7.0f} | {load:>14} |")
    print(f"\nindex file: {index.stat().st_size / 2**20:.1f} MiB")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
