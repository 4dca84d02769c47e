"""Search benchmark: polyglance.search against a naive rapidfuzz full scan (run by hand).

    python bench/search_bench.py                  # 100,000 and 1,000,000 paragraphs
    python bench/search_bench.py --sizes 100000   # the small one only

Corpora are made from the Bible NT files in ``shared/dev/bible-nt`` (12 languages):
verses joined into ~400-character paragraphs; when the real text runs out, the verses of
each language are shuffled again (another seed) and joined differently. They are written
to ``bench/out/bible-<n>.sqlite`` with the real schema and reused on later runs.

Each phase runs in its own process so that its peak memory (ru_maxrss) is its own:
build (``build_search_index`` + commit), search (30 queries, limit 10) and the baseline
``rapidfuzz.process.extract(q, texts, scorer=fuzz.partial_ratio, limit=10)`` over every
folded paragraph.

Articles: the k-th document of each language in a pass form article k of that pass, row i
of which is paragraph i of each (a synthetic alignment, for the concordance figure:
``aligned_cells`` of the hits, 10 and 50 of them, into every other language, timed as
the app's concordance view and ``search --with`` fetch them).

Latency: after one warm-up pass, each query runs 3 times with the searcher's postings
cache cleared first (the OS file cache stays warm); p50/p95 are over all those runs.
"cached" repeats without clearing. The baseline runs each query once.

recall@10: for a query, let s10 be the 10th best baseline score. Each of our first 10
hits counts when its own baseline score (``fuzz.partial_ratio`` of the folded query and
folded paragraph, exactly as the scan computes it) is >= s10, so that ties at the 10th
score are counted fairly; recall = counted / 10, averaged over the queries.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = Path(os.environ.get("SEARCH_BENCH_OUT", HERE / "out"))  # 1M: about 1 GB
BIBLE = Path(os.environ.get("BIBLE_NT", HERE.parent.parent / "shared/dev/bible-nt"))
PARA_CHARS = 400
DOC_PARAS = 100

QUERIES = [
    "jerusalem",  # several languages, partial in more
    "jeruzaleme",  # Latvian
    "yerusalemu",  # Swahili
    "єрусалим",  # Ukrainian
    "ісус христос",  # Ukrainian, two words
    "jeesus kristus",  # Estonian, two words
    "yesu kristo",  # Swahili, two words
    "abraham",
    "ibrahim",  # Kabyle Ibṛahim, without the dot
    "galilaya",
    "jezus",  # Latvian Jēzus, without the macron
    "dievs",
    "unkulunkulu",  # Zulu
    "ufalme wa mbinguni",  # Swahili, three words
    "cilveka dels",  # Latvian cilvēka dēls, no accents
    "nazareth",
    "johannes",
    "musa",
    "ઈસુ",  # Gujarati
    "ܝܫܘܥ",  # Syriac
    "ᏥᏌ",  # Cherokee
    "христа",
    "jeruslaem",  # typos from here on
    "abrhaam",
    "kristsu",
    "unkulunkuku",
    "galileja jezus",
    "yerusalem",
    "farisayo",
    "mbingni",
]


#: Regular-expression and case-sensitive queries: timed apart (they read paragraph text).
PATTERN_QUERIES = [
    "re:jerusal[ae]m",
    "re:\\bkrist\\w+",
    "re:ab+raham",
    "case:Jesus",
    "case:re:^Kwa",
    "re:qqq[0-9]+zzz",  # no match: the whole narrowed set is read
    "re:(?:galil|nazar)\\w+",
    "re:\\d{3}",  # no literal to narrow by: a full scan
]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verses_by_lang() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in sorted(glob.glob(str(BIBLE / "*.xml"))):
        lang = Path(f).stem.split("-")[0].lower()
        out[lang] = [
            " ".join(s.text.split()) for s in ET.parse(f).iter("seg") if s.text and s.text.strip()
        ]
    return out


def paragraphs(n: int):
    """(lang, text) until ``n``: each pass joins each language's verses in a new order."""
    langs = verses_by_lang()
    made = 0
    for rnd in range(10**6):
        for lang, verses in langs.items():
            vs = list(verses)
            if rnd:
                random.Random(rnd * 1000 + len(lang)).shuffle(vs)
            buf: list[str] = []
            size = 0
            for v in vs:
                buf.append(v)
                size += len(v) + 1
                if size >= PARA_CHARS:
                    yield rnd, lang, " ".join(buf)
                    made += 1
                    if made >= n:
                        return
                    buf, size = [], 0


def make_corpus(path: Path, n: int) -> None:
    from polyglance.corpus import schema

    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    schema.create(conn)
    doc_key = None
    doc_id = 0
    i = 0
    rows = []
    for rnd, lang, text in paragraphs(n):
        if (rnd, lang) != doc_key or i >= DOC_PARAS:
            doc_key, doc_id, i = (rnd, lang), doc_id + 1, 0
            conn.execute(
                "INSERT INTO documents(id, path, size, mtime_ns, sha256, encoding, lang, "
                "lang_confidence, title, source_url, date, n_content, content_chars, anchors) "
                "VALUES(?, ?, 0, 0, '', 'utf-8', ?, 1.0, ?, NULL, NULL, ?, ?, '')",
                (
                    doc_id,
                    f"{lang}/r{rnd}/{doc_id}.txt",
                    lang,
                    f"{lang} {doc_id}",
                    DOC_PARAS,
                    DOC_PARAS * PARA_CHARS,
                ),
            )
        rows.append((doc_id, i, "body", lang, text, 0, len(text)))
        i += 1
        if len(rows) >= 10000:
            conn.executemany(
                "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) "
                "VALUES(?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            rows = []
    conn.executemany(
        "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) "
        "VALUES(?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    add_alignment(conn)
    conn.commit()
    conn.close()
    tmp.rename(path)


def add_alignment(conn: sqlite3.Connection) -> None:
    """Articles and aligned rows (see the module's doc), if the file has none yet."""
    if conn.execute("SELECT EXISTS(SELECT 1 FROM alignment_cells)").fetchone()[0]:
        return
    docs = conn.execute("SELECT id, path, lang FROM documents ORDER BY id").fetchall()
    seen: dict[tuple[str, str], int] = {}
    article_of: dict[int, int] = {}
    keys: dict[tuple[str, int], int] = {}
    for doc_id, path, lang in docs:
        rnd = path.split("/")[1]
        k = seen.get((rnd, lang), 0)
        seen[rnd, lang] = k + 1
        article_of[doc_id] = keys.setdefault((rnd, k), len(keys) + 1)
    langs: dict[int, list[str]] = {}
    for doc_id, _, lang in docs:
        langs.setdefault(article_of[doc_id], []).append(lang)
    conn.executemany(
        "INSERT INTO articles(id, title, languages) VALUES(?, ?, ?)",
        [(a, f"article {a}", ",".join(ls)) for a, ls in langs.items()],
    )
    conn.executemany(
        "INSERT INTO article_docs(article_id, doc_id) VALUES(?, ?)",
        [(a, d) for d, a in article_of.items()],
    )
    cells = conn.execute("SELECT doc_id, i FROM paragraphs ORDER BY doc_id, i").fetchall()
    conn.executemany(
        "INSERT INTO alignment_cells(article_id, row, doc_id, para_i) VALUES(?, ?, ?, ?)",
        [(article_of[d], i, d, i) for d, i in cells],
    )
    conn.execute(
        "INSERT OR IGNORE INTO alignment_rows(article_id, row, confidence) "
        "SELECT article_id, row, 1.0 FROM alignment_cells"
    )


# -- phases (each in a child process) -------------------------------------------------


def phase_build(db: Path) -> dict:
    from polyglance.search import build_search_index

    conn = sqlite3.connect(db)
    add_alignment(conn)  # a file written before the bench made articles
    conn.commit()
    t = time.perf_counter()
    build_search_index(conn)
    conn.commit()
    took = time.perf_counter() - t
    size = conn.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%' "
        "OR name LIKE 'sqlite_autoindex_search%'"
    ).fetchone()[0]
    conn.close()
    return {"build_s": took, "index_mb": size / 2**20, "build_rss_mb": rss_mb()}


def phase_search(db: Path) -> dict:
    from polyglance.search import Searcher

    s = Searcher(db)
    t = time.perf_counter()
    s.search("warm up")
    first = time.perf_counter() - t
    for q in QUERIES:
        s.search(q, limit=10)
    times, cached, results = [], [], {}
    for q in QUERIES:
        for _ in range(3):
            s.clear_cache()
            t = time.perf_counter()
            hits = s.search(q, limit=10)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        s.search(q, limit=10)
        cached.append(time.perf_counter() - t)
        results[q] = [h.text for h in hits]
    pattern_times, pattern_hits = [], {}
    for q in PATTERN_QUERIES:
        s.clear_cache()
        t = time.perf_counter()
        found = s.search(q, limit=10)
        pattern_times.append(time.perf_counter() - t)
        pattern_hits[q] = len(found)
    # the concordance: hits with their aligned counterparts in every other language
    from polyglance.search import aligned_cells

    all_langs = [r[0] for r in s._conn.execute("SELECT DISTINCT lang FROM documents")]
    concordance: dict[str, list[float]] = {"10": [], "50": [], "naive 10": []}
    for q in QUERIES:
        for limit in (10, 50):
            s.clear_cache()
            t = time.perf_counter()
            hits = s.search(q, limit=limit)
            aligned_cells(s._conn, hits, all_langs)
            concordance[str(limit)].append(time.perf_counter() - t)
        s.clear_cache()
        t = time.perf_counter()
        hits = s.search(q, limit=10)
        _naive_cells(s._conn, hits, all_langs)
        concordance["naive 10"].append(time.perf_counter() - t)
    return {
        "concordance": concordance,
        "pattern_times": pattern_times,
        "pattern_hits": pattern_hits,
        "times": times,
        "cached": cached,
        "first_s": first,
        "results": results,
        "search_rss_mb": rss_mb(),
    }


def _naive_cells(conn: sqlite3.Connection, hits, langs: list[str]) -> list[dict]:
    """Baseline for aligned_cells: one query per hit and language."""
    out = []
    for h in hits:
        cells = {}
        for lang in langs:
            rows = conn.execute(
                "SELECT p.text FROM alignment_cells c JOIN documents d ON d.id = c.doc_id "
                "JOIN paragraphs p ON p.doc_id = c.doc_id AND p.i = c.para_i "
                "WHERE c.article_id = ? AND c.row = ? AND d.lang = ?",
                (h.article, h.row, lang),
            ).fetchall()
            cells[lang] = "\n\n".join(r[0] for r in rows) or None
        out.append(cells)
    return out


def phase_baseline(db: Path, ours: dict[str, list[str]]) -> dict:
    from rapidfuzz import fuzz, process

    from polyglance.search import fold

    conn = sqlite3.connect(db)
    texts = [fold(t) for (t,) in conn.execute("SELECT text FROM paragraphs ORDER BY id")]
    times, recalls = [], {}
    for q in QUERIES:
        fq = fold(q)
        t = time.perf_counter()
        top = process.extract(fq, texts, scorer=fuzz.partial_ratio, limit=10)
        times.append(time.perf_counter() - t)
        s10 = top[-1][1] if len(top) >= 10 else 0.0
        got = [fuzz.partial_ratio(fq, fold(x)) for x in ours.get(q, [])[:10]]
        recalls[q] = {
            "recall": sum(g >= s10 for g in got) / 10,
            "s10": s10,
            "ours": [round(g, 1) for g in got],
        }
    return {"times": times, "recalls": recalls, "baseline_rss_mb": rss_mb()}


def child(phase: str, db: Path, extra: dict | None = None) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--db", str(db)]
    res = subprocess.run(
        cmd, input=json.dumps(extra or {}), capture_output=True, text=True, check=False
    )
    if res.returncode:
        sys.stderr.write(res.stderr)
        raise SystemExit(f"phase {phase} failed")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] * 1000


def run_size(n: int, rebuild: bool, baseline: bool, reuse: bool = False) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"bible-{n}.sqlite"
    if rebuild or not db.exists():
        db.unlink(missing_ok=True)
        t = time.perf_counter()
        make_corpus(db, n)
        print(f"[{n}] corpus written in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    row: dict = {"n": n}
    saved = db.with_suffix(".build.json")
    if reuse and saved.exists():
        row.update(json.loads(saved.read_text()))
    else:
        row.update(child("build", db))
        saved.write_text(json.dumps({k: row[k] for k in row if k != "n"}))
    print(f"[{n}] build {row['build_s']:.0f} s", file=sys.stderr)
    row.update(child("search", db))
    if baseline:
        row.update({"b_" + k: v for k, v in child("baseline", db, row["results"]).items()})
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--rebuild", action="store_true", help="write the corpora again")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--reuse-index", action="store_true", help="keep the last search index and its figures"
    )
    ap.add_argument("--verbose", action="store_true", help="per-query recall")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        extra = json.loads(sys.stdin.read() or "{}")
        fn = {
            "build": lambda: phase_build(args.db),
            "search": lambda: phase_search(args.db),
            "baseline": lambda: phase_baseline(args.db, extra),
        }[args.phase]
        print(json.dumps(fn()))
        return
    rows = [run_size(n, args.rebuild, not args.no_baseline, args.reuse_index) for n in args.sizes]
    print(f"{len(QUERIES)} queries, limit 10, 2 cores; latency in ms; load {_load()}")
    head = (
        "paragraphs | p50 | p95 | p95 cached | first query | build s | index MB | "
        "build peak MB | search peak MB | baseline p50 | baseline p95 | speed-up p95 | "
        "recall@10 | baseline peak MB | re:/case: p50 | re:/case: max"
    )
    print(head)
    print("|".join("---" for _ in head.split("|")))
    for r in rows:
        b = "b_times" in r
        cells = [
            f"{r['n']:,}",
            f"{pct(r['times'], 50):.1f}",
            f"{pct(r['times'], 95):.1f}",
            f"{pct(r['cached'], 95):.1f}",
            f"{r['first_s'] * 1000:.0f}",
            f"{r['build_s']:.0f}",
            f"{r['index_mb']:.0f}",
            f"{r['build_rss_mb']:.0f}",
            f"{r['search_rss_mb']:.0f}",
        ]
        if b:
            rec = statistics.mean(v["recall"] for v in r["b_recalls"].values())
            cells += [
                f"{pct(r['b_times'], 50):.0f}",
                f"{pct(r['b_times'], 95):.0f}",
                f"{pct(r['b_times'], 95) / pct(r['times'], 95):.0f}x",
                f"{rec:.3f}",
                f"{r['b_baseline_rss_mb']:.0f}",
            ]
        else:
            cells += ["-"] * 5
        cells += [f"{pct(r['pattern_times'], 50):.0f}", f"{pct(r['pattern_times'], 100):.0f}"]
        print(" | ".join(cells))
        c = r["concordance"]
        print(
            "    concordance (search + aligned_cells into every language): "
            f"10 hits p50 {pct(c['10'], 50):.0f} p95 {pct(c['10'], 95):.0f} ms, "
            f"50 hits p50 {pct(c['50'], 50):.0f} p95 {pct(c['50'], 95):.0f} ms; "
            f"naive (a query per hit and language) 10 hits p95 {pct(c['naive 10'], 95):.0f} ms"
        )
        if b and args.verbose:
            for q, v in r["b_recalls"].items():
                print(f"    {q!r}: recall {v['recall']:.1f} s10 {v['s10']:.1f} ours {v['ours']}")
        if args.verbose:
            for q, t in zip(PATTERN_QUERIES, r["pattern_times"], strict=True):
                print(f"    {q!r}: {1000 * t:.0f} ms, {r['pattern_hits'][q]} hits")


if __name__ == "__main__":
    main()
