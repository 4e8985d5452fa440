"""Every plausibility flag kind, on series built from constructed facts."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from episignal.document import DocumentInfo, Fact
from episignal.events.plausibility import check_event, fmt_pct
from episignal.events.series import build_series
from episignal.models.codec import flag_to_json
from tests.events.factories import day, doc, fact

START = "2022-05-01"


def flags_of(
    facts: list[Fact],
    docs: list[DocumentInfo],
    disease: str = "COVID-19",
    icd10: str | None = "U07.1",
) -> list[dict[str, Any]]:
    series = build_series(facts, {d.id: d for d in docs})
    return [flag_to_json(f) for f in check_event(series, disease, icd10, day(START))]


def kinds(flags: list[dict[str, Any]]) -> set[str]:
    return {f["kind"] for f in flags}


def cfr_scenario(
    published: str, cases: int, deaths: int, disease: str = "COVID-19", icd10: str | None = "U07.1"
) -> list[dict[str, Any]]:
    d = doc("cfr", published, "Wire Service")
    return flags_of(
        [
            fact(d, cases, disease=disease, icd10=icd10),
            fact(d, deaths, "deaths", disease=disease, icd10=icd10),
        ],
        [d],
        disease,
        icd10,
    )


def test_north_korea_like_cfr_is_flagged_far_below() -> None:
    flags = cfr_scenario("2022-05-24", 2_900_000, 68)
    (flag,) = [f for f in flags if f["kind"] == "implausible_cfr"]
    assert flag["severity"] == "warning"  # 23 days into the event
    ev = flag["evidence"]
    assert ev["direction"] == "below"
    assert ev["cfr"] == pytest.approx(68 / 2_900_000)
    assert ev["factor"] == pytest.approx(0.0005 / (68 / 2_900_000))  # ~21x below 0.05%
    assert ev["deaths"]["documents"] == ["cfr"] and ev["cases"]["quotes"]
    assert "0.0023%" in flag["message"] and "far below" in flag["message"]
    assert "Nyberg" in ev["reference"]["source"]


def test_cfr_early_in_event_is_info_and_uncertain() -> None:
    (flag,) = cfr_scenario("2022-05-10", 2_900_000, 68)
    assert flag["severity"] == "info"
    assert "uncertain" in flag["message"]


@pytest.mark.parametrize(
    ("cases", "deaths", "flagged"),
    [
        (29_000, 68, False),  # 0.23%: inside 0.05-0.5%
        (2_900_000, 68, True),  # 0.0023%
        (1_000, 100, True),  # 10%: more than 5x the 0.5% upper bound
        (1_000, 20, False),  # 2%: above the range but within the factor
        (29, 0, False),  # too few cases
        (4_000, 0, False),  # 0.05% of 4,000 is 2 expected deaths: too few to judge
        (100_000, 0, True),  # 50 deaths expected at the low bound, none reported
    ],
)
def test_cfr_thresholds(cases: int, deaths: int, flagged: bool) -> None:
    assert ("implausible_cfr" in kinds(cfr_scenario("2022-06-01", cases, deaths))) is flagged


def test_cfr_zero_deaths_message() -> None:
    (flag,) = cfr_scenario("2022-06-01", 100_000, 0)
    assert flag["evidence"]["factor"] is None and "no deaths reported" in flag["message"]


def test_cfr_above_range_for_low_fatality_disease() -> None:
    flags = cfr_scenario("2022-06-01", 500, 40, disease="Dengue", icd10="A90")
    (flag,) = flags
    assert flag["evidence"]["direction"] == "above" and "far above" in flag["message"]


@pytest.mark.parametrize(
    ("disease", "icd10"), [("Ebola virus disease", "A98.4"), ("Unlisted fever", None)]
)
def test_cfr_not_flagged_when_plausible_or_unknown(disease: str, icd10: str | None) -> None:
    assert cfr_scenario("2022-06-01", 100, 40, disease, icd10) == []


def test_cfr_uses_same_status_basis_and_close_dates() -> None:
    d1, d2 = doc("a", "2022-06-01"), doc("b", "2022-06-20")
    facts = [
        fact(d1, 2_000_000, status="suspected"),
        fact(d1, 5_000, status="confirmed"),
        fact(d1, 10, "deaths", status="confirmed"),  # 0.2% of confirmed: plausible
        fact(d2, 3_000_000, status="suspected"),  # no deaths within 3 days of this one
    ]
    assert "implausible_cfr" not in kinds(flags_of(facts, [d1, d2]))


def test_decreasing_cumulative() -> None:
    d1, d2 = doc("a", "2022-05-10"), doc("b", "2022-05-12")
    (flag,) = flags_of([fact(d1, 500), fact(d2, 450)], [d1, d2])
    assert flag["kind"] == "decreasing_cumulative" and flag["severity"] == "warning"
    assert flag["evidence"]["drops"][0]["before"]["value"] == 500
    assert "500" in flag["message"] and "450" in flag["message"]


def test_counts_of_unknown_kind_do_not_make_a_falling_total() -> None:
    d1, d2 = doc("a", "2022-05-10"), doc("b", "2022-05-12")
    assert (
        flags_of([fact(d1, 500, cumulative=None), fact(d2, 450, cumulative=None)], [d1, d2]) == []
    )


@pytest.mark.parametrize(
    ("measure", "kind"),
    [("deaths", "deaths_exceed_cases"), ("recovered", "recovered_exceed_cases")],
)
def test_part_exceeds_whole(measure: str, kind: str) -> None:
    d = doc("a", "2022-05-10")
    flags = flags_of([fact(d, 80), fact(d, 100, measure)], [d])
    (flag,) = [f for f in flags if f["kind"] == kind]
    assert flag["severity"] == "error"
    assert flag["evidence"][measure]["value"] == 100 and flag["evidence"]["cases"]["value"] == 80


def test_animal_deaths_are_kept_apart_from_human_cases() -> None:
    d = doc("a", "2022-05-10")
    facts = [
        fact(d, 80, disease="Avian influenza A(H5N1)", icd10="J09"),
        fact(d, 5_000, "deaths", species="animal", disease="Avian influenza A(H5N1)", icd10="J09"),
    ]
    assert flags_of(facts, [d], "Avian influenza A(H5N1)", "J09") == []


def test_new_exceeds_cumulative() -> None:
    d = doc("a", "2022-05-10")
    flags = flags_of([fact(d, 500), fact(d, 600, cumulative=False)], [d])
    (flag,) = [f for f in flags if f["kind"] == "new_exceeds_cumulative"]
    assert flag["severity"] == "error"
    assert (flag["evidence"]["new"]["value"], flag["evidence"]["cumulative"]["value"]) == (600, 500)


@pytest.mark.parametrize(
    ("new", "total", "flagged"),
    [
        ({"2022-05-11": 100, "2022-05-12": 100}, 1500, True),  # every day reported, 200 != 500
        ({"2022-05-11": 250, "2022-05-12": 250}, 1500, False),  # adds up
        ({"2022-05-11": 260, "2022-05-12": 270}, 1500, False),  # within 10%
        ({"2022-05-11": 800}, 1200, True),  # more new cases than the total grew by
        ({"2022-05-11": 100}, 1500, False),  # 2022-05-12 unreported: a shortfall proves nothing
    ],
)
def test_inconsistent_totals(new: dict[str, int], total: int, flagged: bool) -> None:
    docs = [doc("t0", "2022-05-10"), doc("t1", "2022-05-12")]
    facts = [fact(docs[0], 1000), fact(docs[1], total)]
    for i, (when, value) in enumerate(new.items()):
        d = doc(f"n{i}", when)
        docs.append(d)
        facts.append(fact(d, value, cumulative=False))
    flags = [f for f in flags_of(facts, docs) if f["kind"] == "inconsistent_totals"]
    assert bool(flags) is flagged
    if flagged:
        assert flags[0]["evidence"]["change"] == total - 1000


@pytest.mark.parametrize(
    ("first", "second", "days", "flagged"),
    [(50, 800, 1, True), (50, 400, 1, False), (5, 90, 1, False), (50, 800, 5, False)],
)
def test_growth_jump(first: int, second: int, days: int, flagged: bool) -> None:
    d1 = doc("a", "2022-05-10")
    d2 = doc("b", f"2022-05-{10 + days}")
    flags = flags_of([fact(d1, first), fact(d2, second)], [d1, d2])
    assert ("growth_jump" in kinds(flags)) is flagged


def test_discordant_sources_quotes_both() -> None:
    d1 = doc("a", "2022-05-10", "Agency One")
    d2 = doc("b", "2022-05-10", "Radio Two")
    facts = [
        fact(
            d1,
            1000,
            source="state media",
            as_of="2022-05-09",
            quote="State media said 1,000 fell ill.",
        ),
        fact(
            d2,
            1500,
            source="aid workers",
            as_of="2022-05-09",
            quote="Aid workers put the figure at 1,500.",
        ),
    ]
    (flag,) = flags_of(facts, [d1, d2])
    assert flag["kind"] == "discordant_sources"
    quotes = {c["quote"] for c in flag["evidence"]["claims"]}
    assert quotes == {"State media said 1,000 fell ill.", "Aid workers put the figure at 1,500."}
    assert flag["evidence"]["chosen"] == 1000  # the official figure


def test_same_source_updates_or_small_gaps_are_not_discordant() -> None:
    d1, d2 = doc("a", "2022-05-10"), doc("b", "2022-05-10")
    small = [
        fact(d1, 1000, source="WHO", as_of="2022-05-09"),
        fact(d2, 1050, source="Reuters", as_of="2022-05-09"),
    ]
    assert flags_of(small, [d1, d2]) == []


def test_discordance_pairs_claims_of_different_speakers() -> None:
    # the extremes (1000 and 2000) come from the same speaker; the widest gap between
    # different speakers is 1000 (WHO) vs 1900 (Reuters)
    docs = [doc(f"x{i}", "2022-05-10") for i in range(3)]
    facts = [
        fact(docs[0], 1000, source="WHO", as_of="2022-05-09"),
        fact(docs[1], 2000, source="WHO", as_of="2022-05-09"),
        fact(docs[2], 1900, source="Reuters", as_of="2022-05-09"),
    ]
    (flag,) = flags_of(facts, docs)
    assert sorted(c["value"] for c in flag["evidence"]["claims"]) == [1000, 1900]


def test_many_flags_of_one_kind_are_capped() -> None:
    docs, facts = [], []
    for i in range(8):  # eight totals, each lower than the day before: 7 drops, one flag
        d = doc(f"z{i}", f"2022-05-{10 + i}")
        docs.append(d)
        facts.append(fact(d, 1000 - i * 10))
        facts.append(fact(d, 5000, cumulative=False))  # 8 new counts above the total
    flags = flags_of(facts, docs)
    (drop,) = [f for f in flags if f["kind"] == "decreasing_cumulative"]
    assert drop["evidence"]["drop_count"] == 7 and len(drop["evidence"]["drops"]) == 5
    too_new = [f for f in flags if f["kind"] == "new_exceeds_cumulative"]
    assert len(too_new) == 5 and too_new[-1]["evidence"]["more_occurrences"] == 3
    assert too_new[-1]["evidence"]["new"]["date"] == "2022-05-17"


@pytest.mark.parametrize(
    ("ratio", "text"),
    [
        (0.0005, "0.05%"),
        (0.005, "0.5%"),
        (68 / 2_900_000, "0.0023%"),
        (0.1, "10%"),
        (1.0, "100%"),
        (0.0, "0%"),
    ],
)
def test_percentages_read_plainly(ratio: float, text: str) -> None:
    assert fmt_pct(ratio) == text


def test_inconsistent_totals_tolerate_a_day_shift_between_report_and_as_of_dates() -> None:
    # Totals: 27 deaths as of 13 May, 42 as of 15 May. Daily counts are dated the day they
    # were announced, one day after the day they cover: 6 (dated 13 May) and 9 (14 May) make
    # the 15 of the interval; 20 (15 May) belongs to the next one.
    days = ["2022-05-13", "2022-05-14", "2022-05-15"]
    docs = [doc(f"d{i}", day) for i, day in enumerate(days)]
    facts = [
        fact(docs[0], 27, "deaths"),
        fact(docs[0], 6, "deaths", cumulative=False),
        fact(docs[1], 9, "deaths", cumulative=False),
        fact(docs[2], 20, "deaths", cumulative=False),
        fact(docs[2], 42, "deaths"),
    ]
    assert "inconsistent_totals" not in {f["kind"] for f in flags_of(facts, docs)}
    # Without a consistent shifted reading the flag stays.
    facts[1] = fact(docs[0], 30, "deaths", cumulative=False)
    facts[3] = fact(docs[2], 30, "deaths", cumulative=False)
    assert "inconsistent_totals" in {f["kind"] for f in flags_of(facts, docs)}


def test_covid_cfr_of_april_2020_is_judged_against_the_pre_omicron_range() -> None:
    # 3.6% (as reported worldwide in April 2020) is plausible before Omicron ...
    assert "implausible_cfr" not in kinds(cfr_scenario("2020-04-20", 2_400_000, 86_400))
    # ... and far above the Omicron-period range two years later
    (flag,) = cfr_scenario("2022-06-01", 2_400_000, 86_400)
    assert flag["evidence"]["reference"]["period"] == "Omicron period"
    assert "(Omicron period)" in flag["message"]


def test_cfr_before_omicron_still_flags_what_is_far_outside() -> None:
    (flag,) = cfr_scenario("2020-06-01", 2_900_000, 68)  # 0.0023%: far below 0.2%
    assert flag["evidence"]["reference"]["period"] == "before Omicron"


def test_each_area_is_checked_on_its_own_series() -> None:
    d1, d2 = doc("a", "2022-05-10"), doc("b", "2022-05-12")
    facts = [
        fact(d1, 500),
        fact(d2, 900),  # the national total grows
        fact(d2, 120, admin1="Kano"),  # a province's total is not a national drop
        fact(d1, 200, admin1="Lagos"),
        fact(d2, 150, admin1="Lagos"),  # but Lagos's own total falls
    ]
    flags = flags_of(facts, [d1, d2])
    assert [(f["kind"], f["admin1"]) for f in flags] == [("decreasing_cumulative", "Lagos")]


def test_dates_at_the_edge_of_the_calendar_do_not_break_checks() -> None:
    d0, d1 = doc("a", "0001-01-01"), doc("b", "0001-01-02")
    facts = [
        fact(d0, 10),
        fact(d0, 3, cumulative=False),
        fact(d1, 30),
        fact(d1, 30, cumulative=False),
    ]
    assert {f["kind"] for f in flags_of(facts, [d0, d1])} <= {"inconsistent_totals"}


def test_a_bound_that_holds_the_other_figure_is_no_discord() -> None:
    d1 = doc("a", "2022-05-20", "Outlet One")
    d2 = doc("b", "2022-05-20", "Outlet Two")
    over = dataclasses.replace(
        fact(d1, 2_000_000, source="state media", as_of="2022-05-20"), low=2_000_000
    )
    exact = fact(d2, 2_241_610, source="news agency", as_of="2022-05-20")
    assert flags_of([over, exact], [d1, d2]) == []
    # a bound the other figure breaks is still a disagreement
    under = dataclasses.replace(
        fact(d1, 2_000_000, source="state media", as_of="2022-05-20"), high=2_000_000
    )
    (flag,) = flags_of([under, exact], [d1, d2])
    assert flag["kind"] == "discordant_sources"
