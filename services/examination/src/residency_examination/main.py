from residency_messaging.http import serve

from .bootstrap import bootstrap


def main() -> None:
    examination = bootstrap()
    serve(examination.app, "examination", examination.settings)
