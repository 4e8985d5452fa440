"""Relevance: outbreak / public-health event reports versus other news that has numbers."""

from __future__ import annotations

import re

import pytest

from episignal.document import CountMention, DiseaseMention, Measure, MeasureMention
from episignal.extract.context import TextContext
from episignal.extract.relevance import RELEVANCE_THRESHOLD, score_relevance

# Hand-built disease mentions, so these tests do not depend on the disease extractor.
DISEASES = {
    "cholera": ("Cholera", "A00"),
    "measles": ("Measles", "B05"),
    "bird flu": ("Avian influenza", "J09"),
    "ebola": ("Ebola virus disease", "A98"),
    "fever": ("Unexplained fever", "R50"),
    "dengue": ("Dengue", "A90"),
}


def diseases_in(text: str) -> list[DiseaseMention]:
    out = []
    for word, (name, icd10) in DISEASES.items():
        spans = tuple(m.span() for m in re.finditer(rf"\b{word}\b", text, re.IGNORECASE))
        if spans:
            out.append(DiseaseMention(name, icd10, mentions=spans, salience=float(len(spans))))
    return out


def score(
    text: str,
    *,
    title: str | None = None,
    counts: list[CountMention] | None = None,
    measures: list[MeasureMention] | None = None,
) -> float:
    ctx = TextContext(text, None, title)
    return score_relevance(
        ctx, diseases_in(text + " " + (title or "")), counts or [], measures or []
    )


@pytest.mark.parametrize(
    "text",
    [
        "North Korea reported 392,920 new fever cases and eight deaths, state media said.",
        "The Ministry of Health notified WHO of 120 suspected cholera cases, including 4 deaths.",
        "Health officials confirmed three new cases of measles, bringing the outbreak total to 25.",
        "Authorities culled 20,000 chickens after an outbreak of bird flu was found at a farm.",
        "Floods have raised fears of a cholera epidemic as diarrhoea cases rise in the camps.",
        "Contact tracing continues for 40 people exposed to the index case; 3 tested positive.",
        "A vaccination campaign against Ebola began in the affected districts.",
        "Twelve patients with haemorrhagic symptoms were isolated and samples sent for PCR.",
    ],
)
def test_outbreak_reports_are_relevant(text: str) -> None:
    assert score(text) >= RELEVANCE_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "Thousands were hospitalized with breathing problems as a sandstorm hit the capital.",
        "The court heard 1,200 cases last year and the judge said the backlog of cases would fall.",
        "Gold prices rose 3% on Tuesday as the dollar weakened and investors sought safety.",
        "The home side scored twice to win the championship match 2-1 before 40,000 fans.",
        "Voters went to the polls on Sunday in an election with 62% turnout.",
        "Five people died and 12 were injured when a bus collided with a truck.",
        "A chemical spill at a factory sent 40 workers to hospital, police said.",
        "An earthquake of magnitude 6.1 killed 300 people and injured thousands.",
        "The company reported revenue of $2.9 million and a profit of $300,000.",
        "Smog sent hundreds of patients to hospital as air pollution hit record levels.",
    ],
)
def test_other_news_is_not_relevant(text: str) -> None:
    assert score(text) < RELEVANCE_THRESHOLD


def test_case_and_death_counts_carry_a_report_whose_disease_is_only_in_its_title() -> None:
    text = (
        "As of 5 March, the total number of cases reported was 2 836, with 299 deaths, "
        "and new cases continue to occur."
    )
    counts = [CountMention(2836, "cases", (55, 60)), CountMention(299, "deaths", (67, 77))]
    assert score(text, counts=counts) >= RELEVANCE_THRESHOLD


def test_off_topic_counts_do_not_make_a_text_relevant() -> None:
    text = "Thousands were hospitalized as a sandstorm hit the capital."
    counts = [CountMention(3000, "hospitalized", (0, 9), approximate=True)]
    assert score(text, counts=counts) < RELEVANCE_THRESHOLD


def figures(*values_and_measures: tuple[int, Measure]) -> list[CountMention]:
    return [CountMention(value, measure, (0, 1)) for value, measure in values_and_measures]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "Thousands of people were taken to hospital with breathing difficulties as a thick "
            "cloud of dust swept across the capital. The health ministry said 4,000 people had "
            "received treatment and two elderly men had died. Forecasters expect more dust.",
            figures((3000, "hospitalized"), (4000, "hospitalized"), (2, "deaths")),
        ),
        (
            "The pile-up on the motorway left 7 people dead and 45 hurt, police said. Emergency "
            "services took the injured to three hospitals, where 12 remain in critical condition.",
            figures((7, "deaths"), (12, "hospitalized")),
        ),
        (
            "At least 20 workers were treated after ammonia leaked from a cold-storage plant, fire "
            "officials said. Four people were admitted to hospital for observation.",
            figures((20, "hospitalized"), (4, "hospitalized")),
        ),
        (
            "The court heard 1,200 cases last year, and the judge said the backlog would fall.",
            figures((1200, "cases")),
        ),
    ],
)
def test_off_topic_reports_with_figures_are_not_relevant(
    text: str, counts: list[CountMention]
) -> None:
    assert score(text, counts=counts) < RELEVANCE_THRESHOLD


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("The death toll rose to 68 on Thursday, health officials said.", figures((68, "deaths"))),
        ("Daily infections hit 2,214 on Saturday.", figures((2214, "cases"))),
        (
            "Of the 3,360 confirmed cases, 2,124 patients have recovered, the ministry said.",
            figures((3360, "cases"), (2124, "recovered")),
        ),
        (
            "Health authorities reported 57 new infections on Friday, bringing the total to 1,204. "
            "Ten patients are in intensive care.",
            figures((57, "cases"), (1204, "cases"), (10, "hospitalized")),
        ),
    ],
)
def test_epidemic_figures_without_a_disease_name_are_relevant(
    text: str, counts: list[CountMention]
) -> None:
    # Follow-up sentences and reports whose disease is only in a missing title.
    assert score(text, counts=counts) >= RELEVANCE_THRESHOLD


def test_a_disease_in_the_title_adds_evidence() -> None:
    text = "The number of patients rose to 40 in the district, the hospital said."
    without = score(text)
    with_title = score(text, title="Dengue surge in the north")
    assert with_title > without
    assert with_title >= RELEVANCE_THRESHOLD


def test_counts_linked_to_a_disease_and_measures_add_evidence() -> None:
    text = "Officials reported 40 cases in the district."
    counts = [CountMention(40, "cases", (19, 27), disease="Cholera")]
    measures = [MeasureMention("quarantine", (0, 9))]
    base = score(text)
    assert score(text, counts=counts) > base
    assert score(text, counts=counts, measures=measures) > score(text, counts=counts)


def test_a_disease_outweighs_incidental_off_topic_words() -> None:
    text = "After the floods and a storm, cholera spread: 300 cases and 12 deaths were reported."
    assert score(text) >= RELEVANCE_THRESHOLD


def test_score_is_a_probability_for_any_input() -> None:
    for text in ("", "   ", "outbreak " * 500, "court election prices crash " * 200):
        value = score(text)
        assert 0.0 <= value <= 1.0


def test_threshold_is_exported() -> None:
    assert 0.0 < RELEVANCE_THRESHOLD < 1.0


# Pages of every kind name diseases: only an occurrence of disease, in a population, in a
# place, now, is outbreak news (issue 8). The texts are our own, modelled on what was seen.
@pytest.mark.parametrize(
    "text",
    [
        # a metaphor
        "Opinion: The latest scandal has given the Democratic Party the flu, and its leaders "
        "are scrambling. Voters will decide in November whether the party recovers.",
        # computer viruses
        "A new computer virus is spreading through e-mail attachments, security firms warned. "
        "The worm has infected thousands of PCs and anti-virus companies issued updates.",
        # a scholarly page and its references
        "Leprosy in the twentieth century: a review. Smith J, Jones K, et al. Journal of "
        "Tropical Medicine. 2003;12(4):33-41. doi:10.1000/jtm.2003.33. Article number: 3. In "
        "a clinical study of 72 cases, treatment with multidrug therapy was effective.",
        # health advice
        "Flu season is here: 7 tips to protect yourself. Wash your hands often, get your flu "
        "shot, and if you feel unwell, stay home. Symptoms include fever and cough, so talk "
        "to your doctor if you are worried.",
        # a celebrity's illness
        "Pop star cancels tour dates with flu. The singer was taken to hospital with severe "
        "flu-like symptoms and the band have postponed three concerts, their spokesman said.",
        # a plant's root rot on a gardening page
        "How to save a plant with root rot. If your houseplant has yellow leaves, check the "
        "roots. Root rot is caused by overwatering, so let the soil dry out and repot your "
        "plant in fresh potting mix.",
        # "isolation" and "cases" in other senses
        "I had run the test in isolation, and it passed, so I think the failure comes from "
        "another module. In most cases the bug appears only when the cache is warm.",
        "The education ministry said 30,000 contracted teaching staff will receive permanent "
        "posts next year, in a move welcomed by the teachers' union.",
        # a personal anecdote
        "I caught the flu last winter and my whole family got sick too. It took me two weeks "
        "to recover and I missed my sister's wedding.",
    ],
)
def test_pages_that_name_diseases_without_an_outbreak_are_not_relevant(text: str) -> None:
    from episignal.extract.pipeline import extract_text

    assert not extract_text(text).relevant


@pytest.mark.parametrize(
    "text",
    [
        "Health officials in Uganda confirmed 12 new cases of Ebola in Mubende district on "
        "Monday, bringing the total to 57. Three patients have died.",
        "Cholera outbreak kills 20 in Zambia",
        "An outbreak of measles has sickened 30 children in a Texas county, state health "
        "officials said on Friday. The cases are mostly in unvaccinated children.",
        "As of 24 August the Ministry of Health has reported 755 cases and 31 deaths.",
    ],
)
def test_outbreak_news_stays_relevant_in_the_pipeline(text: str) -> None:
    from episignal.extract.pipeline import extract_text

    assert extract_text(text).relevant


def test_figures_outside_outbreak_news_are_read_but_the_text_is_not_relevant() -> None:
    from episignal.extract.pipeline import extract_text

    ex = extract_text("The court heard 14 cases on Tuesday; 3 people were injured in a crash.")
    assert not ex.relevant
    assert [c.value for c in ex.counts] == [14]  # read in every text, gated only by events
