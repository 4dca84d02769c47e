"""Colouring article text with pygments: the anchors that tie translations together.

A small lexer of our own marks numbers, dates, names, URLs and quotations; the colours
come from any pygments style chosen in config.toml. The result is a list of styled
character spans, on top of which the app lays search hits and the row cursor.
"""

from __future__ import annotations

from functools import lru_cache

from pygments.lexer import RegexLexer
from pygments.styles import get_style_by_name
from pygments.token import Literal, Name, Number, String, Text, Token, _TokenType
from pygments.util import ClassNotFound
from rich.style import Style

#: Token types used, chosen so that common styles give each a distinct colour.
URL = Name.Tag
DATE = Literal.Date
NAME = Name.Class
QUOTE = String
NUMBER = Number


class ArticleLexer(RegexLexer):
    """Numbers, dates, names, URLs and quotations in news text of any language."""

    name = "polyglance article"
    aliases = ["polyglance"]
    flags = 0

    tokens = {
        "root": [
            (r"https?://\S+|www\.\S+", URL),
            (
                r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?",
                DATE,
            ),
            (r"\d+(?:[.,  ]\d{3})*(?:[.,]\d+)?\s?%?", NUMBER),
            (
                r"«[^»\n]{1,300}»|“[^”\n]{1,300}”|„[^“”\n]{1,300}[“”]|\"[^\"\n]{1,300}\"|「[^」\n]{1,300}」",
                QUOTE,
            ),
            (r"(?<![\w])[^\W\d_a-z][\w'’-]*(?:[ -][^\W\d_a-z][\w'’-]*)*", NAME),
            (r"[\w'’-]+", Text),
            (r"\s+", Text),
            (r".", Text),
        ]
    }


_LEXER = ArticleLexer(stripnl=False, ensurenl=False)


def style_exists(name: str) -> bool:
    try:
        get_style_by_name(name)
    except ClassNotFound:
        return False
    return True


@lru_cache(maxsize=16)
def _token_styles(style_name: str) -> dict[_TokenType, Style]:
    try:
        style = get_style_by_name(style_name)
    except ClassNotFound:
        style = get_style_by_name("default")
    styles = {}
    for token in (URL, DATE, NAME, QUOTE, NUMBER):
        spec = style.style_for_token(token)
        styles[token] = Style(
            color=f"#{spec['color']}" if spec["color"] else None,
            bold=spec["bold"] or None,
            italic=spec["italic"] or None,
            underline=spec["underline"] or (token is URL) or None,
        )
    return styles


def anchor_spans(text: str, style_name: str) -> list[tuple[int, int, Style]]:
    """Styled [start, end) spans of the anchors in ``text``."""
    styles = _token_styles(style_name)
    spans = []
    for start, token, value in _LEXER.get_tokens_unprocessed(text):
        if token is NAME and not value[0].isupper():
            continue  # `[^\W\d_a-z]` also lets through non-ASCII lower case
        for kind in (URL, DATE, NAME, QUOTE, NUMBER):
            if token in kind:
                spans.append((start, start + len(value.rstrip()), styles[kind]))
                break
    return spans


__all__ = ["ArticleLexer", "Token", "anchor_spans", "style_exists"]
