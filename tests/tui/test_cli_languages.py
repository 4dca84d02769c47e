"""Language lists: one option (`--langs`, alias `--lang`) and one parser for every command."""

import json

import pytest

from polyglance.tui.cli.languages import language_list

from .test_cli import run


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("de,fr", ["de", "fr"]),
        (" de, FR,,de ", ["de", "fr"]),
        ("", []),
        (None, []),
        (",,", []),
    ],
)
def test_language_list(value, codes):
    assert language_list(value) == codes


def _search(demo_index, *option):
    argv = ("search", "Valdorne", *option, "--index", str(demo_index), "--json")
    return json.loads(run(*argv).stdout)


def test_search_takes_langs_and_its_alias(demo_index):
    everywhere = _search(demo_index)
    german = _search(demo_index, "--langs", "DE")
    assert german == _search(demo_index, "--lang", "de")
    assert german and {h["lang"] for h in german} == {"de"}
    assert len({h["lang"] for h in everywhere}) > 1


def test_show_and_export_take_the_alias(demo_index, tmp_path):
    articles = json.loads(run("articles", "--index", str(demo_index), "--json").stdout)
    article = next(a for a in articles if {"de", "fr"} <= set(a["languages"]))
    argv = ("show", str(article["id"]), "--index", str(demo_index), "--json")
    shown = json.loads(run(*argv, "--lang", "fr,de").stdout)
    assert shown == json.loads(run(*argv, "--langs", "fr, de").stdout)
    assert shown["languages"] == ["fr", "de"]
    out = tmp_path / "pair.tsv"
    run("export", str(article["id"]), "--format", "tsv", "--lang", "fr,de", "-o", str(out),
        "--index", str(demo_index))  # fmt: skip
    header = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header[-2:] == ["fr", "de"]
