"""Group facts into events: one disease in one place over one period of reporting.

Rules (see docs/events.md):

* The event key is (disease, country, admin1), the disease keyed by its canonical name
  (lower case): one disease can arrive under several ICD-10 codes ("Ebola haemorrhagic
  fever" A99, "Ebola virus disease" A98) and must stay one event. The event shows the code
  its facts give most often.
* A fact lacking its disease borrows it from the other facts of the same document when
  they agree on a single value (unambiguous); otherwise the fact is dropped. The country is
  never borrowed: extraction already links a figure to its document's affected country
  unless the text puts it elsewhere or nowhere ("Globally, 1,621 cases of MERS"), so a
  fact without a country belongs to no country's event. Nor is admin1: a fact without
  admin1 belongs to the national event.
* A fact is placed in time by its report date: the document's publication date, else the
  as-of date given by the text. A fact with neither is dropped.
* Within one key, facts sorted by report date form one event while consecutive reports are
  at most ``gap_days`` apart; a longer silence closes the event and the next report opens
  a new one.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from episignal.document import DocumentInfo, Fact

log = logging.getLogger(__name__)

EventKey = tuple[str, str, str | None]  # disease key, country, admin1


@dataclass(slots=True)
class EventGroup:
    """The facts of one event, before series, flags and scores are computed."""

    disease: str
    icd10: str | None
    country: str
    admin1: str | None
    facts: list[Fact] = field(default_factory=list)
    first_seen: date = date.min
    last_seen: date = date.min

    @property
    def key(self) -> EventKey:
        return (self.disease.lower(), self.country, self.admin1)


def report_date(fact: Fact, docs: Mapping[str, DocumentInfo]) -> date | None:
    """When the figure was reported: publication date, else the text's as-of date."""
    if fact.published is not None:
        return fact.published
    doc = docs.get(fact.document_id)
    if doc is not None and doc.published is not None:
        return doc.published
    return fact.date


def as_of_date(fact: Fact, docs: Mapping[str, DocumentInfo]) -> date | None:
    """What date the figure describes: the text's as-of date, else the report date."""
    return fact.date if fact.date is not None else report_date(fact, docs)


def complete_facts(facts: Sequence[Fact]) -> list[Fact]:
    """Fill a fact's missing disease from its document's other facts, or drop it; a fact
    without a country is dropped."""
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        # Only observed national and sub-national figures of outbreak news enter a series:
        # where facts are made, extraction records why any other stays out (Fact.exclusion).
        if f.exclusion is None:
            by_doc[f.document_id].append(f)
    out: list[Fact] = []
    for doc_facts in by_doc.values():
        diseases = _diseases_of(doc_facts)
        for f in doc_facts:
            filled = _borrow(f, diseases)
            if filled is None:
                log.debug("fact %s dropped: no country, or no unambiguous disease", f.id)
            else:
                out.append(filled)
    return out


def _diseases_of(facts: Sequence[Fact]) -> set[tuple[str, str | None]]:
    """Distinct diseases of a document's facts, one (name, code) per name, a code preferred."""
    by_name: dict[str, tuple[str, str | None]] = {}
    for f in facts:
        if f.disease is None:
            continue
        known = by_name.get(f.disease.lower())
        if known is None or (known[1] is None and f.icd10):
            by_name[f.disease.lower()] = (f.disease, f.icd10)
    return set(by_name.values())


def _borrow(fact: Fact, diseases: set[tuple[str, str | None]]) -> Fact | None:
    if fact.disease is None:
        if len(diseases) != 1:
            return None
        name, icd10 = next(iter(diseases))
        fact = replace(fact, disease=name, icd10=icd10)
    if fact.country is None:
        return None
    return fact


def _codes_by_name(facts: Sequence[Fact]) -> dict[str, str]:
    """ICD-10 code per lower-cased disease name, so a fact without a code joins its peers."""
    codes: dict[str, str] = {}
    for f in facts:
        if f.disease is not None and f.icd10:
            codes.setdefault(f.disease.lower(), f.icd10.upper())
    return codes


def group_events(
    facts: Sequence[Fact], docs: Mapping[str, DocumentInfo], gap_days: int = 60
) -> list[EventGroup]:
    """Split complete facts into events by key and by reporting gaps."""
    codes = _codes_by_name(facts)
    keyed: dict[EventKey, list[tuple[date, Fact]]] = defaultdict(list)
    names: dict[EventKey, str] = {}
    for f in complete_facts(facts):
        when = report_date(f, docs)
        if when is None or f.disease is None or f.country is None:
            log.debug("fact %s dropped: no date", f.id)
            continue
        key: EventKey = (f.disease.lower(), f.country.upper(), f.admin1)
        keyed[key].append((when, f))
        names.setdefault(key, f.disease)
    groups: list[EventGroup] = []
    for key, dated in keyed.items():
        icd10 = _usual_code([f for _, f in dated]) or codes.get(key[0])
        groups.extend(_split_by_gap(names[key], icd10, key, dated, gap_days))
    return groups


def _usual_code(facts: Sequence[Fact]) -> str | None:
    """The ICD-10 code the facts give most often (ties: the smallest code)."""
    tally = Counter(f.icd10.upper() for f in facts if f.icd10)
    if not tally:
        return None
    return min(tally, key=lambda code: (-tally[code], code))


def _split_by_gap(
    name: str,
    icd10: str | None,
    key: EventKey,
    dated: list[tuple[date, Fact]],
    gap_days: int,
) -> list[EventGroup]:
    dated.sort(key=lambda pair: (pair[0], pair[1].id))
    groups: list[EventGroup] = []
    current: EventGroup | None = None
    for when, f in dated:
        if current is None or (when - current.last_seen).days > gap_days:
            current = EventGroup(name, icd10, key[1], key[2], first_seen=when, last_seen=when)
            groups.append(current)
        current.facts.append(f)
        current.last_seen = when
    return groups
