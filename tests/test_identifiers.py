"""Identifiers (DOI, PMID, PMCID, URL, seen_at.url) are checked at load, with file:line messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import line_of, make_content, run_cli
from sourcefirst.domain.diagnostics import Severity
from sourcefirst.domain.kb import build_knowledge_base
from sourcefirst.load.reader import read_content
from sourcefirst.schema.identifiers import check_doi, check_url, doi_key
from sourcefirst.schema.source import Identifiers, SeenAt

SOURCE = "sources/dolotov-2006-brainres.yaml"
REAL_DOI = "10.1016/j.brainres.2006.07.108"

GOOD_DOIS = [
    REAL_DOI,
    "10.1023/A:1025177812262",
    "10.1111/j.1471-4159.2006.03658.x",
    "10.1002/(SICI)1097-4636(199706)35:4;2-E",
    "10.123456789/x",
]
BAD_DOIS = [
    "10.1234/a}b",  # would close a BibTeX field
    "10.1234/a{b",
    "10.1234/a\\b",
    '10.1234/a"b',
    "10.1234/<script>",
    "10.1234/a b",
    "10.1234/a\tb",
    "10.1234/a\x07b",
    "10.1234/a#b",
    "10.1234/a%b",
    "10.1234/a&b",
    "10.1234/x\nER  - ",
    "10.١٢٣٤/abc",  # Arabic-Indic digits: `\d` admitted them
    "10.123/abc",  # registrant code too short
    "10.1234/",
    "11.1234/abc",
    "https://doi.org/10.1234/abc",
    "doi:10.1234/abc",
]


@pytest.mark.parametrize("doi", GOOD_DOIS)
def test_modern_dois_are_accepted_as_written(doi: str) -> None:
    ids = Identifiers.model_validate({"doi": {"value": doi, "verification": "secondary"}})
    assert ids.doi is not None
    assert ids.doi.value == doi


@pytest.mark.parametrize("doi", BAD_DOIS)
def test_unsafe_or_malformed_dois_are_refused(doi: str) -> None:
    with pytest.raises(ValidationError, match="DOI"):
        Identifiers.model_validate({"doi": {"value": doi, "verification": "secondary"}})


def test_doi_messages_say_what_to_change() -> None:
    with pytest.raises(ValueError, match=r"without 'https://doi.org/'"):
        check_doi("https://doi.org/10.1234/abc")
    with pytest.raises(ValueError, match=r"Crossref.*'\}'"):
        check_doi("10.1234/a}b")
    with pytest.raises(ValueError, match="4 to 9 digits"):
        check_doi("10.12/abc")


def test_dois_compare_case_insensitively() -> None:
    assert doi_key("10.1023/A:1025177812262") == doi_key("10.1023/a:1025177812262")
    assert doi_key("10.1023/A:1") != doi_key("10.1023/A:2")


@pytest.mark.parametrize("pmid", ["1", "16996037", "123456789"])
def test_pmids_of_one_to_nine_digits_are_accepted(pmid: str) -> None:
    assert Identifiers.model_validate({"pmid": {"value": pmid, "verification": "registry"}})


@pytest.mark.parametrize("pmid", ["0", "0123", "1234567890", "12a", "١٢٣", "12 3", "PMID:1"])
def test_other_pmids_are_refused(pmid: str) -> None:
    with pytest.raises(ValidationError, match="PMID"):
        Identifiers.model_validate({"pmid": {"value": pmid, "verification": "registry"}})


@pytest.mark.parametrize("pmcid", ["pmc123", "PMC", "PMC12a", "PMC١٢٣", "PMC0123", "PMC 123"])
def test_malformed_pmcids_are_refused(pmcid: str) -> None:
    with pytest.raises(ValidationError, match="PMCID"):
        Identifiers.model_validate({"pmcid": {"value": pmcid, "verification": "registry"}})


GOOD_URLS = [
    "https://www.fda.gov/drugs/human-drug-compounding/compounding-and-fda-questions-and-answers",
    "https://example.org/a?b=c&d=e#f",
    "https://example.org:8443/%D0%B0",
    "https://[2001:db8::1]/x",
]
BAD_URLS = [
    ("http://example.org/", "must start with https://"),
    ("javascript:alert(1)", "must start with https://"),
    ("https:alert(1)", "must start with https://"),
    ("ftp://example.org/", "must start with https://"),
    ("https://", "must name a host"),
    ("https:///path", "must name a host"),
    ("https://user:secret@example.org/", "user name or password"),
    ("https://user@example.org/", "user name or password"),
    ("https://example.org/a b", "a space"),
    ("https://example.org/\x07", "U+0007"),
    ("https://example.org/\u2028x", "U+2028"),
    ('https://example.org/"onmouseover="x', "'\"'"),
    ("https://example.org/<script>", "'<'"),
    ("https://example.org/}{", "'}'"),
    ("https://example.org/a\\b", "'\\\\'"),
    ("https://example.org/%zz", "not a %XX escape"),
    ("https://example.org:99999/", "cannot be parsed"),
    ("https://exa_mple.org/", "must name a host"),
]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_https_addresses_are_accepted(url: str) -> None:
    assert check_url(url) == url


@pytest.mark.parametrize(("url", "message"), BAD_URLS)
def test_unsafe_addresses_are_refused_with_the_reason(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Identifiers.model_validate({"url": {"value": url, "verification": "unverified"}})


def test_seen_at_url_may_be_http_but_is_otherwise_as_strict() -> None:
    assert SeenAt.model_validate({"url": "http://example.org/", "date": "2026-01-02"})
    for url, _message in BAD_URLS[1:]:
        with pytest.raises(ValidationError, match=r"seen_at\.url"):
            SeenAt.model_validate({"url": url, "date": "2026-01-02"})


# --- through the loader: a content tree with one hostile source ------------------------------


def _with_doi(content_dir: Path, doi_line: str) -> str:
    text = (content_dir / SOURCE).read_text(encoding="utf-8")
    assert REAL_DOI in text
    return re.sub(r"  doi: \{.*\}", doi_line, text, count=1)


@pytest.mark.parametrize(
    ("doi_line", "expected"),
    [
        ('  doi: {value: "10.1016/x}\\n@misc{evil,", verification: secondary}', "DOI suffix"),
        ('  doi: {value: "https://doi.org/10.1016/x", verification: secondary}', "without"),
        (
            '  doi: {value: "10.1016/x", verification: secondary, '
            'seen_at: {url: "javascript:alert(1)", date: 2026-01-01}}',
            "seen_at.url",
        ),
    ],
)
def test_hostile_identifier_in_content_is_reported_at_its_line(
    tmp_path: Path, content_dir: Path, doi_line: str, expected: str
) -> None:
    text = _with_doi(content_dir, doi_line)
    root = make_content(tmp_path, {SOURCE: text})
    _kb, diagnostics = build_knowledge_base(read_content(root))
    # (the refused source then also shows up as unknown where it is cited)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR and d.file.endswith(SOURCE)]
    assert len(errors) == 1, [d.format_text() for d in errors]
    error = errors[0]
    assert error.code == "SF101"
    assert error.line == line_of(text, "  doi: {")
    assert "identifiers.doi" in error.message
    assert expected in error.message
    assert "Value error" not in error.message


def test_check_command_refuses_a_hostile_doi(tmp_path: Path, content_dir: Path) -> None:
    text = _with_doi(content_dir, '  doi: {value: "10.1016/<b>x</b>", verification: secondary}')
    root = make_content(tmp_path, {SOURCE: text})
    result = run_cli("check", "--content", root)
    assert result.returncode != 0
    assert f"{SOURCE}:{line_of(text, '  doi: {')}" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
