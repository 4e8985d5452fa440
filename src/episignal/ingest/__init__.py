"""Ingestion: every source (file, folder, stdin, URL) becomes a stream of RawItems.

``read_sources`` never raises for bad input: an unreadable, malformed, empty, binary or
oversized input is yielded as a RawItem with ``error`` or ``skip_reason`` set, so the scan
records it and goes on. Items come in input order and lazily (see docs/ingest.md).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO

import httpx

from episignal.document import RawItem
from episignal.ingest.files import guarded, path_items
from episignal.ingest.items import error_item
from episignal.ingest.stdin import stdin_items
from episignal.ingest.web import RETRIES, USER_AGENT, Fetcher, url_items

DEFAULT_MAX_BYTES = 5_000_000


def read_sources(
    sources: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawItem]:
    """One RawItem per document found in ``sources``, in input order, read lazily.

    ``sources`` are file paths, folders (read recursively in sorted order, hidden entries
    skipped), ``-`` for standard input, and http(s) URLs. ``max_bytes`` caps one document.
    """
    return SourceReader(max_bytes=max_bytes).read(sources)


class SourceReader:
    """``read_sources`` with its collaborators injectable (HTTP transport, stdin, sleep)."""

    def __init__(
        self,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        transport: httpx.BaseTransport | None = None,
        stdin: IO[bytes] | None = None,
        retries: int = RETRIES,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self.max_bytes = max_bytes
        self.stdin = stdin
        self.fetcher = Fetcher(transport=transport, retries=retries, sleep=sleep)

    def read(self, sources: Sequence[str]) -> Iterator[RawItem]:
        if isinstance(sources, str):  # a lone path is a sequence of characters: not meant
            sources = [sources]
        try:
            for source in sources:
                yield from guarded(source, self._source_items(source))
        finally:
            self.fetcher.close()

    def _source_items(self, source: str) -> Iterator[RawItem]:
        if source == "-":
            stream = self.stdin if self.stdin is not None else sys.stdin.buffer
            return stdin_items(stream, max_bytes=self.max_bytes)
        scheme = source.split("://", 1)[0].lower() if "://" in source else ""
        if scheme in ("http", "https"):
            return url_items(self.fetcher, source, max_bytes=self.max_bytes)
        if scheme:
            return iter([error_item(source, source, f"unsupported URL scheme: {scheme}")])
        return path_items(source, max_bytes=self.max_bytes)


__all__ = ["DEFAULT_MAX_BYTES", "USER_AGENT", "SourceReader", "read_sources"]
