"""Full-text search over documents (SQLite FTS5, kept current by triggers; migration 6).

What a user types is never passed to FTS5 as syntax: words become quoted terms (all must
match), ``"several words"`` a phrase, and a trailing ``*`` a prefix. Quotes, brackets,
``AND``/``NEAR`` and column filters in the input are plain text, so no input can make the
query fail or reach other columns.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

MAX_TERMS = 16
RANK_LIMIT = 2_000  # rank by relevance up to this many matches, else newest first
COUNT_CAP = 10_000  # count matches up to this many ("10,000 or more")
SNIPPET_WORDS = 24
# Private-use characters mark the matches in snippets; the caller escapes the text and then
# turns them into <mark> tags, so article text never reaches a page unescaped.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"

_TOKEN = re.compile(r'"([^"]*)"|(\w+\*?)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    status: str
    snippet: str  # plain text with MARK_OPEN/MARK_CLOSE around matches


def fts_query(text: str) -> str:
    """A safe FTS5 query for what a user typed ("" when it has no word)."""
    terms: list[str] = []
    for phrase, word in _TOKEN.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                terms.append('"' + " ".join(words) + '"')
        elif word:
            prefix = word.endswith("*")
            core = word.rstrip("*")
            if core:
                terms.append(f'"{core}"' + ("*" if prefix else ""))
        if len(terms) >= MAX_TERMS:
            break
    return " ".join(terms)


def search_documents(
    conn: sqlite3.Connection, text: str, *, limit: int = 20, offset: int = 0
) -> tuple[list[SearchHit], int]:
    """Documents matching ``text`` and how many match (counted up to COUNT_CAP).

    Up to RANK_LIMIT matches are ranked by relevance (BM25, title words weigh more); a
    broader search lists the newest stored documents first, which FTS5 reads in index
    order without scoring every match (ranking 50,000 matches takes a second).
    """
    query = fts_query(text)
    if not query:
        return [], 0
    total = int(
        conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? "
            "LIMIT ?)",
            (query, COUNT_CAP),
        ).fetchone()[0]
    )
    order = "bm25(documents_fts, 4.0, 1.0)" if total <= RANK_LIMIT else "documents_fts.rowid DESC"
    rows = conn.execute(
        "SELECT d.id, d.title, d.source, d.url, d.published, d.language, d.status, "
        f"snippet(documents_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', {SNIPPET_WORDS}) "
        "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
        f"WHERE documents_fts MATCH ? ORDER BY {order} LIMIT ? OFFSET ?",
        (query, limit, offset),
    )
    hits = [
        SearchHit(str(r[0]), r[1], r[2], r[3], r[4], r[5], str(r[6]), str(r[7] or "")) for r in rows
    ]
    return hits, total


def list_documents(
    conn: sqlite3.Connection, *, limit: int = 20, offset: int = 0
) -> tuple[list[SearchHit], int]:
    """Documents newest first (no search words): the start of each text as the snippet."""
    total = int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    rows = conn.execute(
        "SELECT id, title, source, url, published, language, status, substr(text, 1, 200) "
        "FROM documents ORDER BY published DESC, rowid DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    hits = [
        SearchHit(str(r[0]), r[1], r[2], r[3], r[4], r[5], str(r[6]), str(r[7] or "")) for r in rows
    ]
    return hits, total
