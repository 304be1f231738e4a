"""schemathesis against intake's own OpenAPI document: whatever it generates, no 5xx.

Bounded: a fixed number of examples per operation, derandomized so a run is repeatable."""

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="session")
def api_schema(services):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{services.intake_url}/openapi.json")


@pytest.fixture(scope="session")
def fuzz_login(services):  # type: ignore[no-untyped-def]
    """Staff accounts of its own, so fuzzing never locks or litters the other tests' one; a
    fresh token per operation, so a fuzzed logout cannot blind the operations after it. Fuzzed
    wrong current passwords (`/me/password`, `/me/email`) lock an account, as they should: the
    next operation then gets a new account."""
    import os
    import subprocess

    from tests.e2e.conftest import BIN, STAFF_PASSWORD

    env = os.environ | services.env["intake"] | {"RESIDENCY_STAFF_PASSWORD": STAFF_PASSWORD}
    accounts = 0

    def new_account() -> str:
        nonlocal accounts
        accounts += 1
        login_id = f"staff-fuzz-{accounts}"
        subprocess.run([str(BIN / "residency-create-staff"), "--login-id", login_id,
                        "--email", f"fuzz-{accounts}@example.ac.jp",
                        "--organization", f"Fuzz University {accounts}"],
                       env=env, check=True, timeout=60, capture_output=True)
        return login_id

    login_id = new_account()

    def token() -> str:
        nonlocal login_id
        r = httpx.post(f"{services.intake_url}/auth/token",
                       json={"login_id": login_id, "password": STAFF_PASSWORD})
        if r.status_code == 423:  # locked by the previous operation's fuzzed passwords
            login_id = new_account()
            r = httpx.post(f"{services.intake_url}/auth/token",
                           json={"login_id": login_id, "password": STAFF_PASSWORD})
        r.raise_for_status()
        return str(r.json()["access_token"])

    return token


def test_no_operation_answers_with_a_server_error(api_schema, fuzz_login) -> None:  # type: ignore[no-untyped-def]
    failures: list[str] = []
    tried = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        headers = {"Authorization": f"Bearer {fuzz_login()}"}

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)
        def run(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=[not_a_server_error],  # noqa: B023
                                   timeout=30)

        tried += 1
        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(exc)[:2000]}")
    assert tried >= 5
    assert not failures, "\n\n".join(failures)
