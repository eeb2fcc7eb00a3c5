"""The NFC quick check: only cells holding a suspect character are normalised, and none is missed."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from crocus_data.reader.cells import nfc_suspects

# RE2 writes a code point as \x{hex}; Python's re as \Uhhhhhhhh.
SUSPECT = re.compile(re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: f"\\U{int(m.group(1), 16):08x}", nfc_suspects()))


@given(st.text(st.characters(codec="utf-8")))
def test_a_text_without_suspects_is_nfc(text: str) -> None:
    if not SUSPECT.search(text):
        assert unicodedata.is_normalized("NFC", text)


@given(st.text(st.characters(codec="utf-8", categories=("Lu", "Ll", "Mn", "Lo")), min_size=1))
def test_every_non_nfc_text_holds_a_suspect(text: str) -> None:
    if not unicodedata.is_normalized("NFC", text):
        assert SUSPECT.search(text)


def test_decomposed_accents_and_hangul_jamo_are_suspects() -> None:
    assert SUSPECT.search(unicodedata.normalize("NFD", "café"))
    assert SUSPECT.search("\u1100\u1161")  # leading + vowel jamo compose to 가
    assert not SUSPECT.search("Москва, 22 марта: «Крокус»")
