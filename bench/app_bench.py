"""App figures, measured by driving the real app headlessly (run by hand).

    python bench/app_bench.py                    # demo, 100k and 1M paragraphs
    python bench/app_bench.py --sizes 100000     # skip the 1M index

Prints, each beside a naive baseline measured in the same run:
- start-up to the first interactive frame (a fresh process: interpreter, imports, the
  index opened, the article list filled, the first article laid out and painted), with
  the demo corpus and with 100k / 1M paragraph indexes; baseline: the same start-up
  plus reading every paragraph into memory, which is what an app without an index does;
- search results on screen after the last keystroke (100k paragraphs, 10 queries typed
  character by character, time from the last key to the refresh that shows the hits);
  baseline: a rapidfuzz full scan of the same paragraphs for the same queries;
- opening an article of 500 rows x 4 languages (load + layout + first paint);
  baseline: mounting one Static widget per cell, the obvious way to build the panes;
- resident memory of the app process with the 1M index after a search.

Indexes are made under bench/out/app_bench/ from ../shared/dev/bible-nt with
bench/search_bench.py's corpus builder (one article per document there, since Bible
files are not translations grouped by the indexer), and a 500-row article is indexed for
real through the pipeline from four languages' verses of the same chapters.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "app_bench"
sys.path.insert(0, str(HERE))

QUERIES = [
    "jerusalem",
    "Zuckerbreg",
    "pietro",
    "galilea",
    "yesu",
    "kristus",
    "ісус",
    "abraham",
    "moses",
    "pilat",
]


# -- building the indexes ------------------------------------------------------------------


def one_article_per_document(path: Path) -> None:
    """Articles and 1-row-per-paragraph alignments, written straight into the index."""
    conn = sqlite3.connect(path)
    if conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]:
        return
    with conn:
        conn.execute(
            "INSERT INTO articles(id, title, languages) SELECT id, COALESCE(title, path), lang FROM documents"
        )
        conn.execute("INSERT INTO article_docs(article_id, doc_id) SELECT id, id FROM documents")
        conn.execute(
            "INSERT INTO alignment_rows(article_id, row, confidence) SELECT doc_id, i, 1.0 FROM paragraphs"
        )
        conn.execute(
            "INSERT INTO alignment_cells(article_id, row, doc_id, para_i) SELECT doc_id, i, doc_id, i FROM paragraphs"
        )
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('articles_done', '1')")
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('search_done', '1')")
    conn.close()


def _current(path: Path) -> bool:
    """Whether an index left by an earlier run has this polyglance's schema version."""
    from polyglance.corpus.schema import SCHEMA_VERSION

    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    conn.close()
    return row is not None and int(row[0]) == SCHEMA_VERSION


def big_index(n: int) -> Path:
    from search_bench import make_corpus

    from polyglance.search import build_search_index

    path = OUT / f"bible-{n}.sqlite"
    if path.exists() and not _current(path):
        path.unlink()
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"building {path.name} …", file=sys.stderr)
        make_corpus(path, n)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        with conn:
            build_search_index(conn)
        conn.close()
    one_article_per_document(path)
    return path


def demo_index() -> Path:
    from polyglance.corpus.locations import demo_corpus_path
    from polyglance.tui.pipeline import index_corpus

    path = OUT / "demo.sqlite"
    OUT.mkdir(parents=True, exist_ok=True)
    index_corpus(demo_corpus_path(), path)
    return path


def long_article_index(rows: int = 500) -> tuple[Path, int]:
    """Four languages' verses of the same chapters, one paragraph per verse group, indexed."""
    from bible import languages, verses

    from polyglance.tui.pipeline import index_corpus

    corpus = OUT / "long-article"
    path = OUT / "long-article.sqlite"
    if path.exists() and not _current(path):
        path.unlink()
    if not path.exists():
        corpus.mkdir(parents=True, exist_ok=True)
        wanted = {"Latvian-NT.xml", "Swahili-NT.xml", "Ukranian-NT.xml", "Zulu-NT.xml"}
        files = [p for p in languages() if p.name in wanted]
        by_lang = [dict(verses(p)) for p in files]
        common = [v for v in by_lang[0] if all(v in d for d in by_lang[1:])][: rows * 2]
        for number, (source, texts) in enumerate(zip(files, by_lang)):
            paragraphs = [
                " ".join(texts[v] for v in common[k : k + 2]) for k in range(0, len(common), 2)
            ]
            (corpus / f"{number}-{source.stem}.txt").write_text(
                "\n\n".join(paragraphs) + "\n", encoding="utf-8"
            )
        index_corpus(corpus, path)
        force_one_article(path)
    conn = sqlite3.connect(path)
    article, n_langs, n_rows = conn.execute(
        "SELECT a.id, LENGTH(a.languages) - LENGTH(REPLACE(a.languages, ',', '')) + 1, COUNT(r.row)"
        " FROM articles a JOIN alignment_rows r ON r.article_id = a.id GROUP BY a.id ORDER BY 2 DESC, 3 DESC"
    ).fetchone()
    conn.close()
    print(f"long article: {n_rows} rows x {n_langs} languages", file=sys.stderr)
    return path, article


def force_one_article(path: Path) -> None:
    """Bible books share too few names and numbers for the grouper (it wants news-like
    anchors), so the four documents are made one article here and aligned for real."""
    from polyglance.corpus.articles import align_article

    conn = sqlite3.connect(path)
    docs = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    langs = sorted({r[0] for r in conn.execute("SELECT lang FROM documents")})
    with conn:
        for table in ("alignment_cells", "alignment_rows", "article_docs", "articles"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute(
            "INSERT INTO articles(id, title, languages) VALUES(?, ?, ?)",
            (docs[0], "Bible, four languages", ",".join(langs)),
        )
        conn.executemany(
            "INSERT INTO article_docs(article_id, doc_id) VALUES(?, ?)",
            [(docs[0], d) for d in docs],
        )
        align_article(conn, docs[0], docs)
    conn.close()


# -- measurements, each in a fresh process ------------------------------------------------


def peak_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over execve
    from the parent, which here has just built a 1M-paragraph index."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def child_startup(index: str, naive: bool) -> dict:
    t0 = float(os.environ["BENCH_T0"])
    from polyglance.tui.app import PolyglanceApp

    class Timed(PolyglanceApp):
        # Textual calls the on_mount of every class in the MRO: this one runs as well.
        def on_mount(self) -> None:
            if naive:
                conn = sqlite3.connect(index)
                self.all_text = [r[0] for r in conn.execute("SELECT text FROM paragraphs")]

        def on_ready(self) -> None:  # the first frame has been displayed
            self.first_frame = time.time() - t0
            self.exit()

    app = Timed(Path(index))
    app.run(headless=True, size=(160, 50))
    return {
        "seconds": app.first_frame,
        "rss_mb": peak_mb(),
    }


def child_search(index: str, mode: str = "plain") -> dict:
    """Last key to the refresh that shows the hits; ``mode`` "concordance": the hits as
    concordance lines, each with its aligned rows in the languages of the panes."""
    import asyncio

    from polyglance.tui.app import PolyglanceApp
    from polyglance.tui.widgets.search_panel import SearchPanel

    latencies: list[float] = []
    counterparts: list[int] = []  # per query: concordance lines with a counterpart text

    async def run() -> None:
        app = PolyglanceApp(Path(index))
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            panel = app.query_one(SearchPanel)
            panel.concordance = mode == "concordance"
            shown: dict[str, float] = {}
            original = panel.show_hits

            def show(hits, query, lines=None):
                original(hits, query, lines)
                if lines is not None:
                    counterparts.append(
                        sum(any(t for t, _ in ln.counterparts.values()) for ln in lines)
                    )
                app.call_after_refresh(lambda: shown.setdefault(query, time.perf_counter()))

            panel.show_hits = show  # type: ignore[method-assign]
            for query in QUERIES:
                await pilot.press("slash")
                panel.query_one("#search-input").value = ""
                await pilot.pause()
                for ch in query[:-1]:
                    await pilot.press(ch)
                await pilot.pause(0.2)
                last_key = time.perf_counter()
                await pilot.press(query[-1])
                for _ in range(30_000):  # up to a minute: a first lookup may learn a table
                    if query in shown:
                        break
                    await asyncio.sleep(0.002)
                latencies.append(shown[query] - last_key)

    asyncio.run(run())
    return {"latencies": latencies, "counterparts": counterparts}


def child_baseline_scan(index: str) -> dict:
    from rapidfuzz import fuzz, process

    from polyglance.search import fold

    conn = sqlite3.connect(index)
    texts = [fold(r[0]) for r in conn.execute("SELECT text FROM paragraphs")]
    latencies = []
    for query in QUERIES:
        start = time.perf_counter()
        process.extract(fold(query), texts, scorer=fuzz.partial_ratio, limit=10)
        latencies.append(time.perf_counter() - start)
    return {"latencies": latencies}


def child_open(index: str, article: int, naive: bool) -> dict:
    import asyncio

    from textual.containers import Horizontal, VerticalScroll
    from textual.widgets import Static

    from polyglance.corpus.article_view import load_article
    from polyglance.tui.app import PolyglanceApp

    result = {}

    async def run() -> None:
        app = PolyglanceApp(Path(index))
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            done = asyncio.Event()
            start = time.perf_counter()
            if naive:
                model = load_article(app.main.index.conn, article)
                scroll = VerticalScroll()
                await app.screen.mount(scroll)
                rows = [
                    Horizontal(
                        *[Static(text or "", markup=False) for text in r.cells.values()],
                        classes="row",
                    )
                    for r in model.rows
                ]
                await scroll.mount_all(rows)
            else:
                app.main.open_article(article)
            app.call_after_refresh(done.set)
            await done.wait()
            result["seconds"] = time.perf_counter() - start

    asyncio.run(run())
    return result


def child_memory(index: str) -> dict:
    import asyncio

    from polyglance.tui.app import PolyglanceApp

    async def run() -> None:
        app = PolyglanceApp(Path(index))
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            hits = app.main.searcher.search("jerusalem", limit=50)
            assert hits
            await pilot.pause()

    asyncio.run(run())
    return {"rss_mb": peak_mb()}


def child(kind: str, *args: str) -> dict:
    env = {**os.environ, "BENCH_T0": str(time.time())}
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        functions = {
            "startup": lambda i, n: child_startup(i, n == "naive"),
            "search": child_search,
            "concordance": lambda i: child_search(i, "concordance"),
            "scan": child_baseline_scan,
            "open": lambda i, a, n: child_open(i, int(a), n == "naive"),
            "memory": child_memory,
        }
        print(json.dumps(functions[kind](*rest)))
        return

    rows: list[tuple[str, str, str]] = []
    indexes = {"demo": demo_index()} | {f"{n // 1000}k": big_index(n) for n in args.sizes}
    for name, index in indexes.items():
        ours = [child("startup", str(index), "ours")["seconds"] for _ in range(3)]
        naive = child("startup", str(index), "naive")["seconds"]
        rows.append(
            (
                f"start-up to first frame, {name}",
                f"{min(ours) * 1000:.0f} ms (best of 3)",
                f"{naive * 1000:.0f} ms",
            )
        )
    if 100_000 in args.sizes:
        index = str(indexes["100k"])
        search = child("search", index)["latencies"]
        conc = child("concordance", index)
        scan = child("scan", index)["latencies"]
        rows.append(
            (
                "search results on screen after the last key, 100k",
                f"p50 {pct(search, 0.5) * 1000:.0f} / p95 {pct(search, 0.95) * 1000:.0f} ms",
                f"p50 {pct(scan, 0.5) * 1000:.0f} / p95 {pct(scan, 0.95) * 1000:.0f} ms (scan only)",
            )
        )
        lat = conc["latencies"]
        with_text = sum(conc["counterparts"])
        rows.append(
            (
                "concordance (hits + counterparts) on screen, 100k",
                f"p50 {pct(lat, 0.5) * 1000:.0f} / p95 {pct(lat, 0.95) * 1000:.0f} ms",
                f"({with_text} lines with a counterpart)",
            )
        )
    long_index, article = long_article_index()
    ours = min(child("open", str(long_index), str(article), "ours")["seconds"] for _ in range(3))
    naive = child("open", str(long_index), str(article), "naive")["seconds"]
    rows.append(
        (
            "open an article of 500 rows x 4 languages",
            f"{ours * 1000:.0f} ms (best of 3)",
            f"{naive * 1000:.0f} ms",
        )
    )
    if 1_000_000 in args.sizes:
        rss = child("memory", str(indexes["1000k"]))["rss_mb"]
        rows.append(("app memory with the 1M index, after a search", f"{rss:.0f} MB", "-"))
    print(f"\n| {'figure':<52} | {'polyglance':<28} | {'naive baseline':<34} |")
    print(f"|{'-' * 54}|{'-' * 30}|{'-' * 36}|")
    for name, ours_text, naive_text in rows:
        print(f"| {name:<52} | {ours_text:<28} | {naive_text:<34} |")


if __name__ == "__main__":
    main()
