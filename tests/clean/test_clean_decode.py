"""Bytes in any of the encodings news sites still use decode to the right text, never crash."""

from __future__ import annotations

import codecs

import pytest

from episignal.clean.decode import decode_bytes, looks_like_binary, sniff_declared_charset

FRENCH = (
    "La préfecture a confirmé mercredi trois nouveaux cas de rougeole à l'école élémentaire "
    "du quartier, où une campagne de rattrapage vaccinal débutera la semaine prochaine. "
    "Les élèves non vaccinés resteront à la maison pendant dix-huit jours."
)
ENGLISH_CURLY = (
    "The mayor said the “unusual cluster” of fevers was under investigation — and that "
    "the clinic’s staff had been “working around the clock” since Friday. "
    "Officials expect laboratory results early next week."
)
JAPANESE = (
    "厚生労働省は十二日、国内で新たに麻疹の患者が三人確認されたと発表した。"
    "いずれも海外渡航歴があり、保健所が接触者の健康観察を続けている。"
    "同省は予防接種の記録を確認するよう呼びかけている。"
)


def test_str_passes_through() -> None:
    assert decode_bytes("already text") == "already text"


def test_empty_bytes_are_empty_text() -> None:
    assert decode_bytes(b"") == ""


def test_utf8() -> None:
    assert decode_bytes(FRENCH.encode("utf-8")) == FRENCH


def test_utf8_with_bom_drops_the_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8")) == FRENCH


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    data = FRENCH.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_bytes(data) == FRENCH


def test_latin1_without_declaration_is_detected() -> None:
    assert decode_bytes(FRENCH.encode("latin-1")) == FRENCH


def test_cp1252_curly_quotes_are_detected() -> None:
    assert decode_bytes(ENGLISH_CURLY.encode("cp1252")) == ENGLISH_CURLY


def test_shift_jis_is_detected() -> None:
    assert decode_bytes(JAPANESE.encode("shift_jis")) == JAPANESE


def test_declared_meta_charset_wins_over_detection() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{FRENCH}</p></body></html>'
    assert FRENCH in decode_bytes(page.encode("latin-1"))


def test_latin1_label_decodes_as_windows_1252_like_browsers() -> None:
    page = (
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        f"<p>{ENGLISH_CURLY}</p>"
    )
    assert ENGLISH_CURLY in decode_bytes(page.encode("cp1252"))


def test_caller_declared_charset_is_used() -> None:
    assert decode_bytes(JAPANESE.encode("shift_jis"), declared="Shift_JIS") == JAPANESE


def test_wrong_declaration_falls_back_to_what_decodes() -> None:
    page = f'<meta charset="utf-8"><p>{FRENCH}</p>'
    assert FRENCH in decode_bytes(page.encode("latin-1"))


def test_unknown_declared_charset_is_ignored() -> None:
    page = f'<meta charset="x-no-such-charset"><p>{FRENCH}</p>'
    assert FRENCH in decode_bytes(page.encode("utf-8"))


def test_sniff_reads_meta_and_xml_declarations() -> None:
    assert sniff_declared_charset(b'<meta charset="Windows-1251">') == "windows-1251"
    assert sniff_declared_charset(b'<meta content="text/html; charset=gb2312">') == "gb2312"
    assert sniff_declared_charset(b'<?xml version="1.0" encoding="ISO-8859-2"?>') == "iso-8859-2"
    assert sniff_declared_charset(b"<p>no declaration</p>") is None


def test_binary_junk_never_raises_and_is_flagged() -> None:
    junk = bytes(range(256)) * 64
    text = decode_bytes(junk)
    assert isinstance(text, str)
    assert looks_like_binary(text)


def test_prose_is_not_binary() -> None:
    assert not looks_like_binary(FRENCH)
    assert not looks_like_binary(JAPANESE)
    assert not looks_like_binary("")
