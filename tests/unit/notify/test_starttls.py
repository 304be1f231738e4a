"""notify's SMTP: STARTTLS is on whenever the relay takes credentials (a password never
crosses the network in the clear) unless set off explicitly; off for an anonymous local sink.
Checked on the mailer `bootstrap` wires, which connects nowhere until the first send."""

from typing import Any

import pytest
from residency_messaging.sealing import new_key
from residency_notify.bootstrap import bootstrap
from residency_notify.settings import NotifySettings

REQUIRED = {"database_url": "postgresql://unused", "hash_secret": "h", "s3_access_key": "a",
            "s3_secret_key": "s"}


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    for name in [n for n in os.environ if n.startswith("NOTIFY_")]:
        monkeypatch.delenv(name)


def settings(**values: Any) -> NotifySettings:
    return NotifySettings(**REQUIRED, mail_sealing_key=new_key(), **values)


def starttls_of(s: NotifySettings) -> bool:
    conn = bootstrap(s).mailer._all[0]
    return bool(conn._kw["start_tls"])


def test_with_credentials_starttls_is_on_by_default() -> None:
    s = settings(smtp_host="relay.example", smtp_port=587, smtp_username="notify",
                 smtp_password="sample-password")
    assert s.starttls() and starttls_of(s)


def test_with_credentials_it_can_still_be_turned_off_explicitly() -> None:
    s = settings(smtp_username="notify", smtp_password="sample-password", smtp_starttls=False)
    assert not s.starttls() and not starttls_of(s)


def test_the_anonymous_local_sink_needs_no_tls_and_may_ask_for_it() -> None:
    assert not starttls_of(settings())
    assert starttls_of(settings(smtp_starttls=True))


def test_the_environment_sets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFY_SMTP_PASSWORD", "sample-password")
    assert settings().starttls()
    monkeypatch.setenv("NOTIFY_SMTP_STARTTLS", "false")
    assert not settings().starttls()
