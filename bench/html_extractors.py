"""Main-text extractors compared on our own pages: trafilatura (used) against jusText.

    python bench/html_extractors.py

For each page of tests/fixtures/html (several site shapes and languages, written for the
project), counts the pieces of article text found in the extracted text (of
``content_must_include``, plus the title and the heading) and the pieces of site
furniture that leak into it (``content_must_exclude``), and whether title, date and
canonical URL come out. jusText needs a stop-word list per language; it has none for
Japanese, where it is run with an empty one (its documented fallback for other scripts).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

HTML = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "html"
STOPLISTS = {"de": "German", "fr": "French"}


def _trafilatura(html: str, lang: str) -> tuple[str, dict]:
    from polyglance.corpus.html import extract

    page = extract(html)
    return page.text, {"title": page.title, "date": page.date, "url": page.url}


def _justext(html: str, lang: str) -> tuple[str, dict]:
    import justext

    stoplist = justext.get_stoplist(STOPLISTS[lang]) if lang in STOPLISTS else frozenset()
    paragraphs = justext.justext(html.encode("utf-8"), stoplist)
    text = "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    return text, {"title": None, "date": None, "url": None}


def main() -> None:
    expected = json.loads((HTML / "expected.json").read_text(encoding="utf-8"))
    print(f"{'page':<28}{'extractor':<13}{'text found':>11}{'noise':>7}  title date url  ms")
    totals: dict[str, list[int]] = {}
    for name, want in sorted(expected.items()):
        html = (HTML / name).read_text(encoding="utf-8")
        pieces = [*want["content_must_include"], want["title"]]
        pieces += [want["heading"]] if want["heading"] else []
        for label, run in (("trafilatura", _trafilatura), ("jusText", _justext)):
            start = time.perf_counter()
            text, meta = run(html, want["lang"])
            ms = (time.perf_counter() - start) * 1000
            text = " ".join(text.split())
            found = sum(" ".join(p.split()) in text for p in pieces)
            noise = sum(n in text for n in want["content_must_exclude"])
            marks = [
                meta["title"] == want["title"],
                meta["date"] == want["date"],
                meta["url"] == want["source_url"],
            ]
            t = totals.setdefault(label, [0, 0, 0, 0])
            t[0] += found
            t[1] += len(pieces)
            t[2] += noise
            t[3] += len(want["content_must_exclude"])
            flags = "  ".join("yes " if m else "no  " for m in marks)
            print(f"{name:<28}{label:<13}{found:>5}/{len(pieces):<5}{noise:>5}  {flags}{ms:5.0f}")
    for label, (found, total, noise, total_noise) in totals.items():
        print(f"{'all':<28}{label:<13}{found:>5}/{total:<5}{noise:>3}/{total_noise}")


if __name__ == "__main__":
    main()
