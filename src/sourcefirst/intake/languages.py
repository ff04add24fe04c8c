"""Language codes: MEDLINE's ISO 639-2 (`rus`), names (`Russian`) and 639-1 (`ru`) to 639-1."""

from __future__ import annotations

import re

# the languages PubMed indexes most often; anything else is reported, not guessed
_CODES = {
    "eng": "en", "rus": "ru", "ger": "de", "deu": "de", "fre": "fr", "fra": "fr",
    "spa": "es", "ita": "it", "jpn": "ja", "chi": "zh", "zho": "zh", "por": "pt",
    "pol": "pl", "ukr": "uk", "cze": "cs", "ces": "cs", "dut": "nl", "nld": "nl",
    "kor": "ko", "tur": "tr", "hun": "hu", "swe": "sv", "nor": "no", "dan": "da",
    "fin": "fi", "gre": "el", "ell": "el", "heb": "he", "ara": "ar", "per": "fa",
    "bul": "bg", "rum": "ro", "ron": "ro", "scr": "hr", "hrv": "hr", "srp": "sr",
    "slo": "sk", "slk": "sk", "lit": "lt", "lav": "lv", "est": "et", "bel": "be",
}  # fmt: skip
_NAMES = {
    "english": "en", "russian": "ru", "german": "de", "french": "fr", "spanish": "es",
    "italian": "it", "japanese": "ja", "chinese": "zh", "portuguese": "pt", "polish": "pl",
    "ukrainian": "uk", "czech": "cs", "dutch": "nl", "korean": "ko", "turkish": "tr",
}  # fmt: skip
ARTICLE_IN_RE = re.compile(r"\[\s*Article in ([A-Za-z]+)(?:,\s*[A-Za-z]+)*\s*\]", re.IGNORECASE)


def iso639_1(value: str | None) -> str | None:
    """The two-letter code for ``value``, or None when it is not a language we recognise."""
    if not value:
        return None
    text = value.strip().lower().split("-")[0].split("_")[0]
    if re.fullmatch(r"[a-z]{2}", text):
        return text
    return _CODES.get(text) or _NAMES.get(text)
