"""Month and weekday names of a language from CLDR (babel), for the language builder.

Every width (wide, abbreviated) and context (format, stand-alone) of every listed locale is
read, so that Russian gets both "мая" (format) and "май" (stand-alone), Arabic both "مايو"
(ar) and "أيار" (ar_SY), and abbreviations with or without their final dot. Narrow forms
(single letters) are left out: they would match everywhere.
"""

from __future__ import annotations

from babel import Locale

WIDTHS = ("wide", "abbreviated")
CONTEXTS = ("format", "stand-alone")


def cldr_months(locales: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for code in locales:
        months = Locale.parse(code).months
        for context in CONTEXTS:
            for width in WIDTHS:
                for number, name in months[context][width].items():
                    _add(out, name, int(number))
    return out


def cldr_weekdays(locales: list[str]) -> dict[str, int]:
    """Weekday name -> ISO weekday number (Monday 1 ... Sunday 7); CLDR counts Monday as 0."""
    out: dict[str, int] = {}
    for code in locales:
        days = Locale.parse(code).days
        for context in CONTEXTS:
            for width in WIDTHS:
                for number, name in days[context][width].items():
                    _add(out, name, int(number) + 1)
    return out


def _add(out: dict[str, int], name: str, value: int) -> None:
    form = " ".join(str(name).lower().split())
    if len(form.rstrip(".")) < 2 or form.isdigit():
        return
    out.setdefault(form, value)
    if form.endswith("."):
        out.setdefault(form.rstrip("."), value)
