"""Site-wide settings (`content/site.yaml`): who edits and reviews, and how readers reach them."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, field_validator

from sourcefirst.schema.common import Record, Text


class Person(Record):
    name: Text
    role: Text  # e.g. "editor", "reviewer"


DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class SiteConfig(Record):
    title: Text = "SourceFirst"
    # Absolute address the site is published at (canonical links, sitemap, feed, JSON-LD);
    # `sourcefirst build --base-url` overrides it for a deployment.
    base_url: Text = DEFAULT_BASE_URL
    description: Text = (
        "A source-first, citation-anchored evidence reference for research peptides."
    )
    # Where readers send corrections: a site path (an article explaining how) or an https/mailto
    # address. Every page links to it, carrying the page's own URL as `?page=`.
    corrections: Text = "/articles/editorial-policy/#corrections"
    editors: list[Person] = Field(default_factory=list)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError(f"`base_url` must be an absolute http(s) address, got {value!r}")
        return value.rstrip("/")

    def absolute(self, path: str) -> str:
        """``/peptides/semax/`` → ``https://example.org/peptides/semax/``."""
        return self.base_url + path

    @field_validator("corrections")
    @classmethod
    def _corrections(cls, value: str) -> str:
        if not value.startswith(("/", "https://", "mailto:")):
            raise ValueError("`corrections` must be a site path (/…), an https:// URL or mailto:")
        return value

    @property
    def reviewed_by(self) -> str:
        """Who reviews the pages, as readers see it."""
        names = [p.name for p in self.editors]
        return ", ".join(names) if names else f"{self.title} editors"
