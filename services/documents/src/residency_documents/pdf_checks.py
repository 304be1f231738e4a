"""Document checks: is this a PDF one may attach (SPEC §5)? Decided by content only.

The line (pdf_verdict.py decides; this module finds problems by category):
- qpdf (through pikepdf) opens the file with its repair on, as every viewer does: a rebuilt
  cross-reference (an entry at offset 0, a `startxref` a few bytes off, bytes after `%%EOF`),
  a wrong stream /Length or a missing `%%EOF` are repaired, not refused.
- Encryption of any kind is refused (PDF_ENCRYPTED; PDF_RESTRICTED when it forbids printing or
  copying), also when the cross-reference is broken.
- Every page must be found, and the content of every page — and of the forms it draws — must
  decode and parse; every image a page draws must decode (JPEG and JPEG 2000 through Pillow,
  CCITT through pikepdf's PdfImage, other samples by length), within bounds.
- An accepted file is stored as uploaded when qpdf read it strictly without a single repair (so
  a digital signature stays valid); otherwise as qpdf's lossless rewrite with a fresh xref
  (streams copied as they are: no image is decoded or re-compressed), re-read before it is kept.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from io import BytesIO

import pikepdf
from PIL import Image
from residency_contracts.attachments import VerdictCode

from residency_documents.pdf_verdict import Problem, decide, refuses

# ISO 32000-1 §7.5.2 puts the header first; readers (and SPEC) accept up to 1024 leading bytes.
HEADER_WINDOW = 1024
# Flate streams (page content, forms, image samples) are inflated in chunks, without holding
# the result, to prove they decode. More than this in total is a decompression bomb: refused.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
# One content stream is parsed in memory: more than this decoded is refused as a bomb (a page
# of text is kilobytes; a dense vector drawing a few megabytes).
MAX_CONTENT_BYTES = 64 * 1024 * 1024
# Images drawn on pages: more pixels than this is refused before decoding (a 600 dpi A3 scan
# has 70 million). How JPEG and JPEG 2000 are proven decodable: see _decode_compressed.
MAX_IMAGE_PIXELS = 100_000_000
# Samples behind filters other than plain Flate are decoded by qpdf in memory up to this size;
# larger ones (rare) are accepted unverified rather than risk the worker's memory bound.
MAX_BUFFERED_SAMPLES = 64 * 1024 * 1024
MAX_FORM_DEPTH = 12
_CHUNK = 1 << 20
_VERSION = re.compile(rb"%PDF-\d\.\d")
_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_JPEG_EOI = b"\xff\xd9"
_CLEAN_TAIL = re.compile(rb"%%EOF[\r\n]{0,2}\Z")
_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/Indexed": 1, "/Separation": 1,
               "/DeviceRGB": 3, "/CalRGB": 3, "/Lab": 3, "/DeviceCMYK": 4}  # fmt: skip


@dataclass(frozen=True)
class PdfCheck:
    """The verdict, the problems found, and (when accepted) the bytes to store."""

    code: VerdictCode
    problems: frozenset[Problem] = frozenset()
    stored: bytes | None = field(default=None, repr=False)


class _Found(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def check_pdf(data: bytes) -> PdfCheck:
    """One verdict for a document attachment, with the copy to store when it is accepted."""
    start = data.find(b"%PDF-", 0, HEADER_WINDOW + 5)
    if start < 0 or start >= HEADER_WINDOW or not _VERSION.match(data, start):
        return _verdict({Problem.NOT_A_PDF})
    if start == 0 and _CLEAN_TAIL.search(data[-16:]):
        strict = _strictly(data)
        if not strict:
            return PdfCheck(VerdictCode.OK, stored=data)
        if Problem.TOO_LARGE_DECODED in strict:  # repairing cannot shrink a bomb: once is enough
            return _verdict(strict)
    try:
        pdf = pikepdf.open(BytesIO(data), suppress_warnings=True)  # repairing, as viewers do
    except pikepdf.PasswordError:
        return _verdict({Problem.NEEDS_PASSWORD})
    except Exception as exc:  # noqa: BLE001 - any parser failure is a verdict, not a crash
        return _verdict({_open_failure(exc)}, data)
    with pdf:
        problems = _inspect(pdf)
        if refuses(problems):
            return _verdict(problems, data)
        try:
            repaired = _rewrite(pdf)
        except Exception:  # noqa: BLE001 - qpdf could not write a copy it reads back cleanly
            return _verdict(problems | {Problem.REWRITE_FAILED})
    return PdfCheck(VerdictCode.OK, frozenset(problems | {Problem.REPAIRED}), repaired)


def _verdict(problems: set[Problem], data: bytes = b"") -> PdfCheck:
    """A refusal; an encrypted file is refused as encrypted even when it is also broken (what
    breaks it may be the encryption that cannot be undone)."""
    if refuses(problems) and _ENCRYPT.search(data):
        problems = problems | {Problem.ENCRYPTED}
    return PdfCheck(decide(problems), frozenset(problems))


def _strictly(data: bytes) -> set[Problem]:
    """Read strictly (no repair): empty when every check passes and qpdf had nothing to say,
    so the upload can be kept as it is; otherwise what was found (REPAIRED: needs qpdf's)."""
    try:
        with pikepdf.open(BytesIO(data), attempt_recovery=False, suppress_warnings=True) as pdf:
            for _ in pdf.objects:  # parse every object the xref lists, once
                pass
            if pdf.get_warnings():
                return {Problem.REPAIRED}
            return _inspect(pdf) or ({Problem.REPAIRED} if pdf.get_warnings() else set())
    except Exception:  # noqa: BLE001 - anything else goes the repairing way
        return {Problem.REPAIRED}


def _open_failure(exc: Exception) -> Problem:
    text = str(exc).lower()
    # An unsupported security handler (e.g. certificate encryption) cannot be opened without a
    # key either: for the person it is the same as a password.
    if "security handler" in text or "encryption" in text or "password" in text:
        return Problem.NEEDS_PASSWORD
    return Problem.UNRECOVERABLE


def _inspect(pdf: pikepdf.Pdf) -> set[Problem]:
    """The problems of an opened PDF (empty when every page and image decodes)."""
    if pdf.is_encrypted:
        allow = pdf.allow
        if allow.print_lowres and allow.print_highres and allow.extract:
            return {Problem.ENCRYPTED}
        return {Problem.ENCRYPTED, Problem.RESTRICTED}
    try:
        return _inspect_pages(pdf)
    except _Found as found:
        return {found.problem}
    except MemoryError:
        return {Problem.TOO_LARGE_DECODED}
    except Exception:  # noqa: BLE001 - RecursionError, qpdf errors in the page tree alike
        return {Problem.UNRECOVERABLE}


def _inspect_pages(pdf: pikepdf.Pdf) -> set[Problem]:
    count = len(pdf.pages)
    if count < 1:
        return {Problem.NO_PAGES}
    declared = pdf.Root.Pages.get("/Count")
    if isinstance(declared, int) and declared > count:
        return {Problem.PAGES_MISSING}
    walk = _Walk(pdf)
    for page in pdf.pages:
        walk.page(page)
    return walk.problems


class _Walk:
    """Decode each page's content, the forms and images it draws (each object once)."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.budget = MAX_INFLATED_BYTES
        self.seen: set[tuple[int, int]] = set()
        self.problems: set[Problem] = set()

    def page(self, page: pikepdf.Page) -> None:
        obj = page.obj
        # qpdf reads a reference to an object that is gone as null and hides the key; items()
        # still lists it. No /Contents at all is a blank page, as written.
        entries = dict(obj.items())
        if "/Contents" not in entries:
            return
        contents = entries["/Contents"]
        items = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        streams = [item for item in items if isinstance(item, pikepdf.Stream)]
        if not items or len(streams) != len(items):
            raise _Found(Problem.PAGE_CONTENT_MISSING)  # a reference to an object that is gone
        if sum(self._content_size(stream) for stream in streams) > MAX_CONTENT_BYTES:
            raise _Found(Problem.TOO_LARGE_DECODED)
        self._draw(page, obj.get("/Resources"), 0)

    def _draw(self, content: pikepdf.Page | pikepdf.Stream, resources: object, depth: int) -> None:
        try:
            calls = pikepdf.parse_content_stream(content, "Do")
        except pikepdf.PdfError as exc:
            raise _Found(Problem.PAGE_CONTENT_UNDECODABLE) from exc
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(xobjects, pikepdf.Dictionary):
            return
        for call in calls:
            operands = call.operands if isinstance(call, pikepdf.ContentStreamInstruction) else None
            name = operands[0] if operands else None
            xobject = xobjects.get(name) if isinstance(name, pikepdf.Name) else None
            if not isinstance(xobject, pikepdf.Stream) or self._done(xobject):
                continue  # nothing to draw (viewers skip it too), or already checked
            subtype = xobject.get("/Subtype")
            if subtype == pikepdf.Name.Image:
                self._image(xobject)
            elif subtype == pikepdf.Name.Form and depth < MAX_FORM_DEPTH:
                if self._content_size(xobject) > MAX_CONTENT_BYTES:
                    raise _Found(Problem.TOO_LARGE_DECODED)
                self._draw(xobject, xobject.get("/Resources", resources), depth + 1)

    def _done(self, obj: pikepdf.Object) -> bool:
        if not obj.is_indirect:
            return False
        key = obj.objgen
        if key in self.seen:
            return True
        self.seen.add(key)
        return False

    def _content_size(self, stream: pikepdf.Stream) -> int:
        """Decoded size of a content stream (Flate measured without inflating it in memory)."""
        size = self._inflate(stream)
        return len(stream.read_raw_bytes()) if size is None else size

    def _inflate(self, stream: pikepdf.Stream,
                 problem: Problem = Problem.PAGE_CONTENT_UNDECODABLE) -> int | None:
        """Inflated size of a plain Flate stream, within the budget; None for other filters."""
        if _filters(stream) != ["/FlateDecode"]:
            return None
        size = _inflated_size(stream.read_raw_bytes(), self.budget, problem)
        self.budget -= size
        return size

    def _image(self, image: pikepdf.Stream) -> None:
        try:
            problem = self._decode_image(image)
        except _Found:
            raise
        except (MemoryError, Image.DecompressionBombError) as exc:
            raise _Found(Problem.TOO_LARGE_DECODED) from exc
        except Exception as exc:  # noqa: BLE001 - any decoder failure: not a decodable image
            raise _Found(Problem.IMAGE_UNDECODABLE) from exc
        if problem is not None:
            self.problems.add(problem)

    def _decode_image(self, image: pikepdf.Stream) -> Problem | None:
        width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
        if width < 1 or height < 1:
            raise _Found(Problem.IMAGE_UNDECODABLE)
        if width * height > MAX_IMAGE_PIXELS:
            raise _Found(Problem.TOO_LARGE_DECODED)
        filters = _filters(image)
        last = filters[-1] if filters else None
        if last in ("/DCTDecode", "/JPXDecode"):
            encoded = _without_last_filter(self.pdf, image, filters)
            _decode_compressed(encoded, "JPEG" if last == "/DCTDecode" else "JPEG2000")
            return None
        if last == "/CCITTFaxDecode":
            pikepdf.PdfImage(image).as_pil_image().load()
            return None
        if last == "/JBIG2Decode":
            return Problem.IMAGE_UNVERIFIED  # no JBIG2 decoder here; qpdf read the stream
        expected = _sample_bytes(image, width, height)
        if expected is None:
            return Problem.IMAGE_UNVERIFIED  # a colour space whose size we cannot tell
        size = self._inflate(image, Problem.IMAGE_UNDECODABLE)
        if size is None:
            if expected > MAX_BUFFERED_SAMPLES:
                return Problem.IMAGE_UNVERIFIED
            size = len(image.get_stream_buffer())
        if size < expected:
            raise _Found(Problem.IMAGE_UNDECODABLE)  # fewer samples than the image has pixels
        return None


def _filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    items = list(value) if isinstance(value, pikepdf.Array) else [value] if value else []
    return [str(item) for item in items]


def _without_last_filter(pdf: pikepdf.Pdf, image: pikepdf.Stream, filters: list[str]) -> bytes:
    """The JPEG / JPEG 2000 bytes: the stream with any filters before the last one undone."""
    raw = image.read_raw_bytes()
    if len(filters) == 1:
        return raw
    # e.g. [/ASCII85Decode /DCTDecode]: undo the first ones only
    outer = pikepdf.Stream(pdf, raw, Filter=pikepdf.Array(image.Filter)[:-1])
    parms = image.get("/DecodeParms")
    if isinstance(parms, pikepdf.Array):
        outer.DecodeParms = pikepdf.Array(parms)[:-1]
    return outer.read_bytes()


def _decode_compressed(encoded: bytes, fmt: str) -> None:
    """Prove a JPEG or JPEG 2000 decodes; raises if it is not one.

    JPEG: Pillow parses every marker segment up to the scan (tables, frame size); a scan that
    ends with the EOI marker is complete, and libjpeg only warns about damage inside it, so it
    is not decoded again. One that does not end so (truncated, or followed by junk) is decoded
    whole at 1/8 scale to decide. JPEG 2000: decoded at its lower resolution levels (down to
    about 0.1 megapixel), which reads the codestream's structure in milliseconds.
    """
    with Image.open(BytesIO(encoded), formats=(fmt,)) as img:
        width, height = img.size
        if width * height > MAX_IMAGE_PIXELS:
            raise _Found(Problem.TOO_LARGE_DECODED)
        if fmt == "JPEG":
            if encoded[-256:].rstrip(b"\0\t\n\r\f ").endswith(_JPEG_EOI):
                return
            img.draft(img.mode, (max(1, width // 8), max(1, height // 8)))
            img.load()
            return
        levels = max(0, math.ceil(math.log2(max(1.0, width * height / 1e5)) / 2))
        img.reduce = levels  # type: ignore[method-assign,assignment]
        try:
            img.load()
            return
        except OSError:
            if not levels:
                raise
    with Image.open(BytesIO(encoded), formats=(fmt,)) as img:  # fewer levels than that
        img.load()


def _sample_bytes(image: pikepdf.Stream, width: int, height: int) -> int | None:
    """Bytes of samples the image needs (rows padded to whole bytes), None when unknown."""
    if image.get("/ImageMask") is True:
        components, bits = 1, 1
    else:
        components_or_none = _components(image.get("/ColorSpace"))
        if components_or_none is None:
            return None
        components, bits = components_or_none, int(image.get("/BitsPerComponent", 8))
    if bits not in (1, 2, 4, 8, 16):
        return None
    return height * ((width * components * bits + 7) // 8)


def _components(space: object) -> int | None:
    if isinstance(space, pikepdf.Name):
        return _COMPONENTS.get(str(space))
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/ICCBased" and len(space) > 1 and isinstance(space[1], pikepdf.Stream):
            n = space[1].get("/N")
            return int(n) if isinstance(n, int) and n in (1, 3, 4) else None
        if family == "/DeviceN" and len(space) > 1 and isinstance(space[1], pikepdf.Array):
            return len(space[1]) or None
        return _COMPONENTS.get(family)
    return None


def _inflated_size(raw: bytes, budget: int, problem: Problem) -> int:
    """Size of the inflated stream, without holding it; raises past the budget or on bad data."""
    inflater = zlib.decompressobj()
    total, pending = 0, raw
    try:
        while pending:
            total += len(inflater.decompress(pending, _CHUNK))
            if total > budget:
                raise _Found(Problem.TOO_LARGE_DECODED)
            pending = inflater.unconsumed_tail
    except zlib.error as exc:
        raise _Found(problem) from exc
    return total


def _rewrite(pdf: pikepdf.Pdf) -> bytes:
    """qpdf's repaired copy: a fresh cross-reference, every stream copied as it is (nothing
    decoded or re-compressed), read back strictly with the same number of pages."""
    if "/Size" not in pdf.trailer:  # a trailer rebuilt from the catalog: the writer sets it
        pdf.trailer.Size = 0
    out = BytesIO()
    pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.preserve, deterministic_id=True)
    repaired = out.getvalue()
    with pikepdf.open(BytesIO(repaired), attempt_recovery=False) as again:
        if len(again.pages) != len(pdf.pages) or again.get_warnings():
            raise ValueError("the rewritten copy does not read back cleanly")
    return repaired
