"""Web pages (.html, .htm, as wget or a browser's "save page" leaves them): main text and metadata.

The extractor is trafilatura: of those compared on pages of several site shapes and
languages (tests/fixtures/html; see bench/html_extractors.py), it alone gives the title,
date and canonical URL with the text, keeps headings apart, and needs no word list per
language (jusText has none for Japanese or Chinese, and keeps headlines as boilerplate
when they are short). What it removes (menus, share boxes, comments, related links) is
gone; what it keeps is labelled with the kinds of text files (title, lead, heading, body).

The page's text is laid out as paragraphs separated by blank lines and cleaned like any
text file: offsets of an HTML document's paragraphs are in that extracted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .decode import Unreadable
from .records import Document, ParagraphKind

HTML_SUFFIXES = (".html", ".htm")

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Block:
    kind: ParagraphKind  # title, heading or body
    text: str


@dataclass(frozen=True)
class Page:
    """What the extractor found in a page."""

    blocks: list[Block]
    title: str | None
    date: str | None  # ISO 8601 (YYYY-MM-DD)
    url: str | None  # canonical URL
    lang: str | None  # declared in <html lang>, ISO 639 as written (lower case)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


def is_html(path: str) -> bool:
    return path.lower().endswith(HTML_SUFFIXES)


def declared_language(html: str) -> str | None:
    """The primary language subtag of ``<html lang="...">``, lower case, or None."""
    match = _HTML_LANG.search(html[:20_000])
    return match.group(1).lower() if match else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def extract(html: str) -> Page:
    """Main text and metadata of the page ``html`` (already decoded)."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        html,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    lang = declared_language(html)
    if not xml:
        return Page([], None, None, None, lang)
    root = etree.fromstring(xml.encode("utf-8"))
    title = _one_line(root.get("title") or "") or None
    date = root.get("date") if _DATE.match(root.get("date") or "") else None
    url = root.get("url") if (root.get("url") or "").startswith(("http://", "https://")) else None
    blocks: list[Block] = []
    if title:
        blocks.append(Block("title", title))
    main = root.find("main")
    for element in main.iter() if main is not None else ():
        tag = element.tag
        if tag == "head":
            text = _one_line("".join(element.itertext()))
            if text and not (title and text == title):
                blocks.append(Block("heading", text))
        elif tag in ("p", "item", "quote", "row"):
            if (
                tag == "p"
                and element.getparent() is not None
                and element.getparent().tag == "quote"
            ):
                continue  # the quote as a whole
            sep = " | " if tag == "row" else ""
            text = _one_line(
                sep.join(element.itertext()) if tag == "row" else "".join(element.itertext())
            )
            if text:
                blocks.append(Block("body", text))
    return Page(blocks, title, date, url, lang)


def apply_page(document: Document, page: Page) -> None:
    """Give a cleaned page's document the extractor's metadata and paragraph kinds.

    The document's language stays the one its text was identified as, unless the page
    declares a language and the text agrees with it (the model finds nothing clearly
    better): then the declared code is used, for the document and its paragraphs in it.
    """
    from .language import paragraph_language

    document.declared_lang = page.lang
    if page.title:
        document.title = page.title
    if page.date:
        document.date = page.date
    if page.url:
        document.source_url = page.url
    if page.lang and page.lang != document.lang:
        sample = " ".join(p.text for p in document.content)[:3000]
        if sample and paragraph_language(sample, page.lang).lang == page.lang:
            old = document.lang
            document.lang = page.lang
            for p in document.paragraphs:
                if p.lang == old:
                    p.lang = page.lang
    if len(document.paragraphs) == len(page.blocks):
        for p, block in zip(document.paragraphs, page.blocks):
            if block.kind in ("title", "heading"):
                p.kind = block.kind
            elif p.kind not in ("lead", "body", "caption"):
                p.kind = "body"  # the extractor kept it as text: it is content


def read_page(path: str, text: str) -> tuple[str, Page | None]:
    """For an HTML file, its extracted text and page; any other text as it is."""
    if not is_html(path):
        return text, None
    page = extract(text)
    if not page.blocks:
        raise Unreadable("web page without main text (the extractor found none)")
    return page.text, page
