"""Regular-expression terms are bounded in time: a pattern that backtracks without end
cannot hang a search, the app's or the command line's."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from polyglance.search import Searcher, parse_query
from polyglance.search import patterns as patterns_mod
from polyglance.search.patterns import BoundedPattern

from .test_search import DOCS, make_index

#: A line on which ``(a+)+$`` backtracks for ages with Python's own ``re``.
LONG_RUN = "a" * 5000 + "!"
CATASTROPHIC = ("re:(a+)+$", "re:(a|aa)+$", r"re:(\w+\s?)+$", "re:^(a|a?)+$")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """An index with long runs of a's in many paragraphs, beside ordinary text."""
    docs = [*DOCS]
    paras = [("body", f"caaaat {i} " + LONG_RUN) for i in range(30)]
    docs.append(("xx/aaa.txt", "en", "Aaaa", [("title", "aaaa"), *paras]))
    path = tmp_path_factory.mktemp("hostile") / "index.sqlite"
    make_index(path, docs=docs).close()
    return path


@pytest.mark.parametrize("query", CATASTROPHIC)
def test_a_catastrophic_pattern_ends_soon(hostile: Path, query: str) -> None:
    searcher = Searcher(hostile)
    start = time.perf_counter()
    hits = searcher.search(query, limit=10)
    took = time.perf_counter() - start
    # each match gives up after MATCH_TIMEOUT_S, the pattern after a few: well under 10 s
    # even on a loaded machine (Python's re takes minutes and more on one such line)
    assert took < 10, took
    assert all(h.text for h in hits)
    searcher.close()


def test_a_pattern_that_gave_up_is_spent_and_the_next_query_starts_afresh(
    hostile: Path,
) -> None:
    q = parse_query("re:(a+)+$")
    bounded = q.patterns[0].regex
    for _ in range(patterns_mod.TIMEOUTS_ALLOWED):
        assert bounded.search(LONG_RUN) is None
    assert bounded.spent and bounded.search("aaa") is None
    assert list(bounded.finditer("aaa")) == []
    fresh = parse_query("re:(a+)+$").patterns[0].regex
    assert not fresh.spent and fresh.search("aaa") is not None
    assert fresh == bounded  # queries still compare by their text


def test_ordinary_patterns_still_match_as_re_does(hostile: Path) -> None:
    searcher = Searcher(hostile)
    hits = searcher.search("re:j[eé]rusalem", limit=10)
    assert hits and all("rusalem" in h.text.lower() for h in hits)
    assert searcher.search("case:re:^Zuck", limit=10)
    assert not searcher.search("case:re:^zuck", limit=10)
    searcher.close()


def test_invalid_and_re_refused_patterns_are_text() -> None:
    assert not parse_query("re:(unclosed").patterns
    with pytest.raises(Exception):  # noqa: B017 - whatever re.compile raises
        BoundedPattern("(unclosed")


def test_a_catastrophic_search_is_cancelled_from_another_thread(hostile: Path) -> None:
    """The app cancels the search of a query the user typed over: it returns at once."""
    searcher = Searcher(hostile)
    stop = threading.Event()
    result: list[object] = []

    def run() -> None:
        result.append(searcher.search("re:(a|aa)+$", limit=10, cancelled=stop.is_set))

    worker = threading.Thread(target=run)
    worker.start()
    stop.set()
    worker.join(10)
    assert not worker.is_alive()
    assert len(result) == 1 and isinstance(result[0], list)
    searcher.close()


def test_the_command_line_does_not_hang(hostile: Path) -> None:
    start = time.perf_counter()
    argv = [sys.executable, "-m", "polyglance.tui.cli", "search", "re:(a+)+$", "--json"]
    done = subprocess.run(
        [*argv, "--index", str(hostile)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(done.stdout), list)
    assert time.perf_counter() - start < 30
