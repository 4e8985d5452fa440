"""The English profile (data_src/en/): its builder refuses bad entries, and the English rules
take their words from it, so that a word added to the data changes what they do."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from episignal.lang.english import alternation, english
from episignal.lang.profile import available_languages, is_supported

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from datagen import english as builder  # noqa: E402


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A copy of data_src/en (in a data_src-like folder), to edit."""
    root = tmp_path / "data_src"
    shutil.copytree(ROOT / "data_src" / "en", root / "en")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def leaves(doc: Any, schema: Any, where: str) -> list[tuple[str, Any]]:
    """The leaves of ``doc`` the schema names (a "numbered" leaf is a mapping itself)."""
    if isinstance(schema, dict):
        return [leaf for k, sub in schema.items() for leaf in leaves(doc[k], sub, f"{where}.{k}")]
    return [(where, doc)]


def test_every_family_of_the_schema_is_packaged_and_no_list_is_empty() -> None:
    for family in builder.SCHEMA:
        found = leaves(english(family), builder.SCHEMA[family], family)
        assert found
        for where, items in found:
            assert items, where


def test_english_is_read_by_its_rules_not_by_the_profile_engine() -> None:
    assert "en" not in available_languages()
    assert is_supported("en")


def test_the_month_names_come_from_the_profile() -> None:
    from episignal.calendar_names import MONTH_NUMBERS

    months = english("dates")["months"]
    assert len(months) == 12
    assert {name: i for i, names in enumerate(months, 1) for name in names} == MONTH_NUMBERS


def test_a_verbose_alternation_escapes_spaces_only() -> None:
    assert alternation(["log ?in", "sign in", r"share\b"], verbose=True) == (
        r"log\ ?in|sign\ in|share\b"
    )
    assert re.fullmatch(alternation(["sign in"], verbose=True), "sign in", re.VERBOSE)


def test_the_builder_keeps_the_order_of_the_data(src: Path, tmp_path: Path) -> None:
    builder.build(src, tmp_path / "out")
    rules = json.loads((tmp_path / "out" / "en" / "rules.json").read_text(encoding="utf-8"))
    # Alternatives are tried in order: "seconds?" before "m" must stay so.
    assert rules["furniture"]["timestamp"]["units"][:4] == ["s", "sec", "secs", "seconds?"]
    assert rules["dates"]["months"][8] == ["september", "sep", "sept"]


@pytest.mark.parametrize(
    ("file", "old", "new", "error"),
    [
        ("relevance.yaml", "[clade, phase,", "[clade, 'phase(', ", "no regular expression"),
        ("relevance.yaml", "[clade, phase,", "[clade, clade,", "given twice"),
        ("relevance.yaml", "capital_pronouns: [I]", "capital_pronouns: []", "non-empty list"),
        ("relevance.yaml", "capital_pronouns: [I]", "capital: [I]", "unknown key"),
        ("responses.yaml", "  worth: [worth]\n", "", "missing key"),
        ("sources.yaml", "titles: [Dr,", "titles: [3,", "non-empty strings"),
        ("dates.yaml", "  - [may]\n", "", "12 months"),
        ("dates.yaml", "  - [may]\n", "  - [may, mar]\n", "given twice"),
        ("dates.yaml", "weekdays: [monday, ", "weekdays: [", "7 weekdays"),
        ("dates.yaml", "  - [year, years]\n", "", "4 units"),
        ("dates.yaml", "  yesterday: 1\n", "  yesterday: one\n", "whole numbers"),
        ("profile.yaml", "code: en", "code: fr", "code must be en"),
    ],
)
def test_a_bad_entry_is_refused_with_its_file_and_key(
    src: Path, tmp_path: Path, file: str, old: str, new: str, error: str
) -> None:
    edit(src / "en" / file, old, new)
    with pytest.raises(ValueError, match=error) as info:
        builder.build(src, tmp_path / "out")
    assert f"en/{file.split('.')[0]}" in str(info.value)


# Run in a fresh interpreter: the rules compile their patterns once, when first imported,
# from the rules.json given here instead of the packaged one.
_PROBE = """
import json, sys
import episignal.lang.english as english_module

rules = json.load(open(sys.argv[1], encoding="utf-8"))
english_module.load_json = lambda name: rules

from episignal.calendar_names import MONTH_NUMBERS
from episignal.clean.furniture import is_junk
from episignal.clean.metadata import parse_date
from episignal.extract import dates, diseases, linking, numbers, relevance, resources, singles
from episignal.extract import counts, meaning, places, sources
from episignal.extract.context import split_sentences

print(json.dumps({
    "month": MONTH_NUMBERS.get("septembre"),
    "date": str(parse_date("3 septembre 2019")),
    "ui": is_junk("Werbung"),
    "figures": diseases._has_figures("12 sheep"),
    "numeral": relevance._is_pronoun_i("Wave I", 5),
    "title": "Sen" in sources._TITLES,
    "arrival": bool(resources._ARRIVAL.match("land")),
    "sentences": len(split_sentences("It was seen by Hon. Jones. He said so.")),
    "definite": bool(singles._DEFINITE_AFTER.search("contacts among ")),
    "change": bool(numbers._CHANGE_BEFORE.search("a rise of ")),
    "ago": dates._SMALL_NUMBERS.get("a dozen"),
    "range": bool(dates._RANGE_GAP.fullmatch(" thru ")),
    "year_noun": bool(dates._YEAR_NOUN_AFTER.match(" harvest")),
    "ago_word": bool(dates._KEYWORD_TRIGGER.fullmatch("back")),
    "some_areas": bool(linking._SOME_AREAS.search("in other wards")),
    "now": bool(linking._NOW.search("presently")),
    "speaker": bool(meaning._SPEAKER.search("12 cases, claimed the minister")),
    "person_title": bool(places._TITLE_BEFORE.search("told Rev ")),
    "symptom": bool(counts._WITH_SYMPTOM.match(" with diarrhoea")),
}))
"""


def probe(rules: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(rules)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_words_added_to_the_profile_change_what_the_english_rules_do(
    src: Path, tmp_path: Path
) -> None:
    en = src / "en"
    edit(en / "dates.yaml", "[september, sep, sept]", "[september, sep, sept, septembre]")
    edit(en / "furniture.yaml", "ui_words: [advertisement,", "ui_words: [werbung, advertisement,")
    edit(en / "diseases.yaml", "cattle, poultry]", "cattle, poultry, sheep]")
    edit(en / "relevance.yaml", "numeral_nouns: [clade,", "numeral_nouns: [wave, clade,")
    edit(en / "sources.yaml", "titles: [Dr,", "titles: [Sen, Dr,")
    edit(en / "responses.yaml", "arrival: [arriv, reach]", "arrival: [arriv, reach, land]")
    edit(en / "sentences.yaml", "abbreviations: [mr,", "abbreviations: [hon, mr,")
    edit(en / "counts.yaml", "definite_after: [of,", "definite_after: [among, of,")
    edit(en / "numbers.yaml", "change_before: [from, by]", "change_before: [from, by, of]")
    edit(en / "dates.yaml", "  - [twelve]", "  - [twelve, a dozen]")
    edit(en / "dates.yaml", "range_words: [to,", "range_words: [thru, to,")
    edit(en / "dates.yaml", "year_nouns_after: [total,", "year_nouns_after: [harvest, total,")
    edit(en / "dates.yaml", "ago: [ago]", "ago: [ago, back]")
    edit(en / "linking.yaml", "prefectures, camps]", "prefectures, camps, wards]")
    edit(en / "linking.yaml", "now: [this year,", "now: [presently, this year,")
    edit(en / "meaning.yaml", "speaker: [said,", "speaker: [claimed, said,")
    edit(en / "places.yaml", "titles: [Mr,", "titles: [Rev, Mr,")
    edit(en / "counts.yaml", "symptoms: [fever,", "symptoms: [diarrhoea, fever,")
    builder.build(src, tmp_path / "out")
    before = probe(ROOT / "src" / "episignal" / "data" / "en" / "rules.json")
    after = probe(tmp_path / "out" / "en" / "rules.json")
    assert before == {
        "month": None,
        "date": "None",
        "ui": False,
        "figures": False,
        "numeral": True,
        "title": False,
        "arrival": False,
        "sentences": 3,
        "definite": False,
        "change": False,
        "ago": None,
        "range": False,
        "year_noun": False,
        "ago_word": False,
        "some_areas": False,
        "now": False,
        "speaker": False,
        "person_title": False,
        "symptom": False,
    }
    assert after == {
        "month": 9,
        "date": "2019-09-03",
        "ui": True,
        "figures": True,
        "numeral": False,
        "title": True,
        "arrival": True,
        "sentences": 2,
        "definite": True,
        "change": True,
        "ago": 12,
        "range": True,
        "year_noun": True,
        "ago_word": True,
        "some_areas": True,
        "now": True,
        "speaker": True,
        "person_title": True,
        "symptom": True,
    }
