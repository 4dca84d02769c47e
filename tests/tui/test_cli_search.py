"""`polyglance search` (order, floor, --with) and `polyglance lookup`, run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from polyglance.search import SYNTAX_HELP


def run(*args, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def test_search_with_gives_every_hit_its_french_row(demo_index) -> None:
    out = run("search", "Anselme", "--with", "fr", "--index", str(demo_index), "--json").stdout
    hits = json.loads(out)
    assert hits and all(set(h["aligned"]) == {"fr"} for h in hits)
    others = [h for h in hits if h["lang"] != "fr"]
    assert {h["lang"] for h in others} == {"de", "en"}  # the Russian row spells it Ансельм
    assert all(h["aligned"]["fr"] and "Pierre Anselme" in h["aligned"]["fr"] for h in others)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_without_with_keeps_the_contract(demo_index) -> None:
    hits = json.loads(run("search", "Anselme", "--index", str(demo_index), "--json").stdout)
    assert hits and all("aligned" not in h for h in hits)


def test_search_with_prints_the_counterpart_under_each_hit(demo_index) -> None:
    out = run("search", "Anselme lang:de", "--with", "fr,ru", "--index", str(demo_index)).stdout
    lines = out.splitlines()
    assert any(line.lstrip().startswith("de ") and "lynx-alpenpost.txt" in line for line in lines)
    assert any(line.lstrip().startswith("fr ") and "Anselme" in line for line in lines)
    assert any(line.lstrip().startswith("ru ") and "Ансельм" in line for line in lines)


def test_no_hits_is_said(demo_index) -> None:
    result = run("search", "qqqzzzxx", "--index", str(demo_index))
    assert "no hits" in result.stderr
    assert json.loads(run("search", "qqqzzzxx", "--index", str(demo_index), "--json").stdout) == []


def test_search_help_is_the_syntax_help() -> None:
    out = run("search", "--help").stdout
    assert "re:PATTERN" in out and "case:Word" in out
    assert "re:PATTERN" in SYNTAX_HELP


def test_lookup_json(demo_index) -> None:
    out = run("lookup", "lynx", "--to", "de", "--from", "en", "--index", str(demo_index), "--json")
    found = json.loads(out.stdout)
    assert found and set(found[0]) == {"translation", "score", "rows", "examples"}
    assert "luchs" in [t["translation"].lower() for t in found[:3]]
    ex = found[0]["examples"][0]
    assert set(ex) == {"article", "row", "source", "target"}
    assert found[0]["rows"] >= len(found[0]["examples"]) >= 1
    text = run("lookup", "lynx", "--to", "de", "--index", str(demo_index)).stdout
    assert found[0]["translation"] in text


def test_lookup_usage_errors(demo_index) -> None:
    same = run(
        "lookup", "lynx", "--to", "en", "--from", "en", "--index", str(demo_index), check=False
    )
    assert same.returncode == 2
    missing = run("lookup", "qqqzzz", "--to", "de", "--index", str(demo_index))
    assert "no translations" in missing.stderr
