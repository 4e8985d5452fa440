"""A language profile's lexicons as rulers: disease and place names found in a text (issue 9).

``ProfileTerms(profile)`` builds, once, one ``PhraseRuler`` per lexicon with the profile's
boundary policy and letter folding, so that 霍乱 is found in 朝鲜报告霍乱病例, الكوليرا in
بالكوليرا and Дагестан in "в Дагестане". It only finds names; which disease is the story's
and which country is affected is the extraction engine's decision (phase 2 of issue 9 wires
these rulers into ``extract/diseases.py`` and ``extract/places.py``).
"""

from __future__ import annotations

from functools import cache

from episignal.extract.ruler import Match, PhraseRuler
from episignal.lang.profile import DiseaseName, LanguageProfile, PlaceName, load_profile


class ProfileTerms:
    """The disease and place rulers of one language."""

    def __init__(self, profile: LanguageProfile) -> None:
        self.profile = profile
        self._diseases = PhraseRuler(
            ((d.phrase, d) for d in profile.diseases),
            boundary=profile.boundary.diseases,
            fold=profile.fold,
        )
        # Place names keep their case (Nice the city, "nice" the word); scripts without
        # case are unaffected.
        self._places = PhraseRuler(
            ((p.phrase, p) for p in profile.places),
            case_sensitive=True,
            boundary=profile.boundary.places,
            fold=profile.fold,
        )

    def diseases(self, text: str) -> list[Match[DiseaseName]]:
        return self._diseases.find(text)

    def places(self, text: str) -> list[Match[PlaceName]]:
        return self._places.find(text)

    def disease_codes(self, text: str) -> set[str]:
        """ICD-10 codes (three characters) of every disease named in ``text``."""
        return {m.value.icd10 for m in self.diseases(text) if m.value.icd10}

    def countries(self, text: str) -> set[str]:
        """ISO codes of every country named in ``text``, directly or by a place inside it."""
        return {m.value.place.country for m in self.places(text)}


@cache
def terms_for(code: str) -> ProfileTerms:
    """The rulers of a packaged profile, built once per process."""
    return ProfileTerms(load_profile(code))
