"""Find a publication date in a line of text, even fused into other text."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_CJK = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})\.?\s+(?:(?:de|di|del)\s+)?([^\W\d_]{3,}\.?)\s+(?:(?:de|del)\s+)?(\d{4})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,}\.?)\s+(\d{1,2}),?\s+(\d{4})(?!\d)")


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_name_date(text: str, lang: str | None) -> dt.date | None:
    import dateparser  # imported lazily: only lines with a month name need it

    languages = [lang] if lang else None
    try:
        parsed = dateparser.parse(text, languages=languages, settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises on languages it does not know
        parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    return _valid(parsed.year, parsed.month, parsed.day) if parsed else None


def find_date(text: str, lang: str | None = None) -> dt.date | None:
    """The first plausible calendar date in ``text``, or None."""
    if not any(ch.isdigit() for ch in text):
        return None
    for pattern in (_ISO, _CJK):
        if (m := pattern.search(text)) and (date := _valid(int(m[1]), int(m[2]), int(m[3]))):
            return date
    if m := _NUMERIC.search(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if date := _valid(year, month, day) or _valid(year, day, month):
            return date
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for m in pattern.finditer(text):
            if date := _month_name_date(m[0], lang):
                return date
    return None
