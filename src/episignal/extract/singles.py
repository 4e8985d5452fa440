"""Single cases: "a case", "an additional case", "the first case", "the index case".

A report of one case often has no digit at all ("an additional laboratory-confirmed case
of avian influenza A(H5N6)", "an isolated case of Nipah"). Each "case" of the text is read
backwards over its modifiers and the disease names before it to a determiner; the
determiner says whether the case is new ("another", "an additional"), makes a total of one
("the first") or says nothing ("a", "the index"); modifiers give its status ("confirmed")
and measure ("fatal": a death). "In a case of", "a case definition" and "make a case for"
are not cases; nor is a "case" in a sentence that names no disease unless a modifier makes
it epidemiological ("the index case", "a suspected case").

Single persons ("a 31-year-old woman died", "a patient infected with hepatitis B") are
found here as quantity spans ("a 31-year-old"): the count reader then requires a verb of
illness after the person, as for any number. Every word list comes from ``cues.json``
(data_src/cues/counts.yaml, ``singles``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from episignal.data import load_json
from episignal.document import Span
from episignal.extract.ruler import alternation
from episignal.lang.english import alternation as in_order
from episignal.lang.english import english

# The units of an age and its word ("a 7-year-old girl"): the English profile's.
_AGE_UNITS = "|".join(form for unit in english("dates")["units"] for form in unit)
_AGE_OLD = english("counts")["age_old"]

_MAX_MODIFIERS = 6


@dataclass(frozen=True, slots=True)
class SingleCase:
    span: Span  # "an additional laboratory-confirmed case"
    determiner: Span  # "an additional"
    measure: str  # cases | deaths
    status: str | None
    cumulative: bool | None


@dataclass(frozen=True, slots=True)
class _Cues:
    head: re.Pattern[str]
    head_measure: dict[str, str]
    determiner: re.Pattern[str]  # a determiner ending where a search window ends
    period: dict[str, bool | None]
    modifiers: frozenset[str]
    new_modifiers: frozenset[str]
    death_modifiers: frozenset[str]
    strong: frozenset[str]
    renewed: re.Pattern[str]
    described: re.Pattern[str]
    not_after: re.Pattern[str]
    not_before: re.Pattern[str]
    status_of: dict[str, str]
    person: re.Pattern[str]


@cache
def _cues() -> _Cues:
    counts: dict[str, Any] = load_json("cues.json")["counts"]
    raw = counts["singles"]
    period: dict[str, bool | None] = {}
    for flag, phrases in raw["determiners"].items():
        for p in phrases:
            period.setdefault(p, {"true": True, "false": False}.get(flag))
    head_measure = {p: m for m, group in raw["heads"].items() for p in group}
    status_of = {p: s for s, group in counts["status"].items() for p in group}
    age = (
        rf"(?:\d{{1,3}}|[a-z]+(?:-[a-z]+)?)[- ](?:{_AGE_UNITS})[- ]"
        rf"(?:{in_order(_AGE_OLD)})\s+"
    )
    return _Cues(
        head=re.compile(rf"\b(?:{alternation(head_measure)})\b", re.IGNORECASE),
        head_measure=head_measure,
        determiner=re.compile(rf"(?:^|(?<=\W))(?:{alternation(period)})\s+$", re.IGNORECASE),
        period=period,
        modifiers=frozenset(raw["modifiers"]),
        new_modifiers=frozenset(raw["new_modifiers"]),
        death_modifiers=frozenset(raw["death_modifiers"]),
        strong=frozenset(raw["strong"]),
        renewed=re.compile(
            rf"[^.;]{{0,60}}?\b(?:{alternation(raw['renewed_after'])})", re.IGNORECASE
        ),
        described=re.compile(rf"\s*(?:{alternation(raw['described_after'])})", re.IGNORECASE),
        not_after=re.compile(rf"\s*(?:{alternation(raw['not_after'])})", re.IGNORECASE),
        not_before=re.compile(rf"\b(?:{alternation(raw['not_before'])})\s+$", re.IGNORECASE),
        status_of=status_of,
        person=re.compile(
            rf"\b(?P<det>{alternation(raw['person_determiners'])})\s+(?P<age>{age})?"
            rf"(?={alternation(raw['persons'])}\b)",
            re.IGNORECASE,
        ),
    )


def find_single_cases(
    text: str, named: list[Span], sentence_of: Callable[[int], Span]
) -> list[SingleCase]:
    """Single cases of ``text``; ``named`` are the (sorted) spans of disease and pathogen
    names, which may stand between a determiner and "case"."""
    cues = _cues()
    out = []
    named_ends = {e: s for s, e in named}
    for m in cues.head.finditer(text):
        if cues.not_after.match(text, m.end()):
            continue
        found = _read_back(text, m.start(), named_ends, cues)
        if found is None:
            continue
        det, words = found
        if cues.not_before.search(text, max(0, det[0] - 20), det[0]):
            continue
        if _is_definite_ordinal(text, det) and (
            cues.described.match(text, m.end())
            or _DEFINITE_AFTER.search(text, max(0, det[0] - 8), det[0])
        ):
            # "The first case is a 3-year-old girl", "contacts of the second confirmed
            # case": a case already counted
            continue
        if not (words & cues.strong or _names_disease(named, _near(m.start(), sentence_of))):
            continue
        out.append(_single(text, det, m, words, cues))
    return out


def single_persons(text: str) -> list[tuple[Span, Span]]:
    """(span, determiner span) of "a 31-year-old" / "a" before a person noun."""
    return [
        ((m.start(), m.start() + len(m.group().rstrip())), m.span("det"))
        for m in _cues().person.finditer(text)
    ]


def _read_back(
    text: str, head_start: int, named_ends: dict[int, int], cues: _Cues
) -> tuple[Span, set[str]] | None:
    """Walk back from "case" over modifiers and disease names to a determiner."""
    pos = head_start
    words: set[str] = set()
    for _ in range(_MAX_MODIFIERS + 1):
        det = cues.determiner.search(text, max(0, pos - 24), pos)
        if det is not None:
            words.update(det.group().lower().split())
            return (det.start(), det.start() + len(det.group().rstrip())), words
        end = len(text[:pos].rstrip())
        if end in named_ends:
            pos = named_ends[end]
            continue
        word = _last_word(text, end)
        if word is None or word[1].lower() not in cues.modifiers:
            return None
        words.add(word[1].lower())
        pos = word[0]
    return None


_WORD_BEFORE = re.compile(r"[\w()'-]+$")


def _last_word(text: str, end: int) -> tuple[int, str] | None:
    m = _WORD_BEFORE.search(text, max(0, end - 40), end)
    return (m.start(), m.group()) if m is not None else None


def _single(text: str, det: Span, head: re.Match[str], words: set[str], cues: _Cues) -> SingleCase:
    determiner = " ".join(text[det[0] : det[1]].lower().split())
    cumulative = cues.period.get(determiner)
    if cumulative is None and words & cues.new_modifiers:
        cumulative = False
    if cumulative is True and cues.renewed.match(text, head.end()):
        cumulative = False  # "the first human case in Cambodia since 2014"
    measure = cues.head_measure[" ".join(head.group().lower().split())]
    if words & cues.death_modifiers:
        measure = "deaths"
    status = next((cues.status_of[w] for w in sorted(words) if w in cues.status_of), None)
    return SingleCase(
        span=(det[0], head.end()),
        determiner=det,
        measure=measure,
        status=status if measure == "cases" else None,
        cumulative=cumulative,
    )


# A preposition before "the first case": data_src/en/counts.yaml (definite_after).
_DEFINITE_AFTER = re.compile(
    rf"\b(?:{in_order(english('counts')['definite_after'])})\s+$", re.IGNORECASE
)


def _is_definite_ordinal(text: str, det: Span) -> bool:
    """ "the first", "the fourth", "the index" (not "a second"): one case of those counted,
    pointed at."""
    words = text[det[0] : det[1]].lower().split()
    return len(words) == 2 and words[0] == "the"


def _near(pos: int, sentence_of: Callable[[int], Span]) -> Span:
    """The sentence of ``pos`` and the two before it: "The first case ..." follows the
    sentence that names the disease."""
    sentence = sentence_of(pos)
    start = sentence[0]
    for _ in range(2):
        if start <= 0:
            break
        start = sentence_of(start - 1)[0]
    return (start, sentence[1])


def _names_disease(named: list[Span], sentence: Span) -> bool:
    i = bisect.bisect_left(named, (sentence[0], 0))
    return i < len(named) and named[i][0] < sentence[1]
