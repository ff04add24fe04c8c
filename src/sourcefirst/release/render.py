"""Stage 4b: render page data to HTML (Jinja2, autoescaped) and to its JSON twin."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sourcefirst.domain.labels import EVIDENCE_KEY, badge_parts
from sourcefirst.pages import urls
from sourcefirst.pages.models import Link, Page
from sourcefirst.pages.structured import structured_data
from sourcefirst.release.assets import asset_url
from sourcefirst.release.filters import formula, language_name, long_date, source_type
from sourcefirst.release.previews import preview_image_path
from sourcefirst.schema.site import SiteConfig

NAV = [
    Link(title="Peptides", href=urls.peptides_index()),
    Link(title="Articles", href=urls.articles_index()),
    Link(title="Tools", href=urls.tools_index()),
    Link(title="References", href=urls.references()),
    Link(title="Editorial policy", href=urls.article("editorial-policy")),
]


# Page kinds the static search (Pagefind) indexes, with the type facet each shows; tool pages,
# the 404 and the API reference are not content.
STATIC_SEARCH_TYPES = {
    "home": "Page",
    "peptide": "Peptide profile",
    "article": "Article",
    "source": "Source",
    "references": "Page",
    "category": "Page",
    "topic": "Topic",
    "needs-source": "Page",
    "index": "Page",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sourcefirst", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["nav"] = NAV
    env.globals["badge_parts"] = badge_parts
    env.globals["asset"] = asset_url
    env.filters.update(
        long_date=long_date,
        formula=formula,
        source_type=source_type,
        language_name=language_name,
    )
    env.globals["evidence_key"] = EVIDENCE_KEY
    env.globals["searchable_kinds"] = STATIC_SEARCH_TYPES
    # last: the macro module is rendered once, and sees only the globals set before it
    env.globals["m"] = env.get_template("_macros.html").module
    return env


def render_html(page: Page, site: SiteConfig, query: str = "") -> str:
    """The page as HTML; ``query`` (a request's query string) is kept on the JSON-twin link.

    ``site`` gives the absolute base address (canonical link, social cards, JSON-LD) and where
    readers report errors.
    """
    template = environment().get_template(page.template)
    twin = urls.json_twin(page.url) + (f"?{query}" if query else "")
    return template.render(
        page=page,
        json_url=twin,
        site=site,
        canonical=site.absolute(page.url),
        preview_image=site.absolute(preview_image_path(page.kind)),
        structured=structured_data(page, site),
        report_href=report_error_href(site, page.url),
    )


def report_error_href(site: SiteConfig, page_url: str) -> str:
    """The "Report an error on this page" link: the corrections address with the page's URL."""
    target = site.absolute(page_url)
    if site.corrections.startswith("mailto:"):
        return f"{site.corrections}?subject={quote('Error on ' + target)}"
    address, _, fragment = site.corrections.partition("#")
    link = f"{address}?{urlencode({'page': target})}"
    return f"{link}#{fragment}" if fragment else link


def render_json(page: Page) -> str:
    """The page's JSON twin: the same data the template received (pydantic's fast serialiser)."""
    return page.model_dump_json()


def not_found_page() -> Page:
    return Page(
        url="/404/",
        kind="404",
        title="Page not found",
        description="There is no page at this address.",
    )
