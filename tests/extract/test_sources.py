"""Sources: who reported -- ministries, agencies, WHO, state media, outlets, officials."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episignal.extract.context import TextContext
from episignal.extract.sources import find_sources

ROOT = Path(__file__).resolve().parents[2]


def sources_of(text: str) -> list[tuple[str, str, str]]:
    found = find_sources(TextContext(text))
    return [(s.name, s.kind, text[s.span[0] : s.span[1]]) for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ministries and health departments.
        (
            "The Ministry of Health of Peru confirmed 12 cases.",
            [("Ministry of Health", "government", "Ministry of Health")],
        ),
        (
            "The Health Ministry said four patients died.",
            [("Ministry of Health", "government", "Health Ministry")],
        ),
        (
            "The health department of Lagos State confirmed the cases.",
            [("Ministry of Health", "government", "health department")],
        ),
        (
            "The Ministry of Health and Family Welfare issued new figures.",
            [("Ministry of Health", "government", "Ministry of Health and Family Welfare")],
        ),
        (
            "The IHR National Focal Point of Chile notified the event.",
            [("IHR National Focal Point", "government", "IHR National Focal Point")],
        ),
        (
            "China's National Health Commission reported 20 new infections.",
            [("National Health Commission", "government", "China's National Health Commission")],
        ),
        # Health agencies.
        (
            "The CDC and the ECDC published a joint assessment.",
            [("CDC", "agency", "CDC"), ("ECDC", "agency", "ECDC")],
        ),
        ("Africa CDC said 30 deaths were recorded.", [("Africa CDC", "agency", "Africa CDC")]),
        (
            "The Nigeria Centre for Disease Control reported 40 cases.",
            [("NCDC", "agency", "Nigeria Centre for Disease Control")],
        ),
        (
            "Doctors Without Borders opened a treatment centre.",
            [("MSF", "agency", "Doctors Without Borders")],
        ),
        ("The OIE was notified of the outbreak.", [("WOAH", "agency", "OIE")]),
        # WHO, case-sensitively.
        ("WHO was informed of 120 cases.", [("WHO", "who", "WHO")]),
        (
            "The World Health Organization said the risk is moderate.",
            [("WHO", "who", "World Health Organization")],
        ),
        ("PAHO issued an epidemiological alert.", [("PAHO", "who", "PAHO")]),
        ("A WHO spokesperson said the risk was low.", [("WHO", "who", "WHO spokesperson")]),
        # State media, one mention per occurrence with a normalised name.
        (
            "North Korea reported 8 deaths, state media said.",
            [("state media", "media", "state media")],
        ),
        (
            "The state news agency KCNA reported eight deaths.",
            [("KCNA", "media", "state news agency KCNA")],
        ),
        (
            "According to the official Korean Central News Agency, 15 died.",
            [("KCNA", "media", "official Korean Central News Agency")],
        ),
        (
            "The Rodong Sinmun newspaper said the outbreak was under control.",
            [("Rodong Sinmun", "media", "Rodong Sinmun newspaper")],
        ),
        # Named outlets.
        ("According to Reuters, 30 died.", [("Reuters", "media", "Reuters")]),
        ("RFA reported that 12 people died.", [("RFA", "media", "RFA")]),
        ("Radio Free Asia reported new cases.", [("RFA", "media", "Radio Free Asia")]),
        ("Xinhua news agency said 4 were ill.", [("Xinhua", "media", "Xinhua news agency")]),
        (
            "Yonhap and NHK carried the report.",
            [("Yonhap", "media", "Yonhap"), ("NHK", "media", "NHK")],
        ),
        ("The figures came from ProMED-mail.", [("ProMED", "media", "ProMED-mail")]),
        ("AP reported 3 deaths.", [("AP", "media", "AP")]),
        ("Three deaths were confirmed, according to AFP.", [("AFP", "media", "AFP")]),
        # Officials and other informants.
        (
            "A health official said 12 people died.",
            [("health officials", "government", "health official")],
        ),
        (
            "The governor told reporters that schools will close.",
            [("governor", "government", "governor")],
        ),
        (
            "A source told RFA that 40 died.",
            [("source", "other", "A source"), ("RFA", "media", "RFA")],
        ),
        (
            "China sent $311,126 worth of vaccines to North Korea, Chinese customs data showed.",
            [("Chinese customs", "government", "Chinese customs data")],
        ),
        (
            "Ministry of Health officials said 5 died.",
            [("Ministry of Health", "government", "Ministry of Health officials")],
        ),
    ],
)
def test_sources(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert sources_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "who" the pronoun is never WHO.
        "People who fell ill were treated by doctors who volunteered.",
        "Who knows how many died?",
        # Ambiguous acronyms need an attribution right next to them.
        "Surveillance found 12 AFP cases in children under 15.",
        "The AP stylebook prefers numerals.",
        "Two doses of Sputnik V were given.",
        # Roles and generic words need an attribution cue nearby.
        "Officials in the district are investigating the cluster.",
        "The source of infection is unknown.",
        "Residents were asked to boil water.",
        "Local leaders urged residents to boil water.",
        "Figures are based on official information reported by the hospital.",
        "Ten Local Government Areas reported cases, the bulletin said.",
    ],
)
def test_no_false_sources(text: str) -> None:
    assert sources_of(text) == []


def test_one_mention_per_occurrence_with_spans_in_text_order() -> None:
    text = "WHO said 10 died. The WHO later said 12 died. The Ministry of Health agreed with WHO."
    found = find_sources(TextContext(text))
    assert [s.name for s in found] == ["WHO", "WHO", "Ministry of Health", "WHO"]
    starts = [s.span[0] for s in found]
    assert starts == sorted(starts)
    for s in found:
        assert text[s.span[0] : s.span[1]] in {"WHO", "Ministry of Health"}


def test_empty_text() -> None:
    assert find_sources(TextContext("")) == []


def test_packaged_data_matches_a_fresh_build(tmp_path: Path) -> None:
    """sources.json and relevance.json are what the builder makes of data_src/ now."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    builder = importlib.import_module("datagen.sources")
    entries = builder.build(ROOT / "data_src", tmp_path)
    for entry in entries:
        name = entry["file"]
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        packaged = (ROOT / "src" / "episignal" / "data" / name).read_text(encoding="utf-8")
        assert fresh == packaged, f"{name} is stale: run scripts/build_data.py --only sources"


def test_offsets_survive_characters_whose_lower_case_is_longer() -> None:
    text = "İstanbul: the Ministry of Health said 3 died, officials told Reuters."
    assert sources_of(text) == [
        ("Ministry of Health", "government", "Ministry of Health"),
        ("officials", "government", "officials"),
        ("Reuters", "media", "Reuters"),
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("WHO who said AFP KCNA state media İ ,.")), max_size=80)
)
def test_any_text_terminates_and_spans_index_it(text: str) -> None:
    for s in find_sources(TextContext(text)):
        assert 0 <= s.span[0] < s.span[1] <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mwoombola said that 3 cases were reported.", ["Mwoombola"]),
        ('"It is spreading," said Dr Amara Kone, head of the district team.', ["Dr Amara Kone"]),
        ("Jaber Nasser, spokesman for the ministry, said 2 teams were formed.", ["Jaber Nasser"]),
        ("According to Maria Lopez, 12 cases were confirmed.", ["Maria Lopez"]),
        # organisations, places, days and pronouns are no named speakers
        ("Park Center says 3 patients tested positive.", []),
        ("Pyongyang said 12 people died.", []),
        ("WHO said the risk was low.", []),
        ("The officials said on Tue that 3 died.", []),
        ("He said the outbreak was over.", []),
    ],
)
def test_named_speakers_are_sources(text: str, expected: list[str]) -> None:
    found = [s for s in find_sources(TextContext(text)) if s.kind == "other"]
    assert [s.name for s in found] == expected
    for s in found:
        assert text[s.span[0] : s.span[1]] == s.name
