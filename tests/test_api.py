"""The JSON API and the research tools over real HTTP: schema conformance (schemathesis), the
error envelope, pagination, JSON twins, and the sequence / compare / explorer tools."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from starlette.testclient import TestClient

from html_tree import parse_html
from sourcefirst.chemistry.parse import UNICODE_DASHES
from sourcefirst.pages import urls
from sourcefirst.serve.api_models import MAX_LIMIT
from sourcefirst.serve.errors import CODES
from sourcefirst.serve.server import create_app

# --- 1. Schemathesis: every /api operation against its own OpenAPI document -----------------
#
# FastAPI derives the OpenAPI document from the routes alone, so an app over a build folder that
# does not exist serves it at import time (when pytest collects one test per operation); every
# generated request is then sent to the app over the session's real build (the `client` fixture).
# (`schemathesis.pytest.from_fixture` would be the natural loader, but schemathesis 4.32.5 sets
# `Function._nodeid`, which pytest 9.2 no longer has: it fails with AttributeError.)

schema = schemathesis.openapi.from_asgi(
    "/api/openapi.json", create_app(Path("/nonexistent-sourcefirst-build"))
)
# Schema-invalid input may also be refused for its size (414/431, serve/limits.py): a string
# far over its maxLength can make the address longer than the server takes.
_rejection = schema.config.checks.negative_data_rejection
_rejection.expected_statuses = [*_rejection.expected_statuses, "414", "431"]

# No 5xx; status code, content type, headers and body as documented; schema-invalid input
# refused (negative_data_rejection) and schema-valid input accepted (positive_data_acceptance:
# 2xx, or 404 for an id that does not exist). Left out: `unsupported_method` (a 405 without
# Allow, which test_a_wrong_method_is_a_405_envelope_with_allow covers once rather than 14 times).
CONFORMANCE_CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    checks.positive_data_acceptance,
]
# The one exception: what a peptide sequence is (20 residues, one- or three-letter, termini, no
# mixing, at most 100 residues) is more than a JSON Schema pattern can say, so a schema-valid
# `q` may still be unreadable; the answer is then a 400 naming the problem (and its position),
# which test_sequence_schema_valid_input_is_read_or_explained checks.
SEQUENCE_CHECKS = [c for c in CONFORMANCE_CHECKS if c is not checks.positive_data_acceptance]


@pytest.fixture(scope="module")
def api_app(client: TestClient) -> Any:
    return client.app


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: Any, api_app: Any) -> None:
    if case.operation.path == "/api/sequence":
        response = case.call(app=api_app)
        case.validate_response(response, checks=SEQUENCE_CHECKS)
        if response.status_code == 400:
            error = response.json()["error"]
            assert error["code"] == "bad_request"
            assert error["message"]
            assert set(error["details"][0]) == {"position"}
        return
    case.call_and_validate(app=api_app, checks=CONFORMANCE_CHECKS)


# --- 2. The error envelope on every endpoint -------------------------------------------------


def assert_envelope(response: Any, status: int) -> dict[str, Any]:
    """``response`` is the documented error envelope for ``status``; returns its ``error``."""
    where = f"{response.request.method} {response.request.url}"
    assert response.status_code == status, (where, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json"), where
    body = response.json()
    assert set(body) == {"error"}, (where, body)
    error: dict[str, Any] = body["error"]
    assert set(error) == {"status", "code", "message", "details"}, (where, error)
    assert error["status"] == status, (where, error)
    assert isinstance(error["code"], str), (where, error)
    assert error["code"] == CODES[status], (where, error)
    assert isinstance(error["message"], str), (where, error)
    assert error["message"].strip(), (where, error)
    assert isinstance(error["details"], list), (where, error)
    return error


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _value_schema(parameter: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional parameter's schema."""
    schema_: dict[str, Any] = parameter["schema"]
    branches: list[dict[str, Any]] = schema_.get("anyOf", [])
    return next((b for b in branches if b.get("type") != "null"), schema_)


def _invalid_value(value_schema: dict[str, Any], components: dict[str, Any]) -> str | None:
    """A value the schema forbids (so the app must answer 422), or None if none is obvious."""
    if "$ref" in value_schema:
        value_schema = components[value_schema["$ref"].rsplit("/", 1)[-1]]
    if "enum" in value_schema:
        return "bogus-value-not-in-enum"
    if value_schema.get("type") == "integer" and "minimum" in value_schema:
        return str(value_schema["minimum"] - 1)
    if value_schema.get("type") == "integer":
        return "not-a-number"
    if "pattern" in value_schema:
        return "Not A Slug!"
    if "maxLength" in value_schema:
        return "x" * (int(value_schema["maxLength"]) + 1)
    return None


def bad_request(path: str, operation: dict[str, Any], openapi: dict[str, Any]) -> tuple[str, int]:
    """One deliberately bad request for a GET operation, and the status it must get."""
    parameters = operation.get("parameters", [])
    in_path = [p for p in parameters if p["in"] == "path"]
    if in_path:
        url = path
        for parameter in in_path:
            url = url.replace("{" + parameter["name"] + "}", "no-such-id-anywhere")
        return url, 404
    if any(p["required"] for p in parameters if p["in"] == "query"):
        return path, 422  # every parameter left out, the required ones too
    components = openapi.get("components", {}).get("schemas", {})
    for parameter in parameters:
        value = _invalid_value(_value_schema(parameter), components)
        if value is not None:
            return f"{path}?{parameter['name']}={value}", 422
    raise AssertionError(f"no way to make a bad request for GET {path}: add one to this test")


def test_every_get_operation_answers_a_bad_request_with_the_envelope(
    client: TestClient, openapi: dict[str, Any]
) -> None:
    operations = [(p, ops["get"]) for p, ops in openapi["paths"].items() if "get" in ops]
    assert len(operations) >= 10
    for path, operation in operations:
        assert path.startswith("/api/"), path
        assert {"404", "422"} <= set(operation["responses"]), path
        url, status = bad_request(path, operation, openapi)
        assert_envelope(client.get(url), status)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/findings?level=bogus", 422),
        ("/api/findings?kind=bogus", 422),
        ("/api/findings?limit=0", 422),
        ("/api/findings?offset=-1", 422),
        ("/api/findings?peptide=Not%20a%20slug", 422),
        ("/api/explorer?level=bogus", 422),
        ("/api/explorer?kind=bogus", 422),
        ("/api/explorer?species=r4t", 422),
        ("/api/explorer?species=", 422),
        ("/api/compare?p=&p=", 422),
        ("/api/compare?p=semax&p=semax", 422),
        ("/api/compare?p=Semax&p=selank", 422),
        ("/api/sequence?q=", 422),
        ("/api/sequence?q=%20%20", 422),
        ("/api/explorer?page=0", 422),
        ("/api/peptides?limit=abc", 422),
        ("/api/peptides/no-such-peptide", 404),
        ("/api/findings/no-such-finding", 404),
        ("/api/sources/no-such-source", 404),
        ("/api/sequence", 422),
        ("/api/search", 422),
        ("/api/compare", 422),
        ("/api/nope", 404),
        ("/api/peptides/semax/nope", 404),
    ],
)
def test_bad_requests_get_the_envelope(client: TestClient, url: str, status: int) -> None:
    assert_envelope(client.get(url), status)


def test_validation_errors_say_which_parameter(client: TestClient) -> None:
    error = assert_envelope(client.get("/api/peptides?limit=0"), 422)
    assert ["query", "limit"] in [d["loc"] for d in error["details"]]


def test_a_wrong_method_is_a_405_envelope_with_allow(client: TestClient) -> None:
    response = client.post("/api/peptides")
    assert response.status_code != 500
    assert_envelope(response, 405)
    # RFC 9110 §15.5.6: a 405 response MUST carry Allow (the HTML pages do; the API drops it).
    assert "GET" in response.headers.get("allow", ""), dict(response.headers)


def test_head_on_an_api_resource_is_not_a_404(client: TestClient) -> None:
    assert client.get("/api/peptides").status_code == 200
    response = client.head("/api/peptides")
    # GET answers, so HEAD must either answer the same way or be refused with 405 + Allow;
    # the catch-all route currently answers "no API endpoint at /api/peptides" (404).
    assert response.status_code in {200, 405}, (response.status_code, dict(response.headers))
    if response.status_code == 405:
        assert "GET" in response.headers.get("allow", "")


# --- 3. Pagination ---------------------------------------------------------------------------

PAGED = {  # endpoint → what identifies an item
    "findings": "id",
    "sources": "id",
    "peptides": "id",
    "faqs": "url",
    "pages": "url",
}


def walk(client: TestClient, first: str) -> Iterator[dict[str, Any]]:
    """Every page of a paged listing, following ``next`` from ``first``."""
    url: str | None = first
    seen_urls = set()
    while url is not None:
        assert url not in seen_urls, f"next links loop at {url}"
        seen_urls.add(url)
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        page = response.json()
        yield page
        url = page["next"]


@pytest.mark.parametrize("endpoint", sorted(PAGED))
def test_next_links_visit_every_item_once_in_order(client: TestClient, endpoint: str) -> None:
    key = PAGED[endpoint]
    # the reference listing: every item, by walking the largest pages the API allows
    everything = {
        "items": [i for p in walk(client, f"/api/{endpoint}?limit={MAX_LIMIT}") for i in p["items"]]
    }
    total = client.get(f"/api/{endpoint}?limit=1").json()["total"]
    assert total >= 2, endpoint
    assert len(everything["items"]) == total
    limit = max(1, total // 3)  # at least three pages
    walked: list[dict[str, Any]] = []
    offset = 0
    for page in walk(client, f"/api/{endpoint}?limit={limit}"):
        assert page["total"] == total, endpoint
        assert page["limit"] == limit, endpoint
        assert page["offset"] == offset, endpoint
        assert 1 <= len(page["items"]) <= limit, endpoint
        if page["next"] is not None:
            query = parse_qs(urlsplit(page["next"]).query)
            assert urlsplit(page["next"]).path == f"/api/{endpoint}"
            assert query["limit"] == [str(limit)]
            assert query["offset"] == [str(offset + limit)]
        walked.extend(page["items"])
        offset += limit
    keys = [item[key] for item in walked]
    assert len(walked) == total, endpoint
    assert len(set(keys)) == total, f"{endpoint}: items repeated across pages"
    assert walked == everything["items"], f"{endpoint}: paging changed the order"
    if endpoint == "faqs":  # by article, then in the article's own order
        articles = [item["article"] for item in walked]
        assert articles == sorted(articles)
    else:
        assert keys == sorted(keys), endpoint


def test_next_links_keep_the_filters(client: TestClient) -> None:
    everything = client.get(f"/api/findings?kind=outcome&limit={MAX_LIMIT}").json()
    assert everything["total"] >= 2
    walked = [
        item
        for page in walk(client, "/api/findings?kind=outcome&limit=1")
        for item in page["items"]
    ]
    assert walked == everything["items"]
    assert {item["kind"] for item in walked} == {"outcome"}


@pytest.mark.parametrize(
    "filters", ["type=finding", "peptide=selank", "level=animal", "topic=neurotrophins"]
)
def test_search_next_links_keep_the_filters(client: TestClient, filters: str) -> None:
    everything = client.get(f"/api/search?q=semax&{filters}&limit=50").json()
    assert 2 <= everything["total"] <= 50, filters
    walked = [
        item
        for page in walk(client, f"/api/search?q=semax&{filters}&limit=1")
        for item in page["items"]
    ]
    assert len(walked) == everything["total"], filters
    assert walked == everything["items"], filters


@pytest.mark.parametrize("endpoint", sorted(PAGED))
def test_limit_above_the_maximum_is_a_422_envelope(client: TestClient, endpoint: str) -> None:
    assert client.get(f"/api/{endpoint}?limit={MAX_LIMIT}").status_code == 200
    error = assert_envelope(client.get(f"/api/{endpoint}?limit={MAX_LIMIT + 1}"), 422)
    assert ["query", "limit"] in [d["loc"] for d in error["details"]]


@pytest.mark.parametrize("endpoint", sorted(PAGED))
def test_offset_past_the_end_is_an_empty_last_page(client: TestClient, endpoint: str) -> None:
    page = client.get(f"/api/{endpoint}?offset=100000").json()
    assert page["items"] == []
    assert page["next"] is None
    assert page["total"] > 0


# --- 4. JSON twins ---------------------------------------------------------------------------


def test_every_page_has_a_json_twin_with_its_url_and_title(
    client: TestClient, manifest: dict[str, Any]
) -> None:
    pages = sorted(manifest["pages"])
    assert pages
    for url in pages:
        twin = client.get(urls.json_twin(url))
        assert twin.status_code == 200, url
        assert twin.headers["content-type"].startswith("application/json"), url
        data = twin.json()
        assert data["url"] == url
        title = " ".join(data["title"].split())
        assert title, url
        html = client.get(url)
        assert html.status_code == 200, url
        tree = parse_html(html.text)
        shown = [e.clean_text for e in tree.find_all("h1") + tree.find_all("title")]
        assert any(title in text for text in shown), (url, title, shown)


# --- 5. The tools through real HTTP ----------------------------------------------------------


def sequence(client: TestClient, query: str) -> dict[str, Any]:
    response = client.get("/api/sequence", params={"q": query})
    assert response.status_code == 200, (query, response.text[:300])
    data: dict[str, Any] = response.json()
    return data


@pytest.mark.parametrize(
    ("query", "formula", "average_mass"),
    [("MEHFPGP", "C37H51N9O10S", 813.93), ("TKPRPGP", "C33H57N11O9", 751.887)],
)
def test_sequence_chemistry(
    client: TestClient, query: str, formula: str, average_mass: float
) -> None:
    properties = sequence(client, query)["properties"]
    assert properties["formula"] == formula
    assert properties["average_mass"] == pytest.approx(average_mass, abs=0.01)
    assert properties["one_letter"] == query
    assert properties["length"] == len(query)


@pytest.mark.parametrize(
    ("query", "protein", "peptide_range", "protein_range"),
    [("MEHFPGP", "acth", (1, 4), (4, 7)), ("TKPRPGP", "igg", (1, 4), (289, 292))],
)
def test_sequence_fragments(
    client: TestClient,
    query: str,
    protein: str,
    peptide_range: tuple[int, int],
    protein_range: tuple[int, int],
) -> None:
    matches = sequence(client, query)["fragments"]["protein_matches"]
    found = [
        (m["peptide_start"], m["peptide_end"], m["protein_start"], m["protein_end"])
        for m in matches
        if m["protein_id"].startswith(protein)
    ]
    assert found == [(*peptide_range, *protein_range)], matches


@pytest.mark.parametrize(
    "query",
    [
        "mehfpgp",
        " MEH FPGP ",
        "\tM E H F P G P\n",
        "Met-Glu-His-Phe-Pro-Gly-Pro",
        "met glu his phe pro gly pro",
        *(f"Met{dash}Glu{dash}His{dash}Phe{dash}Pro{dash}Gly{dash}Pro" for dash in UNICODE_DASHES),
    ],
)
def test_sequence_accepts_how_people_type(client: TestClient, query: str) -> None:
    properties = sequence(client, query)["properties"]
    assert properties["one_letter"] == "MEHFPGP", query
    assert properties["formula"] == "C37H51N9O10S", query


def test_sequence_unicode_dash_between_two_residues(client: TestClient) -> None:
    assert sequence(client, "Met–Glu")["properties"]["one_letter"] == "ME"


def test_sequence_unknown_residue_names_its_position(client: TestClient) -> None:
    error = assert_envelope(client.get("/api/sequence", params={"q": "MEXF"}), 400)
    assert "position 3" in error["message"]
    assert "'X'" in error["message"]
    assert error["details"] == [{"position": 3}]


@pytest.mark.parametrize(("query", "status"), [("", 422), ("   ", 422), ("A" * 2000, 422)])
def test_sequence_empty_or_too_long(client: TestClient, query: str, status: int) -> None:
    assert_envelope(client.get("/api/sequence", params={"q": query}), status)


def test_sequence_at_the_length_limit_is_not_a_server_error(client: TestClient) -> None:
    response = client.get("/api/sequence", params={"q": "G" * 1000})
    assert response.status_code == 400  # 1000 letters, but more than the residue limit
    assert "100" in assert_envelope(response, 400)["message"]


def test_compare_two_peptides(client: TestClient) -> None:
    response = client.get("/api/compare", params={"p": ["semax", "selank"]})
    assert response.status_code == 200
    data = response.json()
    side_by_side = data["comparison"]
    assert [p["id"] for p in side_by_side["peptides"]] == ["selank", "semax"]
    assert len(side_by_side["alignments"]) == 1
    assert side_by_side["alignments"][0]["identical"] == 3
    assert data["url"] == "/compare/selank-vs-semax/"


@pytest.mark.parametrize(
    ("peptides", "status"),
    [(["semax", "no-such-peptide"], 404), (["semax"], 422), (["semax", "semax"], 422)],
)
def test_compare_errors(client: TestClient, peptides: list[str], status: int) -> None:
    assert_envelope(client.get("/api/compare", params={"p": peptides}), status)


def test_compare_form_redirects_to_the_canonical_page(client: TestClient) -> None:
    response = client.get("/compare/?p=semax&p=selank", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/compare/selank-vs-semax/"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/compare/semax-vs-selank/", "/compare/selank-vs-semax/"),
        ("/compare/semax-vs-selank.json", "/compare/selank-vs-semax.json"),
    ],
)
def test_compare_permanently_redirects_to_the_canonical_order(
    client: TestClient, url: str, target: str
) -> None:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == target
    final = client.get(target)
    assert final.status_code == 200
    if target.endswith("/"):
        assert final.text.count("<h1") == 1
    else:
        assert final.json()["url"] == "/compare/selank-vs-semax/"


def test_explorer_rejects_a_bogus_level_with_an_html_page(client: TestClient) -> None:
    response = client.get("/explorer/?level=bogus")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.count("<h1") == 1
    assert "bogus" in response.text


def explorer_pages(client: TestClient, query: str) -> Iterator[dict[str, Any]]:
    first = client.get(f"/explorer.json?{query}").json()
    yield first
    for number in range(2, first["pages"] + 1):
        yield client.get(f"/explorer.json?{query}&page={number}").json()


def test_explorer_kind_filter_counts_only_those_findings(client: TestClient) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    best: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for page in walk(client, f"/api/findings?kind=outcome&limit={MAX_LIMIT}"):
        for finding in page["items"]:
            assert finding["kind"] == "outcome"
            for peptide in finding["peptides"]:
                expected[peptide, finding["topic"]] += 1
                recorded = "results not recorded" not in finding["level_label"]
                best.setdefault((peptide, finding["topic"]), []).append(
                    (finding["level"], recorded)
                )
    assert expected, "the content has no outcome findings to filter on"

    seen: Counter[tuple[str, str]] = Counter()
    for page in explorer_pages(client, "kind=outcome"):
        assert page["error"] is None
        order = [option["value"] for option in page["levels"]]  # weakest first
        topics = [link["href"].strip("/").split("/")[-1] for link in page["topics"]]
        assert all(link["note"] == "outcome" for link in page["topics"]), page["topics"]
        for row in page["rows"]:
            assert len(row["cells"]) == len(topics)
            for topic, cell in zip(topics, row["cells"], strict=True):
                key = (row["peptide"], topic)
                if cell is None:
                    assert key not in expected, key
                    continue
                seen[key] = cell["count"]
                # findings with results outrank any finding whose results are not recorded
                strongest = max(best[key], key=lambda lv: (lv[1], order.index(lv[0])))
                assert cell["level"] == strongest[0], key
    assert seen == expected

    unfiltered = client.get("/explorer.json").json()
    assert any(link["note"] != "outcome" for link in unfiltered["topics"])


def test_explorer_json_twin_rejects_a_bogus_kind(client: TestClient) -> None:
    response = client.get("/explorer.json?kind=bogus")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert "bogus" in response.json()["error"]


def test_sequence_tool_page_names_the_bad_position(client: TestClient) -> None:
    response = client.get("/tools/sequence/?q=MEXF")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.count("<h1") == 1
    alert = parse_html(response.text).one("p", role="alert")
    assert "position 3" in alert.clean_text


def test_remembered_answers_follow_a_rebuild(tmp_path: Path) -> None:
    """Search answers are remembered per release: the same question gets the same answer, and
    a rebuild (a new release) is answered afresh, with what it now holds."""
    from conftest import make_content
    from sourcefirst.release.publish import build_site

    content = make_content(tmp_path, {})
    out = tmp_path / "out"
    build_site(content, out)
    with TestClient(create_app(out)) as fresh:
        url = "/api/search?q=zanzibarine"
        first = fresh.get(url).json()
        assert first["total"] == 0
        assert fresh.get(url).json() == first
        profile = content / "peptides" / "semax.yaml"
        text = profile.read_text(encoding="utf-8")
        profile.write_text(text.replace("name: Semax", "name: Semax zanzibarine", 1), "utf-8")
        build_site(content, out)
        after = fresh.get(url).json()
        assert after["total"] >= 1
        assert any(hit["url"] == "/peptides/semax/" for hit in after["items"])
