"""Language profiles: the words of one language, typed, loaded from ``episignal/data/<lang>/``.

A profile holds data only (issue 9): the disease and place lexicons, how numbers and dates
are written, and the cue words of counts, sources, supplies, measures and relevance, each
in the classes the extraction engine reads. It is built by ``scripts/build_data.py`` from
``data_src/<lang>/`` (docs/languages.md says what each file holds and how to add a
language); mechanisms that read it (``episignal.lang.numbers``, ``episignal.lang.dates``,
``episignal.extract.ruler``) know no word of any language.

    profile = load_profile("fr")
    profile.counts.heads["deaths"]      # ('décès', 'décédés', 'morts', ...)
    profile.boundary.diseases            # Boundary(mode='word', ...)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

from episignal.document import (
    LocationKind,
    Measure,
    MeasureKind,
    ResourceAction,
    ResourceItem,
    Status,
)
from episignal.errors import DataError, EpisignalError
from episignal.lang.boundary import Boundary, BoundaryMode

Bound = Literal["lower", "upper", "about"]
Script = Literal["latin", "cyrillic", "arabic", "han", "hangul"]
Words = tuple[str, ...]


class UnknownLanguageError(EpisignalError):
    """No profile for this language: its documents are stored, not extracted."""

    code = "E410"


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Boundary policy per lexicon class (a class not set in the data takes ``default``)."""

    default: Boundary
    diseases: Boundary
    places: Boundary
    cues: Boundary


@dataclass(frozen=True, slots=True)
class NumberWords:
    digits: Words  # extra digit sets, each "0".."9" in that script ("٠١٢٣٤٥٦٧٨٩")
    group: Words  # thousands separators ("1 254", "3.120")
    decimal: Words  # decimal marks ("1,48 million")
    units: Mapping[str, int]  # "trois" 3, "шесть" 6, "八" 8
    tens: Mapping[str, int]  # "vingt" 20
    hundreds: Mapping[str, int]  # "cent" 100, "сто" 100, "двести" 200
    scales: Mapping[str, int]  # "million" 10**6, "млн" 10**6, "ألف" 1000
    myriads: Mapping[str, int]  # East Asian scales that close a group: 万/만 10**4, 亿/억 10**8
    small_scales: Mapping[str, int]  # 十/십 10, 百/백 100, 千/천 1000 inside a group
    suffixes: Mapping[str, int]  # case-sensitive abbreviations glued to digits ("2,5M")
    connectors: Words  # words inside spelled numbers ("et", "y", "und", "-")
    glued: Words  # conjunctions written onto a number word (Arabic و: "وثمانية")
    fixed: Mapping[str, int]  # "une centaine" 100 (approximate)
    vague: Mapping[str, int]  # "des milliers" 2000 (approximate, a conventional value)
    prefix_bounds: Mapping[str, Bound]  # "plus de" lower, "près de" upper, "environ" about
    suffix_bounds: Mapping[str, Bound]  # "여" lower, "多" lower


@dataclass(frozen=True, slots=True)
class DateWords:
    months: Mapping[str, int]  # every CLDR form plus curated ones -> 1..12
    weekdays: Mapping[str, int]  # -> ISO weekday 1 (Monday) .. 7
    relative_days: Mapping[str, int]  # "hier" -1, "前日" -1
    since: Words  # "depuis" + a date: the start of a period
    year_start: Words  # "seit Jahresbeginn": since 1 January of the publication year
    as_of: Words  # "截至" + a date: the date a total stands at
    since_after: Words  # written after the date: "4月末以来", "4월 말 이후"
    as_of_after: Words  # written after the date: "5월 16일 현재"
    month_parts: Words  # words that narrow a month: "말", "末", "초" (4월 말)
    patterns: Words  # "{day} {month} {year}", "{year}年{month}月{day}日"
    day_words: Words  # "er" (1er), "日", "일" written after a day number
    year_words: Words  # "года", "年" after a year


@dataclass(frozen=True, slots=True)
class CountCues:
    heads: Mapping[Measure, Words]  # nouns after the number ("392 920 cas")
    left_nouns: Mapping[Measure, Words]  # nouns before it ("新增病例 392920", "확진자 8명")
    predicates: Mapping[Measure, Words]  # verbs ("sont morts", "死亡", "숨졌다")
    counters: Mapping[str, Words]  # classifiers after the number: 例 cases, 人/명 persons
    persons: Words
    animals: Words
    status: Mapping[Status, Words]  # suspected / probable / confirmed
    new: Words  # "nouveaux", "neue", "新增", "신규"
    cumulative: Words  # "au total", "insgesamt", "累计", "누적"
    exclusions: Words  # units that make a number no count: "ans", "岁", "세", "%"
    rate_nouns: Words
    global_scope: Words  # "dans le monde", "全球": world figures, not the country's
    auxiliaries: Words  # words allowed between a number and its predicate
    symptom_status: Words  # "fièvre": people with symptoms are suspected cases


@dataclass(frozen=True, slots=True)
class SourceCues:
    attribution: Words  # "selon", "laut", "据", "에 따르면"
    names: Mapping[str, Words]  # canonical source (data_src/sources) -> names, any case
    exact: Mapping[str, Words]  # canonical source -> acronyms matched with their case


@dataclass(frozen=True, slots=True)
class ResponseCues:
    measures: Mapping[MeasureKind, Words]
    items: Mapping[ResourceItem, Words]
    actions: Mapping[ResourceAction, Words]
    currencies: Mapping[str, str]  # word -> ISO 4217


@dataclass(frozen=True, slots=True)
class RelevanceCues:
    strong: Mapping[str, float]
    weak: Mapping[str, float]
    negative: Mapping[str, float]  # sport, politics, metaphor ("epidemia de lesiones")


@dataclass(frozen=True, slots=True)
class DiseaseName:
    phrase: str
    disease: str  # the canonical entry of data_src/diseases
    role: Literal["disease", "pathogen"]
    icd10: str


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # ISO 3166-1 / 3166-2 code, or the geonameid of a city
    kind: LocationKind
    country: str
    admin1: str | None
    name: str  # the English name, as the shared gazetteer has it
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class PlaceName:
    phrase: str  # as written, case kept
    place: Place
    role: Literal["name", "adjective"]


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    code: str
    name: str
    native: str
    script: Script
    cldr: Words
    text2num: str | None  # text2num's language code where it reads this language
    home_countries: Words
    boundary: Boundaries
    fold: Mapping[str, str]  # one character -> one character ("ё" -> "е")
    numbers: NumberWords
    dates: DateWords
    counts: CountCues
    sources: SourceCues
    responses: ResponseCues
    relevance: RelevanceCues
    diseases: tuple[DiseaseName, ...]
    places: tuple[PlaceName, ...]


# --------------------------------------------------------------------------- loading


@cache
def available_languages() -> tuple[str, ...]:
    """The languages with a packaged profile, sorted."""
    root = resources.files("episignal.data")
    return tuple(sorted(p.name for p in root.iterdir() if p.joinpath("profile.json").is_file()))


def is_supported(code: str | None) -> bool:
    """Is ``code`` read by the engine? English (and an undetermined language, read as
    English) always is; any other language when it has a packaged profile."""
    return code is None or code == "en" or code in available_languages()


@cache
def load_profile(code: str) -> LanguageProfile:
    """The profile of ``code`` (ISO 639-1), loaded once per process."""
    if code not in available_languages():
        raise UnknownLanguageError(
            f"no language profile for {code!r}",
            hint=f"profiles exist for {', '.join(available_languages())}; see docs/languages.md",
        )
    try:
        return _profile(
            code,
            _read(code, "profile.json"),
            _read(code, "diseases.json"),
            _read(code, "places.json"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(
            f"language profile {code!r} is malformed: {exc!r}",
            hint="rebuild it with python scripts/build_data.py --only languages",
        ) from exc


def _read(code: str, name: str) -> Any:
    ref = resources.files("episignal.data").joinpath(code, name)
    with ref.open("r", encoding="utf-8") as fh:
        return json.load(fh)


def _profile(
    code: str, raw: dict[str, Any], diseases: dict[str, Any], places: dict[str, Any]
) -> LanguageProfile:
    return LanguageProfile(
        code=code,
        name=str(raw["name"]),
        native=str(raw["native"]),
        script=cast(Script, raw["script"]),
        cldr=tuple(raw["cldr"]),
        text2num=raw.get("text2num"),
        home_countries=tuple(raw.get("home_countries") or ()),
        boundary=_boundaries(raw["boundary"]),
        fold=dict(raw["fold"]),
        numbers=_numbers(raw["numbers"]),
        dates=_dates(raw["dates"]),
        counts=_counts(raw["counts"]),
        sources=SourceCues(
            _words(raw["sources"]["attribution"]),
            _keyed(raw["sources"]["names"]),
            _keyed(raw["sources"]["exact"]),
        ),
        responses=_responses(raw["responses"]),
        relevance=RelevanceCues(**{k: dict(v) for k, v in raw["relevance"].items()}),
        diseases=tuple(DiseaseName(p, d, role, icd) for p, d, role, icd in diseases["phrases"]),
        places=_places(places),
    )


def _words(items: list[str]) -> Words:
    return tuple(items)


def _keyed(doc: dict[str, list[str]]) -> dict[Any, Words]:
    return {k: tuple(v) for k, v in doc.items()}


def _boundaries(doc: dict[str, dict[str, Any]]) -> Boundaries:
    def one(spec: dict[str, Any]) -> Boundary:
        mode = cast(BoundaryMode, spec["mode"])
        return Boundary(mode, frozenset(spec["endings"]), frozenset(spec["clitics"]))

    return Boundaries(
        one(doc["default"]), one(doc["diseases"]), one(doc["places"]), one(doc["cues"])
    )


def _numbers(doc: dict[str, Any]) -> NumberWords:
    approx = doc["approximations"]
    return NumberWords(
        digits=_words(doc["digits"]),
        group=_words(doc["group"]),
        decimal=_words(doc["decimal"]),
        units=dict(doc["units"]),
        tens=dict(doc["tens"]),
        hundreds=dict(doc["hundreds"]),
        scales=dict(doc["scales"]),
        myriads=dict(doc["myriads"]),
        small_scales=dict(doc["small_scales"]),
        suffixes=dict(doc["suffixes"]),
        connectors=_words(doc["connectors"]),
        glued=_words(doc["glued"]),
        fixed=dict(doc["fixed"]),
        vague=dict(doc["vague"]),
        prefix_bounds=_bounds(approx.get("prefix") or {}),
        suffix_bounds=_bounds(approx.get("suffix") or {}),
    )


def _bounds(groups: dict[str, list[str]]) -> dict[str, Bound]:
    out: dict[str, Bound] = {}
    bounds: tuple[Bound, ...] = ("lower", "upper", "about")
    for bound in bounds:
        for phrase in groups.get(bound) or ():
            out.setdefault(phrase, bound)
    return out


def _dates(doc: dict[str, Any]) -> DateWords:
    return DateWords(
        months=dict(doc["months"]),
        weekdays=dict(doc["weekdays"]),
        relative_days=dict(doc["relative_days"]),
        since=_words(doc["since"]),
        year_start=_words(doc["year_start"]),
        as_of=_words(doc["as_of"]),
        since_after=_words(doc["since_after"]),
        as_of_after=_words(doc["as_of_after"]),
        month_parts=_words(doc["month_parts"]),
        patterns=_words(doc["patterns"]),
        day_words=_words(doc["day_words"]),
        year_words=_words(doc["year_words"]),
    )


def _counts(doc: dict[str, Any]) -> CountCues:
    return CountCues(
        heads=_keyed(doc["heads"]),
        left_nouns=_keyed(doc["left_nouns"]),
        predicates=_keyed(doc["predicates"]),
        counters=_keyed(doc["counters"]),
        persons=_words(doc["persons"]),
        animals=_words(doc["animals"]),
        status=_keyed(doc["status"]),
        new=_words(doc["new"]),
        cumulative=_words(doc["cumulative"]),
        exclusions=_words(doc["exclusions"]),
        rate_nouns=_words(doc["rate_nouns"]),
        global_scope=_words(doc["global_scope"]),
        auxiliaries=_words(doc["auxiliaries"]),
        symptom_status=_words(doc["symptom_status"]),
    )


def _responses(doc: dict[str, Any]) -> ResponseCues:
    return ResponseCues(
        measures=_keyed(doc["measures"]),
        items=_keyed(doc["items"]),
        actions=_keyed(doc["actions"]),
        currencies=dict(doc["currencies"]),
    )


def _places(doc: dict[str, Any]) -> tuple[PlaceName, ...]:
    rows = [Place(str(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in doc["places"]]
    return tuple(PlaceName(phrase, rows[i], role) for phrase, i, role in doc["names"])
