"""Hostile bulk files for the tests and the abuse benchmark: small .xlsx archives that unpack to
far more than they weigh (zip bombs)."""

import io
import struct
import zipfile

from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake.bulk import templates

MIB = 1024 * 1024
STRINGS_PART = "xl/sharedStrings.xml"
SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
_STRINGS = b'<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>'


def template_xlsx(n: int = 2) -> bytes:
    cells = [templates.cells_of(Procedure.EXT, samples.ext_content(passport_number=f"TE{i:07d}"))
             for i in range(n)]
    return templates.to_xlsx(Procedure.EXT, cells)


def _with_part(name: str, mib: int, base: bytes | None = None) -> bytes:
    """The template .xlsx with one more part of `mib` MiB of repeated shared strings."""
    base = base or template_xlsx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "[Content_Types].xml" and name == STRINGS_PART:
                content = content.replace(b"</Types>", SST_TYPE + b"</Types>")
            dst.writestr(info, content)
        chunk = _STRINGS * (MIB // len(_STRINGS))
        with dst.open(name, "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                       b'spreadsheetml/2006/main">')
            for _ in range(mib):
                part.write(chunk)
            part.write(b"</sst>")
    return out.getvalue()


def shared_strings_bomb(mib: int = 64) -> bytes:
    """An .xlsx of a few hundred KB whose sharedStrings.xml (which openpyxl loads whole)
    unpacks to `mib` MiB."""
    return _with_part(STRINGS_PART, mib)


def lying_bomb(mib: int = 64, declared: int = 4096) -> bytes:
    """Like shared_strings_bomb, but its directory and local header declare only `declared`
    bytes unpacked: the size checks pass and the inflating has to stop there."""
    data = bytearray(_with_part(STRINGS_PART, mib))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(STRINGS_PART)
    name = info.filename.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:  # the central directory entry of that part
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_len]) == name:
            break
        central = data.find(b"PK\x01\x02", central + 4)
    _declare(data, central + 24, central + 46 + name_len, struct.unpack_from(
        "<H", data, central + 30)[0], declared)
    local = info.header_offset
    _declare(data, local + 22, local + 30 + len(name), struct.unpack_from(
        "<H", data, local + 28)[0], declared)
    return bytes(data)


def _declare(data: bytearray, size_at: int, extra_at: int, extra_len: int, size: int) -> None:
    """Write `size` as the unpacked size: the 32-bit field, or the zip64 extra field's."""
    if struct.unpack_from("<I", data, size_at)[0] != 0xFFFFFFFF:
        struct.pack_into("<I", data, size_at, size)
        return
    end = extra_at + extra_len
    while extra_at < end:
        tag, length = struct.unpack_from("<HH", data, extra_at)
        if tag == 0x0001:
            struct.pack_into("<Q", data, extra_at + 4, size)  # the unpacked size comes first
            return
        extra_at += 4 + length
    raise ValueError("no zip64 extra field")
