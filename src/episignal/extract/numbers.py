"""Numbers in news text: digits, scale words, spelled-out numbers, ranges and qualifiers.

``find_quantities`` finds every quantity expression in a window of text with one compiled
regular expression and parses it:

* digits with any thousands separator ("1,200", "392 000", "1.200.000"), decimals with a
  scale ("2.9 million", "1.5 lakh", "1.2m");
* numbers in words ("sixty-three", "six hundred and seventy-eight", "a dozen") and vague
  quantities ("dozens", "hundreds of thousands": a conventional value, approximate);
* ranges ("150 to 200", "150-200", "between 150 and 200": value = low bound);
* qualifiers ("more than", "nearly", "at least", "400,000+") that make a quantity
  approximate and set its lower or upper bound.

It does not judge what a number means (an age, a year, a count): callers do, from the
context around ``span``. The words come from ``cues.json`` (data_src/cues/*.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from episignal.data import load_json
from episignal.extract.ruler import PhraseRuler
from episignal.lang.english import alternation, english
from episignal.lang.english import spaced as spaced_words

# The English words of the number grammar below: data_src/en/numbers.yaml.
_EN = english("numbers")

Bound = Literal["lower", "upper", "about"]


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # 2.9 million -> 2_900_000.0; "dozens" -> 24.0; "a dozen" -> 12
    span: tuple[int, int]  # the whole expression incl. qualifier: "more than 2.9 million"
    number_span: tuple[int, int]  # just the number: "2.9 million"
    low: float | None  # ranges / bounds ("150 to 200" -> 150, 200; "more than 5" -> low 5)
    high: float | None
    approximate: bool  # about, nearly, more than, over, at least, some, dozens ...
    spelled: bool  # written in words ("sixty-three")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The number words of cues.json, indexed for parsing."""

    units: dict[str, int]  # "one" .. "nineteen", and tens "twenty" .. "ninety"
    scales: dict[str, int]  # "hundred", "thousand", "million", "lakh" ...
    suffixes: dict[str, int]  # "k", "m", "bn" glued to digits
    fixed: dict[str, int]  # "a dozen"
    vague: dict[str, int]  # "dozens", "hundreds of thousands"
    prefix_bound: dict[str, Bound]
    suffix_bound: dict[str, Bound]


@dataclass(frozen=True, slots=True)
class _Number:
    """One parsed number (no qualifier): value, offsets, and how it was written."""

    value: float
    start: int
    end: int
    spelled: bool
    vague: bool


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity expression in ``text[start:end]``, in order; offsets index ``text``."""
    if end is None:
        end = len(text)
    if start < 0 or end > len(text) or start > end:
        raise ValueError(f"bad window {start}:{end} for a text of {len(text)} characters")
    matcher = _matcher()
    out: list[Quantity] = []
    pos = start
    for anchor in _anchors(text, start, end, matcher):
        if anchor < pos:
            continue  # inside the previous quantity ("392,920": anchors at 392 and 920)
        found = _quantities_at(text, anchor, start, end, matcher)
        out.extend(found)
        if found:
            pos = found[-1].span[1]
    return out


def parse_number(phrase: str) -> float | None:
    """The value of a bare number phrase ("2.9 million", "sixty-three"), or None."""
    text = phrase.strip()
    matcher = _matcher()
    m = matcher.number.fullmatch(text)
    if m is None or m.group("n2") or m.group("suffix"):
        return None
    number = _parse(text, m.start("n1"), m.end("n1"), matcher.lexicon)
    return None if number is None or number.end != len(text) else number.value


# --------------------------------------------------------------------------- building


@cache
def _lexicon() -> _Lexicon:
    cues: dict[str, Any] = load_json("cues.json")
    numbers = cues["numbers"]
    approximations = cues["approximations"]
    units = {**numbers["units"], **numbers["tens"]}
    return _Lexicon(
        units={k: int(v) for k, v in units.items()},
        scales={k: int(v) for k, v in numbers["scales"].items()},
        suffixes={k: int(v) for k, v in numbers["digit_suffixes"].items()},
        fixed={k: int(v) for k, v in numbers["fixed"].items()},
        vague={k: int(v) for k, v in numbers["vague"].items()},
        prefix_bound=_bounds(approximations["prefix"]),
        suffix_bound=_bounds(approximations["suffix"]),
    )


def _bounds(groups: dict[str, list[str]]) -> dict[str, Bound]:
    out: dict[str, Bound] = {}
    for bound in ("lower", "upper", "about"):
        for phrase in groups.get(bound, []):
            out[phrase] = bound
    return out


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, with flexible inner white space."""
    items = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not items:
        return r"(?!)"  # matches nothing, rather than the empty string
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in items)


@dataclass(frozen=True, slots=True)
class _Matcher:
    """Compiled once: where numbers may start, and how to read one from there."""

    lexicon: _Lexicon
    words: PhraseRuler[str]  # number words and phrases: where a spelled number may start
    number: re.Pattern[str]  # one number, an optional "to"/"-" second number, a suffix
    between: re.Pattern[str]  # "150 and 200" after "between"
    qualifiers: frozenset[str]  # "more than", "about", ... and "between"
    longest_qualifier: int  # in words


_DIGITS = re.compile(r"\d\d*")  # "\d+", opened by a class the engine skips to at once


@cache
def _matcher() -> _Matcher:
    lex = _lexicon()
    word = _alternation([*lex.units, *lex.scales])
    scale = _alternation(lex.scales)
    # "3 mln" and "3bn" both read well; a spaced "3 m" or "5 k" is a unit or a letter.
    spaced = _alternation(s for s in lex.suffixes if len(s) > 1)
    # Digits not glued to a word, a decimal point or an identifier ("COVID-19", "H5N1",
    # "BA.2", "pdm09"); thousands groups with comma, (narrow) space or dots.
    digits = (
        r"(?<![\w.,/])(?<![A-Za-z]-)"
        # Space-grouped thousands ("392 000") only where no digits come right before or
        # after: in a table row ("Cases 36 423 140 16 579") the spaces separate cells, and
        # so do they past three groups ("Cases 126 242 502 228 972" is no 126 trillion).
        r"(?:\d{1,3}(?:,\d{3})+(?![\d])"
        r"|(?<!\d[ \u00a0\u202f])\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,3}(?![\d])(?![ \u00a0\u202f]+\d)"
        r"|\d{1,3}(?:\.\d{3}){2,}(?![\d])|\d+(?:\.\d+)?)"
        rf"(?:\s*(?:{scale}|{spaced})\b|(?:{_alternation(lex.suffixes)})\b)?"
        r"(?![\w])"
    )
    words = (
        rf"\b(?:(?:{spaced_words(_EN['scale_article'])})\s+(?=(?:{scale})\b))?(?:{word})"
        rf"(?:(?:\s*-\s*|\s+(?:(?:{spaced_words(_EN['word_and'])})\s+)?)(?:{word}))*\b"
    )
    fixed = rf"\b(?:{_alternation([*lex.fixed, *lex.vague])})\b"
    number = rf"(?:{fixed}|{digits}|{words})"
    suffix = _alternation(lex.suffix_bound)
    anchors = [*lex.units, *lex.scales, *lex.fixed, *lex.vague, *(f"a {s}" for s in lex.scales)]
    return _Matcher(
        lexicon=lex,
        words=PhraseRuler(((phrase, phrase) for phrase in anchors), per_document=True),
        number=re.compile(
            rf"(?P<n1>{number})(?:\s*(?:-|–|—|{spaced_words(_EN['range_to'])})\s*(?P<n2>{number}))?"
            rf"(?P<suffix>\s*\+(?![\d])|\s+(?:{suffix})\b)?",
            re.IGNORECASE,
        ),
        between=re.compile(
            rf"(?P<b1>{number})\s+(?:{spaced_words(_EN['between_and'])})\s+(?P<b2>{number})",
            re.IGNORECASE,
        ),
        qualifiers=frozenset([*lex.prefix_bound, *_EN["between"]]),
        longest_qualifier=max(len(p.split()) for p in [*lex.prefix_bound, *_EN["between"]]),
    )


def _anchors(text: str, start: int, end: int, matcher: _Matcher) -> list[int]:
    """Offsets where a number may start: digit runs and number words, in order."""
    positions = [m.start() for m in _DIGITS.finditer(text, start, end)]
    window = text[start:end]
    if any(c.isalpha() for c in window):
        positions.extend(start + m.start for m in matcher.words.find(window))
        positions.sort()
    return positions


# --------------------------------------------------------------------------- parsing


def _quantities_at(
    text: str, anchor: int, start: int, end: int, matcher: _Matcher
) -> list[Quantity]:
    """The quantities of the expression whose number starts at ``anchor`` (none or more)."""
    lex = matcher.lexicon
    qualifier = _qualifier_before(text, anchor, start, matcher)
    if qualifier is not None and qualifier[1] in _EN["between"]:
        pair = matcher.between.match(text, anchor, end)
        if pair is not None:
            first = _parse(text, pair.start("b1"), pair.end("b1"), lex)
            second = _parse(text, pair.start("b2"), pair.end("b2"), lex)
            if first is not None and second is not None and first.end == pair.end("b1"):
                return [_range(first, second, qualifier[0], second.end)]
        qualifier = None
    m = matcher.number.match(text, anchor, end)
    if m is None:
        return []
    first = _parse(text, m.start("n1"), m.end("n1"), lex)
    if first is None:
        return []
    prefix = qualifier[1] if qualifier is not None else None
    begin = qualifier[0] if qualifier is not None else first.start
    suffix = _norm(m.group("suffix"))
    second = None
    if m.group("n2") is not None:
        second = _parse(text, m.start("n2"), m.end("n2"), lex)
    if second is not None and _is_range(text, m, first, second):
        return [_range(first, second, begin, m.end() if suffix is None else m.start("suffix"))]
    if second is not None:
        # "rose from 50 to 68", "12-15": two numbers, not one range.
        return [
            _single(first, prefix, None, lex, begin, first.end),
            _single(second, None, suffix, lex, second.start, m.end()),
        ]
    if first.end < m.end("n1"):
        suffix = None  # the words were truncated ("five and ten"): the suffix is not ours
    return [_single(first, prefix, suffix, lex, begin, m.end() if suffix else first.end)]


def _qualifier_before(
    text: str, anchor: int, start: int, matcher: _Matcher
) -> tuple[int, str] | None:
    """(offset, phrase) of a qualifier ("more than", "between", "~") right before ``anchor``."""
    if anchor <= start or not (text[anchor - 1].isspace() or text[anchor - 1] == "~"):
        return None
    lo = max(start, anchor - 32)
    words = text[lo:anchor].lower().split()
    if lo > start and not text[lo - 1].isspace() and words:
        words = words[1:]  # the window cut a word in two
    for k in range(min(matcher.longest_qualifier, len(words)), 0, -1):
        phrase = " ".join(words[-k:])
        if phrase in matcher.qualifiers:
            offset = _phrase_start(text, lo, anchor, words[-k:])
            return (offset, phrase)
    return None


def _phrase_start(text: str, lo: int, anchor: int, words: list[str]) -> int:
    """Offset of the first of ``words`` (the last words of ``text[lo:anchor]``)."""
    pos = anchor
    lowered = text[lo:anchor].lower()
    for word in reversed(words):
        pos = lo + lowered.rfind(word, 0, pos - lo)
    return pos


def _is_range(text: str, m: re.Match[str], first: _Number, second: _Number) -> bool:
    """Whether "A to B" / "A-B" is a range, not a change ("rose from 50 to 68") or a pair."""
    if first.end != m.end("n1") or second.end != m.end("n2"):
        return False
    if second.value <= first.value:
        return False
    return _CHANGE_BEFORE.search(text, max(0, m.start() - 12), m.start()) is None


# "rose from 50 to 68", "increased by 10 to 60": a change, no range (data_src/en/numbers.yaml).
_CHANGE_BEFORE = re.compile(
    rf"\b(?:{alternation(english('numbers')['change_before'])})\s*$", re.IGNORECASE
)


def _range(first: _Number, second: _Number, start: int, end: int) -> Quantity:
    low, high = sorted((first.value, second.value))
    return Quantity(
        value=low,
        span=(start, end),
        number_span=(first.start, second.end),
        low=low,
        high=high,
        approximate=True,
        spelled=first.spelled or second.spelled,
    )


def _single(
    number: _Number,
    prefix: str | None,
    suffix: str | None,
    lex: _Lexicon,
    start: int,
    end: int,
) -> Quantity:
    bound: Bound | None = None
    if prefix is not None:
        bound = lex.prefix_bound.get(prefix)
    if suffix is not None:
        bound = lex.suffix_bound.get(suffix, bound) if suffix != "+" else "lower"
    if prefix is None:
        start = number.start
    low = number.value if bound == "lower" or number.vague else None
    high = number.value if bound == "upper" else None
    return Quantity(
        value=number.value,
        span=(start, end),
        number_span=(number.start, number.end),
        low=low,
        high=high,
        approximate=bound is not None or number.vague,
        spelled=number.spelled,
    )


def _norm(group: str | None) -> str | None:
    if group is None:
        return None
    return " ".join(group.lower().split()) or None


_TOKEN = re.compile(r"[a-z]+|\d[\d,.\u00a0\u202f ]*\d|\d")


def _parse(text: str, start: int, end: int, lex: _Lexicon) -> _Number | None:
    """Parse ``text[start:end]`` (one number, no qualifier); None when it is not a number."""
    phrase = " ".join(text[start:end].lower().split())
    if phrase in lex.fixed:
        return _Number(float(lex.fixed[phrase]), start, end, True, False)
    if phrase in lex.vague:
        return _Number(float(lex.vague[phrase]), start, end, True, True)
    if text[start].isdigit():
        value = _parse_digits(phrase, lex)
        return None if value is None else _Number(value, start, end, False, False)
    return _parse_words(text, start, end, lex)


_DIGITS_AND_SCALE = re.compile(r"([\d,.\u00a0\u202f ]*\d)\s*([a-z]*)$")
_EUROPEAN_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_SEPARATORS = re.compile(r"[,\u00a0\u202f ]")
_LETTERS = re.compile(r"[A-Za-z]+")


def _parse_digits(phrase: str, lex: _Lexicon) -> float | None:
    if phrase.isdigit():
        return float(phrase)
    m = _DIGITS_AND_SCALE.match(phrase)
    if m is None:
        return None
    digits, scale_word = m.groups()
    multiplier = 1
    if scale_word:
        multiplier = lex.scales.get(scale_word) or lex.suffixes.get(scale_word) or 0
        if not multiplier:
            return None
    if _EUROPEAN_GROUPS.fullmatch(digits):
        digits = digits.replace(".", "")  # "1.200.000": European thousands groups
    digits = _SEPARATORS.sub("", digits)
    try:
        # Rounded: 4.14 * 100000 is 413999.99999999994 in binary floating point.
        return round(float(digits) * multiplier, 6)
    except ValueError:
        return None


def _parse_words(text: str, start: int, end: int, lex: _Lexicon) -> _Number | None:
    """Parse spelled-out numbers, stopping at the first word that cannot continue one.

    "six hundred and seventy-eight" -> 678; "five and ten" -> 5 (the "and" joins two
    numbers, not the parts of one).
    """
    total = 0
    current = 0
    last_end = start
    previous: str | None = None  # "unit", "tens", "hundred", "scale", "and"
    for tok in _LETTERS.finditer(text[start:end]):
        word = tok.group().lower()
        kind = _word_kind(word, lex)
        if not _may_follow(previous, kind, current):
            break
        if kind == "and":
            previous = kind
            continue
        if kind in ("unit", "tens"):
            current += lex.units[word]
        elif kind == "a":
            current = 1
        elif kind == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * lex.scales[word]
            current = 0
        previous = kind
        last_end = start + tok.end()
    if previous is None or last_end == start:
        return None
    return _Number(float(total + current), start, last_end, True, False)


def _word_kind(word: str, lex: _Lexicon) -> str:
    if word == "and":
        return "and"
    if word == "a":
        return "a"
    if word in lex.units:
        return "tens" if lex.units[word] >= 20 and lex.units[word] % 10 == 0 else "unit"
    if word == "hundred":
        return "hundred"
    if word in lex.scales:
        return "scale"
    return "other"


def _may_follow(previous: str | None, kind: str, current: int) -> bool:
    """Whether a number-word of ``kind`` can continue a number ending in ``previous``."""
    if kind == "other":
        return False
    if previous is None:
        return kind != "and"
    if kind == "and":
        return previous in ("hundred", "scale")
    if kind == "a":
        return False
    if kind == "unit":
        # "twenty-five" or "hundred and five"; never "five six".
        return previous in ("tens", "hundred", "scale", "and") and current % 10 == 0
    if kind == "tens":
        return previous in ("hundred", "scale", "and")
    if kind == "hundred":
        return previous in ("unit", "a") and current < 100
    return previous in ("unit", "tens", "hundred", "a")
