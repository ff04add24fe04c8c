"""Jurisdictions a regulatory status or a regulator's document can speak for."""

from __future__ import annotations

from typing import Literal

Jurisdiction = Literal["US", "EU", "RU", "UA", "UK", "AU", "CA"]
JURISDICTION_NAMES: dict[str, str] = {
    "US": "United States",
    "EU": "European Union",
    "RU": "Russia",
    "UA": "Ukraine",
    "UK": "United Kingdom",
    "AU": "Australia",
    "CA": "Canada",
}
