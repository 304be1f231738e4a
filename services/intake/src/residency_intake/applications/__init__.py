"""Applications: create, read, file; drafts, reuse, the status list and later requests."""

from .core import create, not_found, owned, read
from .filing import Origin, file

__all__ = ["Origin", "create", "file", "not_found", "owned", "read"]
