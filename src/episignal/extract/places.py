"""Places: countries, subdivisions and cities named in a text, disambiguated and ranked.

One case-sensitive Aho-Corasick pass over the text finds every gazetteer name (place
names are capitalised in running text; headline capitals are matched for countries), and
abbreviations must match exactly. Each match is then judged in its context:

* stop-lists: words that are never places ("March"), common words that are places only
  when the document supports them ("Mobile", "Reading"), generic subdivision names that
  need a suffix ("Eastern Province");
* names inside disease names ("West Nile virus", "Crimean-Congo") and person's names
  ("Michael Jordan") are dropped;
* an ambiguous name takes the reading best supported by the other places of the document
  ("Georgia" next to "Atlanta"; "Paris, Texas"), else the most populous one;
* each mention gets a role: affected, donor ("aid from Japan"), incidental ("WHO
  headquarters in Geneva") or source ("Chinese customs data"); a place is ``affected``
  when one of its mentions is and its country is salient enough in the document.

A country never named but implied by its towns or provinces ("Watsa zone, Haut-Uele
province") is carried by those places' ``country``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from episignal.document import DiseaseMention, LocationKind, LocationMention, Span
from episignal.extract.context import TextContext
from episignal.extract.geo import Gazetteer, NameRole, Place, country_code, gazetteer
from episignal.extract.ruler import PhraseRuler, first_letters
from episignal.extract.spanindex import SpanIndex
from episignal.lang.english import alternation, english

# "ignored": a footer or byline ("a news site in Belize"), or an adjective inside an
# institution's name ("Pan American Health Organization"): it never weighs.
Role = Literal["affected", "donor", "incidental", "source", "ignored"]

# Ranking of a reading: log10 prior, plus these bonuses.
_KIND_BONUS: dict[str, float] = {"country": 2.0, "admin1": 0.5, "admin2": 0.0, "city": 0.0}
_EVIDENCE_BONUS = 3.0  # the document names the reading's country elsewhere
_COHERENCE_BONUS = 1.5  # another ambiguous name of the document reads as the same country
_ADMIN1_EVIDENCE_BONUS = 2.0  # ... or the reading's first-level subdivision
# Salience of a mention: title and lead sentences weigh more than later ones.
_TITLE_WEIGHT = 3.0
_LEAD_WEIGHT = 1.5
_LEAD_SENTENCES = 3
_DEMONYM_WEIGHT = 0.5
_SUBPLACE_WEIGHT = 0.6  # a city or province adds this much of its weight to its country
# A country is affected when its salience reaches this share of the top country's.
AFFECTED_SHARE = 0.35
_WINDOW = 60  # characters of context looked at on either side of a mention
_CITY_MIN = 15_000  # smaller towns need their country or subdivision named elsewhere
_BIG_CITY = 200_000  # a name this big before capitalised words starts an institution's name
_LIST_REACH = 160  # characters before a plural place word searched for its list of names
_INSTITUTION_WINDOW = 150  # characters before a place searched for the institution it ends
_INCIDENTAL_REACH = 32  # an institution's name ends at most this far before its city

_WORD_BEFORE = re.compile(r"([A-Z][a-z]+\.?)[ \t]+$")
_PERSON_AFTER = re.compile(r"^[ \t]+([A-Z][a-z]+)\b(?![ \t]+[A-Z])")


def _alternation(phrases: Iterable[str]) -> str:
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in ordered)


# The English words of these rules: data_src/en/places.yaml.
_EN = english("places")
_KIND_FAMILIES: tuple[tuple[str, LocationKind], ...] = (
    ("admin1_kinds", "admin1"),
    ("admin2_kinds", "admin2"),
    ("settlement_kinds", "city"),
)
# A kind of place named with a name ("Kasese district", "the village of Kanyi") and its
# plural, to the kind of place it makes.
_PLACE_OF_KIND: dict[str, LocationKind] = {
    form: kind for key, kind in _KIND_FAMILIES for forms in _EN[key] for form in forms
}


def _either_case(words: list[str]) -> str:
    """The words as alternatives whose first letter matches in either case ("[Ii]n")."""
    return "|".join(f"[{w[0].upper()}{w[0].lower()}]{w[1:]}" for w in words)


_JOINERS = alternation(_EN["list_joiners"])
# An unknown name one letter at a time, accents included ("Dogantepe", "Sazl\u0131ca").
_UNAME = r"[A-Z][^\W\d_]+(?:['\u2019][^\W\d_]+)?"
# "the village of Kosmovac", "the Bulgarian village of Yasenkovo", "the far north Queensland
# town of Ingham", "municipality of Texcoco": the head names the kind. Without "the", only an
# administrative head ("a community of Orthodox believers" is no place).
# "of" and a capitalised name after a head ("the village of Kosmovac"): found by "of" first,
# the head then looked up among the one or two words before it (faster than an alternation).
# "[ \t][ \t]*" for "[ \t]+": a pattern opened by a class lets the engine skip to the next
# space or tab (one opened by a repeat is tried at every position of the text).
_OF_NAME = re.compile(
    rf"[ \t][ \t]*(?:{alternation(_EN['of'])})[ \t]+({_UNAME}(?:[ -]{_UNAME}){{0,2}})(?![\w-])"
)
_HEAD_BEFORE_OF = re.compile(r"(?:\b([A-Za-z]+)[ \t]+)?\b([A-Za-z]+)\Z")
_THE_BEFORE_HEAD = re.compile(rf"\b(?:{_either_case(_EN['the'])})[ \t]+(?:[\w-]+[ \t]+){{0,3}}\Z")
_NAME = r"[A-Z][a-z'\u2019]+(?:[ -][A-Z][a-z'\u2019]+)?"
# A capitalised name after a locative preposition, closed by punctuation or by a word that
# continues a place ("in Pese.", "at Mukkola in", "near Gian Talap village").
_LOCATIVE_NAME = re.compile(
    # the lookahead for the words' first letters spares the engine every other word
    first_letters([*_EN["locative_name_before"], *_EN["location_labels"]])
    + rf"(?:\b(?:{_either_case(_EN['locative_name_before'])})"
    rf"|\b(?:{_either_case(_EN['location_labels'])})[ \t]*:)[ \t]+({_NAME})"
    # closed by punctuation or by a lower-case word ("from Bangli died"); "X district" is the
    # suffix finder's, "at Epupa clinic" an institution's
    r"(?=[ \t]*[,.;:)(]|[ \t]+(?P<next>[a-z]+)\b)"
)
_HYPHEN_BEFORE = re.compile(r"\b([A-Za-z][A-Za-z.]*)-$")
# "in Africa's meningitis belt": not a town's name
_POSSESSIVE = re.compile(rf"(?:{alternation(_EN['possessive'])})$")
_AFTER_TOWN = re.compile(r"\b[A-Z][a-z]+\.?[ \t]?,[ \t]*$")
_TOWN_BEFORE_POSTAL = re.compile(rf"({_NAME})[ \t]?,[ \t]*$")
# Between an institution and its city: only names, acronyms and these small words.
_WORDS = re.compile(r"[^\W\d_]+")
# "WHO Collaborating Centre for Reference and Research on Meningococci, Oslo": "on" too.
_ADDRESS_WORDS = frozenset(_EN["address_words"])
# "(Belgium" or "(Belgium and " right after an organisation's name: a capitalised word, or
# the lower-case "frontières" of "Médecins sans frontières".
_ORG_PARENTHESES = re.compile(
    rf"\b([A-Z][\w\u00c0-\u017f'\u2019.-]*|[a-z\u00e0-\u017f]+(?:{alternation(_EN['org_lower_endings'])}))"
    rf"[ \t]*\((?:[A-Z][\w ]*?(?:,|[ \t](?:{alternation(_EN['org_list_and'])}))[ \t]+)?$"
)
_PLACE_END_WORDS = frozenset(_EN["place_end_words"])
_LOCATIVE = re.compile(
    rf"\b(?:{alternation(_EN['locatives'])})[ \t]+(?:(?:{alternation(_EN['the'])})[ \t]+)?$"
)
_TITLE_BEFORE = re.compile(rf"\b(?:{alternation(_EN['titles'])})\.?[ \t]+$")


@dataclass(frozen=True, slots=True)
class _Reading:
    place: Place
    role: NameRole
    phrase: str


@dataclass(slots=True)
class _Candidate:
    """One matched span with its possible readings."""

    start: int
    end: int
    readings: list[_Reading]
    title: bool = False
    chosen: _Reading | None = None
    mention_role: Role = "affected"


@dataclass(slots=True)
class _PlaceHits:
    place: Place
    spans: list[Span] = field(default_factory=list)
    # "Congolese", "North Korean": reported as mentions only when nothing else names the
    # country (neither its name nor one of its places).
    demonym_spans: list[Span] = field(default_factory=list)
    weight: float = 0.0
    affected_mentions: int = 0
    heading: bool = False  # opens a section of a bulletin: "Burkina Faso: WHO has reported"


@dataclass(frozen=True, slots=True)
class _Rules:
    never: frozenset[str]
    common_words: frozenset[str]
    person_names: frozenset[str]
    allowed_before: frozenset[str]
    allowed_after: frozenset[str]
    eponym_heads: frozenset[str]
    eponym_before: tuple[str, ...]
    demonym_not_affected: re.Pattern[str]
    demonym_affected: re.Pattern[str]
    donor_before: re.Pattern[str]
    donor_after: re.Pattern[str]
    incidental_before: re.Pattern[str]
    furniture: PhraseRuler[str]  # "news site", "©", "Follow us": a line that is no report
    demonym_institution: re.Pattern[str]  # "(Pan) American Health Organization"
    furniture_max_words: int
    outlet_after: re.Pattern[str]  # "Metro Herald", "Korea Times": a newspaper's name
    person_verb_after: re.Pattern[str]  # "Munoz stated": a surname
    institution_nouns: frozenset[str]  # "at Epupa clinic": an institution's name
    org_section: re.Pattern[str]  # "MSF-Spain": a national section of an organisation
    locative_stop: frozenset[str]  # "in Europe", "in Epidemiology": not unknown villages
    institution_after: re.Pattern[str]  # "United States Centers for Disease Control"
    address_of: dict[str, str]  # "Hong Kong, China": territory -> state named after it
    generic_admin: frozenset[str]
    suffix: re.Pattern[str]
    suffixes_in_span: frozenset[str]
    suffix_kind: dict[str, LocationKind]  # suffix -> kind of an unknown name before it
    plural_kind: dict[str, LocationKind]
    plural_word: re.Pattern[str]  # "districts", "provinces" after a list of names
    plural_list: re.Pattern[str]  # "Bikita and Gutu" right before such a word
    institution_cities: dict[str, re.Pattern[str]]
    unknown_admin: re.Pattern[str]
    historical_codes: tuple[tuple[str, dt.date, str], ...]  # (code, before, former code)


@cache
def _rules() -> _Rules:
    raw = gazetteer().rules

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or [])

    suffix_kind: dict[str, LocationKind] = {str(k): v for k, v in raw["admin_suffixes"].items()}
    suffixes = _alternation(suffix_kind)
    unknown_kind = dict(suffix_kind)
    unknown_kind.update({str(k): "city" for k in raw.get("settlement_suffixes") or []})
    features = [str(k) for k in raw.get("feature_suffixes") or []]
    unknown_kind.update({k: "place" for k in features})
    plural_kind: dict[str, LocationKind] = {
        str(k): v for k, v in (raw.get("plural_suffixes") or {}).items()
    }
    return _Rules(
        never=words("never_places"),
        common_words=words("common_words"),
        person_names=words("person_names"),
        allowed_before=frozenset(str(w) for w in raw.get("allowed_before") or []),
        allowed_after=frozenset(str(w) for w in raw.get("allowed_after") or []),
        eponym_heads=words("eponym_heads"),
        # stripped once here: _is_eponym tests every candidate's window against them all
        eponym_before=tuple(str(w).strip() for w in raw.get("eponym_before") or []),
        demonym_not_affected=re.compile(
            rf"^[ \t]*(?:{_alternation(raw['demonym_not_affected'])})\b", re.IGNORECASE
        ),
        demonym_affected=re.compile(
            rf"^[ \t]*(?:{_alternation(raw['demonym_affected'])})\b", re.IGNORECASE
        ),
        donor_before=re.compile(
            rf"\b(?:{_alternation(raw['donor_before'])})\b(?:[ \t]+(?:{alternation(_EN['the'])}))?"
            rf"(?:[ \t]+(?:{alternation(_EN['donor_titles'])})[ \t]+(?:{alternation(_EN['of'])}))?"
            rf"(?:[ \t]+(?:{alternation(_EN['the'])}))?[ \t]+$"
        ),
        donor_after=re.compile(
            rf"^(?:[ \t]+(?:{alternation(_EN['donor_adverbs'])}))?[ \t]+"
            rf"(?:{_alternation(raw['donor_after'])})\b"
        ),
        incidental_before=re.compile(rf"(?:{_alternation(raw['incidental_before'])})\b"),
        demonym_institution=re.compile(
            rf"^[ \t]*(?:{_alternation(raw['demonym_institution'])})\b", re.IGNORECASE
        ),
        furniture=PhraseRuler([(p, p) for p in raw["furniture_lines"]], per_document=True),
        furniture_max_words=int(raw["furniture_max_words"]),
        locative_stop=frozenset(str(w) for w in raw.get("locative_stop") or []),
        outlet_after=re.compile(rf"^[ \t]+(?:{_alternation(raw['outlet_after'])})\b"),
        institution_nouns=words("institution_nouns"),
        org_section=re.compile(
            rf"\b(?:{_alternation(raw['org_sections'])})[ \t]*[-\u2013(]?[ \t]*$"
        ),
        person_verb_after=re.compile(rf"[ \t]+(?:{_alternation(raw['person_verbs_after'])})\b"),
        institution_after=re.compile(rf"^[ \t]+(?:{_alternation(raw['institution_after'])})\b"),
        address_of={str(k): str(v) for k, v in (raw.get("address_of") or {}).items()},
        generic_admin=words("generic_admin"),
        suffix=re.compile(rf"^[ \t]+({suffixes})\b"),
        suffixes_in_span=frozenset(
            [*(str(w) for w in raw.get("suffixes_in_span") or []), *features]
        ),
        suffix_kind=unknown_kind,
        plural_kind=plural_kind,
        plural_word=re.compile(rf"[ \t][ \t]*({_alternation(plural_kind) or 'districts'})\b"),
        plural_list=re.compile(rf"\b({_NAME}(?:,[ \t]+{_NAME})*,?[ \t]+and[ \t]+{_NAME})\Z"),
        institution_cities={
            str(city).lower(): re.compile(rf"\b(?:{_alternation(orgs)})\b")
            for city, orgs in (raw.get("institution_cities") or {}).items()
        },
        # Possessive runs of letters: what may follow one ("-", a space) is no letter, so
        # giving letters back never helps a match, and the engine no longer gives back
        # each capitalised word's letters one by one. The name opens with its capital and
        # then looks back for the word boundary (no word character before the capital):
        # a pattern that opens with a class lets the engine skip to the next capital.
        unknown_admin=re.compile(
            r"((?:[A-Z](?<!\w[A-Z])[a-z'\u2019]++(?:-[A-Z][a-z'\u2019]++)*)"
            r"(?:[ \t]+[A-Z][a-z'\u2019]++){0,2})"
            rf"[ \t]+({_alternation(unknown_kind)})\b"
        ),
        historical_codes=tuple(
            (str(h["code"]), dt.date.fromisoformat(str(h["before"])), str(h["as"]))
            for h in raw.get("historical_codes") or []
        ),
    )


@cache
def _ruler() -> PhraseRuler[int]:
    """Every gazetteer name; a match's value indexes ``gazetteer().names``.

    Matching is case-sensitive: place names are capitalised in running text, and a
    case-sensitive automaton skips the many lower-case words that spell a town's name.
    Headline forms are added: capitals for countries ("GUINEA") and title case for names
    with small words ("Republic Of The Congo").
    """
    gaz = gazetteer()
    return PhraseRuler(_phrase_forms(gaz.names, gaz), case_sensitive=True)


def _phrase_forms(names: list[list[Any]], gaz: Gazetteer) -> Iterable[tuple[str, int]]:
    for i, (phrase, place_index, role) in enumerate(names):
        yield phrase, i
        if role in ("abbr", "postal", "block"):
            if role == "block" and phrase[0].islower():
                yield phrase[0].upper() + phrase[1:], i  # "Guinea pig" at a sentence start
            continue
        if " " in phrase and any(w[0].islower() for w in phrase.split()):
            yield " ".join(w[0].upper() + w[1:] for w in phrase.split()), i
        if len(phrase) >= 4 and gaz.kind(place_index) == "country":
            yield phrase.upper(), i


def _reading(name_index: int) -> _Reading:
    gaz = gazetteer()
    phrase, place_index, role = gaz.names[name_index]
    return _Reading(gaz.place(place_index), role, phrase)


def _areas_before_suffix(surface: str, readings: list[_Reading]) -> list[_Reading]:
    """ "Eastern Region" is the full name of one country's area and "Eastern" + "Region" of
    many others' (Uganda's, Ghana's): all are readings, and the countries the document
    names decide between them."""
    head, _, suffix = surface.rpartition(" ")
    if not head or suffix.lower() not in _AREA_SUFFIXES:
        return []
    have = {id(r.place) for r in readings}
    return [
        r
        for r in (_reading(i) for i in _area_name_indexes().get(head, ()))
        if r.place.kind in ("admin1", "admin2") and r.role == "name" and id(r.place) not in have
    ]


_AREA_SUFFIXES = frozenset(_EN["area_suffixes"])


@cache
def _area_name_indexes() -> dict[str, tuple[int, ...]]:
    """Name of a province or district -> the indexes of ``gazetteer().names`` spelled so
    (only what :func:`_areas_before_suffix` reads: an index of every name took a few
    tenths of a second, inside the first document with an area suffix)."""
    gaz = gazetteer()
    areas = gaz.indexes_of_kinds("admin1", "admin2")
    out: dict[str, list[int]] = defaultdict(list)
    for i, (phrase, place_index, role) in enumerate(gaz.names):
        if role == "name" and place_index in areas:
            out[phrase].append(i)
    return {k: tuple(v) for k, v in out.items()}


def names_a_place(phrase: str) -> bool:
    """Whether the whole phrase is a gazetteer name ("Pyongyang", "New York")."""
    return any(m.start == 0 and m.end == len(phrase) for m in _ruler().find(phrase))


def warm_up() -> None:
    """Load the gazetteer and build the automaton now rather than on the first document."""
    _rules()
    _ruler()


# --------------------------------------------------------------------------- matching


def find_locations(ctx: TextContext, diseases: list[DiseaseMention]) -> list[LocationMention]:
    """Places named in ``ctx.text``, one per place with all its mentions, most salient first."""
    text = ctx.text
    if not text:
        return []
    rules = _rules()
    blocked = sorted(span for d in diseases for span in (*d.mentions, *d.pathogen_mentions))
    candidates = _drop_person_surfaces(_candidates(text, rules, blocked), text, rules)
    if ctx.title:
        candidates.extend(_title_candidates(ctx.title, rules))
    _resolve(candidates, text, rules)
    _assign_roles(candidates, ctx, rules)
    places = _collect(candidates, ctx)
    unknown = _unknown_admin_places(text, rules, candidates, blocked)
    return _rank(places, unknown, ctx, rules)


def _candidates(text: str, rules: _Rules, blocked: Sequence[Span]) -> list[_Candidate]:
    grouped: dict[Span, list[_Reading]] = defaultdict(list)
    for m in _ruler().find(text):
        reading = _reading(m.value)
        if reading.role == "block" or _case_ok(text[m.start : m.end], reading):
            grouped[(m.start, m.end)].append(reading)
    out: list[_Candidate] = []
    blocking = SpanIndex(blocked)
    for (start, end), readings in sorted(grouped.items()):
        if blocking.overlaps(start, end) or any(r.role == "block" for r in readings):
            continue  # inside a disease name, or a blocking phrase ("Central America")
        readings = readings + _areas_before_suffix(text[start:end], readings)
        cand = _judge(text, start, end, readings, rules)
        if cand is not None:
            out.append(cand)
    return out


_CAPITALISED_RUN = re.compile(r"((?:[ \t]+[A-Z][a-z]+){1,3})\b(?=[ \t]*(?:[a-z,.;:!?)]|$))")


def _drop_person_surfaces(
    candidates: list[_Candidate], text: str, rules: _Rules
) -> list[_Candidate]:
    """A town name that once starts a person's name ("Kim Jong Un") or speaks ("Munoz
    stated") is that person everywhere in the document ("Kim ordered ..."); a big city's
    name starts an institution's ("Denver Rescue Mission") and stays a place."""
    starts = {c.start for c in candidates}
    persons = {text[c.start : c.end] for c in candidates if _names_a_person(c, text, rules, starts)}
    if not persons:
        return candidates
    return [
        c
        for c in candidates
        if text[c.start : c.end] not in persons or not _may_be_a_person(c, text, rules)
    ]


def _may_be_a_person(cand: _Candidate, text: str, rules: _Rules) -> bool:
    """Towns, and provinces named like people ("Rivera"); never a country ("Jordan said" is
    a government speaking)."""
    if any(r.place.kind == "country" for r in cand.readings):
        return False
    return text[cand.start : cand.end].lower() in rules.person_names or all(
        r.place.kind in ("city", "admin2") for r in cand.readings
    )


def _names_a_person(cand: _Candidate, text: str, rules: _Rules, starts: set[int]) -> bool:
    if not _may_be_a_person(cand, text, rules):
        return False
    known_surname = text[cand.start : cand.end].lower() in rules.person_names
    if not known_surname:
        if any(r.role != "name" for r in cand.readings):
            return False
        if any(r.place.prior >= _BIG_CITY for r in cand.readings):
            return False  # "Denver Rescue Mission", "Seattle Children's Hospital"
    if rules.person_verb_after.match(text, cand.end):
        # "Munoz stated", and every later "Munoz"; "officials in Moca said" is the town
        return not _LOCATIVE.search(text, max(0, cand.start - 12), cand.start)
    if not all(r.place.kind in ("city", "admin2") for r in cand.readings):
        return False  # "Georgia Smith": _looks_like_person weighs a province's name
    m = _CAPITALISED_RUN.match(text, cand.end)
    if m is None:
        return False
    next_start = cand.end + len(m.group(1)) - len(m.group(1).lstrip())
    return next_start not in starts and not any(
        w in rules.allowed_after for w in m.group(1).split()
    )


def _title_candidates(title: str, rules: _Rules) -> list[_Candidate]:
    """Places of the title count for salience only (their spans do not index the text)."""
    out = []
    for cand in _candidates(title, rules, ()):
        cand.title = True
        out.append(cand)
    return out


def _case_ok(surface: str, reading: _Reading) -> bool:
    phrase = reading.phrase
    if reading.role in ("abbr", "postal"):
        return surface == phrase
    if len(surface) != len(phrase):
        return False
    if surface.isupper() and not phrase.isupper():
        # Headlines in capitals name countries; capitalised towns are mostly acronyms (SARI).
        return reading.place.kind == "country" and len(surface) >= 4
    if not surface[0].isupper() and phrase[0].isupper():
        return False
    # Every capital of the name must be a capital in the text ("New York", not "new york").
    return all(s.isupper() for s, p in zip(surface, phrase, strict=True) if p.isupper())


def _judge(
    text: str, start: int, end: int, readings: list[_Reading], rules: _Rules
) -> _Candidate | None:
    """Drop readings that the local context rules out; None when nothing is left."""
    surface = text[start:end]
    key = surface.lower()
    after = text[end : end + _WINDOW]
    before = text[max(0, start - _WINDOW) : start]
    if _is_eponym(before, after, rules):
        return None
    if after.startswith("$"):
        return None  # "US$ 2.1 million" is a currency
    # Only a window ending in a hyphen can match: the test spares a search of every window
    # ("$" also matches before a final line break).
    prefix = _HYPHEN_BEFORE.search(before) if before.endswith(("-", "-\n")) else None
    if prefix is not None and country_code(prefix.group(1)) is None:
        # "Miami-Dade", "Haut-Zaire": the second half of a compound name, not the town
        # "Dade" or Angola's Zaire province; "US-Mexico" (a border) names both countries.
        return None
    # A US state's postal code counts only in an address: "White, GA".
    readings = [r for r in readings if r.role != "postal" or _AFTER_TOWN.search(before)]
    if not readings:
        return None
    suffix = rules.suffix.match(after)
    kept = []
    for r in readings:
        named_area = suffix is not None and r.place.kind in ("admin1", "admin2")
        if r.place.kind != "country" and r.role == "name" and key in rules.never and not named_area:
            continue  # "Western" is no place; "Western Region" is one
        if r.place.kind in ("admin1", "admin2") and key in rules.generic_admin and not suffix:
            continue
        kept.append(r)
    if not kept:
        return None
    if _looks_like_person(before, after, key, kept, rules):
        return None
    if suffix is not None and any(r.place.kind in ("admin1", "admin2") for r in kept):
        # "Guangdong Province", "Pinal County": the suffix picks the subdivision, and some
        # suffixes belong to the name's span.
        kept = [r for r in kept if r.place.kind in ("admin1", "admin2")]
        if suffix.group(1) in rules.suffixes_in_span:
            end += suffix.end()
    elif suffix is None and _names_a_country(kept) and not _AREA_OF_BEFORE.search(before):
        # "Niger", "Benin": a country's own name is the country, not Nigeria's Niger State
        # or Benin City (named with their suffix: "Niger State", "Benin City"). US states
        # are named bare ("Georgia health officials"): context decides between them.
        kept = [r for r in kept if r.place.kind == "country" or r.place.country == "US"]
    return _Candidate(start, end, kept)


def _names_a_country(readings: list[_Reading]) -> bool:
    """A country's own name (not an alias: "Gaza" is also Mozambique's province), which
    some other place shares."""
    return any(
        r.place.kind == "country" and r.role == "name" and r.phrase == r.place.name
        for r in readings
    ) and any(r.place.kind != "country" for r in readings)


# "the state of Niger", "Niger state's": the words before name a subdivision.
_AREA_OF_BEFORE = re.compile(
    rf"\b(?:{alternation(_EN['area_of_kinds'])})\s+(?:{alternation(_EN['of'])})\s+"
    rf"(?:(?:{alternation(_EN['the'])})\s+)?$",
    re.IGNORECASE,
)


# The word (and the next) after a name: an eponym's head ("virus", "fever") and what follows.
_EPONYM_HEAD = re.compile(r"^[ \t]*([A-Za-z-]+)(?:[ \t]+([A-Za-z]+))?")


def _is_eponym(before: str, after: str, rules: _Rules) -> bool:
    """Part of a disease or pathogen name: "West Nile virus", "Crimean-Congo fever"."""
    if before.rstrip(" \t").endswith(rules.eponym_before):
        return True
    m = _EPONYM_HEAD.match(after)
    if m is None or m.group(1).lower() not in rules.eponym_heads:
        return False
    # "Uganda Virus Research Institute" names an institute in the place, not a virus.
    following = m.group(2)
    return not (m.group(1)[0].isupper() and following is not None and following[0].isupper())


def _looks_like_person(
    before: str, after: str, key: str, readings: list[_Reading], rules: _Rules
) -> bool:
    """A place name inside a person's or organisation's name ("Michael Jordan")."""
    if any(r.role != "name" for r in readings):
        return False
    only_places = all(r.place.kind in ("city", "admin2") for r in readings)
    if key not in rules.person_names and not only_places:
        return False
    if _TITLE_BEFORE.search(before):
        return True
    prev = _WORD_BEFORE.search(before)
    if prev is not None and prev.group(1) not in rules.allowed_before:
        # A capitalised word glued before: a first name or part of a longer proper name,
        # unless it starts the sentence ("Kampala" after "In" is fine: allowed_before).
        if not _starts_sentence(before, prev.start()):
            return True
        if key in rules.person_names:
            return True
    if key in rules.person_names:
        # "Jordan Smith said": one capitalised word, then the sentence goes on in lower case.
        # Two or more ("Denver Environmental Health Program") name an organisation there.
        nxt = _PERSON_AFTER.match(after)
        if nxt is not None and nxt.group(1) not in rules.allowed_after:
            return True
    return False


def _starts_sentence(before: str, pos: int) -> bool:
    head = before[:pos].rstrip(" \t")
    return not head or head[-1] in ".!?\n:\"'\u201c"


# --------------------------------------------------------------------------- resolution


def _resolve(candidates: list[_Candidate], text: str, rules: _Rules) -> None:
    """Pick one reading per candidate, using the document's unambiguous places as evidence."""
    countries: dict[str, int] = defaultdict(int)
    admin1s: dict[tuple[str, str], int] = defaultdict(int)
    for cand in candidates:
        if _is_evidence(cand):
            countries[cand.readings[0].place.country] += 1
        for r in cand.readings:
            if r.place.kind == "admin1" and len(cand.readings) == 1:
                admin1s[(r.place.country, r.place.name)] += 1
    for i, cand in enumerate(candidates):
        follower = _comma_follower(candidates, i, text)
        in_country_list = _next_to_country(candidates, i, text)
        best = max(
            cand.readings,
            key=lambda r: (
                _reading_score(r, cand, countries, admin1s, follower)
                + (_EVIDENCE_BONUS if in_country_list and r.place.kind == "country" else 0.0)
            ),
        )
        cand.chosen = _prefer_twin(best, cand, _names_a_province(text, cand))
    _prefer_coherent_readings(candidates, countries, admin1s)
    _drop_unsupported_common_words(candidates, text, rules, countries, admin1s)


def _prefer_coherent_readings(
    candidates: list[_Candidate],
    countries: dict[str, int],
    admin1s: dict[tuple[str, str], int],
) -> None:
    """Ambiguous names lean on each other: "Melbourne ... western Victoria" is Australia's
    state, not Victoria in Hong Kong, though neither name alone settles its country."""
    chosen: dict[str, set[int]] = defaultdict(set)
    for i, cand in enumerate(candidates):
        if cand.chosen is not None and not cand.title:
            chosen[cand.chosen.place.country].add(i)
    for i, cand in enumerate(candidates):
        if cand.chosen is None or len({r.place.country for r in cand.readings}) < 2:
            continue
        if countries.get(cand.chosen.place.country, 0) > 0:
            continue  # the document names that country: settled

        def score(r: _Reading, i: int = i, cand: _Candidate = cand) -> float:
            others = chosen.get(r.place.country, set()) - {i}
            bonus = _COHERENCE_BONUS if others else 0.0
            return _reading_score(r, cand, countries, admin1s, None) + bonus

        best = max(cand.readings, key=score)
        if best.place.country != cand.chosen.place.country:
            cand.chosen = _prefer_twin(best, cand)


def _is_evidence(cand: _Candidate) -> bool:
    """All readings agree on the country, and not only small towns propose it."""
    codes = {r.place.country for r in cand.readings}
    return len(codes) == 1 and any(
        r.place.kind != "city" or r.place.prior >= _CITY_MIN for r in cand.readings
    )


def _comma_follower(candidates: list[_Candidate], i: int, text: str) -> _Candidate | None:
    """The place right after "<place>, " ("Paris, Texas"; "Praia, Cape Verde")."""
    if i + 1 >= len(candidates) or candidates[i].title:
        return None
    nxt = candidates[i + 1]
    gap = text[candidates[i].end : nxt.start]
    return nxt if gap.strip() in (",", "") and len(gap) <= 3 and not nxt.title else None


def _prefer_twin(best: _Reading, cand: _Candidate, province: bool = False) -> _Reading:
    """A city and its province share the name ("Madrid", "Harare"): news mostly means the
    city, but a US name means the state ("New York", "Washington"), and so does a name
    the text calls a state or province ("the State of Rio de Janeiro")."""
    if best.place.kind not in ("city", "admin1"):
        return best
    twin_kind = "admin1" if best.place.kind == "city" else "city"
    twins = [
        x
        for x in cand.readings
        if x.place.kind == twin_kind and x.place.country == best.place.country
    ]
    if not twins:
        return best
    wanted = "admin1" if best.place.country == "US" or province else "city"
    if province and best.place.kind == "city":
        return max(twins, key=lambda x: x.place.prior)
    if best.place.kind == wanted:
        return best
    twin = max(twins, key=lambda x: x.place.prior)
    if twin.place.kind == "city" and not _capital_of(twin.place, best.place):
        return best  # "Wales": a village of that name is not what "Wales" means
    return twin


def _names_a_province(text: str, cand: _Candidate) -> bool:
    """ "the State of Rio de Janeiro", "Sofala Province", "the province of Kinshasa"."""
    return bool(
        _PROVINCE_BEFORE.search(text, max(0, cand.start - 16), cand.start)
        or _PROVINCE_AFTER.match(text, cand.end)
    )


_PROVINCE_BEFORE = re.compile(
    rf"\b(?:{alternation(_EN['province_kinds'])})\s+(?:{alternation(_EN['of'])})\s+$", re.I
)
_PROVINCE_AFTER = re.compile(rf"\s+(?:{alternation(w.title() for w in _EN['province_kinds'])})\b")


def _capital_of(city: Place, province: Place) -> bool:
    # A US city's state is curated; elsewhere a city's area is inferred from GeoNames codes
    # (named by the towns in them), which says nothing of which of the twins the news means.
    return (city.country == "US" and city.admin1 == province.name) or city.prior >= _BIG_CITY


def _next_to_country(candidates: list[_Candidate], i: int, text: str) -> bool:
    """In a list of countries ("Bulgaria, Georgia and Greece") a name reads as a country."""
    for j in (i - 1, i + 1):
        if not 0 <= j < len(candidates) or candidates[j].title != candidates[i].title:
            continue
        a, b = sorted((candidates[i], candidates[j]), key=lambda c: c.start)
        gap = text[a.end : b.start].strip()
        only_countries = all(r.place.kind == "country" for r in candidates[j].readings)
        # "Bulgaria, Georgia and Greece"; "Mali 7,254 and Niger 16,145 cases"
        if only_countries and (gap in _COUNTRY_LIST_GAPS or _FIGURE_LIST_GAP.fullmatch(gap)):
            return True
    return False


# Between the countries of a list: a comma, a joiner or a comma and a joiner ("and", ", and").
_COUNTRY_LIST_COMMA = _EN["country_list_comma_joiners"]
_COUNTRY_LIST_GAPS = frozenset(
    [",", *_EN["list_joiners"], *(f", {w}" for w in _COUNTRY_LIST_COMMA)]
)
_FIGURE_LIST_GAP = re.compile(
    rf"\(?[\d][\d.,\s]*\)?(?:\s*[a-z]+)?\s*"
    rf"(?:,|{_JOINERS}|,\s*(?:{alternation(_COUNTRY_LIST_COMMA)}))"
)


def _reading_score(
    r: _Reading,
    cand: _Candidate,
    countries: dict[str, int],
    admin1s: dict[tuple[str, str], int],
    follower: _Candidate | None,
) -> float:
    place = r.place
    score = math.log10(max(place.prior, 10)) + _KIND_BONUS.get(place.kind, 0.0)
    own = 1 if _is_evidence(cand) else 0
    if countries.get(place.country, 0) - own > 0:
        score += _EVIDENCE_BONUS
    elif len(r.phrase) < cand.end - cand.start - 2:
        # "Eastern" of "Eastern Region" (see _areas_before_suffix): only where the document
        # names its country; otherwise the full name ("Kent County") is meant
        score -= _EVIDENCE_BONUS
    if place.admin1 and admin1s.get((place.country, place.admin1), 0) > 0:
        score += _ADMIN1_EVIDENCE_BONUS
    if follower is not None and place.kind != "country":
        if any(f.place.country == place.country for f in follower.readings):
            score += 2 * _EVIDENCE_BONUS
        if place.admin1 and any(f.place.name == place.admin1 for f in follower.readings):
            score += 2 * _EVIDENCE_BONUS
    return score


def _drop_unsupported_common_words(
    candidates: list[_Candidate],
    text: str,
    rules: _Rules,
    countries: dict[str, int],
    admin1s: dict[tuple[str, str], int],
) -> None:
    """Small towns and towns named like common words need their country named elsewhere;
    a common word also must not start the sentence ("Reading the report...")."""
    keep = []
    named_by = _names_by_country(candidates, text)
    for cand in candidates:
        chosen = cand.chosen
        if _generic_name_of_unnamed_country(cand, rules, countries):
            continue
        if chosen is None or chosen.place.kind not in ("city", "admin2") or cand.title:
            keep.append(cand)
            continue
        place = chosen.place
        common = text[cand.start : cand.end].lower() in rules.common_words
        small = place.kind == "city" and place.prior < _CITY_MIN
        # A town of a country the document never names, where it names another country
        # again and again: "6 cases in Viadana" of a Congolese report is no Italian town.
        foreign = (
            place.kind == "city"
            and place.prior < _BIG_CITY
            and any(n >= 2 for c, n in countries.items() if c != place.country)
        )
        if small or common or foreign:
            own = 1 if _is_evidence(cand) else 0
            supported = countries.get(place.country, 0) - own > 0 or (
                place.admin1 is not None and admin1s.get((place.country, place.admin1), 0) > 0
            )
            if foreign:  # named twice, a foreign town still needs another name of its country
                supported = bool(named_by[place.country] - {text[cand.start : cand.end]})
            before = text[max(0, cand.start - _WINDOW) : cand.start]
            # "in Bikoro", "near Waymart": a locative preposition vouches for a small town.
            supported = supported or (
                not common and not foreign and _LOCATIVE.search(before) is not None
            )
            if not supported or (common and _starts_sentence(before, len(before))):
                continue
        keep.append(cand)
    candidates[:] = keep


def _names_by_country(candidates: list[_Candidate], text: str) -> dict[str, set[str]]:
    """The names that settle each country (see ``_is_evidence``)."""
    out: dict[str, set[str]] = defaultdict(set)
    for cand in candidates:
        if _is_evidence(cand):
            out[cand.readings[0].place.country].add(text[cand.start : cand.end])
    return out


def _generic_name_of_unnamed_country(
    cand: _Candidate, rules: _Rules, countries: dict[str, int]
) -> bool:
    """ "Central region" of an Afghan report is not Botswana's Central district: a generic
    area name ("Central", "Southern", "Upper East") is read only in a country the document
    names; elsewhere it is no known place."""
    chosen = cand.chosen
    return (
        chosen is not None
        and not cand.title
        and chosen.place.kind in ("admin1", "admin2")
        and chosen.phrase.lower() in rules.generic_admin
        and countries.get(chosen.place.country, 0) == 0
    )


# --------------------------------------------------------------------------- roles


def _assign_roles(candidates: list[_Candidate], ctx: TextContext, rules: _Rules) -> None:
    text = ctx.text
    furniture = _furniture_lines(text, rules)
    previous: _Candidate | None = None
    for cand in candidates:
        if cand.title or cand.chosen is None:
            continue
        if previous is not None and _names_the_state_of(previous, cand, text, rules):
            cand.mention_role = "incidental"  # "Hong Kong, China": the address
        elif previous is not None and _in_comma_chain(previous, cand, text):
            # "CDC, Atlanta, Georgia, USA": the whole address shares the first place's role.
            cand.mention_role = previous.mention_role
        elif _is_dateline(text, cand):
            cand.mention_role = "incidental"  # where the reporter filed from
        elif any(s <= cand.start < e for s, e in furniture):
            cand.mention_role = "ignored"  # "a news site in Belize", a footer, a byline
        else:
            s_start, s_end = ctx.sentence_span(cand.start)
            before = text[max(s_start, cand.start - _WINDOW) : cand.start]
            after = text[cand.end : min(s_end, cand.end + _WINDOW)]
            sentence = text[s_start:s_end]
            # An institution's name may be long: "the WHO Collaborating Centre for
            # Arboviruses and Haemorrhagic Fevers in Thessaloniki".
            institution = text[max(s_start, cand.start - _INSTITUTION_WINDOW) : cand.start]
            cand.mention_role = _mention_role(
                cand.chosen, before, after, sentence, rules, institution
            )
        previous = cand


# "SEOUL, May 24 (Reuters) -", "KAMPALA –": a capitalised place opening a line, then a
# date, an agency in brackets or a dash.
_DATELINE_AFTER = re.compile(
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?[ \t]*(?:\(|[-\u2013\u2014])"
)


def _is_dateline(text: str, cand: _Candidate) -> bool:
    return (
        text[cand.start : cand.end].isupper()
        and _opens_line(text, cand.start)
        and _DATELINE_AFTER.match(text, cand.end) is not None
    )


def _furniture_lines(text: str, rules: _Rules) -> list[Span]:
    """Lines of an outlet's description, a byline or a footer ("a news site in Belize",
    "Follow us"), short enough to be no report."""
    out: list[Span] = []
    for m in rules.furniture.find(text):
        start = text.rfind("\n", 0, m.start) + 1
        end = text.find("\n", m.end)
        line = (start, len(text) if end < 0 else end)
        if (not out or out[-1] != line) and _words_at_most(text, line, rules.furniture_max_words):
            out.append(line)
    return out


def _words_at_most(text: str, span: Span, limit: int) -> bool:
    return span[1] - span[0] < limit * 3 or len(text[span[0] : span[1]].split()) <= limit


def _opens_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def _names_the_state_of(previous: _Candidate, cand: _Candidate, text: str, rules: _Rules) -> bool:
    if previous.chosen is None or cand.chosen is None or cand.chosen.place.kind != "country":
        return False
    state = rules.address_of.get(previous.chosen.place.country)
    gap = text[previous.end : cand.start]
    return state == cand.chosen.place.country and gap.strip() == "," and len(gap) <= 3


_LIST_GAPS = frozenset([*_EN["list_joiners"], *(f", {w}" for w in _EN["list_joiners"])])


def _in_comma_chain(previous: _Candidate, cand: _Candidate, text: str) -> bool:
    gap = text[previous.end : cand.start]
    if gap.strip() == "," and len(gap) <= 3:
        return True
    # "returning from Bahrain and Qatar", "aid from China and Japan": a list shares the role
    # of its first member (an address does too, but an affected place never lends its role).
    return previous.mention_role != "affected" and gap.strip() in _LIST_GAPS


def _mention_role(
    r: _Reading, before: str, after: str, sentence: str, rules: _Rules, institution: str
) -> Role:
    if r.role in ("demonym", "abbr"):
        # "Chinese customs data", "US CDC": a source or a product, not where the outbreak is.
        if rules.demonym_affected.match(after):
            return "affected"
        if rules.demonym_institution.match(after):
            return "ignored"  # "Pan American Health Organization"
        if rules.demonym_not_affected.match(after):
            return "source"
    if rules.outlet_after.match(after):
        return "incidental"  # part of a newspaper's or broadcaster's name
    if r.place.kind == "country" and rules.institution_after.match(after):
        return "source"
    if (
        _after_institution(institution, rules)
        or _in_org_parentheses(before)
        or rules.org_section.search(before)
    ):
        return "incidental"
    orgs = rules.institution_cities.get(r.place.name.lower())
    if r.place.kind == "city" and orgs is not None and orgs.search(sentence):
        return "incidental"
    if rules.donor_before.search(before) or rules.donor_after.match(after):
        return "donor"
    return "affected"


def _after_institution(before: str, rules: _Rules) -> bool:
    """The place ends an institution's name or address ("Institut Pasteur in Dakar",
    "National Institute for Virology, (NIV), South Africa")."""
    last = None
    for found in rules.incidental_before.finditer(before):
        last = found
    if last is None:
        return False
    if len(before) - last.end() <= _INCIDENTAL_REACH:
        return True
    words = _WORDS.findall(before, last.end())
    return all(w[0].isupper() or w in _ADDRESS_WORDS for w in words)


def _in_org_parentheses(before: str) -> bool:
    """Inside brackets after an organisation's name: "Médecins sans Frontières (Belgium)"."""
    m = _ORG_PARENTHESES.search(before)
    return m is not None and m.group(1) not in _PLACE_END_WORDS


# --------------------------------------------------------------------------- ranking


def _collect(candidates: list[_Candidate], ctx: TextContext) -> dict[int, _PlaceHits]:
    hits: dict[int, _PlaceHits] = {}
    n_sentences = len(ctx.sentences)
    for cand in candidates:
        r = cand.chosen
        if r is None:
            continue
        entry = hits.setdefault(r.place.index, _PlaceHits(r.place))
        weight = _mention_weight(cand, ctx, n_sentences)
        if r.role == "demonym":
            weight *= _DEMONYM_WEIGHT
        if cand.mention_role == "affected":
            entry.affected_mentions += 1
            entry.weight += weight
            entry.heading = entry.heading or _is_section_heading(ctx.text, cand)
        elif cand.mention_role != "ignored":  # an outlet's footer never weighs
            entry.weight += 0.1 * weight
        if not cand.title:
            if r.role == "demonym":
                entry.demonym_spans.append((cand.start, cand.end))
            else:
                entry.spans.append((cand.start, cand.end))
    return hits


# "Burkina Faso: WHO has reported", "Netherlands. There have been 2 cases": a heading.
_HEADING_COLON = re.compile(r"[ \t]*(?::|\.(?=[ \t]+[A-Z]))")


def _is_section_heading(text: str, cand: _Candidate) -> bool:
    """A country's name at the start of a line, then a colon or a full stop: the section
    of a multi-country bulletin about that country."""
    return (
        not cand.title
        and cand.chosen is not None
        and cand.chosen.place.kind == "country"
        and _opens_line(text, cand.start)
        and _HEADING_COLON.match(text, cand.end) is not None
    )


def _mention_weight(cand: _Candidate, ctx: TextContext, n_sentences: int) -> float:
    if cand.title:
        return _TITLE_WEIGHT
    index = ctx.sentence_index(cand.start)
    return _LEAD_WEIGHT if 0 <= index < _LEAD_SENTENCES else 1.0


Unknown = tuple[str, LocationKind, Span]


def _unknown_admin_places(
    text: str, rules: _Rules, candidates: list[_Candidate], blocked: Sequence[Span]
) -> list[Unknown]:
    """Places the gazetteer lacks, recognised by their frame: a suffix ("Watsa zone"), a
    plural suffix ("Bikita and Gutu districts"), a postal code ("White, GA") or "the
    district of Casa Grande"."""
    taken = SpanIndex((c.start, c.end) for c in candidates if not c.title)
    for span in blocked:
        taken.add(span)
    out: list[Unknown] = []
    finders = (
        _suffixed_names,
        _towns_before_postal_codes,
        _coordinated_names,
        _names_after_of,
        _names_after_locatives,
        _names_listed_with_places,
    )
    for finder in finders:
        for name, kind, span in finder(text, rules, candidates):
            if taken.overlaps(*span) or name.lower() in rules.never:
                continue
            if name in rules.locative_stop or any(w.lower() in rules.never for w in name.split()):
                continue
            if name in rules.allowed_before:
                continue
            if _is_eponym(
                text[max(0, span[0] - _WINDOW) : span[0]], text[span[1] : span[1] + _WINDOW], rules
            ):
                continue  # "Rift Valley fever", "Ross River virus"
            out.append((name, kind, span))
            taken.add(span)
    return out + _other_occurrences(text, out, taken)


_ADMIN_KINDS = frozenset({"admin1", "admin2"})


def _other_occurrences(text: str, found: list[Unknown], taken: SpanIndex) -> list[Unknown]:
    """A district found once by its frame ("the Nana Bougila district") is the same district
    wherever else its name is written ("Nana Bougila (39 cases)"); a village's name, found
    by weaker frames, is not looked for again."""
    out: list[Unknown] = []
    for name, kind in dict.fromkeys((n, k) for n, k, _ in found if k in _ADMIN_KINDS):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not taken.overlaps(*m.span()):
                out.append((name, kind, m.span()))
                taken.add(m.span())
    return out


def _suffixed_names(text: str, rules: _Rules, candidates: list[_Candidate]) -> Iterable[Unknown]:
    for m in rules.unknown_admin.finditer(text):
        name = m.group(1)
        words = name.split()
        # "Northern Darfur State" -> "Darfur"; "Health District" is no name at all.
        while words and (words[0] in rules.allowed_before or words[0].lower() in rules.never):
            words.pop(0)
        if not words or any(w.lower() in rules.never for w in words):
            continue
        start = m.start(1) + len(name) - len(" ".join(words))
        end = m.end() if m.group(2) in rules.suffixes_in_span else m.end(1)
        kind = rules.suffix_kind[m.group(2)]
        # A feature is named with its suffix ("Hood Canal"); a district without ("Watsa").
        yield (text[start:end] if kind == "place" else " ".join(words)), kind, (start, end)


def _towns_before_postal_codes(
    text: str, rules: _Rules, candidates: list[_Candidate]
) -> Iterable[Unknown]:
    for cand in candidates:
        if cand.title or cand.chosen is None or cand.chosen.role != "postal":
            continue
        m = _TOWN_BEFORE_POSTAL.search(text, max(0, cand.start - _WINDOW), cand.start)
        if m is not None:
            yield m.group(1), "city", m.span(1)


def _coordinated_names(text: str, rules: _Rules, candidates: list[_Candidate]) -> Iterable[Unknown]:
    """ "Bikita and Gutu districts": the plural word is found first, then the list before it."""
    for word in rules.plural_word.finditer(text):
        m = rules.plural_list.search(text, max(0, word.start() - _LIST_REACH), word.start())
        if m is None:
            continue
        kind = rules.plural_kind[word.group(1)]
        for part in re.finditer(_NAME, m.group(1)):
            start = m.start(1) + part.start()
            yield part.group(), kind, (start, start + len(part.group()))


def _names_after_of(text: str, rules: _Rules, candidates: list[_Candidate]) -> Iterable[Unknown]:
    known = {c.start: c for c in candidates if not c.title and c.chosen is not None}
    for m in _OF_NAME.finditer(text):
        found = _place_head(text, m.start())
        if found is None:
            continue
        head_start, head = found
        kind = _PLACE_OF_KIND[head.lower()]
        has_the = _THE_BEFORE_HEAD.search(text, max(0, head_start - 60), head_start) is not None
        if not has_the and (kind == "city" or not head.islower()):
            continue  # "a community of Orthodox believers", "Ministry of Health"
        yield m.group(1), kind, m.span(1)
        # "the villages of Kosmovac and Bela Palanka": the list shares the head.
        for start, end in _list_members(text, rules, m.end(1), known):
            yield text[start:end], kind, (start, end)


def _place_head(text: str, of_start: int) -> tuple[int, str] | None:
    """(start, head) of a place head ending right before " of" ("health zone", "village")."""
    m = _HEAD_BEFORE_OF.search(text, max(0, of_start - 30), of_start)
    if m is None:
        return None
    if m.group(1) is not None:
        two = f"{m.group(1)} {m.group(2)}"
        if two.lower() in _PLACE_OF_KIND:
            return m.start(1), two
    if m.group(2).lower() in _PLACE_OF_KIND:
        return m.start(2), m.group(2)
    return None


def _names_after_locatives(
    text: str, rules: _Rules, candidates: list[_Candidate]
) -> Iterable[Unknown]:
    """Villages the gazetteer lacks, by their frame: "in Tonosi,", "from Bukakata and", "a
    resident of Los Hatillos in Pese.". Such places take the document's country and are never
    its affected country on their own."""
    for m in _LOCATIVE_NAME.finditer(text):
        if m.group("next") not in rules.institution_nouns and not _POSSESSIVE.search(m.group(1)):
            yield m.group(1), "place", m.span(1)


# One more member of a list, right after a place or after an earlier member: ", Voskevaz",
# ", and Iboko", " or Gutu"; a two-word name ends the member ("Dien Bien, and").
_NEXT_IN_LIST = re.compile(
    rf"(?P<gap>[ \t]*,[ \t]*(?:(?:{_JOINERS})[ \t]+)?|[ \t]+(?:{_JOINERS})[ \t]+)(?P<name>{_NAME})\b"
    r"(?![ \t]*[A-Z\d(])"
)
_LIST_CONTINUES = re.compile(rf"[ \t]*(?:,[ \t]*(?:(?:{_JOINERS})\b|[A-Z])|\b(?:{_JOINERS})\b)")
_PLURAL_AFTER = re.compile(r"[ \t]+([A-Za-z]+)")
# "and Marlene has admitted": a person
_HAS = re.compile(rf"[ \t]+(?:{alternation(_EN['person_verbs_after'])})\b")
_SECOND_NAME = re.compile(r"\b([A-Z][a-z]+\.?)[ \t]+$")  # "Noellie Gay": a person, not a town
_LISTED_KINDS: dict[str, LocationKind] = {"admin1": "admin1", "admin2": "admin2", "city": "city"}


def _names_listed_with_places(
    text: str, rules: _Rules, candidates: list[_Candidate]
) -> Iterable[Unknown]:
    """Villages the gazetteer lacks, listed with towns it knows: "the villages of Oshakan,
    Voskevaz and Voskehat", "in Bikoro and Iboko". They take the kind of the known member, or
    of a plural suffix closing the list ("Baghdad and Babylon governorates"). A bare comma
    continues a list only where the list goes on after the name, so that "in Kano, Musa
    Bello, said" names no place; "Hospital", "Health" and the like end an institution's name,
    not a town's."""
    known = {c.start: c for c in candidates if not c.title and c.chosen is not None}
    for cand in known.values():
        assert cand.chosen is not None
        kind = _LISTED_KINDS.get(cand.chosen.place.kind)
        if kind is None or cand.chosen.role in ("demonym", "abbr", "postal"):
            continue
        first = _SECOND_NAME.search(text, max(0, cand.start - 20), cand.start)
        if first is not None and first.group(1) not in rules.allowed_before:
            continue
        members = list(_list_members(text, rules, cand.end, known))
        if not members:
            continue
        closing = _PLURAL_AFTER.match(text, members[-1][1])
        if closing is not None and closing.group(1) in rules.plural_kind:
            kind = rules.plural_kind[closing.group(1)]
        for start, end in members:
            yield text[start:end], kind, (start, end)


def _list_members(
    text: str, rules: _Rules, pos: int, known: dict[int, _Candidate]
) -> Iterable[Span]:
    """The unknown names that continue a list from ``pos``."""
    while (m := _NEXT_IN_LIST.match(text, pos)) is not None:
        start, end = m.span("name")
        if start in known:
            pos = known[start].end
            continue
        closed = any(w in m.group("gap") for w in _EN["list_joiners"])
        if not closed and _LIST_CONTINUES.match(text, end) is None:
            return
        if (
            _TITLE_BEFORE.search(text, max(0, start - 6), start)
            or any(w in rules.allowed_after for w in m.group("name").split())
            or rules.person_verb_after.match(text, end)
            or _HAS.match(text, end)
        ):
            return
        yield start, end
        pos = end


def _country_at(code: str, published: dt.date | None, rules: _Rules) -> str:
    """The code a place had on the publication date (South Sudan before 2011 -> SD)."""
    if published is None:
        return code
    for new, before, former in rules.historical_codes:
        if code == new and published < before:
            return former
    return code


def _location_kind(kind: str) -> LocationKind:
    if kind in ("country", "admin1", "admin2", "city", "place"):
        return kind  # type: ignore[return-value]
    return "place"


def _rank(
    hits: dict[int, _PlaceHits],
    unknown: list[Unknown],
    ctx: TextContext,
    rules: _Rules,
) -> list[LocationMention]:
    country_weight: dict[str, float] = defaultdict(float)
    for h in hits.values():
        share = 1.0 if h.place.kind == "country" else _SUBPLACE_WEIGHT
        if h.place.kind == "city" and h.place.prior < _CITY_MIN:
            share = 0.0  # a small town is accepted only where its country is already named
        country_weight[h.place.country] += share * h.weight
    top = max(country_weight.values(), default=0.0)
    affected_countries = {
        c for c, w in country_weight.items() if top > 0 and w >= AFFECTED_SHARE * top
    }
    # Each section of a multi-country bulletin is about an affected country, however short.
    affected_countries |= {h.place.country for h in hits.values() if h.heading}
    weighed = [h for h in hits.values() if h.weight > 0]
    if not any(h.affected_mentions for h in hits.values()) and weighed:
        # Every mention is incidental or a donor: the most salient place is still the best
        # guess of where the event is (a report is about somewhere; not its footer).
        best = max(weighed, key=lambda h: (h.weight, -h.place.index))
        best.affected_mentions = 1
        affected_countries = {best.place.country}
    out: list[LocationMention] = []
    named = {h.place.country for h in hits.values() if h.spans}
    for h in hits.values():
        adjectives: list[Span] = []
        if not h.spans and h.place.country not in named:
            # Only a demonym points to the country ("North Korean authorities"): it is the
            # mention. A country also carried by its named towns needs no adjective as one.
            h.spans = adjectives = h.demonym_spans
        if not h.spans:
            continue  # named only in the title, or only by an adjective
        p = h.place
        country = _country_at(p.country, ctx.published, rules)
        affected = h.affected_mentions > 0 and p.country in affected_countries
        salience = h.weight + 0.5 * country_weight[p.country]
        out.append(
            LocationMention(
                name=p.name,
                kind=_location_kind(p.kind),
                country=country,
                admin1=p.admin1,
                lat=p.lat,
                lon=p.lon,
                geonameid=p.geonameid,
                affected=affected,
                mentions=tuple(sorted(h.spans)),
                demonym_mentions=tuple(sorted(adjectives)),
                salience=round(salience, 4),
            )
        )
    top_country = max(country_weight, key=lambda c: country_weight[c], default=None)
    if top_country is not None:
        top_country = _country_at(top_country, ctx.published, rules)
    country_starts = sorted(
        (span[0], loc.country)
        for loc in out
        if loc.kind == "country" and loc.country
        for span in loc.mentions
    )
    out.extend(_unknown_mentions(unknown, top_country, country_starts, ctx))
    out.sort(key=lambda loc: (-loc.salience, loc.mentions[0] if loc.mentions else (0, 0)))
    return out


def _unknown_mentions(
    unknown: list[Unknown],
    top_country: str | None,
    country_starts: list[tuple[int, str]],
    ctx: TextContext,
) -> list[LocationMention]:
    grouped: dict[tuple[str, LocationKind], list[Span]] = defaultdict(list)
    for name, kind, span in unknown:
        grouped[(name, kind)].append(span)
    return [
        LocationMention(
            name=name,
            kind=kind,
            country=_country_before(min(spans), country_starts, ctx) or top_country,
            affected=False,
            mentions=tuple(sorted(spans)),
            salience=0.1 * len(spans),
        )
        for (name, kind), spans in grouped.items()
    ]


def _country_before(
    span: Span, country_starts: list[tuple[int, str]], ctx: TextContext
) -> str | None:
    """The country named last before a place in its sentence: "the west of Niger (1 case,
    in Tillaberry province)" is Niger's, whatever country the document is mostly about."""
    sentence_start = ctx.sentence_span(span[0])[0]
    lo = bisect.bisect_left(country_starts, (sentence_start, ""))
    hi = bisect.bisect_left(country_starts, (span[0], ""))
    return country_starts[hi - 1][1] if hi > lo else None


__all__ = ["AFFECTED_SHARE", "find_locations", "names_a_place", "warm_up"]
