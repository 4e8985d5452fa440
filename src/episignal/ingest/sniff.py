"""Content sniffing: what a byte string is (feed, HTML, WARC, JSONL) and whether it is text."""

from __future__ import annotations

import codecs
import re
import zlib
from typing import Literal

from episignal.clean.decode import bomless_utf16

Kind = Literal["text", "html", "json", "jsonl", "feed", "warc"]

HEAD_BYTES = 4096  # how much of a file is read to sniff it
BINARY_SAMPLE = 65536  # how much of a document is checked for binary content

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Prolog of an XML document: declaration, processing instructions, comments, doctype.
# One whitespace character per repetition: "(?:\s+)*" backtracks exponentially on a long
# run of whitespace that is not followed by markup (found by fuzzing: a minute for 70 bytes).
_PROLOG = rb"(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*"
_FEED_ROOT = re.compile(rb"\A" + _PROLOG + rb"<(?:rss|feed|(?:rdf:)?RDF)[\s>/]", re.S | re.I)
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>/]", re.I)
_HTML_START = re.compile(rb"\A" + _PROLOG + rb"<[a-z!]", re.S | re.I)
_XML_START = re.compile(rb"\A\s*<\?xml\b", re.I)

# Bytes that never occur in text in any common encoding (tab, LF, VT, FF, CR, ESC allowed).
_CONTROL = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
CONTROL_SHARE = 0.05  # more than this share of control bytes: not text


def ascii_head(data: bytes) -> bytes:
    """The first bytes of ``data`` as ASCII-compatible bytes (UTF-16/32 with a BOM re-encoded)."""
    head = data[:HEAD_BYTES]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            if encoding == "utf-8-sig":
                return head[len(bom) :]
            return head.decode(encoding, "ignore").encode("utf-8", "ignore")
    return head


def is_feed(data: bytes) -> bool:
    """True when the document's root element is RSS, Atom or RDF (RSS 1.0)."""
    return _FEED_ROOT.match(ascii_head(data)) is not None


def is_xml(data: bytes) -> bool:
    return _XML_START.match(ascii_head(data)) is not None


def is_html(data: bytes) -> bool:
    """True when the head of ``data`` starts with markup and carries an html/head/body tag."""
    head = ascii_head(data)
    return _HTML_START.match(head) is not None and _HTML_TAG.search(head) is not None


def is_warc(data: bytes) -> bool:
    """True for a WARC file, plain or gzip-compressed (record by record, as WARC.gz is)."""
    if data.startswith(b"WARC/"):
        return True
    if not data.startswith(b"\x1f\x8b"):
        return False
    try:
        inflated = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data[:HEAD_BYTES], 16)
    except zlib.error:
        return False
    return inflated.startswith(b"WARC/")


def sniff(data: bytes) -> Kind | None:
    """The kind of a document judged from its first bytes, or None when unknown."""
    if is_warc(data):
        return "warc"
    if is_feed(data):
        return "feed"
    if is_html(data):
        return "html"
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text (NUL bytes, control characters), or None when it may be text.

    Text in UTF-16/32 is full of NUL bytes yet is text: a BOM marks it, and so, without
    a BOM, do NULs that all fall on one byte parity in bytes that decode as UTF-16 into
    printable text (any text with ASCII spaces, digits or punctuation has such NULs).
    """
    sample = data[:BINARY_SAMPLE]
    if not sample or any(sample.startswith(bom) for bom, _ in _BOMS):
        return None
    nuls = sample.count(0)
    if nuls:
        if bomless_utf16(sample) is not None:
            return None
        return f"binary content: {nuls} NUL bytes in the first {len(sample)} bytes"
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > CONTROL_SHARE * len(sample):
        share = 100 * controls / len(sample)
        return f"binary content: {share:.0f}% control characters"
    return None
