"""`residency-web`: serve the pages (uvicorn), printing where."""

import logging

import uvicorn

from .app import create_app
from .settings import WebSettings


def main() -> None:
    settings = WebSettings()  # type: ignore[call-arg]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    print(f"residency-web: http://{settings.http_host}:{settings.http_port}/ "
          f"(intake at {settings.intake_url})", flush=True)
    # uvicorn's access log would print each query string: ours logs paths only
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                access_log=False, proxy_headers=False, log_level="info")


if __name__ == "__main__":
    main()
