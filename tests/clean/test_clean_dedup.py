"""Exact and near-duplicate keys: reprints match, different stories do not."""

from __future__ import annotations

import pytest

from episignal.clean import clean_item
from episignal.clean.dedup import (
    NearDuplicateIndex,
    content_hash,
    normalise_for_hash,
    signature_similarity,
    text_signature,
)
from episignal.document import RawItem
from tests.clean.clean_fixtures import FIXTURES

BULLETIN = (
    "Situation update {n}\n"
    "As of {day} March, the ministry of health has reported a total of {cases} suspected "
    "cases of cholera, including {deaths} deaths, in the northern region since the start of "
    "the outbreak.\n"
    "During the past week, {new} new suspected cases were reported from four districts, "
    "most of them among children under five years of age.\n"
    "Laboratory testing at the national public health laboratory confirmed Vibrio cholerae "
    "O1 in {lab} of the samples tested so far.\n"
    "The ministry, with the support of partners, continues to strengthen surveillance, case "
    "management, water and sanitation, and risk communication in the affected districts.\n"
    "WHO advises against any restriction of travel or trade with the country on the basis "
    "of the information currently available on this event.\n"
)
UNRELATED = (
    "The national football team won its qualifying match 2-0 on Saturday evening, with both "
    "goals coming in the second half after a long rain delay.\n"
    "The coach praised the defence and said the squad would travel to the capital on Monday "
    "to prepare for the final group game against the league leaders.\n"
    "Ticket sales for the next home match have already passed twenty thousand, the federation "
    "said in a statement released after the final whistle.\n"
)


def _clean_text(name: str) -> str:
    path = FIXTURES / name
    return clean_item(RawItem(id=name, content=path.read_bytes(), format="text", origin="t")).text


def test_normalise_folds_case_whitespace_and_punctuation() -> None:
    assert normalise_for_hash("Hello,  World!\n\nIt's  HERE.") == "hello world it s here"


def test_content_hash_is_stable_and_ignores_formatting() -> None:
    a = content_hash("Twelve new cases, said the Ministry.")
    assert a == content_hash("twelve new cases said the ministry")
    assert a == content_hash("Twelve  new\ncases -- said the MINISTRY!")
    assert a != content_hash("Thirteen new cases, said the Ministry.")
    assert len(a) == 40 and int(a, 16) >= 0


def test_signature_is_compact_and_deterministic() -> None:
    sig = text_signature(UNRELATED)
    assert isinstance(sig, bytes) and len(sig) == 512
    assert sig == text_signature(UNRELATED)
    assert signature_similarity(sig, sig) == 1.0


def test_wire_story_with_two_furniture_sets_is_a_near_duplicate() -> None:
    a, b = _clean_text("wire_copy_a.txt"), _clean_text("wire_copy_b.txt")
    assert content_hash(a) != content_hash(b)
    index = NearDuplicateIndex()
    index.add("outlet-a", text_signature(a))
    found = index.candidates(text_signature(b))
    assert [doc_id for doc_id, _ in found] == ["outlet-a"]
    assert found[0][1] >= 0.8


def test_raw_pages_with_furniture_still_match_through_the_body() -> None:
    a = (FIXTURES / "wire_copy_a.txt").read_text()
    b = (FIXTURES / "wire_copy_b.txt").read_text()
    assert signature_similarity(text_signature(a), text_signature(b)) >= 0.65


def test_successive_templated_bulletins_are_candidates() -> None:
    first = BULLETIN.format(n=3, day=4, cases=1204, deaths=17, new=212, lab=38)
    second = BULLETIN.format(n=4, day=11, cases=1466, deaths=21, new=262, lab=45)
    index = NearDuplicateIndex(threshold=0.6)
    index.add("bulletin-3", text_signature(first))
    assert [d for d, _ in index.candidates(text_signature(second))] == ["bulletin-3"]


def test_unrelated_stories_are_not_candidates() -> None:
    index = NearDuplicateIndex()
    index.add(
        "bulletin", text_signature(BULLETIN.format(n=1, day=1, cases=1, deaths=0, new=1, lab=1))
    )
    index.add("wire", text_signature(_clean_text("wire_copy_a.txt")))
    assert index.candidates(text_signature(UNRELATED)) == []
    assert len(index) == 2


def test_candidates_are_ranked_best_first() -> None:
    base = BULLETIN.format(n=1, day=1, cases=100, deaths=2, new=10, lab=5)
    close = base.replace("four districts", "three districts")
    farther = BULLETIN.format(n=2, day=8, cases=150, deaths=4, new=50, lab=9)
    index = NearDuplicateIndex(threshold=0.5)
    index.add("farther", text_signature(farther))
    index.add("close", text_signature(close))
    found = index.candidates(text_signature(base))
    assert [d for d, _ in found] == ["close", "farther"]
    assert found[0][1] > found[1][1]


def test_adding_an_id_twice_is_a_no_op() -> None:
    index = NearDuplicateIndex()
    sig = text_signature(UNRELATED)
    index.add("x", sig)
    index.add("x", sig)
    assert len(index) == 1
    assert "x" in index


def test_mismatched_signatures_are_rejected() -> None:
    index = NearDuplicateIndex(num_perm=64)
    with pytest.raises(ValueError, match="permutations"):
        index.add("x", text_signature(UNRELATED))
    with pytest.raises(ValueError):
        signature_similarity(text_signature(UNRELATED, num_perm=64), text_signature(UNRELATED))
    with pytest.raises(ValueError):
        signature_similarity(b"abc", b"abc")
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=0.0)


def test_tiny_texts_get_a_signature() -> None:
    assert len(text_signature("Hi")) == 512
    assert len(text_signature("")) == 512


def test_huge_text_signature_is_bounded() -> None:
    words = " ".join(f"w{i}" for i in range(400_000))  # ~3 MB, all shingles distinct
    sig = text_signature(words)
    assert len(sig) == 512
    assert signature_similarity(sig, text_signature(words[:200_000])) == 1.0
