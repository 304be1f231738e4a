"""The certificate as a PDF (reportlab), signed PAdES (pyHanko) with the configured key.

The signature covers the whole file; anyone holding the certificate (X.509, PEM) can check that
the PDF came from this system unaltered. The CESR number is also the PDF's /Subject.
"""

import io
from functools import lru_cache

from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .cesr_text import Certificate

FONT = "HeiseiKakuGo-W5"
NOTICE = [
    "この証明書は、交付の日から3か月以内に上陸申請を行わないときは効力を失います。",
    "This certificate becomes invalid unless the holder applies for landing within",
    "3 months of the date of issue.",
    "この証明書は電子署名されています。真正性と改ざんの有無は在留申請オンラインシステムで確認できます。",
    "This certificate is digitally signed; its authenticity can be verified online.",
]


@lru_cache(maxsize=1)
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def render(cert: Certificate) -> bytes:
    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4, invariant=1)
    page.setTitle(f"在留資格認定証明書 {cert.number}")
    page.setSubject(cert.number)
    page.setAuthor("Residency Online")
    font = _font()
    page.setFont(font, 18)
    page.drawString(60, 780, "在留資格認定証明書")
    page.setFont(font, 11)
    page.drawString(60, 760, "CERTIFICATE OF ELIGIBILITY FOR STATUS OF RESIDENCE (electronic)")
    y = 720
    for label, value in cert.lines():
        page.setFont(font, 9)
        page.drawString(60, y, label)
        page.setFont(font, 11)
        page.drawString(250, y, value)
        y -= 24
    page.setFont(font, 8)
    for line in NOTICE:
        y -= 14
        page.drawString(60, y, line)
    page.showPage()
    page.save()
    return buf.getvalue()


@lru_cache(maxsize=4)
def _signer(key_pem: str, cert_pem: str) -> signers.SimpleSigner:
    cert = next(iter(load_certs_from_pemder_data(cert_pem.encode())))
    key = load_private_key_from_pemder_data(key_pem.encode(), passphrase=None)
    return signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs([cert]))


async def sign(pdf: bytes, key_pem: str, cert_pem: str) -> bytes:
    """PAdES signature over the whole file (one incremental update)."""
    meta = signers.PdfSignatureMetadata(
        field_name="CESR", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason="在留資格認定証明書 / Certificate of Eligibility", location="JP")
    out = await signers.async_sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta,
                                       signer=_signer(key_pem, cert_pem))
    return out.getvalue()
