from residency_messaging.http import serve

from .app import create_app
from .settings import ExaminationSettings


def main() -> None:
    settings = ExaminationSettings()  # type: ignore[call-arg]
    app, _ = create_app(settings)
    serve(app, "examination", settings)
