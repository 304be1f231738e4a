"""Test corpus built in code: good, broken and hostile PDFs and JPEGs (no binary fixtures)."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
import zlib

import pikepdf
import pypdf
from PIL import Image

# --- PDFs -----------------------------------------------------------------------------------


def good_pdf(*, object_streams: bool = False, pages: int = 1) -> bytes:
    """A small conforming PDF written by qpdf (classic xref, or xref stream + object streams)."""
    pdf = pikepdf.new()
    for number in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        text = f"BT /F1 12 Tf 72 720 Td (Page {number + 1}) Tj ET".encode()
        pdf.pages[number].Contents = pdf.make_stream(text)
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=mode)
    return out.getvalue()


def pikepdf_encrypted(
    *, r: int, aes: bool, user: str = "", owner: str = "owner-secret", **allow: bool
) -> bytes:
    """good_pdf() encrypted by qpdf: R2 = RC4-40, R3 = RC4-128, R4+aes = AES-128, R6 = AES-256."""
    with pikepdf.open(io.BytesIO(good_pdf())) as pdf:
        out = io.BytesIO()
        permissions = pikepdf.Permissions(**allow)
        encryption = pikepdf.Encryption(
            owner=owner, user=user, R=r, aes=aes, allow=permissions, metadata=r >= 4
        )
        pdf.save(out, encryption=encryption)
        return out.getvalue()


def pypdf_encrypted(algorithm: str, *, user: str = "user-secret", permissions: int = -1) -> bytes:
    """good_pdf() encrypted by pypdf (RC4 needs no crypto library)."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(good_pdf()))
    writer.encrypt(user, "owner-secret", algorithm=algorithm, permissions_flag=permissions)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def raw_pdf(bodies: list[bytes], *, root: int = 1) -> bytes:
    """A PDF with a correct xref around hand-written bodies (object n is bodies[n - 1])."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1, root, xref)  # fmt: skip
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>"


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def page_with_content(content_object: bytes) -> bytes:
    return raw_pdf([CATALOG, PAGES, PAGE, content_object])


def deeply_nested_pdf(depth: int = 100_000) -> bytes:
    return page_with_content(stream(b"BT ET", b"/Deep " + b"[" * depth + b"]" * depth))


def reference_loop_pdf() -> bytes:
    """The page tree's only kid is the /Pages node itself; object 5 refers to itself."""
    pages = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Loop 5 0 R >>"
    return raw_pdf([CATALOG, pages, PAGE, stream(b"BT ET"), b"5 0 R"])


def flate_bomb_pdf(inflated_mib: int = 300) -> bytes:
    """A content stream of a few hundred KiB that inflates to `inflated_mib` MiB of zeros."""
    deflater = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    packed = b"".join(deflater.compress(chunk) for _ in range(inflated_mib)) + deflater.flush()
    return page_with_content(stream(packed, b"/Filter /FlateDecode"))


def broken_xref_pdf(shift: int = 7, data: bytes | None = None) -> bytes:
    """Every in-use offset in the xref table points `shift` bytes into its object."""
    data = good_pdf() if data is None else data
    start = data.rindex(b"\nxref\n")

    def moved(entry: re.Match[bytes]) -> bytes:
        return b"%010d 00000 n" % (int(entry[1]) + shift)

    return data[:start] + re.sub(rb"(\d{10}) 00000 n", moved, data[start:])


# --- Real-world damage that every viewer repairs (issue 13): built here, never downloaded ------


def xref_entry_at_offset_zero() -> bytes:
    """Like a Microsoft Word 2013 export: the xref lists an object as in use at offset 0."""
    data = raw_pdf([CATALOG, PAGES, PAGE, stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")])
    xref = data.rindex(b"trailer")
    data = data[:xref] + b"0000000000 00000 n \n" + data[xref:]
    return data.replace(b"xref\n0 5", b"xref\n0 6").replace(b"/Size 5", b"/Size 6")


def trailing_bytes(data: bytes | None = None, size: int = 6000) -> bytes:
    """Like a scanner's PDF: several KB after %%EOF (padding and a second, unrelated blob)."""
    rng = random.Random(13)
    return (good_pdf() if data is None else data) + b"\0" * 512 + rng.randbytes(size)


def startxref_off(delta: int) -> bytes:
    """`startxref` a few bytes before or after the `xref` keyword."""
    data = good_pdf()
    found = re.search(rb"startxref\s+(\d+)", data)
    assert found is not None
    return data[: found.start(1)] + b"%d" % (int(found[1]) + delta) + data[found.end(1) :]


def undecodable_content_pdf() -> bytes:
    """A page whose content stream does not decode (viewers show it blank)."""
    return page_with_content(stream(b"Gar8z!~>", b"/Filter [/ASCII85Decode /FlateDecode]"))


def content_gone_pdf() -> bytes:
    """A page whose /Contents names an object that is not in the file (viewers show it blank)."""
    page = PAGE.replace(b"/Contents 4 0 R", b"/Contents 9 0 R")
    return raw_pdf([CATALOG, PAGES, page, stream(b"BT ET")])


def image_pdf(data: bytes, **entries: object) -> bytes:
    """One page drawing one image XObject with `data` and the given dictionary entries."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    image = pikepdf.Stream(pdf, data)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    for key, value in entries.items():
        image[f"/{key}"] = value
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def image_in_form_pdf(data: bytes, **entries: object) -> bytes:
    """Like image_pdf, but the page draws a form XObject that draws the image."""
    with pikepdf.open(io.BytesIO(image_pdf(data, **entries))) as pdf:
        page = pdf.pages[0]
        form = pdf.make_stream(b"/Im0 Do", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                               BBox=[0, 0, 1, 1], Resources=page.Resources)
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Fm0 Do Q")
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def jpeg_image_pdf(size: tuple[int, int] = (120, 160), data: bytes | None = None) -> bytes:
    """A scanned page: a JPEG drawn full page (`data` replaces the JPEG's bytes when given)."""
    name = pikepdf.Name
    return image_pdf(jpeg(size, noise=True) if data is None else data, Width=size[0],
                     Height=size[1], ColorSpace=name.DeviceRGB, BitsPerComponent=8,
                     Filter=name.DCTDecode)  # fmt: skip


def scanned_pdf(megabytes: float) -> bytes:
    """Pages of noisy (incompressible, like real scans) 1400 × 1400 JPEGs, about `megabytes`."""
    blob = jpeg((1400, 1400), noise=True, quality=60)
    pdf = pikepdf.new()
    for _ in range(max(1, round(megabytes * 2**20 / len(blob)))):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        image = pikepdf.Stream(pdf, blob, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                               Width=1400, Height=1400, ColorSpace=pikepdf.Name.DeviceRGB,
                               BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def raw_image_pdf(samples: bytes, size: tuple[int, int] = (64, 48), *, flate: bool = True) -> bytes:
    """An RGB image of `size` whose samples are `samples` (Flate-compressed when `flate`)."""
    name = pikepdf.Name
    entries: dict[str, object] = {"Width": size[0], "Height": size[1],
                                  "ColorSpace": name.DeviceRGB, "BitsPerComponent": 8}
    if flate:
        samples, entries["Filter"] = zlib.compress(samples), name.FlateDecode
    return image_pdf(samples, **entries)


def png_bytes(size: tuple[int, int] = (300, 400), fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, fmt)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("document.pdf", good_pdf(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- JPEGs ----------------------------------------------------------------------------------

EXIF_IFD, ORIENTATION, DATETIME, DATETIME_ORIGINAL = 0x8769, 0x0112, 0x0132, 0x9003


def jpeg(
    size: tuple[int, int] = (300, 400),
    *,
    orientation: int | None = None,
    taken: dt.date | None = None,
    modified: dt.date | None = None,
    noise: bool = False,
    **save: object,
) -> bytes:
    """A JPEG of `size` as stored (width, height), with optional EXIF orientation and dates."""
    if noise:
        rng = random.Random(42)
        image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 180, 160))
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if modified is not None:
        exif[DATETIME] = modified.strftime("%Y:%m:%d 09:30:00")
    if taken is not None:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d 09:30:00")
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), **save)
    return out.getvalue()


def with_declared_size(data: bytes, width: int, height: int) -> bytes:
    """Rewrite the SOF marker so the header declares another size than the pixels encoded."""
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0:
            sof = at + 5  # marker(2) length(2) precision(1)
            size = height.to_bytes(2, "big") + width.to_bytes(2, "big")
            return data[:sof] + size + data[sof + 4 :]
    raise ValueError("no SOF marker")
