"""A property-based run over the OpenAPI schema (schemathesis): no request makes the server fail (5xx)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.servers import LiveApi

EXAMPLES_PER_OPERATION = 15


def test_no_generated_request_makes_the_server_fail(embedded_api: LiveApi) -> None:
    schema = schemathesis.openapi.from_url(embedded_api.url + "/openapi.json")
    seen: set[str] = set()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    for operation in operations:  # every operation gets its own examples, valid and invalid
        cases = operation.as_strategy() | operation.as_strategy(GenerationMode.NEGATIVE)

        @given(case=cases)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: schemathesis.Case) -> None:
            seen.add(f"{case.operation.method.upper()} {case.operation.path}")
            response = case.call(timeout=30)
            assert response.status_code < 500, (
                case.as_curl_command(),
                response.status_code,
                response.text[:300],
            )

        no_server_error()
    assert seen == {f"{op.method.upper()} {op.path}" for op in operations}
