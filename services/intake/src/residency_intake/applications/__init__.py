"""Applications: create, read, file; drafts, reuse, the status list and later requests."""

from .core import account_quotas, create, delete_unfiled, not_found, owned, read
from .filing import Origin, file

__all__ = ["Origin", "account_quotas", "create", "delete_unfiled", "file", "not_found",
           "owned", "read"]
