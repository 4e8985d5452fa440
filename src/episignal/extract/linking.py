"""Links of a count: its disease, place, scope, kind, date and source.

Each count read by ``counts`` is linked here to the nearest disease of its sentence (else
the document's leading one), to its place (the place its own words tie it to, see
``meaning.attached_place``; else the nearest affected place of its clause or sentence;
else the document's first affected place), to a date of its sentence that does not open
the counting period ("since late April" is not an as-of date), and to the source of its
sentence or a neighbouring one. In a bulletin with a part for each country or outbreak
("GUATEMALA", "Bolivia: ...", "Dengue: ..."), the part's country and disease stand in for
the document's (see ``sections``). ``meaning`` says what kind of figure it is and where it
holds (world, region, several countries, one country, a district, a subset, a facility).
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from episignal.document import (
    CountKind,
    CountMention,
    DateMention,
    DiseaseMention,
    LocationMention,
    Measure,
    Scope,
    SourceMention,
    Span,
    Species,
    Status,
)
from episignal.extract.context import TextContext
from episignal.extract.meaning import (
    MeaningIndex,
    Window,
    attached_place,
    condition_of,
    figure_kind,
    list_after,
    list_before,
    lists_countries_after,
    own_scope,
    past_suffix,
    region_spans,
    sentence_scope,
)
from episignal.extract.numbers import Quantity
from episignal.extract.sections import Sections
from episignal.lang.english import alternation, english, spaced

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CountReading:
    """What the count reader says of one number, for linking."""

    quantity: Quantity
    measure: Measure
    status: Status | None
    cumulative: bool | None
    species: Species
    window: Window
    head: str = ""  # the head noun's phrase ("cases", "health workers")
    inherits: bool = False  # a sub-count of the one before ("including 12 health workers")
    scope: Scope | None = None  # already known (a table's total row under country rows)
    part: bool = False  # a part of the count before it ("including 12 health workers")
    frame: Span | None = None  # the figure a breakdown details: its date is this one's


@dataclass(frozen=True, slots=True)
class _Placement:
    scope: Scope
    place: LocationMention | None
    tied: bool  # the place is the figure's own (attached, or the sentence's only area)


@dataclass(slots=True)
class _SentenceLinks:
    scope: Scope | None  # "globally" (world), "in 56 countries" (multi_country)
    places: list[tuple[Span, LocationMention]]
    regions: list[Span]  # "the Region of the Americas", "West Africa"
    dates: list[tuple[Span, DateMention]]  # candidate as-of dates
    periods: list[tuple[Span, DateMention]]  # "in late 1994", "in 2019": when figures fell
    respectively: bool = False  # "12 and 5 cases in A and B respectively"


class CountLinker:
    """Attach to each count its disease, place, scope, kind, date and source."""

    def __init__(
        self,
        ctx: TextContext,
        diseases: list[DiseaseMention],
        locations: list[LocationMention],
        dates: list[DateMention],
        sources: list[SourceMention],
        bounds: re.Pattern[str],
    ) -> None:
        self.ctx = ctx
        self.top_disease = diseases[0].name if diseases else None
        self.disease_names = _index(
            (span, d) for d in diseases for span in (*d.mentions, *d.pathogen_mentions)
        )
        located = [loc for loc in locations if loc.country]
        self.place_spans = _index((span, loc) for loc in located for span in loc.mentions)
        self.first_affected = next((loc for loc in located if loc.affected), None)
        # the country and disease of each headed part of a bulletin ("GUATEMALA", "Bolivia:")
        self.sections = Sections(ctx.text, located, diseases)
        self.countries = _index(
            (span, loc)
            for loc in located
            if loc.affected and loc.kind == "country"
            for span in loc.mentions
        )
        self.country_starts = [span[0] for span, _ in self.countries]
        self.named_countries = _index(
            (span, loc)
            for loc in located
            if loc.kind == "country"
            for span in loc.mentions
            if span not in loc.demonym_mentions  # "a Jordanian citizen" names no place
        )
        self.named_country_starts = [span[0] for span, _ in self.named_countries]
        self.affected = [item for item in self.place_spans if item[1].affected]
        self.affected_starts = [span[0] for span, _ in self.affected]
        self.date_spans = _index((d.span, d) for d in dates)
        self.source_spans = _index((s.span, s) for s in sources)
        self.bounds = bounds  # "passes 1.2 million" (lower bound), "nears 500" (upper)
        self._by_sentence: dict[Span, _SentenceLinks] = {}
        lower = ctx.lower
        self.meaning = MeaningIndex(ctx.text, lower if len(lower) == len(ctx.text) else None)
        self._previous: tuple[Window, _Placement] | None = None  # the last figure tied to a place
        self._last: tuple[Window, _Placement] | None = None  # the last figure placed
        self._outside: tuple[Window, _Placement] | None = None  # ... outside brackets
        self._past_sentence: Span | None = None  # the sentence of the last historical figure
        # The day a bulletin "reported on Sunday" (the publication day) covers: Saturday.
        self._bulletin_day: DateMention | None = None
        self._dates: dict[Span, DateMention | None] = {}  # each linked figure's date

    def link(self, r: CountReading) -> CountMention:
        q, w = r.quantity, r.window
        links = self._links(w.sentence)
        # a disease named by its virus's name ("16 new cases of classic dengue", "cases of
        # yellow fever") is as near as one named by the disease's
        disease = _nearest(self.disease_names, w.sentence, q.span)
        placement = self._placement(links, r)
        place = placement.place
        local = place is not None and placement.tied and place.kind != "country"
        date = self._as_of_date(links, w.sentence, q.span)
        if date is None and r.frame is not None and not links.periods:
            date = self._dates.get(r.frame)  # a breakdown of a figure: as of its day
        self._dates[q.span] = date
        if date is not None and r.cumulative is False and self._told_on_report_day(w, date):
            if date.date == self.ctx.published:
                # the report is about that day's bulletin: its undated figures are the
                # bulletin's too ("In total, 820,620 have fallen ill, KCNA said")
                self._bulletin_day = _day_before(date)
            date = _day_before(date)
        elif date is None and self._bulletin_day is not None and not self._dated_elsewhere(links):
            date = self._bulletin_day
        period = date if date is not None else _closest(links.periods, q.span)
        low, high, approximate = self._bounds(q)
        return CountMention(
            value=int(q.value),
            measure=r.measure,
            span=q.span,
            low=low,
            high=high,
            approximate=approximate,
            status=r.status,
            cumulative=r.cumulative,
            species=r.species,
            date=date.date if date is not None else None,
            disease=disease.name if disease is not None else self._section_disease(q.span),
            country=place.country if place is not None else None,
            admin1=_admin1(place) if local else None,
            area=place.name if local and place is not None else None,
            source=self._source(w.sentence, q.span),
            historical=self._historical(links, r, period),
            scope=placement.scope,
            kind=self._kind(w),
            condition=condition_of(self.meaning, w),
        )

    def _section_disease(self, span: Span) -> str | None:
        """The disease of the figure's section ("Dengue: ..."), else the document's."""
        section = self.sections.at(span[0])
        if section is not None and section.disease is not None:
            return section.disease.name
        return self.top_disease

    @staticmethod
    def _dated_elsewhere(links: _SentenceLinks) -> bool:
        """The sentence names a time of its own (a period, "since 2019"): not the bulletin's."""
        return any(
            d.precision != "day" or not _WEEKDAY_DATE.search(d.text) for _, d in links.periods
        )

    def _told_on_report_day(self, w: Window, date: DateMention) -> bool:
        """A day's new figures "reported on Sunday" (a weekday, "yesterday", "today"): the day
        the bulletin came out, not the day its figures cover ("North Korea on Sunday reported
        296,180 new cases" counts Saturday; "recorded 392,920 more on Sunday" counts Sunday)."""
        if _WEEKDAY_DATE.search(date.text) is None:
            return False
        text = self.ctx.text
        return bool(
            _REPORT_VERB.search(text, w.sentence[0], w.number[0])
            or _REPORT_VERB.match(text, date.span[1])
        )

    def _kind(self, w: Window) -> CountKind:
        return figure_kind(self.meaning, w)

    def _bounds(self, q: Quantity) -> tuple[int | None, int | None, bool]:
        low, high, approximate = q.low, q.high, q.approximate
        bound = self.bounds.search(self.ctx.text, max(0, q.span[0] - 24), q.span[0])
        if bound is not None and low is None and high is None:
            # "the tally passes 1.2 million" is at least 1.2 million; "nears 500", at most.
            approximate = True
            low, high = (q.value, None) if bound.lastgroup == "lower" else (None, q.value)
        return (
            None if low is None else int(low),
            None if high is None else int(high),
            approximate,
        )

    def _placement(self, links: _SentenceLinks, r: CountReading) -> _Placement:
        placement = self._place_of(links, r)
        self._previous = (r.window, placement) if placement.tied else None
        self._last = (r.window, placement)
        if self._bracket_opened_by(r.window) is None:
            self._outside = (r.window, placement)
        return placement

    def _bracket_opened_by(self, w: Window) -> int | None:
        """Where the bracket the figure stands in opens, else None: "a total of 24 (6
        probable, 6 confirmed and 12 suspected) cases"."""
        text = self.ctx.text
        opened = text.rfind("(", w.sentence[0], w.number[0])
        return opened if opened > text.rfind(")", w.sentence[0], w.number[0]) else None

    def _owner_of_bracket(self, w: Window) -> _Placement | None:
        """The placement of the figure whose bracket this figure stands in: the parts of a
        figure ("Guinea, 415 cases (304 confirmed, 98 probable)") hold where it holds."""
        opened = self._bracket_opened_by(w)
        if opened is None:
            return None
        if self._last is not None and self._bracket_opened_by(self._last[0]) == opened:
            # "(10,429 cases with 1 318 deaths) and in Ghana": a figure of the same bracket
            return self._last[1]
        if self._outside is None:
            return None
        owner, placement = self._outside
        if owner.sentence != w.sentence or owner.number[1] > opened:
            return None
        gap = self.ctx.text[owner.number[1] : opened]
        return placement if len(gap) <= 40 and not _CLAUSE_BREAK.search(gap) else None

    def _place_of(self, links: _SentenceLinks, r: CountReading) -> _Placement:
        """Where the figure holds, and its place (see the module docstring)."""
        text, w = self.ctx.text, r.window
        if r.scope is not None:
            return _Placement(r.scope, None, False)
        own = own_scope(self.meaning, w, r.head, r.inherits, r.measure)
        if self._world_after(w):
            # "Situation in China, more than 6000 cases globally": the world's, not China's
            return _Placement(own or "world", None, False)
        paired = self._paired_place(links, w) if links.respectively else None
        if paired is not None:
            # "12 and 5 cases in Kenema and Kailahun respectively": the figure's own place
            scope: Scope = "national" if paired.kind == "country" else "subnational"
            return _Placement(own or scope, paired, True)
        attached = attached_place(text, w, links.places, links.regions)
        if attached is None and not r.part:
            attached = self._place_in_phrase(links, w)  # "the 7 patients in Beijing are ..."
        reporter = self._reporter_of_areas(links, w, attached)
        if reporter is not None:
            # "Cameroon reported three cases in Banjoun and Fantun districts": the areas'
            return _Placement(own or "subnational", reporter, False)
        if (
            attached is None
            and self._previous is not None
            and _COORDINATED.fullmatch(text, self._previous[0].head_end, w.number[0])
        ):
            return self._previous[1]  # "Kenema (1 case and 0 deaths)": the same place
        if (
            attached is None
            and self._last is not None
            and (
                self._last[1].scope in ("world", "region", "multi_country")
                # "The areas of A, B and C have reported 892 cases with 24 deaths"
                or (self._last[1].scope == "subnational" and not self._last[1].tied)
            )
            and _COORDINATED.fullmatch(text, self._last[0].head_end, w.number[0])
        ):
            return self._last[1]  # "in A and B ..., with 67 new cases and 19 deaths"
        owner = self._owner_of_bracket(w) if attached is None else None
        if owner is not None:
            return _Placement(own or owner.scope, owner.place, owner.tied)
        if attached is None:
            # "The highest number of cases (1 000 with 15 deaths) were reported in Kano State"
            attached = self._attached_after_bracket(links, w)
        sub_count = r.inherits or _OF_WHOM.match(text, w.number[1]) is not None
        if attached is None and sub_count and self._last is not None:
            last_window, last = self._last
            if last_window.sentence == w.sentence and last.scope in _SHARED_SCOPES:
                # "the total in Asia ... to 45 cases, of which 32 have been fatal"
                return _Placement(own or last.scope, last.place, last.tied)
        if attached is None and r.part:
            own = own or "subset"
        listed = (
            list_before(text, w, links.places) or list_after(text, w, links.places)
            if attached is None
            else []
        )
        if listed:
            # "In Mombasa and Dar es Salaam, 12 cases": several places' figure together
            countries = {loc.country for loc in listed}
            if len(countries) > 1:
                return _Placement(own or "multi_country", None, False)
            return _Placement(own or "subnational", self._country_of(listed[0]), False)
        told = self._told_around(links, w) if attached is None else None
        if told is not None:
            return _Placement(own or told.scope, told.place, told.tied)
        if attached is not None:
            loc = attached[1]
            if loc is None:
                return _Placement(own or "region", None, False)  # "for the Region of the Americas"
            if loc.kind != "country":
                return _Placement(own or "subnational", loc, True)
            area = self._area_of_country(links, loc, w)
            if area is not None:  # "Foya district, Liberia, has reported 20 cases"
                return _Placement(own or "subnational", area, True)
            inner = self._areas_after_country(links, attached[0], loc)
            if inner:
                # "reported in Gabon in the districts of Makokou and Mekambo"
                if len(inner) == 1:
                    return _Placement(own or "subnational", inner[0], True)
                return _Placement(own or "subnational", loc, False)
            if _PART_OF_COUNTRY.search(
                text, max(w.sentence[0], attached[0][0] - 40), attached[0][0]
            ):
                return _Placement(own or "subnational", loc, False)  # "in southern Sudan"
            return _Placement(own or "national", loc, True)  # "the United Kingdom (207)"
        if links.scope is not None:
            return _Placement(own or links.scope, None, False)  # "Globally, ..."
        if self._region_before(links, w):
            return _Placement(own or "region", None, False)  # "the total in Asia ... to 45"
        if lists_countries_after(text, w, links.places):
            return _Placement(own or "multi_country", None, False)
        if links.regions and not any(c[1].kind == "country" for c in links.places):
            return _Placement(own or "region", None, False)  # "cases in West Africa rose"
        place = self._nearest_place(links, w.number)
        if _SOME_AREAS.search(text, w.sentence[0], w.number[0]) and place is not None:
            # "figures for these 5 villages (of the 18 affected) are 6 300 cases": some areas'
            return _Placement(own or "subnational", self._country_of(place), False)
        qualified = self._area_of_country(links, place, w)
        if qualified is not None:
            # "The outbreak in Gambella region of Ethiopia has caused 30 cases"
            return _Placement(own or "subnational", qualified, True)
        if self._only_area(links, place, w):
            # "In Kerala, health officials reported 20 new cases": the sentence names one
            # area of the outbreak and no country.
            return _Placement(own or "subnational", place, True)
        return _Placement(own or "national", place, False)

    def _paired_place(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The place a "respectively" pairs with the figure: the figure's rank among the
        numbers listed with it ("12 and 5 cases") picks the place of that rank in the
        sentence's list of as many places ("in Kenema and Kailahun")."""
        text = self.ctx.text
        digits = w.digits if w.digits >= 0 else w.number[0]
        run = next(
            (
                m
                for m in _NUMBER_RUN.finditer(text, w.sentence[0], w.sentence[1])
                if m.start() <= digits < m.end()
            ),
            None,
        )
        if run is None:
            return None
        numbers = [m.start() for m in _NUMBER.finditer(text, run.start(), run.end())]
        rank = bisect.bisect_right(numbers, digits) - 1
        for members in _place_lists(text, links.places):
            if len(members) == len(numbers):
                return members[rank]
        return None

    def _told_around(self, links: _SentenceLinks, w: Window) -> _Placement | None:
        """Where the words around a figure without a place of its own say it holds: the
        whole of a part, a figure of several countries "mainly in" one, a figure of part
        of a country, of "the county" named before, or of a sentence that goes on from a
        figure of several countries ("This represents an increase of 168 cases")."""
        text = self.ctx.text
        if _WHOLE_OF_PART.search(text, max(w.sentence[0], w.number[0] - 20), w.number[0]):
            # "One of the 36 cases is the case confirmed in China": the sentence's places
            # are the part's; the whole was counted before, where the text came from.
            before = [c for c in links.places if c[0][1] <= w.number[0] and c[1].affected]
            place = before[-1][1] if before else None
            place = place or self._preceding_country(w.sentence) or self.first_affected
            return _Placement("national", place, False)
        mostly = self._mostly_in(links, w)
        if mostly is not None and mostly.kind == "country":
            # "an increase of 41 cases, largely in Hong Kong": more countries than one
            return _Placement("multi_country", None, False)
        part = self._part_of_country(links, w)
        if part is not None:
            return _Placement("subnational", part, False)  # "in 8 states in southern Sudan"
        capital = self._capital_of(links, w)
        if capital is not None:
            return _Placement("subnational", capital, False)  # "854 cases from the capital"
        area = self._area_named_before(w)
        if area is not None:
            return _Placement("subnational", area, True)  # "from 2 districts in the county"
        if self._countries_then_with(links, w):
            # "The epidemic in Sierra Leone and Liberia remains serious, with 67 new cases"
            return _Placement("multi_country", None, False)
        risen = self._number_in_risen_to(links, w)
        if risen is not None:
            # "The number of cases in the Bundibugyo District has now risen to 93"
            return _Placement("subnational", risen, True)
        opening = self._opening_area(links, w)
        if opening is not None:
            return _Placement("subnational", opening, True)  # "In Bubanza province the MoH ..."
        direction = self._part_named_by_direction(links, w)
        if direction is not None:
            return _Placement("subnational", direction, False)  # "in the north of the country"
        subject = self._subject_with(links, w)
        if subject is not None:
            # "Garissa district remains the main affected area with 132 cases"
            scope: Scope = "national" if subject.kind == "country" else "subnational"
            return _Placement(scope, subject, True)
        return self._going_on(links, w)

    def _place_in_phrase(
        self, links: _SentenceLinks, w: Window
    ) -> tuple[Span, LocationMention | None] | None:
        """A place inside the figure's own phrase, after "in", "from" or "at" ("the seven
        patients in Beijing are now being treated"), else None."""
        inside = [c for c in links.places if w.number[1] <= c[0][0] and c[0][1] <= w.head_end]
        if not inside or not _IN_PHRASE.fullmatch(self.ctx.text, w.number[1], inside[0][0][0]):
            return None
        return inside[0]

    def _attached_after_bracket(
        self, links: _SentenceLinks, w: Window
    ) -> tuple[Span, LocationMention | None] | None:
        """The place tied to the phrase whose bracket holds the figure, when the figure opens
        the bracket without a noun of its own ("cases (1 000 with 15 deaths) were reported
        in Kano State"), else None."""
        opened = self._bracket_opened_by(w)
        if (
            opened is None
            or w.head_end > w.number[1]  # "40% (8,120 cases with ...)": its own phrase
            or self.ctx.text[opened + 1 : w.number[0]].strip()
        ):
            return None
        close = self.ctx.text.find(")", w.number[1], w.sentence[1])
        if close < 0:
            return None
        after = dataclasses.replace(w, head_end=close + 1, left_start=close + 1)
        found = attached_place(self.ctx.text, after, links.places, links.regions)
        return found if found is not None and found[0][0] > close else None

    def _areas_after_country(
        self, links: _SentenceLinks, span: Span, country: LocationMention
    ) -> list[LocationMention]:
        """The areas of a country its figure's place goes on to name ("in Gabon, in the
        districts of Makokou and Mekambo"), else []."""
        text = self.ctx.text
        after = [c for c in links.places if c[0][0] >= span[1]]
        if not after or not _INNER_AREA.fullmatch(text, span[1], after[0][0][0]):
            return []
        members = [after[0]]
        for item in after[1:]:
            end = members[-1][0][1]
            joiner = _PLACE_LIST_NEXT if past_suffix(text, end) == end else _PLACE_AND_NEXT
            if not joiner.fullmatch(text, past_suffix(text, end), item[0][0]):
                break
            members.append(item)
        areas = [loc for _, loc in members]
        if any(a.kind == "country" or a.country != country.country for a in areas):
            return []
        return areas

    def _world_after(self, w: Window) -> bool:
        """Whether the figure's phrase is followed by a word of the whole world ("6000
        cases globally", "cases worldwide")."""
        end = min(w.sentence[1], w.head_end + 24)
        found = self.meaning.found("world", w.head_end, end)
        return bool(found) and not self.ctx.text[w.head_end : found[0].start].strip(" ,")

    def _reporter_of_areas(
        self,
        links: _SentenceLinks,
        w: Window,
        attached: tuple[Span, LocationMention | None] | None,
    ) -> LocationMention | None:
        """The country that reports a figure ("Cameroon reported 3 cases") when the figure's
        words tie it to a list of that country's areas after it ("in Banjoun and Fantun
        districts"), else None."""
        if attached is None or attached[1] is None or attached[0][1] > w.number[0]:
            return None
        country = attached[1]
        if country.kind != "country":
            return None
        areas = list_after(self.ctx.text, w, links.places)
        if not areas or any(a.kind == "country" or a.country != country.country for a in areas):
            return None
        first = next(
            span for span, loc in links.places if loc is areas[0] and span[0] >= w.head_end
        )
        if _BREAKDOWN_AFTER.match(self.ctx.text, first[1]):
            return None  # "11 cases from Taif (5), Riyadh (3) ...": the country's, broken down
        return country

    def _opening_area(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The area that opens the figure's clause after "In" when no other place and no
        other figure come between ("In Bubanza province the Ministry of Health has reported
        46 cases"): the figure is the area's."""
        text = self.ctx.text
        start = text.rfind(";", w.sentence[0], w.number[0]) + 1 or w.sentence[0]
        before = [c for c in links.places if start <= c[0][0] and c[0][1] <= w.number[0]]
        if not before:
            return None
        chain = _joined_run(text, before, _AREA_OF)
        if chain[0] is not before[0] or chain[0][1].kind == "country":
            return None
        opening = _OPENING_IN.fullmatch(text, start, chain[0][0][0])
        gap = text[chain[-1][0][1] : w.number[0]]
        if opening is None or len(gap) > 120 or _DIGIT.search(gap) or _SPEAKER_WORDS.search(gap):
            return None
        return chain[0][1]

    def _part_named_by_direction(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The country of a figure its clause puts in a part of the country it does not name
        ("In the north of the country, 350 cases"), else None."""
        text = self.ctx.text
        start = text.rfind(";", w.sentence[0], w.number[0]) + 1 or w.sentence[0]
        end = min(w.sentence[1], w.head_end + 90)
        if text.find("ountry", start, end) < 0:
            return None  # most clauses name no "(C)country": no regex to run
        before = _PART_OF_THE_COUNTRY.search(text, start, w.number[0])
        after = _PART_OF_THE_COUNTRY.search(text, w.head_end, end)
        if before is None and (after is None or _CUT.search(text, w.head_end, after.start())):
            return None
        place = self._nearest_place(links, w.number)
        return None if place is None else self._country_of(place)

    def _number_in_risen_to(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The area of a sentence's subject "the number of cases in <area>" when the figure
        is what that number "has risen to" or "stands at"."""
        text = self.ctx.text
        before = [c for c in links.places if c[0][1] <= w.number[0]]
        if not before:
            return None
        chain = _joined_run(text, before, _AREA_OF)
        span, area = chain[0]
        if area.kind == "country" or not _NUMBER_IN.search(text, w.sentence[0], span[0]):
            return None
        gap = text[chain[-1][0][1] : w.number[0]]
        return area if len(gap) <= 90 and _RISEN_TO.fullmatch(gap) else None

    def _countries_then_with(self, links: _SentenceLinks, w: Window) -> bool:
        """Whether a list of countries comes before the figure and the figure after "with"
        in its clause: the countries' figure together."""
        text = self.ctx.text
        before = [c for c in links.places if c[0][1] <= w.number[0]]
        if not before or before[-1][1].kind != "country":
            return False
        members = _joined_run(text, before, _PLACE_LIST_NEXT)
        gap = text[before[-1][0][1] : w.number[0]]
        return (
            len({loc.country for _, loc in members}) > 1
            and all(loc.kind == "country" for _, loc in members)
            and len(gap) <= 90
            and _WITH_AFTER_SUBJECT.fullmatch(gap) is not None
            and not _SPEAKER_WORDS.search(gap)
        )

    def _subject_with(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The place that opens the figure's sentence when the figure comes after "with"
        in its clause, no other figure between ("Garissa district in North Eastern Province
        remains the main affected area with 132 cases"); the first of a chain of places
        ("Garissa district in North Eastern Province") is the narrowest."""
        text = self.ctx.text
        before = [c for c in links.places if c[0][1] <= w.number[0]]
        if not before or before[0][0][0] - w.sentence[0] > 60:
            return None
        chain = _joined_run(text, before, _AREA_OF)
        if chain[0] is not before[0]:
            return None  # not the sentence's subject
        gap = text[chain[-1][0][1] : w.number[0]]
        if len(gap) > 90 or not _WITH_AFTER_SUBJECT.fullmatch(gap) or _SPEAKER_WORDS.search(gap):
            return None
        return chain[0][1]

    def _capital_of(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The country whose capital the figure's words name without naming it ("854 cases of
        pneumonia from the capital"): the figure is of part of that country."""
        end = min(w.sentence[1], w.head_end + 90)
        if not _THE_CAPITAL.match(self.ctx.text, w.head_end, end):
            return None
        place = self._nearest_place(links, w.number)
        return None if place is None else self._country_of(place)

    def _mostly_in(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The first place after the figure when its words say the figure is mostly there
        ("41 cases, largely concentrated in Hong Kong")."""
        text = self.ctx.text
        limit = min(w.sentence[1], w.head_end + 90)
        after = [c for c in links.places if w.head_end <= c[0][0] <= limit]
        if not after or not _MOSTLY_BEFORE.search(text, w.head_end, after[0][0][0]):
            return None
        return after[0][1]

    def _part_of_country(self, links: _SentenceLinks, w: Window) -> LocationMention | None:
        """The sentence's one country, when the sentence names it as a part ("in southern
        Sudan", "the western part of Niger") and names no area: the figure is of that part."""
        text = self.ctx.text
        named = [c for c in links.places if c[1].kind == "country"]
        if len(named) != 1 or len(named) != len(links.places) or links.regions:
            return None
        span, country = named[0]
        before = _PART_OF_COUNTRY.search(text, max(w.sentence[0], span[0] - 40), span[0])
        return country if before is not None else None

    def _area_named_before(self, w: Window) -> LocationMention | None:
        """The area "the county" of the figure's clause refers to: the area named last
        before the figure ("in Grand Cape Mount County. ... 29 cases ... from 2 districts
        in the county")."""
        text = self.ctx.text
        end = text.find(";", w.head_end, w.sentence[1])
        found = _THE_AREA.search(text, w.left_start, w.sentence[1] if end < 0 else end)
        if found is None:
            return None
        kinds = ("city", "place") if found.group("town") else ("admin1", "admin2")
        start = max(0, w.number[0] - _LOOK_BACK_CHARS)
        lo = bisect.bisect_left(self.place_spans, start, key=lambda item: item[0][0])
        hi = bisect.bisect_left(self.place_spans, w.number[0], key=lambda item: item[0][0])
        areas = [loc for _, loc in self.place_spans[lo:hi] if loc.kind in kinds]
        return areas[-1] if areas else None

    def _going_on(self, links: _SentenceLinks, w: Window) -> _Placement | None:
        """A sentence without places of its own that goes on from the one before ("... from
        30 countries. This represents an increase of 168 cases and 26 deaths") holds where
        the last figure held, when that is several countries, a region or the world."""
        if links.places or links.regions or links.scope or self._last is None:
            return None
        last_window, last = self._last
        index = self.ctx.sentence_index(w.sentence[0])
        if (
            last.scope not in ("world", "region", "multi_country")
            or self.ctx.sentence_index(last_window.sentence[0]) not in (index - 1, index)
            or not _GOES_ON.match(self.ctx.text, w.sentence[0])
        ):
            return None
        return last

    def _area_of_country(
        self, links: _SentenceLinks, place: LocationMention | None, w: Window
    ) -> LocationMention | None:
        """The one area the clause before the figure names as part of the figure's country
        ("in Gambella region of Ethiopia", "Foya district, Liberia"), else None."""
        if place is None or place.kind != "country":
            return None
        text = self.ctx.text
        found = [
            area
            for (area_span, area), (country_span, country) in itertools.pairwise(links.places)
            if country is place
            and area.kind != "country"
            and area.country == place.country
            and w.left_start <= area_span[0]
            and country_span[1] <= w.number[0]
            and _AREA_OF.fullmatch(text, area_span[1], country_span[0])
        ]
        return found[0] if len(found) == 1 else None

    def _country_of(self, loc: LocationMention) -> LocationMention:
        """The country mention of an area's country (the area itself when none is named):
        a figure of several areas of one country keeps the country, and no area."""
        for _, country in self.countries:
            if country.country == loc.country:
                return country
        return loc

    @staticmethod
    def _region_before(links: _SentenceLinks, w: Window) -> bool:
        """A region in the figure's clause before it, with no country between."""
        regions = [r for r in links.regions if w.left_start <= r[0] and r[1] <= w.number[0]]
        if not regions:
            return False
        last = regions[-1][1]
        return not any(
            c[1].kind == "country" and last <= c[0][0] < w.number[0] for c in links.places
        )

    @staticmethod
    def _only_area(links: _SentenceLinks, place: LocationMention | None, w: Window) -> bool:
        """The sentence names one area, before the figure, and no country: "In Kerala,
        health officials reported 20 new cases" (an area named after the figure is more
        often where some of the cases were: "... mainly in Java")."""
        areas = {id(c[1]) for c in links.places if c[1].kind != "country"}
        return (
            place is not None
            and place.kind != "country"
            and place.affected
            and len(areas) == 1
            and any(c[1] is place and c[0][1] <= w.number[0] for c in links.places)
            and not any(c[1].kind == "country" for c in links.places)
        )

    def _historical(
        self, links: _SentenceLinks, r: CountReading, period: DateMention | None
    ) -> bool:
        """Background: of a period long before publication, or told as past; a sub-count
        ("of which three were fatal") shares its count's."""
        w = r.window
        past = (
            (period is not None and self._long_before_publication(period))
            or self._past_year_before(links, w)
            or _told_as_past(self.ctx.text, w)
            or (r.inherits and self._past_sentence == w.sentence)
        )
        self._past_sentence = w.sentence if past else None
        return past

    def _past_year_before(self, links: _SentenceLinks, w: Window) -> bool:
        """A year long past named in the figure's clause before it: "The epidemic in 1994
        lasted ... to the end of October and caused 216 cases" (the day has no year)."""
        years = [
            d
            for span, d in links.periods
            if d.precision == "year" and w.left_start <= span[0] and span[1] <= w.number[0]
        ]
        return bool(years) and self._long_before_publication(years[-1])

    def _long_before_publication(self, d: DateMention) -> bool:
        published = self.ctx.published
        return published is not None and (published - period_end(d)).days > _HISTORICAL_DAYS

    def _links(self, sentence: Span) -> _SentenceLinks:
        """What a sentence offers its counts, worked out once per sentence."""
        links = self._by_sentence.get(sentence)
        if links is None:
            periods = self._periods(sentence)
            places = self._places_within(sentence)
            # "Middle East respiratory syndrome" names a disease, not a region
            names = [span for span, _ in places]
            names += [span for span, _ in _within(self.disease_names, sentence)]
            links = _SentenceLinks(
                scope=sentence_scope(self.meaning, sentence),
                places=places,
                regions=region_spans(self.meaning, sentence, names),
                dates=self._as_of_dates(periods),
                periods=periods,
                respectively=_RESPECTIVELY.search(self.ctx.text, *sentence) is not None,
            )
            self._by_sentence[sentence] = links
        return links

    def _as_of_dates(
        self, periods: list[tuple[Span, DateMention]]
    ) -> list[tuple[Span, DateMention]]:
        """Of the sentence's periods, the dates a figure may describe: day-precise ones that do
        not lie after publication (a campaign "planned for 3 April" is no figure's date).
        "In 2023", "in May", "so far this year" name a period, not the day a figure
        describes; such counts take the report's date downstream."""
        published = self.ctx.published
        return [
            item
            for item in periods
            if item[1].precision == "day" and (published is None or item[1].date <= published)
        ]

    def _as_of_date(self, links: _SentenceLinks, sentence: Span, span: Span) -> DateMention | None:
        """The as-of date of a figure: of its clause's dates when its clause (between
        semicolons) names a time ("17 deaths between January and May; 34 between 15 May and
        15 June"), a date that ends a period ("from 1 January to 22 February") over one that
        does not ("reported on 14 February ..."), and a dateline ("4 March 2009 - ...") last."""
        text = self.ctx.text
        start = text.rfind(";", sentence[0], span[0]) + 1 or sentence[0]
        end = _find_or(text, ";", span[1], sentence[1])
        dates = [
            d
            for d in links.dates
            if not _ONSET_BEFORE.search(text, _before(d[0]), d[0][0])
            and not _GLUED_SENTENCES.search(text, *sorted((d[0][1], span[0])))
        ]
        if any(start <= s and e <= end for (s, e), _ in links.periods):
            dates = [d for d in dates if start <= d[0][0] and d[0][1] <= end]
        undated = [d for d in dates if not _is_dateline(text, sentence, d[0])]
        if len(undated) < len(dates) and all(_tells_a_persons_day(text, d[0]) for d in undated):
            # "9 January - ... a case who fell ill on 27 December": the day a person fell
            # ill, died or was admitted dates that person, not the report's figure
            undated = dates
        ends = [
            d for d in undated if _PERIOD_END.search(text, max(sentence[0], d[0][0] - 16), d[0][0])
        ]
        pool = ends or undated
        # "Between January and May 1999, 616 034 cases": no day names the figure's time, a
        # month or year that has ended does (its last day); so does one nearer the figure
        # than any day ("a campaign from 27 August to 1 September, after two cases were
        # confirmed in April")
        ended = self._ended_period(links, (start, end), span)
        if ended is not None and (
            not undated
            or _distance(ended.span, span) < min(_distance(d[0], span) for d in pool)
            # "On 2 September, the ministry reported 57 cases in August": the day the
            # report came, the month the figure covers
            or (
                _TOLD_AFTER.fullmatch(text, span[1], ended.span[0]) is not None
                and not any(_in_one_phrase(text, d[0], span) for d in ends)
            )
        ):
            return ended
        return _latest_of_list(text, pool, _closest(pool, span))

    def _ended_period(self, links: _SentenceLinks, clause: Span, span: Span) -> DateMention | None:
        """The last day of the month or year the figure's clause (else sentence) names, once
        it has ended by publication: "by May 1999", "in January", "last year" ("in May" of
        the current month, "this year" are still running: the report's date holds)."""
        text = self.ctx.text
        periods = [
            p
            for p in links.periods
            if p[1].precision != "day"
            and not _STARTED_BEFORE.search(text, _before(p[0]), p[0][0])
            and (p[0][1] <= span[0] or not _DIGIT.search(text, span[1], p[0][0]))
        ]
        in_clause = [p for p in periods if clause[0] <= p[0][0] and p[0][1] <= clause[1]]
        chosen = _closest(in_clause or periods, span)
        if chosen is None:
            return None
        last = period_end(chosen)
        published = self.ctx.published
        if published is not None and last > published:
            return None
        return DateMention(last, "day", chosen.text, chosen.span)

    def _periods(self, sentence: Span) -> list[tuple[Span, DateMention]]:
        """Dates of the sentence at any precision that do not open a period ("since late
        April", "from 1 May": when counting began): a figure "in 2019" or "in late 1994, when
        216 cases were reported" belongs to that time."""
        text = self.ctx.text
        return [
            item
            for item in _within(self.date_spans, sentence)
            if _WHEN_AFTER.match(text, item[0][1])
            or (
                not _RANGE_AFTER.match(text, item[0][1])
                and not _PERIOD_START.search(text, max(sentence[0], item[0][0] - 24), item[0][0])
                and (
                    not _SINCE_CLAUSE.search(text, max(sentence[0], item[0][0] - 60), item[0][0])
                    # "since December up to 19 February": the date ends the period
                    or _PERIOD_END.search(text, max(sentence[0], item[0][0] - 16), item[0][0])
                )
            )
        ]

    def _nearest_place(self, links: _SentenceLinks, span: Span) -> LocationMention | None:
        """The nearest affected place of the figure's clause (between semicolons: "Guinea,
        3 new cases and 5 deaths; Liberia, ..."), else of its sentence, else the document's
        first affected place."""
        text = self.ctx.text
        sentence = self.ctx.sentence_span(span[0])
        start = text.rfind(";", sentence[0], span[0]) + 1 or sentence[0]
        end = text.find(";", span[1], sentence[1])
        clause = [c for c in links.places if start <= c[0][0] and (end < 0 or c[0][1] <= end)]
        labelled = self.sections.labelled_country(span[0])
        if labelled is not None:
            # "Bolivia: ... a total of 53 cases, while Peru ...": in a paragraph its country's
            # name opens, a figure is of that country unless a place comes between them.
            before = [
                c
                for c in links.places
                if c[0][1] <= span[0] and (c[1].affected or c[1].kind == "country")
            ]
            return before[-1][1] if before else labelled
        for pool in (clause, links.places):
            # A source's seat or a town named in passing ("WHO headquarters in Geneva") is
            # not where a figure without its own place belongs; a country may be (a
            # multi-country report does not find every country it names affected).
            best = _closest([c for c in pool if c[1].affected or c[1].kind == "country"], span)
            if best is not None:
                return best
        return self._preceding_country(sentence) or self.first_affected

    def _preceding_country(self, sentence: Span) -> LocationMention | None:
        """The affected country named last in the sentences just before ("Cholera has
        increased in Uganda. A total of 16,982 cases ..."), within the sentence's section
        of a bulletin, else the section's own country ("GUATEMALA", "Bolivia: ...")."""
        section = self.sections.at(sentence[0])
        floor = max(0, sentence[0] - _LOOK_BACK_CHARS)
        if section is not None and section.country is not None:
            floor = max(floor, section.span[0])
        lo = bisect.bisect_left(self.country_starts, floor)
        hi = bisect.bisect_left(self.country_starts, sentence[0])
        if hi > lo:
            found_span, found = self.countries[hi - 1]
            paragraph = self.ctx.text.rfind("\n", 0, sentence[0]) + 1
            if found_span[0] < paragraph:
                # "An outbreak in poultry was reported in the Republic of Korea. About 19 000
                # chickens died.": the paragraph's own country, not one of the paragraph before
                return self._paragraph_country(paragraph, sentence[0]) or found
            return found
        if section is not None and section.country is not None:
            return section.country
        # "Cases 61 and 62 are ... (a provincial hospital near Hanoi). Of the 62 cases, ...":
        # no country named near, an affected town of one is.
        lo = bisect.bisect_left(self.affected_starts, floor)
        hi = bisect.bisect_left(self.affected_starts, sentence[0])
        return self.affected[hi - 1][1] if hi > lo else None

    def _paragraph_country(self, start: int, end: int) -> LocationMention | None:
        """The country named last between ``start`` (a paragraph's) and ``end``, affected
        or not, unless named as a place a case passed through."""
        lo = bisect.bisect_left(self.named_country_starts, start)
        hi = bisect.bisect_left(self.named_country_starts, end)
        for span, country in reversed(self.named_countries[lo:hi]):
            sentence = self.ctx.sentence_span(span[0])
            text = self.ctx.text
            if not _named_elsewhere(text, sentence[0], span[0]) and not _INSTITUTION_NEAR.search(
                text, max(sentence[0], span[0] - 60), span[0]
            ):
                return country
        return None

    def _places_within(self, sentence: Span) -> list[tuple[Span, LocationMention]]:
        """The sentence's places, less those inside a source's name ("Korean Central News
        Agency" names no place of the outbreak)."""
        sources = [span for span, _ in _within(self.source_spans, sentence)]
        text = self.ctx.text
        return [
            c
            for c in _within(self.place_spans, sentence)
            if not any(s < c[0][1] and c[0][0] < e for s, e in sources)
            and not _named_elsewhere(text, sentence[0], c[0][0])
        ]

    def _source(self, sentence: Span, span: Span) -> str | None:
        found = _nearest(self.source_spans, sentence, span)
        if found is not None:
            return found.name
        index = self.ctx.sentence_index(span[0])
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(self.ctx.sentences):
                near = _within(self.source_spans, self.ctx.sentences[neighbour])
                if near:
                    return near[0][1].name
        return None


# The English words of these rules: data_src/en/linking.yaml.
_WORDS = english("linking")
_THE = spaced(_WORDS["the"])


# A place a case passed through, not where the figure belongs: where a traveller went or
# came from ("a man who had returned from Taiwan"), where a case was confirmed or treated
# ("the case that was confirmed in China"), a laboratory's country ("the National Institute
# of Virology (South Africa)").
_ELSEWHERE_BEFORE = re.compile(
    r"(?:\b(?:(?:who|that|which)\s+(?:was|were|had\s+been|has\s+been)\s+(?:[\w-]+\s+)?"
    r"(?:confirmed|diagnosed|tested|treated|hospitali[sz]ed|isolated|admitted)"
    r"|travell?(?:ed|ing)|travel|returned|returning|arrived|arriving|visited|visiting|trip|"
    r"flew|flown|came\s+back|evacuated|repatriated|imported|importation)"
    r"(?:\s+[\w-]+){0,2}?\s+(?:in|to|from|at)\s+(?:the\s+)?"
    r"|\b(?:Institut\w*|Laborator\w+|Cent(?:re|er)|Universit\w+)\b[^().;]{0,60}\(\s*"
    # "the WHO Collaborating Centre at the CDC, United States, 12 of the 30 cases"
    r"|\b(?:Collaborating\s+Cent(?:re|er)|Reference\s+Laborator\w+|Centers?\s+for\s+Disease"
    r"\s+Control)\b[^.;]{0,60},\s*"
    # "tested in a WHO collaborating laboratory in the United Kingdom", "... in Fort Collins,",
    # "reference laboratories in Hong Kong and the USA"
    r"|\blaborator(?:y|ies)\s+(?:in|at)\s+(?:the\s+)?(?:(?:[A-Z][\w.-]*|and|the),?\s+){0,5}"
    # "in Aru district that neighbours Arua district in Uganda) where 167 cases": a place
    # named to say where the figure's place lies, not the figure's ("Paoua, bordering on Chad")
    r"|\b(?:(?:that|which)\s+(?:neighbou?rs|borders)|,\s*(?:bordering|neighbou?ring))"
    r"(?:\s+on)?\s+(?:the\s+)?(?:[\w-]+,?\s+){0,4}?)$",
    re.IGNORECASE,
)
# "the WHO Collaborating Centre for Yellow Fever, the Pasteur Institute, Dakar, Senegal": a
# laboratory's country may come long after its name.
_INSTITUTION_FAR = re.compile(
    r"\b(?:Collaborating\s+Cent(?:re|er)|Reference\s+Laborator\w+)\b[^.;]{0,100},\s*$",
    re.IGNORECASE,
)


# "confirmed by the Pasteur Institute in Dakar, Senegal": a laboratory's country, which a
# paragraph names without being about it.
_INSTITUTION_NEAR = re.compile(
    r"\b(?:Institut\w*|Laborator\w+|Cent(?:re|er)s?)\b[^.;]{0,40}$", re.IGNORECASE
)


def _named_elsewhere(text: str, sentence_start: int, end: int) -> bool:
    """Whether the words before a place (at ``end``) make it a place the case passed
    through or a laboratory's, not where a figure belongs."""
    if _ELSEWHERE_BEFORE.search(text, max(sentence_start, end - 60), end):
        return True
    far = max(sentence_start, end - 120)
    named = text.find("ollaborating", far, end) >= 0 or text.find("eference", far, end) >= 0
    return named and _INSTITUTION_FAR.search(text, far, end) is not None


_CLAUSE_BREAK = re.compile(r"[,;:]")
# Between a sentence's subject place and its figure: "... remains the main affected area with".
_WITH_AFTER_SUBJECT = re.compile(
    rf"[^\d;()]*\b(?:{spaced(_WORDS['subject_with'])})\s+"
    rf"(?:(?:{spaced(_WORDS['subject_with_articles'])})\s+)?"
    rf"(?:(?:{spaced(_WORDS['subject_with_total'])})\s+)?",
    re.IGNORECASE,
)
# "The number of suspected cases of Ebola in <area> ... has now risen to 93"
_NUMBER_IN = re.compile(
    rf"\b(?:{spaced(_WORDS['tally_nouns'])})\s+(?:{spaced(_WORDS['of'])})\s+[^.;]*?"
    rf"\b(?:{spaced(_WORDS['tally_in'])})\s+(?:(?:{_THE})\s+)?$",
    re.IGNORECASE,
)
_RISEN_TO = re.compile(
    rf"[^\d;]*?\b(?:{spaced(_WORDS['risen_auxiliaries'])})\s+"
    rf"(?:(?:{spaced(_WORDS['risen_now'])})\s+)?(?:{spaced(_WORDS['risen_verbs'])})"
    rf"(?:\s+(?:{spaced(_WORDS['risen_to'])}))?\s+"
    rf"|[^\d;]*?\b(?:{spaced(_WORDS['stands_at'])})\s+",
    re.IGNORECASE,
)
_SPEAKER_WORDS = re.compile(rf"\b(?:{spaced(_WORDS['speaker_words'])})\b", re.IGNORECASE)
_RESPECTIVELY = re.compile(rf"\b(?:{spaced(_WORDS['respectively'])})\b", re.IGNORECASE)
# A number of a list of numbers: "16 187", "1,200", "twelve".
_NUMBER_TEXT = rf"(?:\d[\d,.]*(?:\s\d{{3}}(?!\d))*|{spaced(_WORDS['list_numbers'])})"
# The joiners of a list's items: a comma, the words of "and", or both.
_AND = spaced(_WORDS["list_and"])
_LIST_JOINER = rf"(?:,\s*(?:{_AND})|,|{_AND})"
_NUMBER = re.compile(rf"(?<![\w.]){_NUMBER_TEXT}(?![\w])", re.IGNORECASE)
_NUMBER_RUN = re.compile(
    rf"(?<![\w.]){_NUMBER_TEXT}(?:\s*{_LIST_JOINER}\s*{_NUMBER_TEXT})+(?![\w])",
    re.IGNORECASE,
)
_PLACE_LIST_NEXT = re.compile(rf"\s*{_LIST_JOINER}\s*(?:(?:{_THE})\s+)?", re.IGNORECASE)
# After a place's kind ("Makokou district and Mekambo"), only "and" goes on a list.
_PLACE_AND_NEXT = re.compile(
    rf"\s*,?\s*(?:{alternation(_WORDS['place_and'])})\s+(?:(?:{_THE})\s+)?", re.IGNORECASE
)


def _place_lists(
    text: str, places: list[tuple[Span, LocationMention]]
) -> list[list[LocationMention]]:
    """The sentence's lists of places, in order ("in Kenema and Kailahun")."""
    lists: list[list[tuple[Span, LocationMention]]] = []
    for item in places:
        if lists and _PLACE_LIST_NEXT.fullmatch(text, lists[-1][-1][0][1], item[0][0]):
            lists[-1].append(item)
        else:
            lists.append([item])
    return [[loc for _, loc in members] for members in lists if len(members) > 1]


# A part of a country before its name: "southern Sudan", "north-eastern Nigeria", "the
# western part of Niger", "parts of Kenya".
_PART_OF_COUNTRY = re.compile(
    r"(?:\b(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)?"
    # "the northern states of Nigeria"
    r"(?:\s+(?:states|provinces|regions|districts|counties|areas)\s+of(?:\s+the)?)?"
    r"|\bparts?\s+of(?:\s+the)?)\s+$",
    re.IGNORECASE,
)
# "41 cases, largely concentrated in Hong Kong": the figure is not the place's alone.
_MOSTLY_BEFORE = re.compile(
    rf"\b(?:{spaced(_WORDS['mostly'])})\b"
    rf"(?:\s+[\w-]+){{0,2}}?\s+(?:{spaced(_WORDS['mostly_in'])})\s+(?:(?:{_THE})\s+)?$",
    re.IGNORECASE,
)
# "in the county", "from 2 districts in the province": an area named before.
_THE_AREA = re.compile(
    r"\b(?:in|of|from|throughout|across)\s+the\s+(?:same\s+)?"
    r"(?:(?:county|district|province|state|prefecture|governorate|municipality)"
    # "Most cases occurred in Beira City. Over 800 cases ... in the city"
    r"|(?P<town>city|town|camp))\b(?!\s+of\b)",
    re.IGNORECASE,
)
# "854 cases of pneumonia from the capital": the country's capital, not named
_THE_CAPITAL = re.compile(
    rf"[^\d;.]*?\b(?:{spaced(_WORDS['capital_in'])})\s+(?:{_THE})\s+"
    rf"(?:(?:{spaced(_WORDS['capital_qualifiers'])})\s+)?(?:{spaced(_WORDS['capital'])})"
    rf"(?:\s+(?:{spaced(_WORDS['capital_city'])}))?\b"
    rf"(?!\s+(?:{spaced(_WORDS['capital_of'])})\b)",
    re.IGNORECASE,
)
# A sentence that goes on from the one before: "This represents ...", "These bring ...".
_GOES_ON = re.compile(
    rf"\s*(?:{spaced(_WORDS['goes_on_subjects'])})\s+(?:[a-z]+\s+)?"
    rf"(?:{spaced(_WORDS['goes_on_verbs'])})\b"
)
# "Fourteen health workers were infected, 8 of whom have died": a part of the figure before
_OF_WHOM = re.compile(
    rf"\s+(?:{spaced(_WORDS['of'])})\s+(?:{spaced(_WORDS['of_whom'])})\b", re.IGNORECASE
)
# The whole a part is taken from: "One of the 36 cases", "Of these 81 cases".
_WHOLE_OF_PART = re.compile(
    rf"\b(?:{spaced(_WORDS['of'])})\s+(?:{spaced(_WORDS['whole_determiners'])})\s+$",
    re.IGNORECASE,
)
# Some of the areas, not the country: "for these 5 villages", "in 3 of the 12 districts",
# "other municipalities".
_AREA_NOUNS = rf"(?:{spaced(_WORDS['area_nouns'])})"
_NUMBER_WORD = rf"(?:\d+|{spaced(_WORDS['area_numbers'])})"
_SOME_AREAS = re.compile(
    rf"\b(?:(?:{spaced(_WORDS['area_demonstratives'])})\s+{_NUMBER_WORD}\s+{_AREA_NOUNS}"
    rf"|(?:{spaced(_WORDS['other_areas'])})\s+{_AREA_NOUNS}"
    rf"|{_NUMBER_WORD}\s+(?:{spaced(_WORDS['of_the'])})\s+(?:\d+\s+)?"
    rf"(?:(?:{spaced(_WORDS['affected'])})\s+)?{_AREA_NOUNS})\b",
    re.IGNORECASE,
)
# Between an area and its country: "Gambella region of Ethiopia", "Foya district, Liberia",
# "Bundibugyo District of western Uganda".
_AREA_OF = re.compile(
    rf"(?:\s+(?:{spaced(_WORDS['area_kinds'])}))?\s*(?:,|\s(?:{spaced(_WORDS['area_of'])}))\s*"
    rf"(?:(?:{spaced(_WORDS['area_the'])})\s+)?(?:(?:{spaced(_WORDS['area_compass'])})\w*\s+)?"
    # "Bakel district in the region of Tambacounda"
    rf"(?:(?:{spaced(_WORDS['area_kind_of'])})\s+)?",
    re.IGNORECASE,
)
# A figure of its own after a listed place: "from Taif (5), Riyadh (3)".
_BREAKDOWN_AFTER = re.compile(r"\s*\(\s*\d")
# Between a figure and a place inside its phrase: "seven patients in Beijing".
_IN_PHRASE = re.compile(
    rf"[^\d;,()]{{0,40}}?\b(?:{spaced(_WORDS['in_phrase'])})\s+(?:(?:{_THE})\s+)?", re.IGNORECASE
)
# Between a country and an area of it named next: "in Gabon, in the districts of".
_INNER_AREA = re.compile(
    rf"\s*,?\s+(?:{spaced(_WORDS['inner_area_before'])})\s+(?:(?:{_THE})\s+)?"
    rf"(?:(?:\w+\s+)?(?:{spaced(_WORDS['inner_area_kinds'])})\s+(?:(?:{spaced(_WORDS['of'])})\s+)?)?",
    re.IGNORECASE,
)
# Opening a clause: "In Bubanza province the Ministry of Health has reported 46 cases".
# As written: first letter in either case, the rest lower case.
_OPENING_IN_WORDS = "|".join(f"{w[0].upper()}{w[1:]}|{w}" for w in _WORDS["opening_in"])
_OPENING_IN = re.compile(rf"\s*(?:{_OPENING_IN_WORDS})\s+(?:(?:{_THE})\s+)?")
_DIGIT = re.compile(r"\d")
# A part of the country, unnamed: "in the north of the country", "the southern part of the
# country"; after the figure: "350 cases in the north of the country".
_DIRECTION = rf"(?:{spaced(_WORDS['directions'])})"
_PART_OF_THE_COUNTRY = re.compile(
    rf"\b(?:{spaced(_WORDS['country_part_before'])})\s+(?:{_THE})\s+{_DIRECTION}"
    rf"(?:\s+(?:{spaced(_WORDS['country_part_nouns'])}))?\s+(?:{spaced(_WORDS['of_the_country'])})\b",
    re.IGNORECASE,
)
_CUT = re.compile(r"[\d;.]")  # between a figure and words after it that are no longer its
# Scopes a sub-count ("including 8 deaths", "of which 32 were fatal") shares with its count.
# "3 health workers were infected, including one fatality": a subset's sub-count is one too.
_SHARED_SCOPES = frozenset({"world", "region", "multi_country", "subset", "facility"})
# Between two figures of one place: "1 case and 0 deaths", "3 new cases with 5 deaths".
_COORDINATED = re.compile(
    rf"\s*(?:,\s*)?(?:{spaced(_WORDS['coordinators'])}|,)\s*(?:\w+\s+)?", re.IGNORECASE
)
# How far back a figure without a place in its sentence looks for its country.
_LOOK_BACK_CHARS = 600
# A figure whose period ended this many days before publication is background: a year's
# total reported early the next year still describes the current situation.
_HISTORICAL_DAYS = 90


# "Last year a large epidemic ... with over 42 000 cases": a figure of a past year; "this
# year", "now", "so far" between the cue and the figure bring the sentence back to now.
# "During that outbreak, 615 suspected cases": an earlier outbreak's figures too.
_PAST_YEAR = re.compile(rf"\b(?:{spaced(_WORDS['past_year'])})\b", re.IGNORECASE)
_NOW = re.compile(rf"\b(?:{spaced(_WORDS['now'])})\b", re.IGNORECASE)


def _joined_run(
    text: str, places: list[tuple[Span, LocationMention]], joiner: re.Pattern[str]
) -> list[tuple[Span, LocationMention]]:
    """The last place of ``places`` with the places before it that ``joiner`` links to it,
    one gap at a time ("Guinea, Liberia and Sierra Leone"; "Katwa in North Kivu")."""
    run = [places[-1]]
    for item in reversed(places[:-1]):
        if not joiner.fullmatch(text, item[0][1], run[0][0][0]):
            break
        run.insert(0, item)
    return run


def _told_as_past(text: str, w: Window) -> bool:
    """The figure's sentence puts it in a past year before it, with nothing of now between."""
    matches = list(_PAST_YEAR.finditer(text, w.sentence[0], w.number[0]))
    last = matches[-1] if matches else None
    if last is None:
        past_after = _PAST_YEAR.match(text, w.head_end) or _PAST_YEAR.search(
            text, w.head_end, min(w.right_end, w.head_end + 40)
        )
        return past_after is not None and not _NOW.search(text, w.sentence[0], w.number[0])
    return _NOW.search(text, last.end(), w.number[0]) is None


def period_end(d: DateMention) -> dt.date:
    """The last day of the period a date names ("2019" -> 31 December 2019)."""
    if d.precision == "year":
        return dt.date(d.date.year, 12, 31)
    if d.precision == "month":
        return dt.date(d.date.year, d.date.month, calendar.monthrange(d.date.year, d.date.month)[1])
    return d.date


# "during 4-10 August": the first day opens the period a figure covers.
_RANGE_AFTER = re.compile(rf"\s*(?:-|–|—|{spaced(_WORDS['range_to'])})\s*\d", re.IGNORECASE)
# "since 1981, when 350,000 cases occurred": the date the figures fell, not where counting began.
_WHEN_AFTER = re.compile(rf"\s*,?\s*(?:{spaced(_WORDS['when'])})\b", re.IGNORECASE)
# "Since the first cases were reported in March 2022, ...": the date ends a since-clause.
_SINCE_CLAUSE = re.compile(rf"\b(?:{spaced(_WORDS['since'])})\b[^,;:]*$", re.IGNORECASE)
# "the outbreak which was declared on 10 October": when the outbreak began; "the outbreak,
# which peaked at the end of March": the outbreak's date, not the figure's. A space of these
# entries is one space.
_PERIOD_START = re.compile(
    rf"\b(?:{alternation(_WORDS['period_start'])})"
    rf"(?:\s+(?:{spaced(_WORDS['period_start_fillers'])})){{0,3}}\s*$",
    re.IGNORECASE,
)


# Right before a date: it ends the period a figure covers ("from 1 January to 22 February",
# "up to 4 June", "as of 20 November"), so it is the figure's as-of date.
_PERIOD_END = re.compile(
    r"(?:\b(?:to|until|till|through|thru|as\s+of|as\s+at|by|ending|ended)|[-–—])\s*$",
    re.IGNORECASE,
)
# After a date: a dateline ("10 April 2008 - As of 28 March ..."), the report's own date.
_DATELINE_AFTER = re.compile(r"\s*(?:-|–|—|--)\s")


def _before(span: Span) -> int:
    return max(0, span[0] - 40)


def _latest_of_list(
    text: str, dates: list[tuple[Span, DateMention]], chosen: DateMention | None
) -> DateMention | None:
    """ "On 27 February, 28 February and 1 March, China notified WHO of 8 cases": of days
    listed together, the figure is as of the last."""
    if chosen is None:
        return None
    ordered = sorted(dates, key=lambda d: d[0])
    i = next(k for k, d in enumerate(ordered) if d[1] is chosen)
    lo = hi = i
    while lo > 0 and _DATE_LIST_GAP.fullmatch(text, ordered[lo - 1][0][1], ordered[lo][0][0]):
        lo -= 1
    while hi + 1 < len(ordered) and _DATE_LIST_GAP.fullmatch(
        text, ordered[hi][0][1], ordered[hi + 1][0][0]
    ):
        hi += 1
    return max((d[1] for d in ordered[lo : hi + 1]), key=lambda d: d.date)


def _tells_a_persons_day(text: str, span: Span) -> bool:
    return _PERSONS_DAY_BEFORE.search(text, max(0, span[0] - 40), span[0]) is not None


# Words of a person falling ill, shared by the two patterns below.
_FELL_ILL = spaced(_WORDS["fell_ill"])
# Before a date: what happened to a person that day ("became ill on", "died on 3 January").
_PERSONS_DAY_BEFORE = re.compile(
    rf"\b(?:{_FELL_ILL}|{spaced(_WORDS['persons_day'])})\b(?:\s+\w+){{0,2}}\s+$",
    re.IGNORECASE,
)


# Before a date: the day a person fell ill or was admitted ("who became ill on 28 March",
# "developed symptoms on 31 January", "with onset on", "hospitalized on 7 April"): that
# person's story, never a figure's as-of date.
_ONSET_BEFORE = re.compile(
    rf"\b(?:{_FELL_ILL}|{spaced(_WORDS['onset_words'])})\s+"
    rf"(?:{spaced(_WORDS['onset_on'])})\s+(?:(?:{_THE})\s+)?$",
    re.IGNORECASE,
)
# A date told by a weekday ("on Sunday": a wire's daily bulletin; "today" in a report is its
# own day), and the verbs that say a bulletin came out that day ("reported", "announced";
# "recorded" tells the day itself).
_WEEKDAY_DATE = re.compile(rf"\b(?:{alternation(english('dates')['weekdays'])})\b", re.IGNORECASE)
_REPORT_VERB = re.compile(
    rf"\s*\b(?:{spaced(_WORDS['report_verbs'])})\b",
    re.IGNORECASE,
)


def _day_before(d: DateMention) -> DateMention:
    return DateMention(d.date - dt.timedelta(days=1), d.precision, d.text, d.span)


# Before a month or year: when something began, not when a figure stood ("first reported
# in March 2014", "the virus emerged in 2012").
_STARTED_BEFORE = re.compile(rf"\b(?:{spaced(_WORDS['started_words'])})\b[^,;]*$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def _in_one_phrase(text: str, a: Span, b: Span) -> bool:
    """No comma, semicolon or colon between two spans."""
    lo, hi = (a[1], b[0]) if a[1] <= b[0] else (b[1], a[0])
    return _PHRASE_BREAK.search(text, lo, hi) is None


_PHRASE_BREAK = re.compile(r"[,;:]")
# Between a figure and a month that follows it in its own phrase: words, no number or break.
_TOLD_AFTER = re.compile(rf"[^\d,;:()]{{0,80}}?\b(?:{spaced(_WORDS['told_after'])})\s+")
# "... in Grand Cape Mount County.To date, 29 cases": a sentence glued to the one before.
_GLUED_SENTENCES = re.compile(r"[a-z]\.[A-Z][a-z]")
_DATE_LIST_GAP = re.compile(rf"\s*{_LIST_JOINER}\s*", re.IGNORECASE)


def _is_dateline(text: str, sentence: Span, span: Span) -> bool:
    return not text[sentence[0] : span[0]].strip() and bool(_DATELINE_AFTER.match(text, span[1]))


def _find_or(text: str, needle: str, start: int, end: int) -> int:
    pos = text.find(needle, start, end)
    return end if pos < 0 else pos


def _admin1(place: LocationMention | None) -> str | None:
    if place is None:
        return None
    if place.kind == "admin1":
        return place.name
    return place.admin1


def _index(items: Iterable[tuple[Span, T]]) -> list[tuple[Span, T]]:
    return sorted(items, key=lambda item: item[0])


def _within(index: list[tuple[Span, T]], sentence: Span) -> list[tuple[Span, T]]:
    lo = bisect.bisect_left(index, sentence[0], key=lambda item: item[0][0])
    out = []
    for item in index[lo:]:
        if item[0][0] >= sentence[1]:
            break
        out.append(item)
    return out


def _closest(items: list[tuple[Span, T]], span: Span) -> T | None:
    if not items:
        return None
    return min(items, key=lambda item: _distance(item[0], span))[1]


def _nearest(index: list[tuple[Span, T]], sentence: Span, span: Span) -> T | None:
    return _closest(_within(index, sentence), span)


def _distance(a: Span, b: Span) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0
