"""Bytes to clean text: encoding detection, binary detection, normalisation.

Decoding is the first place where bad input shows up, so every refusal is a
:class:`Unreadable` with a reason that the index summary reports verbatim.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

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
_ESCAPE = re.compile(
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
    text: str
    encoding: str


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its pattern of zero bytes in ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_zeros > 0.3 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.3 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str:
    """Name the encoding of ``data`` or raise :class:`Unreadable`."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:8192]
    if any(head.startswith(magic) for magic in _BINARY_MAGIC):
        raise Unreadable("binary file (known binary format)")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in head:
        raise Unreadable("binary file (contains NUL bytes)")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return _best_legacy_encoding(data[:200_000])


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
            text = _ESCAPE.sub("", text)
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def decode(data: bytes) -> Decoded:
    """Decode file bytes into normalised text, or raise :class:`Unreadable` with a reason."""
    if not data:
        raise Unreadable("empty file")
    encoding = detect_encoding(data)
    try:
        # The encoding fits the sample it was chosen on; a stray byte further on must not
        # cost the whole file.
        text = data.decode(encoding, errors="replace")
    except LookupError as exc:
        raise Unreadable(f"cannot decode as {encoding}: {exc}") from exc
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise Unreadable("binary file (contains NUL characters)")
    if _too_many_controls(text):
        raise Unreadable("binary file (mostly control characters)")
    text = normalise(text)
    if not text or text.isspace():
        raise Unreadable("no text (only white space)")
    return Decoded(text=text, encoding=encoding)
