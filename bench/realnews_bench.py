"""Real published news, as shipped and as clean text: repair, cleaning, language, grouping, alignment.

    python bench/realnews_bench.py [--data ../shared/dev/wmt16-enfi]

Indexes ``raw/`` and ``clean/`` of the wmt16-enfi set (see its README) into temporary
indexes with the real pipeline, and prints one column for each, beside a naive baseline:
the raw files decoded as plain UTF-8, nothing repaired (text figures only).

- mojibake left: stored paragraphs that ftfy would still change, or with a misread BOM; and,
  as an independent check, those that ftfy's badness test flags (it has false positives:
  ``”Ä`` at the start of a Finnish quotation, twice in ``clean/``);
- lines equal to clean: stored text of each line of a file equal to the same line of its
  ``clean/`` twin, white space aside (all files; and the English originals alone: the
  Finnish files of ``clean/`` are another translation than those of ``raw/``, so only
  the English half can be equal line for line);
- lines kept as content, titles kept (the first line of each file is its title);
- languages right (gold.json ``langs``);
- pairs grouped exactly (an article holding exactly the two files of a gold pair) and wrong
  groups (articles of several documents that are not a gold pair);
- alignment strict F1 of the exactly grouped pairs against line i = line i;
- documents repaired, from the index.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from ftfy.badness import is_bad

from polyglance.corpus.align.beads import Bead
from polyglance.corpus.align.scoring import evaluate
from polyglance.corpus.paragraphs import collapse
from polyglance.corpus.records import CONTENT_KINDS
from polyglance.corpus.repair import repair_line
from polyglance.tui.pipeline import index_corpus

DATA = Path(__file__).resolve().parents[2] / "shared" / "dev" / "wmt16-enfi"


def _has_mojibake(text: str) -> bool:
    """A misread BOM, or encoding errors that ftfy would still undo."""
    return "ï»¿" in text or repair_line(text) != text


def _clean_lines(data: Path) -> dict[str, list[str]]:
    return {
        p.name: [collapse(line) for line in p.read_text(encoding="utf-8").splitlines()]
        for p in sorted((data / "clean").glob("*.txt"))
    }


def measure(root: Path, gold: dict, clean: dict[str, list[str]]) -> dict[str, str]:
    from polyglance.corpus.decode import decode

    with tempfile.TemporaryDirectory() as tmp:
        index_path = Path(tmp) / "index.sqlite"
        start = time.perf_counter()
        index_corpus(root, index_path)
        seconds = time.perf_counter() - start
        conn = sqlite3.connect(index_path)
        docs = {
            path: (doc_id, lang, json.loads(repairs))
            for doc_id, path, lang, repairs in conn.execute(
                "SELECT id, path, lang, repairs FROM documents"
            )
        }
        paras: dict[str, list[tuple[int, str, str, int]]] = {}
        for path, (doc_id, _, _) in docs.items():
            # Line number of each paragraph: line breaks before its start in the decoded text.
            text = decode((root / path).read_bytes(), repair=True).text
            rows = conn.execute(
                "SELECT i, kind, text, start, end FROM paragraphs WHERE doc_id=? ORDER BY i",
                (doc_id,),
            ).fetchall()
            paras[path] = [
                (i, kind, ptext, text.count("\n", 0, s))
                for i, kind, ptext, s, e in rows
                if "\n" not in text[s:e]
            ]
        mojibake = sum(_has_mojibake(p[2]) for ps in paras.values() for p in ps)
        flagged = sum(is_bad(p[2]) for ps in paras.values() for p in ps)
        n_paras = conn.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
        equal_all = equal_en = lines_all = lines_en = content = titles = 0
        for path, lines in clean.items():
            by_line = {line: (kind, ptext) for _, kind, ptext, line in paras.get(path, [])}
            is_en = gold["langs"][path] == "en"
            for k, want in enumerate(lines):
                got = by_line.get(k)
                same = got is not None and collapse(got[1]) == want
                equal_all += same
                lines_all += 1
                if is_en:
                    equal_en += same
                    lines_en += 1
                content += got is not None and got[0] in CONTENT_KINDS
            titles += by_line.get(0, ("", ""))[0] == "title"
        langs_right = sum(docs[p][1] == lang for p, lang in gold["langs"].items() if p in docs)
        members: dict[int, set[str]] = {}
        id_to_path = {doc_id: path for path, (doc_id, _, _) in docs.items()}
        for article_id, doc_id in conn.execute("SELECT article_id, doc_id FROM article_docs"):
            members.setdefault(article_id, set()).add(id_to_path[doc_id])
        gold_pairs = [frozenset(pair) for pair in gold["articles"]]
        found = {frozenset(m): a for a, m in members.items()}
        exact = [pair for pair in gold_pairs if pair in found]
        wrong = sum(1 for m in members.values() if len(m) > 1 and frozenset(m) not in gold_pairs)
        gold_beads, test_beads = [], []
        for pair in exact:
            original, translation = next(p for p in gold["articles"] if frozenset(p) == pair)
            article = found[pair]
            line_of = {
                (docs[path][0], i): line
                for path in (original, translation)
                for i, _, _, line in paras[path]
            }
            rows: dict[int, tuple[list[int], list[int]]] = {}
            for row, doc_id, para_i in conn.execute(
                "SELECT row, doc_id, para_i FROM alignment_cells WHERE article_id=?", (article,)
            ):
                line = line_of.get((doc_id, para_i))
                if line is None:
                    continue
                side = 0 if doc_id == docs[original][0] else 1
                rows.setdefault(row, ([], []))[side].append(line)
            test_beads.append(
                [Bead(tuple(sorted(s)), tuple(sorted(t))) for _, (s, t) in sorted(rows.items())]
            )
            n = gold["lines"][original]
            gold_beads.append([Bead((k,), (k,)) for k in range(n)])
        f1 = evaluate(gold_beads, test_beads).strict_f1 if exact else 0.0
        repaired = sum(1 for _, _, r in docs.values() if r)
        kinds: dict[str, int] = {}
        for _, _, r in docs.values():
            for kind, count in r.items():
                kinds[kind] = kinds.get(kind, 0) + count
        conn.close()
    n_files = len(gold["langs"])
    return {
        "paragraphs with mojibake left": f"{mojibake} of {n_paras}",
        "paragraphs ftfy.is_bad flags": str(flagged),
        "lines equal to clean (all)": f"{100 * equal_all / lines_all:.1f}%",
        "lines equal to clean (en originals)": f"{100 * equal_en / lines_en:.1f}%",
        "lines kept as content": f"{100 * content / lines_all:.1f}%",
        "titles kept": f"{titles}/{n_files}",
        "languages right": f"{langs_right}/{n_files}",
        "pairs grouped exactly": f"{len(exact)}/{len(gold_pairs)}",
        "wrong groups": str(wrong),
        "alignment strict F1 (grouped pairs)": f"{f1:.3f}",
        "documents repaired": f"{repaired} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})",
        "index seconds (noisy)": f"{seconds:.1f}",
    }


def naive(root: Path, gold: dict, clean: dict[str, list[str]]) -> dict[str, str]:
    """Plain UTF-8 decoding, one paragraph a line, nothing repaired: the text figures only."""
    mojibake = flagged = n_paras = equal_all = equal_en = lines_all = lines_en = 0
    for path, lines in clean.items():
        got = (root / path).read_bytes().decode("utf-8", errors="replace").splitlines()
        is_en = gold["langs"][path] == "en"
        for k, want in enumerate(lines):
            text = collapse(got[k]) if k < len(got) else ""
            n_paras += bool(text)
            mojibake += bool(text) and _has_mojibake(text)
            flagged += bool(text) and is_bad(text)
            equal_all += text == want
            lines_all += 1
            if is_en:
                equal_en += text == want
                lines_en += 1
    return {
        "paragraphs with mojibake left": f"{mojibake} of {n_paras}",
        "paragraphs ftfy.is_bad flags": str(flagged),
        "lines equal to clean (all)": f"{100 * equal_all / lines_all:.1f}%",
        "lines equal to clean (en originals)": f"{100 * equal_en / lines_en:.1f}%",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not (args.data / "gold.json").exists():
        sys.exit(f"{args.data}: no gold.json (the wmt16-enfi set is in ../shared/dev)")
    gold = json.loads((args.data / "gold.json").read_text(encoding="utf-8"))
    clean = _clean_lines(args.data)
    columns = {
        "raw/": measure(args.data / "raw", gold, clean),
        "clean/": measure(args.data / "clean", gold, clean),
        "naive raw/ (utf-8, no repair)": naive(args.data / "raw", gold, clean),
    }
    names = list(columns["raw/"])
    width = max(map(len, names)) + 2
    print("what".ljust(width) + "".join(c.ljust(32) for c in columns))
    for name in names:
        print(name.ljust(width) + "".join(col.get(name, "-").ljust(32) for col in columns.values()))


if __name__ == "__main__":
    main()
