"""The API's declared level names must be exactly the evidence scale's."""

from typing import get_args

from sourcefirst.api import LevelSlug
from sourcefirst.evidence import Level


def test_api_level_names_match_the_evidence_scale() -> None:
    assert list(get_args(LevelSlug)) == [level.slug for level in Level]
