"""Shapes of the identifiers a source may carry: DOI, PMID, PMCID and web address.

Each ``check_*`` function returns the value unchanged when it is well formed and raises
``ValueError`` with a message an editor can act on otherwise (the loader reports it at the
file and line of the value). Identifiers go into exports (BibTeX, RIS, CSL-JSON) and into
links on every reference list, so the patterns admit nothing that means something in those
formats: no braces, backslashes, quotes, angle brackets, whitespace or control characters.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

__all__ = [
    "check_doi",
    "check_pmcid",
    "check_pmid",
    "check_url",
    "doi_key",
]

# Crossref's recommended pattern for modern DOIs (it matches 74.4 of 74.9 million of them):
# /^10.\d{4,9}/[-._;()/:A-Z0-9]+$/i. ASCII only: Python's \d would also admit other digits.
DOI_RE = re.compile(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+", re.ASCII)
PMID_RE = re.compile(r"[1-9][0-9]{0,8}", re.ASCII)  # PubMed ids: 1 to 9 digits, no leading 0
PMCID_RE = re.compile(r"PMC[1-9][0-9]{0,9}", re.ASCII)

# Characters RFC 3986 allows in a URI (unreserved, reserved and the % of an escape).
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", re.ASCII)
_PERCENT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?", re.ASCII)  # urlsplit lowercases it
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def _shown(value: str) -> str:
    """The value for a message: quoted with escapes, and cut short if it is long."""
    return repr(value if len(value) <= 80 else value[:77] + "...")


def _bad_characters(value: str) -> str:
    """ "a space, U+0007" — the first few characters a URI or identifier may not contain."""
    found: list[str] = []
    for char in value:
        if _URI_CHARS.fullmatch(char):
            continue
        if char == " ":
            name = "a space"
        elif unicodedata.category(char).startswith("C") or char.isspace():
            name = f"U+{ord(char):04X} (a control or whitespace character)"
        else:
            name = repr(char)
        if name not in found:
            found.append(name)
    return ", ".join(found[:4])


def check_doi(value: str) -> str:
    if DOI_RE.fullmatch(value):
        return value
    lowered = value.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            raise ValueError(
                f"write the DOI without {value[: len(prefix)]!r}: just 10.NNNN/suffix, "
                f"got {_shown(value)}"
            )
    allowed = "letters, digits and - . _ ; ( ) / :"
    if value.startswith("10.") and "/" in value:
        prefix, _slash, suffix = value.partition("/")
        if not re.fullmatch(r"10\.[0-9]{4,9}", prefix, re.ASCII):
            raise ValueError(
                f"a DOI starts with 10. and 4 to 9 digits before the '/', got {_shown(value)}"
            )
        bad = sorted({c for c in suffix if not re.fullmatch(r"[-._;()/:A-Za-z0-9]", c)})
        raise ValueError(
            f"DOI suffix may contain only {allowed} (Crossref's pattern), got {_shown(value)} "
            f"with {', '.join(repr(c) for c in bad[:4])}"
        )
    raise ValueError(f"DOI must look like 10.NNNN/suffix, got {_shown(value)}")


def doi_key(value: str) -> str:
    """The form of a DOI used to compare two of them: DOIs are case-insensitive (ASCII)."""
    return value.lower()


def check_pmid(value: str) -> str:
    if PMID_RE.fullmatch(value):
        return value
    raise ValueError(
        f"PMID must be 1 to 9 digits with no leading zero (e.g. 16996037), got {_shown(value)}"
    )


def check_pmcid(value: str) -> str:
    if PMCID_RE.fullmatch(value):
        return value
    raise ValueError(f"PMCID must be PMC and digits (e.g. PMC3987924), got {_shown(value)}")


def check_url(value: str, schemes: tuple[str, ...] = ("https",), what: str = "URL") -> str:
    """A web address: one of ``schemes``, a host, no credentials, only URI characters."""
    if not _URI_CHARS.fullmatch(value):
        raise ValueError(
            f"{what} may contain only URI characters (percent-encode others), got "
            f"{_shown(value)} with {_bad_characters(value)}"
        )
    if _PERCENT_ESCAPE.search(value):
        raise ValueError(f"{what} has a '%' that is not a %XX escape: {_shown(value)}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it validates the port (raises ValueError)
    except ValueError as exc:
        raise ValueError(f"{what} cannot be parsed ({exc}): {_shown(value)}") from None
    wanted = " or ".join(f"{s}://" for s in schemes)
    if parts.scheme.lower() not in schemes or not value.lower().startswith(
        tuple(f"{s}://" for s in schemes)
    ):
        raise ValueError(f"{what} must start with {wanted}, got {_shown(value)}")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValueError(f"{what} must not contain a user name or password: {_shown(value)}")
    host = parts.hostname or ""
    if not (_HOST.fullmatch(host) or (":" in host and parts.netloc.startswith("["))):
        raise ValueError(f"{what} must name a host, e.g. https://example.org/, got {_shown(value)}")
    return value
