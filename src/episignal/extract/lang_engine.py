"""The extraction engine of a language profile (issue 9, phase 2).

``extract_with_profile(text, published, title, profile)`` reads any language that has a
profile under ``episignal/data/<lang>/``: diseases and places through the profile's
lexicons (:func:`~episignal.extract.terms.terms_for`), numbers through its
:class:`~episignal.lang.numbers.NumberReader`, dates through its
:class:`~episignal.lang.dates.DateReader`, and counts, sources, measures, supplies and
relevance through its cue words (:mod:`episignal.extract.lang_cues`). No word of any
language is written here: a new language is a new profile (docs/languages.md).

The result is the same :class:`~episignal.document.Extraction` the English rules give, so
the store, the events and the report take it as they are: a count carries its span in
the original text, its disease entry (shared by all languages, so reports in Korean,
Chinese and English of one outbreak fall into one event) and its country code.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from episignal.data import load_json
from episignal.document import (
    CountMention,
    DateMention,
    DiseaseMention,
    Extraction,
    LocationMention,
    MeasureMention,
    Primary,
    ResourceMention,
    SourceMention,
    Span,
)
from episignal.extract.context import split_sentences
from episignal.extract.lang_counts import SPACED, UNSPACED, Setting, find_profile_counts
from episignal.extract.lang_cues import CueHits, cues_for
from episignal.extract.ruler import Match, PhraseRuler
from episignal.extract.terms import terms_for
from episignal.lang.dates import DateReading, date_reader_for
from episignal.lang.numbers import Quantity, reader_for
from episignal.lang.profile import DiseaseName, LanguageProfile, Place, PlaceName

RELEVANCE_THRESHOLD = 0.5
# Relevance: a logit of evidence, as for English (extract/relevance.py), with the cue
# weights of the profile. Figures of epidemic measures and a disease named are evidence.
_BIAS = -2.2
_DISEASE = 2.6  # a specific disease named
_SYNDROME = 1.6  # only a syndrome ("fièvre", "Fieber"): also a metaphor ("EM-Fieber")
_DISEASE_IN_TITLE = 0.5
_COUNT = 0.9
_MEASURE = 0.6  # a public-health measure taken (culling, lockdown)
_MAX_COUNTS = 3
_MAX_STRONG = 2.5
_MAX_WEAK = 0.6
_TITLE_SALIENCE = 2.0
_EPI_MEASURES = frozenset({"cases", "deaths", "hospitalized", "recovered", "active"})


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: str
    icd10: str | None
    icd11: str | None
    pathogen: str | None
    parents: tuple[str, ...]
    eras: tuple[tuple[str, str | None, str], ...]  # (from, to, disease name)


def extract_with_profile(
    text: str, published: dt.date | None, title: str | None, profile: LanguageProfile
) -> Extraction:
    code = profile.code
    terms, cues = terms_for(code), cues_for(code)
    sentences = split_sentences(text)
    hits = cues.find(text)
    readings = date_reader_for(code).find(text, published)
    quantities = reader_for(code).find(text)
    in_title = terms.diseases(title) if title else []
    diseases = _diseases(terms.diseases(text), in_title, published)
    sources = [
        SourceMention(m.value.name, m.value.kind, (m.start, m.end)) for m in hits.sources.matches
    ]
    places, in_sources = _places(text, terms.places(text), profile, sources)
    lead = diseases[0] if diseases else None
    counts = _counts(text, quantities, hits, readings, sentences, places, diseases, profile)
    locations = _locations(places, sentences, diseases, counts) or _locations(
        in_sources, sentences, diseases, counts
    )
    countries = _affected_countries(locations)
    relevance = _relevance(hits, diseases, counts, bool(in_title))
    relevance = _with_measures(relevance, hits)
    relevant = relevance >= RELEVANCE_THRESHOLD
    return Extraction(
        language=code,
        relevant=relevant,
        relevance=relevance,
        diseases=diseases,
        locations=locations,
        dates=[_date_mention(text, r) for r in readings],
        counts=counts,
        resources=_resources(text, hits, quantities, sentences),
        measures=_measures(hits, sentences, places, readings),
        sources=sources,
        primary=Primary(lead if relevant else None, countries),
    )


# --------------------------------------------------------------------------- diseases


@cache
def _entries() -> dict[str, _Entry]:
    raw = load_json("diseases.json")["diseases"]
    names = [str(d["name"]) for d in raw]
    out = {}
    for d in raw:
        out[d["name"]] = _Entry(
            name=d["name"],
            kind=d["kind"],
            icd10=d["icd10"],
            icd11=d["icd11"],
            pathogen=d["pathogen"],
            parents=tuple(names[i] for i in d["parents"]),
            eras=tuple((e["from"], e["to"], names[e["disease"]]) for e in d["eras"]),
        )
    return out


def _diseases(
    matches: list[Match[DiseaseName]],
    title: list[Match[DiseaseName]],
    published: dt.date | None,
) -> list[DiseaseMention]:
    """Disease entries named in the text, the story's own first (most salient, specific)."""
    entries = _entries()
    found: dict[str, list[Match[DiseaseName]]] = {}
    salience: dict[str, float] = {}
    for m in matches:
        name = _era(entries, m.value.disease, published)
        found.setdefault(name, []).append(m)
        salience[name] = salience.get(name, 0.0) + 1.0
    for m in title:
        name = _era(entries, m.value.disease, published)
        if name in found:
            salience[name] += _TITLE_SALIENCE
    _fold(entries, found, salience)
    order = sorted(
        found,
        key=lambda n: (
            entries[n].kind in ("syndromic", "catchall"),
            -salience[n],
            found[n][0].start,
        ),
    )
    return [_disease_mention(entries[n], found[n], salience[n]) for n in order]


def _era(entries: dict[str, _Entry], name: str, published: dt.date | None) -> str:
    """A generic name stands for the disease of its time ("coronavirus" in 2022: COVID-19)."""
    entry = entries.get(name)
    if entry is None or not entry.eras or published is None:
        return name
    day = published.isoformat()
    for start, end, disease in entry.eras:
        if start <= day and (end is None or day <= end):
            return disease
    return name


def _fold(
    entries: dict[str, _Entry],
    found: dict[str, list[Match[DiseaseName]]],
    salience: dict[str, float],
) -> None:
    """Fold a generic name into a specific disease of its family named beside it."""
    for name in [n for n in found if entries[n].kind == "generic"]:
        children = [n for n in found if name in entries[n].parents]
        if children:
            target = max(children, key=lambda n: salience[n])
            found[target].extend(found.pop(name))
            salience[target] += salience.pop(name)


def _disease_mention(
    entry: _Entry, matches: list[Match[DiseaseName]], salience: float
) -> DiseaseMention:
    names = sorted({(m.start, m.end) for m in matches if m.value.role == "disease"})
    pathogens = sorted({(m.start, m.end) for m in matches if m.value.role == "pathogen"})
    return DiseaseMention(
        name=entry.name,
        icd10=entry.icd10,
        icd11=entry.icd11,
        pathogen=entry.pathogen,
        mentions=tuple(names),
        pathogen_mentions=tuple(pathogens),
        salience=salience,
    )


# --------------------------------------------------------------------------- places


@dataclass
class _Place:
    name: PlaceName
    mentions: list[Span]
    adjectives: list[Span]


_KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3, "place": 4}


def _places(
    text: str,
    matches: list[Match[PlaceName]],
    profile: LanguageProfile,
    sources: list[SourceMention],
) -> tuple[dict[str, _Place], dict[str, _Place]]:
    """Places by key, and those named only inside a source's name ("中国疾控中心").

    A name shared by several places is read as one in a country the text names ("la
    province de l'Équateur" in a story on the Congo), else the largest kind, else one in a
    home country of the language. Latin-script languages also find the towns of the shared
    gazetteer (Lodi, Warstein, Piura), where the text names their country or it is a home
    country of the language (a town's name alone would be too ambiguous).
    """
    spans = [s.span for s in sources]
    by_span: dict[Span, list[PlaceName]] = {}
    for m in matches:
        by_span.setdefault((m.start, m.end), []).append(m.value)
    # Countries named without doubt, and those of any place named without doubt.
    sure = [n for n in by_span.values() if len({x.place.country for x in n}) == 1]
    named = {n[0].place.country for n in sure if any(x.place.kind == "country" for x in n)}
    supported = {n[0].place.country for n in sure}
    home = set(profile.home_countries)
    if profile.script == "latin":
        starts = {s for s, _ in split_sentences(text)}
        for m in _shared_towns().find(text):
            span = (m.start, m.end)
            if (
                m.value.place.country in named | home
                and m.start not in starts  # "Au Cameroun": a capital letter of the sentence
                and (span in by_span or not _overlaps(span, by_span))
            ):
                by_span.setdefault(span, []).append(m.value)
    out: dict[str, _Place] = {}
    in_sources: dict[str, _Place] = {}
    for span, names in sorted(by_span.items()):
        best = min(
            names,
            key=lambda n: (
                n.place.country not in supported,
                _KIND_RANK.get(n.place.kind, 5),
                n.place.country not in home,
            ),
        )
        if named and best.place.country not in named:
            continue  # "Afrique de l'Ouest" in a story on Guinea is no region of Cameroon
        inside = any(a <= span[0] and span[1] <= b for a, b in spans)
        place = (in_sources if inside else out).setdefault(best.place.key, _Place(best, [], []))
        (place.mentions if best.role == "name" else place.adjectives).append(span)
    return out, in_sources


def _overlaps(span: Span, taken: dict[Span, list[PlaceName]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in taken)


@cache
def _shared_towns() -> PhraseRuler[PlaceName]:
    """The cities of the shared gazetteer, by their (Latin-script) names, case kept."""
    gazetteer = load_json("gazetteer.json")
    rows = gazetteer["places"]
    places: dict[int, Place] = {}
    pairs = []
    for name, i, role in gazetteer["names"]:
        row = rows[i]
        if row[1] != "city" or role != "name" or not name[:1].isupper() or len(name) < 4:
            continue
        place = places.get(i)
        if place is None:
            place = Place(str(row[6]), "city", row[2], row[3], row[0], row[4], row[5], row[6])
            places[i] = place
        pairs.append((name, PlaceName(name, place, "name")))
    return PhraseRuler(pairs, case_sensitive=True)


def _locations(
    places: dict[str, _Place],
    sentences: list[Span],
    diseases: list[DiseaseMention],
    counts: list[CountMention],
) -> list[LocationMention]:
    """Every place; those named in a sentence with a disease or a figure are affected, or,
    when none is, the most named country (the story's place named in another sentence)."""
    story = [s for d in diseases for s in d.mentions] + [c.span for c in counts]
    story_sentences = {_sentence_of(sentences, s[0]) for s in story}
    out: list[LocationMention] = []
    for place in sorted(places.values(), key=lambda p: min([*p.mentions, *p.adjectives])):
        p = place.name.place
        spans = [*place.mentions, *place.adjectives]
        affected = any(_sentence_of(sentences, s[0]) in story_sentences for s in spans)
        out.append(
            LocationMention(
                name=p.name,
                kind=p.kind,
                country=p.country,
                admin1=p.admin1,
                lat=p.lat,
                lon=p.lon,
                geonameid=p.geonameid,
                affected=affected,
                mentions=tuple(sorted(spans)),
                demonym_mentions=tuple(sorted(place.adjectives)),
                salience=float(len(spans)),
            )
        )
    if out and not any(loc.affected for loc in out):
        lead = max(out, key=lambda loc: (loc.kind == "country", loc.salience))
        out[out.index(lead)] = replace(lead, affected=True)
    return out


def _affected_countries(locations: list[LocationMention]) -> tuple[str, ...]:
    weight: dict[str, float] = {}
    for loc in locations:
        if loc.affected and loc.country:
            weight[loc.country] = weight.get(loc.country, 0.0) + loc.salience
    return tuple(sorted(weight, key=lambda c: -weight[c]))


def _sentence_of(sentences: list[Span], pos: int) -> int:
    i = bisect.bisect_right(sentences, (pos, 1 << 62)) - 1
    return i if i >= 0 and sentences[i][0] <= pos < sentences[i][1] else -1


# --------------------------------------------------------------------------- counts


def _counts(
    text: str,
    quantities: list[Quantity],
    hits: CueHits,
    readings: list[DateReading],
    sentences: list[Span],
    places: dict[str, _Place],
    diseases: list[DiseaseMention],
    profile: LanguageProfile,
) -> list[CountMention]:
    country_at = {s[0]: p.name.place.country for p in places.values() for s in p.mentions}
    lead = diseases[0] if diseases else None
    weights: dict[str, int] = {}
    for p in places.values():
        c = p.name.place.country
        weights[c] = weights.get(c, 0) + len(p.mentions) + len(p.adjectives)
    default = max(weights, key=lambda c: weights[c]) if weights else None
    names = [s for d in diseases for s in (*d.mentions, *d.pathogen_mentions)]
    setting = Setting(lead.name if lead else None, country_at, default, readings, sentences, names)
    layout = (
        UNSPACED if profile.boundary.cues.mode == "char" and profile.script == "han" else SPACED
    )
    return find_profile_counts(text, quantities, hits, setting, layout)


# --------------------------------------------------------------------------- dates


def _date_mention(text: str, r: DateReading) -> DateMention:
    return DateMention(r.date, r.precision, text[r.span[0] : r.span[1]], r.span)


# --------------------------------------------------------------------------- responses


def _measures(
    hits: CueHits, sentences: list[Span], places: dict[str, _Place], readings: list[DateReading]
) -> list[MeasureMention]:
    out = []
    for m in hits.measures.matches:
        i = _sentence_of(sentences, m.start)
        lo, hi = sentences[i] if i >= 0 else (m.start, m.end)
        country = next(
            (p.name.place.country for p in places.values() for s in p.mentions if lo <= s[0] < hi),
            None,
        )
        day = next((r.date for r in readings if lo <= r.span[0] < hi), None)
        out.append(MeasureMention(m.value, (m.start, m.end), country, day))
    return out


def _resources(
    text: str, hits: CueHits, quantities: list[Quantity], sentences: list[Span]
) -> list[ResourceMention]:
    """Supplies named in a sentence that says what was done with them."""
    out = []
    for m in hits.items.matches:
        i = _sentence_of(sentences, m.start)
        lo, hi = sentences[i] if i >= 0 else (m.start, m.end)
        actions = hits.actions.within(lo, hi)
        if not actions:
            continue
        amount = next(
            (q.value for q in quantities if 0 <= m.start - q.span[1] <= 3 and q.span[0] >= lo), None
        )
        out.append(ResourceMention(m.value, (m.start, m.end), amount, None, actions[0].value))
    return out


# --------------------------------------------------------------------------- relevance


def _with_measures(score: float, hits: CueHits) -> float:
    if not hits.measures.matches or score <= 0.0 or score >= 1.0:
        return score
    logit = math.log(score / (1.0 - score)) + _MEASURE
    return round(1.0 / (1.0 + math.exp(-logit)), 4)


def _relevance(
    hits: CueHits, diseases: list[DiseaseMention], counts: Iterable[CountMention], in_title: bool
) -> float:
    strong = weak = negative = 0.0
    for m in hits.relevance.matches:
        w = m.value
        if w < 0:
            negative += w
        elif w >= 0.5:
            strong += w
        else:
            weak += w
    specific = any(
        d.name and _entries()[d.name].kind not in ("syndromic", "catchall") for d in diseases
    )
    named = _DISEASE if specific else _SYNDROME if diseases else 0.0
    epi = sum(1 for c in counts if c.measure in _EPI_MEASURES)
    logit = (
        _BIAS
        + named
        + (_DISEASE_IN_TITLE if in_title else 0.0)
        + _COUNT * min(epi, _MAX_COUNTS) * (1.0 if diseases else 0.5)
        + min(strong, _MAX_STRONG)
        + min(weak, _MAX_WEAK)
        + negative
    )
    return round(1.0 / (1.0 + math.exp(-logit)), 4)
