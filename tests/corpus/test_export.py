"""Export to TMX, TSV, JSONL and Moses: every file read back with a real reader.

Two indexes: the demo corpus (its lynx article: de en fr ru, one French row without the
others; a Polish-only article; two more four-language articles)
and a small three-language corpus written here, in which one paragraph is then given
text that the indexer would have cleaned away (tab, backslash, CR, C0 controls), to
check that the exporter copes with anything the index holds.
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglance.corpus import export, queries
from polyglance.corpus.export import ExportOptions, ExportRow
from polyglance.corpus.store import Index
from polyglance.tui.pipeline import index_corpus

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SMALL = {
    "en.txt": (
        'Harbour Ferry "Marta" returns after 14 months\n\n'
        "The ferry Marta of the Lindholm & Sons company sails again between Vestby and Kirkøy"
        " from 3 March 2025, after 14 months in the shipyard of Bergvik.\n\n"
        "The ship, built in 1968, received a new engine for 4.2 million crowns and a ramp"
        " that makes it accessible to wheelchairs and prams.\n\n"
        'Captain Ingrid Solberg said the crossing of 22 minutes "feels like coming home".\n\n'
        "A sign at the pier still reads <closed for works> & nobody has taken it down.\n\n"
        "Mayor Olav Rustad thanked the 340 islanders who signed the petition in 2023.\n"
    ),
    "fr.txt": (
        "Le ferry « Marta » du port revient après 14 mois\n\n"
        "Le ferry Marta de la compagnie Lindholm & Sons navigue de nouveau entre Vestby et"
        " Kirkøy depuis le 3 mars 2025, après 14 mois au chantier naval de Bergvik.\n\n"
        "Le navire, construit en 1968, a reçu un nouveau moteur pour 4,2 millions de"
        " couronnes et une rampe qui le rend accessible aux fauteuils roulants.\n\n"
        "La capitaine Ingrid Solberg a déclaré que la traversée de 22 minutes « donne"
        " l'impression de rentrer chez soi ».\n\n"
        "Un panneau sur la jetée indique toujours <fermé pour travaux> & personne ne l'a"
        " encore enlevé.\n\n"
        "Le maire Olav Rustad a remercié les 340 insulaires qui ont signé la pétition en 2023.\n"
    ),
    "de.txt": (
        "Die Fähre „Marta“ kehrt nach 14 Monaten zurück\n\n"
        "Die Fähre Marta der Reederei Lindholm & Sons fährt seit dem 3. März 2025 wieder"
        " zwischen Vestby und Kirkøy, nach 14 Monaten in der Werft von Bergvik.\n\n"
        "Das 1968 gebaute Schiff erhielt einen neuen Motor für 4,2 Millionen Kronen und eine"
        " Rampe für Rollstühle und Kinderwagen.\n\n"
        'Kapitänin Ingrid Solberg sagte, die Überfahrt von 22 Minuten "fühlt sich an wie'
        ' Heimkommen".\n\n'
        "Ein Schild am Anleger zeigt noch immer <wegen Arbeiten geschlossen> & niemand hat es"
        " abgenommen.\n\n"
        "Bürgermeister Olav Rustad dankte den 340 Inselbewohnern, die 2023 die Petition"
        " unterschrieben.\n"
    ),
}

#: Given to the English paragraph "The ship, …" after indexing.
HOSTILE = 'tab\there, back\\slash, CR\r\nand\x0bvertical \x01 controls\x1f, "quotes" & <b>]]>'
HOSTILE_CLEAN = 'tab\there, back\\slash, CR\r\nandvertical  controls, "quotes" & <b>]]>'


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("small-corpus")
    for name, text in SMALL.items():
        (root / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("small-index") / "index.sqlite"
    index_corpus(root, path)
    with Index.open(path) as index, index.writing() as conn:
        changed = conn.execute(
            "UPDATE paragraphs SET text=? WHERE text LIKE 'The ship, built in 1968%'", (HOSTILE,)
        ).rowcount
    assert changed == 1
    return path


@pytest.fixture
def demo(demo_index):
    with Index.open(demo_index, readonly=True) as index:
        yield index.conn


@pytest.fixture
def small(small_index):
    with Index.open(small_index, readonly=True) as index:
        yield index.conn


def lynx_article(conn) -> int:
    """The demo's lynx article: de en fr ru; row 1 is the French lead alone."""
    article = queries.find_article(conn, "lynx-alpenpost.txt")
    assert article is not None
    return article


def polish_article(conn) -> int:
    """The demo's one-language article."""
    article = queries.find_article(conn, "bridge-gazetazalesia.txt")
    assert article is not None
    return article


def table(conn, article: int, langs=None) -> queries.ArticleTable:
    return queries.article_table(conn, article, langs)


def middle_confidence(rows) -> float:
    """A threshold with rows on both sides of it."""
    distinct = sorted({r.confidence for r in rows})
    assert len(distinct) > 1
    return distinct[len(distinct) // 2]


def to_text(conn, ids, fmt, **options) -> tuple[str, export.ExportSummary]:
    out = io.StringIO()
    summary = export.export_articles(conn, ids, fmt, out, ExportOptions(**options))
    return out.getvalue(), summary


# -- escaping, directly ------------------------------------------------------------------


def test_xml_clean_drops_what_xml_forbids_and_keeps_the_rest():
    forbidden = "".join(
        map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
    )
    assert export.xml_clean(f"a{forbidden}b") == "ab"
    kept = "\t\n\r\x7f\x85\u2028\ufffd\U0001f600 é"
    assert export.xml_clean(kept) == kept
    assert export.xml_clean("lone \ud800 and \udfff") == "lone \ufffd and \ufffd"
    assert export.xml_clean("pair \ud83d\ude00") == "pair \U0001f600"


def test_xml_escape_parses_back_to_the_clean_text():
    nasty = "a & b < c > d \"e\" 'f' ]]> \r\n\t\x00\x0b\ud800 end"
    doc = f'<r a="{export.xml_attr(nasty)}">{export.xml_escape(nasty)}</r>'.encode()
    root = ET.fromstring(doc)
    clean = "a & b < c > d \"e\" 'f' ]]> \r\n\t\ufffd end"
    assert root.text == clean
    assert root.get("a") == clean


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_tsv_escape_round_trips(text):
    escaped = export.tsv_escape(text)
    assert not {"\t", "\n", "\r"} & set(escaped)
    assert export.tsv_unescape(escaped) == text


def test_tsv_escape_is_the_documented_one():
    assert export.tsv_escape("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert export.tsv_unescape("\\\\t") == "\\t"  # an escaped backslash, then a t
    for text in ("\\t", "\\", "a\\nb", "\\\\"):  # backslashes alone, before t, n
        assert export.tsv_unescape(export.tsv_escape(text)) == text


def test_one_line_and_moses_gaps():
    assert export.one_line("a\n\nb \r\n c\u2028d\x0be ") == "a b c d e"
    row = ExportRow(1, 0, 0.5, {"nb": "x\ny", "fr": None})
    assert export.moses_lines(row, ["nb", "fr"], keep_gaps=False) is None
    assert export.moses_lines(row, ["nb", "fr"], keep_gaps=True) == ["x y", ""]


def test_tmx_tu_needs_two_languages_with_text():
    langs = ["nb", "fr"]
    assert export.tmx_tu(ExportRow(1, 0, 1.0, {"nb": "a", "fr": None}), langs) is None
    assert export.tmx_tu(ExportRow(1, 0, 1.0, {"nb": "a", "fr": " \n"}), langs) is None
    assert export.tmx_tu(ExportRow(1, 0, 1.0, {"nb": "a", "fr": "\x01\x02"}), langs) is None
    assert export.tmx_tu(ExportRow(1, 0, 1.0, {"nb": "a", "fr": "b"}), langs) is not None


def test_jsonl_line_stays_one_line():
    row = ExportRow(3, 4, 0.25, {"nb": "a\u2028b\x85c\nd", "fr": None})
    line = export.jsonl_line(row, ["nb", "fr"])
    assert line.count("\n") == 1 and len(line.splitlines()) == 1
    assert json.loads(line) == {
        "article": 3,
        "row": 4,
        "confidence": 0.25,
        "manual": False,
        "cells": {"nb": "a\u2028b\x85c\nd", "fr": None},
    }
    surrogates = export.jsonl_line(ExportRow(1, 0, 1.0, {"nb": "\ud83d\ude00 \ud800"}), ["nb"])
    assert json.loads(surrogates.encode("utf-8"))["cells"]["nb"] == "\U0001f600 \ufffd"


# -- TMX ---------------------------------------------------------------------------------


def tmx_units(text: str) -> list[dict]:
    root = ET.fromstring(text.encode("utf-8"))
    units = []
    for tu in root.iter("tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        segs = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in tu.findall("tuv")}
        order = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
        units.append({"props": props, "segs": segs, "order": order, "tuid": tu.get("tuid")})
    return units


def test_tmx_all_languages_every_row_every_language(demo):
    article = lynx_article(demo)
    ids = [article, polish_article(demo)]
    text, summary = to_text(demo, ids, "tmx", preferred=("ru",))
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.attrib == {
        "creationtool": "polyglance",
        "creationtoolversion": export.tool_version(),
        "datatype": "plaintext",
        "segtype": "paragraph",
        "adminlang": "en",
        "srclang": "ru",
        "o-tmf": "polyglance",
    }
    expected = [
        r for r in table(demo, article).rows if sum(c is not None for c in r.cells.values()) >= 2
    ]
    assert 10 <= len(expected) < len(table(demo, article).rows)  # the French lead is alone
    units = tmx_units(text)
    assert len(units) == summary.rows == len(expected)
    assert summary.articles == 1  # the Polish-only article has no row with two languages
    assert summary.languages == ["ru", "de", "en", "fr", "pl"]
    for unit, row in zip(units, expected, strict=True):
        assert unit["segs"] == {lang: cell for lang, cell in row.cells.items() if cell is not None}
        assert unit["order"][0] == "ru"
        assert unit["props"] == {
            "x-polyglance-article": str(article),
            "x-polyglance-row": str(row.index),
            "x-polyglance-confidence": repr(row.confidence),
        }
        assert unit["tuid"] == f"{article}-{row.index}"


def test_tmx_two_languages_read_by_translate_toolkit(demo, tmp_path):
    from translate.storage import tmx

    article = lynx_article(demo)
    path = tmp_path / "en-fr.tmx"
    summary = export.export_to_path(demo, [article], "tmx", path, ExportOptions(langs=["en", "fr"]))
    assert summary.paths == [path] and not list(tmp_path.glob("*.part"))
    expected = [r for r in table(demo, article, ["en", "fr"]).rows if None not in r.cells.values()]
    with open(path, "rb") as handle:
        store = tmx.tmxfile(handle)
    units = [u for u in store.units if u.source]
    assert len(units) == len(expected) == summary.rows >= 10
    for unit, row in zip(units, expected, strict=True):
        assert unit.source == row.cells["en"]
        assert unit.target == row.cells["fr"]
        assert unit.getid() == f"{article}-{row.index}"


def test_tmx_source_lang_from_config_comes_first(demo, tmp_path):
    from translate.storage import tmx

    article = lynx_article(demo)
    path = tmp_path / "fr-en.tmx"
    export.export_to_path(
        demo, [article], "tmx", path, ExportOptions(langs=["en", "fr"], source_lang="fr")
    )
    text = path.read_text(encoding="utf-8")
    assert 'srclang="fr"' in text
    assert all(unit["order"] == ["fr", "en"] for unit in tmx_units(text))
    with open(path, "rb") as handle:
        store = tmx.tmxfile(handle)
    unit = store.units[0]
    row = next(r for r in table(demo, article).rows if r.cells["en"] and r.cells["fr"])
    assert (unit.source, unit.target) == (row.cells["fr"], row.cells["en"])
    assert unit.source == "Six lynx relâchés dans la vallée de Valdorne"
    text, summary = to_text(demo, [article], "tsv", langs=["en", "fr"], source_lang="fr")
    assert text.startswith("article\trow\tconfidence\tmanual\ten\tfr\n")  # --langs order kept
    assert summary.srclang == "fr"
    _, summary = to_text(demo, [article], "tsv", source_lang="ru", preferred=["en"])
    assert summary.languages == ["ru", "en", "de", "fr"]


def test_tmx_escapes_special_and_forbidden_characters(small, tmp_path):
    path = tmp_path / "small.tmx"
    summary = export.export_to_path(small, [1], "tmx", path)
    data = path.read_bytes()
    data.decode("utf-8")  # valid UTF-8
    units = tmx_units(data.decode("utf-8"))
    assert len(units) == summary.rows == 6
    by_text = {seg for unit in units for seg in unit["segs"].values()}
    assert HOSTILE_CLEAN in by_text
    assert (
        "A sign at the pier still reads <closed for works> & nobody has taken it down." in by_text
    )
    assert 'Harbour Ferry "Marta" returns after 14 months' in by_text
    assert b"\x0b" not in data and b"\x01" not in data and b"\x1f" not in data
    assert b"&#13;" in data  # the CR survives XML's line-end normalisation


def test_min_confidence_leaves_out_weak_rows(demo):
    article = lynx_article(demo)
    rows = table(demo, article).rows
    threshold = middle_confidence(rows)
    weak = {r.index for r in rows if r.confidence < threshold}
    assert weak and len(weak) < len(rows)
    text, _ = to_text(demo, [article], "jsonl", min_confidence=threshold)
    got = [json.loads(line)["row"] for line in text.splitlines()]
    assert got == [r.index for r in rows if r.confidence >= threshold]
    assert not weak & set(got)
    text, _ = to_text(demo, [article], "tmx", min_confidence=threshold)
    two = [
        r
        for r in rows
        if r.confidence >= threshold and sum(c is not None for c in r.cells.values()) >= 2
    ]
    assert [int(u["props"]["x-polyglance-row"]) for u in tmx_units(text)] == [r.index for r in two]


# -- TSV and JSONL -----------------------------------------------------------------------


def test_tsv_round_trip(demo, small):
    for conn in (demo, small):
        ids = export.all_article_ids(conn)
        text, summary = to_text(conn, ids, "tsv")
        lines = text.split("\n")
        assert lines[-1] == "" and len(lines) - 2 == summary.rows
        header = lines[0].split("\t")
        assert header[:4] == ["article", "row", "confidence", "manual"]
        assert header[4:] == summary.languages
        records = [line.split("\t") for line in lines[1:-1]]
        assert all(len(fields) == len(header) for fields in records)
        expected = [
            (article, row)
            for article in ids
            for row in table(conn, article, summary.languages).rows
        ]
        assert len(records) == len(expected)
        for fields, (article, row) in zip(records, expected, strict=True):
            assert (int(fields[0]), int(fields[1]), float(fields[2])) == (
                article,
                row.index,
                row.confidence,
            )
            assert fields[3] == str(int(row.manual))
            cells = dict(zip(header[4:], map(export.tsv_unescape, fields[4:]), strict=True))
            assert cells == {lang: row.cells.get(lang) or "" for lang in header[4:]}
    text, _ = to_text(small, [1], "tsv")
    assert export.tsv_escape(HOSTILE) in text and "\\t" in text and "\\\\" in text


def test_jsonl_parse(demo, small):
    for conn in (demo, small):
        ids = export.all_article_ids(conn)
        text, summary = to_text(conn, ids, "jsonl", langs=["fr", "de", "en"])
        records = [json.loads(line) for line in text.splitlines()]
        expected = [(a, r) for a in ids for r in table(conn, a, summary.languages).rows]
        assert len(records) == len(expected) == summary.rows
        for record, (article, row) in zip(records, expected, strict=True):
            assert record == {
                "article": article,
                "row": row.index,
                "confidence": row.confidence,
                "manual": row.manual,
                "cells": {lang: row.cells.get(lang) for lang in summary.languages},
            }
            assert list(record["cells"]) == summary.languages
    text, _ = to_text(small, [1], "jsonl")
    assert any(HOSTILE in json.loads(line)["cells"].values() for line in text.splitlines())


# -- Moses -------------------------------------------------------------------------------


def moses_files(
    conn, tmp_path, name, ids, **options
) -> tuple[dict[str, list[str]], export.ExportSummary]:
    (tmp_path / "out").mkdir(exist_ok=True)  # no folder is ever created by an export
    summary = export.export_to_path(
        conn, ids, "moses", tmp_path / "out" / name, ExportOptions(**options)
    )
    files = {}
    for path in summary.paths:
        lang = path.suffix[1:]
        assert path == tmp_path / "out" / f"{name}.{lang}"
        data = path.read_text(encoding="utf-8")
        assert data == "" or data.endswith("\n")
        files[lang] = data.split("\n")[:-1]
    return files, summary


def test_moses_line_counts_with_and_without_gaps(demo, tmp_path):
    article = lynx_article(demo)
    rows = table(demo, article, ["en", "fr"]).rows
    complete = [r for r in rows if None not in r.cells.values()]
    files, summary = moses_files(demo, tmp_path, "corpus", [article], langs=["en", "fr"])
    assert set(files) == {"en", "fr"}
    assert len(files["en"]) == len(files["fr"]) == summary.rows == len(complete) >= 10
    for n, row in enumerate(complete):
        assert files["en"][n] == export.one_line(row.cells["en"])
        assert files["fr"][n] == export.one_line(row.cells["fr"])
    assert all(line for lines in files.values() for line in lines)

    gaps, summary = moses_files(
        demo, tmp_path, "gaps", [article], langs=["en", "fr"], keep_gaps=True
    )
    assert len(gaps["en"]) == len(gaps["fr"]) == summary.rows == len(rows) > len(complete)
    for n, row in enumerate(rows):
        assert gaps["en"][n] == export.one_line(row.cells["en"] or "")
        assert gaps["fr"][n] == export.one_line(row.cells["fr"] or "")
    assert gaps["en"][1] == "" and gaps["fr"][1]  # the French lead has no English row


def test_moses_all_languages_and_min_confidence(demo, tmp_path):
    ids = [lynx_article(demo)]
    rows = table(demo, ids[0]).rows
    files, summary = moses_files(demo, tmp_path, "all", ids)
    assert sorted(files) == ["de", "en", "fr", "ru"]
    complete = [r for r in rows if None not in r.cells.values()]
    assert {len(lines) for lines in files.values()} == {summary.rows} == {len(complete)}
    threshold = middle_confidence(complete)
    files, summary = moses_files(demo, tmp_path, "sure", ids, min_confidence=threshold)
    sure = [r for r in complete if r.confidence >= threshold]
    assert {len(lines) for lines in files.values()} == {summary.rows} == {len(sure)}
    assert 0 < len(sure) < len(complete)


def test_moses_newlines_inside_cells_become_spaces(small, tmp_path):
    files, summary = moses_files(small, tmp_path, "small", [1])
    assert sorted(files) == ["de", "en", "fr"] and summary.rows == 6
    assert (
        'tab\there, back\\slash, CR and vertical \x01 controls\x1f, "quotes" & <b>]]>'
        in files["en"]
    )


# -- the API's edges -----------------------------------------------------------------------


def test_failed_export_leaves_no_file(demo, tmp_path):
    def cancel(done, total):
        raise KeyboardInterrupt

    path = tmp_path / "x.tsv"
    with pytest.raises(KeyboardInterrupt):
        export.export_to_path(demo, export.all_article_ids(demo), "tsv", path, progress=cancel)
    assert list(tmp_path.iterdir()) == []


def test_bad_format_and_streams_are_refused(demo):
    with pytest.raises(ValueError, match="unknown export format"):
        export.export_articles(demo, [1], "csv", io.StringIO())
    with pytest.raises(ValueError, match="one stream for each"):
        export.export_articles(demo, [1], "moses", io.StringIO())
    with pytest.raises(ValueError, match="one stream"):
        export.export_articles(demo, [1], "tsv", {"nb": io.StringIO()})


def test_languages_and_missing_articles(demo):
    ids = export.all_article_ids(demo)
    assert export.export_languages(demo, ids, ExportOptions(langs=["fr", "xx", "ja", "fr"])) == [
        "fr",
        "ja",
    ]
    assert export.export_languages(demo, ids, ExportOptions(preferred=["pl"])) == [
        "pl", "de", "el", "en", "es", "fr", "ja", "ru"
    ]  # fmt: skip
    _, summary = to_text(demo, [999_999, *ids], "jsonl")  # an article gone since: skipped
    assert summary.rows == sum(len(table(demo, a).rows) for a in ids) and summary.articles == 4


# -- exports never destroy (issue 12.3) -----------------------------------------------------------


def corpus_root(index_path: Path) -> Path:
    with Index.open(index_path, readonly=True) as index:
        return Path(index.get_meta("corpus_root"))


def test_check_export_target_refuses_what_it_would_destroy(small_index, tmp_path):
    root = corpus_root(small_index)
    guard = {"index_path": small_index, "corpus_root": root}
    refused = {
        small_index: "is the index",
        Path(f"{small_index}-wal"): "is the index",
        small_index.parent / ".." / small_index.parent.name / small_index.name: "is the index",
        root / "en.txt": "inside the corpus folder",
        root / "new-file.tmx": "inside the corpus folder",
        tmp_path / "missing" / "x.tmx": "does not exist",
        tmp_path: "is a folder",
    }
    for path, why in refused.items():
        for force in (False, True):
            with pytest.raises(export.ExportRefused, match=why):
                export.check_export_target(path, force=force, **guard)
    existing = tmp_path / "old.tmx"
    existing.write_text("mine", encoding="utf-8")
    with pytest.raises(export.ExportRefused, match="exists"):
        export.check_export_target(existing, force=False, **guard)
    export.check_export_target(existing, force=True, **guard)
    export.check_export_target(tmp_path / "new.tmx", force=False, **guard)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(export.ExportRefused, match="not a regular file"):
        export.check_export_target(fifo, force=True, **guard)
    hard_link = tmp_path / "link-to-index"
    os.link(small_index, hard_link)
    with pytest.raises(export.ExportRefused, match="is the index"):
        export.check_export_target(hard_link, force=True, **guard)
    assert not (tmp_path / "missing").exists()


def test_export_to_path_keeps_existing_files_and_part_files(small, small_index, tmp_path):
    target = tmp_path / "out.tsv"
    part = tmp_path / "out.tsv.part"
    part.write_text("someone's file", encoding="utf-8")
    target.write_text("an earlier export", encoding="utf-8")
    guard = {"index_path": small_index, "corpus_root": corpus_root(small_index)}
    with pytest.raises(export.ExportRefused, match="exists"):
        export.export_to_path(small, [1], "tsv", target, **guard)
    assert target.read_text(encoding="utf-8") == "an earlier export"
    summary = export.export_to_path(small, [1], "tsv", target, force=True, **guard)
    assert summary.paths == [target] and target.read_text(encoding="utf-8").startswith("article\t")
    assert part.read_text(encoding="utf-8") == "someone's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tsv", "out.tsv.part"]
    mode = target.stat().st_mode & 0o777
    assert mode & 0o044 == 0o644 & ~_current_umask() & 0o044  # as the user's files are


def _current_umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def test_moses_export_refuses_when_one_language_file_is_the_index(small, tmp_path):
    index = tmp_path / "corpus.en"  # what -o corpus gives for English
    index.write_text("stand-in for an index", encoding="utf-8")
    with pytest.raises(export.ExportRefused, match="is the index"):
        export.export_to_path(
            small, [1], "moses", tmp_path / "corpus", index_path=index, force=True
        )
    assert index.read_text(encoding="utf-8") == "stand-in for an index"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.en"]


def test_export_never_creates_folders(small, tmp_path):
    from polyglance.corpus.store import IndexProblem

    assert issubclass(export.ExportRefused, IndexProblem)  # shown as the app shows those
    with pytest.raises(export.ExportRefused, match="does not exist"):
        export.export_to_path(small, [1], "tmx", tmp_path / "no" / "such" / "x.tmx")
    assert list(tmp_path.iterdir()) == []
