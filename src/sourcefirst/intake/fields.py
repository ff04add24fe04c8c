"""Small normalisers shared by the parsers: identifiers, dates, titles."""

from __future__ import annotations

import re

from sourcefirst.intake.languages import ARTICLE_IN_RE
from sourcefirst.intake.record import ImportedRecord

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
DOI_IN_TEXT_RE = re.compile(r"(10\.\d{4,9}/\S+)")
YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def clean_doi(value: str | None) -> str | None:
    """A bare DOI (no resolver prefix, no `[doi]` tag), or None."""
    if not value:
        return None
    text = value.strip()
    text = re.sub(r"\s*\[doi\]\s*$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.IGNORECASE)
    return text.strip().rstrip(".") or None


def clean_pmid(value: str | None) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    text = re.sub(r"^(pmid:?\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)", "", text, flags=re.I)
    return text.strip("/ ") or None


def clean_pmcid(value: str | None) -> str | None:
    if not value:
        return None
    text = str(value).strip().upper()
    text = re.sub(r"\s*\[PMC\]\s*$|\s*\[PMCID\]\s*$", "", text)
    if text.isdigit():
        text = f"PMC{text}"
    return text or None


def month_of(text: str | None) -> int | None:
    if not text:
        return None
    word = text.strip().lower()
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(word[:3])


def year_month(text: str | None) -> tuple[int | None, int | None]:
    """Year and month from '2001 May-Jun', '2006 Apr', '2018', '2016/02/18'."""
    if not text:
        return None, None
    year_match = YEAR_RE.search(text)
    year = int(year_match.group(1)) if year_match else None
    rest = text[year_match.end() :] if year_match else text
    words = re.split(r"[\s/\-]+", rest.strip())
    month = month_of(words[0]) if words and words[0] else None
    return year, month


def set_title(record: ImportedRecord, raw: str | None) -> None:
    """PubMed writes a translated title in brackets and may add '[Article in Russian]'."""
    if not raw:
        return
    text = " ".join(raw.split())
    article_in = ARTICLE_IN_RE.search(text)
    if article_in:
        text = ARTICLE_IN_RE.sub("", text).strip()
        record.title_translated = True
        if record.language is None:
            from sourcefirst.intake.languages import iso639_1

            record.language = iso639_1(article_in.group(1))
    if text.startswith("[") and (text.endswith("].") or text.endswith("]")):
        text = text[1:].rstrip(".").rstrip("]")
        record.title_translated = True
    record.title = text.rstrip(".").strip() or None


def note_translation(record: ImportedRecord) -> None:
    """A non-English paper whose DOI may belong to its English translation (Kost 2001)."""
    if record.language and record.language != "en":
        if record.title_translated:
            record.warnings.append(
                f"the title is an English translation; the original is in {record.language!r}"
                + (f" ({record.original_title!r})" if record.original_title else "")
            )
        if record.doi:
            record.warnings.append(
                f"record in {record.language!r} with DOI {record.doi}: check whether the DOI "
                "belongs to an English translation and say so in the identifier's note"
            )
