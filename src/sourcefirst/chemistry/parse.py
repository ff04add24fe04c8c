"""Parse a peptide sequence typed by a person into a canonical one-letter form.

Accepted forms (all case-insensitive unless noted):

* one-letter: ``MEHFPGP``, ``mehfpgp``, ``MEH FPGP`` (whitespace is ignored);
* three-letter, separated by hyphens and/or whitespace: ``Met-Glu-His``, ``met-glu-his``,
  ``Met Glu His``. A sequence that is one lone three-letter code is read as such only when
  written in title case (``Met``); ``MET`` or ``met`` alone is the one-letter tripeptide MET;
* optional terminal groups: ``H-`` (free amine) or ``Ac-`` (N-acetyl) at the start, ``-OH``
  (free acid) or ``-NH2`` (C-amide) at the end, around either residue format;
* Unicode dashes (‐ ‑ ‒ – — ― − ﹣ －) are read as ``-``.

Only the 20 standard amino acids are accepted. Anything else raises :class:`SequenceError`,
whose message names the offending residue or character and its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MAX_RESIDUES = 100
MAX_INPUT_CHARS = 1000

THREE_TO_ONE: dict[str, str] = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V",
}  # fmt: skip
ONE_TO_THREE: dict[str, str] = {one: three for three, one in THREE_TO_ONE.items()}
_THREE_LOWER: dict[str, str] = {three.lower(): one for three, one in THREE_TO_ONE.items()}
STANDARD_RESIDUES = frozenset(ONE_TO_THREE)

UNICODE_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DASHES = str.maketrans(dict.fromkeys(UNICODE_DASHES, "-"))
_N_TERM = re.compile(r"(ac|h)\s*-\s*", re.IGNORECASE)
_C_TERM = re.compile(r"(?:\s*-\s*|\s+)(oh|nh2)$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z]+")
_ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")


class SequenceError(ValueError):
    """A sequence that cannot be read.

    ``position`` is the 1-based residue position when the problem is a residue (an unknown
    code, a residue in the wrong format); for a stray character (a digit, punctuation) it is
    the 1-based character position in the text as typed; otherwise it is ``None``.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ParsedSequence:
    """A validated peptide: uppercase one-letter residues and its two terminal groups."""

    residues: str
    n_terminus: Literal["free", "acetyl"] = "free"
    c_terminus: Literal["free", "amide"] = "free"

    @property
    def three_letter(self) -> str:
        """The residues as hyphenated three-letter codes, e.g. ``Met-Glu-His`` (no termini)."""
        return "-".join(ONE_TO_THREE[r] for r in self.residues)

    @property
    def modifications(self) -> list[str]:
        """Terminal modifications in words; empty for the free peptide H-…-OH."""
        found: list[str] = []
        if self.n_terminus == "acetyl":
            found.append("N-terminal acetyl (Ac-)")
        if self.c_terminus == "amide":
            found.append("C-terminal amide (-NH2)")
        return found


def parse_sequence(text: str) -> ParsedSequence:
    """Read ``text`` (one- or three-letter, optional termini) or raise :class:`SequenceError`."""
    if not isinstance(text, str):
        raise SequenceError("the sequence must be text")
    if len(text) > MAX_INPUT_CHARS:
        raise SequenceError(
            f"the input is {len(text)} characters long; the limit is {MAX_INPUT_CHARS} characters"
        )
    normalised = text.translate(_DASHES)
    if not normalised.strip():
        raise SequenceError("the sequence is empty: enter residues such as MEHFPGP or Met-Glu-His")

    # Work on [lo, hi) of `normalised` so that character positions stay those of the input.
    lo = len(normalised) - len(normalised.lstrip())
    hi = len(normalised.rstrip())
    n_terminus: Literal["free", "acetyl"] = "free"
    c_terminus: Literal["free", "amide"] = "free"
    head = _N_TERM.match(normalised, lo, hi)
    if head:
        n_terminus = "acetyl" if head.group(1).lower() == "ac" else "free"
        lo = head.end()
    if head and re.fullmatch(r"(oh|nh2)", normalised[lo:hi], re.IGNORECASE):
        raise SequenceError("the sequence has terminal groups but no residues")
    tail = _C_TERM.search(normalised, lo, hi)
    if tail:
        c_terminus = "amide" if tail.group(1).lower() == "nh2" else "free"
        hi = tail.start()

    _reject_stray_characters(normalised, lo, hi)
    body = normalised[lo:hi]
    if not _TOKEN.search(body):
        what = "terminal groups but no residues" if head or tail else "no residues"
        raise SequenceError(f"the sequence has {what}: enter residues such as MEHFPGP")

    residues = _read_three_letter(body) if _looks_three_letter(body) else _read_one_letter(body)
    return ParsedSequence(residues, n_terminus, c_terminus)


def _reject_stray_characters(text: str, lo: int, hi: int) -> None:
    for index in range(lo, hi):
        char = text[index]
        if char in _ALLOWED or char.isspace():
            continue
        hint = ""
        if char == "\u2082":
            hint = "; write a C-terminal amide as -NH2 with a plain digit 2"
        elif char.isdigit() and re.search(r"nh\s*$", text[lo:index], re.IGNORECASE):
            hint = "; write a C-terminal amide as -NH2 after the last residue"
        elif char.isdigit():
            hint = "; residues are letters only"
        raise SequenceError(
            f"unexpected character {char!r} at position {index + 1}{hint}", index + 1
        )


def _looks_three_letter(body: str) -> bool:
    if "-" in body:
        return True
    tokens = body.split()
    if all(token.lower() in _THREE_LOWER for token in tokens):
        return len(tokens) > 1 or tokens[0].istitle()
    if any(token.istitle() and token.lower() in _THREE_LOWER for token in tokens):
        # "Met Glu HFPGP": some tokens are three-letter codes, some are not.
        _raise_mixed(tokens)
    return False


def _raise_mixed(tokens: list[str]) -> None:
    for position, token in enumerate(tokens, start=1):
        if token.lower() not in _THREE_LOWER:
            raise SequenceError(
                f"{token!r} at position {position} is not a three-letter code, but other "
                "residues are written in three-letter form; use one format throughout "
                "(e.g. MEHFPGP or Met-Glu-His-Phe-Pro-Gly-Pro)",
                position,
            )


def _read_three_letter(body: str) -> str:
    stripped = body.strip()
    if stripped.startswith("-") or stripped.endswith("-") or re.search(r"-\s*-", stripped):
        raise SequenceError(
            "empty residue between hyphens: three-letter codes are written Met-Glu-His "
            "(terminal groups are H- or Ac- at the start and -OH or -NH2 at the end)"
        )
    tokens = re.split(r"[\s-]+", stripped)
    _check_length(len(tokens))
    if all(len(token) == 1 for token in tokens):
        raise SequenceError(
            "hyphens separate three-letter codes; write one-letter sequences without them "
            f"(e.g. {''.join(tokens).upper()})"
        )
    letters: list[str] = []
    for position, token in enumerate(tokens, start=1):
        one = _THREE_LOWER.get(token.lower())
        if one is not None:
            letters.append(one)
            continue
        if len(token) == 1 and token.upper() in STANDARD_RESIDUES:
            raise SequenceError(
                f"{token!r} at position {position} is a one-letter code among three-letter "
                f"codes; write it as {ONE_TO_THREE[token.upper()]} or use one-letter throughout",
                position,
            )
        if len(token) > 3 and all(c.upper() in STANDARD_RESIDUES for c in token):
            raise SequenceError(
                f"{token!r} at position {position} looks like one-letter residues among "
                "three-letter codes; use one format throughout",
                position,
            )
        raise SequenceError(
            f"unknown residue {token!r} at position {position}; only the 20 standard amino "
            "acids (Ala, Arg, … Val) are accepted",
            position,
        )
    return "".join(letters)


def _read_one_letter(body: str) -> str:
    letters = "".join(body.split()).upper()
    _check_length(len(letters))
    for position, letter in enumerate(letters, start=1):
        if letter not in STANDARD_RESIDUES:
            raise SequenceError(
                f"unknown residue {letter!r} at position {position}; only the 20 standard "
                "amino-acid letters (ACDEFGHIKLMNPQRSTVWY) are accepted",
                position,
            )
    return letters


def _check_length(count: int) -> None:
    if count > MAX_RESIDUES:
        raise SequenceError(
            f"the sequence has {count} residues; the limit is {MAX_RESIDUES} residues"
        )
