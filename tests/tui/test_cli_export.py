"""`polyglance export`, run as a user runs it, on the demo index; every output read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from polyglance.corpus import queries
from polyglance.corpus.export import one_line, tsv_unescape
from polyglance.corpus.store import Index

from .conftest import LYNX_TITLE

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(*args, env=None, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", "export", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stderr.decode()}")
    return result


def said(result) -> str:
    """stderr on one line (the console wraps long messages, even inside a path)."""
    return " ".join(result.stderr.decode().split())


def said_path(result, text: str) -> bool:
    return "".join(text.split()) in "".join(result.stderr.decode().split())


@pytest.fixture(scope="module")
def lynx_rows(demo_index) -> tuple[int, list[queries.AlignedRow]]:
    """The demo's lynx article (de en fr ru) and its rows."""
    with Index.open(demo_index, readonly=True) as index:
        article = queries.find_article(index.conn, "lynx-alpenpost")
        table = queries.article_table(index.conn, article)
        assert table.title == LYNX_TITLE
        return article, table.rows


def test_tmx_to_stdout_every_row_and_language(demo_index, lynx_rows):
    article, rows = lynx_rows
    result = run("lynx-alpenpost", "--format", "tmx", "--index", str(demo_index))
    root = ET.fromstring(result.stdout)
    assert root.find("header").get("srclang") == "de"  # no source_lang configured: the first
    expected = [r for r in rows if sum(c is not None for c in r.cells.values()) >= 2]
    tus = root.findall("body/tu")
    assert len(tus) == len(expected) >= 10
    for tu, row in zip(tus, expected, strict=True):
        segs = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        assert segs == {lang: text for lang, text in row.cells.items() if text is not None}
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-polyglance-article"] == str(article)
        assert props["x-polyglance-row"] == str(row.index)
    assert f"exported {len(expected)} rows from 1 article to stdout" in said(result)


def test_tmx_file_two_languages_read_by_translate_toolkit(demo_index, lynx_rows, tmp_path):
    from translate.storage import tmx

    _, rows = lynx_rows
    path = tmp_path / "sub" / "ru-de.tmx"
    path.parent.mkdir()  # no folder is ever created by an export
    result = run(
        "--all", "--format", "tmx", "--langs", "ru,de", "-o", str(path), "--index", str(demo_index)
    )
    assert result.stdout == b""
    # only the lynx article has both Russian and German
    expected = [r for r in rows if r.cells["ru"] is not None and r.cells["de"] is not None]
    assert len(expected) == 9
    with open(path, "rb") as handle:
        store = tmx.tmxfile(handle)
    assert store.sourcelanguage == "ru"
    assert [(u.source, u.target) for u in store.units] == [
        (r.cells["ru"], r.cells["de"]) for r in expected
    ]
    assert said_path(result, f"exported {len(expected)} rows from 1 article to {path}")


def test_source_lang_from_config(demo_index, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[export]\nsource_lang = "fr"\n', encoding="utf-8")
    result = run(
        "lynx-alpenpost", "--format", "tmx", "--config", str(config), "--index", str(demo_index)
    )
    root = ET.fromstring(result.stdout)
    assert root.find("header").get("srclang") == "fr"
    assert all(tu.find("tuv").get(XML_LANG) == "fr" for tu in root.iter("tu"))


def test_tsv_two_ways_to_name_one_article(demo_index, lynx_rows):
    article, rows = lynx_rows
    result = run(str(article), "lynx-lechamois.txt", "--format", "tsv", "--index", str(demo_index))
    lines = result.stdout.decode("utf-8").split("\n")
    assert lines[0] == "article\trow\tconfidence\tmanual\tde\ten\tfr\tru" and lines[-1] == ""
    records = [line.split("\t") for line in lines[1:-1]]
    assert len(records) == len(rows)  # the article once, though named twice
    for fields, row in zip(records, rows, strict=True):
        assert fields[:2] == [str(article), str(row.index)]
        assert fields[3] == "0"
        assert [tsv_unescape(f) or None for f in fields[4:]] == [
            row.cells[lang] for lang in ("de", "en", "fr", "ru")
        ]


def test_jsonl_min_confidence_utf8_whatever_the_locale(demo_index, lynx_rows):
    article, rows = lynx_rows
    threshold = sorted({r.confidence for r in rows})[1]
    result = run(
        "--all",
        "--format",
        "jsonl",
        "--min-confidence",
        str(threshold),
        "--index",
        str(demo_index),
        env={"PYTHONIOENCODING": "latin-1", "LC_ALL": "C"},
    )
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [r["row"] for r in records if r["article"] == article] == [
        r.index for r in rows if r.confidence >= threshold
    ]
    assert all(r["confidence"] >= threshold for r in records)
    assert any(r["article"] != article for r in records)  # the other articles too
    assert {"ru", "el", "ja"} <= {lang for r in records for lang in r["cells"]}
    text = result.stdout.decode("utf-8")
    assert "Вальдорн" in text and "ü" in text  # neither is in ASCII, the first not in latin-1


def test_moses_files_with_and_without_gaps(demo_index, lynx_rows, tmp_path):
    _, rows = lynx_rows
    prefix = tmp_path / "out" / "corpus"
    prefix.parent.mkdir()  # no folder is ever created by an export
    run(
        "lynx-alpenpost",
        "--format",
        "moses",
        "--langs",
        "en,fr",
        "-o",
        str(prefix),
        "--index",
        str(demo_index),
    )
    en = (tmp_path / "out" / "corpus.en").read_text(encoding="utf-8").split("\n")[:-1]
    fr = (tmp_path / "out" / "corpus.fr").read_text(encoding="utf-8").split("\n")[:-1]
    complete = [r for r in rows if r.cells["en"] is not None and r.cells["fr"] is not None]
    assert len(en) == len(fr) == len(complete) == 10
    assert en == [one_line(r.cells["en"]) for r in complete]
    assert fr == [one_line(r.cells["fr"]) for r in complete]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["corpus.en", "corpus.fr"]

    result = run(
        "lynx-alpenpost",
        "--format",
        "moses",
        "--langs",
        "en,fr",
        "--keep-gaps",
        "-o",
        str(prefix) + "-gaps",
        "--index",
        str(demo_index),
    )
    en = (tmp_path / "out" / "corpus-gaps.en").read_text(encoding="utf-8").split("\n")[:-1]
    fr = (tmp_path / "out" / "corpus-gaps.fr").read_text(encoding="utf-8").split("\n")[:-1]
    with_either = [r for r in rows if r.cells["en"] is not None or r.cells["fr"] is not None]
    assert len(en) == len(fr) == len(with_either) == 11
    # the French lead has no English counterpart: an empty English line
    assert en[1] == "" and fr[1].startswith("Un retour attendu")
    assert en[0] == LYNX_TITLE
    assert f"exported {len(with_either)} rows from 1 article" in said(result)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lynx-alpenpost", "--format", "moses"), "give -o PATH"),
        (("nope", "--format", "tsv"), "no article 'nope'"),
        (("lynx-alpenpost", "--all", "--format", "tsv"), "not both"),
        (("--format", "tsv"), "give one or more ARTICLE"),
        (("lynx-alpenpost", "--format", "tsv", "--min-confidence", "1.5"), "between 0 and 1"),
        (("lynx-alpenpost", "--format", "tsv", "--langs", "xx,yy"), "none of the languages xx,yy"),
        (("bridge-gazetazalesia", "--format", "tmx"), "needs two languages"),
        (("lynx-alpenpost", "--format", "tmx", "--langs", "en"), "needs two languages"),
        (("lynx-alpenpost", "--format", "csv"), "invalid choice"),
        (("lynx-alpenpost",), "--format"),
    ],
)
def test_usage_errors(demo_index, args, message):
    result = run(*args, "--index", str(demo_index), check=False)
    assert result.returncode == 2
    assert message in said(result)
    assert result.stdout == b""


def test_output_folder_is_refused_and_missing_index_fails(demo_index, tmp_path):
    result = run(
        "lynx-alpenpost",
        "--format",
        "tsv",
        "-o",
        str(tmp_path),
        "--index",
        str(demo_index),
        check=False,
    )
    assert result.returncode == 2 and "is a folder" in said(result)
    result = run(
        "lynx-alpenpost",
        "--format",
        "tsv",
        "-o",
        str(demo_index),
        "--index",
        str(demo_index),
        check=False,
    )
    assert result.returncode == 2 and "is the index" in said(result)
    result = run(
        "lynx-alpenpost", "--format", "tsv", "--index", str(tmp_path / "none.sqlite"), check=False
    )
    assert result.returncode == 1 and "no index at" in said(result)
    assert list(tmp_path.iterdir()) == []


def test_export_never_overwrites_the_corpus_or_an_existing_file_without_force(tmp_path):
    from polyglance.tui.pipeline import index_corpus
    from tests.corpus.test_faults import make_corpus

    corpus, index = tmp_path / "c", tmp_path / "i.sqlite"
    make_corpus(corpus, 3)
    index_corpus(corpus, index)
    source = corpus / "a000.txt"
    before = source.read_bytes()
    for force in ((), ("--force",)):
        result = run(
            "--all",
            "--format",
            "tsv",
            "-o",
            str(source),
            "--index",
            str(index),
            *force,
            check=False,
        )
        assert result.returncode == 2 and "inside the corpus folder" in said(result)
        assert source.read_bytes() == before
    existing = tmp_path / "out.tsv"
    existing.write_text("keep", encoding="utf-8")
    result = run(
        "--all", "--format", "tsv", "-o", str(existing), "--index", str(index), check=False
    )
    assert result.returncode == 2 and "--force" in said(result)
    assert existing.read_text(encoding="utf-8") == "keep"
    run("--all", "--format", "tsv", "-o", str(existing), "--index", str(index), "--force")
    assert existing.read_text(encoding="utf-8").startswith("article\t")
    missing = tmp_path / "no-such-folder" / "x.tsv"
    result = run("--all", "--format", "tsv", "-o", str(missing), "--index", str(index), check=False)
    assert result.returncode == 2 and "does not exist" in said(result)
    assert not missing.parent.exists()
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert names == ["c", "i.sqlite", "out.tsv"]


def test_damaged_or_implicit_index_is_said_as_by_the_other_read_commands(demo_index, tmp_path):
    import shutil

    from .test_cli_faults import _corrupt_page_of

    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(demo_index, copy)
    _corrupt_page_of(copy, "skipped")
    result = run("--all", "--format", "tsv", "--index", str(copy), check=False)
    assert result.returncode == 1 and result.stdout == b""
    assert "the index is damaged" in said(result) and said_path(result, str(copy))
    assert "Traceback" not in said(result)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run("--all", "--format", "tsv", "--index", str(folder), check=False)
    assert result.returncode == 1 and "is a folder, not an index file" in said(result)
    # no --index: which index is used is said on stderr, as `docs` says it
    config = tmp_path / "c.toml"
    config.write_text(f'[corpus]\nindex = "{demo_index}"\n', encoding="utf-8")
    result = run("lynx-alpenpost", "--format", "tsv", "--config", str(config))
    assert said_path(result, f"polyglance: using {demo_index}")
    assert result.stdout.decode("utf-8").startswith("article\trow\t")
