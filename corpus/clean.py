"""From decoded text to a cleaned :class:`Document`: paragraphs, languages, kinds, metadata."""

from __future__ import annotations

from .anchors import anchors
from .classify import classify
from .dates import find_date
from .language import document_language, paragraph_language
from .paragraphs import split_paragraphs
from .records import Document, Paragraph, ParagraphKind

#: Paragraphs in which the publication date is looked for, in this order of kinds.
_DATE_KINDS: tuple[ParagraphKind, ...] = (
    "meta",
    "title",
    "lead",
    "caption",
    "heading",
    "body",
    "boilerplate",
)


#: Characters of running text enough to tell a document's language.
_LANGUAGE_SAMPLE_CHARS = 3000


def _document_language(texts: list[str]) -> tuple[str, float]:
    # The longer paragraphs carry the language; short menu lines are mostly noise.
    sample, size = [], 0
    for text in (t for t in texts if len(t.split()) >= 8):
        if size >= _LANGUAGE_SAMPLE_CHARS:
            break
        sample.append(text)
        size += len(text)
    long_text = "\n".join(sample) or "\n".join(texts)[:_LANGUAGE_SAMPLE_CHARS]
    guess = document_language(long_text[:_LANGUAGE_SAMPLE_CHARS])
    return guess.lang, guess.confidence


def clean_document(path: str, text: str, encoding: str) -> Document:
    """Split, identify and label ``text`` (already decoded and normalised)."""
    raw = split_paragraphs(text)
    texts = [p.text for p in raw]
    doc_lang, doc_conf = _document_language(texts)
    guesses = [paragraph_language(t, doc_lang) for t in texts]
    labels = classify(texts, [g.lang for g in guesses], doc_lang)
    paragraphs = [
        Paragraph(
            i=i,
            kind=label.kind,
            lang=guess.lang,
            text=r.text,
            start=r.start,
            end=r.end,
            lang_confidence=guess.confidence,
        )
        for i, (r, guess, label) in enumerate(zip(raw, guesses, labels))
    ]
    title = next((p.text.lstrip("# ").strip() for p in paragraphs if p.kind == "title"), None)
    source_url = next((label.source_url for label in labels if label.source_url), None)
    return Document(
        path=path,
        encoding=encoding,
        lang=doc_lang,
        lang_confidence=doc_conf,
        title=title,
        source_url=source_url,
        date=_publication_date(paragraphs, doc_lang),
        paragraphs=paragraphs,
        anchors=frozenset(anchors(p.text for p in paragraphs if p.is_content)),
    )


def _publication_date(paragraphs: list[Paragraph], lang: str) -> str | None:
    head = paragraphs[:12]
    for kind in _DATE_KINDS[:2]:
        for p in head:
            if p.kind == kind and (date := find_date(p.text, lang)):
                return date.isoformat()
    for p in paragraphs:
        if p.kind == "meta" and (date := find_date(p.text, lang)):
            return date.isoformat()
    return None
