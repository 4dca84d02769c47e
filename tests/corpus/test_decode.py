import codecs

import pytest

from polyglance.corpus.decode import Unreadable, decode

TEXT = "Zürich, Þórsmörk og Ærø — «Привет» 東京\nzweite Zeile"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_unicode_encodings_round_trip(data):
    assert decode(data).text == TEXT


def test_cp1252_and_latin1():
    text = "Der Bürgermeister sagte: „Das Café öffnet am Montag“ – für 5 € pro Stück. " * 3
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    latin = "Élève à l'école, garçon très sûr de lui, où est la forêt ? " * 3
    assert decode(latin.encode("latin-1")).text == latin


def test_line_breaks_and_controls_are_normalised():
    raw = "one\r\ntwo\rthree\nbell\x07 esc\x1b[31mred\x1b[0m osc\x1b]52;c;aGk=\x07 end\x00"
    with pytest.raises(Unreadable):
        decode(raw.encode())  # NUL: binary
    text = decode(raw[:-1].encode()).text
    assert text == "one\ntwo\nthree\nbell escred osc end"


def test_nfc():
    assert decode("Zu\u0308rich".encode()).text == "Zürich"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3", "binary"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "binary"),
        (bytes(1000), "binary"),
        (b"   \n\n\t ", "no text"),
    ],
)
def test_unreadable_with_reason(data, reason):
    with pytest.raises(Unreadable, match=reason):
        decode(data)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Łódź jest pięknym miastem, a żółć i gęś to trudne słowa. " * 3, "cp1250"),
        ("Привет, как дела? Всё хорошо, спасибо за письмо. " * 3, "cp1251"),
        ("Καλημέρα, τι κάνεις; Όλα καλά στην Αθήνα σήμερα. " * 3, "iso8859_7"),
    ],
)
def test_legacy_code_pages_of_other_scripts(text, encoding):
    assert decode(text.encode(encoding)).text == text


# -- issue 12, item 11: BOM-less UTF-16 in any script, stray bytes, EBCDIC ------------------------

RUSSIAN = "Правительство объявило о новом плане.\nВсё будет готово к сентябрю, сказал министр.\n"
JAPANESE = "東京都は来年から新しい交通計画を始めると発表した。\n「安全第一」と知事は述べた。\n"
GREEK = "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.\nΟ δήμαρχος μίλησε σήμερα.\n"


@pytest.mark.parametrize("text", [RUSSIAN, JAPANESE, GREEK], ids=["ru", "ja", "el"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_in_any_script(tmp_path, text, encoding):
    path = tmp_path / "news.txt"
    path.write_bytes((text * 3).encode(encoding))
    decoded = decode(path.read_bytes())
    assert decoded.encoding == encoding
    assert decoded.text == text * 3


def test_stray_latin1_byte_in_utf8_file(tmp_path):
    text = "Der Vorstand kündigte an, dass die Straße „neu“ gebaut wird. Ärger über die Kosten.\n"
    data = (text * 5).encode("utf-8").replace("kündigte".encode(), "kündigte".encode("latin-1"), 1)
    path = tmp_path / "stray.txt"
    path.write_bytes(data)
    decoded = decode(path.read_bytes())
    assert decoded.encoding == "utf-8"
    assert decoded.text == text * 5  # the stray byte read as the letter it was
    assert decoded.repairs == {"stray_bytes": 1}
    # A byte that is no letter in cp1252 is replaced.
    broken = decode((text * 5).encode("utf-8").replace(b"K", b"\x81K", 1))
    assert "\ufffdKosten" in broken.text and broken.repairs == {"stray_bytes": 1}


def test_legacy_file_with_many_non_utf8_bytes_stays_legacy():
    text = "Élève à l'école, garçon très sûr de lui, où est la forêt ? " * 3
    decoded = decode(text.encode("cp1252"))
    assert decoded.encoding != "utf-8" and decoded.text == text


def test_ebcdic_is_refused_clearly(tmp_path):
    path = tmp_path / "mainframe.txt"
    text = "The quarterly report was published on Monday.\nSales rose by 5 percent.\n" * 4
    path.write_bytes(text.encode("cp500"))
    with pytest.raises(Unreadable, match="EBCDIC"):
        decode(path.read_bytes())


def test_stray_bytes_counted_in_index(tmp_path):
    from polyglance.corpus.queries import document_detail, find_document
    from polyglance.corpus.store import Index
    from polyglance.tui.pipeline import index_corpus

    corpus = tmp_path / "c"
    corpus.mkdir()
    text = "Der Vorstand kündigte an, dass die Straße neu gebaut wird. Ärger über die Kosten.\n"
    (corpus / "a.txt").write_bytes((text * 4).encode().replace("ü".encode(), b"\xfc", 1))
    index_corpus(corpus, tmp_path / "i.sqlite")
    with Index.open(tmp_path / "i.sqlite", readonly=True) as index:
        detail = document_detail(index.conn, find_document(index.conn, "a.txt"))
    assert detail.repairs == {"stray_bytes": 1}
    assert "kündigte" in detail.paragraphs[0].text


def test_stray_bytes_far_into_a_large_utf8_file(tmp_path):
    head = "Die Straße nach Zürich ist gesperrt, sagte die Polizei am Montag.\n" * 20_000
    data = head.encode() + "Später öffnete sie wieder.\n".encode("cp1252")
    assert len(data) > 1 << 20
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.endswith("Später öffnete sie wieder.\n")
    assert decoded.repairs == {"stray_bytes": 2}
