"""One poll of one source, and one article fetch: what runs in the watcher's fetch threads.

A poll lists the source's entries (feed items, sitemap URLs, the page itself, files);
the watcher then keeps those it has not processed yet. Nothing here touches the database,
and nothing here raises: every failure comes back as a result with its reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from episignal.document import RawItem
from episignal.ingest.feeds import feed_items
from episignal.ingest.formats import single_document
from episignal.ingest.items import host_of, skip_item
from episignal.ingest.web import Fetched, kind_of
from episignal.store.watch_sources import SourceRow
from episignal.watch.fetch import FetchFailure, Interrupted, SafeFetcher, Validators
from episignal.watch.settings import FetchSettings, WatchSettings
from episignal.watch.sitemaps import SitemapError, parse_sitemap

log = logging.getLogger(__name__)

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
MAX_CHILD_SITEMAPS = 20
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a source lists. ``key`` identifies it within the source for good."""

    key: str
    document_id: str | None = None  # None for files: their readers name their documents
    url: str | None = None  # the article to fetch, when there is one
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    item: RawItem | None = None  # the content already in hand (feed text, the page)
    path: str | None = None  # a file to read (folder and warc-dir sources)


@dataclass(frozen=True, slots=True)
class PollResult:
    source: SourceRow
    ok: bool
    status: str  # "ok", "not modified", or the failure's reason
    entries: tuple[Entry, ...] = ()
    validators: Validators = field(default_factory=Validators)
    retry_after: float | None = None
    notes: tuple[str, ...] = ()  # problems that did not fail the poll
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ArticleResult:
    source: SourceRow
    entry: Entry
    item: RawItem | None
    error: str | None = None
    transient: bool = False


def poll_source(
    source: SourceRow, fetcher: SafeFetcher, settings: WatchSettings, now: float
) -> PollResult:
    """Poll ``source`` once; a failure is a result, never an exception."""
    started = time.monotonic()
    try:
        result = _poll(source, fetcher, settings, now)
    except FetchFailure as exc:
        result = PollResult(source, False, exc.reason, retry_after=exc.retry_after)
    except Exception as exc:  # a bug must cost one poll, not the watcher
        log.exception("polling %s failed", source.url)
        result = PollResult(source, False, f"internal error: {type(exc).__name__}: {exc}")
    return dataclasses.replace(result, seconds=time.monotonic() - started)


def _poll(
    source: SourceRow, fetcher: SafeFetcher, settings: WatchSettings, now: float
) -> PollResult:
    if source.kind == "folder":
        return _folder(source, settings, now, suffixes=None)
    if source.kind == "warc-dir":
        return _folder(source, settings, now, suffixes=WARC_SUFFIXES)
    validators = Validators(source.etag, source.last_modified)
    limits = fetcher.settings
    response = fetcher.get(
        source.url,
        allow_private=source.allow_private,
        max_bytes=limits.feed_max_bytes if source.kind != "page" else limits.max_bytes,
        validators=validators,
        accept=FEED_ACCEPT if source.kind == "feed" else None,
    )
    new_validators = Validators(response.etag, response.last_modified)
    if response.not_modified:
        return PollResult(source, True, "not modified", validators=new_validators)
    if source.kind == "feed":
        return _feed(source, response.body, limits, new_validators)
    if source.kind == "sitemap":
        return _sitemap(source, fetcher, response.body, new_validators)
    return _page(source, Fetched(response.url, response.mime, response.body), new_validators)


# --------------------------------------------------------------------------- feeds


def _feed(
    source: SourceRow, body: bytes, limits: FetchSettings, validators: Validators
) -> PollResult:
    entries, notes = [], []
    for item in feed_items(body, source.url, max_bytes=limits.max_bytes, site=host_of(source.url)):
        if item.origin == source.url:  # the feed's own problem, not an entry's
            notes.append(item.error or item.skip_reason or "feed problem")
        else:
            entries.append(feed_entry(source, item))
    if not entries and notes and not notes[0].startswith("feed has no entries"):
        return PollResult(source, False, notes[0], validators=validators)
    return PollResult(source, True, "ok", tuple(entries), validators, notes=tuple(notes))


def feed_entry(source: SourceRow, item: RawItem) -> Entry:
    """An entry keyed by its id or link; one with neither by a hash of what it says."""
    key = item.id if item.id != item.origin else _content_key(item)
    document_id = item.url or f"{source.url}#{key}"
    return Entry(
        key=key,
        document_id=document_id,
        url=item.url,
        title=item.title,
        published=item.published,
        outlet=item.source,
        item=dataclasses.replace(item, id=document_id, origin=item.url or item.origin),
    )


def _content_key(item: RawItem) -> str:
    raw = f"{item.title}|{item.published}|".encode() + (
        item.content if isinstance(item.content, bytes) else item.content.encode("utf-8", "replace")
    )
    return "sha1:" + hashlib.sha1(raw, usedforsecurity=False).hexdigest()


# --------------------------------------------------------------------------- sitemaps


def _sitemap(
    source: SourceRow, fetcher: SafeFetcher, body: bytes, validators: Validators
) -> PollResult:
    try:
        parsed = parse_sitemap(body)
    except SitemapError as exc:
        return PollResult(source, False, f"malformed sitemap: {exc}", validators=validators)
    urls, notes = list(parsed.urls), []
    for child in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
        try:
            response = fetcher.get(child, allow_private=source.allow_private)
            urls.extend(parse_sitemap(response.body).urls)
        except (FetchFailure, SitemapError) as exc:
            if isinstance(exc, Interrupted):
                raise
            notes.append(f"{child}: {exc}")
    entries = tuple(
        Entry(
            key=f"{u.loc}#{u.lastmod}" if u.lastmod else u.loc,
            document_id=u.loc,
            url=u.loc,
            title=u.title,
            published=u.published,
            outlet=source.name,
        )
        for u in urls
    )
    return PollResult(source, True, "ok", entries, validators, notes=tuple(notes))


# --------------------------------------------------------------------------- pages


def _page(source: SourceRow, fetched: Fetched, validators: Validators) -> PollResult:
    """The page is one document; each distinct version of it is an entry."""
    digest = hashlib.sha1(fetched.body, usedforsecurity=False).hexdigest()
    item = article_item(source.url, fetched, title=None, published=None, outlet=source.name)
    entry = Entry(key=f"sha1:{digest}", document_id=source.url, url=None, item=item)
    return PollResult(source, True, "ok", (entry,), validators)


def article_item(
    document_id: str,
    fetched: Fetched,
    *,
    title: str | None,
    published: date | None,
    outlet: str | None,
) -> RawItem:
    """A fetched article as a RawItem: HTML or text; anything else is skipped with why."""
    kind = kind_of(fetched)
    site = host_of(fetched.url)
    if kind not in ("html", "text"):
        what = kind or fetched.mime or "unknown content"
        return skip_item(document_id, fetched.url, f"not an article: {what}", url=fetched.url)
    item = single_document(
        fetched.body, kind, document_id, max_bytes=len(fetched.body) + 1, url=fetched.url, site=site
    )
    return dataclasses.replace(
        item,
        origin=fetched.url,
        title=title or item.title,
        published=published or item.published,
        source=outlet or item.source,
    )


def fetch_article(source: SourceRow, entry: Entry, fetcher: SafeFetcher) -> ArticleResult:
    """Fetch the article ``entry`` points to; a failure is a result with its reason."""
    assert entry.url is not None and entry.document_id is not None
    try:
        response = fetcher.get(entry.url, allow_private=source.allow_private)
    except FetchFailure as exc:
        return ArticleResult(source, entry, None, exc.reason, exc.transient)
    except Exception as exc:
        log.exception("fetching %s failed", entry.url)
        return ArticleResult(source, entry, None, f"internal error: {type(exc).__name__}: {exc}")
    fetched = Fetched(response.url, response.mime, response.body)
    item = article_item(
        entry.document_id,
        fetched,
        title=entry.title,
        published=entry.published,
        outlet=entry.outlet,
    )
    return ArticleResult(source, entry, item)


# --------------------------------------------------------------------------- folders


def _folder(
    source: SourceRow, settings: WatchSettings, now: float, suffixes: tuple[str, ...] | None
) -> PollResult:
    root = Path(source.url)
    if not root.is_dir():
        return PollResult(source, False, f"not a folder: {root}")
    entries = tuple(
        Entry(key=key, path=path) for key, path in _files(root, suffixes, now - settings.settle_s)
    )
    return PollResult(source, True, "ok", entries)


def _files(
    root: Path, suffixes: tuple[str, ...] | None, settled_before: float
) -> Iterator[tuple[str, str]]:
    """(key, path) of the visible files under ``root`` no longer being written, sorted.
    The key changes when a file does (size or modification time)."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or (suffixes and not name.lower().endswith(suffixes)):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue  # vanished between the listing and now
            if info.st_mtime > settled_before:
                continue  # still being written, perhaps: next poll
            # A name that is not UTF-8 keeps its bytes, escaped, in the key.
            rel = os.fsencode(os.path.relpath(path, root)).decode("utf-8", "backslashreplace")
            yield f"{rel}|{info.st_size}|{info.st_mtime_ns}", path
