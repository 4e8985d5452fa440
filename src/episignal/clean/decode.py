"""Bytes to text: byte-order mark, declared charset, detection, and a last resort.

Readers hand over bytes whenever they cannot know the encoding (files, HTTP bodies,
WARC payloads). Decoding never raises: a wrong guess costs a few odd characters,
a crash would cost the document. Whether the result is usable text is judged by
:func:`looks_like_binary`, which the caller turns into a recorded failure.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Browsers treat these labels as windows-1252, and so do real pages that declare them
# while using curly quotes in the 0x80-0x9f range.
_BROWSER_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# and the XML declaration of XHTML/feeds; only the head of the document is searched.
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_SNIFF_BYTES = 4096
_DETECT_BYTES = 65536  # detection on the first 64 KB is as good and bounded in time


def decode_bytes(data: bytes | str, *, declared: str | None = None) -> str:
    """Decode ``data`` with the best available evidence; never raises.

    Order: byte-order mark, the charset declared by the caller (e.g. an HTTP header),
    the charset declared inside the document, UTF-16 without a BOM (NUL bytes on one
    parity), strict UTF-8, charset detection, and finally UTF-8 with replacement characters.
    """
    if isinstance(data, str):
        return data
    if not data:
        return ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data, codec)
            if text is not None:
                return text
    for label in (declared, sniff_declared_charset(data)):
        if label:
            text = _try_decode(data, _browser_codec(label))
            if text is not None:
                return text
    utf16 = bomless_utf16(data[: _SNIFF_BYTES * 16])
    if utf16 is not None:
        text = _try_decode(data[: len(data) // 2 * 2], utf16)
        if text is not None:
            return text
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text
    detected = _detect(data)
    if detected is not None:
        return detected
    return data.decode("utf-8", errors="replace")


def bomless_utf16(sample: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``sample`` is UTF-16 text without a BOM.

    Such text is full of NUL bytes (every ASCII character has one), all on one byte
    parity, and decodes to printable characters; bytes of any other kind are not all three.
    """
    nuls = sample.count(0)
    if nuls < max(3, 0.01 * len(sample)):  # one stray NUL is junk, not a text encoding
        return None
    odd = sample[1::2].count(0)
    if odd >= 0.95 * nuls:
        encoding = "utf-16-le"  # ASCII characters end in a NUL byte
    elif nuls - odd >= 0.95 * nuls:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = sample[: len(sample) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for ch in text if ch.isprintable() or ch in _TEXT_SPACE)
    return encoding if printable >= 0.95 * len(text) else None


_TEXT_SPACE = frozenset("\t\n\r\f\v")


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its first few KB (HTML meta or XML declaration)."""
    m = _DECLARED.search(data[:_SNIFF_BYTES])
    if m is None:
        return None
    label = m.group(1) or m.group(2)
    return label.decode("ascii", errors="ignore").strip().lower() or None


def looks_like_binary(text: str) -> bool:
    """True when decoded text is mostly control or replacement characters (not prose)."""
    sample = text[:8192]
    if not sample:
        return False
    return len(_NOT_TEXT.findall(sample)) / len(sample) > 0.1


def _browser_codec(label: str) -> str:
    label = label.lower()
    name = _BROWSER_ALIASES.get(label, label)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _try_decode(data: bytes, codec: str) -> str | None:
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess, applied to the whole input."""
    try:
        best = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
    except Exception:  # the detector is third-party code on hostile input: never fatal
        return None
    if best is None or not best.encoding:
        return None
    return data.decode(best.encoding, errors="replace")
