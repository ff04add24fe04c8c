"""The one error envelope every API error uses (documented in docs/api.md).

{"error": {"status": 404, "code": "not_found", "message": "...", "details": [...]}}
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from starlette.responses import JSONResponse

CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    414: "uri_too_long",
    431: "header_too_large",
    422: "invalid_parameter",
    500: "internal_error",
    503: "unavailable",
}


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: list[dict[str, Any]] = []


class ErrorEnvelope(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        details: list[dict[str, Any]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.code = code or CODES.get(status, "error")


def error_response(
    status: int, message: str, details: list[dict[str, Any]] | None = None, code: str | None = None
) -> JSONResponse:
    body = ErrorEnvelope(
        error=ErrorBody(
            status=status,
            code=code or CODES.get(status, "error"),
            message=message,
            details=details or [],
        )
    )
    return JSONResponse(body.model_dump(), status_code=status)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": CODES[status].replace("_", " ")}
    for status in (400, 404, 414, 422, 431)
}
