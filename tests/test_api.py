from pathlib import Path
from typing import Any
import pytest, schemathesis
from hypothesis import HealthCheck, settings
from sourcefirst.server import create_app


class DeferredApp:
    def __init__(self) -> None:
        self.app: Any = create_app(Path("/nonexistent-build"))

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)


DEFERRED = DeferredApp()
schema = schemathesis.openapi.from_asgi("/api/openapi.json", DEFERRED)


@pytest.fixture(scope="module", autouse=True)
def _serve(built_site: Path):
    DEFERRED.app = create_app(built_site)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzz(case):
    from schemathesis import checks as c
    case.call_and_validate(checks=[c.not_a_server_error, c.status_code_conformance, c.content_type_conformance, c.response_schema_conformance, c.response_headers_conformance, c.negative_data_rejection])
