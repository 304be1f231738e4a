"""Typed settings of the web pages (env prefix WEB_)."""

import ipaddress

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEB_")

    intake_url: str = Field("http://127.0.0.1:8000", description="intake's HTTP API.")
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    session_secret: SecretStr = Field(description="Signs the session cookie; required.")
    cookie_secure: bool | None = Field(
        None, description="Secure flag of the cookies; unset: on unless listening on loopback.")
    session_idle_minutes: int = Field(180, gt=0, description="A page session ends this long "
                                      "idle (intake's own session ends after 3 h idle too).")
    max_sessions: int = Field(10_000, gt=0, description="Sessions kept in memory at most "
                              "(the oldest idle one goes first).")
    intake_timeout_s: float = Field(30.0, gt=0)
    contact_ja: str = Field(
        "お問い合わせは、申請先の地方出入国在留管理官署までお願いします。",
        description="お問い合わせ先, the footer's contact block in Japanese (plain text).")
    contact_en: str = Field(
        "For questions, contact the regional immigration services bureau you file with.",
        description="The footer's contact block in English (plain text).")
    trusted_proxies: list[str] = Field(
        default_factory=list, description='Addresses or CIDRs of the proxies in front (the '
        'ingress controller; JSON list, e.g. ["10.0.0.0/8"]) whose X-Forwarded-For names the '
        "browser; empty: the connecting address is the browser's. The browser's address is "
        "what the pages pass on to intake (its per-address limits and allowed networks).")

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return not is_loopback(self.http_host)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
