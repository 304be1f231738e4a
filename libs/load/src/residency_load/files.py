"""Valid fictitious attachments, made once in memory: PDFs of 1–5 MB and a face photo.

The PDF carries one page with a random-pixel image (incompressible, so the file really is
that big) drawn by its content stream; qpdf writes it, so documents' checks accept it."""

from __future__ import annotations

import functools
import io
import os

import pikepdf
from PIL import Image

MB = 1024 * 1024


@functools.lru_cache(maxsize=8)
def pdf_of_size(megabytes: float) -> bytes:
    side = int((megabytes * MB / 3) ** 0.5)  # RGB, 8 bits per component, uncompressed
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    image = pikepdf.Stream(pdf, os.urandom(side * side * 3))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = side, side, 8
    image.ColorSpace = pikepdf.Name.DeviceRGB
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 400 0 0 400 97 300 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def photo() -> bytes:
    """A plain portrait JPEG (600 × 800, no EXIF)."""
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (200, 200, 210)).save(out, "JPEG", quality=85)
    return out.getvalue()


PDF_SIZES_MB = (1.0, 2.0, 3.0, 5.0)
