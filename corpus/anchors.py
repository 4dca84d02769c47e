"""Language-neutral anchors of a text: numbers, names, acronyms and URLs.

Translations of one article share them whatever their language, so they are what
grouping compares. Names are folded (accents, case, script via anyascii) and cut to a
short stem so that inflections meet (`Zuckerbergs`/`Zuckerberg`, `Вальдорн`/`Valdorne`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .align.tokens import fold

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,  ]\d{3})+(?:[.,]\d+)?(?![\w])|\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_URL = re.compile(r"https?://\S+|www\.\S+")
_SENTENCE_END_BEFORE = re.compile(r"[.!?:;»“”\"]\s+$")

#: Names are compared on this many folded characters.
STEM = 5


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (looks at a few characters only)."""
    return start == 0 or bool(_SENTENCE_END_BEFORE.search(text[max(0, start - 8) : start]))


#: At most this many lower-case letters (and hyphens) before a name's capital: the noun
#: class prefixes of Bantu languages (Zulu ``uJesu``, ``laseJerusalema``) and the initial
#: mutations of Irish (``i mBaile``) write a name inside a lower-case word.
INNER_PREFIX = 5


def _inner_name(word: str) -> str | None:
    """The name inside ``word`` after a short lower-case prefix (``kaNkulunkulu`` ->
    ``Nkulunkulu``; also ``UJohane`` at a sentence's start), or None."""
    for k in range(1, min(len(word) - 2, INNER_PREFIX + 1)):
        if word[k].isupper():
            head, rest = word[:k], word[k:]
            if rest[1:].islower() and (head.replace("-", "").islower() or len(head) == 1):
                return rest
            return None
    return None


def _number_key(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw).lstrip("0")
    return f"#{digits}" if len(digits) >= 2 else None


def _name_key(word: str) -> str | None:
    folded = fold(word)
    return f"@{folded[:STEM]}" if len(folded) >= 3 else None


#: Letters that spellings of one name swap between languages, mapped to one class.
_SOUND = str.maketrans("cgqxzvwphfdjy", "kkkkssbbbbtii")
#: A name's sound key is its first this many consonant classes.
SKELETON = 3


def _skeleton_key(word: str) -> str | None:
    """The name's first consonants, by sound class and without repeats: languages spell
    one name differently (Paulus, Pavil, Pavlo; Onesimus, Onezims), but its consonants
    mostly survive. A weaker anchor beside the stem; None for short names."""
    folded = fold(word).translate(_SOUND)
    skeleton = ""
    for ch in folded:
        if ch.isalpha() and ch not in "aeiou" and not skeleton.endswith(ch):
            skeleton += ch
    return f"&{skeleton[:SKELETON]}" if len(skeleton) >= SKELETON else None


#: A text whose cased letters are lower-case less often than this has no case to read
#: names from: a script whose letters are all capitals (Cherokee), or shouting.
MIN_LOWER_SHARE = 0.2
#: ... judged on at least this many cased letters (a byline "AP" is an acronym).
MIN_CASED_LETTERS = 12


def has_case(text: str) -> bool:
    """Whether capitals in ``text`` can mark names: enough of its cased letters are
    lower-case, or too few letters are cased to tell (caseless scripts are then read
    as before: they have no capitals)."""
    lower = upper = 0
    for ch in text:
        if ch.islower():
            lower += 1
        elif ch.isupper():
            upper += 1
    return lower + upper < MIN_CASED_LETTERS or lower >= MIN_LOWER_SHARE * (lower + upper)


def anchors(texts: Iterable[str]) -> set[str]:
    """The anchors of a document's content paragraphs."""
    found: set[str] = set()
    for text in texts:
        for url in _URL.findall(text):
            found.add("~" + url.rstrip(".,;)").lower())
        text = _URL.sub(" ", text)
        for match in _NUMBER.finditer(text):
            if key := _number_key(match.group()):
                found.add(key)
        non_latin = not text.isascii() and len(text.encode("ascii", "ignore")) < len(text) / 2
        cased = has_case(text)
        for match in _WORD.finditer(text):
            word = match.group()
            if not cased and not (non_latin and word.isascii()):
                continue
            if inner := _inner_name(word):
                word = inner  # a name after a prefix (Zulu, Irish), wherever it stands
                key = _name_key(word)
            elif word.isupper() and len(word) >= 2:
                key = _name_key(word)  # an acronym
            elif word[0].isupper() and not _starts_sentence(text, match.start()):
                key = _name_key(word)  # a name in mid-sentence
            elif non_latin and word.isascii():
                key = _name_key(word)  # Latin script inside another script
            else:
                continue
            if key:
                found.add(key)
                if key.startswith("@") and (sound := _skeleton_key(word)):
                    found.add(sound)
    return found
