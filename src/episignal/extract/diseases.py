"""Disease extraction: lexicon matching in one Aho-Corasick pass, then salience ranking.

The lexicon (``episignal/data/diseases.json``, built from ``data_src/diseases``) maps every
surface form to a disease, as a disease name (reported in ``mentions``) or as the name of
its pathogen, strain or variant (``pathogen_mentions``). Case-sensitive abbreviations are
matched in the same case-insensitive pass and then checked against the original text, so
"ASF" is found but "asf" is not. Ambiguous ("weak") forms such as "AFP" (also a news agency)
only count when the same disease is named unambiguously elsewhere in the text.

Ranking: each mention is weighted by its position, by whether its sentence reports figures,
and down-weighted when incidental ("tested negative for dengue", "unlike Ebola",
vaccination history, previous outbreaks). A title mention counts up. Generic names fold into
the specific disease they refine ("influenza" into "avian influenza A(H5N1)", "coronavirus"
into COVID-19), and syndromic terms ("unexplained fever", "mysterious illness") fold into the
specific disease of the story when it has one, otherwise they stand for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from episignal.data import load_json
from episignal.document import DiseaseMention, Span
from episignal.extract.context import TextContext
from episignal.extract.ruler import PhraseRuler, lower_preserving_length
from episignal.lang.english import alternation, english

LEXICON_FILE = "diseases.json"

# Mention weights (salience is their sum per disease).
BASE_WEIGHT = 1.0
POSITION_WEIGHT = 1.0  # scaled by how early in the text the mention is
FIRST_SENTENCE_WEIGHT = 1.5  # headline / lead
FIGURES_WEIGHT = 1.0  # the sentence reports case or death figures
TITLE_WEIGHT = 5.0
INCIDENTAL_FACTOR = 0.15  # "tested negative for dengue", "unlike Ebola", "measles vaccine"
BACKGROUND_FACTOR = 0.4  # "the previous outbreak of cholera in 2010"
CONTEXT_CHARS = 80

# The English words of these rules: data_src/en/diseases.yaml.
_WORDS = english("diseases")
_INCIDENTAL = _WORDS["incidental"]
_BACKGROUND_CUES = _WORDS["background"]
# Words just before a mention that make it incidental to the story: contrasts and comparisons
# ("unlike Ebola"), immunity ("vaccinated against measles") govern the next few words only;
# negative results ("tested negative for dengue, malaria and Lassa") the rest of the clause.
_INCIDENTAL_BEFORE = re.compile(
    rf"\b(?:(?:{alternation(_INCIDENTAL['before_near'])})\s+(?:[\w-]+\s+){{0,2}}|"
    rf"(?:{alternation(_INCIDENTAL['before_clause'])})\b[^.;:]*)$"
)
# Words right after a mention that make it incidental ("measles vaccine", "dengue was ruled out").
_INCIDENTAL_AFTER = re.compile(rf"^[\s\-]*(?:{alternation(_INCIDENTAL['after'])})")
# Any of the words the two patterns above look for: most sentences have none, and then the
# per-mention checks are skipped (plain substring tests are much cheaper than a regex scan).
_INCIDENTAL_WORDS = tuple(_INCIDENTAL["words"])
_BACKGROUND_WORDS = tuple(_BACKGROUND_CUES["words"])
# Sentences about earlier events: background, not the current outbreak.
_BACKGROUND = re.compile(
    rf"\b(?:{alternation(_BACKGROUND_CUES['adjectives'])})\s+(?:\w+\s+){{0,2}}?"
    rf"(?:{alternation(_BACKGROUND_CUES['events'])})\b|"
    + "|".join(rf"\b{phrase}\b" for phrase in _BACKGROUND_CUES["phrases"])
)
_YEAR = re.compile(
    rf"\b(?:{alternation(_BACKGROUND_CUES['year_prepositions'])})\s+((?:19|20)\d\d)\b"
)
_DIGIT = re.compile(r"\d")
_AFTER_NUMBER = re.compile(r"\d ?$")
# After an abbreviation used as a unit: "2 TB of storage".
_UNIT_OF = tuple(f" {word} " for word in _WORDS["unit_of"])
# Sentences that report figures.
_FIGURES = re.compile(rf"\d[\d,. ]*\s*(?:\w+\s+){{0,4}}?(?:{alternation(_WORDS['figures'])})\b")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Disease:
    name: str
    icd10: str | None
    icd11: str | None
    pathogen: str | None
    kind: str
    parents: tuple[int, ...]
    eras: tuple[tuple[dt.date, dt.date | None, int], ...]


@dataclass(frozen=True, slots=True)
class _Form:
    disease: int
    pathogen: bool  # a pathogen/strain/variant name, reported in pathogen_mentions
    variant: str | None
    exact: str | None  # case-sensitive forms: the text must read exactly this
    weak: bool  # ambiguous: kept only if the disease is also named unambiguously
    icd10: str | None  # this name's own code ("Ebola haemorrhagic fever": A99), if any


@dataclass(frozen=True, slots=True)
class _Lexicon:
    diseases: tuple[_Disease, ...]
    ruler: PhraseRuler[_Form]
    ancestors: tuple[frozenset[int], ...]


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    form: _Form
    weight: float = 0.0
    incidental: bool = False


@dataclass(slots=True)
class _Found:
    """What the text says about one disease (hits may be folded in from generic names)."""

    disease: int
    hits: list[_Hit] = field(default_factory=list)
    salience: float = 0.0
    first: int = 0

    @property
    def central(self) -> bool:
        """Has at least one mention that is not incidental."""
        return any(not h.incidental for h in self.hits)

    def absorb(self, other: _Found) -> None:
        self.hits.extend(other.hits)
        self.salience += other.salience
        self.first = min(self.first, other.first)


@cache
def _lexicon() -> _Lexicon:
    data = load_json(LEXICON_FILE)
    diseases = tuple(_disease(raw) for raw in data["diseases"])
    phrases: list[tuple[str, _Form]] = []
    for text, index, role, variant, case_sensitive, weak, icd10 in data["phrases"]:
        exact = text if case_sensitive else None
        form = _Form(index, role == "pathogen", variant, exact, weak, icd10 and icd10[:3])
        phrases.append((text, form))
    return _Lexicon(diseases, PhraseRuler(phrases, per_document=True), _ancestor_sets(diseases))


def _disease(raw: dict[str, object]) -> _Disease:
    icd10 = raw["icd10"]
    eras = tuple(
        (
            dt.date.fromisoformat(str(era["from"])),
            None if era["to"] is None else dt.date.fromisoformat(str(era["to"])),
            int(era["disease"]),
        )
        for era in raw["eras"]  # type: ignore[attr-defined]
    )
    return _Disease(
        name=str(raw["name"]),
        icd10=None if icd10 is None else str(icd10)[:3],
        icd11=None if raw["icd11"] is None else str(raw["icd11"]),
        pathogen=None if raw["pathogen"] is None else str(raw["pathogen"]),
        kind=str(raw["kind"]),
        parents=tuple(int(p) for p in raw["parents"]),  # type: ignore[attr-defined]
        eras=eras,
    )


def _ancestor_sets(diseases: tuple[_Disease, ...]) -> tuple[frozenset[int], ...]:
    def ancestors(i: int, seen: frozenset[int]) -> frozenset[int]:
        out: set[int] = set()
        for p in diseases[i].parents:
            if p not in seen:
                out |= {p} | ancestors(p, seen | {i})
        return frozenset(out)

    return tuple(ancestors(i, frozenset()) for i in range(len(diseases)))


def lexicon_size() -> int:
    """Number of diseases and syndromes in the packaged lexicon."""
    return len(_lexicon().diseases)


def find_diseases(ctx: TextContext) -> list[DiseaseMention]:
    """Diseases named in ``ctx.text``, most salient first, each with all its mention spans."""
    lex = _lexicon()
    # Offsets into the lowered text must be offsets into the text ("İ" lowers to two characters).
    lower = ctx.lower if len(ctx.lower) == len(ctx.text) else lower_preserving_length(ctx.text)
    hits = _match(lex, ctx.text, lower)
    if not hits:
        return []
    found = _group(hits)
    cache: dict[int, _SentenceCues] = {}
    for entry in found.values():
        for hit in entry.hits:
            _weigh(ctx, lower, hit, cache)
        entry.salience = sum(h.weight for h in entry.hits)
        entry.first = min(h.start for h in entry.hits)
    _add_title_weight(lex, ctx.title, found)
    ranked = _fold_and_rank(lex, found, ctx.published)
    return [_mention(lex, entry, ctx.text) for entry in ranked]


def _match(lex: _Lexicon, text: str, haystack: str) -> list[_Hit]:
    """All lexicon forms in the text (one pass), case-sensitive forms checked, weak ones gated."""
    hits = [
        _Hit(m.start, m.end, m.value)
        for m in lex.ruler.find(text, haystack=haystack)
        if m.value.exact is None
        or (text[m.start : m.end] == m.value.exact and not _is_unit(text, m.start, m.end))
    ]
    named = {h.form.disease for h in hits if not h.form.weak}
    return [
        h
        for h in hits
        if (not h.form.weak or h.form.disease in named)
        and not (lex.diseases[h.form.disease].kind == "catchall" and _title_case(text, h))
    ]


def _is_unit(text: str, start: int, end: int) -> bool:
    """An abbreviation used as a unit of measure: "2 TB of storage"."""
    return _AFTER_NUMBER.search(text, max(0, start - 3), start) is not None and text.startswith(
        _UNIT_OF, end
    )


def _title_case(text: str, hit: _Hit) -> bool:
    """A multi-word Title Case phrase: part of a proper name ("Institute for Communicable Diseases")."""
    words = text[hit.start : hit.end].split()
    return len(words) > 1 and all(w[0].isupper() for w in words)


def _group(hits: list[_Hit]) -> dict[int, _Found]:
    found: dict[int, _Found] = {}
    seen: set[tuple[int, int, int]] = set()
    # One phrase listed twice (an abbreviation that also names a variant): the variant wins.
    for hit in sorted(hits, key=lambda h: h.form.variant is None):
        key = (hit.start, hit.end, hit.form.disease)
        if key in seen:
            continue
        seen.add(key)
        found.setdefault(hit.form.disease, _Found(hit.form.disease)).hits.append(hit)
    for entry in found.values():
        entry.hits.sort(key=lambda h: h.start)
    return found


@dataclass(frozen=True, slots=True)
class _SentenceCues:
    span: Span
    index: int
    figures: bool  # reports case/death figures
    background: bool  # about earlier events
    cues: bool  # has a word that can make a mention incidental


def _sentence_cues(
    ctx: TextContext, lower: str, pos: int, cache: dict[int, _SentenceCues]
) -> _SentenceCues:
    """What a sentence says about its mentions, computed once per sentence."""
    index = ctx.sentence_index(pos)
    cues = cache.get(index)
    if cues is None:
        span = ctx.sentences[index] if index >= 0 else (0, len(ctx.text))
        sentence = lower[span[0] : span[1]]
        cues = _SentenceCues(
            span,
            index,
            _has_figures(sentence),
            _is_background(sentence, ctx.published),
            any(word in sentence for word in _INCIDENTAL_WORDS),
        )
        cache[index] = cues
    return cues


def _weigh(ctx: TextContext, lower: str, hit: _Hit, cache: dict[int, _SentenceCues]) -> None:
    """Weight one mention by position, figures in its sentence and incidental context."""
    cues = _sentence_cues(ctx, lower, hit.start, cache)
    s_start, s_end = cues.span
    weight = BASE_WEIGHT + POSITION_WEIGHT * (1.0 - hit.start / max(1, len(lower)))
    if cues.index == 0:
        weight += FIRST_SENTENCE_WEIGHT
    if cues.figures:
        weight += FIGURES_WEIGHT
    if cues.cues and _incidental(lower, hit, s_start, s_end):
        hit.incidental = True
        weight *= INCIDENTAL_FACTOR
    elif cues.background:
        weight *= BACKGROUND_FACTOR
    hit.weight = weight


def _incidental(lower: str, hit: _Hit, s_start: int, s_end: int) -> bool:
    before = lower[max(s_start, hit.start - CONTEXT_CHARS) : hit.start]
    after = lower[hit.end : min(s_end, hit.end + CONTEXT_CHARS)]
    return bool(_INCIDENTAL_BEFORE.search(before) or _INCIDENTAL_AFTER.match(after))


def _has_figures(sentence: str) -> bool:
    return _DIGIT.search(sentence) is not None and _FIGURES.search(sentence) is not None


def _is_background(sentence: str, published: dt.date | None) -> bool:
    if any(word in sentence for word in _BACKGROUND_WORDS) and _BACKGROUND.search(sentence):
        return True
    if published is None or _DIGIT.search(sentence) is None:
        return False
    years = [int(y) for y in _YEAR.findall(sentence)]
    return bool(years) and max(years) < published.year - 1


def _add_title_weight(lex: _Lexicon, title: str | None, found: dict[int, _Found]) -> None:
    if not title:
        return
    for hit in _match(lex, title, lower_preserving_length(title)):
        entry = found.get(hit.form.disease)
        if entry is not None:
            entry.salience += TITLE_WEIGHT
        else:
            # Named only in the title: it still leads, but has no span in the text.
            found[hit.form.disease] = _Found(hit.form.disease, [], TITLE_WEIGHT, 10**9)


def _fold_and_rank(
    lex: _Lexicon, found: dict[int, _Found], published: dt.date | None
) -> list[_Found]:
    """Fold generic and syndromic names into the specific disease, then rank by salience."""
    kinds = {i: lex.diseases[i].kind for i in found}
    specific = [found[i] for i in found if kinds[i] == "specific"]
    for i in [i for i in found if kinds[i] == "generic"]:
        target = _best([f for f in specific if i in lex.ancestors[f.disease]]) or _era_disease(
            lex, found, i, published
        )
        if target is not None:
            target.absorb(found.pop(i))
            if target.disease not in kinds:
                kinds[target.disease] = "specific"
                specific.append(target)
    lead = _best([f for f in specific if f.central])
    for i in [i for i in found if kinds[i] in ("catchall", "syndromic")]:
        if lead is None:
            continue
        folded = found.pop(i)
        if kinds[i] == "catchall":
            # "the infectious disease", "a viral illness": evidence for the lead, not its name.
            folded.hits = []
        lead.absorb(folded)
    tier = {"specific": 0, "generic": 0, "catchall": 1, "syndromic": 1}
    return sorted(
        found.values(),
        key=lambda f: (
            0 if f.central or not f.hits else 2,
            tier[kinds[f.disease]],
            -f.salience,
            f.first,
        ),
    )


def _best(candidates: list[_Found]) -> _Found | None:
    if not candidates:
        return None
    return max(candidates, key=lambda f: (f.salience, -f.first))


def _era_disease(
    lex: _Lexicon, found: dict[int, _Found], generic: int, published: dt.date | None
) -> _Found | None:
    """A generic name stands for the disease of its time ("novel coronavirus" in 2013: MERS)."""
    if published is None:
        return None
    for start, end, disease in lex.diseases[generic].eras:
        if start <= published and (end is None or published <= end):
            return found.setdefault(disease, _Found(disease, [], 0.0, found[generic].first))
    return None


def _mention(lex: _Lexicon, entry: _Found, text: str) -> DiseaseMention:
    disease = lex.diseases[entry.disease]
    names: set[Span] = set()
    pathogens: set[Span] = set()
    for hit in entry.hits:
        if hit.form.pathogen:
            pathogens.add(_without_head_noun(text, hit.start, hit.end))
        else:
            names.add((hit.start, hit.end))
    return DiseaseMention(
        name=disease.name,
        icd10=_icd10_as_named(disease.icd10, entry.hits),
        icd11=disease.icd11,
        pathogen=disease.pathogen,
        variant=_variant(entry.hits),
        mentions=tuple(sorted(names)),
        pathogen_mentions=tuple(sorted(pathogens)),
        salience=round(entry.salience, 4),
    )


_HEAD_NOUN = re.compile(rf"[ \t]+(?:{alternation(_WORDS['head_nouns'])})$")


def _without_head_noun(text: str, start: int, end: int) -> Span:
    """A pathogen mention spans its specific name: "West Nile" of "West Nile virus", as news
    annotators mark it (the generic "virus" names no particular pathogen)."""
    m = _HEAD_NOUN.search(text, start, end)
    return (start, m.start()) if m is not None and m.start() > start else (start, end)


def _icd10_as_named(default: str | None, hits: list[_Hit]) -> str | None:
    """A name with its own code wins when the text uses it centrally ("Ebola haemorrhagic fever")."""
    weights: dict[str, float] = {}
    for hit in hits:
        if hit.form.icd10 is not None and not hit.incidental:
            weights[hit.form.icd10] = weights.get(hit.form.icd10, 0.0) + hit.weight
    return max(weights, key=lambda c: weights[c]) if weights else default


def _variant(hits: list[_Hit]) -> str | None:
    """The variant the text names most, preferring the more specific of nested names."""
    weights: dict[str, float] = {}
    first: dict[str, int] = {}
    for hit in hits:
        name = hit.form.variant
        if name is not None:
            weights[name] = weights.get(name, 0.0) + hit.weight
            first.setdefault(name, hit.start)
    if not weights:
        return None
    # "Omicron" and "Omicron BA.2" both named: the sub-lineage is the more precise answer.
    for name in sorted(weights, key=len, reverse=True):
        if name not in weights:
            continue
        for other in list(weights):
            if other != name and name.startswith(other + " ") and other in weights:
                weights[name] += weights.pop(other)
    return max(weights, key=lambda n: (weights[n], -first[n]))
