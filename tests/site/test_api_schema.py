"""The OpenAPI document: valid OpenAPI 3.1, generated from the routes, and true of what the API answers.

schemathesis generates requests from the document (a bounded number per operation) against a real index;
no answer may be a 5xx, and every answer must match its declared status, content type and schema.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from ggzy.site.openapi import OPERATIONS
from tests.factories import make_app
from tests.feeds.world import build_world, registrations

schemathesis.experimental.OPEN_API_3_1.enable()
# schemathesis 3.x still uses jsonschema's deprecated RefResolver; the project pins schemathesis < 4.
pytestmark = pytest.mark.filterwarnings("ignore:jsonschema.RefResolver is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def schema_app(shared_data: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    world = build_world(registrations(shared_data))
    return make_app(tmp_path_factory.mktemp("schema") / "ggzy.db", world.notices)


@pytest.fixture(scope="module")
def api_schema(schema_app):  # type: ignore[no-untyped-def]
    return schemathesis.from_wsgi("/api/v1/openapi.json", schema_app)


with warnings.catch_warnings():
    # schemathesis 3.x warns about its own default arguments here (fixed in 4.0, which this suite does not use).
    warnings.simplefilter("ignore", DeprecationWarning)
    schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    assert response.status_code < 500, response.text[:500]
    case.validate_response(response)


def test_the_document_is_valid_openapi_31_and_lists_every_route(schema_app) -> None:
    document = schema_app.test_client().get("/api/v1/openapi.json").json
    validate(document)
    assert document["openapi"].startswith("3.1")
    paths = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert paths == {(op.path, op.method) for op in OPERATIONS}
    routes = {str(rule) for rule in schema_app.url_map.iter_rules() if str(rule).startswith("/api/v1/")}
    assert {p.replace("{", "<").replace("}", ">") for p, _ in paths} == routes - {"/api/v1/openapi.json"}
    assert document["x-rate-limits"] == {"anonymous": "100000 per minute", "api_key": "100000 per minute"}
    notice = document["components"]["schemas"]["Notice"]["properties"]
    assert notice["amount"]["anyOf"][0]["type"] == "string" and notice["kind"]["enum"][0] == "tender"
    assert all(
        "429" in op["responses"]
        for path, ops in document["paths"].items()
        for op in ops.values()
        if "health" not in path
    )


def test_the_docs_page_lists_endpoints_parameters_errors_and_limits(schema_app) -> None:
    response = schema_app.test_client().get("/api/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for op in OPERATIONS:
        assert op.path in page and op.summary in page
    for words in ("100000 per minute", "problem+json", "expected_check_character", "Retry-After", "X-API-Key", "curl"):
        assert words in page
    assert "<h1" in page and 'href="/api/v1/openapi.json"' in page
