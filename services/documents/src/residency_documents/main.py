from residency_messaging.http import serve

from .bootstrap import bootstrap


def main() -> None:
    documents = bootstrap()
    serve(documents.app, "documents", documents.settings)
