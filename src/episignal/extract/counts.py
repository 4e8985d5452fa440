"""Counts: how many cases, deaths, recoveries ... a text reports, and what each figure means.

Every number of the text (``numbers.find_quantities``, one pass) is read in its sentence:

1. *What it is not*: numbers inside dates, disease or place names, sources and supplies
   (the other extractors' spans), ages, years, days of dates, times, percentages and rates,
   money, durations, phone numbers, identifiers ("week 14", "Article 12"), counts of places,
   supplies, outbreaks or teams. Whatever is not positively read as a count is dropped.
2. *What it counts*: the head noun after it, past a few modifiers ("392,920 new fever
   cases"), a predicate ("68 people have died", "2.5 million recovered"), a verb before it
   ("killed 12") or a linked noun before it ("the death toll rose to 68", "deaths: 12",
   "bringing the total to 1,200").
3. *How*: status (confirmed / probable / suspected; fever or symptom counts are suspected),
   new or cumulative (cues next to the number; for a sub-count, its parent's period ("a
   total of 3,526, with 17 deaths"); else the nearest cue in the sentence), species.
   Stocks (people under treatment, in hospital or quarantine, contacts followed up) are
   neither new nor cumulative unless a cue next to them says new ("a further 52").
4. *Links*: the nearest disease, place, date and source of the sentence (else the
   document's leading disease and first affected place; the source may come from the
   sentence before or after).

Simple text tables ("Province | Cases | Deaths") are read column by column. Every cue
phrase comes from ``cues.json`` (data_src/cues/counts.yaml).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar, cast

from episignal.data import load_json
from episignal.document import (
    CountMention,
    DateMention,
    DiseaseMention,
    LocationMention,
    Measure,
    ResourceMention,
    Scope,
    SourceMention,
    Span,
    Species,
    Status,
)
from episignal.extract.context import TextContext
from episignal.extract.linking import CountLinker, CountReading
from episignal.extract.meaning import Window
from episignal.extract.numbers import Quantity, find_quantities
from episignal.extract.ruler import Match, PhraseRuler
from episignal.extract.ruler import alternation as _alternation
from episignal.extract.singles import find_single_cases, single_persons
from episignal.lang import english as en

# The English words of the count rules below: data_src/en/counts.yaml.
_EN = en.english("counts")


def _words(key: str) -> str:
    """The words of ``key`` as a group of alternatives, a space for any white space."""
    return f"(?:{en.spaced(_EN[key])})"


HeadKind = Literal["measure", "person", "animal", "exclude"]
T = TypeVar("T")
_MAX_VALUE = 10_000_000_000  # larger "counts" are identifiers or money
_LEFT_CHARS = 80  # how far back before a number its cues are looked for
_RIGHT_CHARS = 120

_STATUS_MEASURES = frozenset({"cases", "deaths", "hospitalized", "active", "recovered"})


# --------------------------------------------------------------------------- cue tables


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    """{label: [phrases]} -> {phrase: label}; the first label listed wins a shared phrase."""
    out: dict[str, str] = {}
    for label, phrases in groups.items():
        for p in phrases:
            out.setdefault(p, label)
    return out


_TOKEN = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*[.\-]?|[^\w\s]")


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


class _Suffixes:
    """Phrases recognised where a window of text ends ("... the death toll rose to|")."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self._labels: dict[tuple[str, ...], str] = {}
        for phrase, label in phrases.items():
            tokens = _tokens(phrase)
            if tokens:
                self._labels.setdefault(tokens, label)
        self._longest = max((len(t) for t in self._labels), default=0)
        self._last_words = frozenset(t[-1] for t in self._labels)

    def match(self, tokens: Sequence[str], end: int | None = None) -> tuple[int, str] | None:
        """(number of tokens, label) of the longest phrase ending at ``tokens[:end]``."""
        if end is None:
            end = len(tokens)
        if not end or tokens[end - 1] not in self._last_words:
            return None  # the usual case, decided without building tuples
        for k in range(min(self._longest, end), 0, -1):
            label = self._labels.get(tuple(tokens[end - k : end]))
            if label is not None:
                return k, label
        return None

    def contains(self, tokens: Sequence[str]) -> bool:
        return any(self.match(tokens, end) for end in range(len(tokens), 0, -1))


# Words after a number: words (with hyphens, apostrophes and a parenthesis such as
# "A(H7N9)"), numbers, or single punctuation marks; each with its offsets.
_RIGHT_TOKEN = re.compile(r"[^\W\d_][\w'’-]*(?:\([\w]+\)\w*)?|\d[\d,.]*\d|\d|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of a window of text, lower-cased, with their character offsets."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _Words:
        # Read once per number: three list comprehensions over the matches build the tuples
        # faster than one list of triples taken apart by generators.
        found = list(_RIGHT_TOKEN.finditer(text, start, end))
        return cls(
            tuple([m.group().lower() for m in found]),
            tuple([m.start() for m in found]),
            tuple([m.end() for m in found]),
        )


class _Phrases:
    """Phrases recognised where a run of words starts ("cases", "have died")."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self._values: dict[tuple[str, ...], str] = {}
        for phrase, value in phrases.items():
            words = tuple(m.group() for m in _RIGHT_TOKEN.finditer(phrase.lower()))
            if words:
                self._values.setdefault(words, value)
        self._longest = max((len(w) for w in self._values), default=0)
        self._first_words = frozenset(w[0] for w in self._values)

    def match(self, words: Sequence[str], i: int) -> tuple[int, str] | None:
        """(number of words, value) of the longest phrase starting at ``words[i]``."""
        if i >= len(words) or words[i] not in self._first_words:
            return None
        for k in range(min(self._longest, len(words) - i), 0, -1):
            value = self._values.get(tuple(words[i : i + k]))
            if value is not None:
                return k, value
        return None


def _labelled(phrases: Iterable[str], label: str) -> dict[str, str]:
    return {p: label for p in phrases}


@dataclass(frozen=True, slots=True)
class _Cues:
    heads: _Phrases  # head nouns after a number (value: the canonical phrase)
    head_kind: dict[str, tuple[HeadKind, str | None]]
    stops: frozenset[str]  # words that end the modifiers before a head
    modifiers: frozenset[str]  # -ed / -ing words allowed as modifiers ("confirmed")
    predicates: _Phrases
    auxiliaries: _Phrases
    predicate_measure: dict[str, str]
    left_verb: _Suffixes
    weak_verbs: frozenset[str]
    left_noun: _Suffixes
    left_link: _Suffixes
    measure_noun: _Suffixes  # head nouns that name a measure ("the total number of cases")
    excluded_noun: _Suffixes  # places, supplies, time: "the number of provinces rose to"
    event_noun: _Suffixes  # outbreaks, clusters, teams: "total outbreaks (1)"
    before_excluded: _Suffixes
    after_excluded: re.Pattern[str]
    inherit_link: _Suffixes
    inherit_exception: _Suffixes
    one_before: _Suffixes
    one_after: re.Pattern[str]
    months: frozenset[str]
    month_after: re.Pattern[str]
    by_date: re.Pattern[str]  # "by 7 February": a running total as of that date
    breakdown: re.Pattern[str]  # "the distribution of these cases is as follows:"
    year_before: _Suffixes
    ruler: PhraseRuler[tuple[str, str]]  # status and cumulative cues, found once per document
    fever_diseases: _Suffixes  # "yellow" fever: a disease name, not a symptom
    name_prefixes: frozenset[str]  # "new": also the first word of place names
    weak_period: frozenset[str]  # "on sunday": dates the report more than the count
    summing: frozenset[str]  # "a total of": a sum over whatever period the sentence names
    generic_before: frozenset[str]  # "the physique of| a person suffering from ..."
    column_words: dict[str, tuple[str | None, bool | None]]  # "New", "Confirmed", "Totals"
    generic_after: re.Pattern[str]  # "a person infected with X |can ..."
    rate_nouns: frozenset[str]
    per_rate: re.Pattern[str]  # "per 1,000 population" after a head
    header_cell: re.Pattern[str]
    status_of: dict[str, str]
    animal_after: re.Pattern[str]  # "(cases of X) in horses": the cases are animals
    bound_verbs: re.Pattern[str]  # "passes 1.2 million" (group lower), "nears 500" (upper)
    bring_to: _Suffixes  # "bring to": ... the number after the figure is a running total
    total_after: re.Pattern[str]  # "the number", "the total" after "bring to 4"
    age_openers: frozenset[str]  # "under", "aged": an age phrase between a head and its verb
    age_closers: frozenset[str]  # "years", "old": words that end it
    pronoun_heads: frozenset[str]  # "of them", "ones": the measure is the previous count's
    total_labels: frozenset[str]  # "Total": a table row of all the rows above
    list_negations: frozenset[str]  # "no deaths": not what a list of figures counts
    back_reference: re.Pattern[str]  # "reported above": cases already counted
    negated_after: re.Pattern[str]  # "were ruled out": not cases
    back_reference_inside: re.Pattern[str]  # "2 previously reported cases"
    back_reference_before: re.Pattern[str]  # "the remaining 2 cases"
    described_person: _Suffixes  # "was a 9-year-old boy": a case described, not counted
    weak_predicates: frozenset[str]  # "affected": a case only where a disease is named
    after_predicate: frozenset[str]  # "died yesterday": words after a verb, not nouns
    population_words: frozenset[str]  # "population": a linked noun of people, not cases
    adjective_determiners: frozenset[str]  # "the affected districts": no predicate
    weak_links: frozenset[str]  # "to", "is": link words that reach back only within a phrase
    weak_link_breakers: frozenset[str]  # verbs that end that phrase


def _column_words(
    raw: dict[str, Any], status_of: dict[str, str]
) -> dict[str, tuple[str | None, bool | None]]:
    """One-word column labels of a flattened table and what each says of its figures."""
    out: dict[str, tuple[str | None, bool | None]] = {}
    for flag, value in (("true", True), ("false", False)):
        for p in raw["cumulative_local"][flag]:
            if " " not in p:
                out.setdefault(p, (None, value))
    for p, status in status_of.items():
        if " " not in p:
            out.setdefault(p, (status, None))
    return out | {word + "s": meaning for word, meaning in out.items() if word + "s" not in out}


@cache
def _cues() -> _Cues:
    raw: dict[str, Any] = load_json("cues.json")["counts"]
    head_kind: dict[str, tuple[HeadKind, str | None]] = {}
    for measure, phrases in raw["heads"].items():
        for p in phrases:
            head_kind.setdefault(p, ("measure", measure))
    for measure, phrases in raw["person_defaults"].items():
        for p in phrases:
            head_kind.setdefault(p, ("person", measure))
    for p in raw["persons"]:
        head_kind.setdefault(p, ("person", None))
    for p in raw["animals"]:
        head_kind.setdefault(p, ("animal", None))
    excluded_heads = [p for group in raw["exclusions"]["heads"].values() for p in group]
    for p in excluded_heads:
        head_kind.setdefault(p, ("exclude", None))
    predicate_measure = _invert(raw["predicates"])
    status_of = _invert(raw["status"])
    before = raw["exclusions"]["before"]
    measure_nouns = {p: m for p, (k, m) in head_kind.items() if k == "measure" and m}
    ruler_phrases: list[tuple[str, tuple[str, str]]] = []
    ruler_phrases += [(p, ("status", v)) for p, v in status_of.items()]
    ruler_phrases += [(p, ("symptom", "suspected")) for p in raw["symptom_status"]]
    for scope in ("cumulative_local", "cumulative_sentence"):
        for flag in ("true", "false"):
            ruler_phrases += [(p, (scope, flag)) for p in raw[scope][flag]]
    ruler_phrases += [(p, ("neutral", "")) for p in raw["period_neutral"]]
    return _Cues(
        heads=_Phrases({p: p for p in head_kind}),
        head_kind=head_kind,
        stops=frozenset(raw["modifier_stops"]),
        modifiers=frozenset(raw["modifiers"]),
        predicates=_Phrases({p: p for p in predicate_measure}),
        auxiliaries=_Phrases({p: p for p in raw["auxiliaries"]}),
        predicate_measure=predicate_measure,
        left_verb=_Suffixes(_invert(raw["left_verbs"])),
        weak_verbs=frozenset(raw["weak_left_verbs"]),
        left_noun=_Suffixes(_invert(raw["left_nouns"])),
        left_link=_Suffixes(_labelled(raw["left_links"], "link")),
        measure_noun=_Suffixes(measure_nouns),
        excluded_noun=_Suffixes(
            _labelled(
                (
                    p
                    for name, group in raw["exclusions"]["heads"].items()
                    if name != "events"
                    for p in group
                ),
                "excluded",
            )
        ),
        event_noun=_Suffixes(_labelled(raw["exclusions"]["heads"]["events"], "event")),
        before_excluded=_Suffixes({p: reason for reason, group in before.items() for p in group}),
        after_excluded=re.compile(
            # "3 out of 5" is a ratio; "three out of the five cases" a part of a whole
            rf"(?!\s*{_words('ratio_out_of')}\s+(?!{_words('ratio_every')}\b))"
            rf"(?:\s*(?:{_alternation(raw['exclusions']['after'])})|[:/.]\d|-[A-Za-z]"
            # "1 in 63 babies": a ratio ("6 in 2012" is a count of that year)
            rf"|\s+{_words('ratio_in')}\s+(?!(?:19|20)\d\d\b)\d"
            # "two or three times a week": a frequency
            rf"|\s+(?:{en.spaced(_EN['alternative_joiners'])}|-)\s+[\w-]+\s+"
            rf"(?:{_alternation(raw['exclusions']['after_alternative'])}))",
            re.IGNORECASE,
        ),
        inherit_link=_Suffixes(_labelled(raw["inherit_links"], "inherit")),
        inherit_exception=_Suffixes(_labelled(raw["inherit_exceptions"], "compare")),
        one_before=_Suffixes(_labelled(raw["exclusions"]["one_before"], "pronoun")),
        one_after=re.compile(
            rf"\s+(?:{_alternation(raw['exclusions']['one_after'])})", re.IGNORECASE
        ),
        months=frozenset(raw["months"]),
        month_after=re.compile(
            rf"\s*(?:{_words('of')}\s+)?(?:{_alternation(raw['months'])})(?![\w])", re.IGNORECASE
        ),
        by_date=re.compile(
            rf"\b(?:{_alternation(raw['cumulative_by_date'])})\s+(?:\d{{1,2}}"
            rf"(?:{en.spaced(en.english('dates')['ordinal_suffixes'])})?\s+"
            rf"(?:{_words('of')}\s+)?)?(?:{_alternation(raw['months'])})(?![\w])",
            re.IGNORECASE,
        ),
        breakdown=re.compile(
            rf"\b(?:{_alternation(raw['breakdown_subjects'])})\b[^.;:]{{0,60}}?"
            rf"\b(?:{_alternation(raw['breakdown_markers'])})\b",
            re.IGNORECASE,
        ),
        year_before=_Suffixes(_labelled(raw["year_before"], "year")),
        ruler=PhraseRuler(ruler_phrases, per_document=True),
        fever_diseases=_Suffixes(_labelled(raw["fever_diseases"], "disease")),
        name_prefixes=frozenset(raw["name_prefixes"]),
        weak_period=frozenset(raw["cumulative_sentence_weak"]),
        summing=frozenset(raw["cumulative_summing"]),
        generic_before=frozenset(raw["generic_person_before"]),
        column_words=_column_words(raw, status_of),
        generic_after=re.compile(
            rf"[^,;.()]{{0,40}}?\b(?:{_alternation(raw['generic_person_after'])})\b", re.IGNORECASE
        ),
        rate_nouns=frozenset(raw["rate_nouns"]),
        per_rate=re.compile(
            rf"\s*(?:{en.spaced(_EN['rate_per'])}|/)\s*(?:\d|(?:{_alternation(raw['rate_denominators'])}))",
            re.IGNORECASE,
        ),
        header_cell=re.compile(
            rf"(?P<cue>{_alternation([*measure_nouns, *status_of])})", re.IGNORECASE
        ),
        status_of=status_of,
        bound_verbs=re.compile(
            rf"\b(?:(?P<lower>{_alternation(raw['bounds']['lower'])})"
            rf"|(?P<upper>{_alternation(raw['bounds']['upper'])}))\s+(?:{_words('the')}\s+)?$",
            re.IGNORECASE,
        ),
        bring_to=_Suffixes(_labelled(raw["running_total"]["bring_to"], "total")),
        total_after=re.compile(
            rf"\s+(?:{_alternation(raw['running_total']['total_after'])})", re.IGNORECASE
        ),
        age_openers=frozenset(raw["age_phrase"]["openers"]),
        age_closers=frozenset(raw["age_phrase"]["closers"]),
        pronoun_heads=frozenset(raw["pronoun_heads"]),
        total_labels=frozenset(raw["total_labels"]),
        list_negations=frozenset(raw["list_negations"]),
        back_reference_inside=re.compile(
            rf"\b(?:{_alternation(raw['back_reference_after'])})", re.IGNORECASE
        ),
        back_reference_before=re.compile(
            rf"\b(?:{_alternation(raw['back_reference_before'])})\s+$", re.IGNORECASE
        ),
        described_person=_Suffixes(_labelled(raw["described_person_before"], "described")),
        negated_after=re.compile(
            rf"\s*(?:[\w-]+\s+){{0,5}}?(?:{_alternation(raw['negated_after'])})", re.IGNORECASE
        ),
        back_reference=re.compile(
            rf"\s*(?:[\w-]+\s+){{0,2}}?(?:{_alternation(raw['back_reference_after'])})",
            re.IGNORECASE,
        ),
        weak_predicates=frozenset(raw["weak_predicates"]),
        after_predicate=frozenset(raw["after_predicate"]),
        population_words=frozenset(
            p.split()[-1] for p in raw["exclusions"]["heads"]["population"] if " " not in p
        ),
        adjective_determiners=frozenset(raw["adjective_determiners"]),
        weak_links=frozenset(raw["weak_links"]),
        weak_link_breakers=frozenset(raw["weak_link_breakers"]),
        animal_after=re.compile(
            rf"(?:\s+{_words('of')}\s+[\w-]+(?:\s+[\w-]+){{0,3}}?)?"
            # "32 cases ... have been diagnosed among 2 500 horses"
            rf"(?:\s+{_words('animal_verbs')}){{0,3}}\s+{_words('animal_among')}\s+(?:\w+\s+){{0,2}}?"
            rf"(?:{_alternation(raw['animals'])})\b",
            re.IGNORECASE,
        ),
    )


# --------------------------------------------------------------------------- reading


@dataclass(slots=True)
class _Reading:
    """What one number counts, before linking."""

    quantity: Quantity
    sentence: int
    measure: str | None = None
    status: str | None = None
    cumulative: bool | None = None
    species: Species = "human"
    head_end: int = 0  # where the number's own phrase ends (head or predicate)
    inherits: bool = False  # "including 4 deaths": belongs to the previous count
    inherit_measure: bool = False  # "bringing the total to 1,200": measure of the previous
    table: bool = False
    status_only: str | None = None  # "31 probable": cases unless a list gives the measure
    stock: bool = False  # "patients in hospital": a stock, neither new nor cumulative
    head_key: str = ""
    linked: bool = False  # the measure came from a noun before the number
    left_start: int = 0  # where the number's clause words before it begin
    other_noun: bool = False  # a noun we do not know follows: "with 4 sons" counts sons
    scope: Scope | None = None  # known from its table: a total row under country rows
    part: bool = False  # a part of the count before it ("including 12 health workers")
    cases_by_default: bool = True  # "bringing the total to 1,200" alone counts cases
    partitive: bool = False  # "Seven of the nine cases": a part of cases named before
    pair_second: str | None = None  # "the cases and deaths rose to 350 and 12": deaths
    frame: Span | None = None  # the figure a breakdown ("these cases are as follows") details


@dataclass(slots=True)
class _Doc:
    """One document: its text, the spans numbers must not come from, its cue matches."""

    ctx: TextContext
    blocked: list[Span] = field(default_factory=list)
    blocked_starts: list[int] = field(default_factory=list)
    cue_matches: list[Match[tuple[str, str]]] = field(default_factory=list)
    cue_starts: list[int] = field(default_factory=list)
    disease_spans: list[Span] = field(default_factory=list)
    disease_starts: list[int] = field(default_factory=list)
    named_spans: list[Span] = field(default_factory=list)  # disease and pathogen names
    named_starts: list[int] = field(default_factory=list)
    named_ends: set[int] = field(default_factory=set)
    # (status, cumulative) of a flattened table's first column, by sentence start
    first_columns: dict[int, tuple[str | None, bool | None] | None] = field(default_factory=dict)
    country_starts: set[int] = field(default_factory=set)  # where a country is named
    country_at: dict[int, str] = field(default_factory=dict)  # which country, by start
    place_ends: set[int] = field(default_factory=set)  # where a place's name ends

    def cues_in(self, start: int, end: int, *scopes: str) -> list[tuple[int, int, str]]:
        """(start, end, value) of the cues of ``scopes`` lying inside ``[start, end)``."""
        out = []
        for m in self.cue_matches[bisect.bisect_left(self.cue_starts, start) :]:
            if m.start >= end:
                break
            if m.end <= end and m.value[0] in scopes:
                out.append((m.start, m.end, m.value[1]))
        return out


def find_counts(
    ctx: TextContext,
    diseases: list[DiseaseMention],
    locations: list[LocationMention],
    dates: list[DateMention],
    sources: list[SourceMention],
    resources: list[ResourceMention],
) -> list[CountMention]:
    """Case, death and other counts of ``ctx.text``, classified and linked, in text order."""
    text = ctx.text
    named = sorted(span for d in diseases for span in (*d.mentions, *d.pathogen_mentions))
    quantities = _with_single_persons(text, find_quantities(text))
    singles = _single_case_readings(ctx, named)
    if not quantities and not singles:
        return []
    cues = _cues()
    doc = _Doc(ctx)
    doc.blocked = _blocked_spans(diseases, locations, dates, sources, resources)
    doc.blocked_starts = [s for s, _ in doc.blocked]
    doc.cue_matches = _cue_matches(text, diseases, locations, cues)
    doc.disease_spans = sorted(span for d in diseases for span in d.mentions)
    doc.disease_starts = [s for s, _ in doc.disease_spans]
    doc.named_spans = named
    doc.named_starts = [s for s, _ in named]
    doc.named_ends = {e for _, e in named}
    doc.cue_starts = [m.start for m in doc.cue_matches]
    doc.country_at = {
        span[0]: loc.country or loc.name
        for loc in locations
        if loc.kind == "country"
        for span in loc.mentions
    }
    doc.country_starts = set(doc.country_at)
    doc.place_ends = {span[1] for loc in locations for span in loc.mentions}
    readings = _read_tables(ctx, quantities, doc)
    readings += _read_labelled_rows(ctx, quantities, doc, {r.quantity.span for r in readings})
    in_table = {r.quantity.span for r in readings}
    by_sentence = _group_by_sentence(ctx, [q for q in quantities if q.span not in in_table])
    for index, group in by_sentence:
        readings.extend(_read_sentence(ctx, index, group, doc))
    readings.extend(_not_overlapping(singles, readings))
    readings.sort(key=lambda r: r.quantity.span)
    _resolve_inheritance(readings)
    _mark_parts(text, readings)
    _read_increments(text, readings)
    _frame_breakdowns(ctx, readings)
    linker = CountLinker(ctx, diseases, locations, dates, sources, cues.bound_verbs)
    counted = _without_references(text, [r for r in readings if r.measure is not None])
    counts = [
        linker.link(_for_linking(ctx, r, nxt))
        for r, nxt in itertools.zip_longest(counted, counted[1:])
    ]
    return _drop_back_references(text, _drop_headline_repeats(text, counts))


def _frame_breakdowns(ctx: TextContext, readings: list[_Reading]) -> None:
    """ "As of 14 June, the cumulative number of cases is 398. The distribution of these
    cases is as follows: A, 60 cases; ...": the breakdown's figures are running totals as of
    that day too; each takes the frame of the last figure of cases or deaths just before its
    sentence."""
    breakdown = _cues().breakdown
    parent: _Reading | None = None
    announced: tuple[int, _Reading | None] = (-1, None)  # (sentence, its parent)
    for r in readings:
        if r.sentence != announced[0]:
            start = ctx.sentences[r.sentence][0] if r.sentence >= 0 else r.quantity.span[0]
            opens = breakdown.search(ctx.text, start, r.quantity.span[0]) is not None
            recent = parent is not None and r.sentence - parent.sentence <= _BREAKDOWN_REACH
            announced = (r.sentence, parent if opens and recent else None)
        frame = announced[1]
        if frame is None:
            if r.measure in ("cases", "deaths") and r.cumulative is not None and not r.stock:
                parent = r
            continue
        if r.cumulative is None and not r.stock:
            r.cumulative = frame.cumulative
        r.frame = frame.quantity.span


# A breakdown details a figure of the sentence before it, or of the one before that.
_BREAKDOWN_REACH = 2


def _refers_back(text: str, r: _Reading) -> bool:
    """ "the three cases reported above", "contacts of the 10 cases", "or the two fatal
    cases": cases already counted; "Two cases ... were ruled out": no cases at all."""
    cues = _cues()
    end = max(r.head_end, r.quantity.span[1])
    if cues.back_reference.match(text, end, end + 60) is not None:
        return True
    if cues.back_reference_inside.search(text, r.quantity.span[1], end) is not None:
        return True  # "one of two previously reported cases"
    if r.measure == "cases" and cues.back_reference_before.search(
        text, max(0, r.quantity.span[0] - 16), r.quantity.span[0]
    ):
        return True  # "the remaining 2 cases were in severe condition"
    # "Two cases suspected in Switzerland ... were ruled out"
    return r.measure == "cases" and cues.negated_after.match(text, end, end + 60) is not None


def _without_references(text: str, readings: list[_Reading]) -> list[_Reading]:
    """The readings less those that name cases already counted (see :func:`_refers_back`);
    "contacts of the 10 cases" points back only when 10 was counted before."""
    out: list[_Reading] = []
    seen: set[float] = set()
    for r in readings:
        definite = _DEFINITE_REFERENCE.search(
            text, max(0, r.quantity.span[0] - 30), r.quantity.span[0]
        )
        if not _refers_back(text, r) and not (definite and r.quantity.value in seen):
            out.append(r)
        seen.add(r.quantity.value)
    return out


# "contacts of the 10 cases", "death in the three confirmed cases", "or the two fatal cases"
# (a sentence that opens "Of the 50 cases confirmed to date, ..." names its whole).
_DEFINITE_REFERENCE = re.compile(
    rf"\b[a-z]+\s+{_words('definite_reference_before')}\s+(?:{_words('all')}\s+)?"
    rf"{_words('definite_articles')}\s+$"
)


def _with_single_persons(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """The quantities, with "a" / "a 31-year-old" before a person noun as a quantity of one
    (the reader keeps it only with a verb of illness: "a 31-year-old woman died")."""
    persons = single_persons(text)
    if not persons:
        return quantities
    spans = [span for span, _ in persons]
    kept = [q for q in quantities if not any(s <= q.span[0] < e for s, e in spans)]
    added = [Quantity(1.0, span, det, None, None, False, True) for span, det in persons]
    return sorted([*kept, *added], key=lambda q: q.span)


def _single_case_readings(ctx: TextContext, named: list[Span]) -> list[_Reading]:
    """ "an additional case", "the index case": readings of one, measure and period known."""
    out = []
    for single in find_single_cases(ctx.text, named, ctx.sentence_span):
        quantity = Quantity(1.0, single.span, single.determiner, None, None, False, True)
        sentence = ctx.sentence_span(single.span[0])
        out.append(
            _Reading(
                quantity,
                ctx.sentence_index(single.span[0]),
                measure=single.measure,
                status=single.status,
                cumulative=single.cumulative,
                head_end=single.span[1],
                head_key="case",
                left_start=sentence[0],
            )
        )
    return out


def _not_overlapping(singles: list[_Reading], readings: list[_Reading]) -> list[_Reading]:
    taken = [r.quantity.span for r in readings if r.measure is not None]
    return [
        r
        for r in singles
        if not any(s < r.quantity.span[1] and r.quantity.span[0] < e for s, e in taken)
    ]


def _generic_person(text: str, left: tuple[str, ...], reading: _Reading, cues: _Cues) -> bool:
    """ "the physique of a person suffering from the disease", "a person infected with the
    virus can ...": a person of a general statement, no case ("the case of a man who
    died" is one)."""
    if left and left[-1] in cues.generic_before:
        return not (left[-1] == "of" and len(left) > 1 and left[-2] in cues.head_kind)
    return cues.generic_after.match(text, reading.head_end) is not None


def _verb_before(left: tuple[str, ...], cues: _Cues) -> bool:
    verb = cues.left_verb.match(left)
    return verb is not None and " ".join(left[-verb[0] :]) not in cues.weak_verbs


# A sentence about one case already counted ("The second death occurred on 3 March in a
# 20-year-old woman", "The patient, a 27-year-old woman, ..."): the person it names is that
# case, described.
_DESCRIBED_SUBJECT = re.compile(
    rf"\W*{_words('described_determiners')}\s+(?:[\w-]+\s+){{0,3}}?"
    rf"{_words('described_heads')}\b",
    re.IGNORECASE,
)


def _is_single_person(text: str, q: Quantity) -> bool:
    return q.value == 1 and text[q.number_span[0] : q.number_span[1]].lower() in ("a", "an")


def _for_linking(ctx: TextContext, r: _Reading, nxt: _Reading | None) -> CountReading:
    """The reading with its window: its words reach to the next count of its sentence."""
    sentence = ctx.sentence_span(r.quantity.span[0])
    head_end = max(r.head_end, r.quantity.span[1])
    right_end = sentence[1]
    if nxt is not None and nxt.quantity.span[0] < sentence[1]:
        right_end = max(head_end, nxt.quantity.span[0])
    window = Window(
        sentence=sentence,
        left_start=r.left_start or sentence[0],
        number=r.quantity.span,
        head_end=head_end,
        right_end=min(right_end, head_end + _RIGHT_CHARS),
        digits=r.quantity.number_span[0],
    )
    return CountReading(
        quantity=r.quantity,
        measure=cast(Measure, r.measure),
        status=cast(Status | None, r.status),
        cumulative=r.cumulative,
        species=r.species,
        window=window,
        head=r.head_key,
        inherits=r.inherits,
        scope=r.scope,
        part=r.part,
        frame=r.frame,
    )


def _drop_back_references(text: str, counts: list[CountMention]) -> list[CountMention]:
    """A figure already counted, named again, is not a second claim: 'One of the six people
    who died had tested positive' ("the six" points back), or 'a death toll of 68 among 2.9
    million patients would be ...' (the same figures again, with nothing new said of them:
    no status, period or date)."""
    first: dict[tuple[int, str, str | None, str | None, str], CountMention] = {}
    out = []
    for c in counts:
        key = (c.value, c.measure, c.country, c.admin1, c.species)
        earlier = first.get(key)
        if earlier is not None and (
            _adds_nothing(c, earlier)
            or _OF_THE_BEFORE.search(text, max(0, c.span[0] - 16), c.span[0])
        ):
            continue
        first.setdefault(key, c)
        out.append(c)
    return out


def _adds_nothing(later: CountMention, earlier: CountMention) -> bool:
    return (
        later.status in (None, earlier.status)
        and later.cumulative in (None, earlier.cumulative)
        and later.date in (None, earlier.date)
    )


def _read_increments(text: str, readings: list[_Reading]) -> None:
    """ "Cases rose by 1,234 to 45,678": the first number is new cases, the second the
    running total; both count what the total counts."""
    for increment, total in itertools.pairwise(readings):
        if total.measure is None or increment.sentence != total.sentence:
            continue
        gap = text[increment.quantity.span[1] : total.quantity.span[0]]
        if not _TO.fullmatch(gap) or not _RISE_BY.search(
            text, max(0, increment.quantity.span[0] - 40), increment.quantity.span[0]
        ):
            continue
        increment.measure = total.measure
        increment.status = increment.status or total.status
        increment.species = total.species
        increment.cumulative = False
        total.cumulative = True


_TO = re.compile(rf"\s+{_words('rise_to')}\s+", re.IGNORECASE)
_RISE_BY = re.compile(rf"\b{_words('rise_verbs')}\s+{_words('by')}\s+$", re.IGNORECASE)


def _drop_headline_repeats(text: str, counts: list[CountMention]) -> list[CountMention]:
    """A headline figure that the body repeats ("deaths rise to 42" ... "42 people have
    died") is one claim, not two: keep the body's, which has its sentence and its source."""
    end = _headline_end(text)
    if end == 0:
        return counts
    in_body = {(c.value, c.measure) for c in counts if c.span[0] >= end}
    return [c for c in counts if c.span[0] >= end or (c.value, c.measure) not in in_body]


def _headline_end(text: str) -> int:
    """End of a headline line opening the text (short, no final full stop), else 0."""
    newline = text.find("\n")
    if newline <= 0 or newline > _HEADLINE_MAX:
        return 0
    line = text[:newline].rstrip()
    return 0 if line.endswith((".", "!", "?")) else newline


_HEADLINE_MAX = 200


def _cue_matches(
    text: str,
    diseases: Sequence[DiseaseMention],
    locations: Sequence[LocationMention],
    cues: _Cues,
) -> list[Match[tuple[str, str]]]:
    """Status and period cues of the text, less those inside disease or place names."""
    disease_spans = [span for d in diseases for span in d.mentions]
    place_spans = sorted(span for loc in locations for span in loc.mentions)
    place_starts = [s for s, _ in place_spans]
    out = []
    for m in sorted(cues.ruler.find(text), key=lambda m: m.start):
        if _inside(place_spans, place_starts, m.start, m.end) or (
            text[m.start : m.end].lower() in cues.name_prefixes
            and _is_name_part(text, m.start, m.end)
        ):
            continue  # "New Brunswick", "New York": not a new count
        if m.value[0] == "symptom" and (
            cues.fever_diseases.match(_tokens(text[max(0, m.start - 30) : m.start]))
            or any(s < m.start and m.end <= e for s, e in disease_spans)
        ):
            continue
        out.append(m)
    return out


def _inside(spans: list[Span], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _is_name_part(text: str, start: int, end: int) -> bool:
    """A capitalised cue followed by a capitalised word is part of a name ("New Delhi")."""
    if not text[start].isupper():
        return False
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and nxt.group(1)[0].isupper()


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z])")


def _blocked_spans(
    diseases: Sequence[DiseaseMention],
    locations: Sequence[LocationMention],
    dates: Sequence[DateMention],
    sources: Sequence[SourceMention],
    resources: Sequence[ResourceMention],
) -> list[Span]:
    spans: list[Span] = []
    for d in diseases:
        spans.extend(d.mentions)
        spans.extend(d.pathogen_mentions)
    for loc in locations:
        spans.extend(loc.mentions)
    spans.extend(d.span for d in dates)
    spans.extend(s.span for s in sources)
    spans.extend(r.span for r in resources)
    return sorted(spans)


def _is_blocked(doc: _Doc, span: Span) -> bool:
    """Whether ``span`` overlaps a date, name, source or supply span of another extractor."""
    i = bisect.bisect_left(doc.blocked_starts, span[1])
    for j in range(i - 1, max(-1, i - 10), -1):  # spans are short: a few steps back suffice
        start, end = doc.blocked[j]
        if end > span[0] and start < span[1]:
            return True
    return False


def _group_by_sentence(
    ctx: TextContext, quantities: list[Quantity]
) -> list[tuple[int, list[Quantity]]]:
    groups: dict[int, list[Quantity]] = {}
    for q in quantities:
        groups.setdefault(ctx.sentence_index(q.span[0]), []).append(q)
    return sorted(groups.items())


def _read_sentence(
    ctx: TextContext, index: int, quantities: list[Quantity], doc: _Doc
) -> list[_Reading]:
    text = ctx.text
    sent_start, sent_end = ctx.sentences[index] if index >= 0 else (0, len(text))
    readings: list[_Reading] = []
    cues = _cues()
    # Numbers that are never counts (ages, dates ...) do not cut the context of the others:
    # "Two patients, aged 19 and 34, remain in hospital".
    candidates = [q for q in quantities if not _is_excluded(text, q, sent_start, doc, cues)]
    clause_start = sent_start  # where the current number's own left context begins
    for i, q in enumerate(candidates):
        right_end = candidates[i + 1].span[0] if i + 1 < len(candidates) else sent_end
        if i + 1 < len(candidates) and _OF_THE.fullmatch(
            text, q.span[1], candidates[i + 1].span[0]
        ):
            # "9 of the 14 cases had died": the nine's words run past the fourteen.
            right_end = candidates[i + 2].span[0] if i + 2 < len(candidates) else sent_end
        right_end = min(right_end, q.span[1] + _RIGHT_CHARS)
        left_start = max(clause_start, q.span[0] - _LEFT_CHARS)
        left_start = max(left_start, text.rfind(";", left_start, q.span[0]) + 1)
        reading = _read_one(text, q, index, left_start, right_end, doc)
        if reading is None:
            continue
        if reading.measure is not None or reading.status_only is not None:
            # A number that counts nothing may still have its words name the next one's
            # measure ("increased from 61 to 70"): only counts cut the context.
            clause_start = max(q.span[1], reading.head_end)
        readings.append(reading)
    _resolve_pending(text, readings, doc)
    for parent, r in itertools.pairwise(readings):
        # "a total of 3,526, with 17 deaths": a sub-count shares its parent's period.
        if r.inherits and r.cumulative is None and not r.stock:
            r.cumulative = parent.cumulative
    _share_pair_frame(text, readings, doc)
    _share_bracket_periods(text, readings)
    if readings and _WEEK_ROW.match(text, sent_start, sent_end):
        for r in readings:
            # "Week 8 (16 - 22 February) 14 cases": a row of weekly figures
            r.cumulative = False if r.cumulative is None and not r.stock else r.cumulative
    if readings:
        _apply_sentence_cumulative(sent_start, sent_end, readings, doc)
        _share_sentence_period(text, readings)
    return readings


def _share_pair_frame(text: str, readings: list[_Reading], doc: _Doc) -> None:
    """ "a total of 412 cases and 9 deaths of suspected dengue": the second figure of a pair
    shares the first's period, and a status word after the pair scopes both."""
    for prev, r in itertools.pairwise(readings):
        if (
            prev.sentence != r.sentence
            or prev.measure not in _STATUS_MEASURES
            or r.measure not in _STATUS_MEASURES
            or prev.measure == r.measure
            or prev.stock
            or r.stock
            or not _PAIR_LINK.fullmatch(
                text, max(prev.head_end, prev.quantity.span[1]), r.quantity.span[0]
            )
        ):
            continue
        if r.cumulative is None:
            r.cumulative = prev.cumulative
        if prev.status is None and doc.cues_in(r.quantity.span[1], r.head_end, "status"):
            prev.status = r.status
        elif r.status is None and _labels_pair(text, prev, doc):
            r.status = prev.status  # "confirmed (52 cases and 33 deaths)": a row's label


def _labels_pair(text: str, first: _Reading, doc: _Doc) -> bool:
    """A status word that opens a bracket (or a colon) right before the pair's first figure."""
    left = doc.cues_in(first.left_start, first.quantity.span[0], "status")
    return (
        bool(left)
        and _LABEL_OPENING.fullmatch(text, left[-1][1], first.quantity.span[0]) is not None
    )


_LABEL_OPENING = re.compile(r"\s*[(:]\s*")


# Between the two figures of a pair: "412 cases and 9 deaths", "512 cases, including 12 deaths".
_PAIR_LINK = re.compile(rf"\s*(?:,\s*)?{_words('pair_links')}\s*", re.IGNORECASE)


def _in_brackets(text: str, pos: int) -> bool:
    opening = text.rfind("(", max(0, pos - 80), pos)
    return opening >= 0 and ")" not in text[opening:pos]


_WEEK_ROW = re.compile(
    rf"\s*(?:{_words('week_prefixes')}\s+)?{_words('week')}\s+\d{{1,2}}\b"
    rf"(?!\s+{_words('of')}\b)",
    re.IGNORECASE,
)


def _share_sentence_period(text: str, readings: list[_Reading]) -> None:
    """ "7 new cases and 5 deaths were reported from Gueckedou (4 cases and 5 deaths) and
    Boffa (3 cases)": figures after a new count, with no word of their own, break it down
    and are new too (after a running total they may be parts or comparisons: left alone)."""
    new = False
    for r in readings:
        if r.cumulative is not None:
            if _in_brackets(text, r.quantity.span[0]):
                continue  # "57 deaths (3 new probable deaths ...); and 43 suspected cases"
            new = r.cumulative is False
        elif new and not r.stock and r.measure in ("cases", "deaths"):
            r.cumulative = False


def _share_bracket_periods(text: str, readings: list[_Reading]) -> None:
    """ "34 new cases (7 confirmed, 3 probable and 24 suspected)": the breakdown in brackets
    right after a count has that count's period."""
    parent: _Reading | None = None
    for r in readings:
        if parent is not None and r.quantity.span[0] < _bracket_end(text, parent):
            if r.cumulative is None and not r.stock:
                r.cumulative = parent.cumulative
            continue
        parent = r if _BRACKET_AFTER.match(text, max(r.head_end, r.quantity.span[1])) else None


_BRACKET_AFTER = re.compile(r"\s*\(")


def _bracket_end(text: str, parent: _Reading) -> int:
    opening = text.find("(", max(parent.head_end, parent.quantity.span[1]))
    closing = text.find(")", opening)
    return len(text) if closing < 0 else closing


def _read_one(
    text: str, q: Quantity, sentence: int, left_start: int, right_end: int, doc: _Doc
) -> _Reading | None:
    """Read one number, or None when it is not a count (see the module docstring)."""
    cues = _cues()
    reading = _Reading(q, sentence, head_end=q.span[1], left_start=left_start)
    head_start = q.span[1]
    vague_of = _VAGUE_OF.match(text, head_start, right_end)
    if vague_of is not None and _is_vague(text[q.number_span[0] : q.number_span[1]]):
        head_start = vague_of.end()  # "dozens of people", "tens of thousands of cases"
    words = _Words.of(text, head_start, right_end)
    head = _find_head(words, 0, cues)
    if head is not None and _is_next_label(text, words, head[0]):
        head = None  # "Total outbreak : 3919 Hospitalizations : 1905": the next field's label
    if head is None:
        of_the = _OF_THE.match(text, head_start, right_end)
        if of_the is not None:
            # "Seven of the confirmed patients have died": the noun after "of the" is whom
            # the number counts ("seven of the nine regions" is then excluded by its noun).
            partitive_words = _Words.of(text, of_the.end(), right_end)
            partitive_head = _find_head(partitive_words, 0, cues)
            if partitive_head is not None:
                head_start, words, head = of_the.end(), partitive_words, partitive_head
                reading.partitive = True  # a part of cases named before
    if head is None:
        skipped = _skip_disease_name(text, head_start, right_end, doc)
        if skipped != head_start:
            head_start = skipped
            words = _Words.of(text, head_start, right_end)
            head = _find_head(words, 0, cues)
    kind: HeadKind | None = None
    head_measure: str | None = None
    after_head = 0
    reading.other_noun = head is None and _names_other_noun(words, cues)
    if head is not None:
        after_head, reading.head_key = head
        if reading.head_key in cues.pronoun_heads:
            # "two of these provinces": the noun after the pronoun is what is counted
            # ("60 of these 83 cases": past the whole's number).
            noun = _find_head(words, after_head, cues) or _head_past_number(words, after_head, cues)
            if noun is not None and cues.head_kind[noun[1]][0] == "exclude":
                return None
            if noun is not None:
                # "16 of these cases have died": the noun after the pronoun is the head;
                # "7 of these cases" are a part of cases named before.
                after_head, reading.head_key = noun
                reading.partitive = True
            else:
                # "34 of them double-deckers": they count what the noun names
                reading.other_noun = _names_other_noun(
                    _Words.of(text, words.ends[after_head - 1], right_end), cues
                )
        kind, head_measure = cues.head_kind[reading.head_key]
        if kind == "measure" and reading.head_key in _ADJECTIVE_HEADS:
            # "dozens of dead seals": the adjective says what, the noun after it whom.
            noun = cues.heads.match(words.words, after_head)
            if noun is not None and cues.head_kind[noun[1]][0] in ("animal", "person"):
                if cues.head_kind[noun[1]][0] == "animal":
                    reading.species = "animal"
                after_head += noun[0]
        reading.head_end = words.ends[after_head - 1]
        if kind == "exclude" or cues.per_rate.match(text, reading.head_end, right_end):
            return None  # "12 days", "12 cases per 1,000 population"
    if kind == "animal":
        reading.species = "animal"
    predicate = _find_predicate(words, after_head, cues)
    if predicate is not None and (
        _NUMBER_OF_THE_BEFORE.search(text, max(0, q.span[0] - 40), q.span[0])
        or (
            not text[words.ends[predicate[0] - 1] : right_end].strip()
            and right_end < len(text)
            and text[right_end].isalnum()
        )
    ):
        # "9 of the 14 cases had died": the verb belongs to the nine, not to the fourteen;
        # "has sickened 1,500 people and killed 31": "killed" governs the number after it.
        predicate = None
    if (
        predicate is not None
        and predicate[1] in cues.weak_predicates
        and not _names_disease_in(doc, sentence)
    ):
        predicate = None  # "8 million were affected by the floods"
    predicate_measure = None
    if predicate is not None:
        predicate_measure = cues.predicate_measure.get(predicate[1])
        if predicate_measure is not None and predicate_measure.endswith("_now"):
            predicate_measure, reading.stock = predicate_measure[:-4], True
    left = _tokens(text[left_start : q.span[0]])
    if _is_rate_value(left, cues):
        return None
    bare_left = _strip_punctuation(left)
    reading.inherits = (
        cues.inherit_link.match(bare_left) is not None
        and cues.inherit_exception.match(bare_left) is None
    )
    if kind is None and predicate is None and _PARTITIVE.match(text, head_start, right_end):
        return None  # "seven of the nine regions": the number counts what follows "of"
    if kind is None and predicate is None and _brings_total(text, left, reading, right_end):
        return reading  # "These 2 new cases bring to 4 the number stricken"
    if kind is None and predicate is None and _bracketed_after_place(text, q, doc):
        # "the United Kingdom (207), Spain (156)": the measure the sentence named before the
        # list ("confirmed cases with no deaths - Austria (1)": cases), else the last count's
        reading.measure, new = _list_measure(text, q, doc, cues)
        reading.status = _list_status(text, q, doc, cues) if reading.measure else None
        reading.cumulative = False if new else None
        reading.inherit_measure = reading.measure is None
        reading.cases_by_default = False
        reading.head_end = q.span[1] + 1
        return reading
    reading.measure = _measure(left, kind, head_measure, predicate_measure, reading, cues)
    if reading.measure == "cases" and _FATAL_IN_BEFORE.search(
        text, max(doc.ctx.sentence_span(q.span[0])[0], q.span[0] - 80), q.span[0]
    ):
        reading.measure = "deaths"  # "fatal in 8 confirmed cases", "the death of 9 cases"
    if reading.measure in ("cases", "tested") and _counts_positive_specimens(
        text, q, reading, kind is None, right_end, doc
    ):
        reading.measure = "other"
    if _is_single_person(text, q) and (
        (predicate_measure is None and not _verb_before(left, cues))
        or cues.described_person.match(_strip_punctuation(left)) is not None
        or _DESCRIBED_SUBJECT.match(text, doc.ctx.sentence_span(q.span[0])[0], q.span[0])
        or _generic_person(text, left, reading, cues)
    ):
        # "a 64-year-old man with 4 sons": a person, not a case; "the initial case was a
        # 7-month-old child who recovered": a case already counted, described
        return None
    # "The 10 countries (Benin, ..., Sudan) reported a total of 11 647": the countries named
    # before the total ("Hong Kong: ... a cumulative total of 970 cases, second to China" is
    # Hong Kong's); a flattened table's totals row under its country rows.
    named_total = len(left) >= 2 and left[-2] in cues.total_labels
    if (named_total and _names_countries(doc, sentence, before=q.span[0])) or (
        # (a row's words are read only in a sentence that names countries)
        _names_countries(doc, sentence)
        and _row_label(_tokens(text[max(0, q.span[0] - _ROW_CHARS) : q.span[0]]))
        in cues.total_labels
    ):
        reading.scope = "multi_country"  # "... Sierra Leone Cases 11 ... Totals Cases 22"
    if predicate is not None and reading.measure is not None and predicate_measure is not None:
        reading.head_end = max(reading.head_end, words.ends[predicate[0] - 1])
    if reading.measure == "other" and kind is None and _is_cull(predicate):
        reading.species = "animal"  # people are not culled
    if kind == "measure" and cues.animal_after.match(
        text, reading.head_end, min(len(text), reading.head_end + _ANIMAL_REACH)
    ):
        reading.species = "animal"  # "8 cases of Hendra virus in horses"
    if reading.measure is None and kind is None:
        reading.status_only = _status_right_after(text, q, right_end, doc)
    if reading.measure == "active" or (kind == "measure" and head_measure == "other"):
        reading.stock = True  # under treatment, contacts followed: neither new nor cumulative
    after = predicate[0] if predicate is not None and predicate_measure else after_head
    reading.head_end = max(reading.head_end, _status_after(words, after, doc, cues))
    symptom = _WITH_SYMPTOM.match(text, reading.head_end, right_end)
    if symptom is not None and reading.measure is not None:
        reading.head_end = symptom.end()  # "fell ill with fever": suspected
    reading.status = _status(q, left_start, reading, doc) or reading.status_only
    if reading.cumulative is None:
        reading.cumulative = _local_cumulative(q, left_start, reading, doc)
    column = _first_column(text, q, doc) if reading.measure in _STATUS_MEASURES else None
    if column is not None:
        # "New Confirmed ... Totals Guinea Cases 36 423 ... 579": the row's first figure
        # is what the header's first column says (the others are not read)
        reading.status, reading.cumulative = column
    return reading


def _counts_positive_specimens(
    text: str, q: Quantity, reading: _Reading, headless: bool, right_end: int, doc: _Doc
) -> bool:
    """ "25 samples tested positive", "Out of 9 samples tested, 5 were confirmed": positive
    samples, neither people tested (the samples tested are more) nor cases (a person may
    give several samples)."""
    if reading.head_key in _SPECIMEN_HEADS:
        if _WHOLE_BEFORE.search(text, max(0, q.span[0] - 20), q.span[0]):
            return False  # "28 out of the 118 samples were positive": the 118 were tested
        return (
            _POSITIVE_AFTER.match(text, reading.head_end, right_end) is not None
            or _FOUND_IN_BEFORE.search(text, max(0, q.span[0] - 30), q.span[0]) is not None
        )
    if not headless:
        return False
    start = max(doc.ctx.sentence_span(q.span[0])[0], q.span[0] - _SPECIMEN_REACH)
    return _SPECIMENS_BEFORE.search(text, start, q.span[0]) is not None


_WHOLE_BEFORE = re.compile(
    rf"(?:%|\b{_words('share_before')}|\d)\s+{_words('of')}\s+(?:{_words('share_articles')}\s+)?$",
    re.IGNORECASE,
)
# "the virus was isolated in 2 samples": samples found positive.
_FOUND_IN_BEFORE = re.compile(
    rf"\b{_words('found_verbs')}\s+{_words('found_in')}\s+(?:{_words('the')}\s+)?$",
    re.IGNORECASE,
)
_SPECIMEN_HEADS = frozenset(_EN["specimen_heads"])
_SPECIMEN_REACH = 80
# After specimens: they were positive ("25 samples tested positive", "115 specimens of
# cerebral spinal fluid found positive"), not "1,254 tests since the first case was confirmed".
_POSITIVE_AFTER = re.compile(
    rf"(?:\s+{_words('of')}\s+(?:[\w-]+\s+){{1,4}}?)?\s*(?:{_words('positive_fillers')}\s+){{0,3}}"
    rf"{_words('positive_words')}\b",
    re.IGNORECASE,
)
# "Of the 12 specimens collected, 4 were positive": the number counts the specimens.
_SPECIMENS_BEFORE = re.compile(
    rf"\b{_words('specimens_of')}\s+(?:(?:{_words('definite_articles')}|{_words('all')})\s+)?"
    rf"(?:[\d,]+\s+|\w+\s+)?(?:[\w-]+\s+){{0,2}}?{_words('specimen_nouns')}\b[^.;\d]*$",
    re.IGNORECASE,
)


def _row_label(left: tuple[str, ...]) -> str | None:
    """The label of a flattened table row a number stands in: the word before its measure
    label and the row's figures ("Totals Cases 221 1460 ... 2473 Deaths 106": totals)."""
    i = len(left) - 1
    if i < 1 or left[i] not in _ROW_MEASURES:
        return None
    while i > 0 and (left[i] in _ROW_MEASURES or left[i].replace(",", "").isdigit()):
        i -= 1
    return left[i] if len(left) - i <= _ROW_REACH else None


# Between a row's place and its first figure in a flattened table: the row's measure label.
_ROW_START = re.compile(rf"\s+{_words('row_measures')}\s*:?\s*")
_ROW_MEASURES = frozenset(label.lower() for label in _EN["row_measures"])
_ROW_REACH = 14
_ROW_CHARS = 120


def _names_countries(doc: _Doc, sentence: int, before: int | None = None) -> bool:
    """Whether the sentence names two countries or more (before ``before`` if given)."""
    if sentence < 0:
        return False
    start, end = doc.ctx.sentences[sentence]
    if before is None:
        return sum(1 for s in doc.country_starts if start <= s < end) >= 2
    # "Canada: ... Health Canada has reported a total of 94": one country named twice
    return len({c for s, c in doc.country_at.items() if start <= s < min(end, before)}) >= 2


def _names_disease_in(doc: _Doc, sentence: int) -> bool:
    if sentence < 0 or not doc.disease_spans:
        return False
    start, end = doc.ctx.sentences[sentence]
    i = bisect.bisect_left(doc.disease_starts, start)
    return i < len(doc.disease_starts) and doc.disease_starts[i] < end


def _names_other_noun(words: _Words, cues: _Cues) -> bool:
    """A plain word that is no head follows the number ("4 sons"): it counts that."""
    first = words.words[0] if words.words else ""
    return first[:1].isalpha() and first not in cues.stops and first not in cues.modifiers


def _list_measure(text: str, q: Quantity, doc: _Doc, cues: _Cues) -> tuple[str | None, bool]:
    """The last measure noun of the sentence before a list of places and figures, unless
    negated ("cases with no deaths"): what the list counts; and whether it is said to be
    new ("New cases were reported in Canada (5), ...")."""
    start = doc.ctx.sentence_span(q.span[0])[0]
    tokens = _tokens(text[start : q.span[0]])
    for i in range(len(tokens) - 1, -1, -1):
        kind, measure = cues.head_kind.get(tokens[i], ("", None))
        if kind == "measure" and measure in ("cases", "deaths"):
            if i and tokens[i - 1] in cues.list_negations:
                continue
            if i >= 2 and tokens[i - 2] in _ASIDE_WORDS and tokens[i - 1][:1].isdigit():
                continue  # "11 cases, including 2 deaths, from Taif (5), ...": cases
            return measure, i > 0 and tokens[i - 1] in _NEW_WORDS
    return None, False


def _list_status(text: str, q: Quantity, doc: _Doc, cues: _Cues) -> str | None:
    """The status word right before the measure noun a list of places counts ("laboratory
    confirmed cases with no deaths - Austria (1), ...": confirmed)."""
    start = doc.ctx.sentence_span(q.span[0])[0]
    tokens = _tokens(text[start : q.span[0]])
    for i in range(len(tokens) - 1, 0, -1):
        kind, measure = cues.head_kind.get(tokens[i], ("", None))
        if kind == "measure" and measure in ("cases", "deaths"):
            if tokens[i - 1] in cues.list_negations:
                continue
            for width in (2, 1):
                status = cues.status_of.get(" ".join(tokens[max(0, i - width) : i]))
                if status is not None:
                    return status
            return None
    return None


_NEW_WORDS = frozenset(_EN["new_words"])
_ASIDE_WORDS = frozenset(_EN["aside_words"])


def _bracketed_after_place(text: str, q: Quantity, doc: _Doc) -> bool:
    """A bare number right after a place's name, in brackets ("Spain (156)") or in a list
    ("Mali 7,254 and Niger 16,145 cases")."""
    before = text[max(0, q.span[0] - 3) : q.span[0]]
    if before.rstrip().endswith("(") and _CLOSING.match(text, q.span[1]):
        opening = text.rfind("(", 0, q.span[0])
        return len(text[:opening].rstrip()) in doc.place_ends
    end = len(text[: q.span[0]].rstrip())
    return (
        end in doc.place_ends and end < q.span[0] and _LIST_NEXT.match(text, q.span[1]) is not None
    )


_CLOSING = re.compile(r"\s*\)")
_LIST_NEXT = re.compile(rf"\s*(?:,|;|{_words('and')}\b|\.(?:\s|$))")


def _brings_total(text: str, left: tuple[str, ...], reading: _Reading, right_end: int) -> bool:
    """ "bring to 4 the number (stricken)": a running total of the previous count's measure."""
    cues = _cues()
    if cues.bring_to.match(_strip_punctuation(left)) is None:
        return False
    total = cues.total_after.match(text, reading.quantity.span[1], right_end)
    if total is None:
        return False
    reading.inherit_measure, reading.cumulative = True, True
    reading.head_end = total.end()
    return True


def _status_right_after(text: str, q: Quantity, right_end: int, doc: _Doc) -> str | None:
    """ "31 probable": a status word straight after a number that has no head of its own."""
    after = doc.cues_in(q.span[1], min(right_end, q.span[1] + 30), "status")
    if after and not text[q.span[1] : after[0][0]].strip():
        return after[0][2]
    return None


# Partitives: "seven of the nine regions", "9 of the 14 cases", "one of the six who died".
_PARTITIVE = re.compile(rf"\s+{_words('of')}\b", re.IGNORECASE)
# How far after a count its animals may be named ("have been diagnosed among 2 500 horses").
_ANIMAL_REACH = 90
_OF_THE_WORDS = _words("of_the")
_OUT_OF = _words("out_of")
# After a number, up to the noun: "of the", "of all the 14".
_OF_THE = re.compile(
    rf"\s+(?:{_OF_THE_WORDS}\s+(?:\d[\d,]*\s+)?|{_OUT_OF}\s+(?:\d[\d,]*\s+)?)", re.IGNORECASE
)
# Right before a number: it points back to a whole already named ("the six who died").
_OF_THE_BEFORE = re.compile(rf"\b{_OF_THE_WORDS}\s+$", re.IGNORECASE)
# A number, then "of the", before a number: that one is the whole the first is part of.
# "147 tigers out of 441 died": a noun may stand between the part and "out of".
_NUMBER_OF_THE_BEFORE = re.compile(
    rf"(?:\d|\b{_words('part_numbers')})\s+(?:[a-z]+\s+)?(?:{_OF_THE_WORDS}|{_OUT_OF})\s+$",
    re.IGNORECASE,
)
# "fell ill with fever", "174,440 new cases of fever": counted by symptom, so suspected
# ("cases of yellow fever" name a disease and do not match).
_WITH_SYMPTOM = re.compile(
    rf"\s+{_words('symptom_before')}\s+(?:{_words('symptom_articles')}\s+)?"
    rf"(?:{_words('symptom_adjectives')}\s+)?{_words('symptoms')}\b",
    re.IGNORECASE,
)
_ADJECTIVE_HEADS = frozenset(_EN["adjective_heads"])


def _skip_disease_name(text: str, start: int, end: int, doc: _Doc) -> int:
    """Skip a disease name right after the number ("1,050 hand, foot and mouth disease cases")."""
    i = bisect.bisect_left(doc.disease_starts, start)
    if i < len(doc.disease_spans):
        s, e = doc.disease_spans[i]
        if e <= end and not text[start:s].strip():
            return e
    return start


_VAGUE_OF = re.compile(rf"\s+{_words('of')}\s+", re.IGNORECASE)


def _is_vague(number_text: str) -> bool:
    """ "dozens", "hundreds", "thousands", "a handful": nouns that take "of"."""
    lowered = number_text.lower()
    return lowered.endswith("s") or lowered.endswith("handful")


def _strip_punctuation(tokens: tuple[str, ...]) -> tuple[str, ...]:
    end = len(tokens)
    while end and tokens[end - 1] in (",", ":", "(", "-", "–"):
        end -= 1
    return tokens[:end]


def _is_rate_value(left: tuple[str, ...], cues: _Cues) -> bool:
    """ "the attack rate was 12", "incidence reached 3": the number is a rate."""
    link = cues.left_link.match(left)
    if link is None:
        return False
    rest = left[: len(left) - link[0]]
    return any(token in cues.rate_nouns for token in rest[-4:])


def _is_cull(predicate: tuple[int, str] | None) -> bool:
    return predicate is not None and any(
        w in predicate[1] for w in ("cull", "destroy", "slaughter", "euthan", "stamp")
    )


def _find_head(words: _Words, i: int, cues: _Cues) -> tuple[int, str] | None:
    """(index after, phrase) of the head noun after up to four modifiers, or None.

    "392,920 new fever cases": "new" and "fever" are modifiers, "cases" the head. A stop
    word, a punctuation mark, or an -ed/-ing word that is not a known modifier ("12 trucks
    carrying cases") ends the search.
    """
    w = words.words
    if i < len(w) and w[i] == "(":
        i += 1
    for _ in range(5):
        if i >= len(w):
            return None
        found = cues.heads.match(w, i)
        if found is not None:
            return i + found[0], found[1]
        if not _is_modifier(w[i], cues):
            return None
        i += 1
    return None


def _head_past_number(words: _Words, i: int, cues: _Cues) -> tuple[int, str] | None:
    """The head after a number at ``i`` ("of these 83 cases"), else None."""
    if i < len(words.words) and words.words[i][0].isdigit():
        return _find_head(words, i + 1, cues)
    return None


def _is_modifier(word: str, cues: _Cues) -> bool:
    if not word[0].isalpha() or word in cues.stops:
        return False
    if word in cues.modifiers or "-" in word:
        return True
    return not (word.endswith("ing") or word.endswith("ed"))


def _find_predicate(words: _Words, i: int, cues: _Cues) -> tuple[int, str] | None:
    """(index after, phrase) of a predicate ("have died", "are under treatment"), or None.

    Before it may come an aside between commas (", aged 19 and 34,"), a short place phrase
    ("in Texas", "on the farm"), a second noun ("and turkeys") and up to four auxiliaries
    ("have since").
    """
    w = words.words
    bases = [i]
    if i < len(w) and w[i] == ",":
        close = _closing_comma(words, i)
        if close is not None:
            bases.insert(0, close + 1)
    for base in bases:
        if base < len(w) and w[base] == ",":
            base += 1
        base = _past_age_phrase(w, base, cues)
        starts = [base]
        if base + 1 < len(w) and w[base] in ("in", "at", "from", "on", "near"):
            starts += [base + 2, base + 3]
            if w[base + 1] in ("a", "an", "the"):
                starts.append(base + 4)  # "on a cruise ship"
        elif base + 1 < len(w) and w[base] in ("and", "or"):
            starts.append(base + 2)
        for start in starts:
            found = _predicate_from(w, start, cues, floor=i)
            if found is not None and not _is_adjective(w, i, found, cues):
                return found
    return None


def _is_adjective(w: Sequence[str], i: int, found: tuple[int, str], cues: _Cues) -> bool:
    """ "30,000 contracted teaching staff": a participle right after the number and before
    a noun describes the noun; it says nothing happened to them."""
    end, phrase = found
    return (
        end - len(phrase.split()) == i
        and " " not in phrase
        and end < len(w)
        and w[end][:1].isalpha()
        and w[end] not in cues.stops
        and w[end] not in cues.after_predicate
    )


def _past_age_phrase(w: Sequence[str], i: int, cues: _Cues) -> int:
    """Past an age phrase ("children under the age of 5 have fallen ill"), else ``i``."""
    if i >= len(w) or w[i] not in cues.age_openers:
        return i
    for j in range(i + 1, min(len(w), i + 6)):
        if w[j][0].isdigit():
            k = j + 1
            while k < len(w) and w[k] in cues.age_closers:
                k += 1
            return k
    return i


def _runs_into_noun(w: Sequence[str], i: int, length: int, cues: _Cues) -> bool:
    """ "cases in hospital staff": a place phrase that goes on with a noun is no predicate."""
    if w[i] not in ("in", "on", "under"):
        return False
    nxt = i + length
    return nxt < len(w) and w[nxt][0].isalpha() and w[nxt] not in cues.stops


def _closing_comma(words: _Words, i: int) -> int | None:
    for j in range(i + 1, min(len(words.words), i + 12)):
        if words.words[j] in (".", ";"):
            return None
        if words.words[j] == ",":
            return j if words.starts[j] - words.ends[i] <= 45 else None
    return None


def _predicate_from(
    w: Sequence[str], i: int, cues: _Cues, floor: int = 0
) -> tuple[int, str] | None:
    if i < len(w) and w[i] == ",":
        i += 1
    for _ in range(5):
        if i >= len(w):
            return None
        found = cues.predicates.match(w, i)
        if found is not None and not _runs_into_noun(w, i, found[0], cues):
            if i > floor and w[i - 1] in cues.adjective_determiners:
                return None  # "people in the affected districts": an adjective
            return i + found[0], found[1]
        aux = cues.auxiliaries.match(w, i)
        if aux is None:
            return None
        i += aux[0]
    return None


# Three or more numbers in a row, spaces between ("Cases 5 304 98 13 415 Deaths 4 ..."): cells
# of a table flattened into running text, whose rows and columns are lost. Numbers with
# thousands separated by spaces ("3 806 cases") are one quantity and never reach here; a
# lone pair ("in week 14 12 cases") is not a table.
_TWO_NUMBERS_BEFORE = re.compile(r"\d[ \t]+\d+[ \t]+$")
_NUMBER_BEFORE = re.compile(r"\d[ \t]+$")
_NUMBER_AFTER = re.compile(r"[ \t]+\d")


def _first_column(text: str, q: Quantity, doc: _Doc) -> tuple[str | None, bool | None] | None:
    """What the first column of a flattened table says of the first figure of a row
    ("... Guinea Cases 36 423 140"), from the header run before the first row ("New (1)
    Confirmed Probable Suspect Totals by country"); None when the number opens no row."""
    n_start, n_end = q.number_span
    if not _NUMBER_AFTER.match(text, n_end) or not _ROW_LABEL_BEFORE.search(
        text, max(0, n_start - 10), n_start
    ):
        return None
    start, end = doc.ctx.sentence_span(n_start)
    if start not in doc.first_columns:
        doc.first_columns[start] = _header_first_column(text, start, end)
    return doc.first_columns[start]


def _header_first_column(text: str, start: int, end: int) -> tuple[str | None, bool | None] | None:
    first_row = _ROW_LABEL_THEN_NUMBER.search(text, start, end)
    if first_row is None:
        return None
    words = _cues().column_words
    tokens = _tokens(text[start : first_row.start()])
    i = len(tokens) - 1
    while i >= 0 and tokens[i] not in words:
        i -= 1  # the first row's place ("Guinea"), "by country"
    labels = []
    while i >= 0 and (tokens[i] in words or tokens[i] in "()" or tokens[i].isdigit()):
        if tokens[i] in words:
            labels.append(tokens[i])
        i -= 1
    # one word is the table's title ("Totals by country"), not a row of column labels
    return words[labels[-1]] if len(labels) >= 2 else None


# The labels of a table's rows, as written (capitalised): "Guinea Cases 36 423 140".
_ROW_LABELS = en.alternation(_EN["row_labels"])
_ROW_LABEL_BEFORE = re.compile(rf"\b(?:{_ROW_LABELS})\s*:?\s*\Z")
_ROW_LABEL_THEN_NUMBER = re.compile(rf"\b(?:{_ROW_LABELS})\s*:?\s*\d")


def _in_flat_table(text: str, n_start: int, n_end: int, floor: int) -> bool:
    window = max(floor, n_start - 24)
    if _TWO_NUMBERS_BEFORE.search(text, window, n_start):
        return True
    return bool(_NUMBER_BEFORE.search(text, window, n_start) and _NUMBER_AFTER.match(text, n_end))


def _is_excluded(text: str, q: Quantity, floor: int, doc: _Doc, cues: _Cues) -> bool:
    """Numbers that are never counts, whatever follows them (``floor``: sentence start)."""
    value = q.value
    if value < 0 or value > _MAX_VALUE or value != int(value):
        return True
    if doc.blocked and _is_blocked(doc, q.number_span):
        return True
    n_start, n_end = q.number_span
    if n_start > 0 and text[n_start - 1] in "$€£¥₹₦₩#+":
        return True
    if text.startswith("0", n_start) and n_end - n_start > 1 and text[n_start + 1].isdigit():
        return True  # "Vibrio cholerae 01 Ogawa", "case 007": a code, never a count
    after_end = min(len(text), n_end + 24)
    if cues.after_excluded.match(text, n_end, after_end):
        return True
    if cues.month_after.match(text, n_end, after_end):
        return True
    if _in_flat_table(text, n_start, n_end, floor):
        return True
    before = _tokens(text[max(floor, n_start - 40) : n_start])
    if cues.before_excluded.match(before) and not _tops_a_figure(before, q):
        return True
    if q.span[0] < n_start:  # "a population of approximately 300 million"
        outside = _tokens(text[max(floor, q.span[0] - 40) : q.span[0]])
        if cues.before_excluded.match(outside) and not _tops_a_figure(outside, q):
            return True
    if _continues_age(before, cues):
        return True
    if before and before[-1].rstrip(".") in cues.months:
        return True  # "March 12", "Sept. 3"
    # "August, 2017" is a date; "Since 1 August, 2,348 cases" is not.
    if (
        before[-2:-1]
        and before[-1] == ","
        and before[-2].rstrip(".") in cues.months
        and len(text[n_start:n_end]) == 4
        and text[n_start:n_end].isdigit()
    ):
        return True
    number_text = text[n_start:n_end].lower()
    if number_text == "one" and (
        cues.one_before.match(before) or cues.one_after.match(text, n_end, after_end)
    ):
        return True
    if _year_of_a_name(text, q, number_text, doc):
        return True
    return _is_year(text, q, number_text, floor, cues)


def _year_of_a_name(text: str, q: Quantity, number_text: str, doc: _Doc) -> bool:
    """A year right after a disease or virus name is part of it ("H1N1 2009 virus infected
    cases", "pandemic (H1N1) 2009 cases"), not a count."""
    if not (len(number_text) == 4 and number_text.isdigit() and 1900 <= q.value <= 2100):
        return False
    end = len(text[: q.number_span[0]].rstrip())
    if end == q.number_span[0]:
        return False
    return end in doc.named_ends or (text[end - 1 : end] == ")" and end - 1 in doc.named_ends)


def _continues_age(before: tuple[str, ...], cues: _Cues) -> bool:
    """ "aged 19 and 34", "April 5 and 6": later numbers of a list of ages or days."""
    end = len(before)
    # The nearest separator must be a word or dash: "April 5 and 6, 21 new cases" has a
    # count after the comma.
    if not before or before[-1] not in ("and", "or", "to", "-", "–"):
        return False
    while (
        end >= 2
        and before[end - 1] in ("and", "or", "to", ",", "-", "–")
        and before[end - 2].isdigit()
    ):
        end -= 2
        found = cues.before_excluded.match(before, end)
        if found is not None and found[1] == "age":
            return True
        if end and before[end - 1].rstrip(".") in cues.months:
            return True
    return False


def _is_year(text: str, q: Quantity, number_text: str, floor: int, cues: _Cues) -> bool:
    """A plain four-digit 1900-2100 is a year unless it directly counts something."""
    if not (len(number_text) == 4 and number_text.isdigit() and 1900 <= q.value <= 2100):
        return False
    n_start, n_end = q.number_span
    if cues.year_before.match(_tokens(text[max(floor, n_start - 16) : q.span[0]])):
        return True
    words = _Words.of(text, n_end, min(len(text), n_end + 60))
    # "2059 laboratory confirmed human cases": the head may follow a few modifiers.
    head = _find_head(words, 0, cues)
    return head is None or cues.head_kind[head[1]][0] not in ("measure", "person", "animal")


def _measure(
    left: tuple[str, ...],
    kind: HeadKind | None,
    head_measure: str | None,
    predicate_measure: str | None,
    reading: _Reading,
    cues: _Cues,
) -> str | None:
    if kind == "measure" and head_measure is not None:
        if head_measure == "cases" and predicate_measure not in (
            None,
            "cases",
            "tested",
            "isolated",
        ):
            return predicate_measure  # "12 cases died", "3 cases were hospitalized"
        if head_measure == "cases":
            # "newly reported fatalities ( 4 cases )": the bracket counts the noun before it.
            return _measure_noun_before(left, "(", cues) or head_measure
        return head_measure
    if predicate_measure is not None:
        return predicate_measure
    verb = cues.left_verb.match(left)
    if verb is not None:
        cue = " ".join(left[-verb[0] :])
        if cue not in cues.weak_verbs or kind in ("person", "animal"):
            return verb[1]
    if kind in ("person", "animal") and head_measure is not None:
        return head_measure  # "12 patients": cases
    if kind == "person" and reading.head_key in cues.pronoun_heads:
        reading.inherit_measure = True  # "2,116 of them in pregnant women", "5 new ones"
        return None
    if kind == "person" and head_measure is None and not reading.inherits:
        # "A total of 10 million pilgrims are expected": the noun says whom, and nothing
        # says they fell ill, so "a total of" must not lend the previous count's measure;
        # "the deaths of 3 people" names the measure right before "of".
        return _measure_noun_before(left, "of", cues)
    linked = _linked_noun_measure(left, reading, cues)
    if linked is not None or reading.inherit_measure:
        return linked
    if kind in ("person", "animal") and reading.inherits:
        reading.inherit_measure = True  # "including 12 health workers": the parent's measure
        reading.cases_by_default = False  # "with nearly 20 million people": not without one
    return None


_LABEL_COLON = re.compile(r"[ \t]*:")


def _is_next_label(text: str, words: _Words, after_head: int) -> bool:
    """A capitalised head right after the number, then a colon: the label of the next field."""
    first = words.starts[0] if words.starts else None
    return (
        first is not None
        and text[first].isupper()
        and _LABEL_COLON.match(text, words.ends[after_head - 1]) is not None
    )


def _starts_with(phrases: _Suffixes, tokens: Sequence[str]) -> bool:
    """Whether ``tokens`` open with one of ``phrases``."""
    return any(
        (m := phrases.match(tokens, end)) is not None and m[0] == end
        for end in range(1, min(4, len(tokens)) + 1)
    )


def _measure_noun_before(left: tuple[str, ...], token: str, cues: _Cues) -> str | None:
    """The measure of a noun right before ``token``: "the deaths of", "fatalities ("
    ("the total of" names no measure)."""
    if len(left) < 2 or left[-1].lower() != token:
        return None
    noun = cues.left_noun.match(left[:-1])
    return noun[1] if noun is not None and noun[1] != "inherit" else None


def _linked_noun_measure(left: tuple[str, ...], reading: _Reading, cues: _Cues) -> str | None:
    """The measure of "the death toll rose to", "deaths:", "the total number of cases reached"."""
    link = cues.left_link.match(left)
    if link is None:
        noun = cues.left_noun.match(left)  # "cases 3,458; deaths 1,830"
        return noun[1] if noun is not None and noun[1] != "inherit" else None
    rest = left[: len(left) - link[0]]
    for end in range(len(rest), max(0, len(rest) - 7), -1):
        noun = cues.left_noun.match(rest, end)
        if noun is None:
            continue
        between = rest[end:]
        if any(t in _LINK_BREAKS for t in between):
            return None  # "no deaths - Austria (1)": the number belongs to the place
        link_words = " ".join(left[len(left) - link[0] :])
        if link_words in cues.weak_links and any(t in cues.weak_link_breakers for t in between):
            # "all cases had an epidemiological link to one family": a bare "to" or "is"
            # reaches back to its noun only within its phrase ("the death toll from cholera
            # in Haiti is 68"), not across another verb.
            return None
        measure = _first_of_pair(rest, end - noun[0], cues) or noun[1]
        if measure != noun[1] and noun[1] != "inherit":
            reading.pair_second = noun[1]
        if any(t in cues.population_words for t in (*between, *rest[end - 3 : end])):
            return None  # "the total population in districts where ... is 1,771,539"
        if measure == "inherit" and (
            cues.excluded_noun.contains(between)
            or cues.event_noun.contains(between)
            or cues.excluded_noun.contains(rest[max(0, end - 6) : end - 1])
        ):
            # "the number of provinces affected rose to 12", "total outbreaks (1)", "52
            # districts out of a total of 64"
            return None
        if _starts_with(cues.excluded_noun, between):
            return None  # "the number of infected farms is 99": the farms are counted
        if measure == "inherit":
            described = _described_measure(between, cues)
            if described is not None:  # "the number of people in quarantine rose to"
                measure, reading.stock = described
                reading.linked = True
                return measure
        reading.linked = True
        named = cues.measure_noun.match(between) if between else None
        if named is None and measure == "inherit":
            named = _first_measure_noun(between, cues)
        if named is not None:
            measure = named[1]
        if measure == "inherit":
            if between and between[0][:1].isalpha() and between[0] not in cues.stops:
                return None  # "the number of civil servants rose to 520,000"
            reading.inherit_measure = True
            reading.cumulative = True
            return None
        # "hospitalizations reached 12,397": patients in hospital at a time, a stock.
        reading.stock = measure == "hospitalized"
        return measure
    return None


def _first_of_pair(tokens: tuple[str, ...], start: int, cues: _Cues) -> str | None:
    """ "the number of cases and deaths ... rose to 398 (...) and 264 deaths": of two
    measures named together, the first figure counts the first."""
    if start < 2 or tokens[start - 1] != "and":
        return None
    first = cues.left_noun.match(tokens, start - 1)
    if first is None or first[1] == "inherit":
        return None
    return first[1]


def _first_measure_noun(words: Sequence[str], cues: _Cues) -> tuple[int, str] | None:
    """The first measure noun of ``words`` ("the total number of deaths attributed to")."""
    for end in range(1, len(words) + 1):
        found = cues.measure_noun.match(words, end)
        if found is not None:
            return found
    return None


def _status_after(words: _Words, i: int, doc: _Doc, cues: _Cues) -> int:
    """End of a status phrase after the head ("47 deaths are under investigation"), or 0."""
    w = words.words
    for _ in range(4):
        if i >= len(w):
            return 0
        found = doc.cues_in(words.starts[i], words.starts[i] + 40, "status")
        if found and found[0][0] == words.starts[i]:
            return found[0][1]
        status_of = _status_of_disease(words, i, doc)
        if status_of:
            return status_of  # "14 deaths of suspected cholera"
        past = _past_disease_name(words, i, doc)
        if past > i:
            i = past  # "2 cases of yellow fever (YF) have been confirmed"
            continue
        aux = cues.auxiliaries.match(w, i)
        if aux is None:
            return 0
        i += aux[0]
    return 0


def _status_of_disease(words: _Words, i: int, doc: _Doc) -> int:
    """End of the status word in "of suspected <disease>" at word ``i``, or 0."""
    w = words.words
    if w[i] not in _OF_DISEASE or i + 2 >= len(w):
        return 0
    found = doc.cues_in(words.starts[i + 1], words.starts[i + 1] + 30, "status")
    if not found or found[0][0] != words.starts[i + 1]:
        return 0
    k = bisect.bisect_left(doc.named_starts, found[0][1])
    if k == len(doc.named_starts) or doc.named_starts[k] > found[0][1] + 2:
        return 0  # a disease's name must follow ("cases of confirmed ..." alone is not one)
    return found[0][1]


def _past_disease_name(words: _Words, i: int, doc: _Doc) -> int:
    """The index of the word after "of <disease>" (and a bracket after it) at word ``i``,
    else ``i``."""
    if words.words[i] not in _OF_DISEASE or i + 1 >= len(words.words):
        return i
    text = doc.ctx.text
    k = bisect.bisect_left(doc.named_starts, words.ends[i])
    if k == len(doc.named_starts) or doc.named_starts[k] > words.starts[i + 1]:
        return i
    end = doc.named_spans[k][1]
    bracket = _BRACKET_AFTER.match(text, end)
    if bracket is not None:
        end = bracket.end()
    return bisect.bisect_left(words.starts, end)


_OF_DISEASE = frozenset(_EN["disease_before"])
_BRACKET_AFTER = re.compile(r"\s*\([^()]{1,30}\)")


def _described_measure(words: Sequence[str], cues: _Cues) -> tuple[str, bool] | None:
    """(measure, stock) that a phrase such as "of people in quarantine" describes."""
    for i in range(len(words)):
        found = cues.predicates.match(words, i)
        if found is not None:
            measure = cues.predicate_measure[found[1]]
            if measure.endswith("_now"):
                return measure[:-4], True
            return measure, False
    return None


def _status(q: Quantity, left_start: int, reading: _Reading, doc: _Doc) -> str | None:
    if reading.measure is not None and reading.measure not in _STATUS_MEASURES:
        return None
    own = doc.cues_in(q.span[1], reading.head_end, "status", "symptom")
    if own:
        return own[0][2]
    reach = q.span[0] - left_start if reading.linked else 30
    left = doc.cues_in(max(left_start, q.span[0] - reach), q.span[0], "status")
    if not left or not _same_clause(doc.ctx.text, left[-1][1], q.span[0]):
        return None  # "31 probable, including 91 deaths": another count's status
    text = doc.ctx.text
    if any(
        left[-1][1] <= e <= q.span[0] and _ROW_START.fullmatch(text, e, q.span[0])
        for e in doc.place_ends
    ):
        return None  # "... Suspect Totals Guinea Cases 36": a table header, then a row
    return left[-1][2]


_LINK_BREAKS = frozenset({"(", ")", "-", "–", ":", ";"})
_CLAUSE_BREAK = re.compile(r"[,;()]")
# "New (1) Confirmed Probable ... Guinea Cases 36": a footnote's mark breaks no clause.
_FOOTNOTE_MARK = re.compile(r"\(\s*(?:\d|\*+)\s*\)")


def _same_clause(text: str, cue_end: int, number_start: int) -> bool:
    """Whether a cue before a number belongs to it: no punctuation followed by other words
    between them ("In all, 20 cases" yes; "so far, while 400,000 are ..." no)."""
    between = _FOOTNOTE_MARK.sub(" ", text[cue_end:number_start])
    breaks = list(_CLAUSE_BREAK.finditer(between))
    if not breaks:
        return True
    return not any(c.isalpha() for c in between[breaks[-1].end() :])


def _local_cumulative(q: Quantity, left_start: int, reading: _Reading, doc: _Doc) -> bool | None:
    own = doc.cues_in(q.span[1], reading.head_end, "cumulative_local")
    reach = q.span[0] - left_start if reading.linked else 40
    left = doc.cues_in(max(left_start, q.span[0] - reach), q.span[0], "cumulative_local")
    text = doc.ctx.text
    # A cue before the number counts only within its clause ("so far, while 400,000 ...").
    left = [
        c
        for c in left
        if _same_clause(text, c[1], q.span[0])
        and not _NUMBER_BEFORE_CUE.search(text, max(0, c[0] - 8), c[0])
    ]
    found = [*own, *reversed(left)]
    if reading.stock:
        # A stock ("9,546 patients in hospital") is never a running total, but may be new.
        found = [f for f in found if f[2] == "false"]
    if not found:
        return None
    first = found[0]
    if (
        first[2] == "true"
        and _key(text[first[0] : first[1]]) in _cues().summing
        and _names_a_short_period(doc, q)
    ):
        return False  # "in the past week, a total of 300 cases": that week's sum
    return first[2] == "true"


# Right before a cue: a number it belongs to ("6 new cases and is now at 22": "new" is
# the six's, not the 22's).
_NUMBER_BEFORE_CUE = re.compile(r"\d\s*\Z")


def _names_a_short_period(doc: _Doc, q: Quantity) -> bool:
    """The sentence names a day or week the figure's sum covers ("during the last week of
    January", "in the past 24 hours"), not only the day it was reported ("on Sunday")."""
    start, end = doc.ctx.sentence_span(q.span[0])
    text = doc.ctx.text
    weak = _cues().weak_period
    return any(
        c[2] == "false" and _key(text[c[0] : c[1]]) not in weak
        for c in doc.cues_in(start, end, "cumulative_sentence")
    )


# A space of the coordinators is one space ("as well as").
_COORDINATION = re.compile(
    rf"\s*(?:{_words('coordination_places')}\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*)?(?:,\s*)?"
    rf"(?:{en.alternation(_EN['coordinators'])}|,)\s*"
)
_LIST_GAP = re.compile(
    rf"\s*(?:[\w-]+\s+){{0,2}}?(?:{_words('list_gap_words')}|,)\s*$", re.IGNORECASE
)


# A space of these words is one space ("a further").
_ANOTHER = re.compile(rf"\b(?:{en.alternation(_EN['another'])})\s+$", re.IGNORECASE)


def _resolve_pending(text: str, readings: list[_Reading], doc: _Doc) -> None:
    """ "12 confirmed and 5 suspected cases": a number with no head takes the next one's."""
    for i in range(len(readings) - 2, -1, -1):
        r, nxt = readings[i], readings[i + 1]
        if r.measure is not None or r.inherit_measure or nxt.measure is None or r.other_noun:
            continue  # "14 000 consultations and 47 deaths": the first counts its own noun
        gap_start, gap_end = r.quantity.span[1], nxt.quantity.span[0]
        if gap_end - gap_start > 40 or not _LIST_GAP.match(text, gap_start, gap_end):
            continue
        r.measure = nxt.measure
        r.species = nxt.species
        own = doc.cues_in(gap_start, gap_end, "status", "symptom")
        r.status = own[0][2] if own else r.status or nxt.status
        if r.measure not in _STATUS_MEASURES:
            r.status = None
        if r.cumulative is None:
            r.cumulative = nxt.cumulative
    for prev, r in itertools.pairwise(readings):
        if (
            r.measure is None
            and prev.pair_second is not None
            and prev.sentence == r.sentence
            and _PAIR_GAP.fullmatch(
                text, max(prev.head_end, prev.quantity.span[1]), r.quantity.span[0]
            )
        ):
            # "the number of cases and deaths is 350 and 12 (respectively)": the second
            # figure counts the second measure
            r.measure = prev.pair_second
            if r.cumulative is None:
                r.cumulative = prev.cumulative
    for i, r in enumerate(readings):
        bare_status = r.status_only is not None or (not r.head_key and r.status is not None)
        if bare_status and r.measure in (None, "cases"):
            bracketed = _bracket_parent(text, readings, i)
            if bracketed is not None and bracketed.measure in _STATUS_MEASURES:
                # "309 deaths (197 confirmed, 96 probable and 16 suspected)": a breakdown
                # by status in brackets counts what the figure before the bracket counts
                r.measure = bracketed.measure
                r.status = r.status or r.status_only
        if r.measure is None and r.status_only is not None:
            previous = readings[i - 1] if i else None
            if (
                previous is not None
                and previous.measure is not None
                and previous.sentence == r.sentence
                and _ANOTHER.search(text, max(0, r.quantity.span[0] - 14), r.quantity.span[0])
            ):
                # "7 confirmed deaths and another 4 under investigation": four more deaths
                r.measure = previous.measure
            else:
                r.measure = "cases"  # "of which 100 are confirmed and 31 probable"
    for prev, r in itertools.pairwise(readings):
        # "killed 2,300 reindeer and 60 cattle": the second noun shares the first one's verb.
        gap = text[max(prev.head_end, prev.quantity.span[1]) : r.quantity.span[0]]
        if not _COORDINATION.fullmatch(gap):
            continue
        if r.measure is None and r.head_key and prev.measure is not None:
            r.measure = prev.measure
        if not r.head_key and prev.species == "animal":
            r.species = "animal"  # "120,000 birds dead and more than 9,000 affected"


# Right before a count of cases: they died ("the disease was fatal in 8 confirmed cases and
# in 4 suspect cases", "the death of 9 MERS-CoV cases").
_OPTIONAL_THE = f"(?:{_words('the')}\\s+)?"
_FATAL_IN_BEFORE = re.compile(
    rf"\b{_words('fatal_in')}\s+{_OPTIONAL_THE}(?:[\d,]+\s+(?:[\w-]+\s+){{0,3}}?{_words('fatal_cases')}"
    rf"\s+{_words('fatal_and')}\s+{_words('fatal_again')}\s+{_OPTIONAL_THE})?$",
    re.IGNORECASE,
)
_PAIR_GAP = re.compile(rf"\s*(?:,\s*)?(?:{_words('and')}|,)\s*", re.IGNORECASE)


def _bracket_parent(text: str, readings: list[_Reading], i: int) -> _Reading | None:
    """The count right before the still-open bracket ``readings[i]`` stands in, if any."""
    r = readings[i]
    opening = text.rfind("(", max(0, r.quantity.span[0] - 80), r.quantity.span[0])
    if opening < 0 or ")" in text[opening : r.quantity.span[0]]:
        return None
    for parent in reversed(readings[:i]):
        end = max(parent.head_end, parent.quantity.span[1])
        if end <= opening:
            close = parent.measure is not None and not text[end:opening].strip()
            return parent if close and parent.sentence == r.sentence else None
    return None


def _apply_sentence_cumulative(start: int, end: int, readings: list[_Reading], doc: _Doc) -> None:
    """Counts without a cue of their own take the nearest sentence-level cue."""
    text = doc.ctx.text
    found = doc.cues_in(start, end, "cumulative_sentence")
    if not any(r.cumulative is None and not r.stock for r in readings):
        return
    found += [(m.start(), m.end(), "true") for m in _cues().by_date.finditer(text, start, end)]
    if not found:
        return
    weak = _cues().weak_period
    for r in readings:
        if r.cumulative is not None or r.stock:
            continue
        s, e = r.quantity.span
        # A cue in the same clause (between semicolons) wins over one in another clause, and
        # a period cue ("since", "in the past 24 hours") over a mere day ("on Sunday").
        clause = (text.rfind(";", start, s) + 1 or start, _find_or(text, ";", e, end))
        near = [f for f in found if clause[0] <= f[0] and f[1] <= clause[1]] or found
        strong = [f for f in near if _key(text[f[0] : f[1]]) not in weak]
        near = strong or near
        best = min(near, key=lambda f: min(abs(f[0] - e), abs(s - f[1])))
        r.cumulative = best[2] == "true"


def _find_or(text: str, needle: str, start: int, end: int) -> int:
    pos = text.find(needle, start, end)
    return end if pos < 0 else pos


def _resolve_inheritance(readings: list[_Reading]) -> None:
    """Sub-counts take the period of their parent; "the total" takes the previous measure.

    Stocks (under treatment, in hospital, in quarantine) take no period from their parent.
    """
    for i, r in enumerate(readings):
        parent = readings[i - 1] if i > 0 else None
        if r.inherit_measure and r.measure is None and not r.other_noun:
            # a list of places with figures in brackets counts what its own sentence counts
            r.measure = _previous_measure(readings, i, 0 if not r.cases_by_default else 2)
            if r.measure is None and r.cumulative is not None and r.cases_by_default:
                r.measure = "cases"  # "bringing the total to 1,200", "5 new ones'
        if r.inherits and parent is not None and parent.sentence == r.sentence:
            if r.cumulative is None and not r.stock:
                r.cumulative = parent.cumulative
            if r.measure is None and parent.measure is not None and not r.other_noun:
                r.measure = parent.measure
                r.species = parent.species


def _mark_parts(text: str, readings: list[_Reading]) -> None:
    for r in readings:
        # "Seven of the nine cases are males" (not "9 of the 14 cases had died": deaths)
        r.part = r.part or (r.partitive and r.measure == "cases")
        # "Ten cases (71%) were male", "166 cases of the 215 cases had ...": a share of the
        # cases, described
        after = max(r.head_end, r.quantity.span[1])
        r.part = r.part or (
            r.measure == "cases"
            and (
                _SHARE_DESCRIBED.match(text, after) is not None
                or _OF_A_WHOLE.match(text, after) is not None
            )
        )
    _mark_sub_counts(text, readings)


def _mark_sub_counts(text: str, readings: list[_Reading]) -> None:
    """ "602 cases (including 64 cases of dengue haemorrhagic fever)", "21 cases, including
    six deaths, 12 severe cases and three mild cases": a sub-count of its parent's measure
    and status is a part of the parent's cases, not a total of its own. A list after
    "including" shares its first member's parent."""
    parent: _Reading | None = None
    previous: _Reading | None = None
    for i, r in enumerate(readings):
        listed = (
            parent is not None
            and previous is not None
            and previous.sentence == r.sentence
            and _LIST_SEPARATOR.fullmatch(
                text, max(previous.head_end, previous.quantity.span[1]), r.quantity.span[0]
            )
            is not None
        )
        if r.inherits and i > 0 and readings[i - 1].sentence == r.sentence:
            parent = readings[i - 1]
        elif not listed:
            parent = None
        if parent is not None and parent is not r:
            r.part = (
                r.measure == parent.measure
                and r.status in (None, parent.status)
                and r.cumulative in (None, parent.cumulative)
            )
        previous = r


_OF_A_WHOLE = re.compile(
    rf"\s+(?:{_words('out_of')}|{_words('of')})\s+(?:{_words('definite_articles')}|{_words('all')})\s+\d",
    re.IGNORECASE,
)
_SHARE_DESCRIBED = re.compile(
    rf"\s*\(\s*\d+(?:[.,]\d+)?\s*%\s*\)\s*{_words('share_verbs')}\b", re.IGNORECASE
)
_LIST_SEPARATOR = re.compile(rf"\s*(?:,|{_words('and')}|,\s*{_words('and')}|;)\s*", re.IGNORECASE)


def _previous_measure(readings: list[_Reading], i: int, sentences: int = 2) -> str | None:
    """The measure of the last count before ``readings[i]``, at most ``sentences`` back."""
    for j in range(i - 1, -1, -1):
        if readings[j].sentence < readings[i].sentence - sentences:
            return None
        if readings[j].measure is not None:
            return readings[j].measure
    return None


# --------------------------------------------------------------------------- tables


def _read_tables(ctx: TextContext, quantities: list[Quantity], doc: _Doc) -> list[_Reading]:
    """Counts in simple text tables: a header row naming measures, then rows of numbers."""
    text = ctx.text
    if "|" not in text and "\t" not in text:
        return []
    cues = _cues()
    readings: list[_Reading] = []
    header: list[tuple[str | None, str | None, bool | None]] | None = None
    starts = [q.span[0] for q in quantities]
    country_rows = 0  # rows of the current table that name a country in their first cell
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        if line.count("|") + line.count("\t") < 1:
            header, country_rows = None, 0
            continue
        cells = _cells(line, line_start)
        if set(line.strip()) <= set("|-:+ \t"):
            continue  # a markdown separator row
        row_quantities = quantities[
            bisect.bisect_left(starts, line_start) : bisect.bisect_left(starts, pos)
        ]
        columns = [_header_cell(text[s:e], cues) for s, e in cells]
        if not row_quantities and any(c[0] for c in columns):
            header, country_rows = columns, 0
            continue
        if header is None or len(cells) != len(header):
            continue
        first = _stripped(text, cells[0])
        country_rows += first[0] in doc.country_starts
        # "Total | 23,218 | 9,365" under rows of countries: a figure of several countries.
        scope: Scope | None = None
        if _is_total(text, first) and country_rows >= 2:
            scope = "multi_country"
        for q in row_quantities:
            col = next((k for k, (s, e) in enumerate(cells) if s <= q.span[0] < e), None)
            if (
                col is None
                or header[col][0] is None
                or _table_value_excluded(q, text, cells[col], doc)
            ):
                continue
            measure, status, cumulative = header[col]
            readings.append(
                _Reading(
                    q,
                    ctx.sentence_index(q.span[0]),
                    measure=measure,
                    status=status,
                    cumulative=cumulative,
                    head_end=q.span[1],
                    table=True,
                    scope=scope,
                )
            )
    return readings


def _stripped(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_total(text: str, cell: Span) -> bool:
    return _key(text[cell[0] : cell[1]]) in _cues().total_labels


def _read_labelled_rows(
    ctx: TextContext, quantities: list[Quantity], doc: _Doc, taken: set[Span]
) -> list[_Reading]:
    """Rows that begin with their measure: "Cases / 25 / 612 / 151", "Deaths | 12 | 305"."""
    text = ctx.text
    if "/" not in text and "|" not in text:
        return []
    cues = _cues()
    starts = [q.span[0] for q in quantities]
    readings = []
    for row in _LABELLED_ROW.finditer(text):
        measure, status, cumulative = _header_cell(row.group("label"), cues)
        if measure is None:
            continue
        lo, hi = bisect.bisect_left(starts, row.end("label")), bisect.bisect_left(starts, row.end())
        for q in quantities[lo:hi]:
            if q.span in taken or q.value != int(q.value) or _is_blocked(doc, q.number_span):
                continue
            readings.append(
                _Reading(
                    q,
                    ctx.sentence_index(q.span[0]),
                    measure=measure,
                    status=status,
                    cumulative=cumulative,
                    head_end=q.span[1],
                    table=True,
                )
            )
    return readings


# A label, then two or more numbers each after a slash or a pipe, alone on its line.
_LABELLED_ROW = re.compile(
    r"^[ \t]*(?P<label>[^\W\d][^|/\t\n\d]{0,40}?)[ \t]*"
    r"(?:[/|][ \t]*\d[\d,.]*[ \t]*){2,}[/|]?[ \t]*$",
    re.MULTILINE,
)


def _cells(line: str, offset: int) -> list[Span]:
    cells: list[Span] = []
    pos = 0
    body = line.rstrip("\r\n")
    for m in re.finditer(r"[|\t]", body):
        cells.append((offset + pos, offset + m.start()))
        pos = m.end()
    cells.append((offset + pos, offset + len(body)))
    # Leading and trailing pipes ("| a | b |") make empty edge cells.
    if body.lstrip().startswith("|"):
        cells = cells[1:]
    if body.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def _header_cell(cell: str, cues: _Cues) -> tuple[str | None, str | None, bool | None]:
    measure = status = None
    for m in cues.header_cell.finditer(cell):
        key = _key(m.group("cue"))
        kind, head_measure = cues.head_kind.get(key, ("exclude", None))
        if kind == "measure" and head_measure is not None:
            measure = head_measure
        elif key in cues.status_of:
            status = cues.status_of[key]
    if measure is None and status is not None:
        measure = "cases"  # a "Confirmed" / "Suspected" column counts cases
    if "%" in cell or "rate" in cell.lower() or "cfr" in cell.lower():
        return (None, None, None)
    period = [m.value[1] for m in cues.ruler.find(cell) if m.value[0].startswith("cumulative")]
    cumulative = period[0] == "true" if period else None
    return (measure, status, cumulative)


def _table_value_excluded(q: Quantity, text: str, cell: Span, doc: _Doc) -> bool:
    cell_text = text[cell[0] : cell[1]].strip()
    if "%" in cell_text or q.value != int(q.value):
        return True
    return bool(doc.blocked) and _is_blocked(doc, q.number_span)


def _tops_a_figure(before: tuple[str, ...], q: Quantity) -> bool:
    """ "Cholera deaths top 1,000" (a verb) against "the top 10 countries" (a rank)."""
    return bool(before) and before[-1] in ("top", "tops") and q.value >= _RANK_MAX


_RANK_MAX = 100
