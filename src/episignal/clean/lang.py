"""Language detection (ISO 639-1), cheap for English and bounded for the rest.

Most documents are English, and English is recognised by its function words alone:
when enough of a sample's words are English stop words the answer is "en" and
lingua is never loaded. Other texts go to lingua-language-detector restricted to
28 common news languages in low-accuracy mode (trigram models only), built once on
first use. Memory and speed: see docs/cleaning.md.
"""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

NEWS_LANGUAGES: tuple[Language, ...] = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.PORTUGUESE,
    Language.GERMAN,
    Language.ITALIAN,
    Language.DUTCH,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.POLISH,
    Language.TURKISH,
    Language.ARABIC,
    Language.PERSIAN,
    Language.URDU,
    Language.HINDI,
    Language.BENGALI,
    Language.CHINESE,
    Language.JAPANESE,
    Language.KOREAN,
    Language.VIETNAMESE,
    Language.INDONESIAN,
    Language.MALAY,
    Language.THAI,
    Language.SWAHILI,
    Language.GREEK,
    Language.ROMANIAN,
    Language.CZECH,
    Language.SWEDISH,
)

# Function words frequent in English and rare as words of other Latin-script languages
# ("in", "a", "on", "die" are left out on purpose: they are words elsewhere too).
_ENGLISH_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "was",
        "that",
        "for",
        "with",
        "have",
        "has",
        "had",
        "are",
        "were",
        "this",
        "been",
        "which",
        "from",
        "said",
        "their",
        "they",
        "will",
        "would",
        "there",
        "these",
        "those",
        "than",
        "it",
        "its",
        "by",
        "at",
        "be",
        "not",
        "or",
        "but",
        "who",
        "what",
        "when",
        "where",
        "also",
        "after",
        "more",
        "other",
        "into",
        "about",
        "his",
        "her",
        "she",
        "he",
        "we",
        "our",
        "you",
        "could",
        "should",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 2000  # the first 2,000 characters decide: the rest rarely changes the answer
MIN_LETTERS = 20  # fewer letters than this: undetermined
_ENGLISH_MIN_WORDS = 12
_ENGLISH_MIN_RATIO = 0.2
_ENGLISH_CLOSE_CALL = 0.6  # English within this share of the best language's confidence
_HEADLINE_WORDS = 6
_CJK_MIN_LETTERS = 6
_CONFIDENT = 0.9  # lingua's confidence above which a short text's language is not second-guessed
# Words that no other supported language writes the same way: function words, and the
# vocabulary of outbreak headlines ("Cholera outbreak kills 12 in Haiti").
_ONLY_ENGLISH = frozenset(
    [
        *("the", "of", "and", "were", "has", "have", "which", "with", "from", "now", "at"),
        *("this", "that", "been", "they", "their", "after", "than", "new", "said", "says"),
        *("reported", "reports", "confirmed", "confirms", "cases", "deaths", "dead", "died"),
        *("kills", "killed", "outbreak", "outbreaks", "spreads", "spread", "rises", "rise"),
        *("toll", "patients", "health", "officials", "ministry", "stand", "stands", "more"),
        # Words of short outbreak headlines that the trigram model reads as Italian, Spanish,
        # Romanian or Swedish ("Salmonella in Italian salami", "Measles cases in Romania").
        *("italian", "spanish", "french", "german", "chinese", "korean", "russian", "arabic"),
        *("dies", "girl", "boy", "child", "children", "woman", "women", "men"),
        *("declares", "declared", "declare", "emergency", "alert", "warns", "warning"),
        *("vaccine", "vaccines", "supplies", "arrive", "arrives", "sends", "aid"),
        *("hospitalized", "hospitalised", "falls"),
        *("measles", "mumps", "flu", "bird", "plague", "fever", "disease", "sick", "ill"),
        *("pregnant", "linked", "found", "first", "second", "latest", "figures", "cattle"),
        *("two", "three", "four", "five", "seven", "eight", "nine"),
    ]
)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when too short or undetermined."""
    sample = text[:_SAMPLE_CHARS]
    words = _WORD.findall(sample)
    by_script = _script_language(words)
    if by_script is not None:
        return by_script
    if sum(len(w) for w in words) < MIN_LETTERS:
        return None
    if looks_english(words):
        return "en"
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0.0:
        return None
    best = values[0]
    english = next((v.value for v in values if v.language == Language.ENGLISH), 0.0)
    # Short texts are where the low-accuracy model wavers ("Uganda confirmed 5 cases of Ebola
    # virus disease" comes out 52% Spanish, 47% English). Most news is English and the
    # English rules are the most complete, so a close call goes to English.
    if english >= _ENGLISH_CLOSE_CALL * best.value:
        return "en"
    # Under a dozen words the trigram model can miss English altogether ("Salmonella in
    # Italian salami": 93% Italian; "Measles cases in Romania": 99% Romanian). Words that
    # exist only in English settle it: two of them whatever the model says, one when no
    # rival is confident or in a headline of a few words, where the model has too little to
    # go on ("Tuberculosis cases fall in Europe": 100% Spanish).
    if len(words) < _ENGLISH_MIN_WORDS:
        only = sum(1 for w in words if w.lower() in _ONLY_ENGLISH)
        sure = best.value >= _CONFIDENT and len(words) > _HEADLINE_WORDS
        if only >= 2 or (only == 1 and not sure):
            return "en"
    return str(best.language.iso_code_639_1.name.lower())


def _script_language(words: list[str]) -> str | None:
    """Korean and Chinese by their script alone: Hangul is Korean; Han without kana is
    Chinese. A Chinese sentence packs a sentence into a dozen characters, too few letters
    for the trigram model ("5月全国报告手足口病27万余例，死亡8人。")."""
    letters = "".join(words)
    if len(letters) < _CJK_MIN_LETTERS:
        return None
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3")
    han = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    kana = sum(1 for c in letters if "\u3040" <= c <= "\u30ff")
    if hangul * 2 > len(letters):
        return "ko"
    if han * 2 > len(letters) and kana == 0:
        return "zh"
    return None


def looks_english(words: list[str]) -> bool:
    """English function words make up a good share of the words (English prose: ~40%)."""
    if len(words) < _ENGLISH_MIN_WORDS:
        return False
    hits = sum(1 for w in words if w.lower() in _ENGLISH_STOPWORDS)
    return hits / len(words) >= _ENGLISH_MIN_RATIO


@functools.cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*NEWS_LANGUAGES).with_low_accuracy_mode().build()
