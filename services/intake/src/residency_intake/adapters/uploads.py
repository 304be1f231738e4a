"""Stream one multipart file part to a temporary file, enforcing the size limit while reading.

Nothing trusts the file name or the part's Content-Type: documents decides by content.
"""

import hashlib
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import IO

from python_multipart.multipart import MultipartParser, parse_options_header


class TooLarge(Exception):
    pass


class BadUpload(Exception):
    pass


@dataclass
class Upload:
    file: IO[bytes]
    size: int
    sha256: str


async def receive_file(content_type: str, body: AsyncIterator[bytes], limit: int,
                       field: str = "file") -> Upload:
    ctype, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise BadUpload("expected multipart/form-data with a boundary")
    out = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    digest, size = hashlib.sha256(), [0]
    state = {"in_file": False, "seen": False}
    header: dict[bytes, bytes] = {}
    cur: list[bytes] = [b""]

    def on_header_field(data: bytes, start: int, end: int) -> None:
        cur[0] = data[start:end].lower()

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header[cur[0]] = header.get(cur[0], b"") + data[start:end]

    def on_headers_finished() -> None:
        _, disp = parse_options_header(header.get(b"content-disposition", b""))
        state["in_file"] = disp.get(b"name") == field.encode() and not state["seen"]
        header.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state["in_file"]:
            size[0] += end - start
            if size[0] > limit:
                raise TooLarge()
            digest.update(data[start:end])
            out.write(data[start:end])

    def on_part_end() -> None:
        if state["in_file"]:
            state["seen"], state["in_file"] = True, False

    parser = MultipartParser(boundary, {
        "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end})
    try:
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
    except TooLarge:
        out.close()
        raise
    except Exception as exc:
        out.close()
        raise BadUpload(str(exc)) from exc
    if not state["seen"]:
        out.close()
        raise BadUpload(f"no '{field}' part")
    out.seek(0)
    return Upload(out, size[0], digest.hexdigest())
