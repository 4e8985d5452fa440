"""Supplies and aid: vaccine doses, masks, ventilators, test kits, money ... and their fate.

One whole-word Aho-Corasick pass over the document finds item names, unit words ("doses",
"vials") and action cues ("bought", "sent", "asked", "rejected"), all from ``responses.json``
(built from ``data_src/responses/resources.yaml``). Only sentences holding both an item and
an action are examined further:

1. numbers come from :func:`episignal.extract.numbers.find_quantities`; a number directly
   before an item or unit word counts it ("10.6 million masks", "3 million doses of the
   vaccine"), a number with a currency is money ("$311,126 of vaccines": item vaccine,
   unit USD; money on its own is funding);
2. each item takes the action nearest before it ("North Korea asked China to provide
   vaccines": an infinitive defers to the verb that governs it; "will send" is a pledge),
   else the nearest after it ("10,000 masks were delivered");
3. countries: "from X" is the donor, "to X" / "for X" the recipient, "by X" the agent, and
   the nearest country before the verb is its subject, whose role depends on the verb (the
   subject of "sent" gives, the subject of "bought" or "rejected" receives). A requested
   item comes from the country asked ("asked China to ...").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal, cast

from episignal.data import load_json
from episignal.document import (
    DateMention,
    LocationMention,
    ResourceAction,
    ResourceItem,
    ResourceMention,
    Span,
)
from episignal.extract.context import TextContext
from episignal.extract.measures import (
    PlacedMention,
    PlaceIndex,
    clause_before,
    date_near,
    lowered_text,
    word_pattern,
)
from episignal.extract.numbers import Quantity, find_quantities
from episignal.extract.ruler import Match, PhraseRuler
from episignal.lang.english import alternation, english

Role = Literal["from", "to"]

# How far after a unit word or a sum of money its "of <item>" may reach (characters).
_OF_REACH = 48
# How far after a request verb the country asked may stand ("asked the government of China").
_ASKED_REACH = 40
# How far before an infinitive its governing verb may stand ("asked China to provide"), and
# before a noun ("received its first shipment of").
_GOVERN_REACH = 60
_NOUN_GOVERN_REACH = 25
# How far an item may stand from the verb acting on it: before it, after it (passive).
_VERB_REACH = 100
_PASSIVE_REACH = 60
# How far before its verb a subject may stand ("China sent", "North Korea has imported").
_SUBJECT_REACH = 60
# The English grammar words of these rules: data_src/en/responses.yaml (resources).
_WORDS = english("responses")["resources"]


@dataclass(frozen=True, slots=True)
class _Item:
    item: str
    unit: str


@dataclass(frozen=True, slots=True)
class _UnitWord:
    unit: str
    item: str | None  # the item when no "of <item>" follows ("3 million doses" -> vaccine)


@dataclass(frozen=True, slots=True)
class _Action:
    action: str
    subject: Role | None  # what the verb's subject is: donor, recipient; None for a noun
    needs_country: bool  # "received two doses" is about a person unless a country takes part


_Cue = _Item | _UnitWord | _Action | None  # None: a phrase that is no supply ("vaccine-derived")


@dataclass(frozen=True, slots=True)
class _ResourceLexicon:
    ruler: PhraseRuler[_Cue]
    currency_prefix: re.Pattern[str]  # a currency written right before a number, at the end
    currency_prefix_codes: dict[str, str]
    currency_suffix: re.Pattern[str]  # a currency word right after a number, at the start
    currency_suffix_codes: dict[str, str]
    money_hint: re.Pattern[str]  # any currency in a (lower-cased) sentence
    cue_before_country: re.Pattern[str]  # "from the government of " at the end of a window
    donor_cues: frozenset[str]
    recipient_cues: frozenset[str]
    agent_cues: frozenset[str]
    future: re.Pattern[str]  # "will " / "plans to " at the end of a window
    in_progress: frozenset[str]  # "sending": a delivery under way
    negation: re.Pattern[str]
    modifiers: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Head:
    """One supply named in a sentence, before its action and countries are known."""

    item: str
    span: Span
    quantity: float | None
    unit: str | None
    item_start: int  # where the item word is (its action is looked for around it)
    origin: str | None = None  # a demonym or country name right before the item ("Chinese")


@cache
def _lexicon() -> _ResourceLexicon:
    raw: dict[str, Any] = load_json("responses.json")["resources"]
    phrases: list[tuple[str, _Cue]] = [(p, _Item(i, u)) for p, i, u in raw["items"]]
    phrases += [(p, _UnitWord(u, i)) for p, u, i in raw["unit_words"]]
    phrases += [(p, _Action(a, cast(Role | None, r), bool(n))) for p, a, r, n in raw["actions"]]
    phrases += [(p, None) for p in raw["skip"]]
    cues = [*raw["donor_cues"], *raw["recipient_cues"], *raw["agent_cues"]]
    fillers = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in raw["country_fillers"])
    prefix: dict[str, str] = raw["currencies"]["prefix"]
    suffix: dict[str, str] = raw["currencies"]["suffix"]
    return _ResourceLexicon(
        ruler=PhraseRuler(phrases, per_document=True),
        currency_prefix=_prefix_pattern(prefix),
        currency_prefix_codes=prefix,
        currency_suffix=re.compile(
            rf"\s*({'|'.join(re.escape(w) for w in sorted(suffix, key=len, reverse=True))})\b"
        ),
        currency_suffix_codes=suffix,
        money_hint=_money_hint({*prefix, *suffix}),
        cue_before_country=re.compile(
            rf"(?<![\w])({'|'.join(map(re.escape, cues))})\s+(?:(?:{fillers})\s+)*$"
        ),
        donor_cues=frozenset(raw["donor_cues"]),
        recipient_cues=frozenset(raw["recipient_cues"]),
        agent_cues=frozenset(raw["agent_cues"]),
        future=re.compile(rf"(?<![\w])(?:{_alternation(raw['future_markers'])})\s+$"),
        in_progress=frozenset(" ".join(p.lower().split()) for p in raw["in_progress"]),
        negation=word_pattern(raw["negation"]),
        modifiers=frozenset(raw["modifiers"]),
    )


def _money_hint(currencies: set[str]) -> re.Pattern[str]:
    """Any currency, as a whole word ("usd", "dollars") or a symbol ("us$", "€").

    Only whether a sentence holds one is asked, so the words share one boundary test: with
    a lookbehind before each of forty alternatives, every character of a sentence ran forty
    lookbehinds, and this search took a few percent of all extraction.
    """
    # Longest first, so "us$" wins over "$"; then by spelling, so the pattern is the same
    # in every process (a set's order is not).
    ordered = sorted(currencies, key=lambda w: (-len(w), w))
    words = [re.escape(w.lower()) for w in ordered if w[-1].isalnum()]
    symbols = [re.escape(w.lower()) for w in ordered if not w[-1].isalnum()]
    return re.compile("|".join([rf"(?<![\w])(?:{'|'.join(words)})(?![\w])", *symbols]))


def _alternation(phrases: Sequence[str]) -> str:
    items = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in items)


def _prefix_pattern(prefix: dict[str, str]) -> re.Pattern[str]:
    # Symbols and codes are matched as written ("US$", "EUR"); a code must not end a word.
    alternatives = "|".join(re.escape(p) for p in sorted(prefix, key=len, reverse=True))
    return re.compile(rf"(?<![\w$€£₩])({alternatives})\s?$")


def find_resources(
    ctx: TextContext, locations: list[LocationMention], dates: list[DateMention]
) -> list[ResourceMention]:
    """Supplies and aid in ``ctx``: item, quantity and unit, action, donor, recipient, date."""
    lex = _lexicon()
    lower = lowered_text(ctx)
    matches = lex.ruler.find(ctx.text, haystack=lower)
    if not matches:
        return []
    places = PlaceIndex(locations)
    out: list[ResourceMention] = []
    for sentence, cues in _by_sentence(ctx, matches):
        actions = [m for m in cues if isinstance(m.value, _Action)]
        things = [m for m in cues if isinstance(m.value, _Item | _UnitWord)]
        if not actions or not (things or lex.money_hint.search(lower, *sentence)):
            continue
        quantities = find_quantities(ctx.text, sentence[0], sentence[1])
        things = [m for m in things if not _in_proper_name(ctx.text, m, sentence)]
        sentence_places = places.in_span(sentence)
        heads = _heads(ctx.text, lower, lex, things, quantities, sentence_places)
        # "US$ 2.4 million" holds no place: a country inside an item is none of its parties.
        sentence_places = [p for p in sentence_places if not _inside_any(p, heads)]
        for head in heads:
            mention = _resolve(
                ctx.text, lower, lex, head, actions, sentence, sentence_places, places
            )
            if mention is not None:
                out.append(_dated(mention, dates, sentence))
    return out


def _by_sentence(
    ctx: TextContext, matches: list[Match[_Cue]]
) -> list[tuple[Span, list[Match[_Cue]]]]:
    """The cue matches grouped by sentence, skip phrases dropped, in text order."""
    groups: dict[Span, list[Match[_Cue]]] = {}
    for m in matches:
        if m.value is not None:
            groups.setdefault(ctx.sentence_span(m.start), []).append(m)
    return sorted(groups.items())


# --------------------------------------------------------------------------- items and numbers


_WORD_BEFORE = re.compile(r"(\S+)\s+$")
_WORD_AFTER = re.compile(r"\s+(\S+)")


def _in_proper_name(text: str, m: Match[_Cue], sentence: Span) -> bool:
    """Whether a capitalised item name is part of a name ("Group on Vaccine Provision")."""
    word = text[m.start : m.end]
    if m.start == sentence[0] or not word[0].isupper() or word.isupper():
        return False
    before = _WORD_BEFORE.search(text, max(sentence[0], m.start - 30), m.start)
    after = _WORD_AFTER.match(text, m.end, min(sentence[1], m.end + 30))
    return any(n is not None and _title_word(n.group(1)) for n in (before, after))


def _title_word(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _inside_any(place: PlacedMention, heads: list[_Head]) -> bool:
    return any(h.span[0] <= place.start and place.end <= h.span[1] for h in heads)


def _heads(
    text: str,
    lower: str,
    lex: _ResourceLexicon,
    things: list[Match[_Cue]],
    quantities: list[Quantity],
    sentence_places: list[PlacedMention],
) -> list[_Head]:
    """The supplies of one sentence: counted or priced items first, then bare item names."""
    heads: list[_Head] = []
    used: set[int] = set()  # start offsets of item / unit matches already in a head
    for q in quantities:
        head = _money_head(text, lower, lex, q, things, used) or _counted_head(
            text, lex, q, things, used
        )
        if head is not None:
            heads.append(head)
    for m in things:
        if m.start not in used and isinstance(m.value, _Item):
            used.add(m.start)
            whole = _extended(text, m, things, used)
            heads.append(_Head(m.value.item, (m.start, whole.end), None, None, m.start))
    heads.sort(key=lambda h: h.span)
    return [_with_origin(text, h, sentence_places) for h in heads]


def _money_head(
    text: str,
    lower: str,
    lex: _ResourceLexicon,
    q: Quantity,
    things: list[Match[_Cue]],
    used: set[int],
) -> _Head | None:
    """A sum of money: the item it bought ("$311,126 of vaccines"), else funding."""
    currency, start, end = _currency(text, lower, lex, q)
    if currency is None:
        return None
    of_item = _of_item(text, end, things, used)
    if of_item is not None:
        used.add(of_item.start)
        item = cast(_Item, of_item.value).item
        # "$5 million in aid" is funding; "$311,126 of vaccines" paid for vaccines.
        item = "funding" if item == "other" else item
        return _Head(item, (start, of_item.end), q.value, currency, of_item.start)
    return _Head("funding", (start, end), q.value, currency, start)


def _currency(
    text: str, lower: str, lex: _ResourceLexicon, q: Quantity
) -> tuple[str | None, int, int]:
    """The currency of ``q`` (written before or after it) and the span of the whole sum."""
    start, end = q.span
    before = lex.currency_prefix.search(text, max(0, q.number_span[0] - 6), q.number_span[0])
    if before is not None:
        code = lex.currency_prefix_codes[before.group(1)]
        return code, min(start, before.start()), end
    after = lex.currency_suffix.match(lower, end, min(len(text), end + 24))
    if after is not None:
        return lex.currency_suffix_codes[after.group(1)], start, after.end()
    return None, start, end


_OF = re.compile(
    rf"\s+(?:(?:{alternation(_WORDS['worth'])})\s+)?(?:{alternation(_WORDS['of'])})\s+"
    rf"(?:(?:{alternation(_WORDS['articles'])})\s+)?(?:[\w-]+\s+){{0,3}}$",
    re.IGNORECASE,
)


def _of_item(text: str, pos: int, things: list[Match[_Cue]], used: set[int]) -> Match[_Cue] | None:
    """The item named by "(worth) of ..." right after ``pos`` (with the names that go on it)."""
    for m in things:
        if m.start < pos or m.start in used or not isinstance(m.value, _Item):
            continue
        if m.start - pos > _OF_REACH or not _OF.match(text, pos, m.start):
            return None
        return _extended(text, m, things, used)
    return None


def _extended(
    text: str, first: Match[_Cue], things: list[Match[_Cue]], used: set[int]
) -> Match[_Cue]:
    """``first`` stretched over names of the same item right after it ("Sinovac vaccine")."""
    last = first
    for m in things:
        if m.start <= last.start:
            continue
        if m.value != first.value and not (
            isinstance(m.value, _Item)
            and isinstance(first.value, _Item)
            and m.value.item == first.value.item
        ):
            break
        if text[last.end : m.start].strip(" -"):
            break
        used.add(m.start)
        last = m
    return Match(first.start, last.end, first.value)


def _counted_head(
    text: str, lex: _ResourceLexicon, q: Quantity, things: list[Match[_Cue]], used: set[int]
) -> _Head | None:
    """A number counting the item or unit word right after it ("1,000 ventilators")."""
    nxt = next((m for m in things if m.start >= q.span[1] and m.start not in used), None)
    if nxt is None or not _only_modifiers(text[q.span[1] : nxt.start], lex):
        return None
    used.add(nxt.start)
    if isinstance(nxt.value, _Item):
        end = _extended(text, nxt, things, used).end
        return _Head(nxt.value.item, (q.span[0], end), q.value, nxt.value.unit, nxt.start)
    unit = cast(_UnitWord, nxt.value)
    of_item = _of_item(text, nxt.end, things, used)
    if of_item is not None:
        used.add(of_item.start)
        item = cast(_Item, of_item.value).item
        return _Head(item, (q.span[0], of_item.end), q.value, unit.unit, of_item.start)
    return _Head(unit.item or "other", (q.span[0], nxt.end), q.value, unit.unit, nxt.start)


def _only_modifiers(gap: str, lex: _ResourceLexicon) -> bool:
    """Whether the words between a number and an item only qualify the item."""
    words = gap.split()
    if len(words) > 3 or (gap and not gap[0].isspace()):
        return False
    return all(w[0].isupper() or w.lower() in lex.modifiers or "-" in w for w in words)


def _with_origin(text: str, head: _Head, sentence_places: list[PlacedMention]) -> _Head:
    """Note a country named right before the item word ("Chinese vaccines", "3m Chinese masks")."""
    for p in sentence_places:
        if (
            head.span[0] <= p.start
            and p.end <= head.item_start
            and not text[p.end : head.item_start].strip()
        ):
            return _Head(head.item, head.span, head.quantity, head.unit, head.item_start, p.country)
    for p in sentence_places:
        if p.end <= head.span[0] and not text[p.end : head.span[0]].strip():
            return _Head(head.item, head.span, head.quantity, head.unit, head.item_start, p.country)
    return head


# --------------------------------------------------------------------------- actions and countries


def _resolve(
    text: str,
    lower: str,
    lex: _ResourceLexicon,
    head: _Head,
    actions: list[Match[_Cue]],
    sentence: Span,
    sentence_places: list[PlacedMention],
    places: PlaceIndex,
) -> ResourceMention | None:
    governing = _governing_action(lower, lex, head, actions, sentence)
    if governing is None:
        return None
    verb, action = governing
    cue = cast(_Action, verb.value)
    if action != "refused" and lex.negation.search(clause_before(lower, verb.start, sentence)):
        return None
    donor, recipient = _countries(
        lower, lex, verb, cue, action, head, actions, sentence, sentence_places
    )
    if cue.needs_country and donor is None and recipient is None:
        return None
    if recipient is None and action is not None:
        # Whoever buys, asks for, turns down, is promised or is sent supplies in an outbreak
        # report is, unless the sentence says otherwise, the country the report is about.
        main = places.main_country
        recipient = main if main != donor else None
    return ResourceMention(
        item=cast(ResourceItem, head.item),
        span=head.span,
        quantity=head.quantity,
        unit=head.unit,
        action=cast(ResourceAction, action),
        from_country=donor,
        to_country=recipient,
    )


def _governing_action(
    lower: str,
    lex: _ResourceLexicon,
    head: _Head,
    actions: list[Match[_Cue]],
    sentence: Span,
) -> tuple[Match[_Cue], str] | None:
    """The verb that acts on the item and its action (a pledge when the verb is future)."""
    before = [a for a in actions if a.end <= head.item_start]
    if (
        before
        and head.item_start - before[-1].end <= _VERB_REACH
        # "crowds provide the perfect setting, but two doses protect": another clause.
        and _CLAUSE_BREAK.search(lower, before[-1].end, head.span[0]) is None
    ):
        verb = before[-1]
    else:
        # A passive after the item: "10,000 masks were delivered", "masks donated by
        # China", "vaccines arrive"; not "on ventilators, delivering babies".
        after = [a for a in actions if a.start >= head.span[1]]
        if not after or after[0].start - head.span[1] > _PASSIVE_REACH:
            return None
        verb = after[0]
        if not _passive_after(lower, head.span[1], verb):
            return None
    action = cast(_Action, verb.value).action
    if action in ("delivered", "purchased") and _future(lower, lex, verb, sentence):
        return verb, "pledged"
    if action == "delivered" and lower[verb.start : verb.end] in lex.in_progress:
        return verb, "pledged"  # "Sending 50,000 doses": under way, not delivered
    # "asked China to provide vaccines": the infinitive defers to the verb governing it, and
    # so does a noun ("received a shipment of masks").
    while True:
        if _infinitive(lower, verb, sentence):
            reach = _GOVERN_REACH
        elif cast(_Action, verb.value).subject is None:
            reach = _NOUN_GOVERN_REACH
        else:
            break
        earlier = [a for a in before if a.end <= verb.start and verb.start - a.end <= reach]
        if not earlier:
            break
        verb = earlier[-1]
    return verb, cast(_Action, verb.value).action


_AUXILIARY = re.compile(rf"\b(?:{alternation(_WORDS['auxiliaries'])})\b")
_ARRIVAL = re.compile(alternation(_WORDS["arrival"]))
_PARTICIPLE_ENDINGS = tuple(_WORDS["participle_endings"])


def _passive_after(lower: str, item_end: int, verb: Match[_Cue]) -> bool:
    """Whether a verb after the item acts on it: a passive ("were delivered"), a participle
    right after it ("masks donated by China") or an arrival ("vaccines arrived")."""
    gap = lower[item_end : verb.start]
    word = lower[verb.start : verb.end]
    if _AUXILIARY.search(gap) or _ARRIVAL.match(word):
        return True
    return not gap.strip(" ,") and word.endswith(_PARTICIPLE_ENDINGS)


def _future(lower: str, lex: _ResourceLexicon, verb: Match[_Cue], sentence: Span) -> bool:
    return lex.future.search(lower, max(sentence[0], verb.start - 24), verb.start) is not None


_INFINITIVE = tuple(f"{marker} " for marker in _WORDS["infinitive"])


def _infinitive(lower: str, verb: Match[_Cue], sentence: Span) -> bool:
    return any(
        lower[max(sentence[0], verb.start - len(marker)) : verb.start] == marker
        for marker in _INFINITIVE
    )


def _countries(
    lower: str,
    lex: _ResourceLexicon,
    verb: Match[_Cue],
    cue: _Action,
    action: str,
    head: _Head,
    actions: list[Match[_Cue]],
    sentence: Span,
    sentence_places: list[PlacedMention],
) -> tuple[str | None, str | None]:
    """(donor, recipient) of the item, from prepositions, the verb's subject and its object."""
    roles: dict[Role, str] = {}
    # The clause that belongs to this verb: up to the next action verb after the item.
    stop = next((a.start for a in actions if a.start > max(verb.end, head.span[1])), sentence[1])
    for p in sentence_places:
        if p.start < verb.end or p.start >= stop:
            continue
        role = _preposition_role(lower, lex, p, sentence, cue, action, verb)
        if role is not None:
            roles.setdefault(role, p.country)
    if head.origin is not None:
        roles.setdefault("from", head.origin)
    # A verb after its item is passive ("masks were sent to ..."): its subject is the item.
    subject = (
        None if verb.start >= head.span[1] else _subject(lower, verb, sentence, sentence_places)
    )
    if subject is not None and cue.subject and subject.country not in roles.values():
        roles.setdefault(cue.subject, subject.country)
    owner = _possessor(lower, verb, sentence_places) if cue.subject is None else None
    if owner is not None:
        roles.setdefault("from", owner)  # "China's donation of ..."
    donor, recipient = roles.get("from"), roles.get("to")
    return donor, (recipient if recipient != donor else None)


_POSSESSIVE = re.compile(rf"(?:{alternation(_WORDS['possessive'])})\s+$")


def _possessor(lower: str, verb: Match[_Cue], sentence_places: list[PlacedMention]) -> str | None:
    """The country whose noun the cue is: "China's donation of", "Japan's shipment of"."""
    for p in sentence_places:
        if p.end < verb.start and _POSSESSIVE.fullmatch(lower, p.end, verb.start):
            return p.country
    return None


def _preposition_role(
    lower: str,
    lex: _ResourceLexicon,
    place: PlacedMention,
    sentence: Span,
    cue: _Action,
    action: str,
    verb: Match[_Cue],
) -> Role | None:
    """The role a place after the verb plays, from the preposition before it."""
    m = lex.cue_before_country.search(lower, max(sentence[0], place.start - 50), place.start)
    if action == "requested" and _asked(lower, verb, place):
        return "from"
    if m is None:
        return None
    word = m.group(1)
    if word in lex.donor_cues:
        return "from"
    if word in lex.recipient_cues:
        return "to"
    if word in lex.agent_cues:
        return cue.subject
    return None


def _asked(lower: str, verb: Match[_Cue], place: PlacedMention) -> bool:
    """Whether ``place`` is the one a request is made of ("asked China", "appealed to China")."""
    if place.start - verb.end > _ASKED_REACH:
        return False
    return _ASKED_GAP.match(lower, verb.end, place.start) is not None


# Words that start a new clause between a verb and an item it then does not govern.
_CLAUSE_BREAK = re.compile(rf";|\b(?:{alternation(_WORDS['clause_breaks'])})\b")


# What may stand between a request verb and the country asked.
_ASKED_GAP = re.compile(
    rf"\s*(?:(?:{alternation(_WORDS['asked_to'])})\s+)?(?:(?:{alternation(_WORDS['asked_article'])})\s+)?"
    rf"(?:(?:{alternation(_WORDS['asked_bodies'])})\s+(?:{alternation(_WORDS['asked_of'])})\s+"
    rf"(?:(?:{alternation(_WORDS['asked_article'])})\s+)?)?$"
)


def _subject(
    lower: str, verb: Match[_Cue], sentence: Span, sentence_places: list[PlacedMention]
) -> PlacedMention | None:
    """The country nearest before the verb, close to it and after no preposition (its subject)."""
    for p in reversed(sentence_places):
        if p.end > verb.start:
            continue
        if verb.start - p.end > _SUBJECT_REACH:
            return None
        if _PREPOSITION.search(lower, max(sentence[0], p.start - 50), p.start) is None:
            return p
    return None


# A place after one of these is no subject ("in China", "the Ministry of Health of Mali").
_PREPOSITION = re.compile(
    rf"(?<![\w])(?:{alternation(_WORDS['prepositions'])})\s+"
    rf"(?:(?:{alternation(_WORDS['asked_article'])})\s+)?$"
)


def _dated(mention: ResourceMention, dates: list[DateMention], sentence: Span) -> ResourceMention:
    date: dt.date | None = date_near(dates, sentence, mention.span[0])
    return mention if date is None else replace(mention, date=date)
