"""A throwaway PKI for TLS tests: a CA, a server certificate for 127.0.0.1, an unrelated CA."""

import datetime as dt
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "127.0.0.1"


def make_pki(directory: Path) -> dict[str, Path]:
    """A CA, a server certificate for 127.0.0.1 signed by it, and an unrelated CA (PEM files)."""
    now = dt.datetime.now(dt.UTC)

    def name(common_name: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    def certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
                    signer: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(issuer)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = (builder.add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                               critical=False))
        return builder.sign(signer, hashes.SHA256())

    def pem(cert: x509.Certificate) -> bytes:
        return cert.public_bytes(serialization.Encoding.PEM)

    ca_key, other_key, server_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = certificate("test ca", ca_key, name("test ca"), ca_key, ca=True)
    other = certificate("unrelated test ca", other_key, name("unrelated test ca"), other_key,
                        ca=True)
    server = certificate(HOST, server_key, ca.subject, ca_key, ca=False)
    files = {"ca": pem(ca), "other_ca": pem(other), "server_cert": pem(server),
             "server_key": server_key.private_bytes(
                 serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                 serialization.NoEncryption())}
    paths = {kind: directory / f"{kind}.pem" for kind in files}
    for kind, data in files.items():
        paths[kind].write_bytes(data)
    paths["server_key"].chmod(0o600)
    return paths
