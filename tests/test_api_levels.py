"""The API's declared level names must be exactly the evidence scale's."""

from typing import get_args

from sourcefirst.domain.evidence import Level
from sourcefirst.serve.api import LevelSlug


def test_api_level_names_match_the_evidence_scale() -> None:
    assert list(get_args(LevelSlug)) == [level.slug for level in Level]
