"""The built site's files as the server sees them: URL → file, encoding, cache lifetime."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from sourcefirst.pages import urls
from sourcefirst.release.assets import is_hashed_asset

MAX_PATH = 512


class SiteFiles:
    """Maps URLs to files of the current release, refusing anything outside it."""

    def __init__(self, build: Path) -> None:
        self.build = build

    @property
    def root(self) -> Path | None:
        site = self.build / "current" / "site"
        return site.resolve() if site.is_dir() else None

    def find(self, url_path: str, want_json: bool) -> Path | None:
        root = self.root
        if root is None or len(url_path) > MAX_PATH or "\x00" in url_path or "\\" in url_path:
            return None
        parts = [p for p in url_path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return None
        relative = "/".join(parts)
        if want_json and not relative.endswith(".json") and not relative.startswith("static"):
            relative = urls.json_twin("/" + relative + ("/" if relative else "")).lstrip("/")
        candidate = (root / relative).resolve()
        if candidate.is_dir():
            candidate = (candidate / "index.html").resolve()  # re-resolve: it may be a link
        if not candidate.is_file() or not candidate.is_relative_to(root):
            return None
        return candidate


ENCODED_SUFFIX = {"br": ".br", "gzip": ".gz"}


def accepted_encodings(accept_encoding: str) -> list[str]:
    """The precompressed twins a client takes, best first: brotli, then gzip. Honours `q=0`
    (refused) and `*`; an empty list means the file itself."""
    weights: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name.strip():
            weights[name.strip()] = weight
    star = weights.get("*", 0.0)
    return [name for name in ENCODED_SUFFIX if weights.get(name, star) > 0]


def cache_control(target: Path) -> str:
    """Hashed assets never change (a new build links new names): cache them for a year. Other
    static files for an hour; pages briefly, since a rebuild may change them at any time."""
    if is_hashed_asset(target):
        return "public, max-age=31536000, immutable"
    if target.parent.name == "static" or target.parent.name == "previews":
        return "public, max-age=3600"
    return "public, max-age=60"


def media_type(target: Path) -> str:
    """The Content-Type a built file is sent with (text in UTF-8)."""
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind == "application/json":
        kind += "; charset=utf-8"
    return kind


def precompressed(target: Path, encodings: list[str]) -> tuple[Path, str]:
    """The file to send for ``target``: its first precompressed twin among ``encodings`` that
    the build wrote, with that encoding's name, or ``target`` itself and ""."""
    for encoding in encodings:
        twin = target.with_name(target.name + ENCODED_SUFFIX[encoding])
        if twin.is_file():
            return twin, encoding
    return target, ""
