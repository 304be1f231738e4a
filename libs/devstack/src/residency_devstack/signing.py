"""The local stack's CESR signing pair: a self-signed P-256 key and certificate, generated once
into DATA/cesr-signing-key.pem (0600) and DATA/cesr-signing-cert.pem. Production configures
its own (EXAMINATION_CESR_SIGNING_KEY / _CERT, INTAKE_CESR_SIGNING_CERT); never commit one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .credentials import write_private

KEY_FILE, CERT_FILE = "cesr-signing-key.pem", "cesr-signing-cert.pem"


def _generate() -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Residency Online CESR (local)")])
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False,
                          decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def load_or_create(data_dir: Path) -> tuple[str, str]:
    key_path, cert_path = data_dir / KEY_FILE, data_dir / CERT_FILE
    if not (key_path.exists() and cert_path.exists()):
        key_pem, cert_pem = _generate()
        write_private(key_path, key_pem)
        write_private(cert_path, cert_pem)
    return key_path.read_text(encoding="utf-8"), cert_path.read_text(encoding="utf-8")


def service_env(service: str, data_dir: Path) -> dict[str, str]:
    """The signing variables for one service (examination signs, intake verifies)."""
    if service not in ("examination", "intake"):
        return {}
    key_pem, cert_pem = load_or_create(data_dir)
    p = service.upper() + "_"
    env = {f"{p}CESR_SIGNING_CERT": cert_pem}
    if service == "examination":
        env[f"{p}CESR_SIGNING_KEY"] = key_pem
    return env
