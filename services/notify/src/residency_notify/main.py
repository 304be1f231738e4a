from residency_messaging.http import serve

from .app import create_app
from .settings import NotifySettings


def main() -> None:
    settings = NotifySettings()  # type: ignore[call-arg]
    app, _ = create_app(settings)
    serve(app, "notify", settings)
