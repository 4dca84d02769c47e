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
from .records import ParagraphKind

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
#: Prompt words that mark a line as site furniture even inside a full sentence (a cookie
#: banner, a newsletter box); the others (share, comment, tweet...) are common in news.
_STRONG_PROMPT_WORDS = re.compile(
    r"\b(?:cookie\w*|newsletter\w*|subscribe|abonnieren|abonnez|suscr[íi]bete|log ?in|sign ?up|"
    r"anmelden|connexion|inscrivez)\b",
    re.IGNORECASE,
)
#: What separates a site's name from its slogan or section in a page header.
_HEADER_SEPARATOR = re.compile(r"\s[|–—·•›»:-]\s|\s\|")
#: What separates the steps of a breadcrumb trail (Home › News › Region).
_CRUMB_SEPARATOR = re.compile(r"\s[|›»>/]\s")
_RELATED_HEADER = re.compile(
    r"^(?:related|read more|read also|see also|more (?:news|stories|on this)|"
    r"mehr zum thema|lesen sie auch|weitere artikel|à lire aussi|lire aussi|sur le même sujet|"
    r"les også|les mer|relaterte|baca juga|berita berkaitan|читайте также|по теме|"
    r"δείτε επίσης|διαβάστε επίσης|lee también|más noticias|leia também|leggi anche|tags?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…。！？:;]['\"»”’)]*$|[»”\"]$")


#: Longest opening sentence taken as the title of a text that has no headline.
_MAX_OPENING_TITLE_WORDS = 60


@dataclass(frozen=True)
class Labelled:
    kind: ParagraphKind
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


def _is_sentence(text: str) -> bool:
    """A full sentence: eight words or more, closed by sentence punctuation."""
    return _words(text) >= 8 and bool(_SENTENCE_END.search(text))


def _is_prompt(text: str) -> bool:
    """A share/comment/subscribe prompt or a cookie banner. Past six words, or in a full
    sentence, only the strong prompt words count: headlines and sentences of news speak of
    shares, comments and tweets."""
    if _words(text) > 25 or (_is_long(text) and not _STRONG_PROMPT_WORDS.search(text)):
        return False
    if _is_sentence(text) or _words(text) > 6:
        return bool(_STRONG_PROMPT_WORDS.search(text))
    return bool(_PROMPT_WORDS.search(text))


_TOKEN = re.compile(r"[^\W\d_]{4,}")


def _stems(text: str) -> set[str]:
    """The first five letters of the longer words: enough to match inflected forms."""
    return {w.lower()[:5] for w in _TOKEN.findall(text)}


def _topical_share(text: str, body_stems: set[str]) -> float:
    """Share of the longer words of ``text`` whose stem occurs in the article's text."""
    stems = _stems(text)
    return sum(1 for s in stems if s in body_stems) / len(stems) if stems else 0.0


def _is_header_like(text: str, lang: str, doc_lang: str, body_stems: set[str]) -> bool:
    """A line of the site's header rather than a headline: the site's name (a few words,
    often in capitals), a line in another language, or name and slogan around a separator
    with words that the article does not use, or a breadcrumb trail. A question or an exclamation is a headline."""
    if text.rstrip()[-1:] in "?!？！":
        return False
    if _words(text) <= 3 or lang != doc_lang:
        return True
    if _CJK.search(text) and len(text) <= 12:  # a name in a script written without spaces
        return True
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and _words(text) <= 6:
        return True
    if len(_CRUMB_SEPARATOR.findall(text)) >= 2:
        return True
    parts = [p for p in _HEADER_SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2:
        return False
    if _topical_share(text, body_stems) < 0.5:
        return True
    return any(_is_name_like(part, body_stems) for part in (parts[0], parts[-1]))


def _is_name_like(part: str, body_stems: set[str]) -> bool:
    """A site's name beside its slogan: one word, or a few in capitals or not in the text."""
    words = part.split()
    if len(words) == 1:
        return True
    if len(words) > 3:
        return False
    letters = [c for c in part if c.isalpha()]
    return all(c.isupper() for c in letters) or _topical_share(part, body_stems) < 0.5


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
    kinds: list[ParagraphKind | None] = [None] * n
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
        if _is_prompt(text):
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
    candidates = []
    for i in range(first_long):
        text = texts[i]
        if kinds[i] is None and _words(text) <= 25 and len(text) <= 200:
            ends = text.rstrip()[-1:]
            if (ends not in ".:;," or text.startswith("#")) and (
                _words(text) >= 3 or len(text) >= 20
            ):
                candidates.append(i)
    # The first headline-like candidate: lines after it before the text (standfirst bullets,
    # a subtitle) are content. Failing one, the last candidate, after the site's header.
    body_stems = _stems(" ".join(texts[first_long:]))
    title = next(
        (i for i in candidates if not _is_header_like(texts[i], langs[i], doc_lang, body_stems)),
        candidates[-1] if candidates else None,
    )
    if title is None and n and kinds[0] is None and _words(texts[0]) <= _MAX_OPENING_TITLE_WORDS:
        title = 0  # no headline before the text: its opening sentence stands for one
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
