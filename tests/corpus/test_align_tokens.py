"""``tokens.fold`` gives what its formula gives (NFC, transliteration, lower case, only
ASCII letters and digits kept), also on the ASCII tokens it takes a shorter way for."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii
from hypothesis import given
from hypothesis import strategies as st

from polyglance.corpus.align.tokens import fold


def _formula(token: str) -> str:
    return re.sub(r"[^0-9a-z]", "", anyascii(unicodedata.normalize("NFC", token)).lower())


@given(st.text(max_size=12))
def test_fold_is_its_formula(token: str) -> None:
    assert fold.__wrapped__(token) == _formula(token)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_fold_of_ascii_is_its_formula(token: str) -> None:
    assert fold.__wrapped__(token) == _formula(token)
