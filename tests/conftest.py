"""Session fixtures: one embedded stack (free ports, temp dir) shared by integration and e2e."""

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator["object"]:
    from residency_devstack.testing import running_stack

    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.fixture
def service_env(stack, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Put one service's environment in place (as the supervisor would) for in-process tests."""
    from residency_devstack.ports import free_port
    from residency_devstack.supervisor import run_env

    def apply(service: str) -> dict[str, str]:
        env = run_env(stack, service, free_port()) | {
            f"{service.upper()}_RETRY_BACKOFF_S": "0.05"}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return env

    return apply


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.fspath)
        if f"{os.sep}integration{os.sep}" in path:
            item.add_marker(pytest.mark.integration)
        elif f"{os.sep}e2e{os.sep}" in path:
            item.add_marker(pytest.mark.e2e)
