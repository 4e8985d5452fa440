"""Every extraction record satisfies the published JSON Schema; spans index the text."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import episignal
from episignal.document import Document, extraction_to_dict
from episignal.extract.pipeline import extract_text

SCHEMA = json.loads(
    resources.files("episignal").joinpath("schema/extraction.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

TEXTS = [
    "",
    "Gold prices rose 3% on Tuesday as the dollar weakened.",
    "North Korea reported 392,920 new fever cases and eight deaths on Sunday, state media KCNA said. "
    "More than 2.9 million people have shown fever symptoms since late April, and 68 have died.",
    "The Ministry of Health of Kenya notified WHO of 120 suspected cholera cases, including 4 deaths, "
    "in Garissa county as of 3 March 2017.",
    "China sent $311,126 worth of vaccines to North Korea in April, customs data showed.",
    "El ministerio de salud confirmó 12 casos de dengue en Lima.",
]


def all_spans(record: dict[str, Any]) -> list[list[int]]:
    spans: list[list[int]] = []
    for d in record["diseases"]:
        spans += d["mentions"] + d["pathogen_mentions"]
    for loc in record["locations"]:
        spans += loc["mentions"]
    for key in ("dates", "counts", "resources", "measures", "sources"):
        spans += [item["span"] for item in record[key]]
    return spans


def assert_valid(record: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(record), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    text = record["text"]
    for start, end in all_spans(record):
        assert 0 <= start < end <= len(text), (start, end)


@pytest.mark.parametrize("text", TEXTS)
def test_api_records_follow_the_schema(text: str) -> None:
    record = episignal.extract(text, published="2022-05-16")
    assert_valid(record)
    assert record["text"] == text


def test_a_language_with_a_profile_is_extracted_through_it() -> None:
    record = episignal.extract(
        TEXTS[-1] + " Las autoridades sanitarias piden calma a la población."
    )
    assert record["language"] == "es"
    assert record["relevant"] is True
    assert [(c["value"], c["measure"]) for c in record["counts"]] == [(12, "cases")]
    assert record["counts"][0]["status"] == "confirmed"


def test_a_language_without_a_profile_is_not_extracted() -> None:
    record = episignal.extract(
        "Het ministerie van Volksgezondheid bevestigde twaalf gevallen van dengue in Lima. "
        "De gezondheidsautoriteiten vragen de bevolking om kalm te blijven."
    )
    assert record["language"] == "nl"
    assert record["relevant"] is False and record["counts"] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "cholera",
                    "Ebola",
                    "Kenya",
                    "North Korea",
                    "1,200",
                    "2.9 million",
                    "cases",
                    "deaths",
                    "on Sunday",
                    "since late April",
                    "WHO said",
                    "a dozen",
                    " | ",
                    "\n",
                    "week 14",
                    "COVID-19",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_extraction_terminates_and_spans_index_the_text(parts: list[str]) -> None:
    text = " ".join(parts)
    record = extraction_to_dict(Document("h", text, "test"), extract_text(text, None))
    assert_valid(record)
    for count in record["counts"]:
        start, end = count["span"]
        assert any(ch.isdigit() or ch.isalpha() for ch in text[start:end])


def test_a_country_known_only_by_its_adjective_reports_it_apart() -> None:
    import episignal

    text = "North Korean authorities reported 12 new fever cases."
    loc = episignal.extract(text, "2022-05-16")["locations"][0]
    assert loc["country"] == "KP" and loc["mentions"] == []
    assert [text[s:e] for s, e in loc["demonym_mentions"]] == ["North Korean"]
    named = episignal.extract("Cases rose in North Korea, North Korean media said.")
    assert named["locations"][0]["demonym_mentions"] == []
