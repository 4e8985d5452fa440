"""Document metadata: title, publication date, outlet and canonical URL.

HTML pages state them in ``<meta>`` tags (Open Graph, Dublin Core, parse.ly),
JSON-LD blocks and ``<time datetime>``; plain text gives at best a headline and a
dateline near the top. Everything here is best effort and returns ``None`` rather
than guess wildly: a wrong publication date misplaces every figure of a document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from resiliparse.parse.html import DocumentNode, HTMLTree

from episignal.bounds import latest_date
from episignal.calendar_names import MONTH_NUMBERS, ORDINAL_SUFFIXES
from episignal.clean.furniture import is_prose, normalise_spaces, word_count
from episignal.lang.english import alternation, english

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_ORDINAL = alternation(ORDINAL_SUFFIXES)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:{_ORDINAL})?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:{_ORDINAL})?,?\s+(\d{{4}})\b", re.I)
# "Published: 12 May 2022": a dateline, however many words it has.
_DATE_PREFIX = re.compile(rf"^(?:{alternation(english('dates')['dateline_prefixes'])})\b", re.I)

# <meta> names and properties that carry the publication date, best first.
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "article.published",
)
_TITLE_KEYS = ("og:title", "twitter:title", "headline", "dc.title")
_SOURCE_KEYS = (
    "og:site_name",
    "application-name",
    "publisher",
    "dc.publisher",
    "dcterms.publisher",
)
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
_LD_HEADLINE = re.compile(r'"headline"\s*:\s*"([^"]{3,300})"')
_LD_PUBLISHER = re.compile(r'"publisher"\s*:\s*\{[^{}]*?"name"\s*:\s*"([^"]{2,100})"')
_LD_WEBSITE = re.compile(r'"@type"\s*:\s*"WebSite"[^{}]*?"name"\s*:\s*"([^"]{2,100})"')
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")


@dataclass(slots=True)
class PageMeta:
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    published_source: str | None = None  # "page" (markup), "dateline"


def parse_date(value: str | None) -> dt.date | None:
    """A plausible calendar date from an ISO timestamp or a written date; else None."""
    if not value:
        return None
    m = _ISO_DATE.search(value)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DAY_MONTH_YEAR.search(value)
    if m:
        return _make_date(int(m.group(3)), MONTH_NUMBERS[m.group(2).lower()], int(m.group(1)))
    m = _MONTH_DAY_YEAR.search(value)
    if m:
        return _make_date(int(m.group(3)), MONTH_NUMBERS[m.group(1).lower()], int(m.group(2)))
    return None


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    # Before the web's news archives or in the future: a misparse, not a publication date.
    if value.year < 1990 or value > latest_date():
        return None
    return value


def find_date_line(text: str, *, max_lines: int = 6) -> dt.date | None:
    """A dateline near the top of a text: "Published: 12 May 2022", "May 12, 2022"."""
    for line in text.splitlines()[: max_lines * 2]:
        line = line.strip()
        if not line:
            continue
        if word_count(line) <= 12 or _DATE_PREFIX.match(line):
            found = parse_date(line)
            if found is not None:
                return found
        max_lines -= 1
        if max_lines <= 0:
            break
    return None


def find_text_date(text: str, *, max_chars: int = 20_000) -> dt.date | None:
    """The latest full date written in the head of a text ("12 May 2022", "2022-05-12").

    A report is published on or after the days it reports on, so the latest of its dates
    is the closest guess at its publication date that the text itself gives.
    """
    head = text[:max_chars]
    found: list[dt.date] = []
    for m in _ISO_DATE.finditer(head):
        found.append(_make_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) or _NONE)
    for m in _DAY_MONTH_YEAR.finditer(head):
        month = MONTH_NUMBERS[m.group(2).lower()]
        found.append(_make_date(int(m.group(3)), month, int(m.group(1))) or _NONE)
    for m in _MONTH_DAY_YEAR.finditer(head):
        month = MONTH_NUMBERS[m.group(1).lower()]
        found.append(_make_date(int(m.group(3)), month, int(m.group(2))) or _NONE)
    latest = max(found, default=_NONE)
    return None if latest is _NONE else latest


_NONE = dt.date.min  # stands for "no date" inside find_text_date's max()


def find_headline(text: str) -> str | None:
    """A plain text's headline: its first line when that line is not a sentence."""
    for line in text.splitlines():
        line = normalise_spaces(line)
        if not line:
            continue
        if 2 <= word_count(line) <= 25 and not is_prose(line) and len(line) <= 200:
            return line
        return None
    return None


def html_metadata(tree: HTMLTree) -> PageMeta:
    """Title, date, outlet and canonical URL stated by a parsed page."""
    doc = tree.document
    if doc is None:
        return PageMeta()
    meta = _meta_tags(doc)
    ld = _json_ld(doc)
    return PageMeta(
        title=_title(doc, tree.title, meta, ld),
        published=_published(doc, meta, ld),
        source=_source(meta, ld),
        url=_canonical(doc, meta),
    )


def _meta_tags(doc: DocumentNode) -> dict[str, str]:
    """``<meta>`` values keyed by lower-case property/name/itemprop; the first wins."""
    out: dict[str, str] = {}
    for node in doc.query_selector_all("meta[content]"):
        content = (node.getattr("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = node.getattr(attr)
            if key:
                out.setdefault(key.strip().lower(), content)
    return out


def _json_ld(doc: DocumentNode) -> str:
    return "\n".join(
        node.text or "" for node in doc.query_selector_all('script[type="application/ld+json"]')
    )


def _title(doc: DocumentNode, page_title: str | None, meta: dict[str, str], ld: str) -> str | None:
    for key in _TITLE_KEYS:
        if meta.get(key):
            return normalise_spaces(meta[key])
    m = _LD_HEADLINE.search(ld)
    if m:
        return normalise_spaces(m.group(1))
    h1 = doc.query_selector("h1")
    if h1 is not None:
        text = normalise_spaces(h1.text or "")
        if 2 <= word_count(text) <= 40:
            return text
    return strip_site_suffix(normalise_spaces(page_title or "")) or None


def strip_site_suffix(title: str) -> str:
    """ "Headline | Site name" -> "Headline" (the longest part is the headline)."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    return max(parts, key=len)


def _published(doc: DocumentNode, meta: dict[str, str], ld: str) -> dt.date | None:
    for key in _DATE_KEYS:
        found = parse_date(meta.get(key))
        if found is not None:
            return found
    m = _LD_DATE.search(ld)
    if m:
        found = parse_date(m.group(1))
        if found is not None:
            return found
    for node in doc.query_selector_all("[itemprop=datePublished], time"):
        found = parse_date(node.getattr("datetime") or node.getattr("content") or node.text)
        if found is not None:
            return found
    return None


def _source(meta: dict[str, str], ld: str) -> str | None:
    for key in _SOURCE_KEYS:
        value = meta.get(key, "")
        if value and not value.startswith("http"):
            return normalise_spaces(value)
    for pattern in (_LD_PUBLISHER, _LD_WEBSITE):
        m = pattern.search(ld)
        if m:
            return normalise_spaces(m.group(1))
    return None


def _canonical(doc: DocumentNode, meta: dict[str, str]) -> str | None:
    link = doc.query_selector('link[rel="canonical"][href]')
    for value in (link.getattr("href") if link is not None else None, meta.get("og:url")):
        if value and value.strip().startswith(("http://", "https://")):
            return value.strip()
    return None
