"""Reference-password hashes: keyed (HMAC-SHA256) for new ones; argon2 ones still verify."""

from argon2 import PasswordHasher
from residency_intake.adapters.passwords import (
    REFERENCE_SCHEME,
    hash_reference_password,
    verify_reference_password,
)
from residency_intake.applications.filing import new_reference_password

SECRET = "unit-test-hash-secret"
PASSWORD = "k7Qm2xPzAb"


def test_a_new_reference_password_hash_names_its_scheme_and_verifies():
    password, stored = new_reference_password(SECRET)
    assert stored.startswith(REFERENCE_SCHEME)
    assert password not in stored
    assert verify_reference_password(stored, password, SECRET)


def test_a_wrong_password_or_another_servers_secret_does_not_verify():
    stored = hash_reference_password(PASSWORD, SECRET)
    assert not verify_reference_password(stored, PASSWORD + "x", SECRET)
    assert not verify_reference_password(stored, PASSWORD, "another-secret")


def test_the_hash_is_keyed_not_a_plain_digest_of_the_password():
    import hashlib

    stored = hash_reference_password(PASSWORD, SECRET)
    assert stored.removeprefix(REFERENCE_SCHEME) != hashlib.sha256(PASSWORD.encode()).hexdigest()
    assert stored != hash_reference_password(PASSWORD, "another-secret")


def test_reference_passwords_hashed_with_argon2_by_earlier_releases_still_verify():
    earlier = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash(PASSWORD)
    assert verify_reference_password(earlier, PASSWORD, SECRET)
    assert not verify_reference_password(earlier, "wrong-pass1", SECRET)


def test_a_garbled_stored_hash_does_not_verify():
    assert not verify_reference_password("hmac-sha256$00", PASSWORD, SECRET)
    assert not verify_reference_password("not-a-hash", PASSWORD, SECRET)
