"""argon2id hashes for account passwords and reference passwords."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Reference passwords are generated: 10 random characters (~60 bits), never chosen by people.
# argon2id at OWASP's minimum profile is ample for them and keeps a 300-row bulk filing
# within seconds (account passwords keep the default, heavier profile). verify reads the
# parameters from the hash, so both kinds verify alike.
_reference_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def hash_reference_password(password: str) -> str:
    return _reference_hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
