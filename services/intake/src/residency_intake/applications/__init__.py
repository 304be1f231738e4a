"""Applications: create, read, file; drafts, reuse and the status list."""

from .core import create, file, not_found, owned, read

__all__ = ["create", "file", "not_found", "owned", "read"]
