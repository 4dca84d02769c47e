"""Time and peak memory of `polyglance index` on the hostile corpus at full size.

Runs `polyglance index` in a child process (peak RSS from getrusage of the children) on:
  huge   one 50 MB file that is one line
  lines  one file of 200,000 short lines
  all    the whole hostile corpus of tests/fixtures/hostile.py (both of the above included)
and, in this process, the stages of the huge file: decode, paragraphs, cleaning.

    python bench/hostile_bench.py [--huge-mb 50] [--lines 200000] [--only huge,lines,all]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fixtures.hostile import (  # noqa: E402
    huge_line,
    make_hostile_corpus,
    many_lines,
    remove_tree,
)


def run_index(corpus: Path, index: Path) -> dict:
    """Wall time and peak RSS of one `polyglance index` run in a fresh child process."""
    code = (
        "import json, resource, sys, time\n"
        "from polyglance.tui.cli import main\n"
        "start = time.perf_counter()\n"
        "rc = main(['index', sys.argv[1], '--index', sys.argv[2], '--json'])\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'rc': rc, 'seconds': time.perf_counter() - start, 'peak_mb': peak}),"
        " file=sys.stderr)\n"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, str(corpus), str(index)], capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "{}"
    stats = json.loads(last) if last.startswith("{") else {"error": result.stderr[-2000:]}
    summary = json.loads(result.stdout) if result.stdout.strip().startswith("{") else {}
    return {
        "wall_s": round(wall, 2),
        "index_s": round(stats.get("seconds", float("nan")), 2),
        "peak_rss_mb": round(stats.get("peak_mb", float("nan")), 1),
        "indexed": summary.get("indexed"),
        "skipped": len(summary.get("skipped", [])),
        "rc": stats.get("rc", result.returncode),
    }


def stages(data: bytes) -> dict:
    """Seconds of each stage on one file, in this process."""
    from polyglance.corpus.decode import decode
    from polyglance.corpus.indexer import clean_bounded
    from polyglance.corpus.language import identify
    from polyglance.corpus.paragraphs import split_paragraphs

    identify("warm the language model up")
    t0 = time.perf_counter()
    decoded = decode(data)
    t1 = time.perf_counter()
    raw = split_paragraphs(decoded.text)
    t2 = time.perf_counter()
    document = clean_bounded("bench.txt", decoded.text, decoded.encoding)
    t3 = time.perf_counter()
    return {
        "decode_s": round(t1 - t0, 2),
        "paragraphs_s": round(t2 - t1, 2),
        "clean_bounded_s": round(t3 - t2, 2),
        "paragraphs": len(raw),
        "stored_paragraphs": len(document.paragraphs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--huge-mb", type=int, default=50)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--only", default="huge,lines,all")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as tmp:
        base = Path(tmp)
        huge = huge_line(args.huge_mb * 2**20)
        if "huge" in wanted:
            corpus = base / "huge"
            corpus.mkdir()
            (corpus / "huge-one-line.txt").write_bytes(huge)
            results["huge"] = {**run_index(corpus, base / "huge.sqlite"), **stages(huge)}
        if "lines" in wanted:
            corpus = base / "lines"
            corpus.mkdir()
            data = many_lines(args.lines)
            (corpus / "many-lines.txt").write_bytes(data)
            results["lines"] = {**run_index(corpus, base / "lines.sqlite"), **stages(data)}
        del huge
        if "all" in wanted:
            h = make_hostile_corpus(
                base / "all", huge_bytes=args.huge_mb * 2**20, n_lines=args.lines
            )
            results["all"] = {**run_index(h.root, base / "all.sqlite"), "files": len(h.files)}
            remove_tree(h.root)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "huge_mb": args.huge_mb,
                "lines": args.lines,
                "cpus": os.cpu_count(),
                "bench_process_peak_mb": round(own, 1),
                **results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
