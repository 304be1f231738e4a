"""`residency-web`: serve the pages (uvicorn), printing where."""

import logging
from typing import Any

import uvicorn

from .app import create_app
from .settings import WebSettings


def main() -> None:
    settings = WebSettings()  # type: ignore[call-arg]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    print(f"residency-web: http://{settings.http_host}:{settings.http_port}/ "
          f"(intake at {settings.intake_url})", flush=True)
    uvicorn.run(create_app(settings), **server_options(settings))


def server_options(settings: WebSettings) -> dict[str, Any]:
    """uvicorn's options: X-Forwarded-For believed from the trusted proxies only."""
    proxies = ",".join(settings.trusted_proxies)
    # uvicorn's access log would print each query string: ours logs paths only
    return {"host": settings.http_host, "port": settings.http_port, "access_log": False,
            "log_level": "info", "proxy_headers": bool(proxies),
            "forwarded_allow_ips": proxies or None}


if __name__ == "__main__":
    main()
