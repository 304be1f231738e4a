from residency_messaging.http import serve

from .app import create_app
from .settings import DocumentsSettings


def main() -> None:
    settings = DocumentsSettings()  # type: ignore[call-arg]
    app, _ = create_app(settings)
    serve(app, "documents", settings)
