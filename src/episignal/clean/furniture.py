"""Site furniture in scraped text: keep the article, drop the rest.

Scraped pages carry, around the article, navigation words, "Related Topics" keyword
lines, "Recent Stories" lists of unrelated headlines each followed by "3 minutes ago",
pipe- or dash-separated link lists, copyright lines, cookie and newsletter prompts,
and sometimes a headline printed twice above a "( –" source stub.

The classifier works on lines. Each line is labelled

* ``prose``: sentence-like text (enough words, ends like a sentence, or is long);
* ``junk``: matches a furniture pattern (timestamp, link list, copyright, prompt,
  section header of a furniture list, repeated headline);
* ``short``: anything else (headlines, subheadings, bylines, nav words, keywords).

Then context decides about ``short`` lines: inside the article body (between the
first and last prose line) they are subheadings and stay; above it, a headline-like
line or a dateline stays; below it, or inside a furniture section opened by a header
such as "Recent Stories", they go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from episignal.lang.english import alternation, english

Label = Literal["prose", "junk", "short", "blank", "table"]

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SENTENCE_END = re.compile(r"""[.!?…。！？:;]["'”’)\]]*$""")

# The words are English data (data_src/en/furniture.yaml, dates.yaml); the shapes are here.
_WORDS = english("furniture")
_DATES = english("dates")


def _alt(items: list[str]) -> str:
    return alternation(items, verbose=True)


_TIMESTAMP = re.compile(
    rf"""^(?:(?:{_alt(_WORDS["timestamp"]["prefixes"])})\s*:?\s*)?
    (?:{_alt(_WORDS["timestamp"]["amounts"])})\s*(?:{_alt(_WORDS["timestamp"]["units"])})
    \s+(?:{_alt(_WORDS["timestamp"]["ago"])})\.?$
    |^(?:{_alt(_WORDS["timestamp"]["alone"])})$""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(
    rf"^(?:{alternation(_WORDS['copyright']['line_starts'])})"
    rf"|{alternation(_WORDS['copyright']['anywhere'])}"
    rf"|^(?:{alternation(_WORDS['copyright']['policy_starts'])})",
    re.IGNORECASE,
)
# Prompts a reader clicks rather than reads: phrases news prose does not use. Only lines
# of at most 20 words are judged, so a paragraph quoting such a phrase stays.
_PROMPT = re.compile(rf"\b(?:{_alt(_WORDS['prompts'])})\b", re.IGNORECASE | re.VERBOSE)
# Interface words: furniture when they make up a line that is not a sentence
# ("Advertisement", "Sign in", "Read more"); a sentence using them is left alone.
_UI_WORDS = re.compile(rf"\b(?:{_alt(_WORDS['ui_words'])})\b", re.IGNORECASE | re.VERBOSE)
# Headers that open a list of other stories or links: everything short under them goes.
_SECTION = re.compile(rf"^(?:{_alt(_WORDS['sections'])})\s*:?\s*$", re.IGNORECASE | re.VERBOSE)
_KEYWORD_PREFIX = re.compile(rf"^(?:{alternation(_WORDS['keyword_prefixes'])})\s*:", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|•|/|»|::)\s+|\s*\|\s*")
# "(Newser) – ", "( – ", "(AP) — ": the agency stub that opens a reprinted story.
_SOURCE_STUB = re.compile(r"^\(\s*(?:[\w .&'-]{0,40}\))?\s*[–—-]\s*(?=\S)")
_DATELINE = re.compile(
    rf"""^(?:(?:{_alt(_DATES["furniture_dateline_prefixes"])})\s*:?\s*)?
    (?:(?:{_alt(_DATES["weekdays"])}),?\s+)?
    (?:\d{{1,2}}\s+[a-z]{{3,9}}\.?,?\s+\d{{4}}|[a-z]{{3,9}}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})
    (?:[ ,|-]+.{{0,40}})?$""",
    re.IGNORECASE | re.VERBOSE,
)
# "Jane Doe is the Times' health reporter. She has covered ..." (an author's bio box).
_BIO = re.compile(
    rf"""^(?:[A-Z][\w.'-]+\s+){{1,3}}(?:{_alt(_WORDS["bio"]["verbs"])})
    \s+(?:{_alt(_WORDS["bio"]["determiners"])})\b[^.]{{0,80}}?
    \b(?:{_alt(_WORDS["bio"]["roles"])})\b""",
    re.VERBOSE,
)
_LONG_LINE = 1500  # characters; link lists and prompts are far shorter
_BYLINE = re.compile(
    rf"^(?:{alternation(_WORDS['byline'])})\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){{0,4}}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    label: Label
    paragraph: int  # index of the source paragraph (blank-line separated) it came from


def normalise_spaces(line: str) -> str:
    """Collapse runs of spaces/tabs/no-break spaces inside one line."""
    return _SPACES.sub(" ", line).strip()


def word_count(line: str) -> int:
    return len(_WORD.findall(line))


def is_prose(line: str, words: int | None = None) -> bool:
    """Sentence-like: ends like a sentence with enough words, or is a long paragraph."""
    if words is None:
        words = word_count(line)
    if words >= 6 and _SENTENCE_END.search(line):
        return True
    if _is_cjk_heavy(line):  # no spaces between words: judge by characters
        return len(line) >= 30
    return words >= 25 and not is_link_list(line)


def is_link_list(line: str) -> bool:
    """A run of short items separated by pipes, dashes, bullets or slashes."""
    parts = [p for p in _LIST_SEPARATOR.split(line) if p.strip()]
    if len(parts) < 3:
        return False
    short = sum(1 for p in parts if word_count(p) <= 5 and not _SENTENCE_END.search(p.strip()))
    return short >= 0.8 * len(parts)


def is_timestamp(line: str) -> bool:
    return bool(_TIMESTAMP.match(line))


def is_dateline(line: str) -> bool:
    return len(line) <= 80 and bool(_DATELINE.match(line))


def is_junk(line: str, words: int | None = None) -> bool:
    """Furniture by its own look, whatever surrounds it."""
    if len(line) > _LONG_LINE:  # a long paragraph: no furniture pattern applies
        return False
    if is_timestamp(line) or is_link_list(line) or _KEYWORD_PREFIX.match(line):
        return True
    if words is None:
        words = word_count(line)
    if words <= 30 and _COPYRIGHT.search(line):
        return True
    if words <= 20 and _PROMPT.search(line):
        return True
    if words <= 6 and _UI_WORDS.search(line) and not _SENTENCE_END.search(line):
        return True
    if words <= 80 and _BIO.match(line):
        return True
    if line.strip("( –—-)") == "":  # a bare source stub or separator line
        return True
    return bool(_SECTION.match(line))


# "( – Lakeside Times)" on a line of its own, or "(Newser) – " opening the first paragraph.
_STUB_OUTLET = re.compile(
    r"^\(\s*(?:[–—-]\s*(?P<after>[A-Z][^()]{0,40}?)\s*\)"
    r"|(?P<before>[A-Z][^()]{0,40}?)\s*\)\s*[–—-])"
)


def find_source_stub(text: str, *, lines: int = 8) -> str | None:
    """The outlet a scraped page names in its source stub, if one opens the page."""
    for line in text.lstrip().splitlines()[:lines]:
        m = _STUB_OUTLET.match(line.strip())
        if m is not None:
            return (m.group("after") or m.group("before") or "").strip() or None
    return None


def strip_source_stub(line: str) -> str:
    """Drop a leading "(Outlet) – " stub from a story's first paragraph."""
    return _SOURCE_STUB.sub("", line, count=1)


def unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (email/plain-text bulletins) back into paragraphs.

    A line is a wrapped fragment when it is long, does not end a sentence and the
    next line continues in lower case.
    """
    out: list[str] = []
    for line in lines:
        if (
            out
            and line
            and line[0].islower()
            and len(out[-1]) >= 40
            and not _SENTENCE_END.search(out[-1])
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


# A table cell boundary: a pipe, a tab, or a run of two or more spaces (aligned columns).
_CELL_SEPARATOR = re.compile(r"\s*\|\s*|\t+\s*| {2,}")
_NUMBER_CELL = re.compile(r"[<>~]?\d[\d ,.\u00a0\u202f]*%?")


def table_rows(raw_lines: list[str]) -> dict[int, str]:
    """Lines that form a text table, as " | "-separated cells, by index.

    A table is two or more rows with the same number of cells (at least two) and a number
    in some cell, plus the header row right above them when it has as many cells. A list
    of links ("About Us | Contact Us") has no numbers and is no table.
    """
    cells = [_cells_of(line) for line in raw_lines]
    numeric = [len(c) >= 2 and any(_NUMBER_CELL.fullmatch(x) for x in c) for c in cells]
    rows: dict[int, str] = {}
    i = 0
    while i < len(raw_lines):
        j = i
        while j < len(raw_lines) and numeric[j] and len(cells[j]) == len(cells[i]):
            j += 1
        if j - i >= 2:
            first = i
            if i > 0 and len(cells[i - 1]) == len(cells[i]) and not numeric[i - 1]:
                first = i - 1  # the header row
            for k in range(first, j):
                rows[k] = " | ".join(cells[k])
            i = j
        else:
            i += 1
    return rows


def _cells_of(line: str) -> list[str]:
    body = line.strip()
    if not body or ("|" not in body and "\t" not in body and "  " not in body):
        return []
    return [c for c in _CELL_SEPARATOR.split(body.strip("|")) if c]


def _unwrap_around(lines: list[str], fixed: set[int]) -> list[str]:
    """``unwrap`` each run of lines between table rows; table rows stay as they are."""
    out: list[str] = []
    run: list[str] = []
    for i, line in enumerate(lines):
        if i in fixed:
            out.extend(unwrap(run))
            run = []
            out.append(line)
        else:
            run.append(line)
    out.extend(unwrap(run))
    return out


def classify(text: str) -> list[Line]:
    """Label every non-blank line of ``text`` (context-free labels only)."""
    raw_lines = text.splitlines()
    tables = table_rows(raw_lines)
    table_text = set(tables.values())
    normalised = [tables.get(i) or normalise_spaces(raw) for i, raw in enumerate(raw_lines)]
    lines = _unwrap_around(normalised, set(tables))
    seen: set[str] = set()
    out: list[Line] = []
    paragraph = 0
    for line in lines:
        if not line:
            paragraph += 1
            continue
        if line in table_text:
            out.append(Line(line, "table", paragraph))
            continue
        words = word_count(line)
        prose = is_prose(line, words)
        key = _headline_key(line) if not prose else line
        label: Label
        if is_junk(line, words) or (key in seen and not prose):
            label = "junk"  # repeated headlines/nav entries are junk the second time
        elif prose:
            label = "prose"
        else:
            label = "short"
        seen.add(key)
        out.append(Line(line, label, paragraph))
    return _mark_headline_lists(out)


def _mark_headline_lists(lines: list[Line]) -> list[Line]:
    """A line right above a timestamp is a headline of a "Recent Stories" list.

    A sentence-like line is taken for a headline only inside such a list (the line
    before it is furniture too), so an article's last paragraph is never lost to a
    timestamp that follows it.
    """
    out = list(lines)
    prose_seen = 0  # prose lines before the candidate headline
    for i, line in enumerate(lines):
        if i >= 2 and lines[i - 2].label == "prose":
            prose_seen += 1
        if i == 0 or not is_timestamp(line.text):
            continue
        prev = out[i - 1]
        before = lines[i - 2].text if i >= 2 else ""
        in_list = prose_seen > 0 and (is_timestamp(before) or bool(_SECTION.match(before)))
        if prev.label == "short" or (prev.label == "prose" and in_list):
            out[i - 1] = Line(prev.text, "junk", prev.paragraph)
    return out


def remove_furniture(text: str, *, title: str | None = None) -> str:
    """The article of a scraped page, furniture removed, paragraph breaks kept.

    Lines are joined with "\\n" inside a source paragraph and "\\n\\n" between
    paragraphs or across removed lines, so each line stays a sentence boundary.
    """
    lines = classify(text)
    keep = _decide(lines, title)
    return _join(lines, keep)


def _decide(lines: list[Line], title: str | None) -> list[bool]:
    prose_at = [i for i, line in enumerate(lines) if line.label == "prose"]
    if not prose_at:
        return [line.label == "short" and word_count(line.text) >= 3 for line in lines]
    title_key = _headline_key(title) if title else None
    # Above the headline sit the site's header, date bar and breadcrumbs, never the story.
    start = _start_of_story(lines, prose_at, title_key)
    prose_at = [i for i in prose_at if i >= start] or prose_at
    first, last = prose_at[0], prose_at[-1]
    keep: list[bool] = []
    in_section = False
    for i, line in enumerate(lines):
        if i < start:
            keep.append(False)
        elif line.label == "table":
            keep.append(not in_section)  # figures by province, country or week
        elif line.label == "junk":
            in_section = in_section or bool(_SECTION.match(line.text))
            keep.append(False)
        elif line.label == "prose":
            # A furniture section ends only at a real paragraph, not at a stray headline;
            # the story's first paragraph always ends one opened above the story.
            in_section = in_section and i != first and not _is_strong_prose(line.text)
            keep.append(not in_section)
        elif i < first:
            keep.append(_is_head_line(line.text, title_key))
        else:
            keep.append(i < last and not in_section)
    return keep


def _start_of_story(lines: list[Line], prose_at: list[int], title_key: str | None) -> int:
    """Index of the headline line; everything above it is the site's header.

    The known title is looked for among all lines: a poll question or a teaser in a
    sidebar may read like a sentence and come first, but when most of the prose
    follows the title, the story starts at the title.
    """
    first = prose_at[0]
    if title_key:
        at = next((i for i, x in enumerate(lines) if _matches_title(x.text, title_key)), None)
        if at is not None and at > first:
            before = sum(len(lines[i].text) for i in prose_at if i < at)
            after = sum(len(lines[i].text) for i in prose_at if i > at)
            if before < 0.25 * after:
                return at
    return _headline_index(lines[:first], title_key)


def _headline_index(head: list[Line], title_key: str | None) -> int:
    """Where the story starts above its first paragraph: the headline's line.

    The known title decides when it is found; otherwise the first headline-like line
    (three words or more, not a dateline, byline or upper-case masthead) does, so a
    standfirst under the headline stays. Section names and date bars above it go.
    """
    for i, line in enumerate(head):
        if _matches_title(line.text, title_key):
            return i
    for i, line in enumerate(head):
        if (
            line.label == "short"
            and word_count(line.text) >= 3
            and not line.text.isupper()
            and not is_dateline(line.text)
            and not _BYLINE.match(line.text)
        ):
            return i
    return 0


def _matches_title(line: str, title_key: str | None) -> bool:
    """The line is the headline, possibly with or without the site name appended."""
    if not title_key:
        return False
    key = _headline_key(line)
    if key == title_key:
        return True
    shorter, longer = sorted((key, title_key), key=len)
    return len(shorter.split()) >= 4 and longer.startswith(shorter)


def _is_head_line(line: str, title_key: str | None) -> bool:
    """Above the body: keep the headline, the dateline and the byline, drop nav words."""
    if _matches_title(line, title_key):
        return True
    return is_dateline(line) or bool(_BYLINE.match(line)) or word_count(line) >= 4


def _is_strong_prose(line: str) -> bool:
    return word_count(line) >= 15 and bool(_SENTENCE_END.search(line))


def _join(lines: list[Line], keep: list[bool]) -> str:
    parts: list[str] = []
    prev: int | None = None
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        if prev is not None:
            contiguous = i == prev + 1 and lines[prev].paragraph == line.paragraph
            parts.append("\n" if contiguous else "\n\n")
        parts.append(strip_source_stub(line.text) or line.text)
        prev = i
    return "".join(parts)


def _headline_key(line: str) -> str:
    return " ".join(_WORD.findall(line.casefold()))


def _is_cjk_heavy(line: str) -> bool:
    sample = line[:200]
    cjk = sum(1 for ch in sample if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    return cjk > len(sample) * 0.3
