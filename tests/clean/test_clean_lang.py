"""Language detection on sentences written for these tests, in eight languages and more."""

from __future__ import annotations

import pytest

from episignal.clean import lang
from episignal.clean.lang import detect_language

SENTENCES = {
    "en": "The health ministry said on Monday that the number of suspected cholera cases in "
    "the coastal province had risen to 310, and that twelve people had died.",
    "fr": "Le ministère de la santé a indiqué lundi que le nombre de cas suspects de choléra "
    "dans la province côtière était passé à 310 et que douze personnes étaient mortes.",
    "es": "El ministerio de salud informó el lunes que el número de casos sospechosos de cólera "
    "en la provincia costera había aumentado a 310 y que doce personas habían muerto.",
    "pt": "O ministério da saúde informou na segunda-feira que o número de casos suspeitos de "
    "cólera na província costeira subiu para 310 e que doze pessoas morreram.",
    "de": "Das Gesundheitsministerium teilte am Montag mit, dass die Zahl der Verdachtsfälle von "
    "Cholera in der Küstenprovinz auf 310 gestiegen sei und zwölf Menschen gestorben seien.",
    "ru": "Министерство здравоохранения сообщило в понедельник, что число подозрительных случаев "
    "холеры в прибрежной провинции выросло до 310, а двенадцать человек погибли.",
    "ar": "أعلنت وزارة الصحة يوم الاثنين أن عدد حالات الكوليرا المشتبه بها في المحافظة الساحلية "
    "ارتفع إلى 310 حالات وأن اثني عشر شخصا لقوا حتفهم.",
    "zh": "卫生部星期一表示，沿海省份的霍乱疑似病例已增至310例，其中十二人死亡。",
    "ja": "保健省は月曜日、沿岸部の州でコレラの疑い例が310人に増え、12人が死亡したと発表した。",
    "id": "Kementerian kesehatan mengatakan pada hari Senin bahwa jumlah kasus dugaan kolera di "
    "provinsi pesisir telah meningkat menjadi 310 dan dua belas orang meninggal dunia.",
    "it": "Il ministero della salute ha comunicato lunedì che il numero dei casi sospetti di colera "
    "nella provincia costiera è salito a 310 e che dodici persone sono morte.",
}


@pytest.mark.parametrize(("code", "text"), sorted(SENTENCES.items()), ids=sorted(SENTENCES))
def test_detects_language(code: str, text: str) -> None:
    assert detect_language(text) == code


def test_english_fast_path_does_not_build_the_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise AssertionError("lingua should not be needed for plain English")

    monkeypatch.setattr(lang, "_detector", fail)
    assert detect_language(SENTENCES["en"] * 3) == "en"


def test_too_short_is_undetermined() -> None:
    assert detect_language("") is None
    assert detect_language("12 345 67") is None
    assert detect_language("Ok.") is None


def test_english_words_in_a_french_text_do_not_fool_the_fast_path() -> None:
    text = SENTENCES["fr"] + " Le rapport cite le « World Health Organization » deux fois."
    assert detect_language(text) == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "Uganda confirmed 5 cases of Ebola virus disease and 2 deaths.",
        "Peru reported 18 dengue deaths in Piura.",
    ],
)
def test_short_english_reports_are_not_lost_to_a_close_call(text: str) -> None:
    assert detect_language(text) == "en"


def test_a_very_short_english_sentence_the_trigram_model_misreads() -> None:
    assert detect_language("Uganda confirmed 5 cases of Ebola virus disease.") == "en"
    assert detect_language("Cólera en Haití: 40 muertos y 300 casos.") == "es"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Confirmed Ebola cases in Uganda now stand at 142.", "en"),
        ("Cholera outbreak kills 12 in Haiti", "en"),
        ("Ebola: Uganda confirms 5 cases", "en"),
        ("Kolera dödar 12 personer i Haiti", "sv"),
        ("Surto de cólera mata 12 pessoas no Haiti", "pt"),
    ],
)
def test_headlines(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Salmonella in Italian salami",
        "Measles cases in Romania",
        "Tuberculosis cases fall in Europe",
        "Avian influenza in Cambodia: girl dies",
        "Cholera vaccine supplies arrive in Haiti",
        "Chikungunya in Anzio: 183 cases",
    ],
)
def test_short_english_headlines_are_not_read_as_italian_or_spanish(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Febbre da stadio a Napoli: 200 mila persone in piazza.", "it"),
        ("Ein Fall von Masern in Berlin bestätigt", "de"),
        ("La Corée du Nord a recensé huit décès dimanche.", "fr"),
        ("5月全国报告手足口病27万余例，死亡8人。", "zh"),
        ("메르스 격리자는 3439명으로 하루 사이 547명 늘었다.", "ko"),
    ],
)
def test_short_texts_of_profiled_languages_keep_their_language(text: str, code: str) -> None:
    assert detect_language(text) == code
