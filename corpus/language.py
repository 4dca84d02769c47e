"""Language identification with py3langid (its model ships inside the wheel).

py3langid was chosen over lingua and pycld2 for speed with a usable confidence (see
the comparison in bench/langid_compare.py). Two rules make it fit news paragraphs:

* short or low-confidence paragraphs take their document's language, since no model
  is reliable on a few words (and none separates Malay from Indonesian on a line);
* a language that is easily confused with the document's (Bokmål/Nynorsk/Danish,
  Malay/Indonesian, …) also counts as the document's.

A paragraph keeps another language only when the model is sure of it, which is what
flags untranslated headers and alt-texts.

A language outside the model's 97 still gets a code from it, often with a probability
near 1 (a softmax over the languages it knows). :func:`document_language` therefore also
asks whether the text fits the best language at all: how many of its characters the
model has features for (none for a script it never saw), and by how much the best
language beats the typical one per unit of evidence (little, for a language the model
only approximates). A document that fails either test, or whose best guess is not
likely enough, is ``und``.
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

#: A document's best language must be at least this likely ...
DOC_MIN_CONFIDENCE = 0.5
#: ... the model must have features for at least this many per character of the text ...
MIN_FEATURE_DENSITY = 0.15
#: ... and the best language must beat the median language by this much log-likelihood
#: per unit of feature weight (in-model languages measure 1.9-7.7 on 3,000 characters of
#: text; languages the model lacks but approximates by a neighbour 0.8-1.7).
MIN_FIT_MARGIN = 1.75

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


@dataclass(frozen=True)
class Fit:
    """How well the model's best language explains a text (see the module docstring)."""

    lang: str
    probability: float
    feature_density: float  # feature occurrences per character
    margin: float  # best minus median class log-likelihood, per unit of feature weight

    @property
    def in_model(self) -> bool:
        return self.feature_density >= MIN_FEATURE_DENSITY and self.margin >= MIN_FIT_MARGIN


def fit(text: str) -> Fit | None:
    """The model's best language for ``text`` and how well it fits; None without features."""
    import numpy as np

    model = _model()
    try:
        from py3langid.langid import visit_counts

        encoded = model._encode(text)
        visits = visit_counts(model.tk_nextmove, model._rowbase, model.tk_output, encoded)
    except (ImportError, AttributeError):  # another py3langid: judge by probability only
        lang, prob = model.classify(text)
        return Fit(_code(lang), float(prob), 1.0, MIN_FIT_MARGIN)
    if not visits:
        return None
    features = sorted(visits)  # a fixed order: the same sums under any hash seed
    weights = np.log1p(np.array([visits[f] for f in features], dtype=np.float64))
    raw = weights @ model.nb_ptc[np.array(features, dtype=np.intp)] + model.nb_pc
    best = int(raw.argmax())
    total = float(weights.sum()) or 1.0
    lang, prob = _classified(model, visits, len(encoded)) or model.classify(text)
    return Fit(
        lang=_code(lang),
        probability=float(prob),
        feature_density=len(features) / max(1, len(text)),
        margin=float(raw[best] - np.median(raw)) / total,
    )


def _classified(model, visits, n_bytes: int) -> tuple[str, float] | None:
    """What ``model.classify`` gives for a text whose feature visits are known, without
    walking the text a second time: py3langid 0.4's ``_decide`` with normalised
    probabilities (None where the model is not that: the caller then classifies). The
    walk is pure Python, so this halves the cost of ``fit`` (tests/corpus/test_language_fit
    checks the result against ``classify``)."""
    import math

    import numpy as np

    try:
        if not model._norm_probs:
            return None
        scores = model._sparse_score(visits, model.nb_ptc)
        alias_pairs = model._alias_pairs
        floor = model.min_confidence
    except AttributeError:
        return None
    scores *= 1.0 / math.sqrt(n_bytes or 1)
    np.exp(scores - scores.max(), out=scores)
    scores /= scores.sum()
    for i, j in alias_pairs:
        scores[i] += scores[j]
        scores[j] = 0.0
    best = int(scores.argmax())
    conf = float(scores[best])
    if floor is not None and conf < floor:
        return UNDETERMINED, conf
    return model.nb_classes[best], conf


def document_language(text: str) -> Guess:
    """A document's language from a sample of its running text; ``und`` when the model
    does not know it confidently (low probability, or a text the model does not fit)."""
    if not any(ch.isalpha() for ch in text):
        return Guess(UNDETERMINED, 0.0)
    found = fit(text[: SAMPLE_CHARS * 8])
    if found is None or found.probability < DOC_MIN_CONFIDENCE or not found.in_model:
        return Guess(UNDETERMINED, 0.0)
    return Guess(found.lang, found.probability)


def paragraph_language(text: str, doc_lang: str) -> Guess:
    """The language of one paragraph of a document in ``doc_lang``."""
    if not any(ch.isalpha() for ch in text):
        return Guess(doc_lang, 0.0)
    if doc_lang == UNDETERMINED:  # a language outside the model: only a sure other one counts
        found = fit(text[:SAMPLE_CHARS]) if len(text) >= SHORT_CHARS else None
        if found and found.probability >= 0.9 and found.in_model:
            return Guess(found.lang, found.probability)
        return Guess(UNDETERMINED, 0.0)
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
