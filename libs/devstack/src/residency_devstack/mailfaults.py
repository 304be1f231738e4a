"""Injected SMTP refusals for outage tests: `POST /api/faults` on the mail sink's HTTP port.

A fault makes the sink answer `code` (e.g. 451 or 550) at the `rcpt` or `data` stage for
recipients containing `match` (case-insensitive; "" matches everyone), `times` times or until
`DELETE /api/faults`. `GET /api/faults` lists the active ones with their hit counts.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

Stage = Literal["rcpt", "data"]


@dataclass
class Fault:
    match: str
    stage: Stage
    code: int
    message: str
    times: int | None = None
    hits: int = 0


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def active(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def answer(self, stage: Stage, recipients: list[str]) -> str | None:
        """The SMTP reply to give instead of accepting, or None."""
        lowered = [r.lower() for r in recipients]
        with self._lock:
            for fault in self._faults:
                if fault.stage != stage or not any(fault.match.lower() in r for r in lowered):
                    continue
                fault.hits += 1
                if fault.times is not None and fault.hits >= fault.times:
                    self._faults.remove(fault)
                return f"{fault.code} {fault.message}"
        return None


def fault_routes(faults: Faults) -> list[Route]:
    async def add(request: Request) -> Response:
        body = await request.json()
        code = int(body["code"])
        stage = body.get("stage", "data")
        if not 400 <= code < 600 or stage not in ("rcpt", "data"):
            return JSONResponse({"error": "code must be 4xx/5xx, stage rcpt|data"}, 400)
        times = body.get("times")
        fault = Fault(str(body.get("match", "")), stage, code,
                      str(body.get("message", "injected refusal")),
                      int(times) if times is not None else None)
        faults.add(fault)
        return JSONResponse(asdict(fault), status_code=201)

    async def listing(_request: Request) -> JSONResponse:
        return JSONResponse([asdict(f) for f in faults.active()])

    async def clear(_request: Request) -> Response:
        faults.clear()
        return Response(status_code=204)

    return [Route("/api/faults", add, methods=["POST"]),
            Route("/api/faults", listing, methods=["GET"]),
            Route("/api/faults", clear, methods=["DELETE"])]
