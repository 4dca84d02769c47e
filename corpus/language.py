"""Language identification with py3langid (its model ships inside the wheel).

py3langid was chosen over lingua and pycld2 for speed with a usable confidence (see
the comparison in bench/langid_compare.py). Two rules make it fit news paragraphs:

* short or low-confidence paragraphs take their document's language, since no model
  is reliable on a few words (and none separates Malay from Indonesian on a line);
* a language that is easily confused with the document's (Bokmål/Nynorsk/Danish,
  Malay/Indonesian, …) also counts as the document's.

A paragraph keeps another language only when the model is sure of it, which is what
flags untranslated headers and alt-texts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

#: py3langid codes that differ from what polyglance reports (ISO 639-1 where one exists).
_CODE_MAP = {"no": "nb"}

#: Groups of languages a model confuses on short text; within a group, the document wins.
_CONFUSABLE = (
    frozenset({"nb", "nn", "da", "sv"}),
    frozenset({"ms", "id"}),
    frozenset({"hr", "sr", "bs"}),
    frozenset({"cs", "sk"}),
    frozenset({"es", "gl", "ca", "pt"}),
    frozenset({"ru", "uk", "be", "bg", "mk"}),
    frozenset({"fr", "wa", "oc"}),
    frozenset({"de", "lb", "nl", "af"}),
)

#: Language ID looks at this many characters of a paragraph at most (cost is linear).
SAMPLE_CHARS = 600
#: A paragraph shorter than this (characters) is "short".
SHORT_CHARS = 40
#: On a long paragraph, below this confidence the document's language is kept.
MIN_CONFIDENCE = 0.5
#: On a short paragraph another language must be at least this likely ...
SHORT_MIN_CONFIDENCE = 0.3
#: ... and this many times likelier than the document's language.
SHORT_MIN_RATIO = 10.0

UNDETERMINED = "und"

_lock = threading.Lock()
_identifier = None


def _model():
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _code(raw: str) -> str:
    return _CODE_MAP.get(raw, raw)


def confusable(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _CONFUSABLE)


@dataclass(frozen=True)
class Guess:
    lang: str
    confidence: float


def identify(text: str) -> Guess:
    """The most likely language of ``text`` and its normalised probability."""
    if not any(ch.isalpha() for ch in text):
        return Guess(UNDETERMINED, 0.0)
    lang, prob = _model().classify(text[: SAMPLE_CHARS * 8])
    return Guess(_code(lang), float(prob))


def paragraph_language(text: str, doc_lang: str) -> Guess:
    """The language of one paragraph of a document in ``doc_lang``."""
    if not any(ch.isalpha() for ch in text):
        return Guess(doc_lang, 0.0)
    ranking = _model().rank(text[:SAMPLE_CHARS])
    best_raw, best_prob = ranking[0]
    best = _code(best_raw)
    if confusable(best, doc_lang):
        return Guess(doc_lang, float(best_prob))
    if len(text) < SHORT_CHARS:
        doc_prob = next((p for raw, p in ranking if _code(raw) == doc_lang), 0.0)
        if best_prob >= SHORT_MIN_CONFIDENCE and best_prob >= SHORT_MIN_RATIO * doc_prob:
            return Guess(best, float(best_prob))
        return Guess(doc_lang, float(doc_prob))
    if best_prob < MIN_CONFIDENCE:
        return Guess(doc_lang, float(best_prob))
    return Guess(best, float(best_prob))
