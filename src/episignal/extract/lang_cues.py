"""A language profile's cue words as rulers, found once per text (issue 9, phase 2).

The profile engine (:mod:`episignal.extract.lang_engine`) reads counts, sources, measures,
supplies and relevance through these: each class of cue words of a profile becomes one
``PhraseRuler`` with the profile's boundary policy and letter folding, and
:class:`CueHits` holds what each ruler found in one text, sorted, for the engine to ask
"which cue ends right before this number" or "is there a new-cue in this clause".
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Generic, TypeVar

from episignal.data import load_json
from episignal.document import (
    Measure,
    MeasureKind,
    ResourceAction,
    ResourceItem,
    SourceKind,
    Status,
)
from episignal.extract.ruler import Match, PhraseRuler, RulerSet, lower_preserving_length
from episignal.lang.profile import LanguageProfile, load_profile

T = TypeVar("T")

# The classes of single words that carry no value: a phrase found is the whole answer.
FLAG_CLASSES = (
    "new",
    "cumulative",
    "exclusions",
    "rate_nouns",
    "global_scope",
    "symptom_status",
    "persons",
    "animals",
    "auxiliaries",
    "attribution",
)


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # canonical, as data_src/sources has it
    kind: SourceKind


class Found(Generic[T]):
    """The matches of one ruler in one text, sorted by start, with lookups by position.

    The position indexes are built on first use: of a profile's twenty-odd cue classes,
    most are never asked by end, and many find nothing in a text.
    """

    __slots__ = ("_end_keys", "_ends", "_starts", "matches")

    def __init__(self, matches: list[Match[T]]) -> None:
        self.matches = matches
        self._starts: list[int] | None = None
        self._ends: list[tuple[int, int]] = []
        self._end_keys: list[int] | None = None

    def starting_in(self, lo: int, hi: int) -> list[Match[T]]:
        """Matches that start in [lo, hi), leftmost first."""
        if not self.matches:
            return []
        starts = self._starts
        if starts is None:
            starts = self._starts = [m.start for m in self.matches]
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi)
        return self.matches[i:j]

    def ending_in(self, lo: int, hi: int) -> list[Match[T]]:
        """Matches that end in (lo, hi], the one ending last first."""
        if not self.matches:
            return []
        keys = self._end_keys
        if keys is None:
            self._ends = sorted((m.end, i) for i, m in enumerate(self.matches))
            keys = self._end_keys = [e for e, _ in self._ends]
        i = bisect.bisect_right(keys, lo)
        j = bisect.bisect_right(keys, hi)
        return [self.matches[k] for _, k in reversed(self._ends[i:j])]

    def within(self, lo: int, hi: int) -> list[Match[T]]:
        return [m for m in self.starting_in(lo, hi) if m.end <= hi]


@dataclass(frozen=True, slots=True)
class CueHits:
    """Every cue of one profile found in one text."""

    heads: Found[Measure]
    left_nouns: Found[Measure]
    predicates: Found[Measure]
    counters: Found[str]
    status: Found[Status]
    flags: Mapping[str, Found[str]]
    sources: Found[Source]
    measures: Found[MeasureKind]
    items: Found[ResourceItem]
    actions: Found[ResourceAction]
    relevance: Found[float]

    def flag(self, name: str, lo: int, hi: int) -> list[Match[str]]:
        return self.flags[name].within(lo, hi)


class ProfileCues:
    """The cue rulers of one language, built once (``cues_for``)."""

    def __init__(self, profile: LanguageProfile) -> None:
        self.profile = profile
        c, r = profile.counts, profile.responses
        self._heads = self._ruler(_pairs(c.heads))
        self._left_nouns = self._ruler(_pairs(c.left_nouns))
        self._predicates = self._ruler(_pairs(c.predicates))
        self._counters = self._ruler(_pairs(c.counters))
        self._status = self._ruler(_pairs(c.status))
        flags: dict[str, Iterable[str]] = {
            "new": c.new,
            "cumulative": c.cumulative,
            "exclusions": c.exclusions,
            "rate_nouns": c.rate_nouns,
            "global_scope": c.global_scope,
            "symptom_status": c.symptom_status,
            "persons": c.persons,
            "animals": c.animals,
            "auxiliaries": c.auxiliaries,
            "attribution": profile.sources.attribution,
        }
        self._flags = {name: self._ruler((w, name) for w in words) for name, words in flags.items()}
        kinds = _source_kinds()
        self._sources = self._ruler(
            (w, Source(name, kinds.get(name, "other")))
            for name, words in profile.sources.names.items()
            for w in words
        )
        self._exact_sources = PhraseRuler(
            (
                (w, Source(name, kinds.get(name, "other")))
                for name, words in profile.sources.exact.items()
                for w in words
            ),
            case_sensitive=True,
        )
        self._measures = self._ruler(_pairs(r.measures))
        self._items = self._ruler(_pairs(r.items))
        self._actions = self._ruler(_pairs(r.actions))
        rel = profile.relevance
        self._relevance = self._ruler(
            (w, weight)
            for table in (rel.strong, rel.weak, rel.negative)
            for w, weight in table.items()
        )

    def _ruler(self, phrases: Iterable[tuple[str, T]]) -> PhraseRuler[T]:
        return PhraseRuler(phrases, boundary=self.profile.boundary.cues, fold=self.profile.fold)

    @cached_property
    def _all(self) -> RulerSet:
        return RulerSet(
            [
                self._heads,
                self._left_nouns,
                self._predicates,
                self._counters,
                self._status,
                *self._flags.values(),
                self._sources,
                self._measures,
                self._items,
                self._actions,
                self._relevance,
            ]
        )

    def find(self, text: str) -> CueHits:
        # Lowered and folded once, scanned once for every ruler (they share the profile's
        # fold table and boundary).
        low = self._heads.fold(lower_preserving_length(text))
        found = self._all.find(low)

        def find(ruler: PhraseRuler[T]) -> Found[T]:
            return Found(found.of(ruler))

        sources = found.of(self._sources) + self._exact_sources.find(text)
        sources.sort(key=lambda m: m.start)
        return CueHits(
            heads=find(self._heads),
            left_nouns=find(self._left_nouns),
            predicates=find(self._predicates),
            counters=find(self._counters),
            status=find(self._status),
            flags={k: find(r) for k, r in self._flags.items()},
            sources=Found(sources),
            measures=find(self._measures),
            items=find(self._items),
            actions=find(self._actions),
            relevance=find(self._relevance),
        )


def _pairs(table: Mapping[T, tuple[str, ...]]) -> Iterable[tuple[str, T]]:
    return ((w, key) for key, words in table.items() for w in words)


@cache
def _source_kinds() -> dict[str, SourceKind]:
    return {e["name"]: e["kind"] for e in load_json("sources.json")["entries"]}


@cache
def cues_for(code: str) -> ProfileCues:
    """The cue rulers of a packaged profile, built once per process."""
    return ProfileCues(load_profile(code))
