"""One size limit for every request body, counted while it is read (pure ASGI middleware).

- JSON and every other body that is not multipart: at most `max_json_bytes`
  (INTAKE_MAX_JSON_BYTES); a larger declared Content-Length is refused before any byte is read.
- multipart/form-data, part by part: a text field (a part without a file name) at most
  `max_form_field_bytes`, a file part at most `max_file_part_bytes`, at most `max_form_parts`
  parts. The upload routes stream their file with tighter limits of their own (25 MB of
  attachments, 5 MB bulk file, 5 MB CESR PDF), which answer first with their own code.

Nothing is buffered here: each chunk is counted (and, for multipart, parsed for part
boundaries) as the route reads it. When a limit is passed the route is told the client went
away (`http.disconnect`), whatever it answers is dropped, and the client gets 413 with a code,
the field and messages in Japanese and English. Chunked bodies without Content-Length are
counted the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError
from .settings import IntakeSettings

KIB = 1024


@dataclass(frozen=True)
class Limits:
    json_bytes: int
    form_field_bytes: int
    file_part_bytes: int
    form_parts: int

    @classmethod
    def of(cls, settings: IntakeSettings) -> Limits:
        return cls(settings.max_json_bytes, settings.max_form_field_bytes,
                   settings.max_file_part_bytes, settings.max_form_parts)


def size_text(n: int) -> str:
    """A byte count as people read it in a message: 1 MB, 64 KB, 100 bytes."""
    if n >= KIB * KIB and n % (KIB * KIB) == 0:
        return f"{n // (KIB * KIB)} MB"
    if n >= KIB and n % KIB == 0:
        return f"{n // KIB} KB"
    return f"{n} bytes"


def body_too_large(limit: int) -> ApiError:
    return ApiError(413, "REQUEST_TOO_LARGE", field="body", limit=size_text(limit))


def field_too_large(name: str, limit: int) -> ApiError:
    return ApiError(413, "FORM_FIELD_TOO_LARGE", field=name, limit=size_text(limit))


def file_too_large(name: str, limit: int) -> ApiError:
    return ApiError(413, "FILE_TOO_LARGE", field=name, limit=size_text(limit))


def too_many_parts(limit: int) -> ApiError:
    return ApiError(413, "FORM_TOO_MANY_PARTS", field="body", parts=limit)


class _Refused(Exception):
    def __init__(self, error: ApiError) -> None:
        super().__init__(error.body.code)
        self.error = error


class _Count:
    """A body that is not multipart: its bytes in total."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size = limit, 0

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise _Refused(body_too_large(self.limit))


class _Parts:
    """A multipart body: each part's bytes, against the limit of its kind, and the parts."""

    def __init__(self, boundary: bytes, limits: Limits) -> None:
        self.limits = limits
        self.parts = 0
        self.size = 0
        self.name, self.is_file = "", False
        self.header, self.headers = b"", dict[bytes, bytes]()
        self.refused: _Refused | None = None
        self.parser: MultipartParser | _Counting = MultipartParser(boundary, {
            "on_part_begin": self._begin, "on_header_field": self._field,
            "on_header_value": self._value, "on_headers_finished": self._headers_done,
            "on_part_data": self._data})

    def _begin(self) -> None:
        self.parts += 1
        if self.parts > self.limits.form_parts:
            raise _Refused(too_many_parts(self.limits.form_parts))
        self.size, self.headers = 0, {}

    def _field(self, data: bytes, start: int, end: int) -> None:
        self.header = data[start:end].lower()

    def _value(self, data: bytes, start: int, end: int) -> None:
        self.headers[self.header] = self.headers.get(self.header, b"") + data[start:end]
        if len(self.headers[self.header]) > 8 * KIB:
            raise _Refused(body_too_large(8 * KIB))

    def _headers_done(self) -> None:
        _, disposition = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = disposition.get(b"name", b"").decode("utf-8", "replace")[:100] or "body"
        self.is_file = b"filename" in disposition

    def _data(self, data: bytes, start: int, end: int) -> None:
        self.size += end - start
        if self.is_file and self.size > self.limits.file_part_bytes:
            raise _Refused(file_too_large(self.name, self.limits.file_part_bytes))
        if not self.is_file and self.size > self.limits.form_field_bytes:
            raise _Refused(field_too_large(self.name, self.limits.form_field_bytes))

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.write(chunk)
        except _Refused:
            raise
        except Exception:  # noqa: BLE001 - not well-formed: the route refuses it; stop parsing
            self.parser = _Counting(self.limits.file_part_bytes * self.limits.form_parts)


class _Counting:
    """Stands in for the parser once a multipart body turned out malformed: total bytes only."""

    def __init__(self, limit: int) -> None:
        self.count = _Count(limit)

    def write(self, chunk: bytes) -> int:
        self.count.feed(chunk)
        return len(chunk)


def _counter(headers: Headers, limits: Limits) -> _Count | _Parts:
    kind, params = parse_options_header(headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if kind == b"multipart/form-data" and boundary:
        return _Parts(boundary, limits)
    return _Count(limits.json_bytes)


class BodyLimit:
    """ASGI middleware: see the module's docstring."""

    def __init__(self, app: ASGIApp, settings: IntakeSettings) -> None:
        self.app = app
        self.limits = Limits.of(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        counter = _counter(headers, self.limits)
        declared = headers.get("content-length", "")
        if isinstance(counter, _Count) and declared.isdigit() and int(declared) > counter.limit:
            await _answer(body_too_large(counter.limit), scope, receive, send)
            return
        refused: list[_Refused] = []
        started = [False]

        async def counted() -> Message:
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                try:
                    counter.feed(message.get("body", b""))
                except _Refused as exc:
                    refused.append(exc)
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            if refused and not started[0]:
                return  # the route's answer to the "disconnect": the 413 goes instead
            if message["type"] == "http.response.start":
                started[0] = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not refused or started[0]:
                raise
        if refused and not started[0]:
            await _answer(refused[0].error, scope, receive, send)


async def _answer(error: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(error.body.model_dump(), status_code=error.status)
    await response(scope, receive, send)


async def read_limited(stream: AsyncIterator[bytes], limit: int) -> bytes:
    """The whole body from `request.stream()`, refused (413 REQUEST_TOO_LARGE) once it passes
    `limit` bytes — for a route that reads a small body itself."""
    data = bytearray()
    async for chunk in stream:
        data += chunk
        if len(data) > limit:
            raise body_too_large(limit)
    return bytes(data)
