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
    ]
)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when too short or undetermined."""
    sample = text[:_SAMPLE_CHARS]
    words = _WORD.findall(sample)
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
    # virus disease" comes out 52% Spanish, 47% English). Only English is extracted, so a
    # close call goes to English: a foreign text read as English costs an empty extraction,
    # an English report read as foreign is lost.
    if english >= _ENGLISH_CLOSE_CALL * best.value:
        return "en"
    # Under a dozen words the trigram model can miss English altogether ("Uganda confirmed
    # 5 cases of Ebola virus disease": 84% Spanish); a function word that exists only in
    # English, with no confident rival, settles it.
    if (
        len(words) < _ENGLISH_MIN_WORDS
        and best.value < _CONFIDENT
        and any(w.lower() in _ONLY_ENGLISH for w in words)
    ):
        return "en"
    return str(best.language.iso_code_639_1.name.lower())


def looks_english(words: list[str]) -> bool:
    """English function words make up a good share of the words (English prose: ~40%)."""
    if len(words) < _ENGLISH_MIN_WORDS:
        return False
    hits = sum(1 for w in words if w.lower() in _ENGLISH_STOPWORDS)
    return hits / len(words) >= _ENGLISH_MIN_RATIO


@functools.cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*NEWS_LANGUAGES).with_low_accuracy_mode().build()
