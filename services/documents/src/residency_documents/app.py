"""documents: decides by content whether an uploaded file may be filed (wired in
`bootstrap`)."""

from residency_messaging.runtime import Runtime
from starlette.applications import Starlette

from .bootstrap import bootstrap
from .settings import DocumentsSettings


def create_app(settings: DocumentsSettings | None = None) -> tuple[Starlette, Runtime]:
    """The health app and the runtime its lifespan starts."""
    documents = bootstrap(settings)
    return documents.app, documents.runtime
