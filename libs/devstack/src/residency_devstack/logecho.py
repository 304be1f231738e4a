"""Echo the services' log files on the console, one prefix per service."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from .supervisor import ServiceProcess


class LogEcho(threading.Thread):
    """Echo new lines of the services' log files, prefixed with the service name."""

    def __init__(self, services: Sequence[ServiceProcess], stop: threading.Event) -> None:
        super().__init__(daemon=True, name="log-echo")
        self.services, self.stop_event = services, stop
        self.offsets = {s.name: _size(s.log_path) for s in services}

    def run(self) -> None:
        width = max(len(s.name) for s in self.services)
        while not self.stop_event.wait(0.2):
            for s in self.services:
                start = self.offsets[s.name]
                if _size(s.log_path) <= start:
                    continue
                with s.log_path.open("rb") as fh:
                    fh.seek(start)
                    data = fh.read()
                cut = data.rfind(b"\n") + 1
                self.offsets[s.name] = start + cut
                for line in data[:cut].decode("utf-8", "replace").splitlines():
                    print(f"{s.name:<{width}} | {line}", flush=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
