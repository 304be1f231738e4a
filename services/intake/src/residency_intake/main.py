from residency_messaging.http import serve

from .app import create_app
from .settings import IntakeSettings


def main() -> None:
    settings = IntakeSettings()  # type: ignore[call-arg]
    serve(create_app(settings), "intake", settings)
