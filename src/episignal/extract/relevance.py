"""Relevance: is this text an outbreak / public-health event report, or other news?

A transparent weighted-cue scorer: evidence adds to a logit, the logistic function turns it
into a score in [0, 1], and a text is relevant at :data:`RELEVANCE_THRESHOLD` or above.
The weights live in ``relevance.json`` (built from ``data_src/relevance/cues.yaml``):

* diseases found by the lexicon: any at all, how often, in the title, in the opening;
* outbreak vocabulary ("outbreak", "transmission", "vaccination", "quarantine"...), each
  distinct cue once, the sum capped;
* weak words that also occur in other news ("cases", "hospitalized"): small weights that
  only tip a text already leaning towards an outbreak;
* figures the count extractor found (cases, deaths, recoveries, tests...), more when linked
  to a disease, and public-health measures: many reports name their disease only in a title
  the text lacks, or not at all in a follow-up sentence ("the toll rose to 68");
* off-topic vocabulary ("sandstorm", "court", "election", "prices", "crash"), which weighs
  less when a disease is named ("floods raise fears of cholera").

So "thousands hospitalized as a sandstorm hits" scores low although it has a figure and
"hospitalized", and "court cases" are not cases of anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from episignal.data import load_json
from episignal.document import CountMention, DiseaseMention, MeasureMention
from episignal.extract.context import TextContext
from episignal.extract.ruler import PhraseRuler, lower_preserving_length

RELEVANCE_THRESHOLD = 0.5

# The opening of a report names its subject: a disease there is strong evidence.
_OPENING_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class _Cue:
    phrase: str
    family: str  # "strong" | "weak" | "negative"
    weight: float


@dataclass(frozen=True, slots=True)
class _Model:
    bias: float
    features: dict[str, float]
    ruler: PhraseRuler[_Cue]


@cache
def _model() -> _Model:
    data: dict[str, Any] = load_json("relevance.json")
    cues = [
        (phrase, _Cue(phrase, family, float(weight)))
        for family in ("strong", "weak", "negative")
        for phrase, weight in data[family].items()
    ]
    return _Model(float(data["bias"]), dict(data["features"]), PhraseRuler(cues))


def score_relevance(
    ctx: TextContext,
    diseases: list[DiseaseMention],
    counts: list[CountMention],
    measures: list[MeasureMention],
) -> float:
    """A score in [0, 1]: how much ``ctx`` reads as an outbreak / public-health event report."""
    model = _model()
    w = model.features
    has_disease = bool(diseases)
    logit = model.bias
    logit += _disease_evidence(ctx, diseases, w) if has_disease else 0.0
    strong, weak, negative = _cue_sums(ctx, model)
    logit += min(strong, w["strong_cap"]) + min(weak, w["weak_cap"])
    negative = max(negative, w["negative_cap"])
    logit += negative * (w["negative_with_disease"] if has_disease else 1.0)
    logit += _count_evidence(counts, w)
    logit += min(len(measures) * w["measure"], w["measure_cap"])
    return _logistic(logit)


def _count_evidence(counts: list[CountMention], w: dict[str, float]) -> float:
    figures = [c for c in counts if c.measure != "other"]
    if not figures:
        return 0.0
    score = min(w["epi_count"] + w["epi_count_more"] * (len(figures) - 1), w["epi_count_cap"])
    linked = sum(1 for c in figures if c.disease)
    return score + min(linked * w["linked_count"], w["linked_count_cap"])


def _disease_evidence(
    ctx: TextContext, diseases: list[DiseaseMention], w: dict[str, float]
) -> float:
    mentions = [s for d in diseases for s in (*d.mentions, *d.pathogen_mentions)]
    score = w["disease"]
    score += min(w["disease_mentions"] * math.log1p(len(mentions)), w["disease_mentions_cap"])
    if _named_in_title(ctx, diseases):
        score += w["disease_in_title"]
    sentences = ctx.sentences
    if sentences and mentions:
        opening_end = sentences[min(_OPENING_SENTENCES, len(sentences)) - 1][1]
        if min(start for start, _ in mentions) < opening_end:
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


def _cue_sums(ctx: TextContext, model: _Model) -> tuple[float, float, float]:
    """Sums of the distinct strong, weak and negative cues in the title and the text."""
    lower = ctx.lower
    haystack = lower if len(lower) == len(ctx.text) else None
    seen: dict[str, _Cue] = {}
    for m in model.ruler.find(ctx.text, haystack=haystack):
        seen.setdefault(m.value.phrase, m.value)
    if ctx.title:
        title = ctx.title
        for m in model.ruler.find(title, haystack=lower_preserving_length(title)):
            seen.setdefault(m.value.phrase, m.value)
    sums = {"strong": 0.0, "weak": 0.0, "negative": 0.0}
    for cue in seen.values():
        sums[cue.family] += cue.weight
    return sums["strong"], sums["weak"], sums["negative"]


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
