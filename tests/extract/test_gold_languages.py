"""The per-language gold gate (issue 9): each language's dev set through the real engine.

Per language: count recall >= 0.90 and precision >= 0.95, no number that is not a count
reported as one, primary disease and affected countries right on >= 0.95 of items,
relevance right on >= 0.95 (tests/extract/gold_languages.py scores them). The held-out
sets (tests/gold/languages/heldout/) are reported by bench/bench_languages.py, not gated:
they were written after the data froze and are not tuned on.
"""

from __future__ import annotations

import pytest

from episignal.lang.profile import available_languages
from tests.extract.gold_languages import GOLD, HELDOUT, dev_score, gold_files, load


def test_every_profile_has_a_gold_set_and_a_held_out_set() -> None:
    dev = {p.stem for p in gold_files()}
    held = {p.stem for p in gold_files(HELDOUT)}
    assert dev == held == set(available_languages())


@pytest.mark.parametrize("language", sorted(p.stem for p in gold_files()))
def test_gold_set_is_large_enough(language: str) -> None:
    code, items = load(GOLD / f"{language}.yaml")
    assert code == language
    assert len(items) >= 30
    assert sum(len(i.get("counts") or ()) for i in items) >= 40
    assert sum(1 for i in items if i.get("relevant") is False) >= 3  # noise articles
    assert sum(len(i.get("forbidden") or ()) for i in items) >= 10  # numbers that are no counts


@pytest.mark.parametrize("language", sorted(p.stem for p in gold_files()))
def test_language_gold_gate(language: str) -> None:
    score = dev_score(language)
    failures = score.failures()
    assert not failures, f"{language}: {failures}\n" + "\n".join(score.misses)
