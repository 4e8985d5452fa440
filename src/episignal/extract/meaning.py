"""What a figure is and where it holds: the kind and the scope of a count.

A number that counts cases is not yet a fact of an outbreak. It may be a burden estimate
("each year it is estimated to cause 80 million cases"), a forecast ("could see up to
2,300 new cases"), a target or a capacity ("aims to vaccinate 1 million"), a baseline
("normally, about 25 bodies a week"); it may hold for the world, a world region ("3.1
million cases for the Region of the Americas"), several countries together, one district
("Of the 148 cases reported in Katwa"), a subset of the cases ("among health workers",
"with available clinical data") or one facility ("66 cases linked to one hospital"); it
may count another condition ("3.1 million cases of moderate acute malnutrition").

This module reads those meanings from the words around a figure (its :class:`Window`):
the figure's own phrase first, then its clause, then its sentence. Only observed national
and sub-national figures enter an event's series (see ``document.SERIES_SCOPES``). Every
cue phrase comes from ``cues.json`` (data_src/cues/meaning.yaml).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from episignal.data import load_json
from episignal.document import CountKind, LocationMention, Scope, Span
from episignal.extract.ruler import Match, PhraseRuler, alternation
from episignal.lang import english as en

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Window:
    """Where one figure's words lie: its sentence, its clause's words before it, the
    number, the end of its own phrase (head or predicate) and where the next figure or
    its clause's end comes."""

    sentence: Span
    left_start: int
    number: Span  # the whole quantity, qualifiers included ("an estimated 2 million")
    head_end: int
    right_end: int
    digits: int = -1  # where the number itself starts (after "an estimated"); -1: number[0]


@dataclass(frozen=True, slots=True)
class _Cues:
    baseline_sentence: re.Pattern[str]
    estimate_sentence: re.Pattern[str]
    estimate_left: re.Pattern[str]
    estimate_right: re.Pattern[str]
    forecast_left: re.Pattern[str]
    forecast_sentence: re.Pattern[str]
    forecast_right: re.Pattern[str]
    target_left: re.Pattern[str]
    target_right: re.Pattern[str]
    world: re.Pattern[str]
    multi_country: re.Pattern[str]
    regions: re.Pattern[str]
    facility: re.Pattern[str]
    facility_named: re.Pattern[str]
    subset_right: re.Pattern[str]
    subset_left: re.Pattern[str]
    subset_groups: frozenset[str]
    staff_groups: frozenset[str]
    condition_right: re.Pattern[str]
    condition_inside: re.Pattern[str]
    ruler: PhraseRuler[str]  # every cue phrase -> its family, found once per document


def _words(phrases: Sequence[str]) -> str:
    return f"(?:{alternation(phrases)})"


@cache
def _cues() -> _Cues:
    raw: dict[str, Any] = load_json("cues.json")["meaning"]
    kinds, scopes = raw["kinds"], raw["scopes"]
    qualifier = rf"(?:(?:{en.alternation(_WORDS['qualifiers'])})\s+)?"
    participle = rf"\w+(?:{en.alternation(_WORDS['participle_endings'])})"
    adverb = rf"\w+(?:{en.alternation(_WORDS['adverb_endings'])})"
    people = rf"(?:(?:{en.alternation(_WORDS['people_before_cue'])})\s+)?"
    the = rf"(?:(?:{en.spaced(_WORDS['the'])})\s+)?"
    conditions = _words(raw["other_conditions"])
    facility_nouns = _words(scopes["facility_nouns"])
    return _Cues(
        baseline_sentence=_compile(_words(kinds["baseline_sentence"])),
        estimate_sentence=_compile(_words(kinds["estimate_sentence"])),
        estimate_left=_compile(
            rf"(?:{_words(kinds['estimate_left'])}\s+{qualifier}"
            rf"|{_words(kinds['estimate_possible'])}\s+{participle}\s+{qualifier})$"
        ),
        estimate_right=_compile(rf"\s*(?:,\s*)?{_words(kinds['estimate_right'])}"),
        forecast_left=_compile(
            rf"{_words(kinds['forecast_modals'])}\s+(?:{adverb}\s+)?"
            rf"{_words(kinds['forecast_verbs'])}\s+{the}{qualifier}$"
        ),
        forecast_sentence=_compile(_words(kinds["forecast_sentence"])),
        forecast_right=_compile(rf"\s*{people}{_words(kinds['forecast_right'])}"),
        target_left=_compile(rf"{_words(kinds['target_left'])}(?:\s+[\w-]+){{0,2}}\s+{qualifier}$"),
        target_right=_compile(rf"\s*{people}{_words(kinds['target_right'])}"),
        world=_compile(_words(scopes["world_sentence"])),
        multi_country=_compile(
            _words(scopes["multi_country_sentence"])
            # "reported from 56 countries", "in 12 countries and territories"
            + rf"|\b{_any('countries_before')}\s+(?:{_any('countries_determiners')}\s+)?"
            rf"(?:\d+|{en.spaced(_WORDS['countries_numbers'])})"
            # "from 18 of the 19 African countries under enhanced surveillance"
            rf"\s+(?:{_any('of')}\s+{_THE}\s+\d+\s+)?(?:\w+\s+)?{_any('countries')}\b"
            rf"|\b(?:\d+|{en.spaced(_WORDS['countries_subject_numbers'])})\s+{_any('countries')}"
            rf"\s+{_any('countries_verbs')}\b"
        ),
        regions=_compile(_words(scopes["regions"])),
        facility=_compile(
            rf"\s*(?:[\w-]+\s+){{0,3}}?{_words(scopes['facility_links'])}\s+"
            rf"{_words(scopes['facility_determiners'])}\s+(?:[\w'-]+\s+){{0,2}}?"
            rf"{facility_nouns}"
        ),
        # "at Kenema Government Hospital": a facility by its name.
        facility_named=re.compile(
            rf"\s*(?:[\w-]+\s+){{0,3}}?(?:{en.alternation(_WORDS['facility_links'])})\s+{the}"
            rf"(?:[A-Z][\w'.-]*\s+){{1,4}}(?:{en.alternation(_WORDS['facility_names'])})\b"
        ),
        subset_right=_compile(rf"\s*(?:[\w-]+\s+){{0,3}}?{_words(scopes['subset_right'])}"),
        subset_left=_compile(rf"{_words(scopes['subset_left'])}\W*(?:\w+\W+){{0,3}}$"),
        subset_groups=frozenset(scopes["subset_groups"]),
        staff_groups=frozenset(scopes["staff_groups"]),
        condition_right=_compile(
            rf"[^.;:\d]{{0,40}}?\b(?:{en.alternation(_WORDS['condition_links'])})\s+"
            rf"(?:[\w-]+\s+){{0,3}}?(?P<condition>{conditions})"
        ),
        condition_inside=_compile(rf"(?P<condition>{conditions})"),
        ruler=PhraseRuler(_family_phrases(raw), per_document=True),
    )


def _family_phrases(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(phrase, family) of every cue: which regex may apply is decided by where they are."""
    kinds, scopes = raw["kinds"], raw["scopes"]
    families = {
        "baseline": kinds["baseline_sentence"],
        "estimate_sentence": kinds["estimate_sentence"],
        "estimate_left": [*kinds["estimate_left"], *kinds["estimate_possible"]],
        "estimate_right": kinds["estimate_right"],
        "forecast_left": kinds["forecast_modals"],
        "forecast_sentence": kinds["forecast_sentence"],
        "forecast_right": kinds["forecast_right"],
        "target_left": kinds["target_left"],
        "target_right": kinds["target_right"],
        "world": scopes["world_sentence"],
        "multi_country": [*scopes["multi_country_sentence"], *_WORDS["countries"]],
        "region": scopes["regions"],
        "subset_left": scopes["subset_left"],
        "condition": raw["other_conditions"],
    }
    return [(p, family) for family, phrases in families.items() for p in phrases]


class MeaningIndex:
    """The meaning cues of one document, found in one pass, looked up by position: the
    precise patterns run only where a cue of their family lies."""

    def __init__(self, text: str, haystack: str | None = None) -> None:
        self.text = text
        self.matches = _cues().ruler.find(text, haystack=haystack)
        self.starts = [m.start for m in self.matches]

    def found(self, family: str, start: int, end: int) -> list[Match[str]]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.matches[lo:hi] if m.value == family]

    def has(self, family: str, start: int, end: int) -> bool:
        return bool(self.found(family, start, end))


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --------------------------------------------------------------------------- kind


def figure_kind(index: MeaningIndex, w: Window) -> CountKind:
    """Observed, or an estimate, forecast, target or baseline (first cue that applies)."""
    cues = _cues()
    text = index.text
    digits = w.digits if w.digits >= 0 else w.number[0]
    if index.has("baseline", *w.sentence):
        return "baseline"
    left, right = (w.left_start, digits), (w.head_end, w.right_end)
    if (
        (index.has("forecast_left", *left) and cues.forecast_left.search(text[left[0] : left[1]]))
        or (index.has("forecast_right", *right) and cues.forecast_right.match(text, *right))
        or index.has("forecast_sentence", w.sentence[0], w.number[0])
    ):
        return "forecast"  # before targets: "is expected to reach 5,000"
    if (index.has("target_left", *left) and cues.target_left.search(text[left[0] : left[1]])) or (
        index.has("target_right", *right) and cues.target_right.match(text, *right)
    ):
        return "target"
    if (
        (index.has("estimate_left", *left) and cues.estimate_left.search(text[left[0] : left[1]]))
        or (index.has("estimate_right", *right) and cues.estimate_right.match(text, *right))
        or index.has("estimate_sentence", *w.sentence)
    ):
        return "estimate"
    return "observed"


# --------------------------------------------------------------------------- scope


def own_scope(
    index: MeaningIndex, w: Window, head: str, inherits: bool, measure: str
) -> Scope | None:
    """A subset or a facility, from the figure's own words, else None."""
    cues = _cues()
    text = index.text
    if measure not in ("hospitalized", "active") and (
        cues.facility.match(text, w.head_end, w.right_end)
        or cues.facility_named.match(text, w.head_end, w.right_end)
    ):
        return "facility"  # "66 cases linked to one hospital"
    if cues.subset_right.match(text, w.head_end, w.right_end):
        return "subset"  # "100 probable cases with available clinical data"
    if (
        measure == "cases"
        and index.has("subset_left", w.left_start, w.number[0])
        and cues.subset_left.search(text, w.left_start, w.number[0])
    ):
        return "subset"  # "among health workers, 12 cases"
    if inherits and head in cues.subset_groups:
        return "subset"  # "including 12 health workers"
    if head in cues.staff_groups and measure in ("cases", "deaths"):
        return "subset"  # "Fourteen health workers have been confirmed": a part
    return None


def sentence_scope(index: MeaningIndex, sentence: Span) -> Scope | None:
    """World or several countries, from the sentence's words ("Globally, ..."), else None."""
    if index.has("world", *sentence):
        return "world"
    if index.has("multi_country", *sentence) and _cues().multi_country.search(
        index.text, *sentence
    ):
        return "multi_country"
    return None


def region_spans(index: MeaningIndex, sentence: Span, names: Sequence[Span]) -> list[Span]:
    """World regions named in the sentence ("the Region of the Americas", "West Africa"),
    less those inside a place's name ("South Africa", "Central African Republic")."""
    return [
        (m.start, m.end)
        for m in index.found("region", *sentence)
        if not any(s <= m.start and m.end <= e for s, e in names)
    ]


def condition_of(index: MeaningIndex, w: Window) -> str | None:
    """Another condition the figure counts ("cases of moderate acute malnutrition",
    "malnutrition cases", "positive for common respiratory viruses"), else None."""
    if not index.has("condition", w.number[1], w.right_end + 1):
        return None
    cues = _cues()
    inside = cues.condition_inside.search(index.text, w.number[1], w.head_end)
    if inside is not None:
        return " ".join(inside.group("condition").lower().split())
    right = cues.condition_right.match(index.text, w.head_end, w.right_end)
    if right is not None:
        return " ".join(right.group("condition").lower().split())
    return None


# --------------------------------------------------------------------------- places


# The English words of the rules below: data_src/en/meaning.yaml.
_WORDS = en.english("meaning")


def _any(key: str) -> str:
    """The words of ``key`` as a group of alternatives, a space for any white space."""
    return f"(?:{en.spaced(_WORDS[key])})"


_THE = _any("the")
# The words between a figure's phrase and a place that make the place the figure's own:
# "148 cases reported in Katwa", "13 cases in the district of Mandiana", "3.1 million
# cases for the Region of the Americas" (no speaker between: "12 cases, said the ministry
# in Conakry" is the ministry's seat).
_RIGHT_ATTACH = re.compile(
    # "cases notified on La Reunion": an island
    rf"(?:[^\d;()\[\]]*?\s)?{_any('right_attach')}\s+(?:{_THE}\s+)?"
    # "in the Greater Darfur region": a name's prefix the gazetteer does not hold; "in
    # southern Sudan": a part of the place (linking says so)
    rf"(?:{_any('name_prefixes')}\s+|{_any('right_parts')}\s+)?"
    rf"(?:{_any('right_area_kinds')}\s+{_any('of')}\s+)?"
    # "from 14 districts of Uttar Pradesh", "in the districts of Mbomo and Kelle", "in 15
    # health districts of Katana health zone": some areas of the place named after
    rf"(?:(?:\d+\s+|(?:{_THE}\s+)?(?:\w+\s+)?)(?:{_any('right_area_qualifiers')}\s+)?"
    rf"{_any('right_area_nouns')}\s+{_any('right_area_of')}\s+(?:{_THE}\s+)?)?",
    re.IGNORECASE,
)
_RIGHT_FROM = re.compile(rf"(?:[^\d;()\[\]]*?\s)?{_any('from')}\s+(?:{_THE}\s+)?", re.IGNORECASE)
_SPEAKER = re.compile(
    rf"\b{_any('speaker')}\b"
    # "6,688 cases with 289 deaths and ten districts of Eastern Region have ...": a new subject
    rf"|\b{_any('new_subject_and')}\s+(?:{_THE}\s+)?(?:\d+|{en.spaced(_WORDS['new_subject_numbers'])})"
    rf"\s+{_any('new_subject_areas')}\b",
    re.IGNORECASE,
)
# Month names (title-cased as written; matched in any case here).
_MONTHS = "|".join(names[0].title() for names in en.english("dates")["months"])
# A sub-count between commas does not cut a figure from its place: "120 cases, including 4
# deaths, in Garissa county".
_ASIDE = re.compile(
    rf",\s*{_any('aside_sub_count')}\s+[^,;]*,"
    rf"|\s{_any('aside_sub_count_bare')}\s+\d[\d,. ]*\s+[a-z]+(?:\s|(?=,))"
    r"|\s*\([^()]*\)"
    # nor the period it covers: "128 cases from 5 October - 28 October 2004 in Dakar"
    rf"|\s(?:{en.spaced(_WORDS['aside_date_before'])}|-|–)?\s*\d{{1,2}}"
    rf"(?:\s*(?:[-–]|{en.spaced(_WORDS['aside_day_range'])})\s*\d{{1,2}})?"
    rf"\s+(?:{_MONTHS})(?:\s+(?:19|20)\d\d)?\b"
    rf"|\s{_any('aside_year_before')}?\s*(?:19|20)\d\d\b"
    # nor a name with digits: "confirmed for serogroup W135 in Cankuzo province", "H5N1"
    r"|\b[A-Za-z]+\d[\w-]*"
    # nor the period's second day: "for the period 18 February-20 March 2001 in Paoua"
    rf"|[-–]\s*\d{{1,2}}\s+(?:{_MONTHS})(?:\s+(?:19|20)\d\d)?\b"
    # nor its case fatality: "33 cases and 19 deaths, case fatality ratio of 58%, in Baguio"
    rf"|,?\s*(?:{_any('aside_fatality_before')}\s+)?{_any('aside_fatality')}"
    rf"\s*(?:{en.spaced(_WORDS['aside_fatality_of'])}|:|=)?\s*\d[\d.,]*\s*%\s*,?",
    re.IGNORECASE,
)
# The words between a place and a figure after it that make the place the figure's own:
# "Mandiana (13 cases)", "Guinea, 3 new cases", "In Katwa, 148", "Liberia 8", "Kinshasa:
# 12", "Guinea reported 30 cases".
_LEFT_ATTACH = re.compile(
    # "Niger State reported 40 cases", "Foya district (20 cases)"
    rf"(?:\s+{_any('left_area_kinds')}\b)?"
    r"(?:\s*(?:[(:,=–-]|\|)?\s*(?:\(\s*)?"
    rf"|\s*,?\s*{_any('left_with')}\s+"  # "Nigeria, with 17 428 cases"
    # "in Zanzibar where there were 30 cases"
    rf"|\s*,?\s+{_any('left_where')}\s+(?:{_any('left_there_were')}\s+)?"
    rf"|\s*,?\s+(?:{_any('left_auxiliaries')}\s+)?(?:{_any('left_now')}\s+)?"
    rf"{_any('left_verbs')}\s+(?:{_any('left_after_verb')}\s+)?)",
    re.IGNORECASE,
)
# A space of the list words is one space ("as well as").
_LIST_AND_WORDS = en.alternation(_WORDS["list_and"])
_LIST_NEXT = re.compile(
    rf"\s*(?:,|{_LIST_AND_WORDS}|/|,\s*(?:{en.alternation(_WORDS['list_comma_and'])}))\s*"
    rf"(?:{_THE}\s+)?",
    re.IGNORECASE,
)


def attached_place(
    text: str, w: Window, places: Sequence[tuple[Span, T]], regions: Sequence[Span] = ()
) -> tuple[Span, T | None] | None:
    """The place a figure's own words tie it to, right after its phrase ("148 cases
    reported in Katwa") or right before it ("Mandiana (13 cases)"), else None. A region
    ties as ``(span, None)``."""
    candidates: list[tuple[Span, T | None]] = [*places, *((r, None) for r in regions)]
    candidates.sort(key=lambda c: c[0])
    right = _right_attached(text, w, candidates)
    return right if right is not None else _left_attached(text, w, candidates)


def _right_attached(
    text: str, w: Window, candidates: Sequence[tuple[Span, T | None]]
) -> tuple[Span, T | None] | None:
    first = next((c[0][0] for c in candidates if c[0][0] >= w.head_end), None)
    limit = _reach(text, w, first)
    for span, value in candidates:
        if span[0] < w.head_end:
            continue
        if span[0] > limit:
            return None
        if _parallel_figure(text, w, span[0]):
            return None  # "46 cases ... and 157 cases in Cibitoke": the place is the other's
        between = _ASIDE.sub(" ", text[w.head_end : span[0]])
        if _SPEAKER.search(between):
            return None
        tied = _RIGHT_ATTACH.fullmatch(between) or (
            # "cases from the Bozoum sub-prefecture" (but "cases from Saudi Arabia" may
            # have been imported)
            _is_area(value) and _RIGHT_FROM.fullmatch(between)
        )
        if tied and not _continues_list(text, span, value, candidates):
            return span, value
        return None  # only the first place after the figure may be its own
    return None


def _parallel_figure(text: str, w: Window, end: int) -> bool:
    """Whether another figure of the same noun, or any after a comma and "and", comes
    between the figure and ``end`` ("46 cases including 3 deaths from 5-30 July and 157
    cases in Cibitoke"): a figure of its own, not a sub-count of this one."""
    if _ANY_DIGIT.search(text, w.head_end, end) is None:
        return False  # no other figure between
    head = _LAST_WORD.search(text, w.number[1], w.head_end)
    if head is None:
        return False
    noun = head.group().lower()
    return any(
        m.group("noun").lower() == noun or m.group("comma")
        for m in _AND_FIGURE.finditer(text, w.head_end, end)
    )


_ANY_DIGIT = re.compile(r"\d")
_LAST_WORD = re.compile(r"[A-Za-z]+(?=\W*$)")
_AND_FIGURE = re.compile(
    # ", and 40 cases in Bururi": after a comma, a figure of its own whatever its noun
    rf"(?P<comma>,\s*)?\b{_any('parallel_and')}\s+\d[\d,.]*(?:\s\d{{3}})*\s+"
    rf"(?:{_any('parallel_qualifiers')}\s+)?(?P<noun>[A-Za-z]+)"
)


def _reach(text: str, w: Window, first: int | None) -> int:
    """How far after a figure's phrase its place may be named: 90 characters, and as many
    again as the asides there take ("a total of 28 (eight confirmed, six probable and 14
    suspected) cases ... from Haut-Uele district", "220 cases, including 82 deaths
    (case-fatality ratio 37.2%) have been reported in North Eastern Province"). Asides are
    measured only when the first place after the figure (at ``first``) lies further."""
    start, end = w.head_end, w.head_end + 90
    if first is None or first <= end:
        return min(w.sentence[1], end)  # nothing to measure: the first place is near
    brackets = sum(
        len(m.group()) for m in _BRACKET.finditer(text, start, end + 200) if m.start() < end
    )
    near = min(w.sentence[1], end + brackets)
    if first <= near:
        return near  # near enough without measuring the other asides
    aside = sum(len(m.group()) for m in _ASIDE.finditer(text, start, end + 200) if m.start() < end)
    return min(w.sentence[1], end + aside)


_BRACKET = re.compile(r"\([^()]*\)")


def _is_area(value: object) -> bool:
    return isinstance(value, LocationMention) and value.kind != "country"


def _left_attached(
    text: str, w: Window, candidates: Sequence[tuple[Span, T | None]]
) -> tuple[Span, T | None] | None:
    before = _less_aliases(text, [c for c in candidates if w.left_start <= c[0][1] <= w.number[0]])
    if not before:
        return None
    span, value = before[-1]
    if _LEFT_ATTACH.fullmatch(text, _past_brackets(text, span[1], w.number[0]), w.number[0]):
        if _ends_list(text, span, before):
            return None  # "In Mombasa and Dar es Salaam, 12 cases": no one area's figure
        return span, value
    # "In Katwa, 148 cases": the place opens the figure's clause.
    return None


def list_before(
    text: str, w: Window, places: Sequence[tuple[Span, LocationMention]]
) -> list[LocationMention]:
    """The places of a list that ends right before the figure ("In Mombasa and Dar es
    Salaam, 12 cases"), else []: the figure is theirs together, no one place's."""
    before = _less_aliases(text, [c for c in places if w.left_start <= c[0][1] <= w.number[0]])
    if not before or not _LEFT_ATTACH.fullmatch(
        text, _past_brackets(text, before[-1][0][1], w.number[0]), w.number[0]
    ):
        return []
    members = [before[-1]]
    for other in reversed(before[:-1]):
        gap_start = _past_brackets(text, other[0][1])
        if not _LIST_NEXT.fullmatch(text, gap_start, members[0][0][0]):
            break
        members.insert(0, other)
    return [loc for _, loc in members] if len(members) > 1 else []


def list_after(
    text: str, w: Window, places: Sequence[tuple[Span, LocationMention]]
) -> list[LocationMention]:
    """The places of a list the figure's words tie it to ("40 cases from Luanda and
    Benguela provinces"), else []."""
    first_start = next((c[0][0] for c in places if c[0][0] >= w.head_end), None)
    limit = _reach(text, w, first_start)
    # Only the list's first place need be near; the others follow it ("... in western
    # Sudan, Geneina and Zalingei").
    after = [c for c in places if w.head_end <= c[0][0] < w.sentence[1]]
    if not after or after[0][0][0] > limit:
        return []
    span, first = after[0]
    between = _ASIDE.sub(" ", text[w.head_end : span[0]])
    if _SPEAKER.search(between) or not (
        _RIGHT_ATTACH.fullmatch(between) or _RIGHT_FROM.fullmatch(between)
    ):
        return []
    members = [first]
    end = span[1]
    for other, loc in after[1:]:
        gap_start, joiner = _list_gap_start(text, end)
        if not joiner.fullmatch(text, gap_start, other[0]) or _is_country_of(loc, first):
            break
        members.append(loc)
        end = other[1]
    return members if len(members) > 1 else []


def _ends_list(text: str, span: Span, before: Sequence[tuple[Span, T | None]]) -> bool:
    """Whether the place closes a list of places ("Mombasa and Dar es Salaam, 12 cases")."""
    return any(
        other[1] <= span[0] and _LIST_AND.fullmatch(text, _past_brackets(text, other[1]), span[0])
        for other, value in before
        if value is not None
    )


# "X and Y": a list's last link (a comma alone also separates "Conakry, 65 cases; ...").
_LIST_AND = re.compile(rf"\s*(?:,\s*)?(?:{_LIST_AND_WORDS})\s+(?:{_THE}\s+)?", re.IGNORECASE)


def _continues_list(
    text: str, span: Span, own: object, candidates: Sequence[tuple[Span, T | None]]
) -> bool:
    """Whether another place follows in a list ("from Luanda and Benguela provinces",
    "in Arusha region and Dodoma region"): a figure of several areas is no one area's
    ("Garissa, Kenya" names the area's country)."""
    end, joiner = _list_gap_start(text, span[1])
    return any(
        other[0] >= end and joiner.fullmatch(text, end, other[0]) and not _is_country_of(value, own)
        for other, value in candidates
        if value is not None
    )


def _is_country_of(value: object, area: object) -> bool:
    return (
        isinstance(value, LocationMention)
        and isinstance(area, LocationMention)
        and value.kind == "country"
        and area.kind != "country"
        and value.country == area.country
    )


_BRACKETS_AFTER = re.compile(r"\s*\([^()]*\)")


def lists_countries_after(
    text: str, w: Window, places: Sequence[tuple[Span, LocationMention]]
) -> bool:
    """Whether the figure's clause names no country before it and a list of countries after
    it ("24,798 cases ... had been reported in Benin, Burkina Faso, Gambia and Togo")."""
    clause_start = text.rfind(";", w.sentence[0], w.number[0]) + 1 or w.sentence[0]
    clause_end = text.find(";", w.number[1], w.sentence[1])
    end = w.sentence[1] if clause_end < 0 else clause_end
    countries = [c for c in places if c[1].kind == "country" and clause_start <= c[0][0] < end]
    if any(c[0][0] < w.number[0] for c in countries):
        return False
    return any(in_country_list(text, c[0], countries) for c in countries)


def in_country_list(text: str, span: Span, places: Sequence[tuple[Span, LocationMention]]) -> bool:
    """Whether a country opens or continues a list of countries ("in Guinea, Liberia and
    Sierra Leone"): a figure tied to the list is of several countries."""
    countries = [c for c in places if c[1].kind == "country"]
    for other, _ in countries:
        if other[0] >= span[1] and _LIST_NEXT.fullmatch(
            text, _past_brackets(text, span[1]), other[0]
        ):
            return True
        if other[1] <= span[0] and _LIST_NEXT.fullmatch(
            text, _past_brackets(text, other[1]), span[0]
        ):
            return True
    return False


def _past_brackets(text: str, pos: int, limit: int | None = None) -> int:
    """Past a bracketed figure after a name: "the United Kingdom (207), Spain"; with a
    ``limit``, only past brackets that close before it (not "Mandiana (13 cases)")."""
    m = _BRACKETS_AFTER.match(text, pos)
    if m is None or (limit is not None and m.end() > limit):
        return pos
    return m.end()


def _list_gap_start(text: str, end: int) -> tuple[int, re.Pattern[str]]:
    """Where the gap to a list's next member starts after a place ending at ``end``, and
    what may fill it: past a bracketed figure, and past the place's kind ("Arusha region
    and Dodoma region"), after which only "and" goes on ("Mutarara District, Tete
    Province" names the district's province, not a second place)."""
    past = past_suffix(text, end)
    return _past_brackets(text, past), (_LIST_NEXT if past == end else _LIST_AND_ONLY)


_LIST_AND_ONLY = re.compile(rf"\s*,?\s*(?:{_LIST_AND_WORDS}|/)\s+(?:{_THE}\s+)?", re.IGNORECASE)


def past_suffix(text: str, pos: int) -> int:
    """Past an area's kind written after its name: "Arusha region and Dodoma region"."""
    m = _AREA_SUFFIX_AFTER.match(text, pos)
    return m.end() if m is not None else pos


_AREA_SUFFIX_AFTER = re.compile(
    rf"\s+{_any('suffix_area_kinds')}\b",
    re.IGNORECASE,
)


def _less_aliases(text: str, places: list[tuple[Span, T]]) -> list[tuple[Span, T]]:
    """The places less a name's short form in brackets right after it ("the United Arab
    Emirates (UAE) reported"): one mention, so that a list before it still ends there."""
    out: list[tuple[Span, T]] = []
    for item in places:
        if (
            out
            and out[-1][1] is item[1]
            and _OPENS_ALIAS.fullmatch(text, out[-1][0][1], item[0][0])
        ):
            continue
        out.append(item)
    return out


_OPENS_ALIAS = re.compile(r"\s*\(\s*")
