"""Password hashes: argon2id for account passwords (chosen by people); a keyed hash for
reference passwords (generated).

A reference password is 10 random characters (~60 bits), never chosen by people, so a slow,
memory-hard hash adds nothing against guessing that its length does not already give; what
matters is that a copy of the database alone does not let anyone check guesses offline. A
keyed hash gives that: HMAC-SHA256 under a key derived from the server secret
(`INTAKE_HASH_SECRET`, which already keys the applicant hashes), stored as
`hmac-sha256$<hex>`. It costs microseconds instead of argon2's ~30 ms of CPU per filing.
Hashes written by earlier releases (`$argon2id$…`) still verify.
"""

import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

REFERENCE_SCHEME = "hmac-sha256$"
_REFERENCE_PURPOSE = b"residency-online reference password v1"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _reference_key(secret: str) -> bytes:
    """A key of its own for reference passwords (not the applicant hashes' key itself)."""
    return hmac.new(secret.encode(), _REFERENCE_PURPOSE, hashlib.sha256).digest()


def hash_reference_password(password: str, secret: str) -> str:
    digest = hmac.new(_reference_key(secret), password.encode(), hashlib.sha256).hexdigest()
    return REFERENCE_SCHEME + digest


def verify_reference_password(stored: str, password: str, secret: str) -> bool:
    """A stored reference-password hash of either scheme: keyed (`hmac-sha256$`) or argon2
    (written before the keyed hash; verify reads its parameters from the hash)."""
    if stored.startswith(REFERENCE_SCHEME):
        return hmac.compare_digest(stored, hash_reference_password(password, secret))
    return verify_password(stored, password)
