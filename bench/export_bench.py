"""Export speed: >= 100,000 aligned rows in each format, beside a naive DOM baseline.

Run by hand: `python bench/export_bench.py [--rows 100000]`. Prints a table.

The index (bench/out/export_bench/, built once and reused) holds the Bible NT of
../shared/dev/bible-nt in 12 languages: one article per chapter, one document per
language, one paragraph per verse. The aligned rows are written straight from the verse
ids (which give the exact correspondence) instead of running the aligner, through the
real schema: ``Index.put_document`` for the documents, then the ``articles``,
``article_docs``, ``alignment_rows`` and ``alignment_cells`` tables as
``polyglance.corpus.articles`` writes them. Confidences are drawn (seeded) in [0.3, 1].
When the verses run out, the whole NT is added again under other paths, until the index
has ``--rows`` rows. Rows lack a language where that translation lacks the verse.

Each export runs in its own process (so that its peak memory is its own), through the
public API ``polyglance.corpus.export.export_to_path`` on every article, and writes under
bench/out/export_bench/. Baseline, same rows, same process setup: build the whole TMX as
an ``xml.dom.minidom`` document, then ``writexml`` it.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bible import languages, verses

OUT = Path(__file__).resolve().parent / "out" / "export_bench"

#: File name -> language code (the files' own ids are not ISO codes).
CODES = {
    "Basque": "eu",
    "Cherokee": "chr",
    "Estonian": "et",
    "Gujarati": "gu",
    "Kabyle": "kab",
    "Latvian": "lv",
    "Romani": "rom",
    "Swahili": "sw",
    "Syriac": "syc",
    "Ukranian": "uk",
    "Wolof": "wo",
    "Zulu": "zu",
}


def _chapters() -> tuple[list[str], dict[str, dict[str, list[tuple[str, str]]]]]:
    """Language codes, and {chapter: {lang: [(verse id, text)]}} in the order of the books."""
    codes: list[str] = []
    chapters: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(dict)
    for path in languages():
        code = CODES[path.stem.split("-")[0]]
        codes.append(code)
        for verse_id, text in verses(path):
            chapter = verse_id.rsplit(".", 1)[0]
            chapters[chapter].setdefault(code, []).append((verse_id, text))
    return codes, chapters


def build_index(path: Path, rows_wanted: int) -> int:
    """Write the index at ``path`` (unless it is there already); returns its row count."""
    from polyglance.corpus.records import Document, Paragraph
    from polyglance.corpus.store import Index, IndexProblem

    try:
        with Index.open(path, readonly=True) as index:
            done = index.get_meta("export_bench_rows")
    except IndexProblem:  # none yet, or of another schema version: build it anew
        done = None
    if done and int(done) >= rows_wanted:
        return int(done)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    codes, chapters = _chapters()
    rng = random.Random(7)
    rows_made, copy = 0, 0
    with Index.open(path) as index, index.writing() as conn:
        while rows_made < rows_wanted:
            for chapter, by_lang in chapters.items():
                members: dict[str, int] = {}
                for code in codes:
                    chapter_verses = by_lang.get(code)
                    if not chapter_verses:
                        continue
                    paragraphs, offset = [], 0
                    for i, (_, text) in enumerate(chapter_verses):
                        kind = "title" if i == 0 else "body"
                        paragraphs.append(
                            Paragraph(i, kind, code, text, offset, offset + len(text))
                        )
                        offset += len(text) + 2
                    doc = Document(
                        f"copy{copy:02d}/{chapter}/{code}.txt",
                        "utf-8",
                        code,
                        1.0,
                        chapter_verses[0][1][:80],
                        None,
                        None,
                        paragraphs,
                    )
                    doc_id, _, _ = index.put_document(
                        doc, offset, 0, f"{copy}-{chapter}-{code}", None
                    )
                    members[code] = doc_id
                article_id = min(members.values())
                conn.execute(
                    "INSERT INTO articles(id, title, languages) VALUES(?,?,?)",
                    (article_id, f"{chapter} ({copy})", ",".join(sorted(members))),
                )
                conn.executemany(
                    "INSERT INTO article_docs(article_id, doc_id, duplicate_of) VALUES(?,?,NULL)",
                    [(article_id, d) for d in members.values()],
                )
                verse_ids = sorted(
                    {v for code in members for v, _ in by_lang[code]},
                    key=lambda v: int(v.rsplit(".", 1)[1]) if v.rsplit(".", 1)[1].isdigit() else 0,
                )
                row_of = {v: r for r, v in enumerate(verse_ids)}
                conn.executemany(
                    "INSERT INTO alignment_rows(article_id, row, confidence) VALUES(?,?,?)",
                    [
                        (article_id, r, round(rng.uniform(0.3, 1.0), 4))
                        for r in range(len(verse_ids))
                    ],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO alignment_cells(article_id, row, doc_id, para_i) VALUES(?,?,?,?)",
                    [
                        (article_id, row_of[v], members[code], i)
                        for code in members
                        for i, (v, _) in enumerate(by_lang[code])
                    ],
                )
                rows_made += len(verse_ids)
                if rows_made >= rows_wanted:
                    break
            copy += 1
        index.set_meta("export_bench_rows", str(rows_made))
        index.set_meta("articles_done", "1")
    return rows_made


def _articles_for(conn, rows_wanted: int) -> list[int]:
    """The first articles whose rows add up to ``rows_wanted`` (or just over)."""
    ids, total = [], 0
    for article_id, count in conn.execute(
        "SELECT article_id, COUNT(*) FROM alignment_rows GROUP BY article_id ORDER BY article_id"
    ):
        ids.append(article_id)
        total += count
        if total >= rows_wanted:
            break
    return ids


def _naive_tmx(conn, ids: list[int], path: Path) -> int:
    """Baseline: the whole TMX as a minidom document, then serialised."""
    from xml.dom import minidom

    from polyglance.corpus import queries

    doc = minidom.Document()
    tmx = doc.appendChild(doc.createElement("tmx"))
    tmx.setAttribute("version", "1.4")
    header = tmx.appendChild(doc.createElement("header"))
    for key, value in (("creationtool", "naive"), ("srclang", "eu"), ("datatype", "plaintext")):
        header.setAttribute(key, value)
    body = tmx.appendChild(doc.createElement("body"))
    count = 0
    for article_id in ids:
        for row in queries.article_table(conn, article_id).rows:
            present = [(lang, text) for lang, text in row.cells.items() if text]
            if len(present) < 2:
                continue
            tu = body.appendChild(doc.createElement("tu"))
            prop = tu.appendChild(doc.createElement("prop"))
            prop.setAttribute("type", "x-polyglance-row")
            prop.appendChild(doc.createTextNode(str(row.index)))
            for lang, text in present:
                tuv = tu.appendChild(doc.createElement("tuv"))
                tuv.setAttribute("xml:lang", lang)
                seg = tuv.appendChild(doc.createElement("seg"))
                seg.appendChild(doc.createTextNode(text))
            count += 1
    with open(path, "w", encoding="utf-8") as handle:
        doc.writexml(handle, encoding="utf-8")
    return count


def _child(mode: str, index_path: str, rows_wanted: str, out: str) -> None:
    """One export in this process: prints rows, seconds, CPU seconds, bytes written, peak MB."""
    from polyglance.corpus import export
    from polyglance.corpus.store import Index

    with Index.open(index_path, readonly=True) as index:
        ids = _articles_for(index.conn, int(rows_wanted))
        start, cpu_start = time.perf_counter(), time.process_time()
        if mode == "naive-tmx":
            rows = _naive_tmx(index.conn, ids, Path(out))
            paths = [Path(out)]
        else:
            fmt, _, langs = mode.partition(":")
            options = export.ExportOptions(langs=langs.split(",") if langs else None)
            summary = export.export_to_path(index.conn, ids, fmt, out, options)
            rows, paths = summary.rows, summary.paths
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    size = sum(p.stat().st_size for p in paths)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows} {seconds:.3f} {cpu:.3f} {size} {peak_mb:.0f}")


def _run(mode: str, index: Path, rows: int, out: Path) -> tuple[int, float, float, int, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(index), str(rows), str(out)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(result[0]), float(result[1]), float(result[2]), int(result[3]), float(result[4])


def _cli_run(index: Path, rows: int, out: Path) -> tuple[int, float, float, int]:
    """The whole `polyglance export --format tmx` command, process start included."""
    from polyglance.corpus.store import Index

    with Index.open(index, readonly=True) as idx:
        ids = _articles_for(idx.conn, rows)
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "polyglance.tui.cli",
            "export",
            *map(str, ids),
            "--format",
            "tmx",
            "-o",
            str(out),
            "--index",
            str(index),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    written = int(" ".join(result.stderr.split()).split("exported ")[1].split()[0])
    return written, seconds, cpu, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=100_000, help="aligned rows to export (default 100000)"
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the (slow) minidom baseline"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    index = OUT / "index.sqlite"
    start = time.perf_counter()
    in_index = build_index(index, args.rows)
    built = time.perf_counter() - start
    print(
        f"index: {in_index} aligned rows, 12 languages ({built:.1f} s to build or check)",
        flush=True,
    )

    runs = [
        ("tmx, 12 languages", "tmx", OUT / "all.tmx"),
        ("tmx, 2 languages (--langs eu,sw)", "tmx:eu,sw", OUT / "eu-sw.tmx"),
        ("tsv, 12 languages", "tsv", OUT / "all.tsv"),
        ("jsonl, 12 languages", "jsonl", OUT / "all.jsonl"),
        ("moses, 12 files (rows with all 12)", "moses", OUT / "all"),
        ("moses, 2 files (--langs eu,sw)", "moses:eu,sw", OUT / "eu-sw"),
    ]
    if not args.no_baseline:
        runs.append(("naive: tmx as a minidom DOM, 12 languages", "naive-tmx", OUT / "naive.tmx"))
    results = []
    for name, mode, out in runs:
        results.append((name, *_run(mode, index, args.rows, out)))
        print(f"  {name}: {results[-1][2]:.2f} s", file=sys.stderr, flush=True)
    rows, seconds, cpu, size = _cli_run(index, args.rows, OUT / "cli.tmx")
    results.append(
        ("`polyglance export … --format tmx -o` (whole command)", rows, seconds, cpu, size, -1)
    )

    load = os.getloadavg()[0]
    print(
        f"\nexport of the first articles holding >= {args.rows} aligned rows, {os.cpu_count()} cores,"
        f" load average {load:.1f}\n"
    )
    print(
        f"| {'run':<54} | {'written':>7} | {'seconds':>7} | {'CPU s':>6} | {'rows/s':>7} | {'MB out':>6}"
        f" | {'peak MB':>7} |"
    )
    print(f"|{'-' * 56}|{'-' * 9}|{'-' * 9}|{'-' * 8}|{'-' * 9}|{'-' * 8}|{'-' * 9}|")
    for name, n, s, cpu, size, mb in results:
        peak = f"{mb:>7.0f}" if mb >= 0 else f"{'-':>7}"
        print(
            f"| {name:<54} | {n:>7} | {s:>7.2f} | {cpu:>6.2f} | {n / s:>7.0f} | {size / 1e6:>6.1f} | {peak} |"
        )
    print(
        "\nwritten: records written (TMX: rows with two languages or more; moses: complete rows)."
        "\nseconds: wall clock; CPU s: this process's CPU time (steadier on a busy machine)."
    )


if __name__ == "__main__":
    main()
