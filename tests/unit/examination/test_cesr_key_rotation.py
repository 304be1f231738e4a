"""What rotating the CESR signing key does to the CESRs already issued (docs/runbooks/
key-rotation.md): intake trusts the certificate in INTAKE_CESR_SIGNING_CERT; a PDF signed by a
key whose certificate that one issued verifies, any other is SIGNER_UNTRUSTED."""

import asyncio
import datetime as dt
from datetime import date

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from residency_devstack.signing import _generate
from residency_examination import cesr_pdf
from residency_examination.cesr_text import Certificate
from residency_intake import cesr_signature

CERT = Certificate("東オンCESR26000001", "東", date(2026, 1, 5), date(2026, 4, 5), "0000000018",
                   "SAMPLE,TARO", "VNM", date(2000, 1, 31), "M", "student", "2 years",
                   "Sample University")
NOW = dt.datetime.now(dt.UTC)


def _usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False)


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def issuing_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sample CESR signing CA")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_usage(ca=True), critical=True).sign(key, hashes.SHA256()))
    return key, cert


def signing_pair(ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate], n: int
                 ) -> tuple[str, str]:
    ca_key, ca_cert = ca
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"CESR {n}")]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1))
            .not_valid_after(NOW + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(ca=False), critical=True).sign(ca_key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return key_pem, _pem(cert)


def signed(pair: tuple[str, str]) -> bytes:
    return asyncio.run(cesr_pdf.sign(cesr_pdf.render(CERT), *pair))


def problems(pdf: bytes, trusted: str) -> tuple[str, ...]:
    return asyncio.run(cesr_signature.check(pdf, trusted)).problems


def test_with_the_issuing_ca_trusted_cesrs_of_the_old_and_the_new_key_both_verify() -> None:
    ca = issuing_ca()
    old, new = signing_pair(ca, 1), signing_pair(ca, 2)
    for pdf in (signed(old), signed(new)):
        assert problems(pdf, _pem(ca[1])) == ()


def test_with_the_signing_certificate_itself_trusted_a_new_key_orphans_the_old_cesrs() -> None:
    old, new = _generate(), _generate()
    assert problems(signed(old), new[1]) == ("SIGNER_UNTRUSTED",)
    assert problems(signed(new), new[1]) == ()


def test_with_the_old_and_new_signing_certificates_listed_both_generations_verify() -> None:
    old, new = _generate(), _generate()
    bundle = new[1] + old[1]
    assert problems(signed(old), bundle) == ()
    assert problems(signed(new), bundle) == ()
    assert problems(signed(_generate()), bundle) == ("SIGNER_UNTRUSTED",)
