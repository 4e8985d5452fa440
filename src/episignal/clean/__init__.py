"""Cleaning: a :class:`RawItem` as read becomes a :class:`Document` with clean text.

Steps: decode bytes (never crashes), extract the main text of HTML pages, drop site
furniture, normalise whitespace (paragraph breaks kept, so every line is a sentence
boundary), fill in the metadata the reader did not know (title, publication date,
outlet, canonical URL), detect the language and compute the exact-duplicate hash.
A document with nothing usable left raises :class:`DocumentError`, which the scan
records as a failure of that document alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from episignal.bounds import today_utc, without_surrogates
from episignal.clean.decode import decode_bytes, looks_like_binary
from episignal.clean.dedup import content_hash
from episignal.clean.furniture import find_source_stub, remove_furniture
from episignal.clean.html import extract_html
from episignal.clean.lang import detect_language
from episignal.clean.metadata import PageMeta, find_date_line, find_headline, find_text_date
from episignal.document import Document, RawItem
from episignal.errors import DocumentError

log = logging.getLogger(__name__)

MIN_LETTERS = 20  # a document needs at least a sentence's worth of letters
# Control characters other than line breaks and tabs, soft hyphens, BOMs, bidi marks.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\xad\ufeff\u200e\u200f]")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_item(item: RawItem, *, today: dt.date | None = None) -> Document:
    """Decode, extract, de-furnish and describe one item; DocumentError if nothing remains.

    Every document leaves dated (see :func:`publication_date`); ``today`` is the date of
    ingestion, the last resort (default: today, UTC).
    """
    if item.error:
        raise DocumentError(f"{item.origin}: unreadable: {item.error}")
    try:
        return _clean(item, today or today_utc())
    except DocumentError:
        raise
    except Exception as e:  # a bug or a parser crash on one page must not stop a scan
        log.exception("cleaning failed for %s", item.origin)
        raise DocumentError(
            f"{item.origin}: cleaning failed: {type(e).__name__}: {e}",
            hint="report this document as a bug",
        ) from e


def _clean(item: RawItem, today: dt.date) -> Document:
    raw = without_surrogates(decode_bytes(item.content))
    if looks_like_binary(raw):
        raise DocumentError(
            f"{item.origin}: binary data, not text", hint="only text, HTML and feeds are read"
        )
    if _INVISIBLE.search(raw):
        raw = _INVISIBLE.sub("", raw)
    meta = PageMeta()
    if item.format == "html":
        page = extract_html(raw, title=item.title)
        text, meta = page.text, page.meta
    else:
        text = remove_furniture(_MARKDOWN_HEADING.sub("", raw), title=item.title)
    text = _MANY_BLANK_LINES.sub("\n\n", text).strip()
    if not _has_letters(text[:100_000], MIN_LETTERS):
        raise DocumentError(
            f"{item.origin}: no article text left after cleaning",
            hint="the page holds no prose (empty, a menu, or only site furniture)",
        )
    published, published_source = publication_date(item, meta, text, today)
    return Document(
        id=item.id,
        text=text,
        origin=item.origin,
        title=item.title or meta.title or find_headline(text),
        url=item.url or meta.url,
        source=item.source or meta.source or find_source_stub(raw),
        published=published,
        language=detect_language(text),
        content_hash=content_hash(text),
        published_source=published_source,
        notes=item.notes,
    )


def publication_date(
    item: RawItem, meta: PageMeta, text: str, today: dt.date
) -> tuple[dt.date, str]:
    """The document's date and where it came from, first found of: the source's metadata
    (a record's or feed's date, HTTP Last-Modified: ``item.published_source``), the page's
    markup ("page"), a dateline ("dateline"), the latest full date in the text ("text"),
    when the copy was made (WARC-Date "warc", the file's modification time "file"), and
    the day of ingestion ("ingested"). An undated document would give no event."""
    if item.published is not None:
        return item.published, item.published_source or "source"
    if meta.published is not None:
        return meta.published, meta.published_source or "page"
    for found, source in ((find_date_line, "dateline"), (find_text_date, "text")):
        day = found(text)
        if day is not None:
            return day, source
    if item.captured is not None:
        return item.captured, item.captured_source or "copy"
    return today, "ingested"


def _has_letters(text: str, needed: int) -> bool:
    """At least ``needed`` letters (stops counting as soon as there are enough)."""
    for ch in text:
        if ch.isalpha():
            needed -= 1
            if needed <= 0:
                return True
    return False


__all__ = ["clean_item"]
