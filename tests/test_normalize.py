"""storyline.text.normalize, which every article passes through."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.text import normalize


def _normalize_reference(text: str) -> str:
    """normalize() written the plain way: every step on every text."""
    import re
    import unicodedata

    from storyline.text import _TRANSLATE

    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r" ?\n ?", "\n", re.sub(r"[ \t\f\v]+", " ", text)).strip(" ")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\f\v\r\n\u00a0\u2009\u200bab\u2019\u201c\u2014\u2026e\u0301.", max_size=40))
def test_normalize_matches_the_plain_definition(text: str) -> None:
    assert normalize(text) == _normalize_reference(text)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="ae\u0301\u0308\u200b\u200d\ufeff\u2000\u2001\u2019\u2014\u1100\u1161\u212b\u00c5\u00e9", max_size=12))
def test_nfc_comes_before_folding_when_other_characters_are_left(text: str) -> None:
    """Folding first is the same only for a text of ASCII and folded characters; with others left (a
    combining mark after a zero-width space, an en quad whose NFC is an en space) NFC goes first."""
    assert normalize(text) == _normalize_reference(text)
