"""Session fixtures: one embedded stack (free ports, temp dir) shared by integration and e2e."""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator["object"]:
    from residency_devstack.ports import StackPorts
    from residency_devstack.stack import EmbeddedStack

    data = Path(tmp_path_factory.mktemp("stack"))
    with EmbeddedStack(data, StackPorts.free()) as running:
        yield running


@pytest.fixture(scope="session")
def hash_secret() -> str:
    return secrets.token_hex(16)


@pytest.fixture
def service_env(stack, hash_secret: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Put one service's environment in place (as the supervisor would) for in-process tests."""

    def apply(service: str) -> dict[str, str]:
        env = stack.service_env(service) | {f"{service.upper()}_HASH_SECRET": hash_secret,
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
