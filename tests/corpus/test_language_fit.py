"""``language.fit`` reuses its walk of the text for the probability: the same language and
probability as py3langid's own ``classify``, on texts of many scripts and lengths."""

from __future__ import annotations

from polyglance.corpus.language import _code, _model, fit
from polyglance.corpus.locations import demo_corpus_path


def _texts() -> list[str]:
    out = []
    for path in sorted(demo_corpus_path().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text, *(p for p in text.split("\n\n") if p.strip())]
    out += ["Ab", "ΑΒΓ", "ЖЖЖ жжж", "東京", "12 34", "hello HELLO", "Ünïcödé ßtraße"]
    return out


def test_fit_gives_what_classify_gives() -> None:
    model = _model()
    texts = _texts()
    assert len(texts) > 100
    compared = 0
    for text in texts:
        found = fit(text)
        if found is None:
            continue
        lang, prob = model.classify(text)
        assert found.probability == float(prob), text[:60]
        assert found.lang == _code(lang), text[:60]
        compared += 1
    assert compared > 100
