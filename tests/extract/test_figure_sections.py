"""A section's figures belong to the section's country and disease (issue 8: sections).

Every sentence here is our own. A bulletin on several countries or outbreaks gives each a
part of its own, opened by a heading line ("MALAWI", "Measles in Chad") or by a label that
opens a paragraph ("Zambia: ..."); a figure whose sentence names no place or disease of
its own is the section's, not another section's or the document's leading one.
"""

from __future__ import annotations

from typing import Any

import episignal
from episignal.document import DiseaseMention, LocationMention
from episignal.extract.sections import Sections


def counts(text: str, published: str = "1998-11-20") -> list[dict[str, Any]]:
    return list(episignal.extract(text, published)["counts"])


def only(text: str, value: int) -> dict[str, Any]:
    found = [c for c in counts(text) if c["value"] == value]
    assert len(found) == 1, [(c["value"], c["measure"]) for c in counts(text)]
    return found[0]


# ------------------------------------------------------------ heading lines


_BY_COUNTRY_HEADINGS = (
    "19 November 1998\n\n"
    "Situation report on the floods in southern Africa\n\n"
    "MOZAMBIQUE\n\n"
    "Cholera: Health officials say the situation is unchanged since last week, with a "
    "total of 41 cases and 3 deaths.\n\n"
    "MALAWI\n\n"
    "Cholera: The ministry recorded 57 new suspected cases in the week to 15 November.\n\n"
    "Malaria: Clinics in the flooded districts treated 930 cases during the same week."
)


def test_a_figure_under_a_country_heading_is_that_country_s() -> None:
    assert only(_BY_COUNTRY_HEADINGS, 41)["country"] == "MZ"
    assert only(_BY_COUNTRY_HEADINGS, 3)["country"] == "MZ"


def test_the_next_heading_opens_the_next_country_s_section() -> None:
    assert only(_BY_COUNTRY_HEADINGS, 57)["country"] == "MW"
    assert only(_BY_COUNTRY_HEADINGS, 930)["country"] == "MW"


def test_a_paragraph_labelled_with_a_disease_files_its_figures_under_that_disease() -> None:
    malaria = only(_BY_COUNTRY_HEADINGS, 930)
    assert malaria["disease"] == "Malaria"
    assert only(_BY_COUNTRY_HEADINGS, 57)["disease"] == "Cholera"


def test_a_figure_in_a_later_sentence_of_a_disease_s_item_is_that_disease_s() -> None:
    text = (
        "CHAD\n\n"
        "Cholera: The ministry counted 310 cases of cholera in the capital.\n\n"
        "Measles: No new figures were sent this week. The total so far stands at 64 "
        "cases, of which 5 were fatal."
    )
    assert only(text, 310)["disease"] == "Cholera"
    assert only(text, 64)["disease"] == "Measles"
    assert only(text, 5)["disease"] == "Measles"


# ---------------------------------------------------------- labelled paragraphs


_BY_COUNTRY_LABELS = (
    "Zambia: Since early October, the outbreak has caused 212 cases, of which 9 were "
    "fatal.\n\n"
    "Angola: The provincial authorities report that the figure has risen. A further 64 "
    "cases were seen at the main hospital last week."
)


def test_a_labelled_paragraph_keeps_its_figures_when_the_previous_one_named_another() -> None:
    assert only(_BY_COUNTRY_LABELS, 212)["country"] == "ZM"
    assert only(_BY_COUNTRY_LABELS, 64)["country"] == "AO"


def test_a_labelled_paragraph_s_figure_is_not_given_to_a_country_named_after_it() -> None:
    text = (
        "Ecuador: Confirmed cases of yellow fever keep appearing, bringing the count "
        "for the year to 37 cases and 14 deaths, most of them near the border with Colombia."
    )
    assert only(text, 37)["country"] == "EC"
    assert only(text, 14)["country"] == "EC"


def test_several_labels_on_one_line_keep_each_country_s_figures() -> None:
    text = "Kenya: Five cases;Uganda: Eleven cases, including 2 deaths;Rwanda: One case."
    assert only(text, 11)["country"] == "UG"
    assert only(text, 2)["country"] == "UG"


# ------------------------------------------------------------- the sections


def _place(name: str, country: str, start: int) -> LocationMention:
    return LocationMention(
        name, "country", country, affected=True, mentions=((start, start + len(name)),)
    )


def test_a_heading_holds_until_the_next_one_and_a_label_only_for_its_paragraph() -> None:
    text = "Chad\n\nFigures went up.\n\nMali: More reports.\n\nNo change."
    chad, mali = _place("Chad", "TD", 0), _place("Mali", "ML", text.index("Mali"))
    sections = Sections(text, [chad, mali], [])
    inside_label = sections.at(text.index("More"))
    assert inside_label is not None and inside_label.country is mali
    after_label = sections.at(text.index("No change"))
    assert after_label is not None and after_label.country is chad
    assert sections.labelled_country(text.index("No change")) is None


def test_a_label_of_a_disease_keeps_the_heading_s_country() -> None:
    text = "Chad\n\nMeasles: Figures went up."
    chad = _place("Chad", "TD", 0)
    measles = DiseaseMention("Measles", "B05", mentions=((6, 13),))
    section = Sections(text, [chad], [measles]).at(text.index("Figures"))
    assert section is not None
    assert section.country is chad and section.disease is measles


def test_a_sentence_that_names_a_country_is_no_heading() -> None:
    text = "Cases were reported in Chad.\n\nFigures went up."
    chad = _place("Chad", "TD", text.index("Chad"))
    assert Sections(text, [chad], []).at(text.index("Figures")) is None


# ------------------------------------------------------------- paragraphs


def test_a_paragraph_s_own_country_outranks_an_affected_one_of_the_paragraph_before() -> None:
    text = (
        "Seasonal influenza activity is rising in Canada, where most provinces report "
        "widespread activity. Canada has seen an early season. Most viruses typed in Canada "
        "resemble the A/Panama/2007/99 strain.\n\n"
        "In a separate event, an outbreak of avian influenza was found in poultry on a farm "
        "in the Republic of Korea on 12 December. It came to light when about 19 000 "
        "chickens died within a week."
    )
    assert only(text, 19000)["country"] == "KR"


def test_a_laboratory_s_country_is_not_the_paragraph_s() -> None:
    text = (
        "On 2 March, the health ministry of Guinea reported a case of yellow fever in a "
        "village of Faranah prefecture. The patient is a farmer.\n\n"
        "The case was confirmed by the Pasteur Institute in Dakar, Senegal. Around the "
        "village, 12 samples of suspected cases were sent for testing."
    )
    assert only(text, 12)["country"] == "GN"
