"""Sitemaps (sitemaps.org) and news sitemaps (Google News extension): the URLs they list.

A sitemap index lists further sitemaps; a gzip-compressed sitemap (``sitemap.xml.gz``
served as a file) is decompressed with a cap. Documents with a DOCTYPE or entities are
refused: sitemaps never need them, XML bombs always do.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from datetime import date

from episignal.ingest.items import parse_date

MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit, uncompressed
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class SitemapError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    loc: str
    lastmod: str | None = None
    title: str | None = None  # news:title
    published: date | None = None  # news:publication_date, else lastmod


@dataclass(frozen=True, slots=True)
class Sitemap:
    urls: tuple[SitemapUrl, ...] = ()
    sitemaps: tuple[str, ...] = ()  # child sitemaps of an index


def parse_sitemap(data: bytes) -> Sitemap:
    data = _gunzip(data)
    if _DOCTYPE.search(data[:65536]):
        raise SitemapError("a DOCTYPE or entity declaration is refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SitemapError(str(exc)) from None
    kind = _local(root.tag)
    if kind == "sitemapindex":
        return Sitemap(sitemaps=tuple(_texts(root, "sitemap", "loc")))
    if kind != "urlset":
        raise SitemapError(f"expected <urlset> or <sitemapindex>, found <{kind}>")
    return Sitemap(urls=tuple(u for u in map(_url, _children(root, "url")) if u is not None))


def _gunzip(data: bytes) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    z = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = z.decompress(data, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise SitemapError(f"corrupt gzip: {exc}") from None
    if len(out) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"larger than {MAX_SITEMAP_BYTES} bytes uncompressed")
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in node if _local(child.tag) == name]


def _text(node: ET.Element, name: str) -> str | None:
    for child in node.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _texts(root: ET.Element, parent: str, name: str) -> list[str]:
    return [t for t in (_text(p, name) for p in _children(root, parent)) if t]


def _url(node: ET.Element) -> SitemapUrl | None:
    loc = next((c.text.strip() for c in _children(node, "loc") if c.text), None)
    if not loc:
        return None
    lastmod = _text(node, "lastmod")
    published = parse_date(_text(node, "publication_date"), warn=False)
    return SitemapUrl(
        loc=loc,
        lastmod=lastmod,
        title=_text(node, "title"),
        published=published or parse_date(lastmod, warn=False),
    )
