"""Bytes to clean text: encoding detection, binary detection, normalisation.

Decoding is the first place where bad input shows up, so every refusal is a
:class:`Unreadable` with a reason that the index summary reports verbatim.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Magic numbers of common binary formats that are sometimes saved as .txt.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"\x1f\x8b",
    b"PK\x03\x04",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
)

#: Line breaks besides \n, \r and the Unicode line and paragraph separators: NEL,
#: vertical tab, form feed, the file, group and record separators.
_LINE_BREAK = re.compile("[\x0b\x0c\x1c-\x1e\x85]")
# C0 and C1 controls except tab and newline; line breaks are unified before.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# ANSI/ECMA-48 escape sequences, removed whole so that no parameter or payload is left behind.
# String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST, or at most to the end of the line.
ESCAPE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI, 7- and 8-bit
    r"|\x1b[ -/]*[0-~]"  # any other escape: intermediate bytes, then a final byte
)
#: Bidi embeddings, overrides and isolates: invisible, and able to reorder what follows
#: them on screen (the "Trojan source" trick). The marks LRM, RLM and ALM are kept.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Characters beyond Latin-1 that normalise() replaces: line and paragraph separators, bidi.
_WIDE_SPECIALS = "\u2028\u2029" + _BIDI_CONTROLS
#: What starts an escape sequence: ESC, and the 8-bit CSI, OSC, DCS, SOS, PM and APC.
_INTRODUCERS = "\x1b\x9b\x9d\x90\x98\x9e\x9f"
#: A text is refused as binary when more than this share of a sample is control characters.
_MAX_CONTROL_SHARE = 0.1


class Unreadable(Exception):
    """The file cannot be read as text; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, its encoding, and what was repaired on the way (kind -> count)."""

    text: str
    encoding: str
    repairs: dict[str, int] = field(default_factory=dict)


def _entropy(values: bytes) -> float:
    counts = Counter(values)
    n = len(values)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _is_text_char(ch: str) -> bool:
    if ch in "\n\r\t":
        return True
    return unicodedata.category(ch)[0] in "LMNPSZ" and unicodedata.category(ch) != "Co"


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16, in any script.

    In UTF-16 one byte of each pair says which block of Unicode a character is in, and a text
    uses few blocks (ASCII and one script, mostly): that half of the bytes varies much less
    than the other. The reading must also be text: letters, marks, digits, punctuation, spaces.
    """
    sample = data[: min(len(data), 8192) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = _entropy(sample[0::2]), _entropy(sample[1::2])
    if abs(even - odd) < 1.0 or max(even, odd) < 2.0:
        return None
    name = "utf-16-le" if odd < even else "utf-16-be"
    try:
        text = sample.decode(name)
    except UnicodeDecodeError:
        try:  # the sample may end inside a surrogate pair
            text = sample[:-2].decode(name)
        except UnicodeDecodeError:
            return None
    if not text:
        return None
    textual = sum(map(_is_text_char, text))
    return name if textual >= 0.97 * len(text) else None


#: EBCDIC: the space is byte 0x40, letters 0x81-0xA9 and 0xC1-0xE9, digits 0xF0-0xF9.
_EBCDIC_LETTERS = frozenset(
    [
        *range(0x81, 0x8A),
        *range(0x91, 0x9A),
        *range(0xA2, 0xAA),
        *range(0xC1, 0xCA),
        *range(0xD1, 0xDA),
        *range(0xE2, 0xEA),
        *range(0xF0, 0xFA),
    ]
)


def _looks_ebcdic(sample: bytes) -> bool:
    """Spaces at 0x40 instead of 0x20, and most bytes where EBCDIC keeps its letters."""
    n = len(sample)
    if n < 16:
        return False
    spaces, ascii_spaces = sample.count(0x40), sample.count(0x20)
    letters = sum(1 for b in sample if b in _EBCDIC_LETTERS)
    return spaces > 0.05 * n and ascii_spaces < 0.2 * spaces and letters + spaces > 0.7 * n


def detect_encoding(data: bytes) -> str:
    """Name the encoding of ``data`` or raise :class:`Unreadable`."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:8192]
    if any(head.startswith(magic) for magic in _BINARY_MAGIC):
        raise Unreadable("binary file (known binary format)")
    has_nul = b"\x00" in head
    if not has_nul:
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
    # Only what is not UTF-8 is tried as UTF-16: short UTF-8 Cyrillic can look like it.
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if has_nul:
        raise Unreadable("binary file (contains NUL bytes)")
    if _mostly_utf8(data):
        return "utf-8"
    if _looks_ebcdic(head):
        raise Unreadable(
            "EBCDIC text is not supported (convert it to UTF-8 first, e.g. iconv -f IBM500)"
        )
    return _best_legacy_encoding(data[:200_000])


#: Most bytes that are not UTF-8 in a file otherwise UTF-8, as a share of its non-ASCII
#: characters, for the file to be read as UTF-8 with those bytes replaced.
_MAX_STRAY_SHARE = 0.25


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _invalid_utf8(data: bytes) -> tuple[int, int]:
    """(bytes that are not UTF-8, non-ASCII characters that are) in ``data``, in linear time."""
    sequences = _UTF8_SEQUENCE.findall(data)
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return high - sum(map(len, sequences)), len(sequences)


#: Bytes of a file on which the share of stray bytes is measured.
_STRAY_SAMPLE_BYTES = 1 << 20


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 but for a few stray bytes (a Latin-1 letter pasted into a UTF-8 file).

    Called on data that is not valid UTF-8 as a whole; measured on its head, where a head
    without a stray byte counts as UTF-8 (the stray bytes come later).
    """
    invalid, valid = _invalid_utf8(data[:_STRAY_SAMPLE_BYTES])
    return invalid <= _MAX_STRAY_SHARE * valid


def _stray_byte(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a UTF-8 file: its cp1252 reading (a Latin-1 ``ü`` or a
    cp1252 ``„`` pasted in), or U+FFFD for a byte that cp1252 leaves undefined."""
    assert isinstance(error, UnicodeDecodeError)
    byte = error.object[error.start : error.start + 1]
    ch = byte.decode("cp1252", errors="replace")
    return (ch if ch.isprintable() else "\ufffd"), error.start + 1


codecs.register_error("polyglance-stray", _stray_byte)


#: Single-byte code pages always tried beside charset-normalizer's guesses: on short texts
#: its top guess is often a neighbour (cp1250 for French, cp775 for German).
_COMMON_CODE_PAGES = ("cp1252", "cp1250", "cp1251", "iso8859_7", "cp1257")


_ACCENTED_LATIN = frozenset(
    ch for ch in map(chr, range(0x80, 0x250)) if unicodedata.name(ch, "").startswith("LATIN")
)


_WORD = re.compile(r"[^\W\d_]+")


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _mixed_script_share(text: str) -> float:
    """Share of non-ASCII words that mix Latin letters with another script's: German read
    as Cyrillic (`Bьrgermeister`) has many, real text next to none."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0
    mixed = sum(1 for w in words if any(c.isascii() for c in w) and any(ord(c) >= 0x370 for c in w))
    return mixed / len(words)


def _best_legacy_encoding(sample: bytes) -> str:
    """Among plausible encodings, the one whose text a language model finds most natural."""
    from .language import identify

    try:
        results = list(from_bytes(sample))
    except Exception:  # a guesser's failure must not cost the file: the fixed list remains
        results = []
    if results:
        least_chaos = min(r.chaos for r in results)
        names = [r.encoding for r in results if r.chaos <= least_chaos + 0.02]
    else:
        names = []
    # cp1252 first: the most common legacy encoding wins ties.
    names = ["cp1252", *[n for n in names if n != "cp1252"]]
    names += [n for n in _COMMON_CODE_PAGES if n not in names]
    head = sample[:4000]
    ascii_part = bytes(b for b in head if b < 0x80)
    best_name, best_score = None, -1.0
    for name in names:
        try:
            text = head.decode(name)
            if ascii_part.decode(name) != ascii_part.decode("ascii"):
                continue  # not ASCII-compatible (EBCDIC and the like)
        except (UnicodeDecodeError, LookupError):
            continue
        if _too_many_controls(text):
            continue
        # Real text in the right code page: its non-ASCII characters are letters (or
        # punctuation such as „“–, or €, which other code pages turn into letters).
        extra = [ch for ch in text if ord(ch) >= 0x80 and ch != "€" and not _is_punctuation(ch)]
        letters = sum(ch.isalpha() for ch in extra) / len(extra) if extra else 1.0
        score = identify(text).confidence * letters * (1.0 - _mixed_script_share(text))
        # Cyrillic or Greek read in a Latin code page: nearly every letter is accented.
        alpha = [ch for ch in text if ch.isalpha()]
        accented = sum(ord(ch) >= 0x80 and ch in _ACCENTED_LATIN for ch in alpha)
        if alpha and accented / len(alpha) > 0.5:
            score *= 0.1
        if score > best_score + 0.05:
            best_name, best_score = name, score
    if best_name is None:
        raise Unreadable("binary file (no text encoding fits)")
    return best_name


def _too_many_controls(text: str) -> bool:
    """More control characters (not counting white space and ESC) than text has."""
    sample = text[:8192]
    controls = sum(1 for ch in _CONTROL.findall(sample) if ch not in "\x0b\x0c\x1b\r")
    return controls > max(2, _MAX_CONTROL_SHARE * len(sample))


def normalise(text: str) -> str:
    """The documented normalisation of decoded text.

    One kind of line break (``\n``); escape sequences removed whole; control characters
    but tab and newline removed; bidi embeddings, overrides and isolates removed; NFC.
    Each step runs only when its characters occur: clean text costs one scan.
    """
    if "\r" in text:  # first: CR LF is one break, whatever the other steps do around it
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _WIDE_SPECIALS:
        if ch in text:  # free on ASCII and Latin-1 text
            text = text.replace(ch, "\n" if ch in "\u2028\u2029" else "")
    if _CONTROL.search(text):
        text = _LINE_BREAK.sub("\n", text)
        if any(ch in text for ch in _INTRODUCERS):
            text = ESCAPE.sub("", text)
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def decode(data: bytes, repair: bool = False) -> Decoded:
    """Decode file bytes into normalised text, or raise :class:`Unreadable` with a reason.

    With ``repair``, mojibake is undone too (see repair.py), before normalisation: it needs
    the C1 controls that normalisation removes. ``repairs`` counts what was repaired:
    ``stray_bytes`` (bytes that are not UTF-8 in a UTF-8 file, read as cp1252 letters or
    replaced by U+FFFD) always, ``mojibake`` and ``bom`` with ``repair``.
    """
    if not data:
        raise Unreadable("empty file")
    encoding = detect_encoding(data)
    repairs: dict[str, int] = {}
    try:
        # The encoding fits the sample it was chosen on; a stray byte further on must not
        # cost the whole file.
        if encoding == "utf-8":
            stray, _ = _invalid_utf8(data)
            text = data.decode("utf-8", errors="polyglance-stray" if stray else "strict")
            if stray:
                repairs["stray_bytes"] = stray
        else:
            text = data.decode(encoding, errors="replace")
    except LookupError as exc:
        raise Unreadable(f"cannot decode as {encoding}: {exc}") from exc
    text = text.lstrip("\ufeff")
    if repair:
        from .repair import repair as undo_mojibake

        repaired = undo_mojibake(text)
        text = repaired.text
        repairs.update(repaired.counts)
    if "\x00" in text:
        raise Unreadable("binary file (contains NUL characters)")
    if _too_many_controls(text):
        raise Unreadable("binary file (mostly control characters)")
    text = normalise(text)
    if not text or text.isspace():
        raise Unreadable("no text (only white space)")
    return Decoded(text=text, encoding=encoding, repairs=repairs)
