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
