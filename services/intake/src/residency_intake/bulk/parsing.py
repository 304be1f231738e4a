"""Reading a bulk file: CSV (UTF-8 with or without BOM, Shift_JIS/CP932; CRLF or LF; quoted
fields with commas and line breaks) or an .xlsx made from the template. A file that cannot
be read as one procedure's layout is refused with one file-level error. Pure.

An .xlsx is a zip archive: before openpyxl opens it, its directory is checked — at most
XLSX_MAX_ENTRIES parts, each declaring at most XLSX_MAX_PART_BYTES unpacked, all together at most
XLSX_MAX_UNPACKED_BYTES, and no part over 1 MiB packed more than XLSX_MAX_RATIO times — so a
small file that unpacks to gigabytes (a zip bomb, e.g. a huge sharedStrings.xml) is refused
before anything is inflated. A part that inflates past its declared size is cut there by zipfile
(and refused as unreadable). intake runs `read` in a sandbox worker with time and memory
bounds."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from residency_contracts import Procedure

from ..wording import wording
from .columns import BULK_PROCEDURES, names

MAX_ROWS = 300
MAX_BYTES = 5 * 1024 * 1024
SHOWN = 5
MIB = 1024 * 1024
XLSX_MAX_ENTRIES = 200
XLSX_MAX_PART_BYTES = 20 * MIB
XLSX_MAX_UNPACKED_BYTES = 50 * MIB
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 1 * MIB


class BulkFileError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.ja, self.en = wording(code, **params)

    def __reduce__(self) -> tuple[Any, tuple[str, str, str]]:
        return _worded, (self.code, self.ja, self.en)  # crosses from the sandbox worker

    def as_json(self) -> dict[str, str]:
        return {"error": self.code, "message_ja": self.ja, "message_en": self.en}


def _worded(code: str, ja: str, en: str) -> BulkFileError:
    """A BulkFileError whose wording was looked up already (unpickled from a worker)."""
    error = BulkFileError.__new__(BulkFileError)
    Exception.__init__(error, code)
    error.code, error.ja, error.en = code, ja, en
    return error


@dataclass(frozen=True)
class RawRow:
    n: int
    """Data row number in the file (1 = the row under the header)."""
    cells: dict[str, str]
    extra_cells: bool = False


def _not_readable() -> BulkFileError:
    return BulkFileError("BULK_NOT_CSV_OR_XLSX")


def empty_file() -> BulkFileError:
    return BulkFileError("BULK_EMPTY_FILE")


def too_large(limit: int = MAX_BYTES) -> BulkFileError:
    return BulkFileError("BULK_FILE_TOO_LARGE", megabytes=limit // (1024 * 1024))


def xlsx_too_big() -> BulkFileError:
    return BulkFileError("BULK_XLSX_TOO_BIG")


def too_complex() -> BulkFileError:
    return BulkFileError("BULK_FILE_TOO_COMPLEX")


def check_archive(data: bytes) -> None:
    """The .xlsx's zip directory, before anything is inflated: BULK_XLSX_TOO_BIG when it
    declares too many parts, too many bytes, or a bomb's compression ratio."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _not_readable() from None
    if len(parts) > XLSX_MAX_ENTRIES:
        raise xlsx_too_big()
    for part in parts:
        if part.file_size > XLSX_MAX_PART_BYTES or (
                part.file_size > XLSX_RATIO_FROM_BYTES
                and part.file_size > XLSX_MAX_RATIO * max(part.compress_size, 1)):
            raise xlsx_too_big()
    if sum(part.file_size for part in parts) > XLSX_MAX_UNPACKED_BYTES:
        raise xlsx_too_big()


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or else Shift_JIS/CP932; anything else is not a CSV."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError:
            raise _not_readable() from None
    if "\x00" in text:
        raise _not_readable()
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # only when an .xlsx arrives

    check_archive(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    except (MemoryError, RecursionError):
        raise
    except Exception:  # noqa: BLE001 - whatever a malformed archive makes openpyxl raise
        raise _not_readable() from None


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(decode(data), newline=""), strict=True)
    except csv.Error:
        raise _not_readable() from None


def _check_header(header: list[str], procedure: Procedure) -> None:
    wanted, got = names(procedure), [h.strip().lstrip("\ufeff") for h in header]
    while got and not got[-1]:
        got.pop()
    if not any(got):
        raise empty_file()
    for other in BULK_PROCEDURES:
        if other is not procedure and sorted(got) == sorted(names(other)):
            raise BulkFileError("BULK_WRONG_PROCEDURE", other=other.value,
                                procedure=procedure.value)
    unknown = [h for h in dict.fromkeys(got) if h not in wanted]
    doubled = sorted({h for h in got if got.count(h) > 1})
    if unknown or doubled:
        listed = ", ".join((unknown + doubled)[:SHOWN])
        raise BulkFileError("BULK_UNKNOWN_COLUMNS", columns=listed)
    if missing := [w for w in wanted if w not in got]:
        listed = ", ".join(missing[:SHOWN]) + (" …" if len(missing) > SHOWN else "")
        raise BulkFileError("BULK_MISSING_COLUMNS", columns=listed)


def _rows(table: Iterable[list[str]], procedure: Procedure) -> list[RawRow]:
    it = iter(table)
    header = next(it, None)
    if header is None:
        raise empty_file()
    _check_header(header, procedure)
    heads = [h.strip().lstrip("\ufeff") for h in header]
    out: list[RawRow] = []
    for n, values in enumerate(it, start=1):
        if not any(v.strip() for v in values):
            continue
        if len(out) == MAX_ROWS:
            raise BulkFileError("BULK_TOO_MANY_ROWS", max_rows=MAX_ROWS)
        cells = {h: v for h, v in zip(heads, values, strict=False) if h}
        out.append(RawRow(n, cells, any(v.strip() for v in values[len(heads):])))
    if not out:
        raise empty_file()
    return out


def read(data: bytes, procedure: Procedure) -> list[RawRow]:
    """The applicant rows of `procedure`'s bulk file, or BulkFileError for the whole file."""
    if not data.strip():
        raise empty_file()
    if len(data) > MAX_BYTES:
        raise too_large()
    is_xlsx = data[:4] == b"PK\x03\x04"
    return _rows(_xlsx_rows(data) if is_xlsx else _csv_rows(data), procedure)
