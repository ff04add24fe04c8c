"""Jinja filters: how dates, formulas and record codes read on a page (one place for each)."""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup, escape

# A formula element count: "C37H51N9O10S" → C<sub>37</sub>H<sub>51</sub>…; an isotope mass
# number written before its element ("13C", "[2H]") becomes a superscript.
_COUNT = re.compile(r"(?<=[A-Za-z)\]])(\d+)")
_ISOTOPE = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))(\d+)(?=[A-Z])")

SOURCE_TYPES = {
    "article-journal": "journal article",
    "review": "review article",
    "webpage": "web page",
    "report": "report",
    "book": "book",
    "chapter": "book chapter",
    "paper-conference": "conference paper",
}
LANGUAGES = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "de": "German",
    "fr": "French",
    "zh": "Chinese",
    "ja": "Japanese",
    "es": "Spanish",
    "it": "Italian",
    "fa": "Persian",
    "hr": "Croatian",
    "ko": "Korean",
}


def long_date(value: dt.date | None) -> str:
    """The one date format readers see: "21 November 2026"."""
    return "" if value is None else f"{value.day} {value:%B %Y}"


def formula(value: str | None) -> Markup:
    """A molecular formula with subscript counts and superscript isotope numbers (escaped)."""
    if not value:
        return Markup("")
    text = str(escape(value))
    text = _ISOTOPE.sub(r"<sup>\1</sup>", text)
    text = _COUNT.sub(r"<sub>\1</sub>", text)
    return Markup(text)  # noqa: S704 - built from escaped text; only <sub>/<sup> added


def source_type(value: str) -> str:
    return SOURCE_TYPES.get(value, value.replace("-", " "))


def language_name(value: str) -> str:
    return LANGUAGES.get(value, value)
