#!/usr/bin/env python3
"""Snapshot what the English rules produce, to check a refactoring changes nothing.

    python bench/compare_outputs.py snapshot OUT.jsonl [--limit N] [--shared DIR]
    python bench/compare_outputs.py compare BEFORE.jsonl AFTER.jsonl

A snapshot holds one JSON line per input: ``extraction_to_dict`` of every WHO DON
(1996-2015) and every BBC News article of the shared corpora, and the cleaned document
(text, title, date, outlet, language) of every HTML and text fixture under tests/ and of
the first paragraphs of the BBC articles read as scraped plain text (furniture removal,
datelines). ``compare`` prints the first differences and exits 1 if there are any.
Taking a snapshot before a change and one after, on the same machine, shows whether the
change kept the output byte-identical.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from bench_extract import SHARED, load_jsonl  # noqa: E402

from episignal.clean import clean_item  # noqa: E402
from episignal.clean.furniture import remove_furniture  # noqa: E402
from episignal.document import Document, RawItem, extraction_to_dict  # noqa: E402
from episignal.errors import DocumentError  # noqa: E402
from episignal.extract.pipeline import extract_text  # noqa: E402

TODAY = date(2026, 1, 1)  # a fixed ingestion date: cleaning falls back to it


def extractions(shared: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    for d in load_jsonl(shared / "who_dons_1996_2015.jsonl", limit):
        published = date.fromisoformat(d["published"]) if d.get("published") else None
        ex = extract_text(d["text"], published)
        yield extraction_to_dict(Document(d["id"], d["text"], "compare", published=published), ex)
    for d in load_jsonl(shared / "bbc_news_2004_2005.jsonl", limit):
        ex = extract_text(d["text"], None)
        yield extraction_to_dict(Document(d["id"], d["text"], "compare"), ex)


def cleaned(shared: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    fixtures = sorted(
        p for p in (ROOT / "tests").rglob("*") if p.suffix in (".html", ".txt") and p.is_file()
    )
    for path in fixtures:
        fmt = "html" if path.suffix == ".html" else "text"
        yield _clean_record(str(path.relative_to(ROOT)), path.read_bytes(), fmt)
    for d in load_jsonl(shared / "bbc_news_2004_2005.jsonl", limit):
        # A scraped page's shape: a dateline and the headline above the story.
        head = d["text"][:1500]
        text = f"Published: 3 March 2005\n{d['id']}\n\n{head}\n\nRelated Topics\nHealth | World"
        yield _clean_record(d["id"], text.encode(), "text")
        yield {"id": d["id"] + "#furniture", "text": remove_furniture(text)}


def _clean_record(name: str, content: bytes, fmt: str) -> dict[str, Any]:
    item = RawItem(name, content, fmt, name)  # type: ignore[arg-type]
    try:
        doc = clean_item(item, today=TODAY)
    except DocumentError as e:
        return {"id": name, "error": str(e)}
    return {
        "id": name,
        "text": doc.text,
        "title": doc.title,
        "published": str(doc.published),
        "published_source": doc.published_source,
        "source": doc.source,
        "language": doc.language,
    }


def snapshot(out: Path, shared: Path, limit: int | None) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for record in (*cleaned(shared, limit), *extractions(shared, limit)):
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def compare(before: Path, after: Path, shown: int = 5) -> int:
    a = before.read_text(encoding="utf-8").splitlines()
    b = after.read_text(encoding="utf-8").splitlines()
    if len(a) != len(b):
        print(f"different numbers of records: {len(a)} before, {len(b)} after")
        return 1
    differing = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    for i in differing[:shown]:
        print(f"record {i} ({json.loads(a[i]).get('id')}) differs:")
        print("  before:", a[i][:600])
        print("  after: ", b[i][:600])
    print(f"{len(a)} records, {len(differing)} differ")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("out", type=Path)
    snap.add_argument("--limit", type=int, default=None)
    snap.add_argument("--shared", type=Path, default=SHARED, help="the shared corpora folder")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.out, args.shared, args.limit)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
