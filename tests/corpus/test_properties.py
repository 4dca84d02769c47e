"""Properties of decoding, normalisation, paragraph segmentation and search input.

The documented normalisation (decode.normalise) is: NFC; one kind of line break;
escape sequences removed whole; control characters but tab and newline removed; bidi
embeddings, overrides and isolates removed. Paragraphs then collapse white space. Nothing
else may be lost or invented, and paragraph offsets map back into the normalised text.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import unicodedata
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglance.corpus import paragraphs
from polyglance.corpus.decode import Unreadable, decode, normalise
from polyglance.corpus.paragraphs import collapse, split_paragraphs
from polyglance.search import Searcher, fold, fold_with_map, map_span
from polyglance.tui.pipeline import index_corpus

from ..conftest import REPO

EXAMPLES = int(os.environ.get("POLYGLANCE_PROPERTY_EXAMPLES", "150"))
fast = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Characters that normalise() leaves as they are (NFC aside): no controls but tab and
#: newline, no Unicode line separators, no bidi controls, no BOM (decode strips a leading one).
SAFE = st.characters(
    exclude_categories=("Cc", "Cs"), exclude_characters="\u2028\u2029\ufeff" + _BIDI
) | st.sampled_from("\n\t \u00a0\u0301\u05d0\u0627\u6771👩\u200d")
safe_text = st.text(SAFE, max_size=200)

#: Line breaks and what they become.
LINE_BREAKS = ("\r\n", "\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
#: Controls removed on their own (escape introducers are generated as sequences below).
LONE_CONTROLS = [
    chr(c)
    for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, *range(0x7F, 0xA0)]
    if chr(c) not in "\x1b\x85\x90\x98\x9b\x9d\x9e\x9f"
] + list(_BIDI)

_printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
_params = st.text(st.characters(min_codepoint=0x30, max_codepoint=0x3F), max_size=6)
_inter = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2F), max_size=2)
_final = st.characters(min_codepoint=0x40, max_codepoint=0x7E)
_string_end = st.sampled_from(["\x07", "\x1b\\", "\x9c"])

escape_sequences = st.one_of(
    st.builds(lambda p, i, f: f"\x1b[{p}{i}{f}", _params, _inter, _final),  # CSI
    st.builds(lambda p, i, f: f"\x9b{p}{i}{f}", _params, _inter, _final),  # 8-bit CSI
    st.builds(  # OSC, DCS, SOS, PM, APC: 7- and 8-bit, ended by BEL or ST
        lambda intro, body, end: f"{intro}{body.replace(chr(0x1B), '')}{end}",
        st.sampled_from(["\x1b]", "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\x9d", "\x90"]),
        _printable,
        _string_end,
    ),
    st.builds(  # other escapes: intermediates, then a final byte
        lambda i, f: f"\x1b{i}{f}",
        _inter,
        st.characters(min_codepoint=0x30, max_codepoint=0x7E, exclude_characters="[]PX^_"),
    ),
)

piece = st.one_of(
    safe_text.map(lambda t: ("text", t)),
    st.sampled_from(LINE_BREAKS).map(lambda t: ("break", t)),
    st.sampled_from(LONE_CONTROLS).map(lambda t: ("drop", t)),
    escape_sequences.map(lambda t: ("drop", t)),
)


def assemble(pieces: list[tuple[str, str]]) -> tuple[str, str]:
    """The raw text, and what normalise() must make of it."""
    raw, expected = [], []
    for k, (kind, text) in enumerate(pieces):
        following = next((t for _, t in pieces[k + 1 :] if t), "")
        if text == "\r" and following.startswith("\n"):
            text = "\r\n"  # a lone CR before LF is the CR LF pair
        raw.append(text)
        expected.append({"text": text, "break": "\n", "drop": ""}[kind])
    return "".join(raw), unicodedata.normalize("NFC", "".join(expected))


_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "]")


def assert_clean(text: str) -> None:
    assert not _UNCLEAN.search(text), repr(_UNCLEAN.search(text))
    assert unicodedata.is_normalized("NFC", text)


# -- decoding and normalisation ------------------------------------------------------------------


@fast
@given(st.lists(piece, max_size=30))
def test_normalise_removes_exactly_the_documented_characters(pieces):
    raw, expected = assemble(pieces)
    assert normalise(raw) == expected


@fast
@given(st.text(max_size=300))
def test_normalise_is_clean_and_idempotent_on_any_text(text):
    once = normalise(text)
    assert_clean(once)
    assert normalise(once) == once


@fast
@given(
    safe_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
)
def test_decode_round_trips_unicode_encodings(text, encoding):
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # with their BOM (without, it is a guess)
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    expected = normalise(text)
    if not expected or expected.isspace():
        with pytest.raises(Unreadable):
            decode(data)
    else:
        assert decode(data).text == expected


@fast
@given(st.binary(max_size=3000))
def test_decode_of_any_bytes_is_text_or_a_reason(data):
    try:
        decoded = decode(data)
    except Unreadable as exc:
        assert str(exc)
        return
    assert_clean(decoded.text)
    assert decoded.text.strip()


# -- paragraphs ------------------------------------------------------------------------------------

word = st.text(SAFE.filter(lambda c: not c.isspace()), min_size=1, max_size=15)
line = st.lists(word, max_size=15).map(" ".join)
spacing = st.sampled_from(["\n", "\n", "\n\n", "\n \n", "\n\t\n\n", "  \n"])
document = st.lists(st.tuples(line, spacing), max_size=15).map(
    lambda parts: "".join(a + b for a, b in parts)
)


def check_paragraphs(text: str) -> None:
    found = split_paragraphs(text)
    previous_end = 0
    for p in found:
        assert previous_end <= p.start < p.end <= len(text)
        assert not text[p.start].isspace() and not text[p.end - 1].isspace()
        assert collapse(text[p.start : p.end]) == p.text
        assert p.text and len(p.text) <= paragraphs.MAX_PARAGRAPH_CHARS
        assert not re.search(r"\n[^\S\n]*\n", text[p.start : p.end]), "a blank line inside"
        previous_end = p.end
    # Nothing lost, nothing invented: the same characters but white space, in order.
    assert "".join("".join(p.text.split()) for p in found) == "".join(text.split())


@fast
@given(document, st.sampled_from([20, 60, 4000]))
def test_paragraphs_map_back_and_lose_nothing(text, limit):
    text = normalise(text)
    with mock.patch.object(paragraphs, "MAX_PARAGRAPH_CHARS", limit):
        check_paragraphs(text)


@fast
@given(st.text(max_size=400), st.sampled_from([10, 50, 4000]))
def test_paragraphs_of_any_normalised_text(text, limit):
    with mock.patch.object(paragraphs, "MAX_PARAGRAPH_CHARS", limit):
        check_paragraphs(normalise(text))


# -- search input ----------------------------------------------------------------------------------

#: Any code point, lone surrogates too (argv turns undecodable bytes into them).
any_text = st.text(st.characters(exclude_categories=()), max_size=60)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    base = tmp_path_factory.mktemp("props")
    corpus = base / "corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "sites", corpus)
    (corpus / "hostile.txt").write_text(
        "Markup [bold red]x[/bold red] and escapes\n\nZürich Þórsmörk «Привет» 東京 שלום "
        "مرحبا 👩‍👩‍👧‍👦 Z\u0337a\u0336l\u0338g\u0335o, the council voted again today.\n",
        encoding="utf-8",
    )
    index_corpus(corpus, base / "index.sqlite")
    found = Searcher(base / "index.sqlite")
    yield found
    found.close()


@fast
@given(any_text)
def test_fold_never_raises_and_maps_back(text):
    folded, index = fold_with_map(text)
    assert fold(text) == folded
    assert len(index) == len(folded) + 1 and index[-1] == len(text)
    for start in range(len(folded)):
        a, b = map_span(index, start, start + 1)
        assert 0 <= a <= b <= len(text)


@fast
@given(
    st.one_of(any_text, st.text(st.sampled_from("!'\"lang:kind:, -zürichcouncil*"), max_size=40)),
    st.none() | st.lists(st.text(max_size=4), max_size=3),
    st.integers(0, 20),
)
def test_search_never_raises_and_spans_stay_inside(searcher, query, langs, limit):
    hits = searcher.search(query, langs=langs, limit=limit)
    assert len(hits) <= limit
    for hit in hits:
        assert 0 <= hit.score <= 100
        for start, end in hit.spans:
            assert 0 <= start <= end <= len(hit.text)


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "?!.,;:",
        "   ",
        '"open',
        "'",
        "!",
        "lang:",
        "lang:xx council",
        "\ud800",
        "council " * 2000,
        "\x00",
        "kind:body lang:en council",
    ],
    ids=range(12),
)
def test_odd_queries_on_the_searcher(searcher, query):
    for langs in (None, ["xx"], ["en", ""]):
        hits = searcher.search(query, langs=langs, limit=10)
        assert isinstance(hits, list)
        for hit in hits:
            assert all(0 <= s <= e <= len(hit.text) for s, e in hit.spans)
