"""Standard input -> RawItems: JSONL when every non-blank line is an object, else one document."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from typing import IO

from episignal.document import RawItem
from episignal.ingest.formats import items_from_bytes
from episignal.ingest.items import CONTAINER_FACTOR, skip_item, too_large
from episignal.ingest.jsonl import iter_lines, jsonl_items
from episignal.ingest.sniff import HEAD_BYTES, sniff
from episignal.ingest.warc import warc_items

NAME = "stdin"
SPOOL_IN_MEMORY = 16 << 20  # stdin beyond this is spooled to a temporary file
_COPY_CHUNK = 1 << 20


def stdin_items(stream: IO[bytes], *, max_bytes: int) -> Iterator[RawItem]:
    """Items read from ``stream``; stdin is read once, so it is spooled before deciding.

    "Every non-blank line is a JSON object" is judged by the line's first and last
    characters (``{`` and ``}``); a line that looks like an object but does not parse
    becomes an error item for that line, as in a JSONL file.
    """
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        shutil.copyfileobj(stream, spool, _COPY_CHUNK)
        size = spool.tell()
        spool.seek(0)
        if size == 0:
            yield skip_item(NAME, NAME, "empty")
            return
        if _all_lines_are_objects(spool, max_bytes):
            spool.seek(0)
            yield from jsonl_items(spool, NAME, max_bytes=max_bytes)
            return
        spool.seek(0)
        kind = sniff(spool.read(HEAD_BYTES))
        spool.seek(0)
        if kind == "warc":
            yield from warc_items(spool, NAME, max_bytes=max_bytes)
            return
        cap = max_bytes * CONTAINER_FACTOR if kind == "feed" else max_bytes
        if size > cap:
            yield skip_item(NAME, NAME, too_large(size, cap))
            return
        yield from items_from_bytes(
            spool.read(), kind or "text", NAME, max_bytes=max_bytes, anonymous=True
        )


def _all_lines_are_objects(spool: IO[bytes], max_bytes: int) -> bool:
    seen = False
    for line in iter_lines(spool, max_bytes):
        if not line.edges:
            continue
        if line.edges != b"{}":
            return False
        seen = True
    return seen
