#!/usr/bin/env python3
"""Cleaning benchmark: main-text quality and speed of HTML extraction, plain-text
cleaning, language detection and near-duplicate signatures.

Quality: the realistic pages written for the tests (tests/clean/fixtures), each with
snippets that must and must not appear in the main text. A must-snippet found is a
true positive, one missing a false negative, a must-not snippet found a false
positive; precision, recall and F1 are micro-averaged over all snippets (the metric
of trafilatura's evaluation). Speed: CPU time (``time.process_time``), one process.

    python bench/bench_clean.py            # everything
    python bench/bench_clean.py --quick    # fewer repetitions

Plain-text speed uses the WHO DON corpus from ../shared/corpora when present (even
DON numbers, the development split), else the test fixtures.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from resiliparse.extract.html2text import extract_plain_text  # noqa: E402

from episignal.clean import clean_item  # noqa: E402
from episignal.clean.decode import decode_bytes  # noqa: E402
from episignal.clean.dedup import text_signature  # noqa: E402
from episignal.clean.furniture import remove_furniture  # noqa: E402
from episignal.clean.html import careful_main_text, extract_html  # noqa: E402
from episignal.document import RawItem  # noqa: E402

FIXTURES = ROOT / "tests" / "clean" / "fixtures"
WHO = ROOT.parent / "shared" / "corpora" / "who_dons_1996_2015.jsonl"


@dataclass
class Page:
    name: str
    raw: str
    expect: dict[str, Any]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, text: str, expect: dict[str, Any]) -> None:
        for snippet in expect["must"]:
            if snippet in text:
                self.tp += 1
            else:
                self.fn += 1
        self.fp += sum(1 for snippet in expect["must_not"] if snippet in text)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_pages() -> tuple[list[Page], list[Page]]:
    html = [
        Page(p.stem, decode_bytes(p.read_bytes()), _expect(p))
        for p in sorted((FIXTURES / "html").glob("*.html"))
    ]
    text = [
        Page(p.stem, p.read_text(encoding="utf-8"), _expect(p))
        for p in sorted(FIXTURES.glob("scraped_*.txt"))
    ]
    return html, text


def _expect(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_name(path.stem + ".expect.json").read_text())
    return data


def cpu_rate(fn: Callable[[], object], units: int, min_seconds: float) -> float:
    """Units per CPU second of ``fn`` (run repeatedly for at least ``min_seconds``)."""
    start = time.process_time()
    rounds = 0
    while True:
        fn()
        rounds += 1
        spent = time.process_time() - start
        if spent >= min_seconds:
            return units * rounds / spent


def _trafilatura(fast: bool) -> Callable[[str], str]:
    import trafilatura

    def run(html: str) -> str:
        return trafilatura.extract(html, fast=fast, include_comments=False) or ""

    return run


def html_methods() -> dict[str, Callable[[str], str]]:
    traf_fast, traf_full = _trafilatura(True), _trafilatura(False)
    return {
        "episignal (fast path + fallback)": lambda h: extract_html(h).text,
        "episignal fast path only": lambda h: extract_html(h, fallback=False).text,
        "resiliparse main_content": lambda h: extract_plain_text(
            h, preserve_formatting=True, main_content=True
        ),
        "trafilatura fast=True": traf_fast,
        "trafilatura full": traf_full,
        "fallback: trafilatura fast=True + furniture": lambda h: careful_main_text(h, None),
    }


def _run_all(method: Callable[[str], str], pages: list[Page]) -> list[str]:
    return [method(p.raw) for p in pages]


def bench_html(pages: list[Page], min_seconds: float) -> list[dict[str, Any]]:
    rows = []
    for name, method in html_methods().items():
        score = Score()
        for page in pages:
            score.add(method(page.raw), page.expect)
        rate = cpu_rate(functools.partial(_run_all, method, pages), len(pages), min_seconds)
        rows.append(
            {
                "method": name,
                "precision": round(score.precision, 3),
                "recall": round(score.recall, 3),
                "f1": round(score.f1, 3),
                "pages_per_s": round(rate, 1),
            }
        )
    fallbacks = sum(1 for p in pages if extract_html(p.raw).method == "fallback")
    rows.append({"method": "fallback used on", "pages": f"{fallbacks}/{len(pages)}"})
    return rows


def typical_size(page: Page) -> Page:
    """The page grown to a typical news page's ~90 KB with generated scripts and menus.

    Real pages carry 50-150 KB of scripts, styles and mega-menus around a 5 KB story;
    that bulk is what a parser pays for, so speed is measured on pages of that size.
    """
    script = "<script>" + "var x=[1,2,3,4,5];function f(a){return a*2;}" * 600 + "</script>"
    menu = (
        '<ul class="mega-menu">'
        + "".join(f'<li><a href="/s/{i}">Section number {i}</a></li>' for i in range(400))
        + "</ul>"
    )
    raw = page.raw.replace("<body", f"{script}<body", 1).replace(
        "</body>", f"{menu}{script}</body>"
    )
    return Page(page.name, raw, page.expect)


def bench_html_typical(pages: list[Page], min_seconds: float) -> dict[str, Any]:
    big = [typical_size(p) for p in pages]
    score = Score()
    for page in big:
        score.add(extract_html(page.raw).text, page.expect)
    fast = cpu_rate(
        functools.partial(_run_all, lambda h: extract_html(h).text, big), len(big), min_seconds
    )
    traf = cpu_rate(functools.partial(_run_all, _trafilatura(False), big), len(big), min_seconds)
    return {
        "avg_kb": round(sum(len(p.raw) for p in big) / len(big) / 1024, 1),
        "episignal_f1": round(score.f1, 3),
        "episignal_pages_per_s": round(fast, 1),
        "trafilatura_full_pages_per_s": round(traf, 1),
    }


def bench_text(pages: list[Page], min_seconds: float) -> dict[str, Any]:
    score = Score()
    for page in pages:
        score.add(remove_furniture(page.raw), page.expect)
    docs = _who_even() or [p.raw for p in pages]
    items = [
        RawItem(id=str(i), content=t, format="text", origin="bench") for i, t in enumerate(docs)
    ]
    rate = cpu_rate(lambda: [clean_item(it) for it in items], len(items), min_seconds)
    return {
        "furniture_f1": round(score.f1, 3),
        "furniture_precision": round(score.precision, 3),
        "furniture_recall": round(score.recall, 3),
        "clean_item_text_docs_per_s": round(rate, 1),
        "corpus": "WHO DONs, even ids" if docs and WHO.exists() else "fixtures",
        "docs": len(items),
    }


def bench_signature(min_seconds: float) -> dict[str, Any]:
    docs = [d for d in (_who_even() or []) if 3500 <= len(d) <= 4500][:300]
    if not docs:
        _, text_pages = load_pages()
        docs = [(p.raw * 4)[:4096] for p in text_pages]
    rate = cpu_rate(lambda: [text_signature(d) for d in docs], len(docs), min_seconds)
    return {"signature_docs_per_s": round(rate, 1), "doc_chars": "3.5-4.5 KB", "docs": len(docs)}


def bench_language(min_seconds: float) -> dict[str, Any]:
    from episignal.clean import lang

    english = (_who_even() or ["The ministry reported new cases of cholera on Monday. " * 20])[:300]
    other = [
        "Le ministère de la santé a signalé lundi de nouveaux cas de choléra dans la province.",
        "El ministerio informó el lunes de nuevos casos de cólera en la provincia costera.",
        "Das Ministerium meldete am Montag neue Cholerafälle in der Küstenprovinz.",
        "Министерство сообщило в понедельник о новых случаях холеры в провинции.",
    ] * 25
    rss_before = _rss_mb()
    start = time.process_time()
    lang.detect_language(other[0])
    build_s = time.process_time() - start
    rss_after = _rss_mb()
    return {
        "english_docs_per_s": round(
            cpu_rate(lambda: [lang.detect_language(t) for t in english], len(english), min_seconds),
            1,
        ),
        "other_docs_per_s": round(
            cpu_rate(lambda: [lang.detect_language(t) for t in other], len(other), min_seconds), 1
        ),
        "lingua_first_call_cpu_s": round(build_s, 2),
        "lingua_rss_mb": round(rss_after - rss_before, 1),
    }


def _who_even() -> list[str]:
    if not WHO.exists():
        return []
    docs = []
    with WHO.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if int(record["id"][3:]) % 2 == 0:  # development split only
                docs.append(record["text"])
    return docs


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * 4096 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timing loops")
    args = parser.parse_args()
    seconds = 0.5 if args.quick else 2.0
    html_pages, text_pages = load_pages()
    report = {
        "language": bench_language(seconds),  # first: measures lingua's memory from cold
        "html": bench_html(html_pages, seconds),
        "html_typical_size": bench_html_typical(html_pages, seconds),
        "text": bench_text(text_pages, seconds),
        "signature": bench_signature(seconds),
        "html_pages": len(html_pages),
        "text_pages": len(text_pages),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
