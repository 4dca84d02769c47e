"""Re-alignment around kept manual rows (corpus/manual_realign.py), on texts in memory."""

from __future__ import annotations

from polyglance.corpus.manual import Row, validate
from polyglance.corpus.manual_realign import CurrentDoc, RecordedRow, realign, short_hash, text_hash

DE = ["Titel", "Erster Satz mit 12 Wörtern.", "***", "Zweiter Satz, Bern 1957.", "Ende 3."]
FR = ["Titre", "Première phrase de 12 mots.", "***", "Deuxième phrase, Berne 1957.", "Fin 3."]
PATHS = {"de": "de.txt", "fr": "fr.txt"}


def docs(de=DE, fr=FR) -> dict[str, CurrentDoc]:
    return {
        "de": CurrentDoc("de.txt", list(enumerate(de))),
        "fr": CurrentDoc("fr.txt", list(enumerate(fr))),
    }


def record(rows: list[tuple[list[int], list[int]]], de=DE, fr=FR) -> list[RecordedRow]:
    return [
        RecordedRow(
            {
                "de": tuple((i, text_hash(de[i])) for i in a),
                "fr": tuple((j, text_hash(fr[j])) for j in b),
            }
        )
        for a, b in rows
    ]


def cells(table) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(r.cell("de"), r.cell("fr")) for r in table.rows]


def test_unchanged_documents_give_the_recorded_table_back():
    rows = [([0], [0]), ([1, 2], [1]), ([], [2]), ([3], [3]), ([4], [4])]
    result = realign(record(rows), PATHS, docs(), ["de", "fr"])
    assert cells(result.table) == [(tuple(a), tuple(b)) for a, b in rows]
    assert (result.kept, result.dropped, result.added_langs) == (5, 0, ())
    assert all(r.manual for r in result.table.rows)


def test_a_repeated_paragraph_elsewhere_does_not_take_the_match():
    # "***" also opens the new German text: the recorded "***" is still the one in row 2.
    de = ["***", *DE]
    order = {
        lang: [(i, short_hash(t)) for i, t in enumerate(texts)]
        for lang, texts in (("de", DE), ("fr", FR))
    }
    rows = record([([2], [2]), ([4], [4])])
    result = realign(rows, PATHS, docs(de=de), ["de", "fr"], recorded_order=order)
    kept = [(r.cell("de"), r.cell("fr")) for r in result.table.rows if r.manual]
    assert kept == [((3,), (2,)), ((5,), (4,))]
    validate(result.table, {"de": list(range(6)), "fr": list(range(5))})


def test_automatic_rows_between_kept_rows_are_kept_and_the_rest_realigned():
    auto = [
        Row({"de": (0,), "fr": (0,)}),
        Row({"de": (1, 2), "fr": (1, 2)}),
        Row({"de": (3, 4), "fr": (3, 4)}),
    ]
    # The manual row [3]:[3] cuts the last automatic row: its other paragraphs are aligned again.
    result = realign(record([([3], [3])]), PATHS, docs(), ["de", "fr"], auto)
    assert cells(result.table)[:2] == [((0,), (0,)), ((1, 2), (1, 2))]
    assert cells(result.table)[2:] == [((3,), (3,)), ((4,), (4,))]
    assert [r.manual for r in result.table.rows] == [False, False, True, False]


def test_a_changed_paragraph_drops_its_row_only():
    fr = [*FR]
    fr[1] = "Une première phrase tout autre."
    result = realign(record([([0], [0]), ([1], [1]), ([4], [4])]), PATHS, docs(fr=fr), ["de", "fr"])
    assert (result.kept, result.dropped) == (2, 1)
    assert [r.manual for r in result.table.rows if (1,) in (r.cell("de"), r.cell("fr"))] == [False]
    validate(result.table, {"de": list(range(5)), "fr": list(range(5))})
