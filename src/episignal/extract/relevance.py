"""Relevance: is this text outbreak news, or other news and pages that name diseases?

Outbreak news reports an occurrence of disease in a population, in a place, now. A
transparent weighted-cue scorer adds evidence to a logit, the logistic function turns it
into a score in [0, 1], and a text is relevant at :data:`RELEVANCE_THRESHOLD` or above.
Every weight and word lives in ``relevance.json`` (built from
``data_src/relevance/cues.yaml``); :func:`relevance_terms` shows each term's share.

* diseases found by the lexicon in the body (a name in a short line of navigation or a
  related link is a passing mention): any at all, how often, in the title, in the opening;
* an occurrence: a sentence that names a disease (or an outbreak) and says it occurs
  ("cases", "died", "infected", "confirmed", "spread"). A text that names diseases but
  never says one occurs ("given the party the flu", a study's reference list, advice on
  symptoms) loses evidence;
* outbreak vocabulary ("outbreak", "transmission", "quarantine"), each distinct cue once,
  the sum capped; weak words that also occur in other news ("cases", "hospitalized");
* figures of cases and deaths the count extractor found, in full where their sentence
  names a disease or an outbreak, a little elsewhere ("the number of civil servants rose
  to 520,000" is no epidemic figure); public-health measures;
* off-topic vocabulary (storms, courts, elections, markets, sport, computer viruses,
  bands and concerts), which weighs less when a disease is named;
* the kind of page: scholarly pages and reference lists ("et al.", "doi", "Article
  number"), health advice and gardening pages, and text addressed to the reader ("you",
  "your") or told in the first person ("I", "my"), whatever diseases they name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from episignal.data import load_json
from episignal.document import CountMention, DiseaseMention, MeasureMention, Span
from episignal.extract.context import TextContext
from episignal.extract.ruler import Match, PhraseRuler, lower_preserving_length
from episignal.lang.english import alternation, english

RELEVANCE_THRESHOLD = 0.5

# The opening of a report names its subject: a disease there is strong evidence.
_OPENING_SENTENCES = 2
# A line shorter than this, without a full stop, is navigation, a heading or a link title.
_BODY_MIN_WORDS = 8
_SCORED_FAMILIES = ("strong", "weak", "negative", "genre")
_EPI_MEASURES = frozenset({"cases", "deaths", "hospitalized", "recovered", "active"})
# The English words of these rules: data_src/en/relevance.yaml.
_WORDS = english("relevance")


@dataclass(frozen=True, slots=True)
class _Cue:
    phrase: str
    family: str  # strong | weak | negative | genre | occurrence | outbreak | you | i
    weight: float


@dataclass(frozen=True, slots=True)
class _Model:
    bias: float
    features: dict[str, float]
    ruler: PhraseRuler[_Cue]
    occurrence: re.Pattern[str]  # "cases", "died", "confirmed": a disease occurs
    outbreak: re.Pattern[str]  # "outbreak", "epidemic": names an outbreak without its disease
    not_now: re.Pattern[str]  # "predicted to", "would have to": a forecast, plan or condition
    not_occurrence: re.Pattern[str]  # "it emerged", "to death": an occurrence word's idiom
    policy_lead: re.Pattern[str]  # "plans", "calls for", "fund": a politics or policy story


@dataclass(frozen=True, slots=True)
class RelevanceTerms:
    """Each kind of evidence's share of the logit (see the module docstring)."""

    bias: float
    disease: float
    occurrence: float
    cues: float
    negative: float
    genre: float
    voice: float
    counts: float
    measures: float

    @property
    def logit(self) -> float:
        return (
            self.bias
            + self.disease
            + self.occurrence
            + self.cues
            + self.negative
            + self.genre
            + self.voice
            + self.counts
            + self.measures
        )

    @property
    def score(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit))


@cache
def _model() -> _Model:
    data: dict[str, Any] = load_json("relevance.json")
    cues = [
        (phrase, _Cue(phrase, family, float(weight)))
        for family in _SCORED_FAMILIES
        for phrase, weight in data[family].items()
    ]
    cues += [(p, _Cue(p, "outbreak", 0.0)) for p in data["outbreak_nouns"]]
    pronouns = data["pronouns"]
    cues += [(p, _Cue(p, "you", 0.0)) for p in pronouns["second"]]
    # "I" is counted apart, only as a capital ("clade i" is no pronoun).
    capitals = {p.lower() for p in _WORDS["capital_pronouns"]}
    cues += [(p, _Cue(p, "i", 0.0)) for p in pronouns["first"] if p not in capitals]
    return _Model(
        float(data["bias"]),
        dict(data["features"]),
        PhraseRuler(cues, per_document=True),
        # Frequent words, searched only in the sentences that need them: not in the ruler.
        occurrence=_word_regex(data["occurrence"]),
        outbreak=_word_regex(data["outbreak_nouns"]),
        not_now=_word_regex(data["not_now"]),
        not_occurrence=_word_regex(data["not_occurrence"]),
        policy_lead=_word_regex(data["policy_lead"]),
    )


def _word_regex(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def score_relevance(
    ctx: TextContext,
    diseases: list[DiseaseMention],
    counts: list[CountMention],
    measures: list[MeasureMention],
) -> float:
    """A score in [0, 1]: how much ``ctx`` reads as outbreak news."""
    return relevance_terms(ctx, diseases, counts, measures).score


def relevance_terms(
    ctx: TextContext,
    diseases: list[DiseaseMention],
    counts: list[CountMention],
    measures: list[MeasureMention],
) -> RelevanceTerms:
    """The evidence for and against ``ctx`` being outbreak news, term by term."""
    model = _model()
    w = model.features
    matches = _cue_matches(ctx, model)
    body = _body_mentions(ctx, diseases)
    sums = _family_sums([*matches, *_title_matches(ctx, model)])
    negative = max(sums["negative"], w["negative_cap"])
    named = _named_sentences(ctx, body, matches)
    epidemic = named | _count_sentences(ctx, counts)
    prominence = _prominence(ctx, diseases, body, named, w)
    return RelevanceTerms(
        bias=model.bias,
        disease=_disease_evidence(ctx, diseases, body, prominence, w),
        occurrence=_occurrence_evidence(ctx, epidemic, matches, prominence, model),
        cues=min(sums["strong"], w["strong_cap"]) + min(sums["weak"], w["weak_cap"]),
        # Off-topic words weigh less in a text about a disease ("floods raise cholera
        # fears"), not in one that names a disease in passing.
        negative=negative * (1.0 - (1.0 - w["negative_with_disease"]) * prominence),
        genre=max(sums["genre"], w["genre_cap"]),
        voice=_voice_evidence(ctx, matches, w),
        counts=_count_evidence(ctx, counts, named, _off_topic_sentences(ctx, matches), w),
        measures=min(len(measures) * w["measure"], w["measure_cap"]),
    )


# --------------------------------------------------------------------------- cues


def _cue_matches(ctx: TextContext, model: _Model) -> list[Match[_Cue]]:
    lower = ctx.lower
    haystack = lower if len(lower) == len(ctx.text) else None
    return model.ruler.find(ctx.text, haystack=haystack)


def _family_sums(matches: Iterable[Match[_Cue]]) -> dict[str, float]:
    """Sums of the distinct scored cues of the text (each phrase counts once)."""
    seen: dict[str, _Cue] = {}
    for m in matches:
        if m.value.family in _SCORED_FAMILIES:
            seen.setdefault(f"{m.value.family}:{m.value.phrase}", m.value)
    sums = dict.fromkeys(_SCORED_FAMILIES, 0.0)
    for cue in seen.values():
        sums[cue.family] += cue.weight
    return sums


def _title_matches(ctx: TextContext, model: _Model) -> list[Match[_Cue]]:
    if not ctx.title:
        return []
    return model.ruler.find(ctx.title, haystack=lower_preserving_length(ctx.title))


# --------------------------------------------------------------------------- diseases


def _body_mentions(ctx: TextContext, diseases: list[DiseaseMention]) -> list[Span]:
    """Disease mentions in sentences of the body, not in navigation, headings or link titles."""
    out = []
    for d in diseases:
        for span in (*d.mentions, *d.pathogen_mentions):
            if _is_body(ctx, ctx.sentence_span(span[0])):
                out.append(span)
    return sorted(out)


def _is_body(ctx: TextContext, sentence: Span) -> bool:
    text = ctx.text[sentence[0] : sentence[1]].rstrip()
    return text.endswith((".", "!", "?", ":", ";", '"', "”", ")")) or (
        len(text.split()) >= _BODY_MIN_WORDS
    )


def _prominence(
    ctx: TextContext,
    diseases: list[DiseaseMention],
    body: list[Span],
    epidemic: set[int],
    w: dict[str, float],
) -> float:
    """How much the text is about a disease, in [0, 1]: 1 when the title or the opening
    names one or enough of its sentences are about one; less for a passing mention ("a ban
    on US beef imports after a cow infected with BSE" in a story about trade)."""
    if not body and not _named_in_title(ctx, diseases):
        return 0.0
    if _named_in_title(ctx, diseases) or _named_early(ctx, body):
        return 1.0
    share = len(epidemic) / max(1, len(ctx.sentences))
    return min(1.0, share / w["disease_share_full"])


def _named_early(ctx: TextContext, body: list[Span]) -> bool:
    sentences = ctx.sentences
    if not sentences or not body:
        return False
    return body[0][0] < sentences[min(_OPENING_SENTENCES, len(sentences)) - 1][1]


def _disease_evidence(
    ctx: TextContext,
    diseases: list[DiseaseMention],
    body: list[Span],
    prominence: float,
    w: dict[str, float],
) -> float:
    if prominence == 0:
        return 0.0
    score = w["disease"] * prominence
    score += min(w["disease_mentions"] * math.log1p(len(body)), w["disease_mentions_cap"])
    if _named_in_title(ctx, diseases):
        score += w["disease_in_title"]
    if _named_early(ctx, body):
        score += w["disease_early"]
    return score


def _named_in_title(ctx: TextContext, diseases: list[DiseaseMention]) -> bool:
    if not ctx.title:
        return False
    title = ctx.title.lower()
    for d in diseases:
        surfaces = {d.name.lower()}
        surfaces.update(ctx.text[s:e].lower() for s, e in (*d.mentions, *d.pathogen_mentions))
        if any(surface and surface in title for surface in surfaces):
            return True
    return False


# --------------------------------------------------------------------------- occurrence


def _named_sentences(ctx: TextContext, body: list[Span], matches: list[Match[_Cue]]) -> set[int]:
    """Sentences that name a disease or an outbreak."""
    found = {ctx.sentence_index(s) for s, _ in body}
    found.update(ctx.sentence_index(m.start) for m in matches if _names_epidemic(m.value))
    return found


def _count_sentences(ctx: TextContext, counts: list[CountMention]) -> set[int]:
    """Sentences with a figure of cases or deaths ("a total of 327 cases and 46 deaths": a
    report that never names its disease)."""
    return {ctx.sentence_index(c.span[0]) for c in counts if _is_epidemic_figure(c)}


def _is_epidemic_figure(c: CountMention) -> bool:
    return c.measure in _EPI_MEASURES and c.kind == "observed" and c.condition is None


def _names_epidemic(cue: _Cue) -> bool:
    """An outbreak noun, or a strong epidemiological cue ("case fatality rate",
    "laboratory-confirmed"): a report that never names its disease still has these."""
    return cue.family == "outbreak" or (
        cue.family == "strong" and cue.weight >= _model().features["epi_cue_weight"]
    )


def _occurrence_evidence(
    ctx: TextContext,
    epidemic: set[int],
    matches: list[Match[_Cue]],
    prominence: float,
    model: _Model,
) -> float:
    """A sentence that names a disease, an outbreak or an epidemic figure and says it
    occurs ("12 cases of cholera were confirmed", "the death toll rose to 68"); a text that
    names diseases without one ("given the party the flu", advice on symptoms, a reference
    list) loses evidence."""
    w = model.features
    text = ctx.text
    for i in sorted(epidemic):
        if 0 <= i < len(ctx.sentences) and model.occurrence.search(text, *ctx.sentences[i]):
            return w["occurrence"]
    named = prominence > 0 or any(m.value.family == "outbreak" for m in matches)
    return w["no_occurrence"] if named else 0.0


# --------------------------------------------------------------------------- the page


def _voice_evidence(ctx: TextContext, matches: list[Match[_Cue]], w: dict[str, float]) -> float:
    """Text addressed to the reader or told in the first person: advice, blogs, anecdotes."""
    text = ctx.text
    words = max(1, text.count(" ") + text.count("\n") + 1)
    you = sum(1 for m in matches if m.value.family == "you")
    me = sum(1 for m in matches if m.value.family == "i")
    me += sum(1 for m in _CAPITAL_I.finditer(text) if _is_pronoun_i(text, m.start()))
    allowance = w["person_allowance"]
    penalty = w["second_person"] * max(0.0, 100 * you / words - allowance)
    penalty += w["first_person"] * max(0.0, 100 * me / words - allowance)
    return max(penalty, w["person_cap"])


_CAPITAL_I = re.compile(rf"\b(?:{alternation(_WORDS['capital_pronouns'])})\b")


def _is_pronoun_i(text: str, pos: int) -> bool:
    """ "I" as a pronoun, not a roman numeral or a list marker ("clade I", "Phase I")."""
    return not text[max(0, pos - 7) : pos].rstrip().isupper() and not _NUMERAL_BEFORE.search(
        text, max(0, pos - 12), pos
    )


_NUMERAL_BEFORE = re.compile(rf"(?:{alternation(_WORDS['numeral_nouns'])})\s+$", re.I)


def _off_topic_sentences(ctx: TextContext, matches: list[Match[_Cue]]) -> set[int]:
    """Sentences with a clearly off-topic word ("tsunami", "crash"; not "killed")."""
    return {
        ctx.sentence_index(m.start)
        for m in matches
        if m.value.family == "negative" and m.value.weight <= _OFF_TOPIC_WEIGHT
    }


_OFF_TOPIC_WEIGHT = -1.0


def _count_evidence(
    ctx: TextContext,
    counts: list[CountMention],
    named: set[int],
    off_topic: set[int],
    w: dict[str, float],
) -> float:
    """Figures of cases, deaths, tests ...: less where their sentence has off-topic words
    and names no disease ("with at least 23,000 people killed" by a tsunami)."""
    weight = 0.0
    linked = 0
    for c in counts:
        if c.measure == "other" or c.kind != "observed" or c.condition is not None:
            continue
        sentence = ctx.sentence_index(c.span[0])
        in_named = sentence in named
        weight += 1.0 if in_named or sentence not in off_topic else w["count_outside_share"]
        linked += in_named and c.disease is not None
    if weight == 0:
        return 0.0
    score = w["epi_count"] * min(weight, 1.0) + w["epi_count_more"] * max(0.0, weight - 1)
    return min(score, w["epi_count_cap"]) + min(linked * w["linked_count"], w["linked_count_cap"])


# --------------------------------------------------------------------------- occurrence now


def occurrence_sentences(
    ctx: TextContext,
    disease_spans: Iterable[Span],
    counts: Iterable[CountMention],
    *,
    any_subject: bool = False,
) -> set[int]:
    """Sentences that say a disease occurs now: one that names the disease, an outbreak or
    an observed epidemic figure (any sentence with ``any_subject``: "cases have also been
    reported in Niger"), with an occurrence word ("cases", "died", "confirmed"), and no
    forecast, plan, condition or past year ("are predicted to experience new cases", "would
    have to be tested for TB"). A report opens events only where such sentences are: a
    politics or business story that names a disease and a country reports no outbreak."""
    model = _model()
    text = ctx.text
    names = sorted(disease_spans)
    # A disease named only in the title, or inferred: any sentence may say it occurs.
    any_subject = any_subject or not names
    named = {ctx.sentence_index(span[0]) for span in names}
    named.update(ctx.sentence_index(c.span[0]) for c in counts if _is_epidemic_figure(c))
    sentences = ctx.sentences
    out = set()
    for i, (start, end) in enumerate(sentences):
        if not any_subject and i not in named and not model.outbreak.search(text, start, end):
            continue
        if model.not_now.search(text, start, end):
            continue
        if _says_occurs(text, start, end, names, model):
            out.add(i)
    return out


def _says_occurs(text: str, start: int, end: int, names: list[Span], model: _Model) -> bool:
    """An occurrence word in text[start:end] that is neither a word of the disease's own
    name ("testing for HIV infection") nor part of an idiom ("it emerged that", "condemns a
    generation to death")."""
    idioms = [m.span() for m in model.not_occurrence.finditer(text, start, end)]
    taken = names + idioms
    return any(
        not any(s < m.end() and m.start() < e for s, e in taken)
        for m in model.occurrence.finditer(text, start, end)
    )


def policy_story(ctx: TextContext, counts: Iterable[CountMention]) -> bool:
    """A politics or policy story: its title or opening sentence is about a plan, a policy,
    a fund or a call to act ("Party plans health checks for migrants", "Minister calls for an
    Aids fund", "MP urges action"), and it gives no observed figure of cases or deaths. Its
    quotes may say a disease is rising or kills, but it reports no outbreak."""
    if any(_is_epidemic_figure(c) for c in counts):
        return False
    model = _model()
    if ctx.title and model.policy_lead.search(ctx.title):
        return True
    return bool(ctx.sentences) and bool(model.policy_lead.search(ctx.text, *ctx.sentences[0]))
