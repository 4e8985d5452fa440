"""Builder "english": the English profile ``data_src/en/`` into ``en/rules.json``.

English is read by its own rules, not by the profile engine (docs/languages.md): the words
those rules hold are kept in ``data_src/en/<family>.yaml`` in the shapes the rules need,
and written into one file::

    en/rules.json   {"code", "name", "native", "script",
                     "dates": {...}, "furniture": {...}, "sources": {...},
                     "responses": {...}, "relevance": {...}, "diseases": {...},
                     "sentences": {...}, "counts": {...}, "numbers": {...},
                     "linking": {...}, "meaning": {...}, "places": {...}}

Lists keep their order: it is the order of the alternatives of the rules' regular
expressions, which decides what a pattern matches first. An entry may be a
regular-expression fragment ("vaccin\\w*"); every entry must compile, no list may be empty
or name an entry twice, and every key of the schema below must be given and no other.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from build_data import load_yaml, write_json

from datagen.lang_rules import check_keys

# A leaf is "list" (entries), "groups" (a list of lists of entries: months and their
# abbreviations) or "numbered" (entries mapped to whole numbers: a part of a month to its
# day; looked up, not tried in order, so its order is not kept); a mapping nests keys.
Schema = dict[str, "str | Schema"]
SCHEMA: Schema = {
    "dates": {
        "months": "groups",
        "ordinal_suffixes": "list",
        "dateline_prefixes": "list",
        "furniture_dateline_prefixes": "list",
        "weekdays": "list",
        "number_words": "groups",
        "month_parts": "numbered",
        "year_parts": "list",
        "weekday_before": "list",
        "weekday_this": "list",
        "weekday_after": "list",
        "day_words_back": "numbered",
        "epi_week_prefixes": "list",
        "epi_week_abbreviations": "list",
        "range_words": "list",
        "units": "groups",
        "ago": "list",
        "day_word_phrases": "numbered",
        "period_this": "list",
        "period_previous": "list",
        "of": "list",
        "the": "list",
        "month_prepositions": "list",
        "year_prepositions": "list",
        "year_parts_glued": "list",
        "year_articles": "list",
        "year_nouns_after": "list",
        "year_count_nouns": "list",
        "week_count_words": "list",
        "week_number_abbreviations": "list",
        "week_range_words": "list",
        "day_list_words": "list",
        "day_list_after_comma": "list",
    },
    "furniture": {
        "timestamp": {
            "prefixes": "list",
            "amounts": "list",
            "units": "list",
            "ago": "list",
            "alone": "list",
        },
        "copyright": {"line_starts": "list", "anywhere": "list", "policy_starts": "list"},
        "prompts": "list",
        "ui_words": "list",
        "sections": "list",
        "keyword_prefixes": "list",
        "bio": {"verbs": "list", "determiners": "list", "roles": "list"},
        "byline": "list",
    },
    "sources": {
        "articles": "list",
        "possessive": "list",
        "cue_right_before": "list",
        "cue_right_after": "list",
        "titles": "list",
        "name_particles": "list",
        "speech_after_name": "list",
        "speech_before_name": "list",
    },
    "responses": {
        "measures": {"clause_breaks": "list", "auxiliaries": "list"},
        "resources": {
            "clause_breaks": "list",
            "worth": "list",
            "of": "list",
            "articles": "list",
            "auxiliaries": "list",
            "arrival": "list",
            "participle_endings": "list",
            "infinitive": "list",
            "possessive": "list",
            "asked_to": "list",
            "asked_article": "list",
            "asked_bodies": "list",
            "asked_of": "list",
            "prepositions": "list",
        },
    },
    "relevance": {"capital_pronouns": "list", "numeral_nouns": "list"},
    "diseases": {
        "incidental": {
            "before_near": "list",
            "before_clause": "list",
            "after": "list",
            "words": "list",
        },
        "background": {
            "adjectives": "list",
            "events": "list",
            "phrases": "list",
            "words": "list",
            "year_prepositions": "list",
        },
        "figures": "list",
        "unit_of": "list",
        "head_nouns": "list",
    },
    "sentences": {"abbreviations": "list"},
    "counts": {
        "definite_after": "list",
        "definite_reference_before": "list",
        "all": "list",
        "definite_articles": "list",
        "rise_to": "list",
        "rise_verbs": "list",
        "by": "list",
        "new_words": "list",
        "aside_words": "list",
        "and": "list",
        "of": "list",
        "of_the": "list",
        "out_of": "list",
        "part_numbers": "list",
        "symptom_before": "list",
        "symptom_articles": "list",
        "symptom_adjectives": "list",
        "symptoms": "list",
        "adjective_heads": "list",
        "coordination_places": "list",
        "coordinators": "list",
        "list_gap_words": "list",
        "another": "list",
        "row_labels": "list",
        "disease_before": "list",
        "the": "list",
        "described_determiners": "list",
        "described_heads": "list",
        "week_prefixes": "list",
        "week": "list",
        "share_before": "list",
        "share_articles": "list",
        "found_verbs": "list",
        "found_in": "list",
        "specimen_heads": "list",
        "positive_fillers": "list",
        "positive_words": "list",
        "specimens_of": "list",
        "specimen_nouns": "list",
        "row_measures": "list",
        "fatal_in": "list",
        "fatal_cases": "list",
        "fatal_and": "list",
        "fatal_again": "list",
        "share_verbs": "list",
        "ratio_out_of": "list",
        "ratio_every": "list",
        "ratio_in": "list",
        "alternative_joiners": "list",
        "rate_per": "list",
        "animal_verbs": "list",
        "animal_among": "list",
        "pair_links": "list",
        "age_old": "list",
    },
    "numbers": {
        "change_before": "list",
        "range_to": "list",
        "between": "list",
        "between_and": "list",
        "scale_article": "list",
        "word_and": "list",
    },
    "linking": {
        "area_nouns": "list",
        "area_numbers": "list",
        "area_demonstratives": "list",
        "other_areas": "list",
        "of_the": "list",
        "affected": "list",
        "area_kinds": "list",
        "area_of": "list",
        "area_the": "list",
        "area_compass": "list",
        "area_kind_of": "list",
        "coordinators": "list",
        "past_year": "list",
        "now": "list",
        "range_to": "list",
        "when": "list",
        "since": "list",
        "period_start": "list",
        "period_start_fillers": "list",
        "the": "list",
        "of": "list",
        "place_and": "list",
        "in_phrase": "list",
        "inner_area_before": "list",
        "inner_area_kinds": "list",
        "opening_in": "list",
        "directions": "list",
        "country_part_before": "list",
        "country_part_nouns": "list",
        "of_the_country": "list",
        "report_verbs": "list",
        "started_words": "list",
        "told_after": "list",
        "subject_with": "list",
        "subject_with_articles": "list",
        "subject_with_total": "list",
        "tally_nouns": "list",
        "tally_in": "list",
        "risen_auxiliaries": "list",
        "risen_now": "list",
        "risen_verbs": "list",
        "risen_to": "list",
        "stands_at": "list",
        "speaker_words": "list",
        "respectively": "list",
        "list_numbers": "list",
        "list_and": "list",
        "mostly": "list",
        "mostly_in": "list",
        "capital_in": "list",
        "capital_qualifiers": "list",
        "capital": "list",
        "capital_city": "list",
        "capital_of": "list",
        "goes_on_subjects": "list",
        "goes_on_verbs": "list",
        "of_whom": "list",
        "whole_determiners": "list",
        "fell_ill": "list",
        "persons_day": "list",
        "onset_words": "list",
        "onset_on": "list",
    },
    "meaning": {
        "right_attach": "list",
        "the": "list",
        "name_prefixes": "list",
        "right_parts": "list",
        "right_area_kinds": "list",
        "of": "list",
        "right_area_nouns": "list",
        "right_area_qualifiers": "list",
        "right_area_of": "list",
        "from": "list",
        "speaker": "list",
        "new_subject_and": "list",
        "new_subject_numbers": "list",
        "new_subject_areas": "list",
        "aside_sub_count": "list",
        "aside_sub_count_bare": "list",
        "aside_date_before": "list",
        "aside_year_before": "list",
        "aside_day_range": "list",
        "aside_fatality_before": "list",
        "aside_fatality": "list",
        "aside_fatality_of": "list",
        "left_area_kinds": "list",
        "left_with": "list",
        "left_where": "list",
        "left_there_were": "list",
        "left_auxiliaries": "list",
        "left_now": "list",
        "left_verbs": "list",
        "left_after_verb": "list",
        "list_and": "list",
        "list_comma_and": "list",
        "parallel_and": "list",
        "parallel_qualifiers": "list",
        "suffix_area_kinds": "list",
        "qualifiers": "list",
        "participle_endings": "list",
        "adverb_endings": "list",
        "people_before_cue": "list",
        "countries_before": "list",
        "countries_determiners": "list",
        "countries_numbers": "list",
        "countries_subject_numbers": "list",
        "countries": "list",
        "countries_verbs": "list",
        "facility_links": "list",
        "facility_names": "list",
        "condition_links": "list",
    },
    "places": {
        "of": "list",
        "the": "list",
        "locative_name_before": "list",
        "location_labels": "list",
        "possessive": "list",
        "address_words": "list",
        "org_list_and": "list",
        "org_lower_endings": "list",
        "place_end_words": "list",
        "locatives": "list",
        "titles": "list",
        "area_suffixes": "list",
        "area_of_kinds": "list",
        "province_kinds": "list",
        "list_joiners": "list",
        "country_list_comma_joiners": "list",
        "person_verbs_after": "list",
        "admin1_kinds": "groups",
        "admin2_kinds": "groups",
        "settlement_kinds": "groups",
        "donor_titles": "list",
        "donor_adverbs": "list",
    },
}
META_KEYS = ("code", "name", "native", "script", "families")


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    folder = src_dir / "en"
    meta = load_yaml(folder / "profile.yaml") or {}
    check_keys(meta, META_KEYS, "en/profile.yaml")
    if meta.get("code") != "en" or list(meta.get("families") or []) != list(SCHEMA):
        raise ValueError(f"en/profile.yaml: code must be en and families {list(SCHEMA)}")
    rules: dict[str, Any] = {key: str(meta[key]) for key in ("code", "name", "native", "script")}
    for family, schema in SCHEMA.items():
        doc = load_yaml(folder / f"{family}.yaml") or {}
        rules[family] = read(doc, schema, f"en/{family}.yaml")
    months = rules["dates"]["months"]
    if len(months) != 12:
        raise ValueError(f"en/dates.yaml: months: 12 months expected, got {len(months)}")
    units = rules["dates"]["units"]
    if len(units) != 4:
        raise ValueError(
            f"en/dates.yaml: units: 4 units (day, week, month, year) expected, got {len(units)}"
        )
    weekdays = rules["dates"]["weekdays"]
    if len(weekdays) != 7:
        raise ValueError(f"en/dates.yaml: weekdays: 7 weekdays expected, got {len(weekdays)}")
    write_json(out_dir / "en" / "rules.json", rules)
    return [
        {
            "file": "en/rules.json",
            "source": "data_src/en/*.yaml (curated English words of the English rules)",
            "licence": "Apache-2.0 (curated)",
        }
    ]


def read(doc: Any, schema: str | Schema, where: str) -> Any:
    """``doc`` checked against ``schema``: every key given, entries that compile, in order."""
    if isinstance(schema, dict):
        check_keys(doc, schema, where)
        missing = sorted(set(schema) - set(doc))
        if missing:
            raise ValueError(f"{where}: missing key(s) {missing}")
        return {key: read(doc[key], sub, f"{where}.{key}") for key, sub in schema.items()}
    if schema == "groups":
        if not isinstance(doc, list) or not doc:
            raise ValueError(f"{where}: expected a non-empty list of lists, got {doc!r}")
        groups = [entries(group, f"{where}[{i}]") for i, group in enumerate(doc)]
        flat = [e for group in groups for e in group]
        check_unique(flat, where)
        return groups
    if schema == "numbered":
        return numbered(doc, where)
    return entries(doc, where)


def numbered(doc: Any, where: str) -> dict[str, int]:
    """Entries mapped to whole numbers (looked up by the rules; rules.json sorts them)."""
    if not isinstance(doc, dict) or not doc:
        raise ValueError(
            f"{where}: expected a non-empty mapping of entries to numbers, got {doc!r}"
        )
    names = entries(list(doc), where)
    wrong = {k: v for k, v in doc.items() if not isinstance(v, int) or isinstance(v, bool)}
    if wrong:
        raise ValueError(f"{where}: whole numbers expected, got {wrong!r}")
    return {name: doc[name] for name in names}


def entries(items: Any, where: str) -> list[str]:
    if not isinstance(items, list) or not items:
        raise ValueError(f"{where}: expected a non-empty list, got {items!r}")
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{where}: entries must be non-empty strings, got {item!r}")
        try:
            re.compile(item)
        except re.error as exc:
            raise ValueError(f"{where}: {item!r} is no regular expression: {exc}") from None
        out.append(item)
    check_unique(out, where)
    return out


def check_unique(items: list[str], where: str) -> None:
    twice = sorted({i for i in items if items.count(i) > 1})
    if twice:
        raise ValueError(f"{where}: {twice} given twice")
