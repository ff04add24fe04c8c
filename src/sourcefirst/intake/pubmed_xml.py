"""PubMed XML (`PubmedArticleSet`, as efetch returns it), parsed with defusedxml."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sourcefirst.intake.designs import csl_type_for
from sourcefirst.intake.fields import (
    clean_doi,
    clean_pmcid,
    month_of,
    note_translation,
    set_title,
    year_month,
)
from sourcefirst.intake.languages import iso639_1
from sourcefirst.intake.notices import add_notices
from sourcefirst.intake.record import Author, ImportedRecord, ImportProblem


def _text(node: Element | None) -> str | None:
    if node is None:
        return None
    text = " ".join("".join(node.itertext()).split())
    return text or None


def parse_pubmed_xml(text: str, file: str) -> list[ImportedRecord]:
    try:
        root = SafeET.fromstring(text)
    except DefusedXmlException as exc:
        raise ImportProblem(
            file, "1", f"refused: the XML declares entities ({type(exc).__name__})"
        ) from None
    except ParseError as exc:
        line, column = exc.position
        raise ImportProblem(file, f"{line}:{column}", f"malformed XML: {exc.msg}") from None
    if root.tag != "PubmedArticleSet":
        raise ImportProblem(file, "1", f"expected <PubmedArticleSet>, found <{root.tag}>")
    return [_article(node, file, n) for n, node in enumerate(root.iter("PubmedArticle"), 1)]


def _article(node: Element, file: str, number: int) -> ImportedRecord:
    record = ImportedRecord(file=file, position=f"record {number}", format="pubmed-xml")
    citation = node.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    if citation is None or article is None:
        record.warnings.append("no MedlineCitation/Article element")
        return record
    record.pmid = _text(citation.find("PMID"))
    langs = [iso639_1(_text(n)) for n in article.findall("Language")]
    record.language = next((code for code in langs if code), None)
    record.original_title = _text(article.find("VernacularTitle"))
    set_title(record, _text(article.find("ArticleTitle")))
    journal = article.find("Journal")
    if journal is not None:
        record.container_title = _text(journal.find("Title"))
        record.container_title_short = _text(journal.find("ISOAbbreviation"))
        issue = journal.find("JournalIssue")
        if issue is not None:
            record.volume = _text(issue.find("Volume"))
            record.issue = _text(issue.find("Issue"))
            pub = issue.find("PubDate")
            if pub is not None:
                year = _text(pub.find("Year"))
                if year and year.isdigit():
                    record.year, record.month = int(year), month_of(_text(pub.find("Month")))
                else:
                    record.year, record.month = year_month(_text(pub.find("MedlineDate")))
    short = _text(citation.find("MedlineJournalInfo/MedlineTA"))
    record.container_title_short = short or record.container_title_short
    record.page = _text(article.find("Pagination/MedlinePgn"))
    for loc in article.findall("ELocationID"):
        if loc.get("EIdType") == "doi":
            record.doi = record.doi or clean_doi(_text(loc))
    for author in article.findall("AuthorList/Author"):
        collective = _text(author.find("CollectiveName"))
        if collective:
            record.authors.append(Author(literal=collective))
            continue
        family = _text(author.find("LastName"))
        if family:
            given = _text(author.find("Initials")) or _text(author.find("ForeName"))
            record.authors.append(Author(family=family, given=given))
    record.publication_types = [
        t for t in (_text(n) for n in article.findall("PublicationTypeList/PublicationType")) if t
    ]
    record.csl_type = csl_type_for(record.publication_types)
    for ident in node.findall("PubmedData/ArticleIdList/ArticleId"):
        kind, value = ident.get("IdType"), _text(ident)
        if kind == "doi":
            record.doi = record.doi or clean_doi(value)
        elif kind == "pmc":
            record.pmcid = clean_pmcid(value)
        elif kind == "pubmed" and not record.pmid:
            record.pmid = value
    _notices(record, citation)
    note_translation(record)
    return record


def _notices(record: ImportedRecord, citation: Element) -> None:
    links = []
    for link in citation.findall("CommentsCorrectionsList/CommentsCorrections"):
        source = _text(link.find("RefSource")) or "notice"
        pmid = _text(link.find("PMID"))
        links.append((link.get("RefType") or "", source + (f" (PMID {pmid})" if pmid else "")))
    add_notices(record, links)
