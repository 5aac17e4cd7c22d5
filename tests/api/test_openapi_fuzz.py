"""A property-based run over the OpenAPI schema (schemathesis): no request makes the server fail (5xx)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.servers import LiveApi


def test_no_generated_request_makes_the_server_fail(embedded_api: LiveApi) -> None:
    schema = schemathesis.openapi.from_url(embedded_api.url + "/openapi.json")
    cases = schema.as_strategy() | schema.as_strategy(GenerationMode.NEGATIVE)
    seen: set[str] = set()

    @given(case=cases)
    @settings(
        max_examples=100,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def no_server_error(case: schemathesis.Case) -> None:
        seen.add(f"{case.operation.method.upper()} {case.operation.path}")
        response = case.call(timeout=30)
        assert response.status_code < 500, (case.as_curl_command(), response.status_code, response.text[:300])

    no_server_error()
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert seen == operations  # every operation was exercised
