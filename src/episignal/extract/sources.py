"""Sources: who reported a figure -- ministries, agencies, WHO, state media, outlets, officials.

Names come from ``sources.json`` (built from ``data_src/sources/``). Two Aho-Corasick
passes find them: one case-insensitive for written-out names ("Ministry of Health"), one
case-sensitive for acronyms, so that the pronoun "who" never reads as WHO. Then:

* names that are often something else ("AP", "officials", "a source") count only when an
  attribution cue ("said", "according to", "told", "reported"...) is near them in the same
  sentence;
* a description and the name right after it are one mention ("state news agency KCNA" ->
  KCNA), and so are an organisation and a role right after it ("a WHO spokesperson" -> WHO);
* overlapping candidates keep the longest, and a few longer phrases that contain a name but
  are no source ("Local Government Area", "official information") block it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from episignal.data import load_json
from episignal.document import SourceKind, SourceMention
from episignal.extract.context import TextContext
from episignal.extract.places import names_a_place
from episignal.extract.ruler import PhraseRuler, first_letters, lower_preserving_length
from episignal.extract.spanindex import SpanIndex
from episignal.lang.english import alternation, english

# How far around a mention an attribution cue may be (characters, within the sentence).
_CUE_BEFORE = 20
_CUE_AFTER = 80
# The English words of these rules: data_src/en/sources.yaml.
_WORDS = english("sources")
_THE = alternation(_WORDS["articles"])
_POSSESSIVE = alternation(_WORDS["possessive"])
# What may stand between a description and the name it describes ("state media, KCNA").
_DESCRIPTION_GAP = re.compile(rf"[\s,:\u2013\u2014-]*(?:(?:{_THE})\s+)?")
# Right before / after an outlet whose acronym means other things too ("AFP": acute flaccid
# paralysis): "according to AFP", "(AP)", "AFP reported". Matched in the lower-cased text.
_CUE_RIGHT_BEFORE = re.compile(
    rf"(?:{alternation(_WORDS['cue_right_before'])})\s*(?:(?:{_THE})\s+)?\Z"
)
_CUE_RIGHT_AFTER = re.compile(
    rf"(?:{_POSSESSIVE})?\s*(?:\)|,?\s*(?:{alternation(_WORDS['cue_right_after'])})\b)"
)
# What may stand between a name and the description after it ("Rodong Sinmun newspaper").
_NAME_GAP = re.compile(r"\s*")
# What may stand between an organisation and a role ("WHO spokesperson", "CDC's director").
_ROLE_GAP = re.compile(rf"(?:{_POSSESSIVE})?\s*")


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: SourceKind
    attribution: bool  # needs a cue nearby
    adjacent: bool  # needs a cue right next to it
    generic: bool  # a description that merges into a following name
    role: bool  # a role that merges into a preceding organisation


# Matched like a name, then dropped: phrases that contain a name but are no source
# ("Local Government Area", "official information").
_NOT_A_SOURCE = _Entry("", "other", False, False, False, False)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    entry: _Entry


@dataclass(frozen=True, slots=True)
class _Lexicon:
    loose: PhraseRuler[_Entry]  # case-insensitive
    exact: PhraseRuler[_Entry]  # case-sensitive
    cues: re.Pattern[str]
    not_person_words: frozenset[str]  # "The", "Officials", "Monday": start no speaker's name
    organisation_words: frozenset[str]  # "Center", "Health": make a name no person's


@cache
def _lexicon() -> _Lexicon:
    data: dict[str, Any] = load_json("sources.json")
    loose: list[tuple[str, _Entry]] = []
    exact: list[tuple[str, _Entry]] = []
    for raw in data["entries"]:
        entry = _Entry(
            name=raw["name"],
            kind=cast(SourceKind, raw["kind"]),
            attribution=raw["attribution"],
            adjacent=raw["adjacent"],
            generic=raw["generic"],
            role=raw["role"],
        )
        loose.extend((phrase, entry) for phrase in raw["names"])
        exact.extend((phrase, entry) for phrase in raw["exact"])
    loose.extend((phrase, _NOT_A_SOURCE) for phrase in data["not_sources"])
    cue_words = sorted(data["attribution"], key=lambda c: (-len(c), c))
    cues = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cue_words) + r")\b")
    return _Lexicon(
        PhraseRuler(loose, per_document=True),
        PhraseRuler(exact, case_sensitive=True),
        cues,
        frozenset(data["not_person_words"]),
        frozenset(data["organisation_words"]),
    )


def find_sources(ctx: TextContext) -> list[SourceMention]:
    """One mention per occurrence of a reporting source, in text order."""
    text = ctx.text
    if not text:
        return []
    lex = _lexicon()
    lower = ctx.lower
    if len(lower) != len(text):  # a few characters lower-case to two: keep offsets aligned
        lower = lower_preserving_length(text)
    found = [_Candidate(m.start, m.end, m.value) for m in lex.loose.find(text, haystack=lower)]
    found += [_Candidate(m.start, m.end, m.value) for m in lex.exact.find(text)]
    kept = [c for c in _longest_first(found) if c.entry is not _NOT_A_SOURCE]
    kept = _merge_neighbours(text, kept)
    out: list[SourceMention] = []
    for c in kept:
        if c.entry.attribution and not _has_cue(ctx, lower, lex.cues, c):
            continue
        if c.entry.adjacent and not _next_to_cue(lower, c):
            continue
        out.append(SourceMention(c.entry.name, c.entry.kind, (c.start, c.end)))
    taken = [(c.start, c.end) for c in found]
    out.extend(_named_speakers(text, lex, taken))
    return sorted(out, key=lambda m: m.span)


# A person's name: an optional title, then capitalised words ("Dr MM Gore", "Jaber Al-Shehri").
_TITLES = frozenset(_WORDS["titles"])
_PERSON = (
    rf"(?:(?:{alternation(_WORDS['titles'])})\.?\s+)?[A-Z][\w'\u2019-]*"
    rf"(?:\s+(?:[A-Z][\w'\u2019.-]*|{alternation(_WORDS['name_particles'])})){{0,3}}"
)
# "Mwoombola said", "Jaber Al-Shehri, spokesman for the ministry, said" (the name opens the
# sentence or follows punctuation), and "said Dr MM Gore", "according to Jane Doe". The
# verbs are found first; names are looked for only next to them.
# The lookahead spares the case-insensitive alternatives every word that cannot start them.
_SPEECH_VERB = re.compile(
    rf"\b{first_letters([*_WORDS['speech_after_name'], *_WORDS['speech_before_name']])}"
    rf"(?:(?P<follows>{alternation(_WORDS['speech_after_name'])})|"
    rf"(?i:{alternation(_WORDS['speech_before_name'])}))\b"
)
_SPEAKER_BEFORE = re.compile(rf"(?P<name>{_PERSON})(?:\s*,[^,.;]{{3,80}},)?\s+\Z")
_SPEAKER_AFTER = re.compile(rf"\s+(?P<name>{_PERSON})")
_SPEAKER_REACH = 140  # characters before a verb searched for its speaker
_OPENS_PHRASE = re.compile(r"(?:^|[.!?;:,\"'\u201c\u201d(\n]\s*)$")


def _named_speakers(text: str, lex: _Lexicon, taken: list[tuple[int, int]]) -> list[SourceMention]:
    """Named people quoted as saying something: each is a source of kind "other"."""
    out: list[SourceMention] = []
    for verb in _SPEECH_VERB.finditer(text):
        spans = []
        if verb.group("follows") is not None:  # "Mwoombola said"
            m = _SPEAKER_BEFORE.search(text, max(0, verb.start() - _SPEAKER_REACH), verb.start())
            if m is not None and _OPENS_PHRASE.search(text, max(0, m.start() - 3), m.start()):
                spans.append(m.span("name"))
        m = _SPEAKER_AFTER.match(text, verb.end())  # "said Dr Amara Kone"
        if m is not None:
            spans.append(m.span("name"))
        for start, end in spans:
            overlaps = any(s < end and start < e for s, e in taken)  # an organisation found above
            if not overlaps and _is_speaker(text[start:end], lex):
                out.append(SourceMention(text[start:end], "other", (start, end)))
                taken.append((start, end))
    return out


def _is_speaker(name: str, lex: _Lexicon) -> bool:
    """A person's name: not an acronym, an organisation's name, a day or a pronoun, nor a
    place (which speaks for its government: "Pyongyang said")."""
    if not any(c.islower() for c in name):
        return False  # "WHO said", "CDC told": acronyms are organisations
    words = name.split()
    core = words[1:] if words[0].rstrip(".") in _TITLES else words
    if not core or core[0] in lex.not_person_words:
        return False  # "The ministry said", "Officials told", "said Monday"
    if any(w in lex.organisation_words for w in core):
        return False  # "Park Center says": an organisation the lexicon does not know
    return not names_a_place(name)


def _longest_first(found: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates in text order; of overlapping ones the longest wins."""
    chosen: list[_Candidate] = []
    taken = SpanIndex()
    for c in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        if not taken.overlaps(c.start, c.end):
            chosen.append(c)
            taken.add((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _merge_neighbours(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """Fold "state media KCNA" into KCNA and "a WHO spokesperson" into WHO."""
    out: list[_Candidate] = []
    for c in found:
        prev = out[-1] if out else None
        if prev is not None and _describes(text, prev, c):
            out[-1] = _Candidate(prev.start, c.end, c.entry)
        elif prev is not None and _describes(text, c, prev, gap=_NAME_GAP):
            out[-1] = _Candidate(prev.start, c.end, prev.entry)  # "Rodong Sinmun newspaper"
        elif prev is not None and _is_role_of(text, prev, c):
            out[-1] = _Candidate(prev.start, c.end, prev.entry)
        else:
            out.append(c)
    return out


def _describes(
    text: str,
    description: _Candidate,
    named: _Candidate,
    gap: re.Pattern[str] = _DESCRIPTION_GAP,
) -> bool:
    """Whether ``description`` ("state media") describes ``named`` ("KCNA") next to it."""
    if not description.entry.generic or named.entry.generic or named.entry.role:
        return False
    if description.entry.kind != named.entry.kind:
        return False
    first, second = sorted((description, named), key=lambda c: c.start)
    return gap.fullmatch(text, first.end, second.start) is not None


def _is_role_of(text: str, first: _Candidate, second: _Candidate) -> bool:
    if not second.entry.role or first.entry.role:
        return False
    return _ROLE_GAP.fullmatch(text, first.end, second.start) is not None


def _has_cue(ctx: TextContext, lower: str, cues: re.Pattern[str], c: _Candidate) -> bool:
    start, end = ctx.sentence_span(c.start)
    if c.entry.kind == "other":
        # Informants speak ("a source told", "residents said"); "urged residents" is no source.
        if _CUE_RIGHT_BEFORE.search(lower, max(start, c.start - 24), c.start):
            return True
        return cues.search(lower, c.end, min(max(end, c.end), c.end + _CUE_AFTER)) is not None
    window_start = max(start, c.start - _CUE_BEFORE)
    window_end = min(max(end, c.end), c.end + _CUE_AFTER)
    return cues.search(lower, window_start, window_end) is not None


def _next_to_cue(lower: str, c: _Candidate) -> bool:
    if _CUE_RIGHT_AFTER.match(lower, c.end):
        return True
    return _CUE_RIGHT_BEFORE.search(lower, max(0, c.start - 24), c.start) is not None
