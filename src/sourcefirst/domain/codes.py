"""Every diagnostic code, its category and a one-line summary. docs/checks.md documents each
(a test fails when a code is used but not listed here, or listed but not documented)."""

from __future__ import annotations

from dataclasses import dataclass

from sourcefirst.domain.diagnostics import Category


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    category: Category
    summary: str
    command: str  # "check", "lint" or "audit"


_S, _C, _E = Category.SCHEMA, Category.CITATION, Category.EVIDENCE
RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule("SF000", _S, "the content folder does not exist", "check"),
        Rule("SF001", _S, "a file is not valid UTF-8 text", "check"),
        Rule("SF002", _S, "malformed YAML (also in front matter and blocks)", "check"),
        Rule("SF003", _S, "a record's id does not match its file name", "check"),
        Rule("SF004", _S, "a list file does not hold its one top-level list", "check"),
        Rule("SF005", _S, "an article's front matter is missing or not closed", "check"),
        Rule("SF006", _S, "a required file or folder is missing or misplaced", "check"),
        Rule("SF007", _S, "a symbolic link points outside the content folder", "check"),
        Rule("SF008", _S, "a dangling link, FIFO or folder skipped (warning)", "check"),
        Rule("SF009", _S, "a control, bidirectional or zero-width character", "check"),
        Rule("SF010", _S, "an impossible date or time (2026-02-30)", "check"),
        Rule("SF101", _S, "a field is unknown, missing or has an invalid value", "check"),
        Rule("SF201", _S, "two records share an id", "check"),
        Rule("SF202", _S, "a reference to an unknown peptide, topic, category or protein", "check"),
        Rule("SF301", _C, "a finding or record cites an unknown source", "check"),
        Rule("SF302", _C, "an article cites an unknown source", "check"),
        Rule("SF303", _C, "a malformed inline citation", "check"),
        Rule("SF305", _S, "an unknown generated block in an article", "check"),
        Rule("SF401", _C, "a source nothing cites (warning)", "check"),
        Rule("SF402", _C, "two sources share a PMID or DOI", "check"),
        Rule("SF451", Category.SEQUENCE, "one- and three-letter sequences disagree", "check"),
        Rule("SF452", Category.SEQUENCE, "an origin segment runs past the sequence", "check"),
        Rule("SF453", Category.SEQUENCE, "origin residues outside the parent held", "check"),
        Rule("SF454", Category.SEQUENCE, "origin residues differ from the parent protein", "check"),
        Rule("SF455", Category.SEQUENCE, "origin segments do not cover the sequence", "check"),
        Rule(
            "SF456", Category.SEQUENCE, "stated formula or mass differs from the computed", "check"
        ),
        Rule("SF481", _E, "a finding set in people rests on non-human sources", "check"),
        Rule("SF482", _E, "an outcome finding rests only on in-vitro work", "check"),
        Rule("SF483", _E, "no cited source has a known design (warning)", "check"),
        Rule(
            "SF501", Category.CONSISTENCY, "a quantity in prose disagrees with its finding", "check"
        ),
        Rule(
            "SF502",
            Category.CONSISTENCY,
            "prose calls a peptide approved against the record",
            "check",
        ),
        Rule("SF901", _C, "a malformed DOI, PMID or PMCID (audit)", "audit"),
        Rule("SF902", _C, "two sources share a PMCID", "check"),
        Rule("SF903", _C, "a PMID and DOI paired differently by two sources", "check"),
        Rule("SF904", _C, "an identifier below `mirror`: to verify (audit)", "audit"),
        Rule("SF905", _C, "an identifier without seen_at (warning)", "check"),
        Rule("SF906", _E, "a finding rests on a retracted source it does not discuss", "check"),
        Rule("SF907", _C, "an imported draft source not yet reviewed (warning)", "check"),
        Rule("SF910", _S, "a search file's PRISMA counts do not add up", "check"),
        Rule("SF911", _C, "a search file lists an unknown source", "check"),
        Rule("SF912", _C, "a review cites a source no search included or added by hand", "check"),
        Rule("SF913", _S, "a search file names no evidence review", "check"),
        Rule("SF914", _C, "an evidence review without a search file (warning)", "check"),
        Rule("SF520", _C, "a regulatory status no cited source states for that place", "check"),
        Rule("SF521", _C, "an as-of date that is not when a cited source was seen", "check"),
        Rule("SF522", _C, "a status not established without its needs-source claim", "check"),
        Rule("SF523", _S, "a regulator's document without its jurisdiction", "check"),
        Rule("SF530", Category.CONSISTENCY, "a number no source of its finding records", "check"),
        Rule("SF531", _C, "an internal record id in text a reader sees", "check"),
        Rule("SF540", _C, "an article reports a study result without a citation", "check"),
        Rule("SF532", Category.OUT_OF_SCOPE, "a formulation strength", "lint"),
        Rule("SF601", Category.OVERCLAIM, "outcome language beyond the evidence level", "lint"),
        Rule("SF602", Category.OVERCLAIM, "certainty words beyond the evidence", "lint"),
        Rule(
            "SF603", Category.OVERCLAIM, "an animal or in-vitro result without its species", "lint"
        ),
        Rule("SF940", _S, "an unknown risk-of-bias value", "check"),
        Rule("SF941", _E, "a certainty downgrade without a reason", "check"),
        Rule("SF942", _E, "a safety record on a study that is not in people", "check"),
        Rule("SF943", _E, "a safety record of adverse events without what was reported", "check"),
        Rule("SF944", _C, "a citation locator points into an unknown source", "check"),
        Rule("SF945", _S, "an author alias joins different initials (two people)", "check"),
        Rule("SF946", _S, "an author alias joins two authors of one paper", "check"),
        Rule("SF701", Category.OUT_OF_SCOPE, "dosing: amounts or guidance for use", "lint"),
        Rule("SF702", Category.OUT_OF_SCOPE, "a use schedule or cycle", "lint"),
        Rule("SF703", Category.OUT_OF_SCOPE, "administration instructions", "lint"),
        Rule("SF704", Category.OUT_OF_SCOPE, "reconstitution or storage instructions", "lint"),
        Rule("SF705", Category.OUT_OF_SCOPE, "a stacking or combination protocol", "lint"),
        Rule("SF706", Category.OUT_OF_SCOPE, "sourcing: vendors, prices, codes, buying", "lint"),
    ]
}
