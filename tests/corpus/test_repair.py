"""Mojibake repair: what it repairs, and that correct text in any script goes through unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-125x codecs)
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglance.corpus.decode import decode
from polyglance.corpus.repair import repair
from polyglance.tui.pipeline import index_corpus

SHARED = Path(__file__).resolve().parents[3] / "shared"
REPO = Path(__file__).resolve().parents[2]

#: Correct sentences in many scripts and languages (written for these tests).
CORRECT = {
    "fi": "Pääministerin mukaan työttömyys on vähentynyt, mutta yhä 9,4 % on työttömänä.",
    "de": "Der Bürgermeister sagte: „Das Café öffnet am Montag“ – für 5 € pro Stück.",
    "fr": "« L’élève a réussi », déclare-t-il ; l’école ferme à 18 h — c’est sûr.",
    "pt": "A ação da região não é só uma questão de coração: São Paulo já decidiu.",
    "pl": "Łódź jest pięknym miastem, a żółć i gęś to trudne słowa.",
    "cs": "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "tr": "Türkiye’nin başkenti Ankara’dır; İstanbul ise en kalabalık şehirdir.",
    "vi": "Thành phố Hồ Chí Minh là trung tâm kinh tế lớn nhất của Việt Nam.",
    "ro": "Științele și învățământul din România și-au schimbat programa.",
    "is": "Þórsmörk er fallegur staður; ég fór þangað í ágúst með Ásdísi.",
    "el": "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας· «Καλημέρα», είπε ο δήμαρχος.",
    "ru": "Правительство объявило, что всё будет готово к 1 сентября — «без задержек».",
    "uk": "Міська рада ухвалила рішення: ціни на їжу зростуть на 5 %.",
    "ar": "قال رئيس الوزراء إن الحكومة ستعلن عن خطة جديدة للتعليم.",
    "he": "ראש הממשלה אמר כי התוכנית החדשה תוצג בשבוע הבא.",
    "hi": "प्रधानमंत्री ने कहा कि नई योजना अगले सप्ताह शुरू होगी।",
    "ja": "東京都は来年から新しい交通計画を始めると発表した。「安全第一」です。",
    "zh": "北京市政府宣布，新的公共交通计划将于明年开始实施。",
    "ko": "서울시는 내년부터 새로운 교통 계획을 시행한다고 밝혔다.",
    "th": "นายกรัฐมนตรีกล่าวว่าแผนใหม่จะเริ่มในสัปดาห์หน้า",
    "ka": "თბილისის მერიამ ახალი სატრანსპორტო გეგმა გამოაცხადა.",
    "hy": "Երևանի քաղաքապետարանը հայտարարեց նոր ծրագրի մասին։",
    "am": "ጠቅላይ ሚኒስትሩ አዲሱ እቅድ በሚቀጥለው ሳምንት እንደሚጀመር ተናግረዋል።",
    "symbols": "Price: £26,000 (≈ $33,000), 20 °C, ±5 %, © 2015 ™, “quoted” ‘single’ ﬁ ＡＢＣ …",
}


@pytest.mark.parametrize("lang", sorted(CORRECT))
def test_correct_text_is_unchanged(lang):
    text = CORRECT[lang]
    result = repair(text + "\n" + text)
    assert result.text == text + "\n" + text
    assert result.counts == {}


@pytest.mark.parametrize(
    ("lang", "codepage"),
    [
        ("fi", "cp1250"),  # pĂ¤Ă¤ministerin
        ("fi", "cp1252"),  # pÃ¤Ã¤ministerin
        ("de", "cp1252"),
        ("fr", "latin-1"),  # C1 controls: â\x80\x99 for ’
        ("pl", "cp1252"),
        ("ru", "cp1251"),  # РџСЂР°РІ...
        ("ru", "cp1252"),
        ("el", "cp1253"),
        ("symbols", "cp1252"),  # Â£ for £, â€œ for “
        ("tr", "cp1254"),
        ("vi", "cp1252"),
    ],
)
def test_mojibake_is_repaired(lang, codepage):
    text = CORRECT[lang]
    # Bytes a code page leaves undefined are read as Latin-1, as browsers and editors do.
    broken = text.encode("utf-8").decode(codepage.replace("cp", "sloppy-windows-"))
    assert broken != text
    result = repair("A correct first line.\n" + broken)
    assert result.text == "A correct first line.\n" + text
    assert result.counts == {"mojibake": 1}


def test_misread_byte_order_mark_is_removed():
    result = repair("\ufeff".encode().decode("cp1252") + "Headline with a BOM\nBody text.")
    assert result.text == "Headline with a BOM\nBody text."
    assert result.counts == {"bom": 1}
    both = repair("ï»¿" + "pääministeri".encode().decode("cp1250") + "\nok")
    assert both.text == "pääministeri\nok"
    assert both.counts == {"bom": 1, "mojibake": 1}


def test_mojibake_mixed_with_correct_text_on_one_line():
    line = "Zürich is fine but " + "Zürich".encode().decode("cp1252") + " is not."
    assert repair(line).text == "Zürich is fine but Zürich is not."


#: Real words of many languages (those of CORRECT, and more with the letters mojibake
#: is made of: Latin-1 and Latin Extended, Greek, Cyrillic).
_MORE_WORDS = """
    À Ça çà Économie élève Ærø Øresund Åland Ésope Île Œuvre œuvre cœur sœur Ångström
    Über Ärger Öl Ölçü Ünlü Ýmir Þór Ðakovo Ñandú Ãnsia Ânimo Ébano Ístmo Óscar Úlcera
    São não mãe pães irmãs ação João coração Bogotá Perú Ávila Málaga Córdoba Cádiz
    Škoda Žižkov Čapek Ďábel Ťukot Říjen Łuk Śląsk Źródło Żółw Ćma Ńa Ąę
    İstanbul Şişli Ğ ığdır Ağrı Muğla Çağ
    Được Đà Nẵng Huế Hà Nội Ồ Ở Ừ Ả Ấ Ầ Ẩ Ẫ Ậ Ắ Ằ Ẳ Ẵ Ặ
    Ελλάδα Αθήνα Ώρα Ίδρυμα Ένα Όλα Ύδρα Ϊ Ϋ
    Ёлка Ёж Ещё Щука Ъ Ы Ь Эх Юг Яма Ђаво Љубав Њива Ћерка Џеп Ґанок Єва Їжак Ії
    «Ça» —Oui— ¿Qué? ¡Hola! 10° ½ ¼ ¾ ± × ÷ § ¶ © ® ™ € £ ¥ ¢ µ ª º
"""
_WORDS = sorted({w for text in CORRECT.values() for w in text.split()} | set(_MORE_WORDS.split()))
_SEPARATORS = st.sampled_from([" ", " ", " ", ", ", " – ", " — ", "\xa0", "\n"])


@st.composite
def real_text(draw):
    """Real words of many languages and scripts, in any order, any case."""
    out = []
    for _ in range(draw(st.integers(1, 20))):
        word = draw(st.sampled_from(_WORDS))
        # No upper case: ftfy reads an upper-case word ending in Ð before a no-break space
        # (``MEÐ\xa0``) as the Cyrillic Р it would be in UTF-8: a real ambiguity, left to it.
        case = draw(st.sampled_from([str, str, str.lower, str.capitalize]))
        out.append(case(word))
        out.append(draw(_SEPARATORS))
    return "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(real_text())
def test_property_correct_text_in_many_scripts_is_byte_identical(text):
    result = repair(text)
    assert result.text == text
    assert result.counts == {}


def _corpus_texts() -> list[Path]:
    folders = [REPO / "corpus" / "demo", REPO / "tests" / "fixtures" / "sites"]
    folders += [SHARED / "seeds", SHARED / "dev" / "wmt16-enfi" / "clean"]
    return sorted(p for f in folders if f.is_dir() for p in f.glob("*.txt"))


def test_real_correct_files_are_byte_identical_after_repair():
    files = _corpus_texts()
    assert len(files) >= 20  # the demo and the fixtures are in the repository
    for path in files:
        plain = decode(path.read_bytes())
        repaired = decode(path.read_bytes(), repair=True)
        assert repaired.text == plain.text, path.name
        assert repaired.repairs == {}, path.name


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", *args], capture_output=True, text=True
    )


def test_index_stores_repaired_text_and_counts_and_doc_original(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    correct = [
        "Pääministeri Sipilä vierailee Tampereella",
        "Pääministeri kertoi perjantaina, että hallitus esittää uusia säästöjä ensi vuodelle.",
        "Hinta on 26 000 £ eli noin 35 000 €, sanoi ministeriö tiedotteessaan.",
    ]
    # As the file came from its publisher: UTF-8 read as cp1250 and saved as UTF-8 again,
    # with its byte order mark read as cp1252.
    raw = ("ï»¿" + "\n".join(line.encode().decode("cp1250") for line in correct)).encode()
    source = corpus / "uutinen.txt"
    source.write_bytes(raw)
    index = tmp_path / "index.sqlite"
    index_corpus(corpus, index)
    assert source.read_bytes() == raw  # sources stay untouched

    shown = _cli("doc", "uutinen.txt", "--index", str(index), "--json")
    assert shown.returncode == 0, shown.stderr
    doc = json.loads(shown.stdout)
    assert doc["repairs"] == {"bom": 1, "mojibake": 3}
    texts = [p["text"] for p in doc["paragraphs"]]
    assert texts[0] == "Pääministeri Sipilä vierailee Tampereella"
    assert "26 000 £ eli noin 35 000 €" in texts[2]
    assert doc["title"] == texts[0]

    original = _cli("doc", "uutinen.txt", "--index", str(index), "--original")
    assert original.returncode == 0, original.stderr
    assert "PĂ¤Ă¤ministeri" in original.stdout and "Pääministeri" not in original.stdout
    as_json = json.loads(
        _cli("doc", "uutinen.txt", "--index", str(index), "--original", "--json").stdout
    )
    assert as_json["text"].startswith("ï»¿PĂ¤Ă¤ministeri")

    source.write_bytes(raw + b"\nmore")
    changed = _cli("doc", "uutinen.txt", "--index", str(index), "--original")
    assert changed.returncode == 1 and "changed since it was indexed" in changed.stderr
    source.unlink()
    gone = _cli("doc", "uutinen.txt", "--index", str(index), "--original")
    assert gone.returncode == 1 and "gone" in gone.stderr


def test_correct_document_has_no_repairs(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(CORRECT["de"] + "\n\n" + CORRECT["fr"], encoding="utf-8")
    index = tmp_path / "index.sqlite"
    index_corpus(corpus, index)
    doc = json.loads(_cli("doc", "a.txt", "--index", str(index), "--json").stdout)
    assert doc["repairs"] == {}


def test_escape_sequences_are_removed_whole_even_next_to_mojibake():
    from tests.fixtures.hostile import ESCAPES

    mojibake = "Pääministeri “sanoi”".encode().decode("latin-1")  # C1 controls inside
    for escape in ESCAPES:
        for line in (escape, mojibake + escape, escape + " " + mojibake):
            decoded = decode((line + "\nok").encode(), repair=True)
            assert "PWNED" not in decoded.text and "evil" not in decoded.text, repr(line)
            assert not any(0x80 <= ord(c) < 0xA0 or c == "\x1b" for c in decoded.text)
            if mojibake in line:
                assert "Pääministeri “sanoi”" in decoded.text
