"""Where each kind of page lives. The only place URLs are spelled out."""

from __future__ import annotations


def home() -> str:
    return "/"


def peptide(peptide_id: str) -> str:
    return f"/peptides/{peptide_id}/"


def article(slug: str) -> str:
    return f"/articles/{slug}/"


def source(source_id: str, page: int = 1) -> str:
    """A source's page; later pages of the findings that cite it under page/N/."""
    return f"/sources/{source_id}/" + (f"page/{page}/" if page > 1 else "")


def category(category_id: str) -> str:
    return f"/categories/{category_id}/"


def topic(topic_id: str, page: int = 1) -> str:
    """A topic's page; its later pages (a topic studied for many peptides) under page/N/."""
    return f"/topics/{topic_id}/" + (f"page/{page}/" if page > 1 else "")


def references() -> str:
    return "/references/"


def needs_source() -> str:
    return "/needs-source/"


def compare(ids: list[str]) -> str:
    return "/compare/" + "-vs-".join(ids) + "/"


def json_twin(url: str) -> str:
    """`/peptides/semax/` → `/peptides/semax.json`; `/` → `/index.json`."""
    return "/index.json" if url == "/" else url.rstrip("/") + ".json"


def output_paths(url: str) -> tuple[str, str]:
    """Relative file paths of a page's HTML and JSON twin in the built site."""
    html = "index.html" if url == "/" else url.strip("/") + "/index.html"
    return html, json_twin(url).lstrip("/")


def peptides_index() -> str:
    return "/peptides/"


def articles_index() -> str:
    return "/articles/"


def sources_index() -> str:
    return "/sources/"


def topics_index() -> str:
    return "/topics/"


def categories_index() -> str:
    return "/categories/"


def tools_index() -> str:
    return "/tools/"


def evidence_scale() -> str:
    return "/evidence-scale/"
