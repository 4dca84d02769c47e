"""Indexing speed: cold index and no-change re-index of >= 10,000 ~2 KB documents.

Run by hand: `python bench/index_bench.py [--docs 10000]`. The corpus is generated under
bench/out/ from ../shared/dev/bible-nt (a title line, then verses joined into
paragraphs), once. Prints documents/s and peak memory, beside naive baselines measured
in the same run: a cold index that commits every document on its own, and a
re-index that reads and hashes every file instead of trusting size and mtime.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bible import languages, verses

OUT = Path(__file__).resolve().parent / "out" / "index_bench"


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
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    if args.build_only:
        build_corpus(args.docs)
        return
    # Built in a process of its own: Linux carries a parent's peak memory (ru_maxrss) over
    # into the processes it starts, and the corpus builder holds every verse in memory.
    subprocess.run([sys.executable, __file__, "--docs", str(args.docs), "--build-only"], check=True)
    corpus = build_corpus(args.docs)  # already there: only checks
    size = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / args.docs
    index = OUT / "index.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    rows = []
    n, s, mb = run("index", corpus, index)
    rows.append(("polyglance cold index", n, s, mb))
    n, s, mb = run("index", corpus, index)
    rows.append(("polyglance no-change re-index", n, s, mb))
    naive_index = OUT / "naive.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{naive_index}{suffix}").unlink(missing_ok=True)
    n, s, mb = run("naive-cold", corpus, naive_index)
    rows.append(("naive cold: 1 process, 1 transaction per doc, no articles/search", n, s, mb))
    n, s, mb = run("naive-reindex", corpus, index)
    rows.append(("naive re-index: read + hash every file", n, s, mb))
    print(f"\n{args.docs} documents, {size:.0f} bytes on average, {os.cpu_count()} cores\n")
    print(f"| {'run':<55} | {'docs':>6} | {'seconds':>8} | {'docs/s':>8} | {'peak MB':>7} |")
    print(f"|{'-' * 57}|{'-' * 8}|{'-' * 10}|{'-' * 10}|{'-' * 9}|")
    for name, n, s, mb in rows:
        print(f"| {name:<55} | {n:>6} | {s:>8.2f} | {n / s:>8.0f} | {mb:>7.0f} |")
    print(f"\nindex file: {index.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
