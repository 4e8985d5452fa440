"""Public-health measures announced or in force: declarations, lockdowns, quarantine, ...

One whole-word Aho-Corasick pass over the document finds trigger phrases of each measure
kind (``responses.json``, built from ``data_src/responses/measures.yaml``). Longer "skip"
phrases win over the triggers inside them ("emergency committee", "virus isolation"). A
trigger is then dropped when its clause negates it or makes it hypothetical ("WHO does not
recommend travel restrictions", "a lockdown is not planned"), or when a kind-specific veto
applies (laboratory isolation of a strain). Each kept trigger becomes one
:class:`MeasureMention` (one per kind and sentence) with the country and date its sentence
gives.

The helpers that pick a sentence's country and date are shared with ``resources``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from episignal.data import load_json
from episignal.document import DateMention, LocationMention, MeasureKind, MeasureMention, Span
from episignal.extract.context import TextContext
from episignal.extract.ruler import Match, PhraseRuler, lower_preserving_length
from episignal.lang.english import alternation, english

# How far around a trigger its clause and its vetoes are looked for (characters).
_CLAUSE_BEFORE = 60
_CLAUSE_AFTER = 24
_VETO_WINDOW = 60
# The English grammar words of these rules: data_src/en/responses.yaml (measures).
_WORDS = english("responses")["measures"]
# A clause starts after one of these: a negation before it belongs to another clause.
_CLAUSE_BREAK = re.compile(rf"[,;:()\u2013\u2014]|\b(?:{alternation(_WORDS['clause_breaks'])})\b")
_SKIP = ""


@dataclass(frozen=True, slots=True)
class _MeasureLexicon:
    ruler: PhraseRuler[str]  # phrase -> measure kind, or _SKIP
    compound: tuple[tuple[str, re.Pattern[str]], ...]  # kind, verb ... object (or passive)
    objects: PhraseRuler[str]  # the compounds' objects -> kind: where to look for a verb
    veto_next_word: dict[str, tuple[str, ...]]
    veto_nearby: dict[str, re.Pattern[str]]
    negation_before: re.Pattern[str]
    negation_after: re.Pattern[str]


def word_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` as whole words (longest first, flexible spaces)."""
    items = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not items:
        return re.compile(r"(?!x)x")  # matches nothing
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in items)
    return re.compile(rf"(?<![\w'])(?:{body})(?![\w'])")


@cache
def _lexicon() -> _MeasureLexicon:
    raw: dict[str, Any] = load_json("responses.json")["measures"]
    phrases: list[tuple[str, str]] = [(p, k) for p, k in raw["triggers"]]
    phrases += [(p, _SKIP) for p in raw["skip"]]
    return _MeasureLexicon(
        ruler=PhraseRuler(phrases, per_document=True),
        compound=tuple(
            (kind, _compound_pattern(entry["verbs"], entry["objects"]))
            for kind, entry in raw["compound"].items()
        ),
        objects=PhraseRuler(
            [(o, kind) for kind, entry in raw["compound"].items() for o in entry["objects"]],
            per_document=True,
        ),
        veto_next_word={k: tuple(v) for k, v in raw["veto_next_word"].items()},
        veto_nearby={k: word_pattern(v) for k, v in raw["veto_nearby"].items()},
        negation_before=word_pattern(raw["negation_before"]),
        negation_after=word_pattern(raw["negation_after"]),
    )


def _compound_pattern(verbs: Sequence[str], objects: Sequence[str]) -> re.Pattern[str]:
    """ "destroyed about 12,000 chickens" (a verb, up to four words, its object) or "markets
    were closed" (the object, an auxiliary, the verb)."""
    verb = word_pattern(verbs).pattern
    obj = word_pattern(objects).pattern
    gap = r"\s+(?:[\w,.'-]+\s+){0,4}?"
    auxiliary = rf"\s+(?:(?:{alternation(_WORDS['auxiliaries'])})\s+)?"
    return re.compile(rf"{verb}{gap}{obj}|{obj}{auxiliary}{verb}")


def lowered_text(ctx: TextContext) -> str:
    """The document's lower-cased text with offsets unchanged (for phrase matching)."""
    lower = ctx.lower
    if len(lower) == len(ctx.text):
        return lower
    return lower_preserving_length(ctx.text)


def find_measures(
    ctx: TextContext, locations: list[LocationMention], dates: list[DateMention]
) -> list[MeasureMention]:
    """Public-health measures in ``ctx``: kind, trigger span, country and date."""
    lex = _lexicon()
    haystack = lowered_text(ctx)
    matches = [m for m in lex.ruler.find(ctx.text, haystack=haystack) if m.value != _SKIP]
    matches += _compound_matches(lex, haystack, matches)
    if not matches:
        return []
    matches.sort(key=lambda m: m.start)
    places = PlaceIndex(locations)
    out: list[MeasureMention] = []
    seen: set[tuple[str, int]] = set()
    for m in matches:
        sentence = ctx.sentence_span(m.start)
        key = (m.value, sentence[0])
        if key in seen or _dropped(lex, haystack, m.value, (m.start, m.end), sentence):
            continue
        seen.add(key)
        out.append(
            MeasureMention(
                kind=cast(MeasureKind, m.value),
                span=(m.start, m.end),
                country=places.country_near(sentence, m.start),
                date=date_near(dates, sentence, m.start),
            )
        )
    return out


def _compound_matches(
    lex: _MeasureLexicon, haystack: str, phrases: list[Match[str]]
) -> list[Match[str]]:
    """Verb-and-object measures not already found as a phrase of the same kind."""
    taken = [(m.start, m.end, m.value) for m in phrases]
    patterns = dict(lex.compound)
    out: list[Match[str]] = []
    seen: set[tuple[int, str]] = set()
    # Only around an object ("chickens", "borders") can a verb make a measure of it.
    for obj in lex.objects.find(haystack, haystack=haystack):
        start = max(0, obj.start - _COMPOUND_REACH)
        end = min(len(haystack), obj.end + _COMPOUND_REACH)
        for m in patterns[obj.value].finditer(haystack, start, end):
            key = (m.start(), obj.value)
            if key in seen or any(
                s < m.end() and m.start() < e and k == obj.value for s, e, k in taken
            ):
                continue
            seen.add(key)
            out.append(Match(m.start(), m.end(), obj.value))
    return out


_COMPOUND_REACH = 60  # characters: a verb, up to four words, the object


def _dropped(lex: _MeasureLexicon, lower: str, kind: str, span: Span, sentence: Span) -> bool:
    return negated(lex.negation_before, lex.negation_after, lower, span, sentence) or _vetoed(
        lex, lower, kind, span, sentence
    )


def clause_before(lower: str, pos: int, sentence: Span, width: int = _CLAUSE_BEFORE) -> str:
    """The text of the clause before ``pos``: at most ``width`` characters, from a break on."""
    window = lower[max(sentence[0], pos - width) : pos]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def negated(
    before: re.Pattern[str], after: re.Pattern[str], lower: str, span: Span, sentence: Span
) -> bool:
    """Whether the trigger's clause negates it or makes it hypothetical."""
    # Curly apostrophes ("didn’t") are matched as straight ones.
    head = clause_before(lower, span[0], sentence).replace("\u2019", "'")
    tail = lower[span[1] : min(sentence[1], span[1] + _CLAUSE_AFTER)].replace("\u2019", "'")
    return before.search(head) is not None or after.search(tail) is not None


def _vetoed(lex: _MeasureLexicon, lower: str, kind: str, span: Span, sentence: Span) -> bool:
    following = lower[span[1] : min(sentence[1], span[1] + 20)].lstrip()
    for word in lex.veto_next_word.get(kind, ()):
        if following.startswith(word) and not following[len(word) : len(word) + 1].isalnum():
            return True
    nearby = lex.veto_nearby.get(kind)
    if nearby is None:
        return False
    start = max(sentence[0], span[0] - _VETO_WINDOW)
    end = min(sentence[1], span[1] + _VETO_WINDOW)
    return nearby.search(lower, start, end) is not None


# --------------------------------------------------------------------------- shared helpers


@dataclass(frozen=True, slots=True)
class PlacedMention:
    """One mention of a place that has a country, in text order."""

    start: int
    end: int
    country: str
    affected: bool


class PlaceIndex:
    """The country-bearing place mentions of a document, sorted, for sentence look-ups."""

    def __init__(self, locations: Sequence[LocationMention]) -> None:
        mentions = [
            PlacedMention(s, e, loc.country, loc.affected)
            for loc in locations
            if loc.country
            for s, e in loc.mentions
        ]
        mentions.sort(key=lambda p: (p.start, p.end))
        self.mentions = mentions
        self._starts = [p.start for p in mentions]
        # Locations come most salient first: the first affected one is the event's country.
        self.main_country = next(
            (loc.country for loc in locations if loc.affected and loc.country), None
        )

    def in_span(self, span: Span) -> list[PlacedMention]:
        """Mentions that start inside ``span``, in text order."""
        lo = bisect.bisect_left(self._starts, span[0])
        hi = bisect.bisect_left(self._starts, span[1])
        return self.mentions[lo:hi]

    def country_near(self, sentence: Span, pos: int) -> str | None:
        """The sentence's country nearest ``pos`` (affected places first), else the event's."""
        here = self.in_span(sentence)
        if not here:
            return self.main_country
        best = min(here, key=lambda p: (not p.affected, abs(p.start - pos)))
        return best.country


def date_near(dates: Sequence[DateMention], sentence: Span, pos: int) -> dt.date | None:
    """The date mentioned in ``sentence`` nearest to ``pos``, or None."""
    best: DateMention | None = None
    for d in dates:
        if sentence[0] <= d.span[0] < sentence[1] and (
            best is None or abs(d.span[0] - pos) < abs(best.span[0] - pos)
        ):
            best = d
    return best.date if best is not None else None
