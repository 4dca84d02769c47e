"""Repair text that was decoded with the wrong code page before it reached us (mojibake).

A file can be perfectly valid UTF-8 and still read ``pĂ¤Ă¤ministerin`` for ``pääministerin``
or ``â€™`` for ``’``: somebody upstream decoded UTF-8 bytes as cp1250 or cp1252 and saved
the result as UTF-8 again. ftfy undoes that. It is configured to change nothing but
encoding errors, so that correct text in any script comes out byte for byte as it went in:

- on: ``fix_encoding`` (the mojibake itself), ``replace_lossy_sequences`` (mojibake whose
  bytes were partly lost), ``restore_byte_a0`` (the same, a no-break space turned into a space;
  only on lines with other mojibake: see CONFIG_A0), ``decode_inconsistent_utf8``
  (mojibake mixed with correct text on one line), ``fix_c1_controls`` (C1 controls are
  cp1252 punctuation read as Latin-1; ``normalise`` would drop them otherwise);
- off: everything that changes correct text by taste: curly quotes stay curly
  (``uncurl_quotes``), ligatures and full-width forms stay (``fix_latin_ligatures``,
  ``fix_character_width``), no Unicode normalisation (``normalise`` does NFC afterwards, as for
  every text), HTML entities stay as written (``unescape_html``), and line breaks, control
  characters and escapes are left to ``normalise`` (one documented place for them).

The repair works line by line so that what it changed can be counted (``mojibake``: lines
changed) and one bad line cannot make a whole document be read in a different way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ftfy
import ftfy.chardata

from .decode import ESCAPE

CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=False,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    # explain=True is not for the explanation: with explain=False, ftfy 6.3 runs
    # fix_encoding with its default options and ignores restore_byte_a0 and the others here.
    explain=True,
)
#: The same, and a space read back as the byte A0 it replaced (``Â `` for a no-break space,
#: ``Ã `` for ``à``). Only for lines that hold other mojibake: alone, ``Ã `` and ``Â `` can
#: be correct text (a one-letter word, or a letter named in a sentence).
CONFIG_A0 = CONFIG._replace(restore_byte_a0=True)

#: A byte order mark read as cp1252 or Latin-1 (EF BB BF), and what ftfy makes of it.
_MISREAD_BOMS = ("ï»¿", "\ufeff")


def _decoded(byte_values: range) -> str:
    """The characters these bytes become in the code pages ftfy can undo."""
    chars = set()
    for name in ftfy.chardata.CHARMAP_ENCODINGS:
        for b in byte_values:
            chars.add(bytes([b]).decode(name, errors="ignore"))
    return "".join(sorted(ch for ch in chars if ch))


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


#: A cheap test that a line may hold mojibake: a character that a UTF-8 lead byte becomes,
#: followed by one that a continuation byte becomes (or by a space that replaced byte A0),
#: a replacement character, or a C1 control. ftfy's own test is ~50x slower; lines without
#: any of these are left as they are without asking it.
_HAS_INTRODUCER = re.compile("[\x1b\x90\x98\x9b\x9d\x9e\x9f]")
_MAYBE_MOJIBAKE = re.compile(
    _char_class(_decoded(range(0xC2, 0xF5)))
    + _char_class(_decoded(range(0x80, 0xC0)))
    + "|"
    + _char_class(_decoded(range(0xC2, 0xDA)))
    + " "
    + "|[\ufffd\x1a\x80-\x9f]"
)


_LEADS = _decoded(range(0xC2, 0xF5))
_CONTINUATIONS = _decoded(range(0x80, 0xC0))
#: Escape sequences, as normalise() removes them: those that start with ESC, and those that
#: start with an 8-bit introducer (CSI, OSC, ...) standing alone. An introducer right after
#: a character that a UTF-8 byte becomes is a piece of mojibake (``â\x80\x9d`` for ``”``).
_ESCAPE_BEFORE_REPAIR = re.compile(
    "(?:(?=\x1b)|(?<!" + _char_class(_LEADS + _CONTINUATIONS) + ")(?=[\x90\x98\x9b\x9d\x9e\x9f]))"
    "(?:" + ESCAPE.pattern + ")"
)


@dataclass(frozen=True)
class Repaired:
    """The repaired text and what was repaired, by kind (only kinds with a count > 0)."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)


def repair_line(line: str) -> str:
    """One line with its encoding errors undone (unchanged if it has none)."""
    if line.isascii() or not _MAYBE_MOJIBAKE.search(line):  # ASCII cannot be mojibake
        return line
    # Escapes go first: ftfy would turn an 8-bit CSI into "›" and leave its payload behind.
    bare = _ESCAPE_BEFORE_REPAIR.sub("", line) if _HAS_INTRODUCER.search(line) else line
    fixed = ftfy.fix_text(bare, CONFIG)
    if fixed == bare:
        return line  # no mojibake: escapes, if any, are left to normalise()
    return ftfy.fix_text(bare, CONFIG_A0) if " " in bare else fixed


def _without_bom(line: str) -> str:
    while line.startswith(_MISREAD_BOMS):
        line = line.removeprefix(_MISREAD_BOMS[0]).lstrip("\ufeff")
    return line


def repair(text: str) -> Repaired:
    """Undo mojibake in ``text``, line by line; remove byte order marks misread as text.

    Counts: ``mojibake`` (lines whose text changed, a removed byte order mark aside) and
    ``bom`` (lines that started with a byte order mark, misread or not).
    """
    if text.isascii():
        return Repaired(text)
    lines = text.split("\n")
    changed = boms = 0
    for k, line in enumerate(lines):
        if line.isascii():
            continue
        fixed = repair_line(line)
        if fixed.startswith(_MISREAD_BOMS) or line.startswith(_MISREAD_BOMS):
            boms += 1
            fixed = _without_bom(fixed)
            line_core = _without_bom(line)
        else:
            line_core = line
        if fixed != line_core:
            changed += 1
        lines[k] = fixed
    counts = {}
    if changed:
        counts["mojibake"] = changed
    if boms:
        counts["bom"] = boms
    if not counts:
        return Repaired(text)
    return Repaired("\n".join(lines), counts)
