"""Test helpers: a whole stack on free ports in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .ports import StackPorts
from .stack import EmbeddedStack


@contextmanager
def running_stack(tmp_path: Path, *, durable: bool = False) -> Iterator[EmbeddedStack]:
    """Start an EmbeddedStack on free ports under `tmp_path`, stop it afterwards.

    Call it from the main thread (e.g. a sync session fixture): the children receive a
    parent-death signal bound to the thread that started them.
    """
    with EmbeddedStack(Path(tmp_path) / "stack", StackPorts.free(), durable=durable) as stack:
        yield stack
