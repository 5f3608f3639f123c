"""The OpenAPI description fuzzed with schemathesis, in process: no server error, answers match the schema."""

from __future__ import annotations

import os
import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
PATHS = [
    "/api/v1/cooperation",
    "/api/v1/pair",
    "/api/v1/dependence",
    "/api/v1/products/{hs6}",
    "/api/v1/complexity",
    "/api/v1/firms/matches",
    "/api/v1/methods",
]
EXAMPLES = int(os.environ.get("COOPSCOPE_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def api_schema(app, client):
    # the default pair's evidence takes seconds the first time: compute it before the timed calls
    assert client.get("/api/v1/cooperation").status_code == 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # starlette's TestClient import warns about httpx
        import starlette.testclient  # noqa: F401
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_every_api_path_is_fuzzed(api_schema):
    assert sorted(api_schema.raw_schema["paths"]) == sorted(PATHS)


@pytest.mark.parametrize("path", PATHS, ids=[p.rsplit("/", 1)[-1].strip("{}") for p in PATHS])
def test_api_answers_match_the_schema_and_never_fail(api_schema, path):
    operation = api_schema[path]["GET"]
    excluded = [c for c in schemathesis.checks.CHECKS.get_all() if c not in CHECKS]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=os.environ.get("CI") == "true",
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def fuzz(case):
        case.call_and_validate(checks=CHECKS, excluded_checks=excluded, timeout=600)

    fuzz()
