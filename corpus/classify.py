"""Label each paragraph of a scraped page with a kind.

The rules look only at the shape of the text (length, punctuation, position, runs of
short lines, URLs, counters, photo credits, language) and at short multilingual word
lists, never at a particular site. Nothing is deleted: boilerplate stays in the index,
labelled, so that the cleaning can be checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import find_date

_IMAGE_MARKER = re.compile(
    r"^(?:!\[[^\]]*\]\([^)]*\)\s*\|?\s*)+$"
    r"|^\[(?:image|img|photo|picture|bild|foto|фото|imagen|immagine|image)\b[^\]]*\]\s*\|?$"
    r"|^\[[^\]\s]{1,30}\]\s*\|?$"
    r"|^\|+$",
    re.IGNORECASE,
)
_COUNTER = re.compile(r"^[^\W\d_][\w\s'’.-]{0,40}\(\s*\d+\s*\)\s*[|:]?$")
_SOURCE_LINE = re.compile(r"^\s*([^\W\d_][^:：]{0,30}?)\s*[:：]\s*<?(https?://\S+?)>?\s*$")
_BARE_URL = re.compile(r"^\s*<?(https?://\S+?)>?\s*$")
_PHOTO_CREDIT = re.compile(
    r"(?:^|[\s(|.–—-])(?:foto|fotos|photo|photos|photograph|bild|bilder|ảnh|фото|φωτ\w*|"
    r"imagen|immagine|kuva|zdjęcie|fot|credit|crédit|crédito|gambar|写真|照片|사진)\s*[:：.]\s*\S",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|von|par|por|av|oleh|door|di|af|от|автор|από|napisal|tekst)\s*:?\s+\w",
    re.IGNORECASE,
)
_PROMPT_WORDS = re.compile(
    r"\b(?:share|teilen|partager|partagez|compart\w*|condividi|partilh\w*|deel|delen|kongsi|bagikan|"
    r"udostępnij|sdílet|paylaş|jaa|dela|"
    r"поделиться|κοινοποι\w*|comment\w*|kommentar\w*|komen|commentaire\w*|comentario\w*|"
    r"комментари\w*|σχόλι\w*|subscribe|abonn\w*|newsletter\w*|suscr\w*|cookie\w*|"
    r"log ?in|sign ?up|anmelden|connexion|inscri\w*|registr\w*|tweet|whatsapp|facebook)\b",
    re.IGNORECASE,
)
_RELATED_HEADER = re.compile(
    r"^(?:related|read more|read also|see also|more (?:news|stories|on this)|"
    r"mehr zum thema|lesen sie auch|weitere artikel|à lire aussi|lire aussi|sur le même sujet|"
    r"les også|les mer|relaterte|baca juga|berita berkaitan|читайте также|по теме|"
    r"δείτε επίσης|διαβάστε επίσης|lee también|más noticias|leia também|leggi anche|tags?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…。！？:;]['\"»”’)]*$|[»”\"]$")


@dataclass(frozen=True)
class Labelled:
    kind: str
    source_url: str | None = None


_CJK = re.compile("[\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _words(text: str) -> int:
    """Words, counting two CJK characters as one (those scripts write no spaces)."""
    words = len(text.split())
    return words if text.isascii() else words + len(_CJK.findall(text)) // 2


def _is_short_item(text: str) -> bool:
    """A menu-like item: a few words, no sentence punctuation."""
    return _words(text) <= 4 and len(text) <= 40 and not _SENTENCE_END.search(text)


def _is_long(text: str) -> bool:
    return _words(text) >= 15


def _menu_runs(texts: Sequence[str], min_run: int = 3) -> set[int]:
    """Indices of paragraphs in runs of at least ``min_run`` consecutive menu-like items."""
    found: set[int] = set()
    run: list[int] = []
    for i, text in enumerate([*texts, ""]):
        if text and _is_short_item(text):
            run.append(i)
            continue
        if len(run) >= min_run:
            found.update(run)
        run = []
    return found


def _is_caption(text: str) -> bool:
    if _words(text) > 60:
        return False
    return bool(_PHOTO_CREDIT.search(text)) or text.endswith(" |")


def _is_meta_line(text: str, lang: str) -> bool:
    """A byline, a date line or the two fused (`By Anna Berg12.03.2024`)."""
    if _words(text) > 14 or len(text) > 120:
        return False
    if _words(text) <= 12 and find_date(text, lang) is not None:
        return True
    return bool(_BYLINE.match(text)) and _words(text) <= 6 and not _SENTENCE_END.search(text)


def classify(texts: Sequence[str], langs: Sequence[str], doc_lang: str) -> list[Labelled]:
    """The kind of every paragraph, given its text and language and the document's language."""
    n = len(texts)
    kinds: list[str | None] = [None] * n
    urls: list[str | None] = [None] * n

    # 1. Markers, counters and source lines are recognisable on their own.
    for i, text in enumerate(texts):
        if _IMAGE_MARKER.match(text) or _COUNTER.match(text):
            kinds[i] = "boilerplate"
        elif match := _SOURCE_LINE.match(text) or _BARE_URL.match(text):
            kinds[i] = "meta"
            urls[i] = match.group(match.lastindex or 1)

    # 2. The trailer: what follows the attribution line when it closes the article, or a
    #    "Related"/"Read more" header near the end.
    source_lines = [i for i in range(n) if urls[i]]
    if source_lines and (
        source_lines[-1] >= n // 2
        or not any(_is_long(t) and _SENTENCE_END.search(t) for t in texts[source_lines[-1] + 1 :])
    ):
        for i in range(source_lines[-1] + 1, n):
            kinds[i] = kinds[i] or "boilerplate"
    for i, text in enumerate(texts):
        if i >= n // 2 and _RELATED_HEADER.match(text) and _words(text) <= 6:
            for j in range(i, n):
                if kinds[j] is None and not _is_long(texts[j]):
                    kinds[j] = "boilerplate"
            break

    # Short menu-like lines closing the page (footer links, tracking labels).
    for i in range(n - 1, 0, -1):
        if kinds[i] is None and not _is_short_item(texts[i]):
            break
        kinds[i] = kinds[i] or "boilerplate"

    # 3. Menus, prompts and counters in runs; short lines in another language (untranslated
    #    headers, alt-texts).
    for i in _menu_runs(texts):
        kinds[i] = kinds[i] or "boilerplate"
    for i, text in enumerate(texts):
        if kinds[i]:
            continue
        if _words(text) <= 25 and _PROMPT_WORDS.search(text) and not _is_long(text):
            kinds[i] = "boilerplate"
        elif _is_meta_line(text, doc_lang):
            kinds[i] = "meta"
        elif _is_caption(text):
            kinds[i] = "caption"
        elif langs[i] != doc_lang and _words(text) <= 12:
            kinds[i] = "boilerplate"

    # 4. Captions: the line right after an image marker is a caption; a short non-sentence
    #    line right before a caption (or after a marker) is an alt-text left by the scraper.
    for i, text in enumerate(texts):
        if kinds[i] is not None:
            continue
        after_marker = i > 0 and kinds[i - 1] == "boilerplate" and _IMAGE_MARKER.match(texts[i - 1])
        before_caption = i + 1 < n and kinds[i + 1] == "caption"
        if (after_marker or before_caption) and _is_short_item(text[:40]) and _words(text) <= 8:
            kinds[i] = "boilerplate"
        elif after_marker and _words(text) <= 60:
            kinds[i] = "caption"

    # 5. The title: the last title-like line before the first long paragraph; what comes
    #    before it is the site's header.
    first_long = next(
        (
            i
            for i in range(n)
            if kinds[i] is None and _is_long(texts[i]) and _SENTENCE_END.search(texts[i])
        ),
        n,
    )
    title = None
    for i in range(first_long):
        text = texts[i]
        if kinds[i] is None and _words(text) <= 25 and len(text) <= 200:
            ends = text.rstrip()[-1:]
            if (ends not in ".:;," or text.startswith("#")) and (
                _words(text) >= 3 or len(text) >= 20
            ):
                title = i
    if title is not None:
        kinds[title] = "title"
        for i in range(title):
            kinds[i] = kinds[i] or "boilerplate"
        # The lead: the first long paragraph after the title, with only meta or captions between.
        for i in range(title + 1, n):
            if kinds[i] in ("meta", "caption", "boilerplate"):
                continue
            if kinds[i] is None and _is_long(texts[i]):
                kinds[i] = "lead"
            break

    # 6. Headings: short lines standing alone between longer paragraphs.
    for i, text in enumerate(texts):
        if kinds[i] is not None:
            continue
        short = _words(text) <= 12 and len(text) <= 100
        closes = not _SENTENCE_END.search(text) or _words(text) <= 8
        following = next((j for j in range(i + 1, n) if kinds[j] != "boilerplate"), None)
        if short and closes and following is not None and _is_long(texts[following]):
            kinds[i] = "heading"
        else:
            kinds[i] = "body"

    return [Labelled(kind or "body", url) for kind, url in zip(kinds, urls)]
