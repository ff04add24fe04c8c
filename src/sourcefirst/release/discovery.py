"""Files that help readers and machines find the site: sitemap.xml, robots.txt, an Atom feed.

All three are generated from the same page list the build writes (url, title, description,
review date), so they can never list a page that does not exist. XML is written with
ElementTree, which escapes every value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from sourcefirst.schema.site import SiteConfig

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50


@dataclass(frozen=True, slots=True)
class PageEntry:
    url: str
    title: str
    description: str
    kind: str
    reviewed: dt.date | None
    latest_change: tuple[dt.date, str] | None = None  # the newest "What changed" entry

    @property
    def updated(self) -> dt.date | None:
        dates = [
            d for d in (self.reviewed, self.latest_change[0] if self.latest_change else None) if d
        ]
        return max(dates) if dates else None


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def sitemap_xml(site: SiteConfig, pages: list[PageEntry]) -> str:
    """Every page, with `lastmod` from its review date where it has one."""
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for page in sorted(pages, key=lambda p: p.url):
        item = ET.SubElement(root, "url")
        ET.SubElement(item, "loc").text = site.absolute(page.url)
        if page.reviewed is not None:
            ET.SubElement(item, "lastmod").text = page.reviewed.isoformat()
    return _xml(root)


def robots_txt(site: SiteConfig) -> str:
    """Everything may be crawled except the machine-facing API; the sitemap is named."""
    sitemap = site.absolute("/sitemap.xml")
    return f"User-agent: *\nDisallow: /api/\nAllow: /api/$\n\nSitemap: {sitemap}\n"


def atom_feed(site: SiteConfig, pages: list[PageEntry]) -> str:
    """The most recently reviewed pages, newest first (RFC 4287)."""
    reviewed = sorted(
        (p for p in pages if p.updated is not None),
        key=lambda p: (p.updated, p.latest_change is not None, p.url),  # changes first
        reverse=True,
    )[:FEED_ENTRIES]
    newest = next((p.updated for p in reviewed if p.updated), dt.date(2000, 1, 1))
    root = ET.Element("feed", xmlns=ATOM_NS)
    ET.SubElement(root, "title").text = f"{site.title}: reviewed and changed pages"
    ET.SubElement(root, "id").text = site.absolute("/feed.xml")
    ET.SubElement(root, "updated").text = f"{newest.isoformat()}T00:00:00Z"
    ET.SubElement(root, "link", href=site.absolute("/feed.xml"), rel="self")
    ET.SubElement(root, "link", href=site.absolute("/"))
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = site.reviewed_by
    for page in reviewed:
        when = page.updated
        assert when is not None  # filtered above; narrows the type for mypy
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "title").text = page.title
        ET.SubElement(entry, "id").text = site.absolute(page.url)
        ET.SubElement(entry, "link", href=site.absolute(page.url))
        ET.SubElement(entry, "updated").text = f"{when.isoformat()}T00:00:00Z"
        change = page.latest_change
        if change is not None and change[0] == when:
            summary = f"Changed {change[0].isoformat()}: {change[1]}"
        else:
            summary = f"Reviewed {when.isoformat()}. {page.description}"
        ET.SubElement(entry, "summary").text = summary
    return _xml(root)
