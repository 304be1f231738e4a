"""Bounded worker processes for work on untrusted input (PDFs, spreadsheets, ...)."""

from .pool import SandboxError, SandboxPool, SandboxUnavailable, target_of

__all__ = ["SandboxError", "SandboxPool", "SandboxUnavailable", "target_of"]
