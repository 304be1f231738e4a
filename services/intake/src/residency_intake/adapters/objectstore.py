"""intake's port to object storage: the one adapter every service shares
(`residency_messaging.objectstore`), wired in `bootstrap`."""

from residency_messaging.objectstore import Store as ObjectStore

__all__ = ["ObjectStore"]
