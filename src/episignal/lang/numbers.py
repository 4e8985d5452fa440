"""Numbers as each language writes them, with their character spans (issue 9).

``NumberReader(profile).find(text)`` returns every quantity in the text, in order:

* digits in any digit set the profile lists (Arabic-Indic ٣٩٢, full-width ３９２), grouped
  by the language's separators or by "," and "." before exactly three digits ("1 254",
  "3.120", "392,920"), with a decimal mark otherwise ("1,48");
* a scale word after them ("1,48 million", "2,9 млн", "392 ألف", "3 Mio."), or East Asian
  myriad groups ("148万", "39만2920", "1억2천만", "三十九万二千九百二十");
* spelled-out numbers ("trois cent vingt", "zweiundzwanzig", "шесть", "ثمانية"), read by
  text2num where it covers the language and by the profile's number words otherwise;
* fixed and vague amounts ("une centaine", "des milliers": approximate);
* the approximation words around them ("plus de", "rund", "超过", "여", "多") as bounds.

Like ``episignal.extract.numbers`` for English, it does not judge what a number means (a
year, an age, a count): the count engine does. Offsets index the original text: every
normalisation here maps one character to one character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal, TypeVar

from episignal.lang.charmap import CharMap
from episignal.lang.profile import LanguageProfile, NumberWords, load_profile

Text2Num = Literal["auto", "off"]
V = TypeVar("V")
_ASCII = "0123456789"
# Arabic thousands separator and decimal mark read as "," and ".".
_ARABIC_MARKS = {"\u066c": ",", "\u066b": "."}
_CJK_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # "2,9 млн" -> 2_900_000.0; "39만2920" -> 392_920.0
    span: tuple[int, int]  # with its approximation words: "plus de 2,9 millions"
    number_span: tuple[int, int]  # the number alone
    low: float | None  # lower bound ("plus de 5", "2만여": 5, 20000)
    high: float | None  # upper bound ("près de 70")
    approximate: bool
    spelled: bool  # written in words ("trois", "шесть", "三")


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    start: int
    end: int
    spelled: bool
    approximate: bool = False


class NumberReader:
    """Reads the numbers of one language; build once per profile (``reader_for``)."""

    def __init__(self, profile: LanguageProfile, *, text2num: Text2Num = "auto") -> None:
        words = _folded(profile.numbers, str.maketrans(dict(profile.fold)))
        self.words = words
        self.text2num_lang = profile.text2num if text2num == "auto" else None
        self._table = _normalising_table(words, profile.fold)
        self._digits = re.compile(_digit_pattern(words))
        self._spelled = _spelled_pattern(words)
        self._amounts = _phrase_pattern([*words.fixed, *words.vague])
        self._suffix_scales = sorted(words.suffixes, key=len, reverse=True)
        self._east_asian = bool(words.myriads)
        self._prefix_bounds = dict(words.prefix_bounds)
        self._suffix_bounds = dict(words.suffix_bounds)
        self._prefixes = _by_last_character(sorted(self._prefix_bounds, key=len, reverse=True))
        self._suffixes = sorted(self._suffix_bounds, key=len, reverse=True)

    def find(self, text: str) -> list[Quantity]:
        norm = self._table(text)
        lowered = _lower(norm)
        numbers = self._numbers(norm, lowered)
        return [self._qualify(lowered, n) for n in numbers]

    def values(self, text: str) -> list[float]:
        return [q.value for q in self.find(text)]

    # ------------------------------------------------------------------ finding

    def _numbers(self, norm: str, lowered: str) -> list[_Number]:
        found = [*self._fixed_and_vague(lowered), *self._digit_numbers(norm, lowered)]
        if self._spelled is not None:
            found.extend(self._spelled_numbers(lowered))
        if self._east_asian:
            found.extend(self._east_asian_words(norm))
        return _leftmost_longest(found)

    def _fixed_and_vague(self, lowered: str) -> list[_Number]:
        if self._amounts is None:
            return []
        out = []
        for m in self._amounts.finditer(lowered):
            phrase = m.group(0)
            value = self.words.fixed.get(phrase, self.words.vague.get(phrase))
            if value is not None:
                out.append(
                    _Number(float(value), m.start(), m.end(), spelled=True, approximate=True)
                )
        return out

    def _digit_numbers(self, norm: str, lowered: str) -> list[_Number]:
        """Digits, with a scale word after them (matched lower-cased) or a glued suffix."""
        out = []
        for m in self._digit_matches(lowered):
            value = _digit_value(m.group("num"))
            if value is None:
                continue
            end = m.end("num")
            if "scale" in m.re.groupindex and m.group("scale"):
                value *= self.words.scales[m.group("scale")]
                end = m.end("scale")
            else:
                suffix = self._suffix_scale(norm, end)
                if suffix:
                    value *= self.words.suffixes[suffix]
                    end += len(suffix)
            out.append(_Number(value, m.start("num"), end, spelled=False))
        if self._east_asian:
            out = [self._east_asian_tail(norm, n) for n in out]
        return out

    def _digit_matches(self, lowered: str) -> Iterator[re.Match[str]]:
        """``self._digits.finditer(lowered)``, tried only where a run of digits starts (a
        number must: no digit, "." or "," before it). The regex engine alone would try its
        look-behind at every position of the text; in Chinese and Korean, where a text is
        a third as long and runs of digits are as many, it is the quicker of the two."""
        if self._east_asian:
            yield from self._digits.finditer(lowered)
            return
        pos = 0
        for run in _DIGIT_RUN.finditer(lowered):
            start = run.start()
            if start < pos:
                continue
            m = self._digits.match(lowered, start)  # the look-behind sees the text before
            if m is not None:
                yield m
                pos = max(m.end(), start + 1)

    def _suffix_scale(self, norm: str, end: int) -> str | None:
        """A case-sensitive abbreviation glued to the digits ("2,5M"), ending the word."""
        for suffix in self._suffix_scales:
            after = end + len(suffix)
            if norm.startswith(suffix, end) and (after == len(norm) or not norm[after].isalnum()):
                return suffix
        return None

    def _spelled_numbers(self, lowered: str) -> list[_Number]:
        assert self._spelled is not None
        out = []
        for m in self._spelled.finditer(lowered):
            number = self._read_run(lowered, m.start("run"), m.end())
            if number is not None:
                out.append(number)
        return out

    def _read_run(self, lowered: str, start: int, end: int) -> _Number | None:
        """The value of a run of number words, dropping words from its end until it reads."""
        words = _tokens(lowered, start, end)
        while words:
            text = lowered[words[0][0] : words[-1][1]]
            value = self._spelled_value(text)
            if value is not None:
                return _Number(value, words[0][0], words[-1][1], spelled=True)
            words = words[:-1]
        return None

    def _spelled_value(self, text: str) -> float | None:
        if self.text2num_lang is not None:
            value = _text2num(text, self.text2num_lang)
            if value is not None:
                return value
        return _compose(text, self.words)

    # ------------------------------------------------------------------ East Asian

    def _east_asian_tail(self, norm: str, number: _Number) -> _Number:
        """Extend digits with myriad groups: 39 + 만2920, 1 + 억2천만, 148 + 万."""
        end = _east_asian_end(norm, number.end, self.words)
        if end == number.end:
            return number
        value = _east_asian_value(norm[number.start : end], self.words)
        return _Number(value, number.start, end, spelled=False) if value else number

    def _east_asian_words(self, norm: str) -> list[_Number]:
        out = []
        for m in _CJK_RUN.finditer(norm):
            text = m.group(0)
            if not any(c in _CJK_NUMERALS or c == "十" for c in text):
                continue
            value = _east_asian_value(text, self.words)
            if value:
                out.append(_Number(value, m.start(), m.end(), spelled=True))
        return out

    # ------------------------------------------------------------------ qualifiers

    def _qualify(self, lowered: str, n: _Number) -> Quantity:
        start, end = n.start, n.end
        low = high = None
        bound = None
        prefix = _prefix_before(lowered, start, self._prefixes, self.words.glued)
        if prefix is not None:
            bound = self._prefix_bounds[lowered[prefix:start].strip(" \u00a0\u202f")]
            start = prefix
        suffix = _suffix_after(lowered, end, self._suffixes)
        if suffix is not None:
            bound = bound or self._suffix_bounds[lowered[end:suffix].strip(" \u00a0\u202f")]
            end = suffix
        if bound == "lower":
            low = n.value
        elif bound == "upper":
            high = n.value
        approximate = n.approximate or bound is not None
        return Quantity(n.value, (start, end), (n.start, n.end), low, high, approximate, n.spelled)


@cache
def reader_for(code: str) -> NumberReader:
    """The number reader of a packaged profile, built once per process."""
    return NumberReader(load_profile(code))


# --------------------------------------------------------------------------- patterns


def _folded(words: NumberWords, fold: dict[int, str]) -> NumberWords:
    """The number words in the folded form the text is read in (Arabic أ -> ا)."""
    if not fold:
        return words

    def keys(table: Mapping[str, V]) -> dict[str, V]:
        return {k.translate(fold): v for k, v in table.items()}

    def items(phrases: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p.translate(fold) for p in phrases)

    return replace(
        words,
        units=keys(words.units),
        tens=keys(words.tens),
        hundreds=keys(words.hundreds),
        scales=keys(words.scales),
        fixed=keys(words.fixed),
        vague=keys(words.vague),
        connectors=items(words.connectors),
        glued=items(words.glued),
        prefix_bounds=keys(words.prefix_bounds),
        suffix_bounds=keys(words.suffix_bounds),
    )


def _normalising_table(words: NumberWords, fold: Mapping[str, str]) -> CharMap:
    table: dict[str, str] = {**fold, **_ARABIC_MARKS}
    for digit_set in words.digits:
        table.update(zip(digit_set, _ASCII, strict=True))
    return CharMap(table)


def _digit_pattern(words: NumberWords) -> str:
    groups = {*words.group, ",", "."}
    sep = "|".join(re.escape(g) for g in sorted(groups, key=len, reverse=True))
    dec = "|".join(re.escape(d) for d in words.decimal) or r"\."
    number = rf"\d{{1,3}}(?:(?:{sep})\d{{3}})+(?!\d)|\d+(?:(?:{dec})\d+)?"
    scales = list(words.scales)
    scale = ""
    if scales:
        alternation = "|".join(re.escape(s) for s in sorted(scales, key=len, reverse=True))
        scale = rf"(?:[ \u00a0\u202f]?(?P<scale>{alternation})(?!\w))?"
    return rf"(?<![\d.,])(?P<num>{number}){scale}"


def _spelled_pattern(words: NumberWords) -> re.Pattern[str] | None:
    """Runs of number words: a word made of morphemes, then more, maybe after a connector."""
    morphemes = [*words.units, *words.tens, *words.hundreds, *words.scales]
    morphemes = [m for m in morphemes if not m.isdigit()]
    if not morphemes:
        return None
    morph = "|".join(re.escape(m) for m in sorted(set(morphemes), key=len, reverse=True))
    glue = "|".join(
        re.escape(c) for c in sorted(words.connectors, key=len, reverse=True) if c != "-"
    )
    # German and Italian glue the connector into one word: neunundachtzig.
    inner = f"{morph}|{glue}" if glue else morph
    word = rf"(?:{morph})(?:-?(?:{inner}))*"
    between = rf"(?:\s+|-)(?:(?:{glue})\s*)?" if glue else r"(?:\s+|-)"
    glued = "|".join(re.escape(g) for g in words.glued)
    head = rf"(?<!\w)(?:{glued})?" if glued else r"(?<!\w)"
    return re.compile(rf"{head}(?P<run>{word}(?:{between}(?:{word}))*)(?!\w)")


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """Whole-word phrases; Chinese and Korean ones match anywhere ("数百人")."""
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    anywhere = [re.escape(p) for p in ordered if _is_cjk(p) or _is_hangul(p)]
    words = [re.escape(p) for p in ordered if not (_is_cjk(p) or _is_hangul(p))]
    # One word-start test for all the word phrases, not one per phrase: the alternation is
    # then tried only where a word starts.
    parts = [rf"(?<!\w)(?:{'|'.join(words)})(?!\w)"] if words else []
    if anywhere:
        parts.append("|".join(anywhere))
    return re.compile("|".join(parts))


_DIGIT_RUN = re.compile(r"\d+")
_CJK_RUN = re.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+")


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# --------------------------------------------------------------------------- values


_NOT_DIGIT = re.compile(r"[^\d]")
_EAST_ASIAN_TOKEN = re.compile(r"\d+(?:\.\d+)?|\D")


def _digit_value(raw: str) -> float | None:
    """'1 254' -> 1254; '3.120' -> 3120; '1,48' -> 1.48 (three digits after a mark: grouping)."""
    parts = _NOT_DIGIT.split(raw)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    try:
        return float(raw)
    except ValueError:
        return None


def _text2num(text: str, lang: str) -> float | None:
    from text_to_num import text2num

    try:
        return float(text2num(text, lang))
    except ValueError:
        return None


def _compose(text: str, words: NumberWords) -> float | None:
    """Western composition: units and tens add, hundreds multiply or add, scales close a group."""
    total = current = 0
    seen = False
    for token in re.split(r"[\s-]+", text):
        if not token or token in words.connectors:
            continue
        if token in words.units or token in words.tens:
            current += words.units.get(token, words.tens.get(token, 0))
        elif token in words.hundreds:
            value = words.hundreds[token]
            current = max(current, 1) * value if value == 100 else current + value
        elif token in words.scales:
            total += max(current, 1) * words.scales[token]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\w+", text[start:end])]


def _east_asian_end(norm: str, pos: int, words: NumberWords) -> int:
    scales = {**words.myriads, **words.small_scales}
    end = pos
    i = pos
    while i < len(norm):
        if norm[i] in scales:
            i += 1
            end = i
        elif norm[i].isdigit() and end == i and any(c in scales for c in norm[pos:i]):
            while i < len(norm) and (norm[i].isdigit() or norm[i] in ",."):
                i += 1
            end = i
        else:
            break
    return end


def _east_asian_value(text: str, words: NumberWords) -> float | None:
    """Myriad grouping: 1억2천만 = (1)*10**8 + (2*1000)*10**4; 三十九万 = (3*10+9)*10**4."""
    total = section = 0.0
    number: float | None = None
    for token in _EAST_ASIAN_TOKEN.findall(text.replace(",", "")):
        if token[0].isdigit():
            number = float(token)
        elif token in _CJK_NUMERALS:
            number = float(_CJK_NUMERALS[token])
        elif token in words.small_scales:
            section += (1.0 if number is None else number) * words.small_scales[token]
            number = None
        elif token in words.myriads:
            total += (section + (number or 0.0) or 1.0) * words.myriads[token]
            section, number = 0.0, None
        else:
            return None
    return total + section + (number or 0.0)


def _leftmost_longest(numbers: list[_Number]) -> list[_Number]:
    numbers.sort(key=lambda n: (n.start, -n.end))
    out: list[_Number] = []
    taken = 0
    for n in numbers:
        if n.start >= taken:
            out.append(n)
            taken = n.end
    return out


# --------------------------------------------------------------------------- qualifiers


def _prefix_before(
    lowered: str, start: int, prefixes: Mapping[str, list[str]], glued: tuple[str, ...]
) -> int | None:
    """Where an approximation word right before the number starts ("plus de 5", "超过5",
    "وأكثر من 5" with the conjunction written onto it). ``prefixes`` are the words by their
    last character, longest first: only those can end the text before the number."""
    # A window, not the whole text before the number: that copy made reading quadratic.
    offset = max(0, start - _PREFIX_WINDOW)
    before = lowered[offset:start].rstrip(" \u00a0\u202f")
    for phrase in prefixes.get(before[-1:], ()):
        if before.endswith(phrase):
            begin = len(before) - len(phrase)
            if _starts_word(before, begin, phrase, glued) and (begin > 0 or offset == 0):
                return offset + begin
    return None


def _by_last_character(phrases: list[str]) -> dict[str, list[str]]:
    """Phrases grouped by their last character, each group in the order given."""
    out: dict[str, list[str]] = {}
    for phrase in phrases:
        out.setdefault(phrase[-1:], []).append(phrase)
    return out


_PREFIX_WINDOW = 80


def _starts_word(before: str, begin: int, phrase: str, glued: tuple[str, ...]) -> bool:
    if begin == 0 or not (before[begin - 1].isalnum() and phrase[0].isalnum()) or _is_cjk(phrase):
        return True
    return any(
        before.endswith(g, 0, begin)
        and (begin == len(g) or not before[begin - len(g) - 1].isalnum())
        for g in glued
    )


def _suffix_after(lowered: str, end: int, suffixes: list[str]) -> int | None:
    """Where an approximation word right after the number ends ("2만여", "300余", "5 et plus")."""
    # Offsets, not a copy of the rest of the text: that copy made reading quadratic.
    begin = end
    while begin < len(lowered) and lowered[begin] in " \u00a0\u202f":
        begin += 1
    gap = begin - end
    for phrase in suffixes:
        if lowered.startswith(phrase, begin) and (gap == 0 or phrase[0].isalpha()):
            after = begin + len(phrase)
            letters = phrase.replace(" ", "")  # "명을 넘어" runs on into "넘어섰다"
            glued = _is_cjk(letters) or _is_hangul(letters)
            if glued or after == len(lowered) or not lowered[after].isalnum():
                return after
    return None


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def _is_hangul(text: str) -> bool:
    return all("\uac00" <= c <= "\ud7a3" for c in text)
