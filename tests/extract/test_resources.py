"""Supplies and aid: items, quantities and units, actions, donors and recipients, spans."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episignal.document import (
    DateMention,
    LocationMention,
    MeasureKind,
    ResourceAction,
    ResourceItem,
    ResourceMention,
)
from episignal.extract.context import TextContext
from episignal.extract.resources import find_resources

ROOT = Path(__file__).resolve().parents[2]

# Place names the tests know (demonyms included), with their country.
PLACES = {
    "North Korea": "KP",
    "North Korean": "KP",
    "Pyongyang": "KP",
    "China": "CN",
    "Chinese": "CN",
    "Japan": "JP",
    "Viet Nam": "VN",
    "Mali": "ML",
    "Niger": "NE",
    "Russia": "RU",
    "United States": "US",
    "US": "US",
}


def places_in(text: str, affected: tuple[str, ...] = ("KP",)) -> list[LocationMention]:
    """Hand-built location mentions for every known place name in ``text``."""
    out = []
    for name, code in PLACES.items():
        spans = tuple((m.start(), m.end()) for m in re.finditer(rf"\b{name}\b", text))
        if spans:
            out.append(
                LocationMention(name, "country", code, affected=code in affected, mentions=spans)
            )
    return out


def resources(text: str, affected: tuple[str, ...] = ("KP",)) -> list[ResourceMention]:
    return find_resources(TextContext(text), places_in(text, affected), [])


Row = tuple[str, str, float | None, str | None, str | None, str | None, str | None]


def rows(text: str, affected: tuple[str, ...] = ("KP",)) -> list[Row]:
    """(span text, item, quantity, unit, action, from, to) of each mention."""
    return [
        (
            text[r.span[0] : r.span[1]],
            r.item,
            r.quantity,
            r.unit,
            r.action,
            r.from_country,
            r.to_country,
        )
        for r in resources(text, affected)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chinese customs data showed North Korea bought 10.6 million masks in March.",
            [("10.6 million masks", "mask", 10_600_000, "units", "purchased", None, "KP")],
        ),
        (
            "North Korea imported 1,000 ventilators from China last month.",
            [("1,000 ventilators", "ventilator", 1000, "units", "purchased", "CN", "KP")],
        ),
        (
            "China sent $311,126 of vaccines to North Korea in April, customs data showed.",
            [("$311,126 of vaccines", "vaccine", 311_126, "USD", "delivered", "CN", "KP")],
        ),
        (
            "North Korea earlier rejected 3 million doses of the Sinovac vaccine.",
            [
                (
                    "3 million doses of the Sinovac vaccine",
                    "vaccine",
                    3_000_000,
                    "doses",
                    "refused",
                    None,
                    "KP",
                )
            ],
        ),
        (
            "Pyongyang turned down 2.97 million vaccine doses offered through COVAX.",
            [("2.97 million vaccine doses", "vaccine", 2_970_000, "doses", "refused", None, "KP")],
        ),
        (
            "North Korea asked China to provide vaccines, protective clothing, masks and "
            "ventilators.",
            [
                ("vaccines", "vaccine", None, None, "requested", "CN", "KP"),
                ("protective clothing", "ppe", None, None, "requested", "CN", "KP"),
                ("masks", "mask", None, None, "requested", "CN", "KP"),
                ("ventilators", "ventilator", None, None, "requested", "CN", "KP"),
            ],
        ),
        (
            "North Korea appealed to Russia for test kits.",
            [("test kits", "test", None, None, "requested", "RU", "KP")],
        ),
        (
            "Japan will send 2 million doses to Viet Nam next week.",
            [("2 million doses", "vaccine", 2_000_000, "doses", "pledged", "JP", "VN")],
        ),
        (
            "Japan pledged €2m in emergency funding for the response.",
            [("€2m in emergency funding", "funding", 2_000_000, "EUR", "pledged", "JP", None)],
        ),
        (
            "WHO appealed for US$ 2.5 million to support the response in North Korea.",
            [("US$ 2.5 million", "funding", 2_500_000, "USD", "requested", None, "KP")],
        ),
        (
            "Niger obtained 200,000 doses of polysaccharide vaccine from the government of Mali.",
            [
                (
                    "200,000 doses of polysaccharide vaccine",
                    "vaccine",
                    200_000,
                    "doses",
                    "delivered",
                    "ML",
                    "NE",
                )
            ],
        ),
        (
            "An additional 640,000 doses will be dispatched to Niger in the coming weeks.",
            [("640,000 doses", "vaccine", 640_000, "doses", "pledged", None, "NE")],
        ),
        (
            "Vaccines were shipped to North Korea by China on Sunday.",
            [("Vaccines", "vaccine", None, None, "delivered", "CN", "KP")],
        ),
        (
            "The United States donated 500,000 N95 masks and 20 tonnes of medical supplies to "
            "Viet Nam.",
            [
                ("500,000 N95 masks", "mask", 500_000, "units", "delivered", "US", "VN"),
                ("20 tonnes of medical supplies", "other", 20, "tonnes", "delivered", "US", "VN"),
            ],
        ),
        (
            "Japan pledged 500 million yen to Viet Nam for the response.",
            [("500 million yen", "funding", 500_000_000, "JPY", "pledged", "JP", "VN")],
        ),
        (
            "China delivered 10,000 vials of oseltamivir to Pyongyang.",
            [("10,000 vials of oseltamivir", "medicine", 10_000, "vials", "delivered", "CN", "KP")],
        ),
        (
            "China donated 5 million yuan worth of test kits to North Korea.",
            [
                (
                    "5 million yuan worth of test kits",
                    "test",
                    5_000_000,
                    "CNY",
                    "delivered",
                    "CN",
                    "KP",
                )
            ],
        ),
        (
            "North Korea rejected Chinese vaccines.",
            [("vaccines", "vaccine", None, None, "refused", "CN", "KP")],
        ),
        (
            "North Korea received its first shipment of vaccines from Russia on Tuesday.",
            [("vaccines", "vaccine", None, None, "delivered", "RU", "KP")],
        ),
        (
            "China's donation of 1 million masks to Viet Nam arrived on Monday.",
            [("1 million masks", "mask", 1_000_000, "units", "delivered", "CN", "VN")],
        ),
        (
            "The United States has agreed to provide 3,000 ventilators to Viet Nam.",
            [("3,000 ventilators", "ventilator", 3000, "units", "pledged", "US", "VN")],
        ),
    ],
)
def test_finds_items_quantities_actions_and_countries(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Vaccination of people, not a supply.
        "The patient had received two doses of vaccine before travelling.",
        "Travellers should be offered another dose of polio vaccine before departure.",
        "About 6 million doses are to be administered to children.",
        # No action: figures about supplies that nobody moves.
        "Coverage with three doses of oral polio vaccine was 40% in 2015.",
        # Names and other senses of item words.
        "Two cases of vaccine-derived poliovirus were reported.",
        "The International Coordinating Group on Vaccine Provision met on Monday.",
        "Aid workers were sent to the district.",
        "Disruptions in vaccine supply have lowered immunity among children.",
        "The injectable vaccine is approved for people aged two and older.",
        "Four villagers sought medical aid at the district clinic.",
        "Crowds provide an ideal setting for measles, but two doses of vaccine protect well.",
        # A verb after the item that does not act on it.
        "Pregnant women end up on ventilators, delivering babies prematurely.",
        # Negated.
        "North Korea did not request any vaccines.",
        # Money without any action on it.
        "The economic losses are estimated at US$ 30 billion.",
        "",
    ],
)
def test_no_supply_where_there_is_none(text: str) -> None:
    assert resources(text) == []


def test_customs_data_country_is_not_the_donor() -> None:
    text = "Chinese customs data showed North Korea imported 1,000 ventilators in May."
    [mention] = resources(text)
    assert (mention.from_country, mention.to_country) == (None, "KP")


def test_several_clauses_take_their_own_verbs() -> None:
    text = (
        "North Korea, which rejected 3 million doses last year, imported 1,000 ventilators "
        "from China and bought 10.6 million masks."
    )
    got = [(r.item, r.action, r.from_country, r.to_country) for r in resources(text)]
    assert got == [
        ("vaccine", "refused", None, "KP"),
        ("ventilator", "purchased", "CN", "KP"),
        ("mask", "purchased", None, "KP"),
    ]


def test_date_comes_from_the_same_sentence() -> None:
    text = "North Korea bought 10.6 million masks. On 3 April China sent vaccines to North Korea."
    start = text.index("3 April")
    dates = [DateMention(dt.date(2022, 4, 3), "day", "3 April", (start, start + 7))]
    found = find_resources(TextContext(text), places_in(text), dates)
    assert [(r.item, r.date) for r in found] == [("mask", None), ("vaccine", dt.date(2022, 4, 3))]


def test_money_prefix_is_not_a_place() -> None:
    text = "WHO appealed for US$ 2.4 million for the response."
    [mention] = resources(text, affected=())
    assert (mention.from_country, mention.to_country, mention.unit) == (None, None, "USD")


def test_spans_index_the_text() -> None:
    text = (
        "İn Pyongyang, officials said China sent 1.2m masks, 300 ventilators and "
        "$40,000 worth of medicines to North Korea."
    )
    found = resources(text)
    assert [r.item for r in found] == ["mask", "ventilator", "medicine"]
    for r in found:
        assert 0 <= r.span[0] < r.span[1] <= len(text)
        assert text[r.span[0] : r.span[1]].strip() == text[r.span[0] : r.span[1]]


# --------------------------------------------------------------------------- the data file


def load_builder() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        return importlib.import_module("datagen.responses")
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_builder_vocabularies_match_the_document_model() -> None:
    builder = load_builder()
    assert set(get_args(MeasureKind)) == builder.MEASURE_KINDS
    assert set(get_args(ResourceItem)) == builder.RESOURCE_ITEMS
    assert set(get_args(ResourceAction)) == builder.RESOURCE_ACTIONS


def test_builder_output_matches_the_packaged_file(tmp_path: Path) -> None:
    builder = load_builder()
    builder.build(ROOT / "data_src", tmp_path)
    built = json.loads((tmp_path / "responses.json").read_text(encoding="utf-8"))
    packaged = json.loads(
        (ROOT / "src" / "episignal" / "data" / "responses.json").read_text(encoding="utf-8")
    )
    assert built == packaged


def test_builder_rejects_a_phrase_with_two_meanings() -> None:
    builder = load_builder()
    with pytest.raises(ValueError, match="means both"):
        builder.measure_lexicon(
            {"kinds": {"lockdown": ["curfew"], "other": ["curfew"]}, "skip": []}
        )


def test_builder_rejects_an_unknown_kind() -> None:
    builder = load_builder()
    with pytest.raises(ValueError, match="unknown measure kind"):
        builder.measure_lexicon({"kinds": {"lockdowns": ["curfew"]}})


# --------------------------------------------------------------------------- any text

WORDS = [
    "China",
    "North Korea",
    "sent",
    "asked",
    "to",
    "from",
    "by",
    "will",
    "rejected",
    "$",
    "US$",
    "1,000",
    "3 million",
    "doses",
    "of",
    "vaccines",
    "masks",
    "worth",
    "yuan",
    "lockdown",
    "not",
    ",",
    ".",
    "\n",
    "Vaccine",
    "Provision",
    "the",
    "bought",
    "imported",
    "€",
    "2m",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=30))
def test_any_text_gives_valid_mentions(tokens: list[str]) -> None:
    text = " ".join(tokens)
    for r in resources(text):
        assert 0 <= r.span[0] < r.span[1] <= len(text)
        assert r.item in get_args(ResourceItem)
        assert r.action in get_args(ResourceAction)
        assert r.quantity is None or r.quantity >= 0


def test_supplies_sent_without_a_named_recipient_go_to_the_reports_country() -> None:
    import episignal

    text = (
        "The Ministry of Health of Tanzania confirmed an outbreak of Marburg virus disease in "
        "Kagera region. WHO provided personal protective equipment and 2,000 test kits."
    )
    kits = [r for r in episignal.extract(text, "2023-03-22")["resources"] if r["item"] == "test"]
    assert kits and (kits[0]["quantity"], kits[0]["action"], kits[0]["to"]) == (
        2000,
        "delivered",
        "TZ",
    )


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("China is sending 50,000 doses of vaccine to Laos.", "pledged"),
        ("Sending 50,000 doses of vaccine to Laos, China said it would help.", "pledged"),
        ("The United States will ship 1 million doses to Kenya next week.", "pledged"),
        ("The vaccines could be shipped within weeks, officials said.", "pledged"),
        ("Japan delivered 2 million masks to Vietnam.", "delivered"),
        ("Kenya received 500,000 doses on Tuesday.", "delivered"),
    ],
)
def test_supplies_actions_follow_tense_and_mood(text: str, action: str) -> None:
    import episignal

    (resource,) = episignal.extract(text, "2021-06-01")["resources"]
    assert resource["action"] == action
