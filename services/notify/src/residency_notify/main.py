from residency_messaging.http import serve

from .bootstrap import bootstrap


def main() -> None:
    notify = bootstrap()
    serve(notify.app, "notify", notify.settings)
