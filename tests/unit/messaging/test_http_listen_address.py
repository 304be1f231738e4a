"""Every service's server listens where `<PREFIX>_HTTP_HOST` says (0.0.0.0 in the image)."""

import importlib
from typing import Any

import pytest
from cryptography.fernet import Fernet

SERVICES = ("intake", "documents", "examination", "notify")


@pytest.mark.parametrize("service", SERVICES)
def test_the_server_binds_the_configured_host_and_port(
        service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    p = service.upper() + "_"
    for key, value in {"HTTP_HOST": "0.0.0.0", "HTTP_PORT": "18999",  # noqa: S104 - the point
                       "DATABASE_URL": "postgresql://db/x", "S3_ACCESS_KEY": "test",
                       "S3_SECRET_KEY": "test", "HASH_SECRET": "test",
                       "MAIL_SEALING_KEY": Fernet.generate_key().decode()}.items():
        monkeypatch.setenv(p + key, value)
    main = importlib.import_module(f"residency_{service}.main")
    served: dict[str, Any] = {}
    monkeypatch.setattr(main, "serve", lambda _app, name, settings: served.update(
        name=name, host=settings.http_host, port=settings.http_port))

    main.main()

    assert served == {"name": service, "host": "0.0.0.0", "port": 18999}  # noqa: S104


def test_outside_a_container_the_default_is_loopback_only() -> None:
    from residency_messaging.settings import ServiceSettings

    assert ServiceSettings.model_fields["http_host"].default == "127.0.0.1"
