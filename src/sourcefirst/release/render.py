"""Stage 4b: render page data to HTML (Jinja2, autoescaped) and to its JSON twin."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sourcefirst.pages import urls
from sourcefirst.pages.models import Link, Page

NAV = [
    Link(title="Peptides", href="/#peptides-heading"),
    Link(title="Search", href="/search/"),
    Link(title="Tools", href="/#tools-heading"),
    Link(title="References", href=urls.references()),
    Link(title="Editorial policy", href=urls.article("editorial-policy")),
]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sourcefirst", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["m"] = env.get_template("_macros.html").module
    env.globals["nav"] = NAV
    return env


def render_html(page: Page, query: str = "") -> str:
    """The page as HTML; ``query`` (a request's query string) is kept on the JSON-twin link."""
    template = environment().get_template(page.template)
    twin = urls.json_twin(page.url) + (f"?{query}" if query else "")
    return template.render(page=page, json_url=twin)


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
